"""Nodes of the ipmi and redfish hardware types driven through an
in-process conductor (its RPC client, task manager, workers and periodic
tasks) against the emulators; the emulated machines are the witness."""

import time

import pytest

from ironic_lite.common import context
from ironic_lite.common import states
from ironic_lite.conductor import rpcapi
from ironic_lite import objects
from tests.functional.drivers.conftest import IPMI_PASSWORD
from tests.functional.drivers.conftest import REDFISH_PASSWORD
from tests.unit.conductor import utils
from tests.unit.db import utils as db_utils
from tools.emulators import wait_for

CALLBACK = 'http://192.0.2.7:9999/agent'
#: Seconds a worker may need: three Redfish power changes of up to 11 s.
REDFISH_SETTLE = 45


@pytest.fixture
def api(short_limits, conductor, tmp_path):
    short_limits.config(config_dir=str(tmp_path / 'pxe'), group='pxe')
    return rpcapi.ConductorAPI()


@pytest.fixture
def ctx():
    return context.get_admin_context()


def _restart_periodics(conductor, conf, **intervals):
    """Run the conductor's periodic tasks at these [conductor] intervals."""
    conductor.manager.stop_periodics()
    conf.config(group='conductor', **intervals)
    conductor.manager.start_periodics(context.get_admin_context())


def _node(ctx, api, driver, driver_info, **kw):
    node = objects.Node(ctx, **db_utils.get_test_node(
        driver=driver, driver_info=driver_info, driver_internal_info={},
        **kw))
    return api.create_node(ctx, node)


def _act(ctx, api, node, verb, timeout=15):
    if verb == 'active':
        api.do_node_deploy(ctx, node.uuid)
    elif verb == 'deleted':
        api.do_node_tear_down(ctx, node.uuid)
    else:
        api.do_provisioning_action(ctx, node.uuid, verb)
    return utils.wait_for_node(
        node.uuid, lambda n: utils.settled(n) and
        n.provision_state not in states.WORKING_STATES, timeout)


def _deploy_cycle(ctx, api, node, machine, timeout):
    """enroll -> manageable -> available -> wait call-back -> active ->
    available, checking the machine at each step. ``machine()`` returns
    (power 'on'/'off', boot device, persistent) as the BMC has them."""
    assert _act(ctx, api, node, 'manage', timeout).provision_state == \
        states.MANAGEABLE
    assert _act(ctx, api, node, 'provide', timeout).provision_state == \
        states.AVAILABLE

    node = _act(ctx, api, node, 'active', timeout)
    assert node.provision_state == states.DEPLOYWAIT, node.last_error
    assert (node.reservation, node.last_error) == (None, None)
    assert node.power_state == states.POWER_ON
    assert machine()[0] == 'on'

    api.heartbeat(ctx, node.uuid, CALLBACK, '1.0')
    node = utils.wait_for_node(
        node.uuid, lambda n: n.provision_state == states.ACTIVE and
        utils.settled(n), timeout)
    assert node.driver_internal_info['agent_url'] == CALLBACK
    assert node.last_error is None
    assert machine() == ('on', 'disk', True)

    node = _act(ctx, api, node, 'deleted', timeout)
    assert node.provision_state == states.AVAILABLE, node.last_error
    assert (node.reservation, node.last_error) == (None, None)
    assert node.power_state == states.POWER_OFF
    assert machine()[0] == 'off'
    assert 'agent_url' not in node.driver_internal_info


def test_ipmi_node_lifecycle(ctx, api, ipmi_bmcs):
    ipmi_bmcs.set_state(0, power='off', boot_device=None, persistent=False)
    node = _node(ctx, api, 'ipmi', ipmi_bmcs.driver_info(0))
    assert node.power_interface == 'ipmitool'

    def machine():
        state = ipmi_bmcs.state(0)
        return state['power'], state['boot_device'], state['persistent']

    _deploy_cycle(ctx, api, node, machine, timeout=15)


def test_redfish_node_lifecycle(ctx, api, sushy_emulator):
    node = _node(ctx, api, 'redfish', sushy_emulator.driver_info(0))
    assert node.power_interface == 'redfish'

    def machine():
        system = sushy_emulator.system(0)
        boot = system['Boot']
        return (system['PowerState'].lower(),
                {'Hdd': 'disk', 'Pxe': 'pxe'}.get(
                    boot.get('BootSourceOverrideTarget')),
                boot.get('BootSourceOverrideEnabled') == 'Continuous')

    _deploy_cycle(ctx, api, node, machine, timeout=REDFISH_SETTLE)


@pytest.mark.parametrize('driver', ['ipmi', 'redfish'])
def test_wrong_credentials_fail_verification(ctx, api, ipmi_bmcs,
                                             sushy_emulator, driver):
    if driver == 'ipmi':
        info = ipmi_bmcs.driver_info(1, ipmi_password='not-the-Secret')
    else:
        info = sushy_emulator.driver_info(1, redfish_password='not-it')
    node = _act(ctx, api, _node(ctx, api, driver, info), 'manage')
    assert node.provision_state == states.ENROLL
    assert node.reservation is None
    assert 'credentials' in node.last_error
    assert node.last_error.startswith('Failed to verify node')
    for secret in ('not-the-Secret', 'not-it', IPMI_PASSWORD,
                   REDFISH_PASSWORD):
        assert secret not in node.last_error


def test_silent_bmc_fails_the_deploy_and_unlocks(ctx, api, ipmi_bmcs):
    node = _node(ctx, api, 'ipmi', ipmi_bmcs.driver_info(2))
    _act(ctx, api, node, 'manage')
    _act(ctx, api, node, 'provide')
    ipmi_bmcs.pause(2)
    start = time.monotonic()
    try:
        node = _act(ctx, api, node, 'active')
    finally:
        ipmi_bmcs.resume(2)
    # [ipmi]command_retry_timeout (3 s) plus one ipmitool run (4 s).
    assert time.monotonic() - start < 3 + 4 + 2
    assert node.provision_state == states.DEPLOYFAIL
    assert node.reservation is None
    assert node.last_error.startswith('Failed to deploy node %s: Deploy '
                                      'step deploy.deploy failed: IPMI call '
                                      'to 127.0.0.1:' % node.uuid)
    assert 'no answer' in node.last_error
    assert '\n' not in node.last_error


def test_power_action_failure_is_recorded(ctx, api, ipmi_bmcs):
    node = _node(ctx, api, 'ipmi', ipmi_bmcs.driver_info(3))
    ipmi_bmcs.set_state(3, power='off')
    api.change_node_power_state(ctx, node.uuid, states.POWER_ON)
    node = utils.wait_settled(node.uuid)
    assert (node.power_state, node.last_error) == (states.POWER_ON, None)
    assert ipmi_bmcs.state(3)['power'] == 'on'

    ipmi_bmcs.pause(3)
    try:
        api.change_node_power_state(ctx, node.uuid, states.POWER_OFF)
        node = utils.wait_settled(node.uuid, timeout=15)
    finally:
        ipmi_bmcs.resume(3)
    assert node.power_state == states.POWER_ON
    assert node.reservation is None
    assert node.last_error.startswith('Failed to change power state to '
                                      '"power off"')
    assert 'no answer' in node.last_error


def test_deploy_callback_timeout(ctx, api, conductor, conf, ipmi_bmcs):
    node = _node(ctx, api, 'ipmi', ipmi_bmcs.driver_info(1))
    _act(ctx, api, node, 'manage')
    _act(ctx, api, node, 'provide')
    assert _act(ctx, api, node, 'active').provision_state == states.DEPLOYWAIT
    conf.config(deploy_callback_timeout=1, group='conductor')
    _restart_periodics(conductor, conf, check_provision_state_interval=1)
    node = utils.wait_for_node(
        node.uuid, lambda n: n.provision_state == states.DEPLOYFAIL and
        utils.settled(n), 10)
    assert node.reservation is None
    assert 'Timeout reached while waiting for the ramdisk' in node.last_error
    # The operator can tear it down: the machine ends powered off.
    node = _act(ctx, api, node, 'deleted')
    assert node.provision_state == states.AVAILABLE, node.last_error
    assert ipmi_bmcs.state(1)['power'] == 'off'


def test_power_sync_notices_changes_made_on_the_bmc(ctx, api, conductor, conf,
                                                    ipmi_bmcs,
                                                    sushy_emulator):
    ipmi_bmcs.set_state(0, power='off')
    ipmi_node = _node(ctx, api, 'ipmi', ipmi_bmcs.driver_info(0),
                      power_state=states.POWER_OFF)
    rf_node = _node(ctx, api, 'redfish', sushy_emulator.driver_info(3),
                    power_state=states.POWER_OFF)
    assert sushy_emulator.system(3)['PowerState'] == 'Off'
    interval = 2
    # One sync round may start just before a change, the next one sees it;
    # the rest is slack for a loaded test machine.
    bound = interval + 5
    _restart_periodics(conductor, conf, sync_power_state_interval=interval)

    ipmi_bmcs.set_state(0, power='on')
    changed = time.monotonic()
    node = utils.wait_for_node(
        ipmi_node.uuid, lambda n: n.power_state == states.POWER_ON and
        utils.settled(n), bound)
    print('ipmi change recorded after %.1f s'
          % (time.monotonic() - changed))
    assert node.reservation is None and not node.maintenance

    # A Redfish system changed behind the conductor's back (it lands 1 to
    # 11 s later): recorded within one interval after the emulator has it.
    sushy_emulator.reset(3, 'On')
    assert wait_for(lambda: sushy_emulator.system(3)['PowerState'] == 'On',
                    timeout=15)
    changed = time.monotonic()
    utils.wait_for_node(
        rf_node.uuid, lambda n: n.power_state == states.POWER_ON, bound)
    print('redfish change recorded after %.1f s'
          % (time.monotonic() - changed))
