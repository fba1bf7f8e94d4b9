"""Request bodies: decoding limits, strings no database stores, the
conversions of Ironic's types, and errors in words that never repeat the
value."""

import json

import pytest

from ironic_lite.api import coercion
from ironic_lite.api.controllers.v1 import utils
from ironic_lite.api.schemas import node as node_schema
from ironic_lite.api.schemas import port as port_schema
from ironic_lite.api import validation
from ironic_lite.common import exception

SECRET = 'Sentinel-Pa55word'


def _message(call, *args):
    with pytest.raises(exception.Invalid) as e:
        call(*args)
    return str(e.value)


@pytest.mark.parametrize('raw, words', [
    (b'', 'A JSON request body is required'),
    (b'\xff{}', 'not valid UTF-8'),
    (b'{"a": NaN}', 'NaN is not valid JSON'),
    (b'{"a": -Infinity}', 'Infinity is not valid JSON'),
    (b'{"a": 1e999}', 'a number is too large'),
    (b'{"a": ', 'Malformed JSON'),
    (b'[' * 5000 + b']' * 5000, 'nested deeper than 32 levels'),
    (b'[' * 33 + b']' * 33, 'nested deeper than 32 levels'),
    (b'{"a": "x\\u0000y"}', 'at "a": strings may not contain NUL'),
    (b'{"a": {"b\\u0000": 1}}', 'at "a": names may not contain NUL'),
    (b'{"a": ["\\ud800"]}', 'at "a/0": strings may not contain lone '
                            'surrogates'),
])
def test_decode_body_refuses(raw, words):
    assert words in _message(validation.decode_body, raw)


def test_decode_body_takes_what_databases_store():
    raw = json.dumps({'a': [[['\U0001f600 ok']]], 'b': 1.5}).encode()
    assert validation.decode_body(raw)['a'][0][0][0].endswith('ok')
    assert validation.decode_body(b'[' * 32 + b']' * 32)


@pytest.mark.parametrize('body, words', [
    ({'driver': 5}, 'at "driver": must be a string'),
    ({'driver': 'x' * 256}, 'at "driver": must be at most 255 characters'),
    ({'driver': ''}, 'at "driver": must not be empty'),
    ({}, 'misses the required field(s): driver'),
    ({'driver': 'd', 'colour': SECRET},
     'has unknown field(s): "colour"'),
    ({'driver': 'd', 'name': 'a b' + SECRET},
     'at "name": must be made of letters, digits and the characters'),
    ({'driver': 'd', 'chassis_uuid': 7},
     'at "chassis_uuid": must be a string or null'),
    ({'driver': 'd', 'driver_info': [SECRET]},
     'at "driver_info": must be an object'),
    ({'driver': 'd', 'maintenance': SECRET},
     'at "maintenance": must be a boolean'),
    ({'driver': 'd', 'extra': {'k': 'v' * validation.TEXT_BYTES}},
     'at "extra": is too large to be stored'),
])
def test_schema_errors_in_words(body, words):
    message = _message(utils.validate, body, node_schema.CREATE)
    assert words in message
    assert SECRET not in message
    assert '^' not in message


def _converted(body, schema):
    coercion.coerce(body, schema)
    utils.validate(body, schema)
    return body


@pytest.mark.parametrize('body, words', [
    ({'address': '52:54:00:12:34:56', 'node_uuid': 'n1'},
     'Expected UUID for node_uuid: the value given is not a UUID.'),
    ({'address': SECRET, 'node_uuid': '5a1e7c2e6c1d4f3a9a861c2d3e4f5a6b'},
     'Expected valid MAC address for address: the value given is not six '
     'pairs of hex digits joined by colons.'),
    ({'address': '52-54-00-12-34-56',
      'node_uuid': '5a1e7c2e6c1d4f3a9a861c2d3e4f5a6b'},
     'Expected valid MAC address for address'),
    ({'address': '52:54:00:12:34:56', 'pxe_enabled': SECRET,
      'node_uuid': '5a1e7c2e6c1d4f3a9a861c2d3e4f5a6b'},
     "Invalid pxe_enabled: Unrecognized value, acceptable values are: '0', "
     "'1', 'f', 'false', 'n', 'no', 'off', 'on', 't', 'true', 'y', 'yes'"),
    ({'address': '52:54:00:12:34:56', 'uuid': SECRET,
      'node_uuid': '5a1e7c2e6c1d4f3a9a861c2d3e4f5a6b'},
     'Expected UUID for uuid: the value given is not a UUID.'),
    ({'address': '52:54:00:12:34:56', 'pxe_enabled': 1,
      'node_uuid': '5a1e7c2e6c1d4f3a9a861c2d3e4f5a6b'},
     'at "pxe_enabled": must be a boolean or null'),
    ({'address': '52:54:00:12:34:56',
      'node_uuid': '5a1e7c2e6c1d4f3a9a861c2d3e4f5a6b',
      'local_link_connection': {'switch_id': SECRET, 'port_id': 'p'}},
     'Expected a MAC address or OpenFlow datapath ID for '
     'local_link_connection/switch_id.'),
    ({'address': '52:54:00:12:34:56',
      'node_uuid': '5a1e7c2e6c1d4f3a9a861c2d3e4f5a6b',
      'local_link_connection': {'switch_info': SECRET}},
     'Invalid local_link_connection: it must be empty or name both '
     'switch_id and port_id.'),
])
def test_conversion_errors_in_ironic_words(body, words):
    message = _message(_converted, body, port_schema.CREATE)
    assert words in message
    assert SECRET not in message


@pytest.mark.parametrize('value, expected', [
    ('True', True), ('true', True), (' YES ', True), ('1', True),
    ('on', True), ('t', True), ('False', False), ('off', False),
    ('0', False), ('n', False), (True, True), (False, False),
    (None, None), (1, 1)])
def test_booleans_as_ironic_takes_them(value, expected):
    result = coercion.boolean('pxe_enabled', value)
    assert result == expected and type(result) is type(expected)


def test_conversions_of_a_port():
    body = _converted({
        'address': '52:54:00:AB:CD:EF', 'pxe_enabled': 'False',
        'node_uuid': '5A1E7C2E-6C1D-4F3A-9A86-1C2D3E4F5A6B', 'extra': None,
        'local_link_connection': {'switch_id': '0A:1B:2C:3D:4E:5F',
                                  'port_id': 'Eth1'}}, port_schema.CREATE)
    assert body == {
        'address': '52:54:00:ab:cd:ef', 'pxe_enabled': False,
        'node_uuid': '5A1E7C2E-6C1D-4F3A-9A86-1C2D3E4F5A6B', 'extra': {},
        'local_link_connection': {'switch_id': '0a:1b:2c:3d:4e:5f',
                                  'port_id': 'Eth1'}}
    assert _converted({'address': '52:54:00:ab:cd:ef', 'node_uuid':
                       '5a1e7c2e6c1d4f3a9a861c2d3e4f5a6b',
                       'local_link_connection': {
                           'switch_id': '000000000000ABCD',
                           'port_id': 'p'}}, port_schema.CREATE)[
        'local_link_connection']['switch_id'] == '000000000000abcd'


def test_stored_size_counts_encrypted_passwords():
    # Each password grows to a Fernet token when stored (~100 bytes).
    info = {'p%d_password' % i: 'x' for i in range(700)}
    assert len(json.dumps(info)) < validation.TEXT_BYTES
    assert 'too large to be stored' in _message(
        utils.validate, {'driver': 'd', 'driver_info': info},
        node_schema.CREATE)
    utils.validate({'driver': 'd', 'extra': info}, node_schema.CREATE)


@pytest.mark.parametrize('op, path, words', [
    ('replace', '/driver_info/nope/x', "member 'nope' not found"),
    ('replace', '/driver_info/ipmi_password/x',
     'the path goes through a value that is not an object or a list'),
    ('replace', '/extra/~2', 'the path is not a valid JSON pointer'),
    ('replace', '/extra/k', "can't replace a non-existent object 'k'"),
    ('remove', '/extra/k', "can't remove a non-existent object 'k'"),
    ('add', '/extra/l/5', "can't insert outside of list"),
    ('replace', '/extra/l/5', "can't replace outside of list"),
])
def test_patch_errors_never_show_the_document(op, path, words):
    document = {'driver_info': {'ipmi_password': SECRET},
                'extra': {'l': [SECRET]}}
    patch = [{'op': op, 'path': path}]
    if op != 'remove':
        patch[0]['value'] = SECRET
    message = _message(utils.apply_patch, document, patch, set(),
                       utils.PATCH_SCHEMA)
    assert message == ("Couldn't apply patch '{'op': '%s', 'path': '%s'}'. "
                       "Reason: %s" % (op, path, words))


def test_patch_errors_name_the_failing_operation():
    message = _message(utils.apply_patch, {'extra': {}}, [
        {'op': 'add', 'path': '/extra/a', 'value': SECRET},
        {'op': 'remove', 'path': '/extra/b'}], set(), utils.PATCH_SCHEMA)
    assert message.startswith("Couldn't apply patch '{'op': 'remove', "
                              "'path': '/extra/b'}'")
    assert SECRET not in message


def test_patch_of_a_field_that_may_not_change():
    message = _message(utils.apply_patch, {'extra': {}, 'name': None},
                       [{'op': 'replace', 'path': '/uuid', 'value': SECRET}],
                       {'name'}, utils.PATCH_SCHEMA)
    assert message == ('Cannot patch /uuid. Only the following can be '
                       'updated: extra')
