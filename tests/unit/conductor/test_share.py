"""The periodic tasks read the nodes of their conductor's share of the
hash rings only, in pages: each node it owns once, none it does not."""

from oslo_utils import uuidutils
import pytest
import sqlalchemy as sa

from ironic_lite.common import hash_ring
from ironic_lite.common import states
from ironic_lite.conductor import periodics
from ironic_lite.db import api as db_api
from ironic_lite.db.sqlalchemy import enginefacade
from tests.unit.db import utils as db_utils

HOSTS = ('c1', 'c2', 'c3')


@pytest.fixture
def fleet(db):
    """Three conductors of fake-hardware, one of them also in group g;
    nodes of every kind, some without uuid_hash (an older release's)."""
    for host in HOSTS:
        db_utils.register_test_conductor(host)
    dbapi = db_api.get_instance()
    for index in range(90):
        values = db_utils.get_test_node(
            conductor_group='g' if index % 9 == 0 else '',
            driver='ipmi' if index % 10 == 1 else 'fake-hardware')
        dbapi.create_node(values)
    with enginefacade.writer() as session:
        session.execute(sa.text(
            'UPDATE nodes SET uuid_hash = NULL WHERE id % 7 = 0'))
    return hash_ring.HashRingManager(60, 5, 60)


def _owner(ring, node):
    try:
        return ring.get_host(node.uuid, node.driver, node.conductor_group)
    except Exception:
        return None


def _scan(ring, host, page_size, filters=None, columns=()):
    scan = periodics.ShareScan(ring.share(host), filters or {}, columns,
                               page_size=page_size)
    return scan, list(scan)


@pytest.mark.parametrize('page_size', [1, 7, 300])
def test_each_conductor_reads_what_it_owns_once(fleet, page_size):
    nodes = db_api.get_instance().get_node_list()
    seen = {}
    for host in HOSTS:
        scan, rows = _scan(fleet, host, page_size)
        ids = [row.id for row in rows]
        assert len(ids) == len(set(ids)), 'a node read twice'
        assert ids == sorted(ids)
        expected = {node.id for node in nodes if _owner(fleet, node) == host}
        assert set(ids) == expected
        assert scan.rows_owned == len(ids)
        assert scan.pages == scan.rows_read // page_size + 1
        seen[host] = scan.rows_read
    owned = [node for node in nodes if _owner(fleet, node)]
    # Every node of a ring is owned by exactly one; what is read beyond
    # that are the rows without uuid_hash (read by every conductor).
    without_hash = sum(1 for node in nodes if node.id % 7 == 0
                       and node.driver == 'fake-hardware')
    assert sum(seen.values()) <= len(owned) + 2 * without_hash
    assert sum(seen.values()) < 2 * len(owned)


def test_nodes_of_no_ring_are_not_read(fleet):
    for host in HOSTS:
        _scan_, rows = _scan(fleet, host, 10)
        assert all(row.driver == 'fake-hardware' and row.conductor_group
                   == '' for row in rows)


def test_filters_and_columns(fleet):
    dbapi = db_api.get_instance()
    node = db_utils.create_test_node(provision_state=states.CLEANING,
                                     uuid=uuidutils.generate_uuid())
    owner = _owner(fleet, node)
    _scan_, rows = _scan(
        fleet, owner, 5,
        {'provision_state_not_in': sorted(states.WORKING_STATES)},
        ['provision_state'])
    assert node.id not in {row.id for row in rows}
    assert all(row.provision_state not in states.WORKING_STATES
               for row in rows)
    _scan_, rows = _scan(fleet, owner, 5,
                         {'provision_state': states.CLEANING})
    assert [row.uuid for row in rows] == [node.uuid]
    assert dbapi.get_node(node.id).uuid_hash == hash_ring.uuid_hash(
        node.uuid)


def test_power_sync_of_three_conductors_reaches_every_node_once(
        fleet, conductor):
    """The task itself, run for each host of the fleet's rings (the
    fixture's conductor among them)."""
    manager = conductor.manager
    manager.ring = fleet
    fleet.reset()
    synced = []
    manager._sync_node_power_state = lambda ctx, node_uuid: synced.append(
        node_uuid)
    host = manager.host
    try:
        for name in HOSTS + (host,):
            manager.host = name
            manager._sync_power_states(None)
    finally:
        manager.host = host
    nodes = db_api.get_instance().get_node_list()
    assert sorted(synced) == sorted(node.uuid for node in nodes
                                    if _owner(fleet, node))
