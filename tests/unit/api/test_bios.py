"""GET /v1/nodes/{node}/bios and /bios/{name} (API 1.40) with stored
settings: the fields and links of Ironic's reference, node names and
UUIDs, the reader rule, and nothing written by a read."""

from ironic_lite.api import microversion
from ironic_lite.common import context
from ironic_lite.common import policy
from ironic_lite import objects
from tests.unit.api.test_auth import _call
from tests.unit.api.test_auth import basic_app  # noqa: F401 (fixture)
from tests.unit.api import utils

SETTINGS = {'BootMode': 'Uefi', 'ProcTurboMode': 'Enabled',
            'EmbeddedSata': None}


def _node_with_settings(app, name='bn'):
    node = utils.request(app, 'POST', '/v1/nodes',
                         {'driver': 'fake-hardware', 'name': name}).json
    node_id = objects.Node.get(context.get_admin_context(),
                               node['uuid']).id
    objects.BIOSSettingList.sync(context.get_admin_context(), node_id,
                                 SETTINGS)
    return node['uuid']


def _check_setting(body, uuid, name):
    assert set(body) == {'name', 'value', 'created_at', 'updated_at',
                         'links'}
    assert (body['name'], body['value']) == (name, SETTINGS[name])
    assert body['created_at'] and body['updated_at'] is None
    assert body['links'] == [
        {'href': 'http://localhost/v1/nodes/%s/bios/%s' % (uuid, name),
         'rel': 'self'},
        {'href': 'http://localhost/nodes/%s/bios/%s' % (uuid, name),
         'rel': 'bookmark'}]


def test_list_and_show(api_app):
    uuid = _node_with_settings(api_app)
    before = utils.tables()
    for ident in ('bn', uuid):
        listed = utils.request(api_app, 'GET', '/v1/nodes/%s/bios' % ident)
        assert listed.status_int == 200
        assert list(listed.json) == ['bios']
        assert [s['name'] for s in listed.json['bios']] == [
            'BootMode', 'EmbeddedSata', 'ProcTurboMode']
        for body in listed.json['bios']:
            _check_setting(body, uuid, body['name'])
        shown = utils.request(api_app, 'GET',
                              '/v1/nodes/%s/bios/BootMode' % ident)
        assert list(shown.json) == ['BootMode']
        _check_setting(shown.json['BootMode'], uuid, 'BootMode')
    assert utils.request(api_app, 'GET', '/v1/nodes/bn/bios/bootmode',
                         ).status_int == 404
    assert utils.request(api_app, 'GET', '/v1/nodes/bn/bios', headers={
        'X-OpenStack-Ironic-API-Version': '1.39'}).status_int == 404
    assert utils.tables() == before


def test_another_nodes_settings_are_not_shown(api_app):
    _node_with_settings(api_app)
    other = utils.request(api_app, 'POST', '/v1/nodes',
                          {'driver': 'fake-hardware', 'name': 'o'}).json
    assert utils.request(api_app, 'GET', '/v1/nodes/o/bios').json == {
        'bios': []}
    resp = utils.request(api_app, 'GET', '/v1/nodes/o/bios/BootMode')
    assert resp.status_int == 404
    assert (utils.fault(resp)['faultstring'] ==
            "Node %s doesn't have a BIOS setting 'BootMode'" % other['uuid'])


def test_reader_rule(basic_app):  # noqa: F811
    node = _call(basic_app, 'POST', '/v1/nodes', 'admin:secret',
                 {'driver': 'fake-hardware', 'name': 'rb'}).json['uuid']
    assert _call(basic_app, 'GET', '/v1/nodes/rb/bios').status_int == 401
    for user in ('viewer:look', 'admin:secret'):
        resp = _call(basic_app, 'GET', '/v1/nodes/%s/bios' % node, user)
        assert (resp.status_int, resp.json) == (200, {'bios': []})


def test_rule_can_be_narrowed(basic_app, conf, tmp_path):  # noqa: F811
    """An operator's policy file can keep readers out; the refusal names
    the rule."""
    rules = tmp_path / 'policy.yaml'
    rules.write_text('"baremetal:node:bios:get": "rule:admin_api"\n')
    conf.config(group='oslo_policy', policy_file=str(rules))
    policy.reset()
    _call(basic_app, 'POST', '/v1/nodes', 'admin:secret',
          {'driver': 'fake-hardware', 'name': 'rb'})
    refused = _call(basic_app, 'GET', '/v1/nodes/rb/bios', 'viewer:look')
    assert refused.status_int == 403
    assert 'baremetal:node:bios:get' in refused.json['error_message']
    assert _call(basic_app, 'GET', '/v1/nodes/rb/bios/X',
                 'viewer:look').status_int == 403
    assert _call(basic_app, 'GET', '/v1/nodes/rb/bios',
                 'admin:secret').status_int == 200


def test_served_pinned_to_release_1_0(conf, api_app):
    """Pinned to 1.0 (maximum 1.46) the settings this release's
    conductors cached are served: the API reads the table itself."""
    conf.config(pin_release_version='1.0')
    uuid = _node_with_settings(api_app, name='pinned')
    listed = utils.request(api_app, 'GET', '/v1/nodes/pinned/bios')
    assert listed.headers[microversion.HEADER] == '1.46'
    assert {s['name']: s['value'] for s in listed.json['bios']} == SETTINGS
    shown = utils.request(api_app, 'GET', '/v1/nodes/%s/bios/BootMode'
                          % uuid)
    _check_setting(shown.json['BootMode'], uuid, 'BootMode')
