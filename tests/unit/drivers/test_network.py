"""The ``noop`` network interface's VIFs (drivers/modules/network.py):
which port or port group a VIF goes to, and what is written where."""

import types

from oslo_utils import uuidutils
import pytest

from ironic_lite.common import context
from ironic_lite.common import exception
from ironic_lite.drivers.modules import network
from ironic_lite.drivers.modules import noop
from ironic_lite import objects
from tests.unit.db import utils


@pytest.fixture
def node(db):
    return utils.create_test_node()


def _port(node, n, **kw):
    return utils.create_test_port(node_id=node.id, n=n, **kw)


def _group(node, n, **kw):
    group = objects.Portgroup(
        context.get_admin_context(), uuid=uuidutils.generate_uuid(),
        node_id=node.id, address='52:54:00:99:00:%02x' % n, **kw)
    group.create()
    return group


def _task(node):
    """What the interface reads of a task: the node, its ports and
    groups, fresh from the database."""
    ctx = context.get_admin_context()
    return types.SimpleNamespace(
        node=node, context=ctx,
        ports=objects.Port.list(ctx, filters={'node_id': node.id}),
        portgroups=objects.Portgroup.list(ctx, filters={'node_id': node.id}))


def _attach(node, vif, physnets=frozenset()):
    return network.attach(_task(node), {'id': vif}, physnets)


def test_noop_records_on_a_port(node):
    port = _port(node, 1)
    iface = noop.NoopNetwork()
    iface.vif_attach(_task(node), {'id': 'vif-1', 'ignored': True})
    stored = objects.Port.get(None, port.id)
    assert stored.internal_info == {'tenant_vif_port_id': 'vif-1'}
    assert iface.vif_list(_task(node)) == [{'id': 'vif-1'}]
    iface.vif_detach(_task(node), 'vif-1')
    assert objects.Port.get(None, port.id).internal_info == {}
    assert iface.vif_list(_task(node)) == []


def test_other_internal_info_is_kept(node):
    port = _port(node, 1, internal_info={'other': 1})
    _attach(node, 'vif-1')
    assert objects.Port.get(None, port.id).internal_info == {
        'other': 1, 'tenant_vif_port_id': 'vif-1'}
    network.detach(_task(node), 'vif-1')
    assert objects.Port.get(None, port.id).internal_info == {'other': 1}


def test_pxe_enabled_ports_first_then_by_id(node):
    first = _port(node, 1, pxe_enabled=False)
    second = _port(node, 2)
    third = _port(node, 3)
    assert _attach(node, 'a').id == second.id
    assert _attach(node, 'b').id == third.id
    assert _attach(node, 'c').id == first.id
    with pytest.raises(exception.NoFreePhysicalPorts):
        _attach(node, 'd')


def test_a_group_before_ports_and_its_ports_never_alone(node):
    group = _group(node, 1)
    _port(node, 1, portgroup_id=group.id)
    _port(node, 2, portgroup_id=group.id)
    alone = _port(node, 3)
    chosen = _attach(node, 'a')
    assert (type(chosen), chosen.id) == (objects.Portgroup, group.id)
    assert objects.Portgroup.get(None, group.id).internal_info == {
        'tenant_vif_port_id': 'a'}
    assert _attach(node, 'b').id == alone.id
    with pytest.raises(exception.NoFreePhysicalPorts) as e:
        _attach(node, 'c')
    assert str(e.value) == (
        'Unable to attach VIF c, not enough free physical ports.')
    with pytest.raises(exception.VifAlreadyAttached) as e:
        _attach(node, 'a')
    assert str(e.value) == (
        'Unable to attach VIF because VIF a is already attached to Ironic '
        'Portgroup %s' % group.uuid)
    # Listed: the ports' VIFs first, then the groups'.
    assert network.list_vifs(_task(node)) == [{'id': 'b'}, {'id': 'a'}]


def test_an_empty_group_takes_nothing(node):
    _group(node, 1)
    with pytest.raises(exception.NoFreePhysicalPorts):
        _attach(node, 'a')


def test_a_vif_on_a_member_port_frees_the_others(node):
    """A VIF already on one port of a group (recorded by an earlier
    client) makes the group unusable: its other ports are used alone."""
    group = _group(node, 1)
    _port(node, 1, portgroup_id=group.id,
          internal_info={'tenant_vif_port_id': 'old'})
    other = _port(node, 2, portgroup_id=group.id)
    chosen = _attach(node, 'new')
    assert (type(chosen), chosen.id) == (objects.Port, other.id)


def test_physical_networks(node):
    """A VIF that names physical networks goes to a port on one of them
    first, never to a port on another one; a port without one fits any."""
    plain = _port(node, 1)
    wrong = _port(node, 2, physical_network='physnet2')
    right = _port(node, 3, physical_network='physnet1', pxe_enabled=False)
    assert _attach(node, 'a', {'physnet1'}).id == right.id
    assert _attach(node, 'b', {'physnet1'}).id == plain.id
    with pytest.raises(exception.NoFreePhysicalPorts):
        _attach(node, 'c', {'physnet1'})
    # Without physical networks (the noop interface's case) any port.
    assert _attach(node, 'c').id == wrong.id


def test_a_group_on_the_vifs_physical_network_wins(node):
    group = _group(node, 1)
    _port(node, 1, portgroup_id=group.id, physical_network='physnet1')
    port = _port(node, 2, physical_network='physnet2')
    assert _attach(node, 'a', {'physnet2', 'physnet1'}).id == group.id
    assert _attach(node, 'b', {'physnet2'}).id == port.id


def test_legacy_extra_vif_port_id(node):
    """Ironic's early clients wrote ``extra['vif_port_id']``: it counts as
    attached, and a detach clears it."""
    port = _port(node, 1, extra={'vif_port_id': 'old', 'x': 1})
    assert network.list_vifs(_task(node)) == [{'id': 'old'}]
    with pytest.raises(exception.VifAlreadyAttached):
        _attach(node, 'old')
    with pytest.raises(exception.NoFreePhysicalPorts):
        _attach(node, 'new')
    network.detach(_task(node), 'old')
    stored = objects.Port.get(None, port.id)
    assert (stored.extra, stored.internal_info) == ({'x': 1}, {})


def test_detach_of_an_unknown_vif(node):
    _port(node, 1)
    _attach(node, 'a')
    with pytest.raises(exception.VifNotAttached) as e:
        network.detach(_task(node), 'b')
    assert e.value.code == 400
    assert network.list_vifs(_task(node)) == [{'id': 'a'}]


def test_a_port_on_the_vifs_physical_network_beats_a_group_off_it(node):
    group = _group(node, 1)
    _port(node, 1, portgroup_id=group.id)
    port = _port(node, 2, physical_network='physnet1', pxe_enabled=False)
    assert _attach(node, 'a', {'physnet1'}).id == port.id
    assert _attach(node, 'b', {'physnet1'}).id == group.id
