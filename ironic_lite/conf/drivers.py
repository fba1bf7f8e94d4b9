"""[DEFAULT] options that choose the hardware types and interfaces a
conductor can serve: ``enabled_hardware_types``, and for every interface
type of :data:`ironic_lite.drivers.base.INTERFACE_TYPES` an
``enabled_<type>_interfaces`` and a ``default_<type>_interface``."""

from oslo_config import cfg

from ironic_lite.drivers import base

#: Real implementations enabled by default, per interface type: enough
#: for a node of each default hardware type to get all its interfaces
#: without naming any (a type's own preference order picks among them).
#: Each type's no-op implementation, where it has one, is enabled first.
DEFAULT_ENABLED = {
    'bios': ['redfish', 'fake'],
    'boot': ['pxe', 'fake'],
    'console': ['fake'],
    'deploy': ['ramdisk', 'fake'],
    'inspect': ['fake'],
    'management': ['ipmitool', 'redfish', 'fake'],
    'power': ['ipmitool', 'redfish', 'fake'],
    'raid': ['fake'],
    'rescue': ['fake'],
    'vendor': ['fake'],
}
DEFAULT_HARDWARE_TYPES = ['fake-hardware', 'ipmi', 'redfish']


def default_enabled(interface_type):
    """The default of ``enabled_<interface_type>_interfaces``."""
    noop = base.INTERFACE_TYPES[interface_type].noop_implementation
    return ([noop] if noop else []) + DEFAULT_ENABLED.get(interface_type, [])


opts = [
    cfg.ListOpt('enabled_hardware_types',
                default=DEFAULT_HARDWARE_TYPES,
                help='Hardware types this conductor serves (entry points '
                     'of ironic_lite.hardware.types). Nodes of a type no '
                     'live conductor serves cannot be managed. Read by: '
                     'conductor.'),
]
for _iface in base.INTERFACES:
    opts += [
        cfg.ListOpt('enabled_%s_interfaces' % _iface,
                    default=default_enabled(_iface),
                    help='%s interface implementations this conductor can '
                         'use. Possible values: entry point names of '
                         'ironic_lite.hardware.interfaces.%s. The default '
                         'enables what the default hardware types need. '
                         'Related options: enabled_hardware_types, '
                         'default_%s_interface. Read by: conductor.'
                         % (_iface.capitalize(), _iface, _iface)),
        cfg.StrOpt('default_%s_interface' % _iface,
                   help='The %s interface a new node gets when it names '
                        'none. Unset: the first implementation its hardware '
                        'type supports that is enabled. Possible values: one '
                        'of enabled_%s_interfaces that every enabled '
                        'hardware type supports. Read by: conductor.'
                        % (_iface, _iface)),
    ]


def register_opts(conf):
    conf.register_opts(opts)


def list_opts():
    return [('DEFAULT', opts)]
