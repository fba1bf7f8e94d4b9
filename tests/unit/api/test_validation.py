"""Request bodies: decoding limits, strings no database stores, and
schema errors in words that never repeat the value."""

import json

import pytest

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
    ({'driver': 'd', 'uuid': SECRET}, 'at "uuid": must be a UUID'),
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


def test_a_node_name_where_a_uuid_is_needed():
    message = _message(utils.validate,
                       {'address': '52:54:00:12:34:56', 'node_uuid': 'n1'},
                       port_schema.CREATE)
    assert message == ('Invalid request body at "node_uuid": must be a '
                       'node UUID (a node name is not accepted here).')


def test_stored_size_counts_encrypted_passwords():
    # Each password grows to a Fernet token when stored (~100 bytes).
    info = {'p%d_password' % i: 'x' for i in range(700)}
    assert len(json.dumps(info)) < validation.TEXT_BYTES
    assert 'too large to be stored' in _message(
        utils.validate, {'driver': 'd', 'driver_info': info},
        node_schema.CREATE)
    utils.validate({'driver': 'd', 'extra': info}, node_schema.CREATE)


@pytest.mark.parametrize('path, words', [
    ('/driver_info/nope/x', 'the path does not exist'),
    ('/driver_info/ipmi_password/x',
     'the path goes through a value that is not an object or a list'),
    ('/extra/~2', 'the path is not a valid JSON pointer'),
])
def test_patch_errors_never_show_the_document(path, words):
    document = {'driver_info': {'ipmi_password': SECRET}, 'extra': {}}
    message = _message(utils.apply_patch, document,
                       [{'op': 'replace', 'path': path, 'value': 1}],
                       set(), utils.PATCH_SCHEMA)
    assert message == ('Cannot apply operation 1 of the patch (replace '
                       '"%s"): %s' % (path, words))


def test_patch_errors_name_the_failing_operation():
    message = _message(utils.apply_patch, {'extra': {}}, [
        {'op': 'add', 'path': '/extra/a', 'value': SECRET},
        {'op': 'remove', 'path': '/extra/b'}], set(), utils.PATCH_SCHEMA)
    assert message.startswith('Cannot apply operation 2 of the patch '
                              '(remove "/extra/b")')
    assert SECRET not in message
