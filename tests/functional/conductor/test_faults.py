"""Fault drills on split services under a light mixed load: one API and two
conductors on the real PostgreSQL and RabbitMQ, links cut through TCP
proxies (see drills.py). Intervals are short (heartbeat 1 s, hash rings
rebuilt every second, RPC short timeout 2 s) so that each drill takes
well under a minute.

What must hold: every accepted operation ends done or failed with a
last_error, no node is left locked or in a working state, nothing is
taken for dead that is alive, and a dead or cut-off conductor costs
requests seconds, not minutes. Bounds are generous for a loaded 2-core
machine; the figures are printed (pytest -s)."""

import time

import oslo_messaging as messaging
import pytest
import requests

from ironic_lite.common import context
from ironic_lite.common import rpc
from ironic_lite.conductor import rpcapi
from tests.functional.conductor import drills
from tests.functional import tcp_proxy

#: Seconds within which an operation in flight during a fault settles
#: once the fault ends.
SETTLE_BOUND = 30


def _run(dep, nodes=12, clients=3):
    dep.start_api()
    for host in ('c1', 'c2'):
        dep.start_conductor(host, wait=False)
    for host in ('c1', 'c2'):
        dep.services[host].wait_for_log('serves RPC', timeout=60)
    uuids = dep.create_nodes(nodes)
    return drills.Load(dep.api_url, uuids, clients=clients).start(), uuids


def _end(dep, load, restored_at=None, dead=()):
    load.stop()
    load.wait_settled(SETTLE_BOUND + 30)
    account = drills.Account(load, dep.logs(), restored_at, dead)
    print(account.summary())
    return account


def _check_clean(dep, account, uuids):
    assert account.accepted > 10, account.summary()
    assert account.lost == [], [vars(op) for op in account.lost]
    assert account.stuck == [], [vars(op) for op in account.stuck]
    assert account.false_takeovers == [] and account.died_errors == []
    assert 500 not in account.refused, account.refused
    for uuid in uuids:
        node = requests.get('%s/v1/nodes/%s' % (dep.api_url, uuid),
                            headers=drills.HEADERS, timeout=30).json()
        assert drills.settled(node), node


def test_database_outages(drill):
    """Two outages under load: one shorter than heartbeat_timeout, one
    longer (after which every heartbeat is stale: no conductor may take
    the other for dead, no hash ring may empty)."""
    dep = drill(heartbeat_timeout=8)
    load, uuids = _run(dep)
    restores = []
    for seconds in (4, 10):
        load.wait_in_flight(4)
        dep.db_proxy.cut()
        time.sleep(seconds)
        dep.db_proxy.restore()
        restores.append(time.monotonic())
        time.sleep(4)
    account = _end(dep, load)
    _check_clean(dep, account, uuids)
    assert 503 in account.refused
    assert not [fault for (_w, _s, fault) in load.refusals
                if 'No valid host' in fault], load.refusals
    for restored_at in restores:
        account.restored_at = restored_at
        settles = account.settle_times()
        assert settles, 'no operation was in flight through the outage'
        assert max(settles) < SETTLE_BOUND, settles
        first, _last = account.recovery()
        assert first is not None and first < SETTLE_BOUND
        print('outage ending at %.0f: %s' % (restored_at, account.summary()))


def test_broker_partition_of_one_conductor(drill):
    dep = drill(heartbeat_timeout=6)
    load, uuids = _run(dep)
    # A conductor started while its broker is unreachable stays offline.
    late = dep.start_conductor('c3', wait=False, broker_cut=True)
    load.wait_in_flight(4)
    theirs = [uuid for uuid in uuids if dep.host_of(uuid) == 'c2']
    assert theirs
    dep.broker_proxies['c2'].cut()
    cut_at = time.monotonic()
    time.sleep(18)
    dep.broker_proxies['c2'].restore()
    dep.broker_proxies['c3'].restore()
    restored_at = time.monotonic()
    late.wait_for_log('serves RPC', timeout=30)
    # It rejoins: the API routes its nodes to it again (a broker check, a
    # heartbeat, a ring rebuild: seconds, longer on a loaded machine).
    deadline = time.monotonic() + 45
    while {dep.host_of(uuid) for uuid in uuids} != {'c1', 'c2', 'c3'}:
        assert time.monotonic() < deadline, 'c2 and c3 did not join: %s' % (
            sorted({dep.host_of(uuid) for uuid in uuids}))
        time.sleep(0.5)
    account = _end(dep, load, restored_at)
    _check_clean(dep, account, uuids)
    # Within the ring interval + 10 s the other conductor serves them.
    late_changes = [(status, seconds) for start, node, what, status, seconds
                    in load.requests if node in theirs and what != 'get'
                    and start > cut_at + 1 + 10 and start < restored_at]
    assert late_changes, 'no change requested for the cut-off nodes'
    assert all(status in (200, 202) for status, _s in late_changes), (
        late_changes)
    slowest = max(seconds for start, node, what, status, seconds in
                  load.requests if node in theirs and start > cut_at)
    print('slowest request for the cut-off nodes: %.1f s' % slowest)
    assert slowest < 15


def test_kill_9_of_a_conductor(drill):
    dep = drill(heartbeat_timeout=6)
    load, uuids = _run(dep)
    load.wait_in_flight(4)
    dep.services['c2'].kill()
    killed_at = time.monotonic()
    time.sleep(15)
    account = _end(dep, load, dead=['c2'])
    _check_clean(dep, account, uuids)
    after = [seconds for start, node, what, status, seconds in
             load.requests if start > killed_at]
    print('slowest request after the kill: %.1f s' % max(after))
    # 10 s is the target; the bound leaves room for a loaded machine.
    assert max(after) < 15


def test_sigterm_during_work_loses_nothing(drill):
    dep = drill(heartbeat_timeout=6)
    load, uuids = _run(dep)
    load.wait_in_flight(4)
    assert dep.services['c2'].terminate(timeout=60) == 0
    time.sleep(4)
    account = _end(dep, load)
    _check_clean(dep, account, uuids)


def test_unreachable_broker_fails_calls_within_seconds(conf, db, rabbit_url):
    """Through a cut link to RabbitMQ a call fails in seconds (503 at the
    API), at the first call of the process as later; never does it wait
    for the broker to come back and then send a request long given up."""
    with tcp_proxy.TcpProxy(5672) as proxy:
        conf.config(transport_url=rabbit_url.replace(
            ':5672/', ':%d/' % proxy.port), rpc_short_timeout=2)
        proxy.cut()
        rpc.init(conf.conf)
        try:
            api = rpcapi.ConductorAPI()
            topic = rpcapi.Topic(rpcapi.TOPIC + '.somewhere')
            for _ in range(2):
                started = time.monotonic()
                with pytest.raises(messaging.MessageDeliveryFailure):
                    api.get_driver_properties(context.get_admin_context(),
                                              'fake-hardware', topic=topic)
                assert time.monotonic() - started < 8
            proxy.restore()
            assert rpc.replies_ready(30)
            assert not api.ping(context.get_admin_context(), 'somewhere')
            proxy.cut()
            started = time.monotonic()
            with pytest.raises(messaging.MessageDeliveryFailure):
                api.get_driver_properties(context.get_admin_context(),
                                          'fake-hardware', topic=topic)
            assert time.monotonic() - started < 8
        finally:
            rpc.cleanup()
