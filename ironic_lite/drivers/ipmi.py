"""The ``ipmi`` hardware type: machines whose BMC speaks IPMI.

Only lists; the implementations live in ``modules/``.
"""

from ironic_lite.drivers import hardware_type


class IPMIHardware(hardware_type.HardwareType):
    """Power and boot device through ipmitool, PXE boot, ramdisk deploy."""

    supported_interfaces = hardware_type.with_optional(
        power=('ipmitool', 'fake'), management=('ipmitool', 'fake'),
        boot=('pxe', 'fake'), deploy=('ramdisk', 'fake'),
        bios=('no-bios', 'fake'), console=('no-console', 'fake'),
        inspect=('no-inspect', 'fake'), raid=('no-raid', 'fake'),
        rescue=('no-rescue', 'fake'), vendor=('no-vendor', 'fake'))
