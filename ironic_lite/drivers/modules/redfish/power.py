"""The ``redfish`` power interface: power state through sushy.

One Redfish session per BMC is cached by ``utils.py``; a power change is
polled until the system shows it or ``[redfish]power_state_change_timeout``
(or the caller's timeout) passes.
"""

from oslo_config import cfg

from ironic_lite.common import exception
from ironic_lite.common import states
from ironic_lite.drivers import base
from ironic_lite.drivers.modules.redfish import driver_info
from ironic_lite.drivers.modules.redfish import utils

CONF = cfg.CONF

_STATES = {utils.POWER_ON: states.POWER_ON, utils.POWER_OFF: states.POWER_OFF}
_REQUESTS = {states.POWER_ON: utils.POWER_ON,
             states.POWER_OFF: utils.POWER_OFF,
             states.SOFT_POWER_OFF: utils.SOFT_POWER_OFF,
             states.REBOOT: utils.REBOOT,
             states.SOFT_REBOOT: utils.SOFT_REBOOT}


def policy():
    """The call limits from the ``[redfish]`` options."""
    return utils.CallPolicy.from_conf(CONF.redfish)


class RedfishPower(base.DriverInfoMixin, base.PowerInterface):
    """Power on, off, soft off, reboot and soft reboot through Redfish."""

    driver_info = driver_info

    def get_power_state(self, task):
        """:returns: states.POWER_ON or states.POWER_OFF.
        :raises: MissingParameterValue, InvalidParameterValue, BMCError
        """
        info = driver_info.parse_node(task.node)
        return _STATES[utils.get_power_state(info, policy())]

    def set_power_state(self, task, power_state, timeout=None):
        """Request a power change and poll until the system shows it.

        :param timeout: seconds to wait for it (default
            ``[redfish]power_state_change_timeout``).
        :raises: InvalidParameterValue for a state not in
            :meth:`get_supported_power_states`; MissingParameterValue;
            BMCError (or a subclass) if the BMC fails or the state does not
            show in time.
        """
        info = driver_info.parse_node(task.node)
        request = _REQUESTS.get(power_state)
        if request is None:
            raise exception.InvalidParameterValue(
                err='redfish power cannot set power state "%s"; supported: '
                    '%s' % (power_state, ', '.join(
                        self.get_supported_power_states(task))))
        if timeout is None:
            timeout = CONF.redfish.power_state_change_timeout
        utils.set_power_state(info, request, timeout=timeout,
                              policy=policy())

    def reboot(self, task, timeout=None):
        """Restart a running node; power on a stopped one.

        :raises: MissingParameterValue, InvalidParameterValue, BMCError
        """
        self.set_power_state(task, states.REBOOT, timeout=timeout)

    def get_supported_power_states(self, task):
        return [states.POWER_ON, states.POWER_OFF, states.REBOOT,
                states.SOFT_POWER_OFF, states.SOFT_REBOOT]
