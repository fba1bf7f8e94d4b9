"""[DEFAULT] options that choose the hardware types and interfaces a
conductor can serve."""

from oslo_config import cfg

from ironic_lite.objects import node as node_obj

#: Implementations enabled by default, per interface type: enough for a
#: node of each default hardware type to get all its interfaces without
#: naming any (a type's own preference order picks among them).
DEFAULT_ENABLED = {
    'bios': ['no-bios', 'fake'],
    'boot': ['pxe', 'fake'],
    'console': ['no-console', 'fake'],
    'deploy': ['ramdisk', 'fake'],
    'inspect': ['no-inspect', 'fake'],
    'management': ['ipmitool', 'redfish', 'fake'],
    'network': ['noop'],
    'power': ['ipmitool', 'redfish', 'fake'],
    'raid': ['no-raid', 'fake'],
    'rescue': ['no-rescue', 'fake'],
    'storage': ['noop'],
    'vendor': ['no-vendor', 'fake'],
}
DEFAULT_HARDWARE_TYPES = ['fake-hardware', 'ipmi', 'redfish']

opts = [
    cfg.ListOpt('enabled_hardware_types',
                default=DEFAULT_HARDWARE_TYPES,
                help='Hardware types this conductor serves (entry points '
                     'of ironic_lite.hardware.types). Nodes of a type no '
                     'live conductor serves cannot be managed. Read by: '
                     'conductor.'),
]
for _iface in node_obj.INTERFACES:
    opts += [
        cfg.ListOpt('enabled_%s_interfaces' % _iface,
                    default=DEFAULT_ENABLED[_iface],
                    help='%s interface implementations this conductor can '
                         'use (entry points of '
                         'ironic_lite.hardware.interfaces.%s). Read by: '
                         'conductor.' % (_iface.capitalize(), _iface)),
        cfg.StrOpt('default_%s_interface' % _iface,
                   help='The %s interface a new node gets when it names '
                        'none. Unset: the first implementation its hardware '
                        'type supports that is enabled. Read by: '
                        'conductor.' % _iface),
    ]


def register_opts(conf):
    conf.register_opts(opts)


def list_opts():
    return [('DEFAULT', opts)]
