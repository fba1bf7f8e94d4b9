"""The ``redfish`` hardware type: machines with a Redfish service.

Only lists; the implementations live in ``modules/``.
"""

from ironic_lite.drivers import hardware_type


class RedfishHardware(hardware_type.HardwareType):
    """Power and boot override through Redfish, PXE boot, ramdisk
    deploy."""

    supported_interfaces = hardware_type.with_optional(
        power=('redfish', 'fake'), management=('redfish', 'fake'),
        boot=('pxe', 'fake'), deploy=('ramdisk', 'fake'),
        bios=('no-bios', 'fake'), console=('no-console', 'fake'),
        inspect=('no-inspect', 'fake'), raid=('no-raid', 'fake'),
        rescue=('no-rescue', 'fake'), vendor=('no-vendor', 'fake'))
