"""Fuzz every write route and every list filter with what no database can
store or no decoder should see: each request gets a 4xx with the error
body, and the database is left as it was.

The requests come from the route table and the schemas, so a new route
or field is fuzzed without a new test (and a write route missing from
:data:`WRITE_ROUTES` fails :func:`test_every_write_route_is_fuzzed`).
``tests/functional/api/test_bad_input_databases.py`` sends the same
requests to PostgreSQL and MariaDB, which refuse what SQLite stores.
"""

import json

import pytest

from ironic_lite.api.controllers import v1
from ironic_lite.api.controllers.v1 import heartbeat
from ironic_lite.api.schemas import allocation as allocation_schema
from ironic_lite.api.schemas import chassis as chassis_schema
from ironic_lite.api.schemas import deploy_template as template_schema
from ironic_lite.api.schemas import event as event_schema
from ironic_lite.api.schemas import indicator as indicator_schema
from ironic_lite.api.schemas import node as node_schema
from ironic_lite.api.schemas import port as port_schema
from ironic_lite.api.schemas import portgroup as portgroup_schema
from ironic_lite.api.schemas import vif as vif_schema
from ironic_lite.api.schemas import volume_connector as connector_schema
from ironic_lite.api.schemas import volume_target as target_schema
from ironic_lite.api import validation
from tests.unit.api import utils as api_utils

_NODE = '/v1/nodes/{node_ident}'
_MAC = '52:54:00:00:00:99'

#: (method, route template) -> (path, schema, valid body). Paths name the
#: seeded resources (see utils.seed).
WRITE_ROUTES = {
    ('POST', '/v1/nodes'): (
        '/v1/nodes', node_schema.CREATE, {'driver': 'fake-hardware'}),
    ('PATCH', _NODE): ('/v1/nodes/%(node)s', node_schema.PATCHED, None),
    ('PUT', _NODE + '/states/power'): (
        '/v1/nodes/%(node)s/states/power', node_schema.POWER,
        {'target': 'power on'}),
    ('PUT', _NODE + '/states/provision'): (
        '/v1/nodes/%(node)s/states/provision', node_schema.PROVISION,
        {'target': 'manage'}),
    ('PUT', _NODE + '/states/raid'): (
        '/v1/nodes/%(node)s/states/raid', node_schema.RAID,
        {'logical_disks': [{'size_gb': 10, 'raid_level': '1'}]}),
    ('PUT', _NODE + '/management/boot_device'): (
        '/v1/nodes/%(node)s/management/boot_device',
        node_schema.BOOT_DEVICE, {'boot_device': 'pxe'}),
    ('PUT', _NODE + '/management/inject_nmi'): (
        '/v1/nodes/%(node)s/management/inject_nmi', node_schema.INJECT_NMI,
        {}),
    ('PUT', _NODE + '/maintenance'): (
        '/v1/nodes/%(node)s/maintenance', node_schema.MAINTENANCE,
        {'reason': 'r'}),
    ('PUT', _NODE + '/traits'): (
        '/v1/nodes/%(node)s/traits', node_schema.TRAITS,
        {'traits': ['CUSTOM_A']}),
    ('PUT', _NODE + '/traits/{trait}'): (
        '/v1/nodes/%(node)s/traits/', None, None),
    ('POST', _NODE + '/vifs'): (
        '/v1/nodes/%(node)s/vifs', vif_schema.ATTACH, {'id': 'vif-f'}),
    ('POST', '/v1/ports'): (
        '/v1/ports', port_schema.CREATE,
        {'address': _MAC, 'node_uuid': '%(node)s'}),
    ('PATCH', '/v1/ports/{port_ident}'): (
        '/v1/ports/%(port)s', port_schema.PATCHED, None),
    ('POST', '/v1/portgroups'): (
        '/v1/portgroups', portgroup_schema.CREATE,
        {'node_uuid': '%(node)s'}),
    ('PATCH', '/v1/portgroups/{portgroup_ident}'): (
        '/v1/portgroups/%(portgroup)s', portgroup_schema.PATCHED, None),
    ('POST', '/v1/chassis'): ('/v1/chassis', chassis_schema.CREATE, {}),
    ('PATCH', '/v1/chassis/{chassis_ident}'): (
        '/v1/chassis/%(chassis)s', chassis_schema.PATCHED, None),
    ('POST', '/v1/deploy_templates'): (
        '/v1/deploy_templates', template_schema.CREATE,
        {'name': 'CUSTOM_FUZZ', 'steps': [
            {'interface': 'bios', 'step': 'apply_configuration',
             'args': {'settings': []}, 'priority': 5}]}),
    ('PATCH', '/v1/deploy_templates/{template_ident}'): (
        '/v1/deploy_templates/%(deploy_template)s',
        template_schema.PATCHED, None),
    ('POST', '/v1/heartbeat/{node_ident}'): (
        '/v1/heartbeat/%(node)s', heartbeat.SCHEMA,
        {'callback_url': 'http://10.0.0.1:9999'}),
    ('POST', '/v1/events'): (
        '/v1/events', event_schema.EVENTS,
        {'events': [{'event': 'network.bind_port',
                     'port_id': '3a6e4b1e-5ff6-4bd1-a1a5-6d6b1e4bcb8e',
                     'mac_address': _MAC, 'status': 'ACTIVE'}]}),
    ('PUT', _NODE + '/management/indicators/{indicator_ident}'): (
        '/v1/nodes/%(node)s/management/indicators/led@system',
        indicator_schema.SET_STATE, {'state': 'ON'}),
}


def _volume_write_routes():
    """The write routes of volume connectors and targets, and of the
    node's volume paths (which refuse every change: 403)."""
    routes = {}
    for part, schema, valid in (
            ('connectors', connector_schema,
             {'node_uuid': '%(node)s', 'type': 'iqn',
              'connector_id': 'iqn.x'}),
            ('targets', target_schema,
             {'node_uuid': '%(node)s', 'volume_type': 'iscsi',
              'boot_index': 1, 'volume_id': 'v2'})):
        ident = '%%(volume_%s)s' % part[:-1]
        below_node = '/v1/nodes/%(node)s/volume/' + part
        routes.update({
            ('POST', '/v1/volume/' + part): (
                '/v1/volume/' + part, schema.CREATE, valid),
            ('PATCH', '/v1/volume/%s/{ident}' % part): (
                '/v1/volume/%s/%s' % (part, ident), schema.PATCHED, None),
            ('POST', _NODE + '/volume/' + part): (
                below_node, schema.CREATE, valid),
            ('PATCH', _NODE + '/volume/%s/{ident}' % part): (
                below_node + '/' + ident, schema.PATCHED, None),
        })
    return routes


WRITE_ROUTES.update(_volume_write_routes())
WRITE_ROUTES.update({
    ('POST', '/v1/allocations'): (
        '/v1/allocations', allocation_schema.CREATE,
        {'resource_class': 'none-such'}),
    ('PATCH', '/v1/allocations/{allocation_ident}'): (
        '/v1/allocations/%(allocation)s', allocation_schema.PATCHED, None),
})

#: List paths and the filters each takes.
LIST_FILTERS = {
    '/v1/nodes': ('driver', 'resource_class', 'fault', 'conductor_group',
                  'owner', 'conductor', 'provision_state', 'instance_uuid',
                  'chassis_uuid', 'associated', 'maintenance', 'retired',
                  'lessee', 'marker',
                  'sort_key', 'sort_dir', 'limit', 'fields'),
    '/v1/ports': ('address', 'node', 'node_uuid', 'portgroup', 'marker',
                  'sort_key', 'fields'),
    '/v1/portgroups': ('address', 'node', 'marker', 'fields'),
    '/v1/chassis': ('marker', 'sort_key', 'fields'),
    '/v1/conductors': ('marker', 'sort_key', 'fields'),
    '/v1/deploy_templates': ('marker', 'sort_key', 'fields', 'detail'),
    '/v1/drivers': ('type', 'detail'),
    '/v1/volume/connectors': ('node', 'marker', 'sort_key', 'fields',
                              'detail'),
    '/v1/volume/targets': ('node', 'marker', 'sort_key', 'fields',
                           'detail'),
    '/v1/allocations': ('node', 'resource_class', 'state', 'owner',
                        'marker', 'sort_key', 'fields'),
}

_NUL = 'a\x00b'
_SURROGATE = 'a\ud800b'
#: A body nested far deeper than any decoder should be asked to go.
DEEP_BODY = b'[' * 5000 + b']' * 5000


def _deep(levels):
    value = 'x'
    for _ in range(levels):
        value = {'k': value}
    return value


def _bad_values(prop):
    """Values that break ``prop`` (a schema): wrong types, NUL,
    surrogates, overlong strings, nesting, bad names inside objects."""
    kinds = prop.get('type', [])
    kinds = kinds if isinstance(kinds, list) else [kinds]
    values = []
    if 'string' in kinds:
        values += [_NUL, _SURROGATE, 'x' * (prop.get(
            'maxLength', validation.TEXT_MAX_LENGTH) + 1)]
    if 'object' in kinds:
        values += [{'k': _NUL}, {_NUL: 1}, {'k': [_SURROGATE]},
                   {_SURROGATE: 'v'}, _deep(validation.MAX_DEPTH + 2)]
    if 'array' in kinds:
        values += [[_NUL], [{'k': _SURROGATE}]]
    for wrong in (5, 1.5, True, ['x'], {'a': 'b'}, 'text'):
        if not any(_is(wrong, kind) for kind in kinds) and kinds:
            values.append(wrong)
    return values


def _is(value, kind):
    return {'string': isinstance(value, str),
            'object': isinstance(value, dict),
            'array': isinstance(value, list),
            'boolean': isinstance(value, bool),
            'integer': isinstance(value, int) and not isinstance(
                value, bool),
            'number': isinstance(value, (int, float)) and not isinstance(
                value, bool),
            'null': value is None}[kind]


def _fill(body, idents):
    return {key: (value % idents if isinstance(value, str) else value)
            for key, value in body.items()}


def write_requests(idents):
    """Every fuzzed (method, path, body) of the write routes."""
    for (method, _template), (path, schema, valid) in WRITE_ROUTES.items():
        path = path % idents
        if schema is None:
            for bad in ('a%00b', '%ff', '%ed%a0%80', 'x' * 300):
                yield method, path + bad, None
            continue
        yield method, path, DEEP_BODY
        yield method, path, b'{"x": "\xff\xfe"}'
        yield method, path, b'{"x": NaN}'
        yield method, path, b'{"x": 1e999}'
        yield method, path, b'x' * (200 * 1024)
        for name, prop in sorted(schema['properties'].items()):
            for bad in _bad_values(prop):
                if method == 'PATCH':
                    yield method, path, [
                        {'op': 'add', 'path': '/' + name, 'value': bad}]
                else:
                    yield method, path, dict(_fill(valid, idents),
                                             **{name: bad})
        if method == 'PATCH':
            for bad_path in ('/extra/' + _NUL, '/extra/' + _SURROGATE,
                             '/extra/' + 'p' * 2000, '/extra/a/b/c'):
                yield method, path, [
                    {'op': 'add', 'path': bad_path, 'value': 1}]


def filter_requests():
    """Every fuzzed list request (GET path?filter=bad)."""
    for path, names in LIST_FILTERS.items():
        for name in names:
            for bad in ('a%00b', '%ff', '%ed%a0%80', 'x' * 300):
                yield 'GET', '%s?%s=%s' % (path, name, bad), None
        yield 'GET', path + '?%ff=1', None


def database_sensitive(method, path, body):
    """Whether a fuzzed request carries what some database refuses to
    store or compare (NUL, surrogates, bad UTF-8, long strings), rather
    than only a wrong type."""
    text = path + repr(body)
    return len(text) > 250 or any(
        mark in text for mark in ('\\x00', '\\ud800', '%00', '%ff', '%ed'))


def check_fuzz(app, idents, keep=lambda method, path, body: True):
    """Send every fuzzed request ``keep`` selects; return the unexpected
    answers."""
    wrong = []
    for method, path, body in list(write_requests(idents)) + list(
            filter_requests()):
        if not keep(method, path, body):
            continue
        resp = api_utils.request(app, method, path, body)
        shown = '%s %s %s -> %s %s' % (method, path[:80], repr(body)[:80],
                                       resp.status, resp.body[:200])
        if not 400 <= resp.status_int < 500:
            wrong.append(shown)
        elif resp.content_type != 'application/json' or \
                'error_message' not in resp.json:
            wrong.append(shown)
    return wrong


def test_every_write_route_is_fuzzed():
    routes = {(method, template) for method, template, _ in v1.ROUTES
              if method in ('POST', 'PATCH', 'PUT')}
    assert routes == set(WRITE_ROUTES)


def test_fuzz_gets_4xx_and_changes_nothing(api_app):
    idents = api_utils.seed(api_app)
    before = api_utils.tables()
    wrong = check_fuzz(api_app, idents)
    assert not wrong, '\n'.join(wrong)
    assert api_utils.tables() == before


def test_fuzz_covers_every_field():
    """Each writable field of every schema gets bad values."""
    for _path, schema, _valid in WRITE_ROUTES.values():
        for name, prop in (schema or {'properties': {}})[
                'properties'].items():
            assert _bad_values(prop), name


@pytest.mark.parametrize('levels', [validation.MAX_DEPTH + 1, 1000, 5000])
def test_deep_bodies_are_refused(api_app, levels):
    body = ('{"driver": "fake-hardware", "extra": %s}'
            % ('[' * levels + ']' * levels)).encode()
    resp = api_utils.request(api_app, 'POST', '/v1/nodes', body)
    assert resp.status_int == 400
    assert 'nested deeper than' in api_utils.fault(resp)['faultstring']
    assert json.loads(api_utils.request(api_app, 'GET', '/v1/nodes').body)[
        'nodes'] == []
