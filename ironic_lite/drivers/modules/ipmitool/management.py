"""The ``ipmitool`` management interface: boot device and NMI through
ipmitool.

It reads the same ``driver_info`` as the ipmitool power interface and
runs under the same ``[ipmi]`` limits.
"""

from ironic_lite.common import exception
from ironic_lite.drivers import base
from ironic_lite.drivers.modules.ipmitool import command
from ironic_lite.drivers.modules.ipmitool import driver_info
from ironic_lite.drivers.modules.ipmitool import power


class IPMIManagement(base.DriverInfoMixin, base.ManagementInterface):
    """Boot device (once or persistent) and NMI through ipmitool."""

    driver_info = driver_info

    def get_supported_boot_devices(self, task):
        """:returns: ``pxe``, ``disk``, ``cdrom``, ``bios`` and ``safe``."""
        return command.supported_boot_devices()

    def set_boot_device(self, task, device, persistent=False):
        """Boot the node from ``device`` next time, or every time.

        :raises: InvalidParameterValue for an unsupported device;
            MissingParameterValue; BMCError (or a subclass).
        """
        if device not in command.supported_boot_devices():
            raise exception.InvalidParameterValue(
                err='Invalid boot device %s for node %s; supported: %s'
                    % (device, task.node.uuid,
                       ', '.join(command.supported_boot_devices())))
        command.set_boot_device(driver_info.parse_node(task.node), device,
                                persistent=persistent,
                                policy=power.policy())

    def get_boot_device(self, task):
        """:returns: ``{'boot_device': name or None, 'persistent': bool or
            None}`` as the BMC reports it (None: no override).
        :raises: MissingParameterValue, InvalidParameterValue, BMCError
        """
        return command.get_boot_device(driver_info.parse_node(task.node),
                                       policy=power.policy())

    def inject_nmi(self, task):
        """Send an NMI (``power diag``); the machine's power state does not
        change.

        :raises: MissingParameterValue, InvalidParameterValue, BMCError
        """
        command.inject_nmi(driver_info.parse_node(task.node),
                           policy=power.policy())
