"""GET /v1/lookup and the agent fields of the heartbeat beyond what the
gabbi files say: a fleet pinned to release 2.0 refuses them (406), an
ambiguous lookup looks like a missing node, and the token never shows up
in an answer other than the first lookup's."""

import json

import pytest

from ironic_lite.common import context
from ironic_lite.common import states
from ironic_lite import objects
from tests.unit.api import utils as api_utils
from tests.unit.db import utils


@pytest.fixture
def pinned_2_0_app(conf, request):
    conf.config(pin_release_version='2.0')
    return request.getfixturevalue('api_app')


def _ctx():
    return context.get_admin_context()


def _call(app, method, path, version, body=None):
    return api_utils.request(app, method, path, body,
                             headers={'X-OpenStack-Ironic-API-Version':
                                      version})


def _waiting(**kw):
    return utils.create_test_node(
        driver='ipmi', power_interface='fake', management_interface='fake',
        boot_interface='fake', deploy_interface='ramdisk',
        provision_state=states.DEPLOYWAIT,
        target_provision_state=states.ACTIVE, **kw)


def test_pinned_to_2_0_refuses_the_new_versions(pinned_2_0_app):
    app = pinned_2_0_app
    node = _waiting(name='w1')
    root = _call(app, 'GET', '/', 'latest')
    assert root.json['versions'][0]['version'] == '1.51'
    hb = {'callback_url': 'http://10.0.0.5:9999'}
    for method, path, version, body in (
            ('GET', '/v1/lookup?node_uuid=%s' % node.uuid, '1.62', None),
            ('POST', '/v1/heartbeat/w1', '1.62', dict(hb, agent_token='t')),
            ('POST', '/v1/heartbeat/w1', '1.68',
             dict(hb, agent_verify_ca='ca')),
            ('POST', '/v1/heartbeat/w1', '1.72',
             dict(hb, agent_status='end')),
            ('PATCH', '/v1/nodes/w1', '1.66',
             [{'op': 'add', 'path': '/network_data', 'value': {'a': 1}}]),
            ('PUT', '/v1/nodes/w1/states/provision', '1.56',
             {'target': 'active', 'configdrive': {'meta_data': {}}})):
        assert _call(app, method, path, version, body).status_int == 406, (
            method, path, version)
    # The lookup itself (1.22) is served: no token, nothing stored.
    found = _call(app, 'GET', '/v1/lookup?node_uuid=%s' % node.uuid, '1.51')
    assert found.status_int == 200
    assert 'agent_token' not in found.json['config']
    assert objects.Node.get(
        _ctx(), node.uuid).driver_internal_info == {}


def test_addresses_of_two_nodes_look_like_none(api_app):
    one, two = _waiting(), _waiting()
    utils.create_test_port(node_id=one.id, address='52:54:00:00:01:01')
    utils.create_test_port(node_id=two.id, address='52:54:00:00:01:02')
    both = _call(api_app, 'GET',
                 '/v1/lookup?addresses=52:54:00:00:01:01,52:54:00:00:01:02',
                 'latest')
    missing = _call(api_app, 'GET', '/v1/lookup?addresses=52:54:00:00:09:09',
                    'latest')
    assert both.status_int == missing.status_int == 404
    assert api_utils.fault(both) == api_utils.fault(missing)
    # Neither got a token.
    for node in (one, two):
        assert objects.Node.get(
            _ctx(), node.uuid).driver_internal_info == {}


def test_the_token_is_in_the_first_lookup_only(api_app):
    node = _waiting(name='w2')
    first = _call(api_app, 'GET', '/v1/lookup?node_uuid=%s' % node.uuid,
                  'latest')
    token = first.json['config']['agent_token']
    answers = [
        _call(api_app, 'GET', '/v1/lookup?node_uuid=%s' % node.uuid,
              'latest'),
        _call(api_app, 'GET', '/v1/nodes/w2', 'latest'),
        _call(api_app, 'GET', '/v1/nodes/detail', 'latest'),
        _call(api_app, 'POST', '/v1/heartbeat/w2', 'latest',
              {'callback_url': 'http://10.0.0.5:9999',
               'agent_token': token + 'x'}),
    ]
    for resp in answers:
        assert token not in resp.body.decode(), resp.body
    assert answers[-1].status_int == 400
    # Nor its digest.
    stored = objects.Node.get(
        _ctx(), node.uuid).driver_internal_info['agent_secret_token']
    for resp in answers:
        assert stored not in resp.body.decode()
    assert json.loads(answers[1].body)['driver_internal_info'] == {
        'agent_secret_token': '******'}
