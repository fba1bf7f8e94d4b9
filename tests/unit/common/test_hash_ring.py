"""Hash rings: built from live conductors, kept through a database outage,
without the suspects."""

import datetime
import time

import pytest

from ironic_lite.common import exception
from ironic_lite.common import hash_ring
from ironic_lite.common import link
from ironic_lite.db import api as db_api
from tests import fixtures
from tests.unit.conductor import utils
from tests.unit.db import utils as db_utils

TIMEOUT = 10
KEY = ('fake-hardware', '')


@pytest.fixture
def dbapi(db):
    for host in ('c1', 'c2'):
        db_utils.register_test_conductor(host)
    return db_api.get_instance()


@pytest.fixture
def clock():
    return utils.ManualClock()


@pytest.fixture
def ring(dbapi, clock):
    return hash_ring.HashRingManager(
        1, 5, TIMEOUT, clock=clock, db_link=link.LinkWatch(clock=clock))


def _members(ring):
    return {key: set(value.nodes) for key, value in ring.rings.items()}


def _stale(dbapi, *hosts):
    """Heartbeats written longer ago than the timeout (database clock)."""
    last = dbapi.get_last_heartbeats(hosts)
    for host in hosts:
        dbapi.update_conductor(host, {'updated_at': last[host] -
                                      datetime.timedelta(seconds=100)})


def _outage(conf, ring):
    """The ring's builder loses the database for one rebuild."""
    url = conf.conf.database.connection
    conf.config(max_retries=0, group='database')
    fixtures.use_database(conf, db_utils.unreachable_url())
    ring.reset()
    before = _members(ring)
    fixtures.use_database(conf, url)
    return before


def test_rings_hold_the_live_conductors(ring):
    assert _members(ring) == {KEY: {'c1', 'c2'}}
    assert ring.get_host('1be26c0b-03f2-4d2d-ae87-c02d3a9e9e9a',
                         'fake-hardware') in ('c1', 'c2')


def test_ring_keeps_its_members_after_an_outage(conf, dbapi, ring, clock):
    assert _members(ring) == {KEY: {'c1', 'c2'}}
    clock.now += TIMEOUT
    # Through the outage the rings stay as they were.
    assert _outage(conf, ring) == {KEY: {'c1', 'c2'}}
    # Back: every heartbeat looks stale (the conductors could not write
    # while the database was away), but the members stay...
    _stale(dbapi, 'c1', 'c2')
    ring.reset()
    assert _members(ring) == {KEY: {'c1', 'c2'}}
    # ... except a conductor that says it is offline.
    dbapi.touch_conductor('c2', online=False)
    _stale(dbapi, 'c2')
    ring.reset()
    assert _members(ring) == {KEY: {'c1'}}
    # Connected for heartbeat_timeout: stale heartbeats mean dead again.
    clock.now += TIMEOUT
    ring.reset()
    assert _members(ring) == {}
    with pytest.raises(exception.NoValidHost):
        ring.get_host('1be26c0b-03f2-4d2d-ae87-c02d3a9e9e9a',
                      'fake-hardware')


def test_dead_conductor_leaves_a_steady_ring(dbapi, ring, clock):
    assert _members(ring) == {KEY: {'c1', 'c2'}}
    clock.now += TIMEOUT
    _stale(dbapi, 'c2')
    ring.reset()
    assert _members(ring) == {KEY: {'c1'}}


def test_first_build_needs_the_database(conf, dbapi, ring):
    conf.config(max_retries=0, group='database')
    fixtures.use_database(conf, db_utils.unreachable_url())
    with pytest.raises(exception.DatabaseUnavailable):
        ring.rings


def test_suspect_leaves_until_it_heartbeats_again(dbapi, ring):
    assert _members(ring) == {KEY: {'c1', 'c2'}}
    ring.suspect('c1')
    assert _members(ring) == {KEY: {'c2'}}
    ring.reset()
    assert _members(ring) == {KEY: {'c2'}}
    assert ring.suspects() == {'c1'}
    time.sleep(0.01)
    dbapi.touch_conductor('c1')
    ring.reset()
    assert _members(ring) == {KEY: {'c1', 'c2'}}
    assert ring.suspects() == set()


def test_ring_keeps_its_members_after_any_call_found_no_database(
        conf, dbapi):
    """The process lost the database while its rings were not rebuilt
    (an API serving reads): the rings still keep their members."""
    ring = hash_ring.HashRingManager(1, 5, TIMEOUT)
    assert _members(ring) == {KEY: {'c1', 'c2'}}
    url = conf.conf.database.connection
    conf.config(max_retries=0, group='database')
    fixtures.use_database(conf, db_utils.unreachable_url())
    with pytest.raises(exception.DatabaseUnavailable):
        db_api.get_instance().get_node('any')
    fixtures.use_database(conf, url)
    _stale(dbapi, 'c1', 'c2')
    ring.reset()
    assert _members(ring) == {KEY: {'c1', 'c2'}}


# -- a host's share of the rings, selected in SQL --

def test_arcs_of_the_hosts_hold_every_uuid_they_own():
    from oslo_utils import uuidutils
    from tooz import hashring
    hosts = ['c1', 'c2', 'c3']
    ring = hashring.HashRing(hosts, partitions=32)
    arcs = {host: hash_ring._arcs(ring, host) for host in hosts}
    for _ in range(3000):
        node_uuid = uuidutils.generate_uuid()
        owner = next(iter(ring.get_nodes(node_uuid.encode('utf-8'))))
        value = hash_ring.uuid_hash(node_uuid)
        assert any(low <= value <= high for low, high in arcs[owner])
    # Together the arcs cover the whole space, and overlap only at edges.
    ranges = sorted(r for host_arcs in arcs.values() for r in host_arcs)
    assert ranges[0][0] == 0
    assert ranges[-1][1] == 2 ** hash_ring.UUID_HASH_BITS - 1
    for (_, high), (low, _) in zip(ranges, ranges[1:]):
        assert high <= low <= high + 1


def test_uuid_hash_is_the_start_of_the_rings_digest():
    import hashlib
    node_uuid = '1be26c0b-03f2-4d2e-ae87-c02d7f33c123'
    digest = int(hashlib.md5(node_uuid.encode()).hexdigest(), 16)
    assert hash_ring.uuid_hash(node_uuid) == digest >> 96


def test_share_of_a_host_in_no_ring_selects_nothing(ring):
    share = ring.share('not-a-conductor')
    assert share.selection() == []
    assert not share.owns('1be26c0b-03f2-4d2e-ae87-c02d7f33c123',
                          'fake-hardware')


def test_share_names_the_rings_of_the_host(dbapi, ring):
    db_utils.register_test_conductor('c3', 'other-hardware',
                                     conductor_group='g')
    assert [keys for keys, _arcs in ring.share('c1').selection()] == [
        [KEY]]
    # Alone in its ring: all of it.
    assert ring.share('c3').selection() == [
        ([('other-hardware', 'g')], [(0, 2 ** 32 - 1)])]
