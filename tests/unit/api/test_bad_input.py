"""Bad input never gives a 500: a table of malformed requests, each
answered 4xx with the error body, and the database left as it was."""

import json

import pytest

from ironic_lite.api import microversion
from tests.unit.api import utils as api_utils

NODE = '/v1/nodes/n1'
PORT = '/v1/ports/%(port)s'
CASES = [
    # (method, path, body, expected status)
    ('POST', '/v1/nodes', b'{"driver": "fake-hardware"', 400),
    ('POST', '/v1/nodes', b'\xff\xfe', 400),
    ('POST', '/v1/nodes', b'', 400),
    ('POST', '/v1/nodes', b'[]', 400),
    ('POST', '/v1/nodes', b'"node"', 400),
    ('POST', '/v1/nodes', {'driver': 5}, 400),
    ('POST', '/v1/nodes', {'driver': 'fake-hardware', 'extra': []}, 400),
    ('POST', '/v1/nodes', {'driver': 'fake-hardware', 'uuid': 'x'}, 400),
    ('POST', '/v1/nodes', {'driver': 'fake-hardware', 'name': 'a b'}, 400),
    ('POST', '/v1/nodes', {'driver': 'fake-hardware',
                           'name': '5a1e7c2e-6c1d-4f3a-9a86-1c2d3e4f5a6b'},
     400),
    ('POST', '/v1/nodes', {'driver': 'fake-hardware',
                           'provision_state': 'active'}, 400),
    ('POST', '/v1/nodes', {'driver': 'fake-hardware', 'power_interface':
                           'no-such'}, 400),
    ('POST', '/v1/nodes', {'driver': 'fake-hardware',
                           'extra': {'x': 'y' * 200000}}, 413),
    ('POST', '/v1/nodes', {'driver': 'x' * 300}, 400),
    ('PATCH', NODE, {'op': 'replace'}, 400),
    ('PATCH', NODE, [], 400),
    ('PATCH', NODE, [{'op': 'move', 'path': '/extra', 'from': '/x'}], 400),
    ('PATCH', NODE, [{'op': 'replace', 'path': 'extra', 'value': {}}], 400),
    ('PATCH', NODE, [{'op': 'replace', 'path': '/extra'}], 400),
    ('PATCH', NODE, [{'op': 'replace', 'path': '/uuid', 'value': 'x'}], 400),
    ('PATCH', NODE, [{'op': 'replace', 'path': '/reservation',
                      'value': 'me'}], 400),
    ('PATCH', NODE, [{'op': 'remove', 'path': '/extra/missing'}], 400),
    ('PATCH', NODE, [{'op': 'add', 'path': '/nonsense', 'value': 1}], 400),
    ('PATCH', NODE, [{'op': 'replace', 'path': '/maintenance',
                      'value': 'perhaps'}], 400),
    ('PATCH', NODE, [{'op': 'replace', 'path': '/maintenance',
                      'value': 1}], 400),
    ('PATCH', NODE, [{'op': 'replace', 'path': '/driver_info',
                      'value': 'text'}], 400),
    ('PATCH', NODE, [{'op': 'replace', 'path': '/extra', 'value': {}},
                     {'op': 'replace', 'path': '/last_error',
                      'value': 'x'}], 400),
    ('GET', '/v1/nodes?limit=-1', None, 400),
    ('GET', '/v1/nodes?limit=0', None, 400),
    ('GET', '/v1/nodes?limit=abc', None, 400),
    ('GET', '/v1/nodes?sort_key=driver_info', None, 400),
    ('GET', '/v1/nodes?sort_key=nonsense', None, 400),
    ('GET', '/v1/nodes?sort_dir=up', None, 400),
    ('GET', '/v1/nodes?marker=not-a-uuid', None, 400),
    ('GET', '/v1/nodes?marker=5a1e7c2e-6c1d-4f3a-9a86-1c2d3e4f5a6b', None,
     404),
    ('GET', '/v1/nodes?maintenance=perhaps', None, 400),
    ('GET', '/v1/nodes?colour=red', None, 400),
    ('GET', '/v1/nodes?instance_uuid=zzz', None, 400),
    ('GET', '/v1/nodes?fields=', None, 200),
    ('GET', '/v1/nodes/detail?fields=uuid', None, 400),
    ('GET', '/v1/ports?sort_key=extra', None, 400),
    ('GET', '/v1/chassis/not-a-uuid', None, 400),
    ('GET', '/v1/ports/not-a-uuid', None, 400),
    ('GET', '/v1/nodes/a%%20b', None, 400),
    ('PUT', NODE + '/states/provision', {'target': 'dance'}, 400),
    ('PUT', NODE + '/states/provision', {'target': 5}, 400),
    ('PUT', NODE + '/states/provision', {'verb': 'manage'}, 400),
    ('PUT', NODE + '/states/provision', {'target': 'clean',
                                         'clean_steps': [{'x': 1}]}, 400),
    ('PUT', NODE + '/states/power', {'target': 'power on',
                                     'timeout': 'soon'}, 400),
    ('PUT', NODE + '/states/power', {'target': 'power on',
                                     'extra': 1}, 400),
    ('PUT', NODE + '/states/nonsense', {'target': 'x'}, 404),
    ('PUT', NODE + '/traits', {'traits': ['lower']}, 400),
    ('PUT', NODE + '/traits', {'traits': ['CUSTOM_%d' % i
                                          for i in range(51)]}, 400),
    ('POST', '/v1/ports', {'address': 'zz', 'node_uuid': 'n1'}, 400),
    ('POST', '/v1/ports', {'address': '52:54:00:00:00:09'}, 400),
    ('PATCH', PORT, [{'op': 'replace', 'path': '/address',
                      'value': 'zz'}], 400),
    ('PATCH', PORT, [{'op': 'replace', 'path': '/node_uuid',
                      'value': '5a1e7c2e-6c1d-4f3a-9a86-1c2d3e4f5a6b'}], 400),
    ('POST', '/v1/chassis', {'description': 'x' * 256}, 400),
    ('POST', '/v1/portgroups', {'node_uuid': 'x'}, 400),
    ('PATCH', NODE, [{'op': 'replace', 'path': '/protected',
                      'value': 'perhaps'}], 400),
    ('PATCH', NODE, [{'op': 'replace', 'path': '/protected',
                      'value': []}], 400),
    ('PATCH', NODE, [{'op': 'add', 'path': '/automated_clean',
                      'value': 'sometimes'}], 400),
    ('PATCH', NODE, [{'op': 'add', 'path': '/owner',
                      'value': 'o' * 256}], 400),
    ('PATCH', NODE, [{'op': 'add', 'path': '/owner', 'value': 7}], 400),
    ('PATCH', NODE, [{'op': 'add', 'path': '/description',
                      'value': 'd' * 4097}], 400),
    ('PATCH', NODE, [{'op': 'add', 'path': '/conductor',
                      'value': 'test-host'}], 400),
    ('POST', '/v1/nodes', {'driver': 'fake-hardware', 'protected': True},
     400),
    ('POST', '/v1/nodes', {'driver': 'fake-hardware',
                           'protected_reason': 'x'}, 400),
    ('POST', '/v1/nodes', {'driver': 'fake-hardware', 'owner': 'o' * 256},
     400),
    ('POST', '/v1/nodes', {'driver': 'fake-hardware',
                           'automated_clean': 'sure'}, 400),
    ('POST', '/v1/ports', {'address': '52-54-00-00-00-09',
                           'node_uuid': '%(node)s'}, 400),
    ('POST', '/v1/ports', {'address': '52:54:00:00:00:09',
                           'node_uuid': '%(node)s',
                           'local_link_connection': {'port_id': 'p1'}},
     400),
    ('POST', '/v1/ports', {'address': '52:54:00:00:00:09',
                           'node_uuid': '%(node)s',
                           'local_link_connection': {'port_id': 'p1',
                                                     'switch_id': 'sw1'}},
     400),
    ('POST', '/v1/ports', {'address': '52:54:00:00:00:09',
                           'node_uuid': '%(node)s', 'pxe_enabled': 'maybe'},
     400),
    ('POST', '/v1/ports', {'address': '52:54:00:00:00:09',
                           'node_uuid': '%(node)s', 'physical_network': ''},
     400),
    ('GET', '/v1/conductors/no-such-host', None, 404),
    ('GET', '/v1/conductors?marker=no-such-host', None, 404),
    ('GET', '/v1/conductors?sort_key=drivers', None, 400),
    ('GET', '/v1/conductors?detail=maybe', None, 400),
    ('GET', '/v1/conductors?fields=uuid', None, 400),
    ('GET', '/v1/conductors?limit=0', None, 400),
    ('DELETE', '/v1/conductors/test-host', None, 405),
    ('DELETE', '/v1/nodes', None, 405),
    ('POST', '/v1/heartbeat/n1', {'callback_url': 5}, 400),
]


@pytest.fixture
def seeded(api_app):
    return api_app, api_utils.seed(api_app)


def test_bad_input_table(seeded):
    app, idents = seeded
    before = api_utils.tables()
    wrong = []
    for method, path, body, status in CASES:
        if isinstance(body, dict):
            body = {key: value % idents if isinstance(value, str) else value
                    for key, value in body.items()}
        resp = api_utils.request(app, method, path % idents, body)
        if resp.status_int != status:
            wrong.append('%s %s -> %s %s' % (method, path, resp.status,
                                             resp.body[:300]))
            continue
        if status >= 400:
            error = json.loads(resp.json['error_message'])
            assert error['faultcode'] == 'Client'
            assert 'Traceback' not in error['faultstring']
            assert resp.headers[microversion.MAX_HEADER]
    assert not wrong, '\n'.join(wrong)
    assert api_utils.tables() == before
