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
