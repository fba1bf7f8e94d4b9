"""Conversion and checking of query-string values.

This is the only module that imports WSME (upstream Ironic dropped WSME
as unmaintained; keeping it behind these few functions keeps it
replaceable). Request bodies are checked with JSON schema instead (see
``api/schemas``); controllers get and return plain Python values. The
words of the errors are Ironic's (clients match them) and, as for
bodies (:mod:`ironic_lite.api.coercion`), never repeat the value.
"""

import wsme.exc
import wsme.types as wtypes

from ironic_lite.api import coercion
from ironic_lite.common import exception

_UUID = wtypes.UuidType()
_SORT_DIRS = ('asc', 'desc')


def shown(value, limit=64):
    """A word of the API's vocabulary a client gave (a sort key, a
    state), for an error message: cut when long."""
    return value if len(value) <= limit else value[:limit] + '...'


def positive_int(name, value):
    """``value`` (a string) as an integer of at least 1.

    :raises: Invalid (400)
    """
    number = coercion.integer(name, value)
    if number < 1:
        raise exception.InvalidParameterValue(
            err='%s must be positive' % name.capitalize())
    return number


def boolean(name, value):
    """'true'/'false'/'1'/'0'/'yes'/'no'/'on'/'off' (any case) as a bool.

    :raises: Invalid (400)
    """
    return coercion.boolean(name, value)


def uuid(name, value):
    """A UUID string, as given. :raises: Invalid (400)"""
    return coercion.uuid(name, value)


def is_uuid(value):
    """Whether ``value`` names a resource by UUID (rather than by name)."""
    try:
        _UUID.validate(value)
    except (ValueError, TypeError, AttributeError,
            wsme.exc.ClientSideError):
        return False
    return True


def sort_dir(value):
    """'asc' or 'desc'. :raises: Invalid (400)"""
    if value not in _SORT_DIRS:
        raise exception.InvalidParameterValue(
            err="Invalid sort direction: %s. Acceptable values are 'asc' "
                "or 'desc'" % shown(value))
    return value
