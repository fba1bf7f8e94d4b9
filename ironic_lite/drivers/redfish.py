"""The ``redfish`` hardware type: machines with a Redfish service.

Only lists; the implementations live in ``modules/``.
"""

from ironic_lite.drivers import hardware_type


class RedfishHardware(hardware_type.HardwareType):
    """Power and boot override through Redfish, PXE boot, ramdisk
    deploy; the ``redfish`` BIOS interface when a node names it.

    ``no-bios`` stays the default BIOS interface (unlike Ironic, where
    ``redfish`` is): a node that got ``redfish`` without asking could
    not be handled by a conductor of release 1.0, which lacks it, while
    a deployment is being upgraded.
    """

    supported_interfaces = hardware_type.with_optional(
        power=('redfish', 'fake'), management=('redfish', 'fake'),
        boot=('pxe', 'fake'), deploy=('ramdisk', 'fake'),
        bios=('no-bios', 'redfish', 'fake'), console=('no-console', 'fake'),
        inspect=('no-inspect', 'fake'), raid=('no-raid', 'fake'),
        rescue=('no-rescue', 'fake'), vendor=('no-vendor', 'fake'))
