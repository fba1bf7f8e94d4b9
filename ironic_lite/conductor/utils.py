"""Operations the manager, the workers and the periodic tasks share."""

import logging

import oslo_messaging as messaging

from ironic_lite.common import agent_token
from ironic_lite.common import exception
from ironic_lite.common import states

LOG = logging.getLogger(__name__)

#: Marks an RPC method of the conductor (the manager and its mixins): the
#: errors it reports to its caller are not logged as failures, and the
#: 2.0 endpoint (:mod:`.rpc_v2`) serves the methods so marked.
expected = messaging.expected_exceptions(exception.IronicLiteException)

#: A node left in one of these states by a conductor that died is failed
#: with this event.
FAIL_EVENT = 'fail'


def node_power_action(task, new_state, timeout=None):
    """Worker: run a power action the manager recorded as the target."""
    node = task.node
    try:
        if new_state in (states.REBOOT, states.SOFT_REBOOT):
            task.driver.power.reboot(task, timeout=timeout)
        else:
            task.driver.power.set_power_state(task, new_state,
                                              timeout=timeout)
    except exception.IronicLiteException as e:
        node.last_error = ('Failed to change power state to "%s" by '
                           '"%s": %s' % (states.POWER_TARGETS[new_state],
                                         new_state, e))
        LOG.warning('Node %s: %s', node.uuid, node.last_error)
    else:
        node.power_state = states.POWER_TARGETS[new_state]
        node.last_error = None
        if new_state != states.POWER_ON:
            # A ramdisk that ran is gone (off or restarted): the next one
            # looks the node up again and gets a new token.
            agent_token.drop(node)
        LOG.info('Node %s is now in power state "%s"', node.uuid,
                 node.power_state)
    node.target_power_state = None
    node.save()


def fail_abandoned(task, reason):
    """Put a node a worker left behind into a state an operator can act on.

    A working state goes to its failed state; a pending power action is
    dropped. ``reason`` becomes the node's last_error.
    """
    node = task.node
    changed = False
    if node.target_power_state is not None:
        node.target_power_state = None
        node.last_error = reason
        changed = True
    if node.provision_state in states.WORKING_STATES:
        LOG.warning('Node %s was left in "%s": %s', node.uuid,
                    node.provision_state, reason)
        task.process_event(FAIL_EVENT, last_error=reason)
        return True
    if changed:
        node.save()
    return changed


def provisioning_error(task, message, exc=None):
    """Fail the running provision operation with ``message``."""
    node = task.node
    last_error = message if exc is None else '%s: %s' % (message, exc)
    LOG.warning('Node %s: %s', node.uuid, last_error)
    task.process_event(FAIL_EVENT, last_error=last_error)


def automated_clean(node, default):
    """Whether ``node`` is cleaned after provide and tear-down: its own
    ``automated_clean`` (API 1.47) when set, else ``default`` (the
    ``[conductor]automated_clean`` option)."""
    return default if node.automated_clean is None else node.automated_clean


def check_protected_update(node_obj, provision_state, changed):
    """Apply the rules of ``protected`` (API 1.48) to an update.

    Only an active node can be made protected; unprotecting clears the
    reason; a reason needs a protected node.

    :param node_obj: the node as the update leaves it.
    :param provision_state: the node's state under the lock.
    :param changed: the names of the fields the update changes.
    :raises: InvalidState (409) when protecting a node that is not active,
        InvalidParameterValue (400) for a reason on an unprotected node.
    """
    if 'protected' in changed:
        if not node_obj.protected:
            node_obj.protected_reason = None
        elif provision_state != states.ACTIVE:
            raise exception.InvalidState(
                'Node %s can only be made protected in provision state '
                '"%s", not "%s"' % (node_obj.uuid, states.ACTIVE,
                                    provision_state))
    if ('protected_reason' in changed and node_obj.protected_reason
            and not node_obj.protected):
        raise exception.InvalidParameterValue(
            err='protected_reason can only be set on a protected node '
                '(node %s)' % node_obj.uuid)


def check_retired_update(node_obj, provision_state, changed):
    """Apply the rules of ``retired`` (API 1.61) to an update, as
    Ironic: an available node cannot be retired (make it manageable
    first); unretiring clears the reason; a reason needs a retired node.

    :raises: InvalidState (409), InvalidParameterValue (400).
    """
    if 'retired' in changed:
        if not node_obj.retired:
            node_obj.retired_reason = None
        elif provision_state == states.AVAILABLE:
            raise exception.InvalidState(
                'Node %s cannot be retired in provision state "%s": move it '
                'to "%s" first' % (node_obj.uuid, states.AVAILABLE,
                                   states.MANAGEABLE))
    if ('retired_reason' in changed and node_obj.retired_reason
            and not node_obj.retired):
        raise exception.InvalidParameterValue(
            err='retired_reason can only be set on a retired node (node %s)'
            % node_obj.uuid)


def check_unchanged(current, expected):
    """Refuse a change based on values ``current`` (an object read under
    the lock) no longer holds.

    :param expected: {field: value} the change was based on, or None (a
        caller of RPC 1.0/1.1: no check).
    :raises: ConcurrentUpdate naming the object, never the values.
    """
    for name, value in (expected or {}).items():
        held = (getattr(current, name) if current.obj_attr_is_set(name)
                else None)
        if held != value:
            LOG.info('%s %s changed (%s) since the change given was read',
                     current.obj_name(), current.uuid, name)
            raise exception.ConcurrentUpdate(resource=current.obj_name(),
                                             ident=current.uuid)
