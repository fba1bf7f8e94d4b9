"""Tasks and their node locks: fencing of saves, the registry of the locks
this process holds (and the sweep's race with a task taking a lock), the
workers' patience with the database."""

import threading

import pytest

from ironic_lite.common import context
from ironic_lite.common import exception
from ironic_lite.common import states
from ironic_lite.conductor import task_manager
from ironic_lite.db import api as db_api
from ironic_lite.db import retry
from ironic_lite import objects
from tests import fixtures
from tests.unit.db import utils as db_utils


def _ctx():
    return context.get_admin_context()


def _reserved_by(host):
    return lambda: objects.Node.list(_ctx(), filters={'reservation': host})


def test_saves_under_a_broken_lock_raise_and_touch_nothing(db, drivers):
    node = db_utils.create_test_node()
    with task_manager.acquire(_ctx(), node.uuid, 'host-a') as task:
        task.node.extra = {'step': 1}
        task.node.save()
        # Another conductor took this one for dead and broke its lock.
        objects.Node.steal_lock(_ctx(), 'host-a', 'host-b', node.uuid)
        task.node.extra = {'step': 2}
        with pytest.raises(exception.NodeLockLost, match='host-a'):
            task.node.save()
    node = objects.Node.get(_ctx(), node.uuid)
    assert (node.extra, node.reservation) == ({'step': 1}, 'host-b')


def test_a_worker_that_lost_its_lock_stops(conductor):
    """A worker whose lock was broken meanwhile ends at its next save and
    releases nothing: the new holder's lock and changes stay."""
    node = db_utils.create_test_node(provision_state=states.AVAILABLE)
    taken = threading.Event()
    go_on = threading.Event()

    def work(task):
        taken.set()
        go_on.wait(10)
        task.node.extra = {'written by': 'the old holder'}
        task.process_event('deploy')

    with conductor.manager._acquire(_ctx(), node.uuid) as task:
        task.spawn_after(work, task)
    assert taken.wait(10)
    objects.Node.steal_lock(_ctx(), 'test-host', 'other-host', node.uuid)
    go_on.set()
    assert conductor.manager._workers.stop(10) == 0
    node = objects.Node.get(_ctx(), node.uuid)
    assert (node.provision_state, node.reservation, node.extra) == (
        states.AVAILABLE, 'other-host', {})


def test_a_task_taking_the_lock_again_fences_the_previous_one(db, drivers):
    node = db_utils.create_test_node()
    first = task_manager.acquire(_ctx(), node.uuid, 'host-a')
    # The first task's lock was broken and released elsewhere; a new task
    # of this process takes the node: the first one must not write.
    db_api.get_instance().release_node('host-a', node.uuid)
    with task_manager.acquire(_ctx(), node.uuid, 'host-a') as second:
        first.node.extra = {'by': 'first'}
        with pytest.raises(exception.NodeLockLost):
            first.node.save()
        second.node.extra = {'by': 'second'}
        second.node.save()
    first.release_resources()
    node = objects.Node.get(_ctx(), node.uuid)
    assert (node.extra, node.reservation) == ({'by': 'second'}, None)
    assert task_manager.LOCKS.held('host-a') == set()


def test_registry_knows_the_locks_tasks_hold(db, drivers):
    node = db_utils.create_test_node()
    with task_manager.acquire(_ctx(), node.uuid, 'host-a'):
        assert task_manager.LOCKS.held('host-a') == {node.id}
        assert task_manager.LOCKS.claim_abandoned(
            'host-a', _reserved_by('host-a'), timeout=1) == []
    assert task_manager.LOCKS.held('host-a') == set()
    with task_manager.acquire(_ctx(), node.uuid, 'host-a', shared=True):
        assert task_manager.LOCKS.held('host-a') == set()


def test_claim_abandoned_returns_locks_no_task_holds(db, drivers):
    held = db_utils.create_test_node()
    left = db_utils.create_test_node()
    objects.Node.reserve(_ctx(), 'host-a', left.uuid)
    with task_manager.acquire(_ctx(), held.uuid, 'host-a'):
        claimed = task_manager.LOCKS.claim_abandoned(
            'host-a', _reserved_by('host-a'), timeout=1)
        assert [node.uuid for node, _lock in claimed] == [left.uuid]
        # Claimed: a second sweep leaves it to the first.
        assert task_manager.LOCKS.claim_abandoned(
            'host-a', _reserved_by('host-a'), timeout=1) == []
        task_manager.LOCKS.drop(claimed[0][1])


def test_sweep_never_claims_a_lock_a_task_is_taking(db, drivers):
    """A task has taken the lock in the database but not yet recorded it
    here: the sweep waits for it instead of taking the lock for
    abandoned."""
    node = db_utils.create_test_node()
    in_db = threading.Event()
    record = threading.Event()
    recorded = []

    def task():
        with task_manager.LOCKS.taking():
            objects.Node.reserve(_ctx(), 'host-a', node.uuid)
            in_db.set()
            record.wait(10)
            recorded.append(task_manager.LOCKS.record('host-a', node.id))

    thread = threading.Thread(target=task)
    thread.start()
    assert in_db.wait(10)
    swept = []
    sweep = threading.Thread(target=lambda: swept.append(
        task_manager.LOCKS.claim_abandoned('host-a', _reserved_by('host-a'),
                                           timeout=10)))
    sweep.start()
    sweep.join(0.3)
    assert sweep.is_alive(), 'the sweep did not wait for the task'
    record.set()
    thread.join(10)
    sweep.join(10)
    assert swept == [[]]
    task_manager.LOCKS.drop(recorded[0])


def test_sweep_gives_up_when_tasks_keep_taking_locks(db):
    with task_manager.LOCKS.taking():
        assert task_manager.LOCKS.claim_abandoned(
            'host-a', _reserved_by('host-a'), timeout=0.1) == []


def test_periodic_sweep_fails_abandoned_operations(conductor):
    ctx = _ctx()
    left = db_utils.create_test_node(provision_state=states.CLEANING,
                                     target_provision_state='available')
    objects.Node.reserve(ctx, 'test-host', left.uuid)
    idle = db_utils.create_test_node()
    objects.Node.reserve(ctx, 'test-host', idle.uuid)
    busy = db_utils.create_test_node(provision_state=states.CLEANING,
                                     target_provision_state='available')
    with conductor.manager._acquire(ctx, busy.uuid):
        conductor.manager._sweep_reservations(ctx)
        node = objects.Node.get(ctx, busy.uuid)
        assert (node.provision_state, node.reservation) == (
            states.CLEANING, 'test-host')
    node = objects.Node.get(ctx, left.uuid)
    assert (node.provision_state, node.reservation) == (states.CLEANFAIL,
                                                        None)
    assert 'could not record the end' in node.last_error
    node = objects.Node.get(ctx, idle.uuid)
    assert (node.provision_state, node.reservation, node.last_error) == (
        states.ENROLL, None, None)
    assert task_manager.LOCKS.held('test-host') == set()


def test_workers_have_patience_rpc_threads_none(db):
    pool = task_manager.WorkerPool(2, db_patience=120)
    seen = []
    pool.submit(lambda: seen.append(retry._deadline()))
    assert pool.stop(10) == 0
    assert seen[0] is not None
    assert retry._deadline() is None


def test_release_that_fails_leaves_the_lock_to_the_sweep(conductor, conf):
    """A task that cannot release its lock (database unreachable) forgets
    it; the sweep releases it once the database answers."""
    ctx = _ctx()
    node = db_utils.create_test_node()
    url = conf.conf.database.connection
    task = conductor.manager._acquire(ctx, node.uuid)
    conf.config(max_retries=0, group='database')
    fixtures.use_database(conf, db_utils.unreachable_url())
    task.release_resources()
    assert task_manager.LOCKS.held('test-host') == set()
    fixtures.use_database(conf, url)
    assert objects.Node.get(ctx, node.uuid).reservation == 'test-host'
    conductor.manager._sweep_reservations(ctx)
    assert objects.Node.get(ctx, node.uuid).reservation is None
