"""The ``ramdisk`` deploy interface: boot a deploy ramdisk, wait for it
to call back, then boot the instance from disk.

The contract with the conductor:

* :meth:`RamdiskDeploy.deploy` has the boot interface prepare the ramdisk
  (``pxe``: network boot once), powers the node on (or reboots it) and
  returns ``states.DEPLOYWAIT``; the conductor keeps the node in
  ``wait call-back`` (and fails it past
  ``[conductor]deploy_callback_timeout``).
* The ramdisk calls ``POST /v1/heartbeat/{node}``; the conductor calls
  :meth:`RamdiskDeploy.heartbeat`. In ``wait call-back`` it records the
  callback URL, has the boot interface prepare the instance (``pxe``:
  boot from disk, persistent), reboots the node into it and returns
  ``'done'``. Elsewhere it only records the heartbeat and returns None.
  It raises (one-line message) when the node cannot be switched over.
* :meth:`RamdiskDeploy.tear_down` powers the node off and undoes the boot
  preparations.

Power changes made here are recorded on ``task.node`` (``power_state``);
the conductor saves the node.
"""

import datetime
import urllib.parse

from ironic_lite.common import exception
from ironic_lite.common import states
from ironic_lite.drivers import base
from ironic_lite.drivers import steps

#: driver_internal_info keys this interface writes.
AGENT_URL = 'agent_url'
AGENT_VERSION = 'agent_version'
AGENT_LAST_HEARTBEAT = 'agent_last_heartbeat'
_AGENT_KEYS = (AGENT_URL, AGENT_VERSION, AGENT_LAST_HEARTBEAT)


def _power(task, power_state):
    """Change the node's power and record the state it ends in."""
    impl = task.driver.power
    if power_state == states.REBOOT:
        impl.reboot(task)
    else:
        impl.set_power_state(task, power_state)
    task.node.power_state = states.POWER_TARGETS[power_state]
    task.node.target_power_state = None


def _check_callback_url(task, callback_url):
    parsed = urllib.parse.urlparse(callback_url or '')
    if parsed.scheme not in ('http', 'https') or not parsed.hostname:
        raise exception.InvalidParameterValue(
            err='Heartbeat of node %s has an invalid callback URL %r; '
                'expected http(s)://host[:port]/...'
                % (task.node.uuid, callback_url))


class RamdiskDeploy(base.DeployInterface):
    """Deploy through a ramdisk that calls back when it is done."""

    def validate(self, task):
        """Check the boot and power interfaces have what they need.

        :raises: InvalidParameterValue, MissingParameterValue
        """
        task.driver.boot.validate(task)
        task.driver.power.validate(task)

    @steps.deploy_step(priority=100)
    def deploy(self, task):
        """Boot the node into the deploy ramdisk (no clean step: it keeps
        no disk contents it would have to erase).

        :returns: states.DEPLOYWAIT.
        :raises: InvalidParameterValue, MissingParameterValue, BMCError
        """
        info = dict(task.node.driver_internal_info)
        for key in _AGENT_KEYS:
            info.pop(key, None)
        task.node.driver_internal_info = info
        task.driver.boot.prepare_ramdisk(task)
        _power(task, states.REBOOT)
        return states.DEPLOYWAIT

    def heartbeat(self, task, callback_url, agent_version=None):
        """Record the ramdisk's call; finish a deploy that waits for it.

        :returns: 'done' when the node was switched to its instance, None
            otherwise.
        :raises: InvalidParameterValue for a malformed callback URL;
            MissingParameterValue, BMCError if the node cannot be switched
            over.
        """
        _check_callback_url(task, callback_url)
        info = dict(task.node.driver_internal_info)
        info[AGENT_URL] = callback_url
        info[AGENT_VERSION] = agent_version
        info[AGENT_LAST_HEARTBEAT] = datetime.datetime.now(
            datetime.timezone.utc).isoformat()
        task.node.driver_internal_info = info
        if task.node.provision_state != states.DEPLOYWAIT:
            return None
        task.driver.boot.clean_up_ramdisk(task)
        task.driver.boot.prepare_instance(task)
        _power(task, states.REBOOT)
        return 'done'

    def tear_down(self, task):
        """Power the node off and undo the boot preparations.

        :raises: MissingParameterValue, InvalidParameterValue, BMCError
        """
        _power(task, states.POWER_OFF)
        task.driver.boot.clean_up_instance(task)
        task.driver.boot.clean_up_ramdisk(task)
        info = dict(task.node.driver_internal_info)
        for key in _AGENT_KEYS:
            info.pop(key, None)
        task.node.driver_internal_info = info

    def take_over(self, task):
        """Nothing to do: the deployed node boots from its own disk."""
