"""Validation of a node's Redfish ``driver_info``.

Keys (Ironic's names): ``redfish_address`` (required; an http(s) URL or a
bare host, which means https), ``redfish_system_id`` (required; an id or a
resource path), ``redfish_username``, ``redfish_password``,
``redfish_verify_ca`` (boolean or CA bundle path, default True),
``redfish_auth_type`` (``auto``, ``basic`` or ``session``).
"""

import dataclasses
import os
import urllib.parse

from ironic_lite.common import exception
from ironic_lite.drivers import base

AUTH_TYPES = ('auto', 'basic', 'session')
_TRUE = ('1', 'true', 'yes', 'on')
_FALSE = ('0', 'false', 'no', 'off')


@dataclasses.dataclass(frozen=True)
class RedfishInfo:
    """How to reach one system through its Redfish service."""

    address: str
    system_id: str
    username: str | None = None
    password: str | None = dataclasses.field(default=None, repr=False)
    verify_ca: bool | str = True
    auth_type: str = 'auto'

    @property
    def system_path(self):
        """The system's resource path on the BMC."""
        if self.system_id.startswith('/'):
            return self.system_id
        return '/redfish/v1/Systems/%s' % self.system_id


#: driver_info keys the redfish interfaces read (Ironic's names).
PROPERTIES = {
    'redfish_address': 'URL of the Redfish service (http:// or https://); '
                       'a bare host name means https. Required.',
    'redfish_system_id': 'Id or resource path of the system, e.g. '
                         '/redfish/v1/Systems/1. Required.',
    'redfish_username': 'User name on the Redfish service. Optional.',
    'redfish_password': 'Password of that user. Optional.',
    'redfish_verify_ca': 'true or false to check the TLS certificate or '
                         'not, or the path of a CA bundle. Optional, '
                         'default true.',
    'redfish_auth_type': 'auto, basic or session. Optional, default auto '
                         '(session, falling back to basic).',
}
REQUIRED = ('redfish_address', 'redfish_system_id')


def parse_node(node):
    """Validate a node's driver_info (see :func:`parse_driver_info`).

    :raises: MissingParameterValue if a required key is missing;
        InvalidParameterValue if a value is malformed.
    """
    base.require_driver_info(node, REQUIRED, 'Redfish')
    return parse_driver_info(node.driver_info)


def _invalid(msg):
    return exception.InvalidParameterValue(err=msg)


def _parse_address(address):
    if not isinstance(address, str) or not address.strip():
        raise _invalid('Redfish driver_info is missing redfish_address.')
    address = address.strip()
    if '://' not in address:
        address = 'https://' + address
    address = address[:address.index('://') + 3] + \
        address[address.index('://') + 3:].rstrip('/')
    parsed = urllib.parse.urlparse(address)
    if parsed.scheme not in ('http', 'https') or not parsed.hostname:
        raise _invalid('redfish_address %r is not an http(s) URL or a host.'
                       % address)
    try:
        parsed.port
    except ValueError:
        raise _invalid('redfish_address %r has an invalid port.' % address)
    return address


def _parse_verify(value):
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        if value.strip().lower() in _TRUE:
            return True
        if value.strip().lower() in _FALSE:
            return False
        if os.path.exists(value):
            return value
        raise _invalid('redfish_verify_ca %r is neither a boolean nor an '
                       'existing file or directory.' % value)
    raise _invalid('redfish_verify_ca must be a boolean or a path.')


def parse_driver_info(driver_info):
    """Validate a node's Redfish driver_info and return a RedfishInfo.

    :param driver_info: the node's ``driver_info`` dict.
    :returns: a :class:`RedfishInfo`.
    :raises: InvalidParameterValue if a required key is missing or a value
        is malformed.
    """
    info = driver_info or {}
    address = _parse_address(info.get('redfish_address'))
    system_id = info.get('redfish_system_id')
    if not system_id or not isinstance(system_id, str) or not \
            system_id.strip():
        raise _invalid('Redfish driver_info is missing redfish_system_id.')
    system_id = system_id.strip()
    if any(c.isspace() for c in system_id):
        raise _invalid('redfish_system_id %r contains spaces.' % system_id)
    auth_type = info.get('redfish_auth_type') or 'auto'
    if auth_type not in AUTH_TYPES:
        raise _invalid('redfish_auth_type %r is not one of %s.'
                       % (auth_type, ', '.join(AUTH_TYPES)))
    username = info.get('redfish_username')
    password = info.get('redfish_password')
    for key, value in (('redfish_username', username),
                       ('redfish_password', password)):
        if value is not None and not isinstance(value, str):
            raise _invalid('%s must be a string.' % key)
    return RedfishInfo(address=address, system_id=system_id,
                       username=username or None, password=password,
                       verify_ca=_parse_verify(info.get('redfish_verify_ca',
                                                        True)),
                       auth_type=auth_type)
