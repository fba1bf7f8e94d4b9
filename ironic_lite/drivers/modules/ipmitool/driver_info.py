"""Validation of a node's IPMI ``driver_info``.

Keys (Ironic's names): ``ipmi_address`` (required), ``ipmi_port`` (623),
``ipmi_username``, ``ipmi_password``, ``ipmi_priv_level``
(ADMINISTRATOR), ``ipmi_protocol_version`` ('2.0' or '1.5') and
``ipmi_cipher_suite`` (optional, IPMI 2.0 only).
"""

import dataclasses

from ironic_lite.common import exception
from ironic_lite.drivers import base

PRIV_LEVELS = ('ADMINISTRATOR', 'CALLBACK', 'OPERATOR', 'USER')
PROTOCOL_VERSIONS = ('1.5', '2.0')


@dataclasses.dataclass(frozen=True)
class IPMIInfo:
    """How to reach one BMC over IPMI (parsed from a node's driver_info)."""

    address: str
    port: int = 623
    username: str | None = None
    password: str | None = dataclasses.field(default=None, repr=False)
    priv_level: str = 'ADMINISTRATOR'
    protocol_version: str = '2.0'
    cipher_suite: int | None = None

    @property
    def target(self):
        """``address:port``, as used in messages."""
        return '%s:%d' % (self.address, self.port)


#: driver_info keys the ipmitool interfaces read (Ironic's names).
PROPERTIES = {
    'ipmi_address': 'IP address or host name of the BMC. Required.',
    'ipmi_port': 'UDP port of the BMC. Optional, default 623.',
    'ipmi_username': 'User name on the BMC. Optional, default none '
                     '(anonymous login).',
    'ipmi_password': 'Password of that user. Optional. Passed to ipmitool '
                     'in a file readable by the conductor only, never on '
                     'its command line.',
    'ipmi_priv_level': 'Privilege level of the session: ADMINISTRATOR, '
                       'CALLBACK, OPERATOR or USER. Optional, default '
                       'ADMINISTRATOR.',
    'ipmi_protocol_version': 'IPMI version: "2.0" (lanplus) or "1.5" '
                             '(lan). Optional, default "2.0".',
    'ipmi_cipher_suite': 'IPMI 2.0 cipher suite number. Optional, default: '
                         'the best one the BMC offers.',
}
REQUIRED = ('ipmi_address',)


def parse_node(node):
    """Validate a node's driver_info (see :func:`parse_driver_info`).

    :raises: MissingParameterValue if a required key is missing;
        InvalidParameterValue if a value is malformed.
    """
    base.require_driver_info(node, REQUIRED, 'IPMI')
    return parse_driver_info(node.driver_info)


def _invalid(msg):
    return exception.InvalidParameterValue(err=msg)


def parse_driver_info(driver_info):
    """Validate a node's IPMI driver_info and return an :class:`IPMIInfo`.

    :param driver_info: the node's ``driver_info`` dict.
    :returns: an :class:`IPMIInfo`.
    :raises: InvalidParameterValue if ``ipmi_address`` is missing or a
        value is malformed.
    """
    info = driver_info or {}
    address = info.get('ipmi_address')
    if not address or not isinstance(address, str) or not address.strip():
        raise _invalid('IPMI driver_info is missing ipmi_address.')
    address = address.strip()
    if any(c.isspace() for c in address) or address.startswith('-'):
        raise _invalid('ipmi_address %r is not a host name or IP address.'
                       % address)

    port = info.get('ipmi_port', 623)
    try:
        port = int(port)
    except (TypeError, ValueError):
        raise _invalid('ipmi_port %r is not an integer.' % (port,))
    if not 0 < port < 65536:
        raise _invalid('ipmi_port %d is not between 1 and 65535.' % port)

    priv = str(info.get('ipmi_priv_level') or 'ADMINISTRATOR').upper()
    if priv not in PRIV_LEVELS:
        raise _invalid('ipmi_priv_level %r is not one of %s.'
                       % (priv, ', '.join(PRIV_LEVELS)))

    version = str(info.get('ipmi_protocol_version') or '2.0')
    if version not in PROTOCOL_VERSIONS:
        raise _invalid('ipmi_protocol_version %r is not one of %s.'
                       % (version, ', '.join(PROTOCOL_VERSIONS)))

    cipher = info.get('ipmi_cipher_suite')
    if cipher in (None, ''):
        cipher = None
    else:
        try:
            cipher = int(cipher)
        except (TypeError, ValueError):
            raise _invalid('ipmi_cipher_suite %r is not an integer.'
                           % (cipher,))
        if not 0 <= cipher <= 255:
            raise _invalid('ipmi_cipher_suite %d is out of range.' % cipher)
        if version == '1.5':
            raise _invalid('ipmi_cipher_suite needs ipmi_protocol_version '
                           '2.0.')

    username = info.get('ipmi_username')
    password = info.get('ipmi_password')
    for key, value in (('ipmi_username', username),
                       ('ipmi_password', password)):
        if value is not None and not isinstance(value, str):
            raise _invalid('%s must be a string.' % key)
    return IPMIInfo(address=address, port=port, username=username or None,
                    password=password, priv_level=priv,
                    protocol_version=version, cipher_suite=cipher)
