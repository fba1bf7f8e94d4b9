"""Request bodies: decoding, limits and JSON-schema checks, in words.

What a body must satisfy before anything stores it:

* it is UTF-8 JSON (no NaN or Infinity) nested at most :data:`MAX_DEPTH`
  levels (deeper bodies are refused before they reach code that
  recurses: the decoder, the schema checks, copies);
* no string in it, key or value, holds a NUL character or a lone UTF-16
  surrogate: PostgreSQL cannot store NUL in text, and a surrogate is not
  encodable in UTF-8;
* it matches the resource's schema, where ``maxLength`` of a string is
  the length of its column and ``maxStoredBytes`` bounds the stored JSON
  form of a dict column (a MariaDB TEXT holds 64 KiB).

Error messages name the place (``"extra/k"``) and the rule broken, never
the value: a value may be a password.
"""

import json

import jsonschema

from ironic_lite.common import exception
from ironic_lite.common import secrets

#: Deepest nesting of arrays and objects a body may have.
MAX_DEPTH = 32
#: Bytes a TEXT column holds on MySQL/MariaDB (the smallest of the three
#: databases); JSON columns are TEXT.
TEXT_BYTES = 65535
#: Characters any TEXT column takes: 4 bytes a character in utf8mb4.
TEXT_MAX_LENGTH = TEXT_BYTES // 4
#: The longest place name quoted in a message.
_MAX_QUOTED = 80

_TYPE_WORDS = {'string': 'a string', 'object': 'an object',
               'array': 'a list', 'integer': 'an integer',
               'number': 'a number', 'boolean': 'a boolean',
               'null': 'null'}


def _invalid(message):
    return exception.InvalidParameterValue(err=message)


def cut_path(text):
    """``text`` (a place in a document) for a message, cut when long."""
    if len(text) > _MAX_QUOTED:
        text = text[:_MAX_QUOTED] + '...'
    return text


def quote_path(text):
    """``text`` (a place in a document) quoted for a message, cut when
    long."""
    return '"%s"' % cut_path(text)


def _quote(place):
    return quote_path('/'.join(str(part) for part in place))


def _reject_constant(name):
    raise ValueError('%s is not valid JSON' % name)


def _finite_float(text):
    value = float(text)
    if value in (float('inf'), float('-inf')):
        raise ValueError('a number is too large')
    return value


def decode_body(raw, what='request body'):
    """The JSON document in ``raw`` (bytes), checked for what no
    database can store.

    :raises: Invalid (400) when it is empty, not UTF-8, not JSON, nested
        too deep or holds NUL or lone surrogates.
    """
    if not raw:
        raise exception.Invalid(reason='A JSON request body is required.')
    try:
        text = raw.decode('utf-8')
    except UnicodeDecodeError:
        raise _invalid('The %s is not valid UTF-8.' % what)
    try:
        data = json.loads(text, parse_constant=_reject_constant,
                          parse_float=_finite_float)
    except RecursionError:
        raise _invalid('The %s is nested deeper than %d levels.'
                       % (what, MAX_DEPTH))
    except ValueError as e:
        # NOTE: the decoder's message gives a position, never content.
        raise _invalid('Malformed JSON in the %s: %s' % (what, e))
    check_storable(data, what)
    return data


def _bad_string(value):
    """Why ``value`` (a str) cannot be stored, or None."""
    if '\x00' in value:
        return 'may not contain NUL characters'
    try:
        value.encode('utf-8')
    except UnicodeEncodeError:
        return 'may not contain lone surrogates (invalid Unicode)'
    return None


def check_text(name, value):
    """Refuse a string parameter no database can store.

    :raises: Invalid (400)
    """
    reason = _bad_string(value)
    if reason:
        raise _invalid('%s %s.' % (name, reason))


def check_storable(data, what='request body'):
    """Refuse a decoded document nested deeper than :data:`MAX_DEPTH` or
    holding a string no database can store.

    Walks the document without recursion. :raises: Invalid (400)
    """
    stack = [(data, 0, ())]
    while stack:
        value, depth, place = stack.pop()
        if isinstance(value, (dict, list)):
            if depth >= MAX_DEPTH:
                raise _invalid('The %s is nested deeper than %d levels.'
                               % (what, MAX_DEPTH))
            items = (value.items() if isinstance(value, dict)
                     else enumerate(value))
            for key, item in items:
                if isinstance(key, str):
                    reason = _bad_string(key)
                    if reason:
                        raise _invalid('Invalid %s at %s: names %s.' % (
                            what, _quote(place), reason))
                stack.append((item, depth + 1, place + (key,)))
        elif isinstance(value, str):
            reason = _bad_string(value)
            if reason:
                raise _invalid('Invalid %s at %s: strings %s.' % (
                    what, _quote(place), reason))


# -- JSON schema --

def _max_stored_bytes(validator, limit, instance, schema):
    """``maxStoredBytes``: the JSON form of the value, as the database
    stores it (secrets of driver_info encrypted, see ``secrets``), fits
    in ``limit`` bytes."""
    if not validator.is_type(instance, 'object') and not \
            validator.is_type(instance, 'array'):
        return
    stored = instance
    if schema.get('encryptedSecrets') and isinstance(instance, dict):
        stored = secrets.encrypt(instance)
    if len(json.dumps(stored)) > limit:
        yield jsonschema.ValidationError(
            'is too large to be stored: more than %d bytes as JSON' % limit)


_Validator = jsonschema.validators.extend(
    jsonschema.Draft202012Validator,
    {'maxStoredBytes': _max_stored_bytes})


def _plural(count, word):
    return '%d %s%s' % (count, word, '' if count == 1 else 's')


def _describe(error):
    """The rule ``error`` broke, in words and without the value."""
    rule, limit = error.validator, error.validator_value
    schema = error.schema if isinstance(error.schema, dict) else {}
    if rule == 'type':
        kinds = limit if isinstance(limit, list) else [limit]
        return 'must be %s' % ' or '.join(_TYPE_WORDS.get(k, k)
                                          for k in kinds)
    if rule == 'maxLength':
        return 'must be at most %s long' % _plural(limit, 'character')
    if rule == 'minLength':
        return ('must not be empty' if limit == 1 else
                'must be at least %s long' % _plural(limit, 'character'))
    if rule in ('pattern', 'format', 'anyOf', 'oneOf'):
        return schema.get('description', 'has an invalid format')
    if rule == 'enum':
        return 'must be one of: %s' % ', '.join(
            json.dumps(value) for value in limit)
    if rule == 'required':
        missing = [name for name in limit
                   if isinstance(error.instance, dict)
                   and name not in error.instance]
        return 'misses the required field(s): %s' % ', '.join(missing)
    if rule == 'additionalProperties':
        known = set(schema.get('properties', ()))
        extra = sorted(name for name in error.instance if name not in known)
        return 'has unknown field(s): %s' % ', '.join(
            _quote([name]) for name in extra)
    if rule == 'minItems':
        return 'must have at least %s' % _plural(limit, 'item')
    if rule == 'maxItems':
        return 'must have at most %s' % _plural(limit, 'item')
    if rule == 'minimum':
        return 'must be at least %s' % limit
    if rule == 'maximum':
        return 'must be at most %s' % limit
    if rule == 'maxStoredBytes':
        return error.message
    return 'is not valid'


def validate(data, schema, what='request body'):
    """Check ``data`` against ``schema``.

    :raises: Invalid (400) naming the place and the rule broken.
    """
    error = jsonschema.exceptions.best_match(
        _Validator(schema).iter_errors(data))
    if error is None:
        return
    place = list(error.absolute_path)
    where = ' at %s' % _quote(place) if place else ''
    raise _invalid('Invalid %s%s: %s.' % (what, where, _describe(error)))
