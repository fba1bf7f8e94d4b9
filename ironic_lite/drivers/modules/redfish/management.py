"""The ``redfish`` management interface: boot override and NMI through
sushy.

It reads the same ``driver_info`` as the redfish power interface and
shares its cached session.
"""

from ironic_lite.common import exception
from ironic_lite.drivers import base
from ironic_lite.drivers.modules.redfish import driver_info
from ironic_lite.drivers.modules.redfish import power
from ironic_lite.drivers.modules.redfish import utils


class RedfishManagement(base.DriverInfoMixin, base.ManagementInterface):
    """Boot device (once or persistent) through the Redfish boot
    override; NMI through the system's reset action; the indicator LEDs
    of the system and its chassis (``led@system``, ``led@chassis``)."""

    driver_info = driver_info

    def get_supported_boot_devices(self, task):
        """:returns: the devices the system offers (asks the BMC).
        :raises: MissingParameterValue, InvalidParameterValue, BMCError
        """
        return utils.supported_boot_devices(driver_info.parse_node(task.node),
                                            policy=power.policy())

    def set_boot_device(self, task, device, persistent=False):
        """Boot the node from ``device`` next time, or every time.

        :raises: InvalidParameterValue if the system does not offer the
            device; MissingParameterValue; BMCError (or a subclass).
        """
        utils.set_boot_device(driver_info.parse_node(task.node), device,
                              persistent=persistent, policy=power.policy())

    def get_boot_device(self, task):
        """:returns: ``{'boot_device': name or None, 'persistent': bool or
            None}`` as the BMC reports it (None: no override).
        :raises: MissingParameterValue, InvalidParameterValue, BMCError
        """
        return utils.get_boot_device(driver_info.parse_node(task.node),
                                     policy=power.policy())

    def inject_nmi(self, task):
        """Send an NMI (the system's reset action, type ``Nmi``).

        :raises: UnsupportedDriverExtension when the system does not list
            ``Nmi`` among its reset types; MissingParameterValue,
            InvalidParameterValue, BMCError
        """
        if not utils.inject_nmi(driver_info.parse_node(task.node),
                                policy=power.policy()):
            raise exception.UnsupportedDriverExtension(
                driver=task.node.driver, extension='inject_nmi')

    def get_supported_indicators(self, task):
        """:returns: the LEDs of the system and its chassis that the BMC
            reports (asks the BMC).
        :raises: MissingParameterValue, InvalidParameterValue, BMCError
        """
        return utils.supported_indicators(driver_info.parse_node(task.node),
                                          policy=power.policy())

    def get_indicator_state(self, task, component, indicator):
        """:returns: the LED's state as the BMC reports it.
        :raises: MissingParameterValue, InvalidParameterValue, BMCError
        """
        return utils.get_indicator_state(driver_info.parse_node(task.node),
                                         component, policy=power.policy())

    def set_indicator_state(self, task, component, indicator, state):
        """:raises: MissingParameterValue, InvalidParameterValue, BMCError
        """
        utils.set_indicator_state(driver_info.parse_node(task.node),
                                  component, state, policy=power.policy())
