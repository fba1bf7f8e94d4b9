"""Allocations in the conductor (RPC 2.2): which node is picked, the
claim that two allocations never share a node (the race), a failed
allocation and its error, backfilling and deletion rules."""

import threading

from oslo_utils import uuidutils
import pytest

from ironic_lite.common import exception
from ironic_lite.conductor import allocations
from ironic_lite.db import api as db_api
from ironic_lite import objects
from tests.unit.db import utils

HOST = 'test-host'


def _available(**kw):
    values = dict(provision_state='available', resource_class='gold')
    values.update(kw)
    return utils.create_test_node(**values)


def _allocation(ctx, **kw):
    values = dict(uuid=uuidutils.generate_uuid(), resource_class='gold',
                  traits=[], candidate_nodes=[], name=None, owner=None,
                  node_id=None, state='allocating')
    values.update(kw)
    allocation = objects.Allocation(ctx, **values)
    allocation.create()
    return allocation


def _fill(ctx, allocation, **kw):
    allocations.do_allocate(ctx, allocation, HOST, None, **kw)
    return objects.Allocation.get(ctx, allocation.id)


def test_picks_the_only_matching_node(ctx, db):
    _available(resource_class='silver')
    _available(maintenance=True)
    _available(retired=True)
    _available(provision_state='manageable')
    _available(instance_uuid=uuidutils.generate_uuid())
    _available()  # lacks the trait
    good = _available()
    objects.Trait(ctx, node_id=good.id, trait='CUSTOM_GPU').create()
    result = _fill(ctx, _allocation(ctx, traits=['CUSTOM_GPU']))
    assert (result.state, result.node_id, result.last_error) == (
        'active', good.id, None)
    node = objects.Node.get(ctx, good.id)
    assert node.allocation_id == result.id
    assert node.instance_uuid == result.uuid
    assert node.instance_info['traits'] == ['CUSTOM_GPU']
    assert node.reservation is None


def test_candidate_nodes_restrict_the_choice(ctx, db):
    _available()
    wanted = _available()
    result = _fill(ctx, _allocation(ctx, candidate_nodes=[wanted.uuid]))
    assert result.node_id == wanted.id


def test_owner_gets_only_its_own_or_leased_nodes(ctx, db):
    _available(owner='p2')
    leased = _available(owner='p2', lessee='p1')
    result = _fill(ctx, _allocation(ctx, owner='p1'))
    assert result.node_id == leased.id


@pytest.mark.parametrize('kw, error', [
    ({}, 'no available node has resource class gold'),
    ({'traits': ['CUSTOM_X']}, 'no available node has resource class'),
])
def test_no_node_fails_with_the_reason(ctx, db, kw, error):
    result = _fill(ctx, _allocation(ctx, **kw))
    assert result.state == 'error'
    assert result.node_id is None
    assert error in result.last_error


def test_missing_trait_fails_with_the_reason(ctx, db):
    _available()
    result = _fill(ctx, _allocation(ctx, traits=['CUSTOM_X']))
    assert result.state == 'error'
    assert 'has the traits CUSTOM_X' in result.last_error


def test_a_node_locked_throughout_fails_after_the_rounds(ctx, db):
    node = _available()
    objects.Node.reserve(ctx, 'other-host', node.id)
    result = _fill(ctx, _allocation(ctx), rounds=2, delay=0)
    assert result.state == 'error'
    assert 'stayed locked' in result.last_error
    assert objects.Node.get(ctx, node.id).allocation_id is None


def test_the_race_two_allocations_one_candidate(ctx, db, monkeypatch):
    """A lists the node as free; B claims it before A takes its lock: A
    must not get it too (the claim's UPDATE checks the node is free)."""
    node = _available()
    first, second = _allocation(ctx), _allocation(ctx)
    listed = allocations.candidates

    def list_then_lose_the_race(context, allocation):
        nodes = listed(context, allocation)
        if allocation.id == first.id:
            monkeypatch.setattr(allocations, 'candidates', listed)
            assert _fill(ctx, second).state == 'active'
        return nodes

    monkeypatch.setattr(allocations, 'candidates', list_then_lose_the_race)
    result = _fill(ctx, first, rounds=1)
    assert result.state == 'error'
    assert objects.Allocation.get(ctx, second.id).node_id == node.id
    assert objects.Node.get(ctx, node.id).allocation_id == second.id


def test_the_claim_refuses_a_taken_node_even_under_the_lock(ctx, db):
    node = _available()
    taken = _allocation(ctx)
    _fill(ctx, taken)
    objects.Node.reserve(ctx, HOST, node.id)
    assert not db_api.get_instance().claim_node(
        node.id, {'allocation_id': 99999, 'instance_uuid':
                  uuidutils.generate_uuid()}, HOST)
    assert objects.Node.get(ctx, node.id).allocation_id == taken.id


def test_the_claim_needs_the_lock(ctx, db):
    node = _available()
    assert not db_api.get_instance().claim_node(
        node.id, {'allocation_id': 1}, HOST)


def test_concurrent_allocations_never_share_a_node(ctx, db):
    nodes = [_available() for _ in range(3)]
    wanted = [_allocation(ctx, candidate_nodes=[n.uuid for n in nodes])
              for _ in range(6)]
    threads = [threading.Thread(target=_fill, args=(ctx, a),
                                kwargs={'delay': 0.05, 'rounds': 40})
               for a in wanted]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    results = [objects.Allocation.get(ctx, a.id) for a in wanted]
    active = [r for r in results if r.state == 'active']
    assert sorted(r.node_id for r in active) == sorted(n.id for n in nodes)
    assert [r.state for r in results].count('error') == 3
    for node in nodes:
        stored = objects.Node.get(ctx, node.id)
        assert stored.allocation_id in {r.id for r in active}


def test_pinned_to_a_release_without_allocations_fails(ctx, db, conf):
    _available()
    conf.config(pin_release_version='2.0')
    result = _fill(ctx, _allocation(ctx))
    assert result.state == 'error'
    assert 'no allocation' in result.last_error


def test_create_through_rpc_fills_it(ctx, api):
    node = _available()
    created = api.create_allocation(ctx, objects.Allocation(
        ctx, uuid=uuidutils.generate_uuid(), resource_class='gold',
        traits=[], candidate_nodes=[]))
    assert created.state in ('allocating', 'active')
    for _ in range(200):
        stored = objects.Allocation.get(ctx, created.uuid)
        if stored.state != 'allocating':
            break
        threading.Event().wait(0.02)
    assert stored.state == 'active'
    assert stored.node_id == node.id
    assert stored.conductor_affinity is not None


def test_destroy_refused_for_an_active_node(ctx, api):
    node = utils.create_test_node(provision_state='active')
    allocation = api.create_allocation(ctx, objects.Allocation(
        ctx, uuid=uuidutils.generate_uuid(), node_id=node.id, traits=[],
        candidate_nodes=[]))
    assert allocation.state == 'active'
    with pytest.raises(exception.InvalidState, match='active'):
        api.destroy_allocation(ctx, allocation)
    objects.Node.reserve(ctx, 'other-host', node.id)
    node = objects.Node.get(ctx, node.id)
    assert node.allocation_id == allocation.id


def test_destroy_frees_the_node_under_its_lock(ctx, api):
    node = _available()
    allocation = _fill(ctx, _allocation(ctx))
    objects.Node.reserve(ctx, 'other-host', node.id)
    with pytest.raises(exception.NodeLocked):
        api.destroy_allocation(ctx, allocation)
    objects.Node.release(ctx, 'other-host', node.id)
    api.destroy_allocation(ctx, allocation)
    stored = objects.Node.get(ctx, node.id)
    assert (stored.allocation_id, stored.instance_uuid) == (None, None)
    with pytest.raises(exception.AllocationNotFound):
        objects.Allocation.get(ctx, allocation.id)


def test_backfill_checks_the_node(ctx, api):
    node = utils.create_test_node(provision_state='available')
    with pytest.raises(exception.InvalidParameterValue, match='active'):
        api.create_allocation(ctx, objects.Allocation(
            ctx, uuid=uuidutils.generate_uuid(), node_id=node.id,
            traits=[], candidate_nodes=[]))
    assert objects.Allocation.list(ctx) == []


def test_deleting_the_node_deletes_its_allocation(ctx, db):
    node = _available()
    allocation = _fill(ctx, _allocation(ctx))
    db_api.get_instance().destroy_node(node.id)
    with pytest.raises(exception.AllocationNotFound):
        objects.Allocation.get(ctx, allocation.id)


def test_a_restarted_conductor_fails_what_it_was_filling(ctx, conductor):
    manager = conductor.manager
    mine = _allocation(ctx, conductor_affinity=manager.conductor.id)
    other = _allocation(ctx)
    manager.fail_abandoned_allocations(ctx)
    assert objects.Allocation.get(ctx, mine.id).state == 'error'
    assert 'restarted' in objects.Allocation.get(ctx, mine.id).last_error
    assert objects.Allocation.get(ctx, other.id).state == 'allocating'
