"""ipmitool protocol code against emulated BMCs (real ipmitool, no mocks).

Every test reads the emulated machine's own state (through the
emulator's control port) to show that a command had its effect.
"""

import os
import stat
import tempfile
import threading
import time

import pytest

from ironic_lite.drivers.modules import errors
from ironic_lite.drivers.modules.ipmitool import command
from tests.functional.drivers.conftest import IPMI_PASSWORD
from tools.emulators.redfish import free_tcp_port
from tools.emulators import wait_for

FAST = command.CallPolicy(retry_timeout=3, retry_interval=0.5,
                          call_timeout=5, power_wait=5)


def _info(bmcs, index, **overrides):
    return command.parse_driver_info(bmcs.driver_info(index, **overrides))


def test_power_on_and_off(ipmi_bmcs):
    info = _info(ipmi_bmcs, 0)
    ipmi_bmcs.set_state(0, power='off')
    assert command.get_power_state(info) == command.POWER_OFF

    command.set_power_state(info, command.POWER_ON, policy=FAST)
    assert ipmi_bmcs.state(0)['power'] == 'on'
    assert command.get_power_state(info) == command.POWER_ON

    command.set_power_state(info, command.POWER_OFF, policy=FAST)
    assert ipmi_bmcs.state(0)['power'] == 'off'
    assert command.get_power_state(info) == command.POWER_OFF


def test_soft_power_off(ipmi_bmcs):
    info = _info(ipmi_bmcs, 0)
    ipmi_bmcs.set_state(0, power='on')
    command.set_power_state(info, command.SOFT_POWER_OFF, policy=FAST)
    assert ipmi_bmcs.state(0)['power'] == 'off'


def test_reboot_running_machine_power_cycles_it(ipmi_bmcs):
    info = _info(ipmi_bmcs, 1)
    ipmi_bmcs.set_state(1, power='on')
    before = ipmi_bmcs.state(1)['power_cycles']
    command.set_power_state(info, command.REBOOT, policy=FAST)
    state = ipmi_bmcs.state(1)
    assert state['power'] == 'on'
    assert state['power_cycles'] == before + 1


def test_reboot_stopped_machine_powers_it_on(ipmi_bmcs):
    info = _info(ipmi_bmcs, 1)
    ipmi_bmcs.set_state(1, power='off')
    command.set_power_state(info, command.REBOOT, policy=FAST)
    assert ipmi_bmcs.state(1)['power'] == 'on'


def test_boot_device_persistent(ipmi_bmcs):
    info = _info(ipmi_bmcs, 2)
    ipmi_bmcs.set_state(2, power='on')
    command.set_boot_device(info, 'pxe', persistent=True)
    state = ipmi_bmcs.state(2)
    assert (state['boot_device'], state['persistent']) == ('pxe', True)
    assert command.get_boot_device(info) == {'boot_device': 'pxe',
                                             'persistent': True}
    # A persistent device survives a reboot.
    command.set_power_state(info, command.REBOOT, policy=FAST)
    assert command.get_boot_device(info) == {'boot_device': 'pxe',
                                             'persistent': True}


def test_boot_device_once(ipmi_bmcs):
    info = _info(ipmi_bmcs, 2)
    ipmi_bmcs.set_state(2, power='on')
    command.set_boot_device(info, 'cdrom')
    state = ipmi_bmcs.state(2)
    assert (state['boot_device'], state['persistent']) == ('cdrom', False)
    assert command.get_boot_device(info) == {'boot_device': 'cdrom',
                                             'persistent': False}
    # A one-time device is used by the next boot and then forgotten.
    command.set_power_state(info, command.REBOOT, policy=FAST)
    assert ipmi_bmcs.state(2)['boot_device'] is None
    assert command.get_boot_device(info) == {'boot_device': None,
                                             'persistent': None}


@pytest.mark.parametrize('device', ['disk', 'bios', 'safe'])
def test_boot_device_each_name(ipmi_bmcs, device):
    info = _info(ipmi_bmcs, 2)
    command.set_boot_device(info, device, persistent=True)
    assert ipmi_bmcs.state(2)['boot_device'] == device
    assert command.get_boot_device(info)['boot_device'] == device


def test_boot_device_set_on_the_bmc_is_read(ipmi_bmcs):
    ipmi_bmcs.set_state(3, boot_device='disk', persistent=False)
    assert command.get_boot_device(_info(ipmi_bmcs, 3)) == {
        'boot_device': 'disk', 'persistent': False}


def test_wrong_password_fails_fast_naming_credentials(ipmi_bmcs):
    info = _info(ipmi_bmcs, 0, ipmi_password='not-the-Secret')
    start = time.monotonic()
    with pytest.raises(errors.BMCCredentialsError) as raised:
        command.get_power_state(info, policy=FAST)
    assert time.monotonic() - start < 2, 'credential errors are not retried'
    message = str(raised.value)
    assert 'credentials' in message
    assert '127.0.0.1:%d' % info.port in message
    assert 'not-the-Secret' not in message
    assert IPMI_PASSWORD not in message


def test_unknown_user_is_reported_within_bounded_time(ipmi_bmcs):
    # pyghmi stays silent for an unknown user (real BMCs say so).
    info = _info(ipmi_bmcs, 0, ipmi_username='ghost')
    start = time.monotonic()
    with pytest.raises(errors.BMCCredentialsError) as raised:
        command.get_power_state(info, policy=FAST)
    assert time.monotonic() - start < FAST.retry_timeout + 1
    assert 'unknown user name' in str(raised.value)


def test_unreachable_port_fails_within_bounded_time():
    port = free_tcp_port()  # nothing listens on this UDP port either
    info = command.parse_driver_info({'ipmi_address': '127.0.0.1',
                                      'ipmi_port': port,
                                      'ipmi_password': IPMI_PASSWORD})
    start = time.monotonic()
    with pytest.raises(errors.BMCNotResponding) as raised:
        command.get_power_state(info, policy=FAST)
    elapsed = time.monotonic() - start
    assert elapsed < FAST.retry_timeout + FAST.call_timeout
    assert 'IPMI call to 127.0.0.1:%d failed' % port in str(raised.value)
    assert IPMI_PASSWORD not in str(raised.value)


def test_attempts_can_be_capped():
    info = command.parse_driver_info({'ipmi_address': '127.0.0.1',
                                      'ipmi_port': free_tcp_port()})
    once = command.CallPolicy(retry_timeout=30, max_attempts=1)
    start = time.monotonic()
    with pytest.raises(errors.BMCNotResponding) as raised:
        command.get_power_state(info, policy=once)
    assert time.monotonic() - start < 5
    assert 'attempts' not in str(raised.value)


def test_paused_bmc_stops_answering_then_recovers(ipmi_bmcs):
    info = _info(ipmi_bmcs, 3)
    ipmi_bmcs.pause(3)
    try:
        with pytest.raises(errors.BMCNotResponding):
            command.get_power_state(info, policy=FAST)
    finally:
        ipmi_bmcs.resume(3)
    assert command.get_power_state(info) in (command.POWER_ON,
                                             command.POWER_OFF)


def _ipmitool_cmdlines(port):
    found = []
    for pid in os.listdir('/proc'):
        try:
            with open('/proc/%s/cmdline' % pid, 'rb') as f:
                args = f.read().split(b'\0')
        except OSError:
            continue
        if args and args[0].endswith(b'ipmitool') and str(
                port).encode() in args:
            found.append([a.decode() for a in args if a])
    return found


def test_password_is_never_on_the_command_line(ipmi_bmcs, monkeypatch,
                                               tmp_path):
    # Password files go to a directory of our own so we can watch them.
    monkeypatch.setattr(tempfile, 'tempdir', str(tmp_path))
    info = _info(ipmi_bmcs, 3)
    ipmi_bmcs.pause(3)
    outcome = []
    worker = threading.Thread(target=lambda: outcome.append(
        pytest.raises(errors.BMCError, command.get_power_state, info,
                      policy=FAST)))
    try:
        worker.start()
        assert wait_for(lambda: _ipmitool_cmdlines(info.port), timeout=5)
        seen = _ipmitool_cmdlines(info.port)
        files = list(tmp_path.iterdir())
        modes = [stat.S_IMODE(p.stat().st_mode) for p in files]
        worker.join(10)
    finally:
        ipmi_bmcs.resume(3)
    for args in seen:
        assert IPMI_PASSWORD not in ' '.join(args)
        assert '-f' in args and '-P' not in args
    assert files and modes == [0o600] * len(files)
    assert outcome, 'the call did not end'
    assert IPMI_PASSWORD not in str(outcome[0].value)
    assert list(tmp_path.iterdir()) == [], 'password file left behind'


def test_built_command_has_no_password():
    info = command.parse_driver_info({'ipmi_address': '10.0.0.1',
                                      'ipmi_username': 'root',
                                      'ipmi_password': 'pa55'})
    cmd = command.build_command(info, ['power', 'status'], '/tmp/pwfile')
    assert 'pa55' not in ' '.join(cmd)
    assert cmd[cmd.index('-f') + 1] == '/tmp/pwfile'


def test_many_calls_in_parallel(ipmi_bmcs):
    """20 calls at once to 4 BMCs: each gets its own answer. (On a
    loaded 2-core machine the emulators answer slowly: the calls may
    retry for longer than the default policy's 10 s.)"""
    infos = [_info(ipmi_bmcs, i) for i in range(4)] * 5
    results = [None] * len(infos)
    patient = command.CallPolicy(retry_timeout=60.0)

    def read(i):
        try:
            results[i] = command.get_power_state(infos[i], patient)
        except Exception as e:
            results[i] = repr(e)

    threads = [threading.Thread(target=read, args=(i,))
               for i in range(len(infos))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(90)
    expected = ['power %s' % s['power'] for s in ipmi_bmcs.states()] * 5
    assert results == expected
