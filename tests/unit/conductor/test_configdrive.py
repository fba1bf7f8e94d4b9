"""Config drives given as JSON: the conductor's image is an ISO 9660
file system labelled config-2 with the OpenStack layout, stored gzip +
base64."""

import base64
import gzip
import io
import json
import os
import time
import types

import pycdlib
import pytest

from ironic_lite.common import exception
from ironic_lite.common import states
from ironic_lite.conductor import configdrive
from ironic_lite import objects
from tests.unit.db import utils


def _node(**kw):
    values = dict(uuid='1be26c0b-03f2-4d2e-ae87-c02d7f33c123', name='n1',
                  network_data={})
    values.update(kw)
    return types.SimpleNamespace(**values)


def _files(stored):
    """{rock ridge path: bytes} and the volume label of a stored drive."""
    raw = gzip.decompress(base64.b64decode(stored))
    iso = pycdlib.PyCdlib()
    iso.open_fp(io.BytesIO(raw))
    files = {}
    try:
        for path, _, names in iso.walk(rr_path='/'):
            for name in names:
                out = io.BytesIO()
                iso.get_file_from_iso_fp(out, rr_path='%s/%s' % (path, name))
                files['%s/%s' % (path, name)] = out.getvalue()
        label = iso.pvd.volume_identifier.decode().strip()
    finally:
        iso.close()
    return files, label


def test_layout_and_contents():
    stored = configdrive.build({
        'meta_data': {'hostname': 'web1', 'public_keys': {'k': 'ssh-rsa A'}},
        'network_data': {'links': [{'id': 'eth0'}]},
        'user_data': '#cloud-config\nruncmd: [ls]\n',
        'vendor_data': {'foo': 'bar'},
    }, _node())
    files, label = _files(stored)
    assert label == 'config-2'
    assert set(files) == {
        '/openstack/latest/meta_data.json',
        '/openstack/latest/network_data.json',
        '/openstack/latest/user_data',
        '/openstack/latest/vendor_data2.json'}
    meta = json.loads(files['/openstack/latest/meta_data.json'])
    assert meta == {'hostname': 'web1', 'public_keys': {'k': 'ssh-rsa A'},
                    'uuid': _node().uuid, 'name': 'n1'}
    assert json.loads(files['/openstack/latest/network_data.json']) == {
        'links': [{'id': 'eth0'}]}
    assert files['/openstack/latest/user_data'] == (
        b'#cloud-config\nruncmd: [ls]\n')
    assert json.loads(files['/openstack/latest/vendor_data2.json']) == {
        'foo': 'bar'}


def test_node_network_data_when_none_given():
    node = _node(network_data={'networks': [{'id': 'n0'}]}, name=None)
    files, _ = _files(configdrive.build({'user_data': ['a', 1]}, node))
    assert json.loads(files['/openstack/latest/network_data.json']) == {
        'networks': [{'id': 'n0'}]}
    # user_data given as JSON is stored as JSON.
    assert json.loads(files['/openstack/latest/user_data']) == ['a', 1]
    meta = json.loads(files['/openstack/latest/meta_data.json'])
    assert meta == {'uuid': node.uuid}
    assert '/openstack/latest/vendor_data2.json' not in files


def test_given_uuid_and_name_are_kept():
    files, _ = _files(configdrive.build(
        {'meta_data': {'uuid': 'mine', 'name': 'other'}}, _node()))
    assert json.loads(files['/openstack/latest/meta_data.json']) == {
        'uuid': 'mine', 'name': 'other'}


def test_too_large_to_store():
    noise = base64.b64encode(os.urandom(40000)).decode()
    with pytest.raises(exception.InvalidParameterValue) as e:
        configdrive.build({'user_data': noise}, _node())
    assert 'at most' in str(e.value)


def test_deploy_builds_and_stores_it(ctx, api):
    node = utils.create_test_node(provision_state=states.AVAILABLE,
                                  name='cd1',
                                  network_data={'links': [{'id': 'l0'}]})
    api.do_node_deploy(ctx, node.uuid, configdrive={
        'meta_data': {'hostname': 'h'}, 'user_data': 'hi'})
    for _ in range(200):
        found = objects.Node.get(ctx, node.id)
        if found.provision_state == states.ACTIVE and not found.reservation:
            break
        time.sleep(0.02)
    assert found.provision_state == states.ACTIVE, found.last_error
    files, label = _files(found.instance_info['configdrive'])
    assert label == 'config-2'
    assert json.loads(files['/openstack/latest/network_data.json']) == {
        'links': [{'id': 'l0'}]}
    assert files['/openstack/latest/user_data'] == b'hi'
