"""The redfish hardware type's interfaces against sushy-emulator: real
HTTP, and the emulator's own view of the system (read without sushy) as
the witness. Power changes land 1 to 11 s late there, so each test makes
few of them."""

import time

import pytest

from ironic_lite.common import exception
from ironic_lite.common import states
from ironic_lite.drivers.modules import errors
from ironic_lite.drivers.modules.redfish import utils
from tests.fixtures import driver_task
from tests.functional.drivers.conftest import check_core_interfaces
from tests.functional.drivers.conftest import REDFISH_PASSWORD
from tools.emulators.redfish import free_tcp_port


@pytest.fixture
def task_for(sushy_emulator, short_limits):
    def build(index, **info):
        return driver_task(driver='redfish',
                           driver_info=sushy_emulator.driver_info(index,
                                                                  **info))
    return build


def _one_line(exc):
    text = str(exc)
    assert '\n' not in text and REDFISH_PASSWORD not in text
    return text


def test_node_gets_the_redfish_interfaces(task_for):
    check_core_interfaces(task_for(0), 'redfish')


def test_validate_without_system_id(short_limits, sushy_emulator):
    info = sushy_emulator.driver_info(0)
    del info['redfish_system_id']
    task = driver_task(driver='redfish', driver_info=info)
    with pytest.raises(exception.MissingParameterValue) as raised:
        task.driver.management.validate(task)
    assert 'redfish_system_id' in str(raised.value)


def test_power_on_reboot_soft_off(task_for, sushy_emulator):
    task = task_for(0)
    power = task.driver.power
    assert power.get_power_state(task) == states.POWER_OFF
    power.set_power_state(task, states.POWER_ON)
    assert sushy_emulator.system(0)['PowerState'] == 'On'
    power.reboot(task)
    assert sushy_emulator.system(0)['PowerState'] == 'On'
    power.set_power_state(task, states.SOFT_POWER_OFF)
    assert sushy_emulator.system(0)['PowerState'] == 'Off'
    assert power.get_power_state(task) == states.POWER_OFF


def test_boot_device(task_for, sushy_emulator):
    task = task_for(1)
    mgmt = task.driver.management
    assert mgmt.get_supported_boot_devices(task) == ['cdrom', 'disk', 'pxe']
    mgmt.set_boot_device(task, 'pxe')
    assert sushy_emulator.system(1)['Boot'][
        'BootSourceOverrideTarget'] == 'Pxe'
    mgmt.set_boot_device(task, 'disk', persistent=True)
    boot = sushy_emulator.system(1)['Boot']
    assert (boot['BootSourceOverrideTarget'],
            boot['BootSourceOverrideEnabled']) == ('Hdd', 'Continuous')
    assert mgmt.get_boot_device(task) == {'boot_device': 'disk',
                                          'persistent': True}
    with pytest.raises(exception.InvalidParameterValue):
        mgmt.set_boot_device(task, 'floppy')


def test_wrong_credentials(task_for, sushy_emulator):
    task = task_for(1, redfish_password='not-the-Secret')
    with pytest.raises(errors.BMCCredentialsError) as raised:
        task.driver.power.get_power_state(task)
    text = _one_line(raised.value)
    assert 'credentials' in text and sushy_emulator.address in text
    assert 'not-the-Secret' not in text


def test_unreachable_bmc(short_limits):
    task = driver_task(driver='redfish', driver_info={
        'redfish_address': 'http://127.0.0.1:%d' % free_tcp_port(),
        'redfish_system_id': '1', 'redfish_username': 'admin',
        'redfish_password': REDFISH_PASSWORD})
    start = time.monotonic()
    with pytest.raises(errors.BMCNotResponding) as raised:
        task.driver.power.set_power_state(task, states.POWER_ON)
    assert time.monotonic() - start < 5
    assert 'connection refused' in _one_line(raised.value)


def test_bmc_that_stops_answering_mid_operation(task_for, sushy_emulator,
                                                monkeypatch):
    """The service accepts the reset, then freezes while the interface
    polls for the new state."""
    task = task_for(2)
    real_sleep = time.sleep

    def sleep_then_pause(seconds):
        if not paused:
            sushy_emulator.pause()
            paused.append(True)
        real_sleep(seconds)

    paused = []
    monkeypatch.setattr(utils.time, 'sleep', sleep_then_pause)
    start = time.monotonic()
    try:
        with pytest.raises(errors.BMCNotResponding) as raised:
            task.driver.power.set_power_state(task, states.POWER_ON)
        elapsed = time.monotonic() - start
    finally:
        sushy_emulator.resume()
        monkeypatch.undo()
    # [redfish]read_timeout (2 s), one attempt, after a 0.5 s poll pause.
    assert paused and elapsed < 6
    assert 'timed out' in _one_line(raised.value)
    # Once it answers again, the next call logs in afresh and works.
    task.driver.power.set_power_state(task, states.POWER_ON)
    assert sushy_emulator.system(2)['PowerState'] == 'On'


def test_inject_nmi_where_the_emulator_cannot(task_for, sushy_emulator):
    """sushy-emulator's fake driver lists ``Nmi`` among the reset types
    but answers it with 501 Not Implemented (its libvirt driver would
    inject one): the call is sent, and the refusal comes back as one
    line naming the BMC; the system's power is untouched."""
    task = task_for(2)
    before = sushy_emulator.system(2)
    assert 'Nmi' in before['Actions']['#ComputerSystem.Reset'][
        'ResetType@Redfish.AllowableValues']
    with pytest.raises(errors.BMCError) as raised:
        task.driver.management.inject_nmi(task)
    text = _one_line(raised.value)
    assert 'Redfish call to http://127.0.0.1:' in text
    assert 'HTTP 501' in text
    assert sushy_emulator.system(2)['PowerState'] == before['PowerState']
