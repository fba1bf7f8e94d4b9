"""Redfish protocol code against sushy-emulator (real HTTP, no mocks).

The emulator's fake driver applies a power change 1 to 11 seconds after
it is requested, so these tests also show that ``set_power_state`` polls.
The emulator's own state is read with plain HTTP, independently of sushy.
"""

import concurrent.futures
import functools
import http.server
import threading
import time

import pytest

from ironic_lite.drivers.modules import errors
from ironic_lite.drivers.modules.redfish import utils
from tests.functional.drivers.conftest import REDFISH_PASSWORD
from tools.emulators.redfish import free_tcp_port

FAST = utils.CallPolicy(connect_timeout=1, read_timeout=2, retries=1,
                        retry_delay=0.5, poll_interval=0.5)


def _info(emulator, index, **overrides):
    return utils.parse_driver_info(emulator.driver_info(index, **overrides))


def _raw_system(emulator, index):
    return emulator.system(index)


def test_power_changes_are_polled_until_visible(sushy_emulator):
    # Three systems change state in parallel to bound the test's length.
    infos = [_info(sushy_emulator, i) for i in range(3)]
    assert [utils.get_power_state(i) for i in infos] == ['power off'] * 3

    def cycle(info):
        utils.set_power_state(info, utils.POWER_ON, timeout=30)
        on = _raw_system(sushy_emulator, infos.index(info))['PowerState']
        utils.set_power_state(info, utils.POWER_OFF, timeout=30)
        off = _raw_system(sushy_emulator, infos.index(info))['PowerState']
        return on, off

    with concurrent.futures.ThreadPoolExecutor(3) as pool:
        seen = list(pool.map(cycle, infos))
    assert seen == [('On', 'Off')] * 3


def test_reboot_and_soft_power_off(sushy_emulator):
    info = _info(sushy_emulator, 3)
    utils.set_power_state(info, utils.REBOOT, timeout=30)  # off: powers on
    assert _raw_system(sushy_emulator, 3)['PowerState'] == 'On'
    utils.set_power_state(info, utils.SOFT_POWER_OFF, timeout=30)
    assert _raw_system(sushy_emulator, 3)['PowerState'] == 'Off'


def test_power_change_timeout_is_reported(sushy_emulator):
    info = _info(sushy_emulator, 3)
    hasty = utils.CallPolicy(poll_interval=0.01)
    # The emulator usually needs one second or more; it may, rarely, land
    # a change within the first poll, hence a few tries.
    for target in (utils.POWER_ON, utils.POWER_OFF) * 2:
        try:
            utils.set_power_state(info, target, timeout=0, policy=hasty)
        except errors.BMCError as exc:
            assert 'did not reach %r' % target in str(exc)
            break
    else:
        pytest.fail('no power change was slow enough to time out')
    # Let the pending change land before other tests use the emulator.
    utils.set_power_state(info, target, timeout=30)


def test_boot_device_once_and_persistent(sushy_emulator):
    info = _info(sushy_emulator, 0)
    assert utils.supported_boot_devices(info) == ['cdrom', 'disk', 'pxe']

    utils.set_boot_device(info, 'pxe', persistent=False)
    assert _raw_system(sushy_emulator, 0)['Boot'][
        'BootSourceOverrideTarget'] == 'Pxe'
    assert utils.get_boot_device(info)['boot_device'] == 'pxe'

    utils.set_boot_device(info, 'cdrom', persistent=True)
    assert _raw_system(sushy_emulator, 0)['Boot'][
        'BootSourceOverrideTarget'] == 'Cd'
    # NOTE: sushy-tools' fake driver reports every override as
    # Continuous whatever was asked, so only that case can be checked.
    assert utils.get_boot_device(info) == {'boot_device': 'cdrom',
                                           'persistent': True}


def test_unsupported_boot_device_is_refused(sushy_emulator):
    from ironic_lite.common import exception
    with pytest.raises(exception.InvalidParameterValue):
        utils.set_boot_device(_info(sushy_emulator, 0), 'floppy')


def test_wrong_credentials(sushy_emulator):
    info = _info(sushy_emulator, 0, redfish_password='not-the-Secret')
    with pytest.raises(errors.BMCCredentialsError) as raised:
        utils.get_power_state(info, policy=FAST)
    message = str(raised.value)
    assert 'credentials' in message and sushy_emulator.address in message
    assert 'not-the-Secret' not in message
    assert REDFISH_PASSWORD not in message
    # The good credentials still work (their connection is separate).
    assert utils.get_power_state(_info(sushy_emulator, 0), policy=FAST)


def test_unknown_system(sushy_emulator):
    info = _info(sushy_emulator, 0, redfish_system_id='no-such-system')
    with pytest.raises(errors.BMCSystemNotFound) as raised:
        utils.get_power_state(info, policy=FAST)
    assert 'no-such-system' in str(raised.value)


def test_unreachable_address_fails_fast():
    port = free_tcp_port()
    info = utils.parse_driver_info({
        'redfish_address': 'http://127.0.0.1:%d' % port,
        'redfish_system_id': 'x', 'redfish_username': 'admin',
        'redfish_password': REDFISH_PASSWORD})
    start = time.monotonic()
    with pytest.raises(errors.BMCNotResponding) as raised:
        utils.get_power_state(info, policy=FAST)
    assert time.monotonic() - start < 5
    assert 'connection refused' in str(raised.value)
    assert REDFISH_PASSWORD not in str(raised.value)


def test_silent_bmc_times_out_and_connection_is_renewed(sushy_emulator):
    info = _info(sushy_emulator, 1)
    assert utils.get_power_state(info, policy=FAST)
    sushy_emulator.pause()
    try:
        start = time.monotonic()
        with pytest.raises(errors.BMCNotResponding) as raised:
            utils.get_power_state(info, policy=FAST)
        assert time.monotonic() - start < 10
        assert 'timed out' in str(raised.value)
    finally:
        sushy_emulator.resume()
    assert utils.get_power_state(info, policy=FAST) in ('power on',
                                                        'power off')


def test_connection_is_shared_by_parallel_callers(sushy_emulator):
    utils.clear_connection_cache()
    info = _info(sushy_emulator, 2)
    with concurrent.futures.ThreadPoolExecutor(8) as pool:
        states = list(pool.map(lambda _: utils.get_power_state(info),
                               range(16)))
    assert len(set(states)) == 1
    assert len(utils._CACHE._entries) == 1


def test_address_without_redfish_service(tmp_path):
    # A plain web server that answers 404 to everything.
    server = http.server.ThreadingHTTPServer(
        ('127.0.0.1', 0), functools.partial(
            http.server.SimpleHTTPRequestHandler, directory=str(tmp_path)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        info = utils.parse_driver_info({
            'redfish_address': 'http://127.0.0.1:%d' % server.server_port,
            'redfish_system_id': 'x'})
        with pytest.raises(errors.BMCError) as raised:
            utils.get_power_state(info, policy=FAST)
    finally:
        server.shutdown()
        server.server_close()
    assert type(raised.value) is errors.BMCError
    assert 'no Redfish service there' in str(raised.value)
