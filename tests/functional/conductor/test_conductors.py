"""Two conductor processes on RabbitMQ and PostgreSQL: the hash ring
spreads nodes, locks fail fast, a killed conductor's nodes are taken
over, a stopping conductor finishes its work."""

import time

import pytest

from ironic_lite.common import context
from ironic_lite.common import exception
from ironic_lite.common import states
from ironic_lite import objects
from tests.unit.conductor import utils
from tests.unit.db import utils as db_utils

# Kill -9 to takeover: heartbeat_timeout (4 s) for the conductor to count
# as dead, plus one takeover period (1 s) and one ring rebuild (1 s); the
# rest is slack for a loaded 2-core machine running tests in parallel.
TAKEOVER_BOUND = 4 + 1 + 1 + 9


def _create_nodes(dep, count):
    ctx = context.get_admin_context()
    nodes = []
    for _ in range(count):
        node = objects.Node(ctx, **db_utils.get_test_node())
        nodes.append(dep.api.create_node(
            ctx, node, topic=dep.api.get_topic_for_driver('fake-hardware')))
    return nodes


def _host_of(dep, node):
    return dep.api.get_topic_for(node).rsplit('.', 1)[1]


def _power_on(dep, node):
    dep.api.change_node_power_state(context.get_admin_context(), node.uuid,
                                    states.POWER_ON,
                                    topic=dep.api.get_topic_for(node))


def test_nodes_spread_and_served_by_both(deployment):
    deployment.start('cond-a')
    deployment.start('cond-b')
    deployment.api.ring.reset()
    nodes = _create_nodes(deployment, 16)
    hosts = {_host_of(deployment, node) for node in nodes}
    assert hosts == {'cond-a', 'cond-b'}
    for node in nodes:
        _power_on(deployment, node)
    for node in nodes:
        node = utils.wait_settled(node.uuid)
        assert node.power_state == states.POWER_ON, node.last_error


def test_locked_node_fails_fast_over_rpc(deployment):
    deployment.start('cond-a')
    node, = _create_nodes(deployment, 1)
    objects.Node.reserve(context.get_admin_context(), 'cond-a', node.uuid)
    started = time.monotonic()
    with pytest.raises(exception.NodeLocked) as e:
        _power_on(deployment, node)
    assert time.monotonic() - started < 1
    assert e.value.code == 409 and 'cond-a' in str(e.value)


def test_kill_9_nodes_taken_over(deployment):
    a = deployment.start('cond-a', fake={'deploy_delay': 60})
    deployment.start('cond-b')
    deployment.api.ring.reset()
    nodes = _create_nodes(deployment, 12)
    mine = [n for n in nodes if _host_of(deployment, n) == 'cond-a']
    assert mine
    busy = mine[0]
    ctx = context.get_admin_context()
    db_node = objects.Node.get(ctx, busy.uuid)
    db_node.provision_state = states.AVAILABLE
    db_node.save()
    deployment.api.do_node_deploy(ctx, busy.uuid,
                                  topic=deployment.api.get_topic_for(busy))
    assert objects.Node.get(ctx, busy.uuid).reservation == 'cond-a'

    a.kill()
    killed = time.monotonic()
    node = utils.wait_for_node(busy.uuid, lambda n: n.reservation is None,
                               timeout=TAKEOVER_BOUND)
    took = time.monotonic() - killed
    assert node.provision_state == states.DEPLOYFAIL
    assert 'cond-a died' in node.last_error
    print('lock of the killed conductor broken after %.1f s' % took)

    # Every node of the dead conductor is served by the other one now.
    deployment.api.ring.reset()
    for node in mine:
        assert _host_of(deployment, node) == 'cond-b'
        _power_on(deployment, node)
        assert utils.wait_settled(node.uuid).power_state == states.POWER_ON


def test_sigterm_finishes_work_in_flight(deployment):
    a = deployment.start('cond-a', fake={'deploy_delay': 3})
    deployment.start('cond-b')
    deployment.api.ring.reset()
    nodes = _create_nodes(deployment, 12)
    mine = [n for n in nodes if _host_of(deployment, n) == 'cond-a']
    busy, others = mine[0], mine[1:]
    ctx = context.get_admin_context()
    db_node = objects.Node.get(ctx, busy.uuid)
    db_node.provision_state = states.AVAILABLE
    db_node.save()
    deployment.api.do_node_deploy(ctx, busy.uuid,
                                  topic=deployment.api.get_topic_for(busy))

    a.process.send_signal(15)
    # While it drains, requests routed to it by a stale ring still work.
    for node in others:
        _power_on(deployment, node)
    assert a.process.wait(60) == 0
    node = objects.Node.get(ctx, busy.uuid)
    assert (node.provision_state, node.reservation, node.last_error) == (
        states.ACTIVE, None, None)
    for node in others:
        assert utils.wait_settled(node.uuid).power_state == states.POWER_ON
    # No node stays locked (cond-b's periodic tasks may hold one for a
    # moment).
    deadline = time.monotonic() + 15
    while True:
        locked = [(n.uuid, n.reservation) for n in objects.Node.list(
            ctx, filters={'reserved': True})]
        if not locked or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert locked == []
    conductor = objects.Conductor.get_by_hostname(ctx, 'cond-a', online=None)
    assert not conductor.online
