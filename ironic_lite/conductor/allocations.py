"""Allocations (RPC 2.2, API 1.52): picking a node for a request and
giving it back.

A mixin of :class:`ironic_lite.conductor.manager.ConductorManager` with
the RPC methods, and the worker that fills an allocation.

Filling (:func:`do_allocate`, in the worker pool): the candidates are
the nodes that are available, not in maintenance, not retired, have no
instance and no allocation, have the requested resource class, every
requested trait, are among ``candidate_nodes`` when given, and belong to
the allocation's owner (as owner or lessee) when it has one. They are
tried in random order, so that concurrent allocations spread: each one
under its lock, claimed by one conditional UPDATE that also checks that
the node is still free (``Connection.claim_node``), so two allocations
never get one node even when their conductors race. A node locked by
another task is skipped and tried again in a later round. The allocation
ends ``active`` with its node, or ``error`` with ``last_error``.

Backfilling (API 1.58, :meth:`AllocationMethods.create_allocation` with
``node_id`` set) records an allocation for a node deployed without one:
checked and claimed under the node's lock in the RPC thread, created
``active``.

Deleting an allocation frees its node (``allocation_id`` and the
``instance_uuid`` it set), under the node's lock; refused (409) while the
node is active and not in maintenance, or in a transition, as Ironic.
Tearing a node down deletes its allocation.
"""

import logging
import random
import time

from ironic_lite.common import exception
from ironic_lite.common import states
from ironic_lite.conductor import task_manager
from ironic_lite.conductor import utils
from ironic_lite.db import api as db_api
from ironic_lite import objects
from ironic_lite.objects import allocation as allocation_obj

LOG = logging.getLogger(__name__)

#: The marker of an RPC method (see conductor.utils).
expected = utils.expected

#: Rounds over the candidates while some are locked by other tasks, and
#: the seconds between two rounds.
LOCKED_ROUNDS = 5
LOCKED_DELAY = 0.5


def _node_traits(node):
    return set(node.traits.get_trait_names()) if node.traits else set()


def candidates(context, allocation):
    """The nodes that match ``allocation`` now (unlocked reads; each is
    checked again when claimed).

    :raises: AllocationFailed saying why none matches.
    """
    filters = {'resource_class': allocation.resource_class,
               'provision_state': states.AVAILABLE, 'maintenance': False,
               'retired': False, 'associated': False,
               'allocation_id': None}
    if allocation.candidate_nodes:
        filters['uuid_in'] = list(allocation.candidate_nodes)
    if allocation.owner:
        filters['project'] = allocation.owner
    nodes = objects.Node.list(context, filters=filters)
    if not nodes:
        where = (' among the candidate nodes %s'
                 % ', '.join(allocation.candidate_nodes)
                 if allocation.candidate_nodes else '')
        raise exception.AllocationFailed(
            uuid=allocation.uuid,
            error='no available node has resource class %s%s'
                  % (allocation.resource_class, where))
    wanted = set(allocation.traits or ())
    nodes = [node for node in nodes if wanted <= _node_traits(node)]
    if not nodes:
        raise exception.AllocationFailed(
            uuid=allocation.uuid,
            error='no available node of resource class %s has the traits '
                  '%s' % (allocation.resource_class,
                          ', '.join(sorted(wanted))))
    return nodes


def _claim_values(task, allocation, backfill=False):
    """The node's columns that record ``allocation``, in the version the
    node is written in. :raises: AllocationFailed while pinned to a
    release whose nodes have no allocation."""
    node = task.node
    node.allocation_id = allocation.id
    node.instance_uuid = allocation.uuid
    if allocation.traits and not backfill:
        node.instance_info = dict(node.instance_info,
                                  traits=list(allocation.traits))
    values = node.do_version_changes_for_db()
    if 'allocation_id' not in values:
        raise exception.AllocationFailed(
            uuid=allocation.uuid,
            error='nodes are written in version %s (the pinned release), '
                  'which has no allocation' % values['version'])
    return values


def _try_node(context, allocation, node, host, workers):
    """Claim ``node`` for ``allocation`` under its lock.

    :returns: True when claimed, False when it is no longer free.
    :raises: NodeLocked
    """
    with task_manager.acquire(context, node.id, host, workers,
                              purpose='allocating') as task:
        current = task.node
        if not set(allocation.traits or ()) <= _node_traits(current):
            return False
        values = _claim_values(task, allocation)
        if not db_api.get_instance().claim_node(current.id, values, host):
            LOG.info('Node %s was taken before allocation %s could claim '
                     'it', current.uuid, allocation.uuid)
            return False
        current.obj_reset_changes()
        allocation.node_id = current.id
        allocation.state = allocation_obj.ACTIVE
        allocation.last_error = None
        allocation.save()
        LOG.info('Allocation %s got node %s', allocation.uuid, current.uuid)
        return True


def do_allocate(context, allocation, host, workers, rounds=LOCKED_ROUNDS,
                delay=LOCKED_DELAY):
    """Worker: fill ``allocation`` (see the module doc). Ends it
    ``active`` or ``error``; never raises."""
    try:
        for round_ in range(rounds):
            locked = False
            nodes = candidates(context, allocation)
            random.shuffle(nodes)
            for node in nodes:
                try:
                    if _try_node(context, allocation, node, host, workers):
                        return
                except exception.NodeLocked:
                    locked = True
                except exception.NodeNotFound:
                    continue
            if not locked:
                break
            time.sleep(delay)
        raise exception.AllocationFailed(
            uuid=allocation.uuid,
            error='every node that matched was taken or stayed locked by '
                  'other operations')
    except exception.AllocationFailed as e:
        _fail(allocation, str(e))
    except Exception as e:
        LOG.exception('Allocation %s failed unexpectedly', allocation.uuid)
        _fail(allocation, 'Failed to process allocation %s: unexpected '
                          'error (%s)' % (allocation.uuid,
                                          type(e).__name__))


def _fail(allocation, error):
    LOG.warning('%s', error)
    allocation.state = allocation_obj.ERROR
    allocation.last_error = error
    allocation.node_id = None
    allocation.save()


def check_backfill(node, allocation):
    """Whether ``node`` can be recorded as ``allocation``'s (API 1.58).

    :raises: InvalidParameterValue (400) saying what does not match,
        NodeAssociated (409) when another allocation or instance has it.
    """
    errors = []
    if node.provision_state != states.ACTIVE:
        errors.append('the node must be "active", not "%s"'
                      % node.provision_state)
    if node.maintenance:
        errors.append('the node must not be in maintenance')
    if (allocation.resource_class
            and allocation.resource_class != node.resource_class):
        errors.append('the node\'s resource class is %s, not %s'
                      % (node.resource_class, allocation.resource_class))
    missing = set(allocation.traits or ()) - _node_traits(node)
    if missing:
        errors.append('the node lacks the traits %s'
                      % ', '.join(sorted(missing)))
    if errors:
        raise exception.InvalidParameterValue(
            err='Cannot create allocation %s for node %s: %s'
            % (allocation.uuid, node.uuid, '; '.join(errors)))
    if node.allocation_id is not None or (
            node.instance_uuid not in (None, allocation.uuid)):
        raise exception.NodeAssociated(
            node=node.uuid,
            instance=node.instance_uuid or 'allocation %s'
            % node.allocation_id)


def check_deallocate(node, allocation):
    """:raises: InvalidState (409) when ``node`` may not lose
    ``allocation`` now."""
    if node.target_provision_state:
        raise exception.InvalidState(
            'Cannot remove allocation %s: node %s is in a transition (%s)'
            % (allocation.uuid, node.uuid, node.provision_state))
    if node.provision_state == states.ACTIVE and not node.maintenance:
        raise exception.InvalidState(
            'Cannot remove allocation %s: node %s is active and not in '
            'maintenance' % (allocation.uuid, node.uuid))


class AllocationMethods:
    """create_allocation and destroy_allocation (RPC 2.2)."""

    def fail_abandoned_allocations(self, context):
        """Allocations this conductor was filling when it last stopped
        (a crash): ``error``, so that their clients stop waiting and may
        ask again. Called at start, before new work is taken."""
        for allocation in objects.Allocation.list(context, filters={
                'state': allocation_obj.ALLOCATING,
                'conductor_affinity': self.conductor.id}):
            _fail(allocation, 'Failed to process allocation %s: conductor '
                              '%s restarted before it was filled'
                  % (allocation.uuid, self.host))

    @expected
    def create_allocation(self, context, allocation):
        """(RPC 2.2) Store a new allocation and fill it in a worker; with
        ``node_id`` set, backfill it for that deployed node.

        :returns: the allocation, ``allocating`` (or ``active`` for a
            backfill).
        :raises: AllocationDuplicateName, AllocationAlreadyExists,
            NoFreeConductorWorker; backfill: InvalidParameterValue,
            NodeAssociated, NodeLocked
        """
        for name in ('name', 'node_id', 'owner', 'resource_class'):
            if not allocation.obj_attr_is_set(name):
                setattr(allocation, name, None)
        for name in ('traits', 'candidate_nodes'):
            if not allocation.obj_attr_is_set(name):
                setattr(allocation, name, [])
        allocation.conductor_affinity = self.conductor.id
        allocation.last_error = None
        if allocation.node_id is not None:
            return self._backfill_allocation(context, allocation)
        allocation.state = allocation_obj.ALLOCATING
        allocation.create()
        try:
            self._workers.submit(do_allocate, context, allocation,
                                 self.host, self._workers)
        except Exception:
            LOG.warning('No free worker to fill allocation %s',
                        allocation.uuid)
            allocation.destroy()
            raise exception.NoFreeConductorWorker()
        return allocation

    def _backfill_allocation(self, context, allocation):
        with self._acquire(context, allocation.node_id,
                           purpose='allocation backfilling') as task:
            check_backfill(task.node, allocation)
            allocation.state = allocation_obj.ACTIVE
            allocation.create()
            try:
                values = _claim_values(task, allocation, backfill=True)
                if not db_api.get_instance().claim_node(
                        task.node.id, values, self.host, backfill=True):
                    raise exception.NodeAssociated(
                        node=task.node.uuid, instance=allocation.uuid)
            except Exception:
                allocation.destroy()
                raise
        return allocation

    @expected
    def destroy_allocation(self, context, allocation):
        """(RPC 2.2) Delete an allocation and free its node, under the
        node's lock.

        :raises: InvalidState (the node is active, not in maintenance, or
            in a transition), NodeLocked, AllocationNotFound
        """
        if allocation.node_id is None:
            allocation.destroy()
            return
        with self._acquire(context, allocation.node_id,
                           purpose='allocation deletion') as task:
            check_deallocate(task.node, allocation)
            allocation.destroy()


def free_node(task):
    """Delete the allocation of ``task.node`` (the node is torn down; the
    caller saves the node, whose ``allocation_id`` this clears)."""
    node = task.node
    if node.allocation_id is None:
        return
    try:
        objects.Allocation.get(task.context, node.allocation_id).destroy()
    except exception.AllocationNotFound:
        pass
    node.allocation_id = None
