"""The ``ipmitool`` power interface: power state through ipmitool.

Every call parses the node's ``driver_info`` (see ``driver_info.py``) and
runs under the limits of the ``[ipmi]`` options; failures are
:class:`~ironic_lite.drivers.modules.errors.BMCError` subclasses with one
line naming the BMC and the reason, never the password.
"""

from oslo_config import cfg

from ironic_lite.common import exception
from ironic_lite.common import states
from ironic_lite.drivers import base
from ironic_lite.drivers.modules.ipmitool import command
from ironic_lite.drivers.modules.ipmitool import driver_info

CONF = cfg.CONF

_STATES = {command.POWER_ON: states.POWER_ON,
           command.POWER_OFF: states.POWER_OFF}


def policy(power_wait=None):
    """The call limits from the ``[ipmi]`` options."""
    return command.CallPolicy.from_conf(CONF.ipmi, power_wait=power_wait)


class IPMIPower(base.DriverInfoMixin, base.PowerInterface):
    """Power on, off, soft off and reboot through ipmitool."""

    driver_info = driver_info

    def get_power_state(self, task):
        """:returns: states.POWER_ON or states.POWER_OFF.
        :raises: InvalidParameterValue, MissingParameterValue, BMCError
        """
        info = driver_info.parse_node(task.node)
        return _STATES[command.get_power_state(info, policy())]

    def set_power_state(self, task, power_state, timeout=None):
        """Power on, off, soft off (ACPI shutdown), reboot or soft reboot
        and wait until the BMC shows the result.

        :param timeout: seconds to wait for the change to show (default
            ``[ipmi]power_state_change_timeout``).
        :raises: InvalidParameterValue for a state not in
            :meth:`get_supported_power_states`; MissingParameterValue;
            BMCError (or a subclass) if the BMC fails or the state does not
            show in time.
        """
        info = driver_info.parse_node(task.node)
        limits = policy(timeout)
        if power_state == states.POWER_ON:
            command.set_power_state(info, command.POWER_ON, limits)
        elif power_state == states.POWER_OFF:
            command.set_power_state(info, command.POWER_OFF, limits)
        elif power_state == states.SOFT_POWER_OFF:
            command.set_power_state(info, command.SOFT_POWER_OFF, limits)
        elif power_state == states.REBOOT:
            command.set_power_state(info, command.REBOOT, limits)
        elif power_state == states.SOFT_REBOOT:
            # NOTE: IPMI has no soft reset: shut the OS down, then start.
            if command.get_power_state(info, limits) == command.POWER_ON:
                command.set_power_state(info, command.SOFT_POWER_OFF, limits)
            command.set_power_state(info, command.POWER_ON, limits)
        else:
            raise exception.InvalidParameterValue(
                err='ipmitool power cannot set power state "%s"; supported: '
                    '%s' % (power_state, ', '.join(
                        self.get_supported_power_states(task))))

    def reboot(self, task, timeout=None):
        """Power cycle a running node; power on a stopped one.

        :raises: MissingParameterValue, InvalidParameterValue, BMCError
        """
        self.set_power_state(task, states.REBOOT, timeout=timeout)

    def get_supported_power_states(self, task):
        return [states.POWER_ON, states.POWER_OFF, states.REBOOT,
                states.SOFT_POWER_OFF, states.SOFT_REBOOT]
