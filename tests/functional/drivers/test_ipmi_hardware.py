"""The ipmi hardware type's interfaces against emulated BMCs: real
ipmitool, and the emulated machine's own state as the witness."""

import threading
import time

import pytest

from ironic_lite.common import exception
from ironic_lite.common import states
from ironic_lite.drivers.modules import errors
from ironic_lite.drivers.modules.ipmitool import command
from tests.fixtures import driver_task
from tests.functional.drivers.conftest import check_core_interfaces
from tests.functional.drivers.conftest import IPMI_PASSWORD
from tools.emulators.redfish import free_tcp_port


@pytest.fixture
def task_for(ipmi_bmcs, short_limits):
    def build(index, **info):
        return driver_task(driver='ipmi',
                           driver_info=ipmi_bmcs.driver_info(index, **info))
    return build


def _one_line(exc):
    text = str(exc)
    assert '\n' not in text
    assert IPMI_PASSWORD not in text
    return text


def test_node_gets_the_ipmi_interfaces(task_for):
    check_core_interfaces(task_for(0), 'ipmitool')


def test_validate_without_address(short_limits):
    task = driver_task(driver='ipmi', driver_info={'ipmi_username': 'admin'})
    with pytest.raises(exception.MissingParameterValue) as raised:
        task.driver.power.validate(task)
    assert 'ipmi_address' in str(raised.value)


def test_power_actions_show_on_the_bmc(task_for, ipmi_bmcs):
    task, power = task_for(0), task_for(0).driver.power
    ipmi_bmcs.set_state(0, power='off')
    assert power.get_power_state(task) == states.POWER_OFF

    power.set_power_state(task, states.POWER_ON)
    assert ipmi_bmcs.state(0)['power'] == 'on'
    assert power.get_power_state(task) == states.POWER_ON

    cycles = ipmi_bmcs.state(0)['power_cycles']
    power.reboot(task)
    assert ipmi_bmcs.state(0)['power_cycles'] == cycles + 1
    assert ipmi_bmcs.state(0)['power'] == 'on'

    power.set_power_state(task, states.SOFT_POWER_OFF)
    assert ipmi_bmcs.state(0)['power'] == 'off'

    power.set_power_state(task, states.SOFT_REBOOT)
    assert ipmi_bmcs.state(0)['power'] == 'on'

    power.set_power_state(task, states.POWER_OFF)
    assert ipmi_bmcs.state(0)['power'] == 'off'


def test_power_state_changed_on_the_bmc_is_read(task_for, ipmi_bmcs):
    task = task_for(1)
    ipmi_bmcs.set_state(1, power='on')
    assert task.driver.power.get_power_state(task) == states.POWER_ON
    ipmi_bmcs.set_state(1, power='off')
    assert task.driver.power.get_power_state(task) == states.POWER_OFF


def test_boot_device_once_and_persistent(task_for, ipmi_bmcs):
    task = task_for(1)
    mgmt = task.driver.management
    mgmt.set_boot_device(task, 'pxe', persistent=True)
    state = ipmi_bmcs.state(1)
    assert (state['boot_device'], state['persistent']) == ('pxe', True)
    assert mgmt.get_boot_device(task) == {'boot_device': 'pxe',
                                          'persistent': True}

    mgmt.set_boot_device(task, 'cdrom')
    state = ipmi_bmcs.state(1)
    assert (state['boot_device'], state['persistent']) == ('cdrom', False)
    assert mgmt.get_boot_device(task) == {'boot_device': 'cdrom',
                                          'persistent': False}


def test_deploy_heartbeat_and_tear_down(task_for, ipmi_bmcs, conf,
                                        tmp_path):
    conf.config(config_dir=str(tmp_path / 'pxe'), group='pxe')
    task = task_for(2)
    ipmi_bmcs.set_state(2, power='off', boot_device=None, persistent=False)

    assert task.driver.deploy.deploy(task) == states.DEPLOYWAIT
    state = ipmi_bmcs.state(2)
    # The one-time pxe device was used by the power on, then forgotten.
    assert (state['power'], state['boot_device']) == ('on', None)
    assert task.node.power_state == states.POWER_ON
    assert (tmp_path / 'pxe' / task.node.uuid).exists()

    task.node.provision_state = states.DEPLOYWAIT
    cycles = state['power_cycles']
    assert task.driver.deploy.heartbeat(
        task, 'http://192.0.2.9:9999', '1.0') == 'done'
    state = ipmi_bmcs.state(2)
    assert (state['boot_device'], state['persistent']) == ('disk', True)
    assert state['power_cycles'] == cycles + 1
    assert not (tmp_path / 'pxe' / task.node.uuid).exists()

    task.driver.deploy.tear_down(task)
    assert ipmi_bmcs.state(2)['power'] == 'off'
    assert task.node.power_state == states.POWER_OFF


def test_wrong_password(task_for):
    task = task_for(0, ipmi_password='not-the-Secret')
    start = time.monotonic()
    with pytest.raises(errors.BMCCredentialsError) as raised:
        task.driver.power.get_power_state(task)
    assert time.monotonic() - start < 2
    text = _one_line(raised.value)
    assert 'credentials' in text and 'not-the-Secret' not in text
    assert str(task.node.driver_info['ipmi_port']) in text


def test_unreachable_bmc(short_limits):
    task = driver_task(driver='ipmi', driver_info={
        'ipmi_address': '127.0.0.1', 'ipmi_port': free_tcp_port(),
        'ipmi_password': IPMI_PASSWORD})
    start = time.monotonic()
    with pytest.raises(errors.BMCNotResponding) as raised:
        task.driver.power.set_power_state(task, states.POWER_ON)
    # [ipmi]command_retry_timeout plus one ipmitool run at most.
    assert time.monotonic() - start < 3 + 4 + 1
    assert 'IPMI call to 127.0.0.1' in _one_line(raised.value)


def test_bmc_that_stops_answering_mid_operation(task_for, ipmi_bmcs,
                                                monkeypatch):
    """The BMC accepts "power on", then falls silent while the interface
    waits to see the machine on."""
    task = task_for(3)
    ipmi_bmcs.set_state(3, power='off')
    real_run = command.run

    def run_then_pause(info, args, policy=command.DEFAULT_POLICY):
        output = real_run(info, args, policy)
        if args == ['power', 'on']:
            ipmi_bmcs.pause(3)
        return output

    monkeypatch.setattr(command, 'run', run_then_pause)
    start = time.monotonic()
    try:
        with pytest.raises(errors.BMCNotResponding) as raised:
            task.driver.power.set_power_state(task, states.POWER_ON)
        elapsed = time.monotonic() - start
    finally:
        ipmi_bmcs.resume(3)
    assert elapsed < 3 + 4 + 2
    assert 'no answer' in _one_line(raised.value) or \
        'timed out' in str(raised.value)
    assert ipmi_bmcs.state(3)['power'] == 'on'


def test_parallel_tasks_on_one_bmc_are_serialized(task_for, ipmi_bmcs):
    tasks = [task_for(1) for _ in range(4)]
    results = []
    threads = [threading.Thread(target=lambda t=t: results.append(
        t.driver.power.get_power_state(t))) for t in tasks]
    for t in threads:
        t.start()
    for t in threads:
        t.join(20)
    assert len(results) == 4 and len(set(results)) == 1


def test_inject_nmi_reaches_the_bmc_and_leaves_the_power(task_for,
                                                         ipmi_bmcs):
    """``power diag`` through real ipmitool: the emulated machine counts
    the NMI; it neither powers off, cycles nor resets."""
    task = task_for(3)
    ipmi_bmcs.set_state(3, power='on')
    before = ipmi_bmcs.state(3)
    task.driver.management.inject_nmi(task)
    after = ipmi_bmcs.state(3)
    assert after['nmis'] == before['nmis'] + 1
    assert ((after['power'], after['power_cycles'], after['resets']) ==
            ('on', before['power_cycles'], before['resets']))


def test_inject_nmi_to_a_silent_bmc_fails_in_one_line(task_for, ipmi_bmcs):
    task = task_for(3)
    ipmi_bmcs.pause(3)
    try:
        with pytest.raises(errors.BMCNotResponding) as raised:
            task.driver.management.inject_nmi(task)
    finally:
        ipmi_bmcs.resume(3)
    assert 'IPMI call to 127.0.0.1:' in _one_line(raised.value)
