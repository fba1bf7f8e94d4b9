"""Policy of the indicators (1.63) and of events (1.54):
``baremetal:node:get_indicator_state`` for readers,
``baremetal:node:set_indicator_state`` and ``baremetal:events:post`` for
admins."""

from tests.unit.api import test_auth

#: The app behind http_basic with an admin and a reader (see test_auth).
basic_app = test_auth.basic_app
_call = test_auth._call


def test_indicator_policy(basic_app):
    _call(basic_app, 'POST', '/v1/nodes', 'admin:secret',
          {'driver': 'fake-hardware', 'name': 'led1'})
    path = '/v1/nodes/led1/management/indicators'
    assert _call(basic_app, 'GET', path, 'viewer:look').status_int == 200
    assert _call(basic_app, 'GET', path + '/led@system',
                 'viewer:look').json == {'state': 'OFF'}
    refused = _call(basic_app, 'PUT', path + '/led@system', 'viewer:look',
                    {'state': 'ON'})
    assert refused.status_int == 403
    assert 'baremetal:node:set_indicator_state' in refused.json[
        'error_message']
    assert _call(basic_app, 'GET', path + '/led@system',
                 'viewer:look').json == {'state': 'OFF'}
    assert _call(basic_app, 'PUT', path + '/led@system', 'admin:secret',
                 {'state': 'ON'}).status_int == 204
    assert _call(basic_app, 'GET', path, None).status_int == 401


def test_events_policy(basic_app):
    body = {'events': [{'event': 'network.delete_port',
                        'port_id': '11111111-2222-3333-4444-555555555555',
                        'mac_address': '52:54:00:ee:00:01',
                        'status': 'DOWN'}]}
    refused = _call(basic_app, 'POST', '/v1/events', 'viewer:look', body)
    assert refused.status_int == 403
    assert 'baremetal:events:post' in refused.json['error_message']
    assert _call(basic_app, 'POST', '/v1/events', 'admin:secret',
                 body).status_int == 204
