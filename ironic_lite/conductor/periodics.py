"""The conductor's periodic tasks.

- heartbeat: keep this conductor alive in the conductors table (online
  while it can reach itself through the broker, see broker_check);
- broker check: ping itself through the broker (see broker_check);
- takeover: break the locks of dead conductors on the nodes this conductor
  now manages (failing what their workers were doing) and take over
  active nodes deployed by another conductor. Fenced: only once this
  conductor has itself heartbeaten without a break for
  ``heartbeat_timeout`` (see ironic_lite.common.link), so that it never
  takes a live conductor, whose heartbeats it could not see during a
  database outage, for dead;
- sweep: release the locks the database says this conductor holds that
  none of its tasks holds (a release that failed while the database was
  unreachable), failing their operation;
- power state sync: record the power state BMCs report; after
  ``power_state_sync_max_retries`` failures in a row put the node in
  maintenance with the fault "power failure" (and take it out again when
  the BMC answers);
- wait timeouts: fail nodes that waited too long for their ramdisk.

Each conductor only handles the nodes the hash ring gives it, so exactly
one conductor acts on a node. A task reads only the nodes of this
conductor's share of the rings (:class:`ShareScan`): selected in SQL by
hardware type, conductor group and place on the rings, a page of
``[conductor]periodic_page_size`` rows of the few columns it needs at a
time, the ring deciding for each row.
"""

import logging
import threading

import futurist
from futurist import periodics
from futurist import waiters

from ironic_lite.common import exception
from ironic_lite.common import hash_ring
from ironic_lite.common import link
from ironic_lite.common import states
from ironic_lite.conductor import provisioning
from ironic_lite.conductor import task_manager
from ironic_lite.conductor import utils
from ironic_lite.conf import CONF
from ironic_lite.db import api as db_api
from ironic_lite import objects

LOG = logging.getLogger(__name__)

POWER_FAILURE = 'power failure'

#: The nodes a power state sync looks at: unlocked, not working.
POWER_SYNC_FILTERS = {'reserved': False,
                      'provision_state_not_in': sorted(states.WORKING_STATES)}

#: wait state -> option holding its timeout
_WAIT_TIMEOUTS = {states.DEPLOYWAIT: 'deploy_callback_timeout',
                  states.CLEANWAIT: 'clean_callback_timeout',
                  states.INSPECTWAIT: 'inspect_wait_timeout'}


class PeriodicTasks:
    """Mixed into the manager; needs ``host``, ``conductor``, ``_acquire``,
    ``fail_abandoned`` and ``broker`` (a BrokerCheck, or None when this
    conductor is online whatever the broker does)."""

    def __init__(self):
        self._periodic_worker = None
        self._periodic_thread = None
        self._power_failures = {}
        self.ring = None
        self.broker = None
        self.db_link = None

    def start_periodics(self, context):
        self.ring = hash_ring.HashRingManager(
            CONF.hash_ring_reset_interval, CONF.hash_partition_exponent,
            CONF.conductor.heartbeat_timeout)
        conductor = CONF.conductor
        # Registering was a heartbeat.
        self.db_link = link.LinkWatch(max_gap=2 * conductor.heartbeat_interval)
        self.db_link.worked()
        tasks = [
            (self._heartbeat, conductor.heartbeat_interval),
            (self._check_takeover, conductor.check_takeover_interval),
            (self._sweep_reservations, conductor.check_takeover_interval),
            (self._check_wait_timeouts,
             conductor.check_provision_state_interval),
        ]
        if conductor.sync_power_state_interval:
            tasks.append((self._sync_power_states,
                          conductor.sync_power_state_interval))
        if self.broker is not None:
            tasks.append((self._check_broker, conductor.self_ping_interval))
        callables = []
        for func, spacing in tasks:
            wrapped = periodics.periodic(spacing, run_immediately=False)(
                _logged(func))
            callables.append((wrapped, (context,), {}))
        self._periodic_worker = periodics.PeriodicWorker(
            callables, executor_factory=lambda: futurist.ThreadPoolExecutor(
                max_workers=len(callables)))
        self._periodic_thread = threading.Thread(
            target=self._periodic_worker.start, name='periodic-tasks',
            daemon=True)
        self._periodic_thread.start()

    def stop_periodics(self):
        if self._periodic_worker is not None:
            self._periodic_worker.stop()
            self._periodic_worker.wait()
            self._periodic_thread.join()
            self._periodic_worker = None

    def _my_nodes(self, context, filters, columns=()):
        """Rows (``id``, ``uuid`` and ``columns``) of the nodes matching
        ``filters`` that the hash rings give this host, page by page."""
        scan = ShareScan(self.ring.share(self.host), filters, columns)
        yield from scan
        LOG.debug('Read %d nodes in %d pages for %d of this conductor\'s',
                  scan.rows_read, scan.pages, scan.rows_owned)

    # -- heartbeat and broker check --

    def is_online(self):
        """Whether this conductor takes new requests."""
        return self.broker is None or self.broker.online

    def _heartbeat(self, context):
        try:
            self.conductor.touch(online=self.is_online())
        except exception.DatabaseUnavailable:
            self.db_link.failed()
            LOG.warning('Heartbeat failed: the database is unreachable')
            return
        self.db_link.worked()

    def _check_broker(self, context):
        self.broker.check()

    # -- takeover --

    def _check_takeover(self, context):
        self.ring.reset()
        timeout = CONF.conductor.heartbeat_timeout
        if self.db_link.steady_for() >= timeout:
            self._break_dead_locks(context, timeout)
        else:
            LOG.debug('Not judging other conductors: this one has used the '
                      'database without a break for %.0f s only (%d s '
                      'needed)', self.db_link.steady_for(), timeout)
        self._take_over_active_nodes(context)

    def _break_dead_locks(self, context, heartbeat_timeout):
        dbapi = db_api.get_instance()
        alive = dbapi.get_alive_conductors(heartbeat_timeout)
        alive.add(self.host)
        share = self.ring.share(self.host)
        for node_uuid, holder, driver, group in (
                dbapi.get_nodes_reserved_by_others(alive)):
            if not share.owns(node_uuid, driver, group):
                continue
            try:
                node = objects.Node.get(context, node_uuid)
            except exception.NodeNotFound:
                continue
            if self.fail_abandoned(
                    context, node.uuid, holder,
                    'Conductor %s died while it was working on the node '
                    '(%s); its lock was broken by %s.'
                    % (holder, node.provision_state, self.host)):
                LOG.warning('Broke the lock of dead conductor %s on node %s',
                            holder, node.uuid)

    def _take_over_active_nodes(self, context):
        for node in self._my_nodes(context,
                                   {'provision_state': states.ACTIVE},
                                   ['conductor_affinity']):
            if node.conductor_affinity == self.conductor.id:
                continue
            try:
                with self._acquire(context, node.uuid,
                                   purpose='take over') as task:
                    task.driver.deploy.take_over(task)
                    task.node.conductor_affinity = self.conductor.id
                    task.node.save()
                LOG.info('Took over active node %s', node.uuid)
            except exception.NodeLocked:
                continue
            except exception.IronicLiteException as e:
                LOG.warning('Cannot take over node %s: %s', node.uuid, e)

    # -- sweep of this conductor's own reservations --

    def _sweep_reservations(self, context):
        # The locks of this host: as many as its tasks at most, one query.
        claimed = task_manager.LOCKS.claim_abandoned(
            self.host, lambda: db_api.get_instance().get_node_page(
                ['uuid', 'provision_state'], {'reservation': self.host}),
            timeout=min(5, CONF.conductor.check_takeover_interval))
        for node, lock in claimed:
            try:
                LOG.warning('Node %s is locked by this conductor but no '
                            'operation of it holds the lock; releasing it',
                            node.uuid)
                self.fail_abandoned(
                    context, node.uuid, self.host,
                    'Conductor %s could not record the end of the operation '
                    'on the node (%s) and released its lock later; the '
                    'operation did not finish.'
                    % (self.host, node.provision_state))
            finally:
                task_manager.LOCKS.drop(lock)

    # -- power state sync --

    def _sync_power_states(self, context):
        workers = CONF.conductor.sync_power_state_workers
        with futurist.ThreadPoolExecutor(max_workers=workers) as pool:
            page = []
            for node in self._my_nodes(context, POWER_SYNC_FILTERS):
                page.append(pool.submit(self._sync_node_power_state,
                                        context, node.uuid))
                if len(page) >= CONF.conductor.periodic_page_size:
                    # At most a page of nodes waiting for a worker.
                    waiters.wait_for_all(page)
                    page = []

    def _sync_node_power_state(self, context, node_uuid):
        try:
            with self._acquire(context, node_uuid, shared=True,
                               purpose='power state sync') as task:
                self._sync_task_power_state(task)
        except (exception.NodeLocked, exception.NodeNotFound):
            pass
        except Exception:
            LOG.exception('Power state sync of node %s failed', node_uuid)

    def _sync_task_power_state(self, task):
        node = task.node
        if node.target_power_state is not None:
            return  # a power action is in flight
        try:
            task.driver.power.validate(task)
            power_state = task.driver.power.get_power_state(task)
        except exception.IronicLiteException as e:
            failures = self._power_failures.get(node.uuid, 0) + 1
            self._power_failures[node.uuid] = failures
            LOG.warning('Cannot read the power state of node %s (%d/%d): %s',
                        node.uuid, failures,
                        CONF.conductor.power_state_sync_max_retries, e)
            if (failures >= CONF.conductor.power_state_sync_max_retries and
                    not node.maintenance):
                task.upgrade_lock('power failure maintenance')
                node = task.node
                node.maintenance = True
                node.fault = POWER_FAILURE
                node.maintenance_reason = (
                    'The power state of the node could not be read %d times '
                    'in a row: %s' % (failures, e))
                node.last_error = node.maintenance_reason
                node.save()
            return
        self._power_failures.pop(node.uuid, None)
        recovered = node.maintenance and node.fault == POWER_FAILURE
        if power_state == node.power_state and not recovered:
            return
        task.upgrade_lock('power state sync')
        node = task.node
        if node.target_power_state is not None:
            return
        if power_state != node.power_state:
            LOG.warning('Node %s is in power state "%s", the database said '
                        '"%s"; recording it', node.uuid, power_state,
                        node.power_state)
            node.power_state = power_state
        if recovered:
            LOG.info('Node %s answers again; leaving maintenance', node.uuid)
            node.maintenance = False
            node.fault = None
            node.maintenance_reason = None
        node.save()

    # -- wait timeouts --

    def _check_wait_timeouts(self, context):
        for wait_state, option in sorted(_WAIT_TIMEOUTS.items()):
            timeout = getattr(CONF.conductor, option)
            if not timeout:
                continue
            filters = {'provision_state': wait_state, 'reserved': False,
                       'provisioned_before': timeout}
            for node in self._my_nodes(context, filters):
                try:
                    with self._acquire(context, node.uuid,
                                       purpose='wait timeout') as task:
                        if task.node.provision_state != wait_state:
                            continue
                        reason = ('Timeout reached while waiting for the '
                                  'ramdisk of the node (%s, %d s)'
                                  % (wait_state, timeout))
                        if wait_state == states.CLEANWAIT:
                            provisioning.clean_failed(task, reason)
                        elif wait_state == states.DEPLOYWAIT:
                            provisioning.deploy_failed(task, reason)
                        else:
                            utils.provisioning_error(task, reason)
                except (exception.NodeLocked, exception.NodeNotFound):
                    continue


class ShareScan:
    """The rows of the nodes matching ``filters`` that ``share`` (a
    ironic_lite.common.hash_ring.Share) holds, read in pages of
    ``page_size`` (``[conductor]periodic_page_size``) by increasing id:
    each node once, with ``id``, ``uuid``, ``driver``, ``conductor_group``
    and ``columns``. Counts what it read in ``rows_read`` and ``pages``,
    what it gave in ``rows_owned``."""

    def __init__(self, share, filters, columns=(), page_size=None):
        self.share = share
        self.filters = filters
        self.columns = sorted(set(columns) |
                              {'uuid', 'driver', 'conductor_group'})
        self.page_size = page_size or CONF.conductor.periodic_page_size
        self.rows_read = self.pages = self.rows_owned = 0

    def __iter__(self):
        selection = self.share.selection()
        if not selection:
            return
        dbapi = db_api.get_instance()
        after = None
        while True:
            page = dbapi.get_node_page(self.columns, self.filters,
                                       selection, after, self.page_size)
            self.pages += 1
            self.rows_read += len(page)
            for row in page:
                if self.share.owns(row.uuid, row.driver,
                                   row.conductor_group):
                    self.rows_owned += 1
                    yield row
            if len(page) < self.page_size:
                return
            after = page[-1].id


def _logged(func):
    def run(*args, **kwargs):
        try:
            func(*args, **kwargs)
        except exception.DatabaseUnavailable:
            LOG.warning('Periodic task %s skipped: the database is '
                        'unreachable', func.__name__)
        except Exception:
            LOG.exception('Periodic task %s failed', func.__name__)
    run.__name__ = func.__name__
    return run
