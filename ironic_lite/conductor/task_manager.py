"""Tasks: a node, its driver, and the node's lock while work runs.

An exclusive task takes the node's lock: its ``reservation`` column is set
to this conductor's host in one atomic UPDATE, so a second writer gets
NodeLocked at once, whichever process it runs in, and a live conductor can
see (and, when the holder is dead, break) every lock. A shared task takes
no lock; it only reads. Work handed to :meth:`TaskManager.spawn_after`
runs in the conductor's bounded worker pool and inherits the lock, which
is released when the work ends.

Usage::

    with task_manager.acquire(context, node_id, host, workers,
                              purpose='power on') as task:
        task.process_event('deploy', callback=do_deploy, call_args=(task,))
"""

import logging
import threading
import time

import futurist
from futurist import rejection

from ironic_lite.common import exception
from ironic_lite.common import states
from ironic_lite.drivers import factory
from ironic_lite import objects

LOG = logging.getLogger(__name__)


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
        self.node = None
        if shared:
            self.node = objects.Node.get(context, node_id)
        elif steal_from is not None:
            self.node = objects.Node.steal_lock(context, steal_from, host,
                                                node_id)
        else:
            self.node = objects.Node.reserve(context, host, node_id)
        try:
            self.driver = factory.build_driver(self.node)
        except Exception:
            self.release_resources()
            raise

    def __enter__(self):
        return self

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

    def _run(self, func, args, kwargs):
        try:
            func(*args, **kwargs)
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
        self.node = objects.Node.reserve(self.context, self.host,
                                         self.node.id)
        self.shared = False
        self.purpose = purpose or self.purpose

    def release_resources(self):
        if self.shared or self.node is None:
            return
        try:
            objects.Node.release(self.context, self.host, self.node.id)
        except (exception.NodeNotLocked, exception.NodeNotFound):
            # Broken by another conductor meanwhile, or the node deleted.
            LOG.debug('Lock of node %s already gone', self.node.uuid)
        self.shared = True

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

    def __init__(self, size):
        self._executor = futurist.ThreadPoolExecutor(
            max_workers=size,
            check_and_reject=rejection.reject_when_reached(size))
        self._running = set()
        self._idle = threading.Condition()
        self._stopped = False

    def submit(self, func, *args, **kwargs):
        """:raises: futurist.RejectedSubmission, RuntimeError (stopped)"""
        with self._idle:
            if self._stopped:
                raise RuntimeError('the worker pool is stopped')
            future = self._executor.submit(func, *args, **kwargs)
            self._running.add(future)
        future.add_done_callback(self._done)
        return future

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
