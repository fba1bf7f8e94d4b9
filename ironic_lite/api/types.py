"""Conversion and checking of query-string values.

This is the only module that imports WSME (upstream Ironic dropped WSME
as unmaintained; keeping it behind these few functions keeps it
replaceable). Request bodies are checked with JSON schema instead (see
``api/schemas``); controllers get and return plain Python values.
"""

from oslo_utils import strutils
import wsme.exc
import wsme.types as wtypes

from ironic_lite.common import exception

_POSITIVE_INT = wtypes.IntegerType(minimum=1)
_UUID = wtypes.UuidType()
_SORT_DIR = wtypes.Enum(str, 'asc', 'desc')


def _invalid(name, value, expected):
    return exception.InvalidParameterValue(
        err='Invalid value %r for %s: %s expected' % (value, name,
                                                      expected))


def positive_int(name, value):
    """``value`` (a string) as an integer of at least 1.

    :raises: Invalid (400)
    """
    try:
        return _POSITIVE_INT.validate(int(value))
    except (ValueError, TypeError, wsme.exc.ClientSideError):
        raise _invalid(name, value, 'a positive integer')


def boolean(name, value):
    """'true'/'false'/'1'/'0'/'yes'/'no'/'on'/'off' as a bool.

    :raises: Invalid (400)
    """
    try:
        return strutils.bool_from_string(value, strict=True)
    except ValueError:
        raise _invalid(name, value, 'a boolean')


def uuid(name, value):
    """A UUID string, as given. :raises: Invalid (400)"""
    try:
        return str(_UUID.validate(value))
    except (ValueError, TypeError, AttributeError,
            wsme.exc.ClientSideError):
        raise _invalid(name, value, 'a UUID')


def is_uuid(value):
    try:
        _UUID.validate(value)
    except (ValueError, TypeError, AttributeError,
            wsme.exc.ClientSideError):
        return False
    return True


def sort_dir(value):
    """'asc' or 'desc'. :raises: Invalid (400)"""
    try:
        return wtypes.validate_value(_SORT_DIR, value)
    except (ValueError, wsme.exc.ClientSideError):
        raise exception.InvalidParameterValue(
            err='Invalid sort direction: %s. Acceptable values are '
                "'asc' or 'desc'" % value)
