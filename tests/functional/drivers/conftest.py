"""Emulated BMCs shared by the driver protocol tests of one module.

Each fixture starts its emulator once per test module (starting them is
the slow part) and stops it afterwards.  Tests must leave the emulated
machines usable: resume what they pause.
"""

import shutil

import pytest

from ironic_lite.drivers.modules.redfish import utils as redfish_utils
from tools.emulators import IpmiBmcs
from tools.emulators import SushyEmulator

IPMI_PASSWORD = 'ipmi-Secret-42'
REDFISH_PASSWORD = 'rf-Secret-42'


@pytest.fixture(scope='module')
def ipmi_bmcs():
    """Four emulated IPMI BMCs (user ``admin``)."""
    if shutil.which('ipmitool') is None:
        pytest.fail('ipmitool is not installed (apt-get install ipmitool)')
    with IpmiBmcs(count=4, username='admin',
                  password=IPMI_PASSWORD) as bmcs:
        yield bmcs


@pytest.fixture(scope='module')
def sushy_emulator():
    """sushy-emulator with four fake systems behind HTTP basic auth."""
    emulator = SushyEmulator(count=4, username='admin',
                             password=REDFISH_PASSWORD)
    with emulator:
        yield emulator
    redfish_utils.clear_connection_cache()


@pytest.fixture
def short_limits(conf, drivers):
    """Short BMC time limits, so that failures show within seconds."""
    conf.config(command_retry_timeout=3, command_retry_interval=0.5,
                command_timeout=4, power_state_change_timeout=5,
                group='ipmi')
    conf.config(connect_timeout=1, read_timeout=2, connection_attempts=1,
                connection_retry_interval=0.5, power_poll_interval=0.5,
                power_state_change_timeout=30, group='redfish')
    return conf


def check_core_interfaces(task, bmc_interface):
    """The node got ``bmc_interface`` power and management, pxe boot and
    ramdisk deploy, and each of them accepts its driver_info."""
    node = task.node
    assert (node.power_interface, node.management_interface,
            node.boot_interface, node.deploy_interface) == (
        bmc_interface, bmc_interface, 'pxe', 'ramdisk')
    for iface in ('power', 'management', 'boot', 'deploy'):
        getattr(task.driver, iface).validate(task)
