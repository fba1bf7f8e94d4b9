"""The real clients' VIF calls: openstacksdk and the ``baremetal`` CLI
attach, list and detach VIFs of a fake-hardware node through
ironic-lite-api + ironic-lite-conductor (RabbitMQ, PostgreSQL) and
through the all-in-one ironic-lite, one deployment of each for the whole
module's test."""

import openstack
from openstack import exceptions
import pytest

from tests.functional.api.clients import cli as _cli

_VIF = '04452bed-5367-4202-8bf5-de4335ac56d2'


def _connect(url):
    return openstack.connect(
        auth_type='none', baremetal_endpoint_override=url + '/').baremetal


def _sdk(bm):
    node = bm.create_node(driver='fake-hardware', name='sdk-vifs')
    with pytest.raises(exceptions.BadRequestException,
                       match='not enough free physical ports'):
        bm.attach_vif_to_node(node, _VIF)
    first = bm.create_port(node_id=node.id, address='52:54:00:ee:00:01',
                           pxe_enabled=False)
    second = bm.create_port(node_id=node.id, address='52:54:00:ee:00:02')
    bm.attach_vif_to_node(node, _VIF)
    assert bm.get_port(second.id).internal_info == {
        'tenant_vif_port_id': _VIF}
    with pytest.raises(exceptions.ConflictException,
                       match='already attached to Ironic Port %s'
                       % second.id):
        bm.attach_vif_to_node(node, _VIF, retry_on_conflict=False)
    bm.attach_vif_to_node(node, 'vif-two')
    assert bm.get_port(first.id).internal_info == {
        'tenant_vif_port_id': 'vif-two'}
    assert bm.list_node_vifs(node) == ['vif-two', _VIF]
    assert bm.detach_vif_from_node(node, _VIF) is True
    # A VIF the node does not have: 400, which the SDK takes as gone.
    assert bm.detach_vif_from_node(node, _VIF) is False
    with pytest.raises(exceptions.BadRequestException,
                       match='not attached to it'):
        bm.detach_vif_from_node(node, _VIF, ignore_missing=False)
    assert bm.list_node_vifs(node) == ['vif-two']
    # Deleting the node deletes its ports, VIFs and all.
    bm.delete_node(node)
    for port in (first, second):
        with pytest.raises(exceptions.NotFoundException):
            bm.get_port(port.id)


def _cli_vifs(url, bm):
    # The node and its port through the SDK: the CLI's start-up (about a
    # second a command) is spent on the VIF commands only.
    node = bm.create_node(driver='fake-hardware', name='cli-vifs')
    bm.create_port(node_id=node.id, address='52:54:00:ef:00:01')
    _cli(url, 'node', 'vif', 'attach', 'cli-vifs', 'vif-cli', '--vif-info',
         'note=passed-on')
    listed = _cli(url, 'node', 'vif', 'list', 'cli-vifs', '-f', 'json')
    assert [row.get('ID', row.get('id')) for row in listed] == ['vif-cli']
    _cli(url, 'node', 'vif', 'detach', 'cli-vifs', 'vif-cli')
    assert _cli(url, 'node', 'vif', 'list', 'cli-vifs', '-f', 'json') == []


def test_vifs(deployment):
    url, procs = deployment
    bm = _connect(url)
    _sdk(bm)
    _cli_vifs(url, bm)
    for service in procs.values():
        assert 'Traceback' not in service.log()
