"""Periodic tasks and recovery: power sync, dead conductors, restarts."""

import datetime
import time
from unittest import mock

from oslo_utils import timeutils

from ironic_lite.common import context
from ironic_lite.common import exception
from ironic_lite.common import states
from ironic_lite.conductor import service
from ironic_lite.db import api as db_api
from ironic_lite.drivers.modules import fake
from ironic_lite import objects
from tests import fixtures
from tests.unit.conductor import utils
from tests.unit.db import utils as db_utils


def _ctx():
    return context.get_admin_context()


def test_power_sync_records_state_seen_on_bmc(conductor):
    node = db_utils.create_test_node(power_state=states.POWER_OFF)
    with mock.patch.object(fake.FakePower, 'get_power_state',
                           return_value=states.POWER_ON):
        conductor.manager._sync_power_states(_ctx())
    node = objects.Node.get(_ctx(), node.uuid)
    assert node.power_state == states.POWER_ON
    assert node.reservation is None


def test_power_sync_skips_locked_nodes_and_pending_actions(conductor):
    locked = db_utils.create_test_node(power_state=states.POWER_OFF)
    objects.Node.reserve(_ctx(), 'other', locked.uuid)
    pending = db_utils.create_test_node(power_state=states.POWER_OFF,
                                        target_power_state=states.POWER_ON)
    with mock.patch.object(fake.FakePower, 'get_power_state',
                           return_value=states.POWER_ON):
        conductor.manager._sync_power_states(_ctx())
    for node in (locked, pending):
        assert objects.Node.get(_ctx(), node.uuid).power_state == \
            states.POWER_OFF


def test_power_sync_failures_lead_to_maintenance_and_back(conductor, conf):
    conf.config(group='conductor', power_state_sync_max_retries=2)
    node = db_utils.create_test_node(power_state=states.POWER_ON)
    error = exception.DriverOperationError(reason='BMC is not responding')
    with mock.patch.object(fake.FakePower, 'get_power_state',
                           side_effect=error):
        conductor.manager._sync_power_states(_ctx())
        assert not objects.Node.get(_ctx(), node.uuid).maintenance
        conductor.manager._sync_power_states(_ctx())
    node = objects.Node.get(_ctx(), node.uuid)
    assert node.maintenance and node.fault == 'power failure'
    assert 'not responding' in node.maintenance_reason
    assert node.reservation is None
    conductor.manager._sync_power_states(_ctx())
    node = objects.Node.get(_ctx(), node.uuid)
    assert not node.maintenance and node.fault is None


def test_takeover_breaks_locks_of_dead_conductors(conductor, conf):
    ctx = _ctx()
    objects.Conductor.register(ctx, 'dead-host', ['fake-hardware'])
    db_api.get_instance().update_conductor('dead-host', {
        'updated_at': timeutils.utcnow() - datetime.timedelta(
            seconds=conf.conf.conductor.heartbeat_timeout + 1)})
    working = db_utils.create_test_node(provision_state=states.CLEANING,
                                        target_provision_state='available')
    power = db_utils.create_test_node(target_power_state=states.POWER_ON)
    for node in (working, power):
        objects.Node.reserve(ctx, 'dead-host', node.uuid)
    live = db_utils.create_test_node()
    objects.Node.reserve(ctx, 'test-host', live.uuid)
    utils.steady_db_link(conductor.manager,
                         conf.conf.conductor.heartbeat_timeout)

    conductor.manager._check_takeover(ctx)

    node = objects.Node.get(ctx, working.uuid)
    assert (node.provision_state, node.reservation) == (states.CLEANFAIL,
                                                        None)
    assert 'dead-host died' in node.last_error
    node = objects.Node.get(ctx, power.uuid)
    assert (node.target_power_state, node.reservation) == (None, None)
    assert objects.Node.get(ctx, live.uuid).reservation == 'test-host'


def test_takeover_spares_locks_of_a_conductor_stopping(conductor, conf):
    """A conductor stopping gracefully goes offline (out of every hash
    ring) but finishes the work it holds locks for: not dead yet."""
    ctx = _ctx()
    objects.Conductor.register(ctx, 'stopping-host', ['fake-hardware'])
    objects.Conductor.get_by_hostname(ctx, 'stopping-host').unregister()
    node = db_utils.create_test_node(provision_state=states.CLEANING,
                                     target_provision_state='available')
    objects.Node.reserve(ctx, 'stopping-host', node.uuid)
    utils.steady_db_link(conductor.manager,
                         conf.conf.conductor.heartbeat_timeout)

    conductor.manager._check_takeover(ctx)

    node = objects.Node.get(ctx, node.uuid)
    assert (node.provision_state, node.reservation) == (states.CLEANING,
                                                        'stopping-host')
    assert node.last_error is None


def test_takeover_of_active_nodes(conductor):
    node = db_utils.create_test_node(provision_state=states.ACTIVE,
                                     conductor_affinity=None)
    with mock.patch.object(fake.FakeDeploy, 'take_over') as take_over:
        conductor.manager._check_takeover(_ctx())
    assert take_over.call_count == 1
    node = objects.Node.get(_ctx(), node.uuid)
    assert node.conductor_affinity == conductor.manager.conductor.id


def test_restart_after_crash_recovers_own_nodes(conductor):
    ctx = _ctx()
    node = db_utils.create_test_node(provision_state=states.DEPLOYING,
                                     target_provision_state=states.ACTIVE)
    objects.Node.reserve(ctx, 'test-host', node.uuid)
    again = service.ConductorService('test-host')
    again.start()
    try:
        node = objects.Node.get(ctx, node.uuid)
        assert (node.provision_state, node.reservation) == (
            states.DEPLOYFAIL, None)
        assert 'restarted' in node.last_error
    finally:
        again.stop(drain=False)


def test_stop_hands_back_work_that_overruns(conductor, conf):
    from ironic_lite.conductor import rpcapi
    conf.config(graceful_shutdown_timeout=0)
    conf.config(group='fake', deploy_delay=0.5)
    node = db_utils.create_test_node(provision_state=states.AVAILABLE)
    rpcapi.ConductorAPI().do_node_deploy(_ctx(), node.uuid)
    assert conductor.stop(drain=False) == 1
    node = objects.Node.get(_ctx(), node.uuid)
    assert (node.provision_state, node.reservation) == (states.DEPLOYFAIL,
                                                        None)
    assert 'handed back' in node.last_error
    # A real conductor exits here; let the abandoned thread end first.
    time.sleep(0.7)
    conductor.start()


def test_stop_unregisters(conductor):
    conductor.stop(drain=False)
    conductor_obj = objects.Conductor.get_by_hostname(_ctx(), 'test-host',
                                                      online=None)
    assert not conductor_obj.online
    conductor.start()


def test_takeover_waits_for_a_steady_database_link(conductor, conf):
    """Right after a database outage every heartbeat looks stale: a
    conductor judges others only once it has itself heartbeaten without
    a break for heartbeat_timeout."""
    ctx = _ctx()
    timeout = conf.conf.conductor.heartbeat_timeout
    objects.Conductor.register(ctx, 'quiet-host', ['fake-hardware'])
    db_api.get_instance().update_conductor('quiet-host', {
        'updated_at': timeutils.utcnow() - datetime.timedelta(
            seconds=timeout + 1)})
    node = db_utils.create_test_node(provision_state=states.CLEANING,
                                     target_provision_state='available')
    objects.Node.reserve(ctx, 'quiet-host', node.uuid)
    clock = utils.steady_db_link(conductor.manager, timeout)
    # The heartbeat fails: the database is unreachable.
    url = conf.conf.database.connection
    conf.config(max_retries=0, group='database')
    fixtures.use_database(conf, db_utils.unreachable_url())
    conductor.manager._heartbeat(ctx)
    fixtures.use_database(conf, url)
    clock.now += 1
    conductor.manager._heartbeat(ctx)
    clock.now += timeout - 2
    conductor.manager._check_takeover(ctx)
    assert objects.Node.get(ctx, node.uuid).reservation == 'quiet-host'
    clock.now += 2
    conductor.manager._heartbeat(ctx)
    conductor.manager._check_takeover(ctx)
    node = objects.Node.get(ctx, node.uuid)
    assert (node.provision_state, node.reservation) == (states.CLEANFAIL,
                                                        None)
