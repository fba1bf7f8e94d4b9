"""VIFs recorded on a node's ports and port groups (API 1.28).

A VIF (a virtual network interface, such as a Neutron port) is attached
to a node by writing its id into the ``internal_info`` of one of the
node's ports or port groups, under ``tenant_vif_port_id``, as Ironic
does. One port-like object carries at most one VIF; a VIF is attached
at most once per node. Earlier clients of Ironic wrote the id in a
port's ``extra`` as ``vif_port_id``: it is read there too, and cleared
on detach.

Which free object a VIF gets, by Ironic's rules, in this order:

1. only objects whose physical network is unset or one of the VIF's
   (``physnets``; an empty set lets every object through);
2. an object on one of the VIF's physical networks first;
3. a port group before a port: a group with at least one port and no
   VIF on any of its ports; a port that belongs to a group is never
   chosen on its own, unless a VIF already sits on another port of that
   group, which makes the group unusable and its free ports candidates;
4. a PXE-enabled port before one that is not;
5. otherwise the first one, ports by id, then groups by id.

A request may name the object itself (API 1.67: ``port_uuid`` or
``portgroup_uuid`` in the VIF's information): the VIF then goes to that
object if it is one of the node's and rules 1 and 3 let it through (it
carries no VIF; a port of a group that can take the VIF as a whole is
not free on its own), and nowhere else.

The functions take the task of the node's (exclusive, for changes) lock
and read ``task.ports`` and ``task.portgroups``.
"""

from ironic_lite.common import exception

#: Where a port's or port group's ``internal_info`` holds its VIF.
TENANT_VIF_KEY = 'tenant_vif_port_id'
#: Where early clients put it, in ``extra`` (read, and cleared on detach).
LEGACY_VIF_KEY = 'vif_port_id'


def attached_vif(obj):
    """The id of the VIF on a port or port group, or None."""
    return ((obj.internal_info or {}).get(TENANT_VIF_KEY)
            or (obj.extra or {}).get(LEGACY_VIF_KEY) or None)


def list_vifs(task):
    """``[{'id': vif}, ...]``: the node's ports' VIFs, then its groups'."""
    return [{'id': vif} for vif in map(attached_vif,
                                       task.ports + task.portgroups) if vif]


def _check_not_on(obj, vif_id):
    """Whether another VIF sits on ``obj``.

    :raises: VifAlreadyAttached when ``vif_id`` itself does.
    """
    current = attached_vif(obj)
    if current == vif_id:
        raise exception.VifAlreadyAttached(
            vif=vif_id, object_type=type(obj).__name__,
            object_uuid=obj.uuid)
    return current is not None


def _candidates(task, vif_id, physnets):
    """``[(port or port group, its physical network, is a group), ...]``:
    where ``vif_id`` may go, in the order of the rule 5 above.

    :raises: VifAlreadyAttached
    """
    free = []
    group_ports = {}
    unusable_groups = set()
    for port in task.ports:
        if _check_not_on(port, vif_id):
            unusable_groups.add(port.portgroup_id)
            continue
        if physnets and port.physical_network not in (None, *physnets):
            continue
        if port.portgroup_id is None:
            free.append((port, port.physical_network, False))
        else:
            group_ports.setdefault(port.portgroup_id, []).append(port)
    for group in task.portgroups:
        if _check_not_on(group, vif_id):
            continue
        members = group_ports.get(group.id, [])
        if group.id in unusable_groups:
            free.extend((port, port.physical_network, False)
                        for port in members)
        elif members:
            free.append((group, members[0].physical_network, True))
    return free


def choose_port_like(task, vif_id, physnets=frozenset()):
    """The port or port group ``vif_id`` is to be attached to.

    :param physnets: the physical networks the VIF may use; empty: any.
    :raises: VifAlreadyAttached (409) when the node has the VIF already,
        NoFreePhysicalPorts (400) when nothing is free.
    """
    free = _candidates(task, vif_id, physnets)
    if not free:
        raise exception.NoFreePhysicalPorts(vif=vif_id)

    def rank(candidate):
        obj, physnet, is_group = candidate
        return (physnet in physnets, is_group,
                is_group or bool(obj.pxe_enabled))
    # max() keeps the first of equal ranks: the order of _candidates.
    return max(free, key=rank)[0]


def _set_vif(obj, vif_id):
    internal = dict(obj.internal_info or {})
    extra = dict(obj.extra or {})
    if vif_id is None:
        internal.pop(TENANT_VIF_KEY, None)
        if extra.pop(LEGACY_VIF_KEY, None) is not None:
            obj.extra = extra
    else:
        internal[TENANT_VIF_KEY] = vif_id
    obj.internal_info = internal
    obj.save()


def _named_port_like(task, vif_id, physnets, key, uuid):
    """The free port (``key`` 'port_uuid') or port group
    ('portgroup_uuid') ``uuid`` of the node.

    :raises: InvalidParameterValue (400) when the node has no such
        object; VifAlreadyAttached; NoFreePhysicalPorts when it is not
        free for the VIF.
    """
    owned = task.ports if key == 'port_uuid' else task.portgroups
    if not any(obj.uuid == uuid for obj in owned):
        raise exception.InvalidParameterValue(
            err='%s %s is not a %s of node %s' % (
                key, uuid, 'port' if key == 'port_uuid' else 'port group',
                task.node.uuid))
    for obj, _physnet, _is_group in _candidates(task, vif_id, physnets):
        if obj.uuid == uuid and obj in owned:
            return obj
    raise exception.NoFreePhysicalPorts(vif=vif_id)


def attach(task, vif_info, physnets=frozenset()):
    """Record ``vif_info['id']`` on a port or port group of the node
    (the one ``port_uuid`` or ``portgroup_uuid`` names, else a free one
    chosen by the rules above); returns that object. Other keys of
    ``vif_info`` are not kept.

    :raises: VifAlreadyAttached, NoFreePhysicalPorts,
        InvalidParameterValue (both keys given, or one naming an object
        the node does not have)
    """
    vif_id = vif_info['id']
    named = [key for key in ('port_uuid', 'portgroup_uuid')
             if vif_info.get(key)]
    if len(named) > 1:
        raise exception.InvalidParameterValue(
            err='Cannot specify both port_uuid and portgroup_uuid')
    if named:
        chosen = _named_port_like(task, vif_id, physnets, named[0],
                                  vif_info[named[0]])
    else:
        chosen = choose_port_like(task, vif_id, physnets)
    _set_vif(chosen, vif_id)
    return chosen


def detach(task, vif_id):
    """Remove ``vif_id`` from the port group or port carrying it (groups
    are looked at first); returns that object.

    :raises: VifNotAttached (400) when no object of the node has it.
    """
    for obj in task.portgroups + task.ports:
        if attached_vif(obj) == vif_id:
            _set_vif(obj, None)
            return obj
    raise exception.VifNotAttached(vif=vif_id, node=task.node.uuid)
