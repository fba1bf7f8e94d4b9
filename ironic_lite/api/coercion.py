"""The value conversions of the Bare Metal API's types.

Ironic's API takes more than the JSON type of a field, and clients rely
on it: the ``baremetal`` command line sends ``pxe_enabled=True`` as the
string ``"True"``, a dict field may be given as null (an empty dict), a
MAC address in capitals is stored in lower case. The functions here do
the same conversions and refuse what cannot be converted with the words
clients match (``Expected UUID for uuid``, ``Invalid pxe_enabled:
Unrecognized value``), but never repeat the value given: it may be a
secret typed in the wrong place.

A schema property names its conversion with the ``coerce`` keyword;
:func:`coerce` runs the conversions of a document's top-level fields
before the schema checks it, so the schema describes converted values.
A value of a JSON type a conversion does not handle is left as it is,
for the schema to refuse in its own words.
"""

import re

from oslo_utils import strutils

from ironic_lite.common import exception

_UUID_RE = re.compile('^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?'
                      '[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$')
_MAC_RE = re.compile('^[0-9a-f]{2}(:[0-9a-f]{2}){5}$')
#: An OpenFlow datapath ID: 16 hex digits (a switch_id may be one).
_DATAPATH_RE = re.compile('^[0-9a-f]{16}$')
_BOOLEAN_WORDS = ', '.join("'%s'" % word for word in sorted(
    strutils.TRUE_STRINGS + strutils.FALSE_STRINGS))


def _invalid(message):
    return exception.InvalidParameterValue(err=message)


def boolean(name, value):
    """A boolean given as a JSON boolean or as one of the words
    ``strutils`` knows ('true', 'False', '1', 'off', ...: any case, blanks
    around ignored).

    :returns: the bool, or ``value`` unchanged when it is neither a bool
        nor a string (null included).
    :raises: InvalidParameterValue for a string that is no boolean word.
    """
    if not isinstance(value, str):
        return value
    try:
        return strutils.bool_from_string(value, strict=True)
    except ValueError:
        raise _invalid('Invalid %s: Unrecognized value, acceptable values '
                       'are: %s' % (name, _BOOLEAN_WORDS))


def is_uuid(value):
    """Whether ``value`` is a UUID string (dashes optional, any case)."""
    return isinstance(value, str) and bool(_UUID_RE.match(value))


def uuid(name, value):
    """A UUID string, as given.

    :raises: InvalidParameterValue for a string that is not a UUID.
    """
    if isinstance(value, str) and not is_uuid(value):
        raise _invalid('Expected UUID for %s: the value given is not a '
                       'UUID.' % name)
    return value


def mac_address(name, value):
    """A MAC address (six pairs of hex digits joined by colons), lower
    case.

    :raises: InvalidParameterValue for a string that is not one.
    """
    if not isinstance(value, str):
        return value
    lowered = value.lower()
    if not _MAC_RE.match(lowered):
        raise _invalid('Expected valid MAC address for %s: the value given '
                       'is not six pairs of hex digits joined by colons.'
                       % name)
    return lowered


def switch_id(name, value):
    """A switch's ID: a MAC address or an OpenFlow datapath ID (16 hex
    digits), lower case.

    :raises: InvalidParameterValue for a string that is neither.
    """
    if not isinstance(value, str):
        return value
    lowered = value.lower()
    if not (_MAC_RE.match(lowered) or _DATAPATH_RE.match(lowered)):
        raise _invalid('Expected a MAC address or OpenFlow datapath ID '
                       'for %s.' % name)
    return lowered


def integer(name, value):
    """An integer given as a JSON integer or as a string of digits.

    :raises: InvalidParameterValue for a string that is not one.
    """
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            raise _invalid('Expected an integer for %s: the value given is '
                           'not one.' % name)
    return value


def dict_or_null(name, value):
    """A dict; null means an empty one."""
    return {} if value is None else value


#: The values of ``network_type`` in a local_link_connection (API 1.64).
NETWORK_TYPES = ('managed', 'unmanaged')


def local_link(name, value):
    """A port's local_link_connection; null means empty. Unless empty, it
    names the switch port: ``switch_id`` (see :func:`switch_id`) and
    ``port_id``, or, for a Smart NIC, ``port_id`` and ``hostname``. A
    ``network_type`` of ``unmanaged`` (a flat network nobody configures
    switches for) needs nothing else.

    :raises: InvalidParameterValue when the keys named above are missing,
        the network_type is unknown or the switch_id is no switch ID.
    """
    if not isinstance(value, dict) or not value:
        return dict_or_null(name, value)
    network_type = value.get('network_type')
    if 'network_type' in value and network_type not in NETWORK_TYPES:
        raise _invalid('Invalid %s: network_type must be one of %s.'
                       % (name, ', '.join(NETWORK_TYPES)))
    if network_type != 'unmanaged' and not (
            {'switch_id', 'port_id'} <= set(value)
            or {'port_id', 'hostname'} <= set(value)):
        raise _invalid('Invalid %s: it must be empty or name both switch_id '
                       'and port_id. A Smart NIC port names port_id and '
                       'hostname instead; an unmanaged network_type needs '
                       'neither.' % name)
    if 'switch_id' not in value:
        return value
    return dict(value, switch_id=switch_id('%s/switch_id' % name,
                                           value['switch_id']))


CONVERSIONS = {
    'boolean': boolean,
    'uuid': uuid,
    'mac': mac_address,
    'dict': dict_or_null,
    'integer': integer,
    'local_link': local_link,
}


def coerce(data, schema):
    """Convert, in place, the top-level fields of ``data`` whose property
    in ``schema`` names a conversion (``'coerce': 'boolean'``).

    :returns: ``data``.
    :raises: InvalidParameterValue naming the field whose value cannot be
        converted.
    """
    if not isinstance(data, dict):
        return data
    for name, prop in schema.get('properties', {}).items():
        kind = prop.get('coerce')
        if kind is not None and name in data:
            data[name] = CONVERSIONS[kind](name, data[name])
    return data
