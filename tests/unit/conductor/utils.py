"""Helpers of the conductor tests."""

import time

from ironic_lite.common import context
from ironic_lite.common import link
from ironic_lite import objects


def wait_for_node(node_uuid, predicate, timeout=10):
    """Poll the node until ``predicate(node)`` holds; returns the node."""
    ctx = context.get_admin_context()
    deadline = time.monotonic() + timeout
    while True:
        node = objects.Node.get(ctx, node_uuid)
        if predicate(node):
            return node
        if time.monotonic() > deadline:
            raise AssertionError('node %s: %s' % (node_uuid, {
                key: getattr(node, key) for key in (
                    'provision_state', 'target_provision_state',
                    'power_state', 'target_power_state', 'reservation',
                    'last_error', 'maintenance')}))
        time.sleep(0.01)


def settled(node):
    """No worker holds the node and no power action is pending."""
    return node.reservation is None and node.target_power_state is None


def wait_settled(node_uuid, timeout=10):
    return wait_for_node(node_uuid, settled, timeout)


class ManualClock:
    """A monotonic clock a test moves by hand (``clock.now += 5``)."""

    def __init__(self, now=1000.0):
        self.now = now

    def __call__(self):
        return self.now


def steady_db_link(manager, seconds):
    """Give ``manager`` a database link that has worked without a break
    for ``seconds`` (as after that long of successful heartbeats); returns
    its clock."""
    clock = ManualClock()
    manager.db_link = link.LinkWatch(
        max_gap=manager.db_link.max_gap, clock=clock)
    manager.db_link.worked()
    clock.now += seconds
    return clock
