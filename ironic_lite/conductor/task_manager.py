"""Tasks: a node, its driver, and the node's lock while work runs.

An exclusive task takes the node's lock: its ``reservation`` column is set
to this conductor's host in one atomic UPDATE, so a second writer gets
NodeLocked at once, whichever process it runs in, and a live conductor can
see (and, when the holder is dead, break) every lock. A shared task takes
no lock; it only reads. Work handed to :meth:`TaskManager.spawn_after`
runs in the conductor's bounded worker pool and inherits the lock, which
is released when the work ends.

Every save of the node under an exclusive task is fenced: it writes only
while the reservation is still this host's and no other task of this
process took the lock since (NodeLockLost otherwise, see
``objects.Node.fence``). A worker rides out a database outage up to its
pool's patience (``ironic_lite.db.retry``), so that it can record how the
operation ended and release the lock; a lock it could not release is
found by the conductor's sweep of its own reservations
(:meth:`LockRegistry.claim_abandoned`).

Usage::

    with task_manager.acquire(context, node_id, host, workers,
                              purpose='power on') as task:
        task.process_event('deploy', callback=do_deploy, call_args=(task,))
"""

import collections
import contextlib
import logging
import threading
import time

import futurist
from futurist import rejection

from ironic_lite.common import agent_token
from ironic_lite.common import exception
from ironic_lite.common import states
from ironic_lite.db import retry
from ironic_lite.drivers import factory
from ironic_lite import objects

LOG = logging.getLogger(__name__)


class NodeLock:
    """A node's lock as one task of this process holds it.

    ``host`` is what the task wrote in the node's reservation; ``lost``
    becomes True when another task of this process took the lock since
    (the node's lock was broken and taken again, or handed back), so the
    task must not touch the node any more.
    """

    __slots__ = ('host', 'node_id', 'lost')

    def __init__(self, host, node_id):
        self.host = host
        self.node_id = node_id
        self.lost = False


class LockRegistry:
    """The node locks the tasks of this process hold.

    The database's reservation names a host, not a task, so this process
    keeps track of which of its tasks holds which node. The sweep of a
    conductor's own reservations relies on it: a node the database says
    this host holds, that no task here holds, was abandoned (a release
    that failed, a lock taken by a write whose answer was lost).

    Taking a lock in the database and recording it here happen together
    (:meth:`taking` + :meth:`record`), so do the sweep's read of the
    database and its look here (:meth:`claim_abandoned`): the sweep never
    sees a lock a live task has just taken in the database but not yet
    recorded. Releasing in the database may happen outside (a task still
    recorded is simply skipped).
    """

    def __init__(self):
        self._cond = threading.Condition()
        self._taking = 0
        self._sweep = None      # None, 'waiting' or 'running'
        self._held = collections.defaultdict(list)

    @contextlib.contextmanager
    def taking(self):
        """Around taking a lock in the database and :meth:`record`."""
        with self._cond:
            self._cond.wait_for(lambda: self._sweep is None)
            self._taking += 1
        try:
            yield
        finally:
            with self._cond:
                self._taking -= 1
                self._cond.notify_all()

    def record(self, host, node_id):
        """Record the lock a task has just taken; returns its NodeLock.

        Another task of this process still recorded for the node lost
        the lock (the database gave it to this one): it is marked lost.
        """
        lock = NodeLock(host, node_id)
        with self._cond:
            for other in self._held[(host, node_id)]:
                if not other.lost:
                    LOG.warning('Another task of this conductor had the '
                                'lock of node %s; it lost it', node_id)
                other.lost = True
            self._held[(host, node_id)].append(lock)
        return lock

    def drop(self, lock):
        """Forget a lock (released, or lost)."""
        with self._cond:
            self._cond.wait_for(lambda: self._sweep != 'running')
            held = self._held.get((lock.host, lock.node_id), [])
            if lock in held:
                held.remove(lock)
            if not held:
                self._held.pop((lock.host, lock.node_id), None)

    def held(self, host):
        """The ids of the nodes tasks of this process hold for ``host``."""
        with self._cond:
            return {node_id for (h, node_id), locks in self._held.items()
                    if h == host and locks}

    def claim_abandoned(self, host, list_reserved, timeout):
        """The nodes ``list_reserved()`` (the nodes the database says
        ``host`` holds) that no task of this process holds, each with a
        NodeLock recorded for the caller, who must :meth:`drop` it.

        Waits up to ``timeout`` s for tasks taking locks to finish (and
        makes new ones wait); returns [] when they do not.
        """
        with self._cond:
            if self._sweep is not None:
                return []
            self._sweep = 'waiting'
            if not self._cond.wait_for(lambda: not self._taking, timeout):
                self._sweep = None
                self._cond.notify_all()
                return []
            self._sweep = 'running'
        claimed = []
        try:
            nodes = list_reserved()
            with self._cond:
                for node in nodes:
                    if not self._held.get((host, node.id)):
                        # A claim only keeps others away; it never fences
                        # a save, so it is born lost.
                        lock = NodeLock(host, node.id)
                        lock.lost = True
                        self._held[(host, node.id)].append(lock)
                        claimed.append((node, lock))
        finally:
            with self._cond:
                self._sweep = None
                self._cond.notify_all()
        return claimed


#: The locks held in this process (by every conductor host it runs).
LOCKS = LockRegistry()


def acquire(context, node_id, host=None, workers=None, shared=False,
            purpose='unspecified action', steal_from=None):
    """A :class:`TaskManager` for ``node_id`` (id, UUID or name).

    :param steal_from: take the lock over from this (dead) holder, in one
        atomic step, instead of taking a free lock.
    :raises: NodeLocked, NodeNotLocked (steal_from), NodeNotFound,
        DriverNotFound
    """
    return TaskManager(context, node_id, host, workers, shared, purpose,
                       steal_from)


class TaskManager:

    def __init__(self, context, node_id, host, workers, shared, purpose,
                 steal_from=None):
        self.context = context
        self.host = host
        self.shared = shared
        self.purpose = purpose
        self._workers = workers
        self._spawn = None
        self._spawn_error_handler = None
        self._lock = None
        self._ports = None
        self._portgroups = None
        self.node = None
        if shared:
            self.node = objects.Node.get(context, node_id)
        elif steal_from is not None:
            self.node = self._take(lambda: objects.Node.steal_lock(
                context, steal_from, host, node_id))
        else:
            self.node = self._take(lambda: objects.Node.reserve(
                context, host, node_id))
        try:
            self.driver = factory.build_driver(self.node)
        except Exception:
            self.release_resources()
            raise

    def __enter__(self):
        return self

    @property
    def ports(self):
        """The node's ports (by id), read on first use."""
        if self._ports is None:
            self._ports = objects.Port.list(
                self.context, filters={'node_id': self.node.id})
        return self._ports

    @property
    def portgroups(self):
        """The node's port groups (by id), read on first use."""
        if self._portgroups is None:
            self._portgroups = objects.Portgroup.list(
                self.context, filters={'node_id': self.node.id})
        return self._portgroups

    def __exit__(self, exc_type, exc, tb):
        if exc_type is not None or self._spawn is None:
            self.release_resources()
            return
        func, args, kwargs = self._spawn
        self._spawn = None
        try:
            self._workers.submit(self._run, func, args, kwargs)
        except (futurist.RejectedSubmission, RuntimeError):
            # RuntimeError: the pool is shut down (the conductor stops).
            LOG.warning('No free worker for %s on node %s', self.purpose,
                        self.node.uuid)
            try:
                if self._spawn_error_handler is not None:
                    self._spawn_error_handler()
            finally:
                self.release_resources()
            raise exception.NoFreeConductorWorker()

    def fence(self, node):
        """Fence another copy of this task's node (such as the changed
        object an API sent) with this task's lock, so that its save is
        checked like the task's own. :raises: RuntimeError (shared)"""
        if self.shared:
            raise RuntimeError('a shared task holds no lock to fence with')
        node.fence(self._lock)

    def _take(self, take_in_db):
        with LOCKS.taking():
            node = take_in_db()
            self._lock = LOCKS.record(self.host, node.id)
        node.fence(self._lock)
        return node

    def _run(self, func, args, kwargs):
        try:
            func(*args, **kwargs)
        except exception.NodeLockLost as e:
            LOG.warning('%s on node %s stops: %s', self.purpose,
                        self.node.uuid, e)
        except exception.DatabaseUnavailable:
            LOG.error('%s on node %s could not record its result: the '
                      'database stayed unreachable; the sweep of this '
                      'conductor\'s reservations will fail the operation',
                      self.purpose, self.node.uuid)
        except Exception:
            LOG.exception('Unexpected error in %s on node %s', self.purpose,
                          self.node.uuid)
        finally:
            self.release_resources()

    def spawn_after(self, func, *args, **kwargs):
        """Run ``func`` in a worker once the ``with`` block ends; the
        worker inherits the lock and releases it when done."""
        if self.shared:
            raise RuntimeError('a shared task cannot spawn work')
        self._spawn = (func, args, kwargs)

    def set_spawn_error_handler(self, handler):
        """Call ``handler()`` (under the lock) if the spawned work cannot
        start, to undo what recording the intent changed."""
        self._spawn_error_handler = handler

    def upgrade_lock(self, purpose=None):
        """Turn a shared task into an exclusive one. :raises: NodeLocked"""
        if not self.shared:
            return
        self.node = self._take(lambda: objects.Node.reserve(
            self.context, self.host, self.node.id))
        self.shared = False
        self.purpose = purpose or self.purpose

    def release_resources(self):
        """Release the node's lock (unless it was lost or the node
        deleted). A release the database refuses (unreachable) leaves the
        lock to the conductor's sweep of its own reservations."""
        lock, self._lock = self._lock, None
        self.shared = True
        if lock is None:
            return
        try:
            if self.node is not None and not lock.lost:
                objects.Node.release(self.context, self.host, lock.node_id)
        except (exception.NodeNotLocked, exception.NodeNotFound):
            # Broken by another conductor meanwhile, or the node deleted.
            LOG.debug('Lock of node %s already gone', lock.node_id)
        except exception.DatabaseUnavailable:
            LOG.warning('Could not release the lock of node %s: the '
                        'database is unreachable', lock.node_id)
        finally:
            LOCKS.drop(lock)

    def process_event(self, event, callback=None, call_args=(),
                      target_state=None, last_error=None):
        """Move the node through the provision state machine and save it.

        With ``callback``, spawn it after the ``with`` block; if it cannot
        be started the node is put back where it was (never left in a
        working state nobody works on).

        :raises: InvalidStateRequested
        """
        node = self.node
        previous = (node.provision_state, node.target_provision_state,
                    node.last_error)
        node.provision_state = states.next_state(node.provision_state, event)
        if node.provision_state not in states.LOOKUP_STATES:
            # The ramdisk's work is over: its token goes with it.
            agent_token.drop(node)
        if node.provision_state in states.STABLE_STATES:
            node.target_provision_state = None
        elif target_state is not None:
            node.target_provision_state = target_state
        elif previous[0] in states.STABLE_STATES or previous[1] is None:
            # A new operation starts; within one, the target stays.
            node.target_provision_state = states.TARGETS.get(
                node.provision_state)
        node.last_error = last_error
        node.save()
        if callback is not None:
            self.spawn_after(callback, *call_args)

            def restore():
                node.provision_state, node.target_provision_state, \
                    node.last_error = previous
                node.save()
            self.set_spawn_error_handler(restore)


class WorkerPool:
    """The bounded pool node operations run in.

    When every thread is busy and ``size`` more operations wait, a new one
    is refused (NoFreeConductorWorker, 503) instead of queued without end.
    """

    def __init__(self, size, db_patience=None):
        """:param db_patience: seconds each operation may wait for an
            unreachable database (``ironic_lite.db.retry.patience``)."""
        self._executor = futurist.ThreadPoolExecutor(
            max_workers=size,
            check_and_reject=rejection.reject_when_reached(size))
        self._db_patience = db_patience
        self._running = set()
        self._idle = threading.Condition()
        self._stopped = False

    def submit(self, func, *args, **kwargs):
        """:raises: futurist.RejectedSubmission, RuntimeError (stopped)"""
        with self._idle:
            if self._stopped:
                raise RuntimeError('the worker pool is stopped')
            future = self._executor.submit(self._patiently, func, args,
                                           kwargs)
            self._running.add(future)
        future.add_done_callback(self._done)
        return future

    def _patiently(self, func, args, kwargs):
        with retry.patience(self._db_patience):
            return func(*args, **kwargs)

    def _done(self, future):
        with self._idle:
            self._running.discard(future)
            self._idle.notify_all()

    def running(self):
        with self._idle:
            return len(self._running)

    def stop(self, timeout):
        """Refuse new work; wait up to ``timeout`` s for the accepted work.

        :returns: the number of operations still running.
        """
        deadline = time.monotonic() + timeout
        with self._idle:
            self._stopped = True
            while self._running:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                self._idle.wait(left)
            running = len(self._running)
        # Queued work has run by now (or is abandoned): let threads go.
        self._executor.shutdown(wait=False)
        return running
