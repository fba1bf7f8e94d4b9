"""fake-hardware's interfaces: they act on the database only.

Each operation can be made to take time with the ``[fake]`` delays, so
that tests and demos see nodes in their working states and conductors
with work in flight.
"""

import time

from oslo_config import cfg

from ironic_lite.common import exception
from ironic_lite.common import indicators
from ironic_lite.common import states
from ironic_lite.drivers import base
from ironic_lite.drivers import steps
from ironic_lite import objects

CONF = cfg.CONF

BOOT_DEVICES = ('pxe', 'disk', 'cdrom', 'bios', 'safe')
_BOOT_KEY = 'fake_boot_device'
_INDICATORS_KEY = 'fake_indicators'
#: fake-hardware's indicators: a system LED that can be set and a
#: read-only chassis LED; all start off.
INDICATORS = {
    indicators.SYSTEM: {'led': {'readonly': False,
                                'states': list(indicators.SETTABLE_STATES)}},
    indicators.CHASSIS: {'led': {'readonly': True,
                                 'states': [indicators.OFF, indicators.ON]}},
}


def _sleep(option):
    delay = getattr(CONF.fake, option)
    if delay:
        time.sleep(delay)


class FakePower(base.PowerInterface):
    """Reports the power state recorded in the database."""

    def validate(self, task):
        pass

    def get_power_state(self, task):
        return task.node.power_state or states.POWER_OFF

    def set_power_state(self, task, power_state, timeout=None):
        if power_state not in (states.POWER_ON, states.POWER_OFF,
                               states.SOFT_POWER_OFF):
            raise exception.InvalidParameterValue(
                err='fake power cannot go to "%s"' % power_state)
        _sleep('power_delay')

    def reboot(self, task, timeout=None):
        _sleep('power_delay')

    def get_supported_power_states(self, task):
        return [states.POWER_ON, states.POWER_OFF, states.REBOOT,
                states.SOFT_POWER_OFF, states.SOFT_REBOOT]


class FakeManagement(base.ManagementInterface):
    """Remembers the boot device in the node's driver_internal_info."""

    def validate(self, task):
        pass

    def get_supported_boot_devices(self, task):
        return list(BOOT_DEVICES)

    def set_boot_device(self, task, device, persistent=False):
        if device not in BOOT_DEVICES:
            raise exception.InvalidParameterValue(
                err='Invalid boot device %s specified; supported: %s'
                    % (device, ', '.join(BOOT_DEVICES)))
        _sleep('management_delay')
        info = dict(task.node.driver_internal_info)
        info[_BOOT_KEY] = {'boot_device': device,
                           'persistent': bool(persistent)}
        task.node.driver_internal_info = info

    def get_boot_device(self, task):
        _sleep('management_delay')
        return dict(task.node.driver_internal_info.get(
            _BOOT_KEY, {'boot_device': None, 'persistent': None}))

    def inject_nmi(self, task):
        """Succeeds and records nothing (there is no machine)."""
        _sleep('management_delay')

    def get_supported_indicators(self, task):
        return {component: {name: dict(info, states=list(info['states']))
                            for name, info in found.items()}
                for component, found in INDICATORS.items()}

    def get_indicator_state(self, task, component, indicator):
        """The state last set (in the node's driver_internal_info), or
        off."""
        _sleep('management_delay')
        return task.node.driver_internal_info.get(_INDICATORS_KEY, {}).get(
            indicators.unique_name(indicator, component), indicators.OFF)

    def set_indicator_state(self, task, component, indicator, state):
        _sleep('management_delay')
        info = dict(task.node.driver_internal_info)
        info[_INDICATORS_KEY] = dict(
            info.get(_INDICATORS_KEY, {}),
            **{indicators.unique_name(indicator, component): state})
        task.node.driver_internal_info = info


class FakeBoot(base.BootInterface):
    """Boots nothing: every step succeeds at once."""

    def validate(self, task):
        pass

    def prepare_ramdisk(self, task):
        pass

    def clean_up_ramdisk(self, task):
        pass

    def prepare_instance(self, task):
        pass

    def clean_up_instance(self, task):
        pass


class FakeDeploy(base.DeployInterface):
    """Deploys, tears down and erases (its one automated clean step) at
    once, after ``[fake]deploy_delay``."""

    def validate(self, task):
        pass

    @steps.deploy_step(priority=100)
    def deploy(self, task):
        _sleep('deploy_delay')
        return None

    def tear_down(self, task):
        _sleep('deploy_delay')

    @steps.clean_step(priority=10)
    def erase_devices(self, task):
        """Erase the node's disks (there are none: it takes
        ``[fake]deploy_delay``)."""
        _sleep('deploy_delay')
        return None


class FakeInspect(base.InspectInterface):
    """Finishes inspecting (after ``[fake]inspect_delay``) finding
    nothing new."""

    def validate(self, task):
        pass

    def inspect_hardware(self, task):
        _sleep('inspect_delay')
        return None


class FakeBios(base.BiosInterface):
    """A fake BIOS interface: nothing to validate; the settings it has
    are those its step ``apply_configuration`` stored (reading them
    back changes nothing)."""

    def cache_bios_settings(self, task):
        pass

    @steps.clean_step(priority=0, argsinfo=base.BIOS_SETTINGS_ARGSINFO,
                      requires_ramdisk=False)
    @steps.deploy_step(priority=0, argsinfo=base.BIOS_SETTINGS_ARGSINFO,
                       requires_ramdisk=False)
    def apply_configuration(self, task, settings):
        """Store ``settings`` (``[{'name': ..., 'value': ...}]``) as the
        node's BIOS settings, over the ones it has."""
        values = base.bios_settings_arg(settings)
        _sleep('management_delay')
        current = objects.BIOSSettingList.get_by_node_id(
            task.context, task.node.id).as_settings()
        current.update(values)
        objects.BIOSSettingList.sync(task.context, task.node.id, current,
                                     locked_by=task.host)


class FakeConsole(base.ConsoleInterface):
    """A fake console interface: nothing to validate."""


class FakeRaid(base.RaidInterface):
    """A fake RAID interface: it takes every target RAID configuration
    the logical disk schema allows; its steps make the node's target
    configuration its current one (``raid_config``) or clear it, as an
    in-band RAID tool in the ramdisk would."""

    @steps.clean_step(priority=0, argsinfo=base.RAID_CREATE_ARGSINFO)
    @steps.deploy_step(priority=0, argsinfo=base.RAID_CREATE_ARGSINFO)
    def create_configuration(self, task, create_root_volume=True,
                             create_nonroot_volumes=True):
        """Apply the node's target RAID configuration (the volumes the
        arguments keep)."""
        node = task.node
        if not node.target_raid_config:
            raise exception.MissingParameterValue(
                err='Node %s has no target_raid_config to apply'
                    % node.uuid)
        disks = [disk for disk in node.target_raid_config.get(
                     'logical_disks', [])
                 if (create_root_volume if disk.get('is_root_volume')
                     else create_nonroot_volumes)]
        _sleep('management_delay')
        node.raid_config = {'logical_disks': disks}

    @steps.clean_step(priority=0)
    @steps.deploy_step(priority=0)
    def delete_configuration(self, task):
        """Delete every volume: the node has no RAID configuration."""
        _sleep('management_delay')
        task.node.raid_config = {}


class FakeRescue(base.RescueInterface):
    """A fake rescue interface: nothing to validate."""


class FakeVendor(base.VendorInterface):
    """A fake vendor interface: nothing to validate."""
