"""The real clients' allocations, retired nodes and lessees: openstacksdk
and the ``baremetal`` CLI against ironic-lite-api + ironic-lite-conductor
(RabbitMQ, PostgreSQL) and the all-in-one ironic-lite.

Allocations: create (the conductor picks the node), a failed one with
its error, PATCH, backfill of a deployed node, delete. Retired nodes:
set, filtered, cleaned back to manageable, provide refused. Lessee: set,
filtered, unset.
"""

import subprocess

import openstack
from openstack import exceptions as sdk_exc
import pytest

from tests.functional.api.clients import BAREMETAL
from tests.functional.api.clients import cli as _cli


def _names(rows):
    """The node names of CLI list rows (keyed by column title or by
    field name, depending on the columns the CLI chose)."""
    return [row.get('Name', row.get('name')) for row in rows]


def _available(bm, name):
    node = bm.create_node(driver='fake-hardware', name=name,
                          resource_class='gold')
    bm.set_node_provision_state(node, 'manage', wait=True, timeout=60)
    bm.set_node_provision_state(node, 'provide', wait=True, timeout=60)
    return bm.get_node(node.id)


def _sdk_allocations(bm):
    first = _available(bm, 'sdk-a1')
    second = _available(bm, 'sdk-a2')
    bm.add_node_trait(second, 'CUSTOM_GPU')

    allocation = bm.create_allocation(resource_class='gold', name='sdk-gpu',
                                      traits=['CUSTOM_GPU'], extra={'k': 'v'})
    allocation = bm.wait_for_allocation(allocation, timeout=60)
    assert allocation.state == 'active'
    assert allocation.node_id == second.id
    assert bm.get_node(second.id).allocation_id == allocation.id

    failed = bm.create_allocation(resource_class='gold', name='sdk-fail',
                                  traits=['CUSTOM_GPU'])
    with pytest.raises(sdk_exc.SDKException, match='CUSTOM_GPU'):
        bm.wait_for_allocation(failed, timeout=60)
    failed = bm.wait_for_allocation(failed, timeout=60, ignore_error=True)
    assert failed.state == 'error'
    assert 'has the traits CUSTOM_GPU' in failed.last_error

    allocation = bm.update_allocation(allocation, name='sdk-renamed')
    assert bm.get_allocation('sdk-renamed').extra == {'k': 'v'}
    bm.delete_allocation(allocation)
    bm.delete_allocation(failed)
    assert bm.get_node(second.id).allocation_id is None
    assert [a.name for a in bm.allocations()] == []

    # Backfill: a node deployed without an allocation.
    bm.set_node_provision_state(first, 'active', wait=True, timeout=60)
    backfilled = bm.create_allocation(node=first.id, name='sdk-back')
    assert backfilled.state == 'active'
    assert bm.get_node(first.id).allocation_id == backfilled.id

    # Retired: an active node; tear-down cleans it back to manageable.
    bm.update_node(first, is_retired=True, retired_reason='warranty')
    node = bm.get_node(first.id)
    assert (node.is_retired, node.retired_reason) == (True, 'warranty')
    bm.set_node_provision_state(first, 'deleted')
    bm.wait_for_nodes_provision_state([first.id], 'manageable', timeout=60)
    with pytest.raises(sdk_exc.BadRequestException, match='retired'):
        bm.set_node_provision_state(first, 'provide')
    assert [a.name for a in bm.allocations()] == []


def _cli_allocations(url):
    _cli(url, 'node', 'create', '--driver', 'fake-hardware', '--name',
         'cli-a1', '--resource-class', 'silver')
    _cli(url, 'node', 'manage', 'cli-a1', '--wait', '60')
    _cli(url, 'node', 'provide', 'cli-a1', '--wait', '60')
    node = _cli(url, 'node', 'show', 'cli-a1', '-f', 'json')

    created = _cli(url, 'allocation', 'create', '--resource-class',
                   'silver', '--name', 'cli-alloc', '--extra', 'k=v',
                   '--candidate-node', 'cli-a1', '--wait', '60', '-f',
                   'json')
    assert created['state'] == 'active'
    assert created['node_uuid'] == node['uuid']
    shown = _cli(url, 'node', 'show', 'cli-a1', '-f', 'json')
    assert shown['allocation_uuid'] == created['uuid']

    # A failed allocation: its error, and a CLI that says so.
    result = subprocess.run(
        [BAREMETAL, '--os-auth-type', 'none', '--os-endpoint', url,
         'allocation', 'create', '--resource-class', 'silver', '--name',
         'cli-fail', '--wait', '60'], capture_output=True, text=True,
        timeout=120)
    assert result.returncode != 0
    assert 'no available node has resource class silver' in result.stderr
    assert 'Traceback' not in result.stderr
    failed = _cli(url, 'allocation', 'show', 'cli-fail', '-f', 'json')
    assert failed['state'] == 'error'
    assert 'resource class silver' in failed['last_error']
    listed = _cli(url, 'allocation', 'list', '--state', 'error', '-f',
                  'json')
    assert [row.get('UUID', row.get('uuid')) for row in listed] == [
        failed['uuid']]

    _cli(url, 'allocation', 'set', 'cli-alloc', '--name', 'cli-renamed',
         '--extra', 'row=4')
    _cli(url, 'allocation', 'unset', 'cli-renamed', '--extra', 'k')
    shown = _cli(url, 'allocation', 'show', 'cli-renamed', '-f', 'json')
    assert shown['extra'] == {'row': 4}
    _cli(url, 'allocation', 'delete', 'cli-renamed', 'cli-fail')
    assert _cli(url, 'allocation', 'list', '-f', 'json') == []
    assert _cli(url, 'node', 'show', 'cli-a1', '-f',
                'json')['allocation_uuid'] is None

    # Backfill a deployed node.
    _cli(url, 'node', 'deploy', 'cli-a1', '--wait', '60')
    backfilled = _cli(url, 'allocation', 'create', '--node', 'cli-a1',
                      '-f', 'json')
    assert backfilled['state'] == 'active'
    assert backfilled['node_uuid'] == node['uuid']

    # Retired and lessee.
    _cli(url, 'node', 'set', 'cli-a1', '--retired', '--retired-reason',
         'old', '--lessee', 'project-b')
    retired = _cli(url, 'node', 'list', '--retired', '-f', 'json')
    assert sorted(_names(retired)) == ['cli-a1', 'sdk-a1']
    leased = _cli(url, 'node', 'list', '--lessee', 'project-b', '-f',
                  'json')
    assert _names(leased) == ['cli-a1']
    _cli(url, 'node', 'unset', 'cli-a1', '--lessee')
    assert _cli(url, 'node', 'list', '--lessee', 'project-b', '-f',
                'json') == []
    shown = _cli(url, 'node', 'show', 'cli-a1', '-f', 'json')
    assert (shown['retired'], shown['retired_reason'],
            shown['lessee']) == (True, 'old', None)


def test_allocations_retired_and_lessee(deployment):
    url, procs = deployment
    conn = openstack.connect(auth_type='none',
                             baremetal_endpoint_override=url + '/')
    _sdk_allocations(conn.baremetal)
    _cli_allocations(url)
    for service in procs.values():
        assert 'Traceback' not in service.log()
