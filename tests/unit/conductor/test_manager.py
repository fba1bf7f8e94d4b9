"""The conductor through its RPC client, in-process, with fake-hardware:
every provision transition, power actions, locks and failure paths."""

import time
from unittest import mock

import pytest

from ironic_lite.common import exception
from ironic_lite.common import states
from ironic_lite.drivers.modules import fake
from ironic_lite import objects
from tests import fixtures
from tests.unit.conductor import utils
from tests.unit.db import utils as db_utils


def _node(ctx, api, **kw):
    node = objects.Node(ctx, **db_utils.get_test_node(**kw))
    return api.create_node(ctx, node)


def _act(api, ctx, node, verb):
    if verb == 'active':
        api.do_node_deploy(ctx, node.uuid)
    elif verb == 'rebuild':
        api.do_node_deploy(ctx, node.uuid, rebuild=True)
    elif verb == 'deleted':
        api.do_node_tear_down(ctx, node.uuid)
    elif verb == 'clean':
        api.do_node_clean(ctx, node.uuid,
                          [{'interface': 'deploy', 'step': 'erase_devices'}])
    else:
        api.do_provisioning_action(ctx, node.uuid, verb)
    return utils.wait_settled(node.uuid)


def test_create_node_resolves_interfaces(ctx, api):
    node = _node(ctx, api)
    assert node.power_interface == 'fake'
    assert node.network_interface == 'noop'
    assert objects.Node.get(ctx, node.uuid).deploy_interface == 'fake'


def test_create_node_wrong_interface(ctx, api):
    with pytest.raises(exception.InterfaceNotFoundInEntrypoint) as e:
        _node(ctx, api, power_interface='snmp')
    assert "'fake'" in str(e.value)
    with pytest.raises(exception.IncompatibleInterface) as e:
        _node(ctx, api, power_interface='ipmitool')
    assert 'Supported: fake.' in str(e.value)


@pytest.mark.parametrize('verb, final', [
    (states.POWER_ON, states.POWER_ON), (states.POWER_OFF, states.POWER_OFF),
    (states.REBOOT, states.POWER_ON),
    (states.SOFT_POWER_OFF, states.POWER_OFF)])
def test_power_actions(ctx, api, verb, final):
    node = _node(ctx, api, power_state=states.POWER_OFF)
    api.change_node_power_state(ctx, node.uuid, verb)
    node = utils.wait_settled(node.uuid)
    assert node.power_state == final
    assert node.last_error is None


def test_power_target_recorded_while_in_progress(ctx, api, conf):
    conf.config(group='fake', power_delay=0.3)
    node = _node(ctx, api)
    api.change_node_power_state(ctx, node.uuid, states.POWER_ON)
    during = objects.Node.get(ctx, node.uuid)
    assert during.target_power_state == states.POWER_ON
    assert during.reservation == 'test-host'
    with pytest.raises(exception.NodeLocked):
        api.change_node_power_state(ctx, node.uuid, states.POWER_OFF)
    node = utils.wait_settled(node.uuid)
    assert node.power_state == states.POWER_ON


def test_power_failure_sets_last_error(ctx, api):
    node = _node(ctx, api)
    with mock.patch.object(fake.FakePower, 'set_power_state',
                           side_effect=exception.PowerStateFailure(
                               pstate='power on')):
        api.change_node_power_state(ctx, node.uuid, states.POWER_ON)
        node = utils.wait_settled(node.uuid)
    assert node.power_state == states.POWER_OFF
    assert 'Failed to set node power state to power on' in node.last_error


def test_unsupported_power_state(ctx, api):
    node = _node(ctx, api)
    with pytest.raises(exception.InvalidParameterValue):
        api.change_node_power_state(ctx, node.uuid, 'sideways')
    assert objects.Node.get(ctx, node.uuid).reservation is None


def test_locked_node_fails_fast(ctx, api):
    node = _node(ctx, api)
    objects.Node.reserve(ctx, 'other-host', node.uuid)
    with pytest.raises(exception.NodeLocked) as e:
        api.do_provisioning_action(ctx, node.uuid, 'manage')
    assert 'other-host' in str(e.value)
    assert e.value.code == 409


def test_full_life_cycle(ctx, api):
    node = _node(ctx, api)
    steps = [('manage', states.MANAGEABLE), ('inspect', states.MANAGEABLE),
             ('provide', states.AVAILABLE), ('active', states.ACTIVE),
             ('rebuild', states.ACTIVE), ('deleted', states.AVAILABLE),
             ('manage', states.MANAGEABLE),
             ('clean', states.MANAGEABLE), ('adopt', states.ACTIVE),
             ('deleted', states.AVAILABLE)]
    for verb, expected in steps:
        node = _act(api, ctx, node, verb)
        assert (verb, node.provision_state) == (verb, expected)
        assert node.target_provision_state is None
        assert node.last_error is None


def test_deploy_records_affinity_and_configdrive(ctx, api, conductor):
    node = _node(ctx, api, provision_state=states.AVAILABLE)
    api.do_node_deploy(ctx, node.uuid, configdrive='abc')
    node = utils.wait_settled(node.uuid)
    assert node.conductor_affinity == conductor.manager.conductor.id
    assert node.instance_info['configdrive'] == 'abc'
    api.do_node_tear_down(ctx, node.uuid)
    node = utils.wait_settled(node.uuid)
    assert node.instance_info == {}


def test_working_state_and_target_visible(ctx, api, conf):
    conf.config(group='fake', deploy_delay=0.3)
    node = _node(ctx, api, provision_state=states.AVAILABLE)
    api.do_node_deploy(ctx, node.uuid)
    during = objects.Node.get(ctx, node.uuid)
    assert (during.provision_state, during.target_provision_state) == (
        states.DEPLOYING, states.ACTIVE)
    assert utils.wait_settled(node.uuid).provision_state == states.ACTIVE


def test_automated_clean_disabled(ctx, api, conf):
    conf.config(group='conductor', automated_clean=False)
    node = _node(ctx, api, provision_state=states.MANAGEABLE)
    with mock.patch.object(fake.FakeDeploy, 'erase_devices') as clean:
        node = _act(api, ctx, node, 'provide')
    assert node.provision_state == states.AVAILABLE
    assert not clean.called


@pytest.mark.parametrize('option, node_value, cleans', [
    (True, None, True), (False, None, False),
    (True, False, False), (False, True, True)])
@pytest.mark.parametrize('start, verb', [
    (states.MANAGEABLE, 'provide'), (states.ACTIVE, 'deleted')])
def test_node_automated_clean_overrides_option(ctx, api, conf, option,
                                               node_value, cleans, start,
                                               verb):
    conf.config(group='conductor', automated_clean=option)
    node = _node(ctx, api, provision_state=start,
                 automated_clean=node_value)
    with mock.patch.object(fake.FakeDeploy, 'erase_devices') as clean:
        node = _act(api, ctx, node, verb)
    assert node.provision_state == states.AVAILABLE
    assert clean.called == cleans


def test_protected_rules(ctx, api):
    node = _node(ctx, api, provision_state=states.AVAILABLE)
    node.protected = True
    with pytest.raises(exception.InvalidState):
        api.update_node(ctx, node)
    node = _node(ctx, api, provision_state=states.ACTIVE)
    node.protected_reason = 'why'
    with pytest.raises(exception.InvalidParameterValue):
        api.update_node(ctx, node)
    node.protected = True
    node = api.update_node(ctx, node)
    assert objects.Node.get(ctx, node.uuid).protected_reason == 'why'
    for refused in (lambda: api.do_node_tear_down(ctx, node.uuid),
                    lambda: api.do_node_deploy(ctx, node.uuid, rebuild=True),
                    lambda: api.destroy_node(ctx, node.uuid)):
        with pytest.raises(exception.NodeProtected) as e:
            refused()
        assert e.value.code == 403
    node.protected = False
    node = api.update_node(ctx, node)
    stored = objects.Node.get(ctx, node.uuid)
    assert (stored.protected, stored.protected_reason) == (False, None)
    assert _act(api, ctx, node, 'deleted').provision_state == (
        states.AVAILABLE)


@pytest.mark.parametrize('start, verb', [
    (states.ENROLL, 'provide'), (states.ENROLL, 'active'),
    (states.MANAGEABLE, 'active'), (states.AVAILABLE, 'deleted'),
    (states.ACTIVE, 'provide'), (states.ACTIVE, 'abort'),
    (states.AVAILABLE, 'abort'), (states.DEPLOYFAIL, 'provide'),
    (states.CLEANFAIL, 'provide'), (states.ENROLL, 'inspect')])
def test_verb_refused_in_state(ctx, api, start, verb):
    node = _node(ctx, api, provision_state=start)
    with pytest.raises(exception.InvalidStateRequested):
        _act(api, ctx, node, verb)
    node = objects.Node.get(ctx, node.uuid)
    assert (node.provision_state, node.reservation) == (start, None)


def _fail(cls, method):
    return mock.patch.object(cls, method, side_effect=exception.
                             DriverOperationError(reason='boom'))


@pytest.mark.parametrize('start, verb, cls, method, end', [
    (states.ENROLL, 'manage', fake.FakePower, 'get_power_state',
     states.ENROLL),
    (states.MANAGEABLE, 'inspect', fake.FakeInspect, 'inspect_hardware',
     states.INSPECTFAIL),
    (states.MANAGEABLE, 'provide', fake.FakeDeploy, 'erase_devices',
     states.CLEANFAIL),
    (states.MANAGEABLE, 'clean', fake.FakeDeploy, 'erase_devices',
     states.CLEANFAIL),
    (states.AVAILABLE, 'active', fake.FakeDeploy, 'deploy',
     states.DEPLOYFAIL),
    (states.ACTIVE, 'deleted', fake.FakeDeploy, 'tear_down', states.ERROR),
    (states.MANAGEABLE, 'adopt', fake.FakeBoot, 'validate',
     states.ADOPTFAIL),
])
def test_failure_paths(ctx, api, start, verb, cls, method, end):
    node = _node(ctx, api, provision_state=start)
    with _fail(cls, method):
        node = _act(api, ctx, node, verb)
    assert node.provision_state == end
    assert node.target_provision_state is None
    assert 'boom' in node.last_error
    assert node.reservation is None


def test_clean_failure_puts_node_in_maintenance(ctx, api):
    node = _node(ctx, api, provision_state=states.MANAGEABLE)
    with _fail(fake.FakeDeploy, 'erase_devices'):
        node = _act(api, ctx, node, 'provide')
    assert node.maintenance and node.fault == 'clean failure'
    with pytest.raises(exception.NodeInMaintenance):
        api.do_provisioning_action(ctx, node.uuid, 'provide')
    node = _act(api, ctx, node, 'manage')
    assert node.provision_state == states.MANAGEABLE


@pytest.mark.parametrize('start, verb, method, wait', [
    (states.AVAILABLE, 'active', 'deploy', states.DEPLOYWAIT),
    (states.MANAGEABLE, 'provide', 'erase_devices', states.CLEANWAIT),
    (states.MANAGEABLE, 'clean', 'erase_devices', states.CLEANWAIT)])
def test_wait_states_end_with_heartbeat(ctx, api, start, verb, method,
                                        wait):
    node = _node(ctx, api, provision_state=start)
    with mock.patch.object(fake.FakeDeploy, method, return_value=wait):
        node = _act(api, ctx, node, verb)
    assert node.provision_state == wait
    target = node.target_provision_state
    with mock.patch.object(fake.FakeDeploy, 'heartbeat', return_value=None,
                           create=True):
        api.heartbeat(ctx, node.uuid, 'http://10.0.0.5:9999', '1.0')
        node = utils.wait_for_node(
            node.uuid, lambda n: n.driver_internal_info.get('agent_url')
            and n.reservation is None)
    assert node.provision_state == wait
    with mock.patch.object(fake.FakeDeploy, 'heartbeat',
                           return_value='done', create=True):
        api.heartbeat(ctx, node.uuid, 'http://10.0.0.5:9999', '1.0')
        node = utils.wait_for_node(node.uuid,
                                   lambda n: n.provision_state == target)
    assert utils.wait_settled(node.uuid).last_error is None


def test_abort_clean_wait_and_inspect_wait(ctx, api):
    node = _node(ctx, api, provision_state=states.MANAGEABLE)
    with mock.patch.object(fake.FakeDeploy, 'erase_devices',
                           return_value=states.CLEANWAIT):
        node = _act(api, ctx, node, 'provide')
    node = _act(api, ctx, node, 'abort')
    assert node.provision_state == states.CLEANFAIL
    assert 'aborted' in node.last_error
    node = _act(api, ctx, node, 'manage')
    with mock.patch.object(fake.FakeInspect, 'inspect_hardware',
                           return_value=states.INSPECTWAIT):
        node = _act(api, ctx, node, 'inspect')
    assert node.provision_state == states.INSPECTWAIT
    node = _act(api, ctx, node, 'abort')
    assert node.provision_state == states.INSPECTFAIL


def test_wait_timeout(ctx, api, conductor, conf):
    conf.config(group='conductor', deploy_callback_timeout=60)
    node = _node(ctx, api, provision_state=states.AVAILABLE)
    with mock.patch.object(fake.FakeDeploy, 'deploy',
                           return_value=states.DEPLOYWAIT):
        node = _act(api, ctx, node, 'active')
    assert node.provision_state == states.DEPLOYWAIT
    conductor.manager._check_wait_timeouts(ctx)
    assert objects.Node.get(ctx, node.uuid).provision_state == \
        states.DEPLOYWAIT
    node.provision_updated_at = node.provision_updated_at.replace(
        year=2000)
    node.save()
    conductor.manager._check_wait_timeouts(ctx)
    node = objects.Node.get(ctx, node.uuid)
    assert node.provision_state == states.DEPLOYFAIL
    assert 'Timeout reached' in node.last_error
    assert node.deploy_step == {}
    assert 'deploy_steps' not in node.driver_internal_info


def test_no_free_worker_restores_state(ctx, api, conductor):
    node = _node(ctx, api, provision_state=states.AVAILABLE)
    with mock.patch.object(conductor.manager._workers, 'submit',
                           side_effect=RuntimeError('stopped')):
        with pytest.raises(exception.NoFreeConductorWorker) as e:
            api.do_node_deploy(ctx, node.uuid)
    assert e.value.code == 503
    node = objects.Node.get(ctx, node.uuid)
    assert (node.provision_state, node.target_provision_state,
            node.reservation) == (states.AVAILABLE, None, None)


def test_destroy_node_rules(ctx, api):
    node = _node(ctx, api, provision_state=states.ACTIVE)
    with pytest.raises(exception.InvalidState):
        api.destroy_node(ctx, node.uuid)
    node = _node(ctx, api, provision_state=states.AVAILABLE,
                 instance_uuid='6b7ec9ea-a0c8-4bcb-b4a9-ccad7a3c5e29')
    with pytest.raises(exception.NodeAssociated):
        api.destroy_node(ctx, node.uuid)
    node = _node(ctx, api)
    api.destroy_node(ctx, node.uuid)
    with pytest.raises(exception.NodeNotFound):
        objects.Node.get(ctx, node.uuid)


def test_update_node_under_lock(ctx, api):
    node = _node(ctx, api)
    node.extra = {'rack': 4}
    node = api.update_node(ctx, node)
    assert objects.Node.get(ctx, node.uuid).extra == {'rack': 4}
    objects.Node.reserve(ctx, 'other-host', node.uuid)
    node.extra = {'rack': 5}
    with pytest.raises(exception.NodeLocked):
        api.update_node(ctx, node)
    assert objects.Node.get(ctx, node.uuid).extra == {'rack': 4}


def test_update_interfaces_only_in_allowed_states(ctx, api):
    node = _node(ctx, api, provision_state=states.ACTIVE)
    node.bios_interface = 'no-bios'
    with pytest.raises(exception.InvalidState):
        api.update_node(ctx, node)
    node = _node(ctx, api)
    node.bios_interface = 'no-bios'
    assert api.update_node(ctx, node).bios_interface == 'no-bios'
    node.driver = 'no-such-type'
    with pytest.raises(exception.DriverNotFound):
        api.update_node(ctx, node)


def test_boot_device(ctx, api):
    node = _node(ctx, api)
    assert 'pxe' in api.get_supported_boot_devices(ctx, node.uuid)
    api.set_boot_device(ctx, node.uuid, 'disk', persistent=True)
    assert api.get_boot_device(ctx, node.uuid) == {
        'boot_device': 'disk', 'persistent': True}
    with pytest.raises(exception.InvalidParameterValue):
        api.set_boot_device(ctx, node.uuid, 'floppy')


def test_validate_and_properties(ctx, api):
    node = _node(ctx, api)
    result = api.validate_driver_interfaces(ctx, node.uuid)
    assert result['power'] == {'result': True}
    assert set(result) == set(objects.node.INTERFACES)
    assert api.get_driver_properties(ctx, 'fake-hardware') == {}
    with pytest.raises(exception.DriverNotFound):
        api.get_driver_properties(ctx, 'nope')


def test_traits_and_ports_under_lock(ctx, api):
    node = _node(ctx, api)
    api.set_node_traits(ctx, node.uuid, ['CUSTOM_A', 'CUSTOM_B'])
    api.add_node_traits(ctx, node.uuid, ['CUSTOM_C'])
    api.remove_node_traits(ctx, node.uuid, ['CUSTOM_A'])
    assert objects.Node.get(ctx, node.uuid).traits.get_trait_names() == [
        'CUSTOM_B', 'CUSTOM_C']
    port = objects.Port(ctx, uuid='0a4a2d47-5d1f-4e4b-8c5e-3c2b1a0f9e88',
                        address='52:54:00:aa:bb:cc', node_id=node.id)
    port = api.create_port(ctx, port)
    objects.Node.reserve(ctx, 'other-host', node.uuid)
    port.extra = {'a': 1}
    with pytest.raises(exception.NodeLocked):
        api.update_port(ctx, port)
    objects.Node.release(ctx, 'other-host', node.uuid)
    api.update_port(ctx, port)
    api.destroy_port(ctx, port)
    with pytest.raises(exception.PortNotFound):
        objects.Port.get(ctx, port.uuid)


def test_heartbeat_for_a_locked_node_reaches_the_caller(ctx, api):
    node = _node(ctx, api, provision_state=states.DEPLOYWAIT)
    objects.Node.reserve(ctx, 'other-host', node.uuid)
    with pytest.raises(exception.NodeLocked):
        api.heartbeat(ctx, node.uuid, 'http://10.0.0.5:9999', '1.0')


def test_rpc_calls_do_not_wait_for_an_unreachable_database(
        ctx, api, conf, caplog):
    node = _node(ctx, api)
    url = conf.conf.database.connection
    conf.config(max_retries=0, group='database')
    fixtures.use_database(conf, db_utils.unreachable_url())
    started = time.monotonic()
    try:
        with pytest.raises(exception.DatabaseUnavailable) as e:
            api.change_node_power_state(ctx, node.uuid, states.POWER_ON)
    finally:
        fixtures.use_database(conf, url)
    assert time.monotonic() - started < 5
    assert e.value.code == 503
    assert 'SELECT' not in str(e.value) and node.uuid not in str(e.value)
    assert not any('SELECT' in r.getMessage() for r in caplog.records)
