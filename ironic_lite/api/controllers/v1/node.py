"""/v1/nodes: create, list, show, JSON-Patch update and delete nodes.

Reads go to the objects layer; every change goes to the node's conductor
through the RPC client. State changes live in ``node_states.py``.
"""

from ironic_lite.api.controllers.v1 import utils
from ironic_lite.api import microversion as mv
from ironic_lite.api.schemas import node as schema
from ironic_lite.api import types
from ironic_lite.common import exception
from ironic_lite.common import states
from ironic_lite.drivers import base as drivers_base
from ironic_lite import objects

_INTERFACE_GATES = {drivers_base.node_field(iface): mv.INTERFACE_GATES[iface]
                    for iface in drivers_base.INTERFACES}

#: Fields shown only from a version on.
GATES = dict(_INTERFACE_GATES, **{
    'name': mv.allow_node_name,
    'driver_internal_info': mv.allow_driver_internal_info,
    'inspection_started_at': mv.allow_inspect,
    'inspection_finished_at': mv.allow_inspect,
    'clean_step': mv.allow_clean_step,
    'raid_config': mv.allow_raid_config,
    'target_raid_config': mv.allow_raid_config,
    'resource_class': mv.allow_resource_class,
    'traits': mv.allow_traits,
    'fault': mv.allow_fault,
    'deploy_step': mv.allow_deploy_step,
    'conductor_group': mv.allow_conductor_group,
    'automated_clean': mv.allow_automated_clean,
    'protected': mv.allow_protected,
    'protected_reason': mv.allow_protected,
    'conductor': mv.allow_conductors,
    'owner': mv.allow_owner,
    'description': mv.allow_description,
})

DETAIL_FIELDS = sorted([
    'uuid', 'name', 'chassis_uuid', 'instance_uuid', 'driver', 'driver_info',
    'driver_internal_info', 'properties', 'instance_info', 'extra',
    'power_state', 'target_power_state', 'provision_state',
    'target_provision_state', 'provision_updated_at', 'last_error',
    'maintenance', 'maintenance_reason', 'fault', 'console_enabled',
    'reservation', 'conductor_group', 'inspection_started_at',
    'inspection_finished_at', 'clean_step', 'deploy_step', 'raid_config',
    'target_raid_config', 'resource_class', 'traits', 'created_at',
    'updated_at', 'automated_clean', 'protected', 'protected_reason',
    'conductor', 'owner', 'description'] + list(_INTERFACE_GATES))
LIST_FIELDS = ['uuid', 'name', 'instance_uuid', 'maintenance', 'power_state',
               'provision_state']
#: Fields a PATCH may not change.
READ_ONLY = (set(DETAIL_FIELDS) - set(schema.WRITABLE)) | {'uuid'}
_TIME_FIELDS = ('provision_updated_at', 'inspection_started_at',
                'inspection_finished_at', 'created_at', 'updated_at')
_UNSORTABLE = ('properties', 'driver_info', 'extra', 'instance_info',
               'driver_internal_info', 'clean_step', 'deploy_step',
               'raid_config', 'target_raid_config', 'traits')
_FILTERS = ('associated', 'maintenance', 'provision_state', 'driver',
            'resource_class', 'fault', 'conductor_group', 'chassis_uuid',
            'instance_uuid', 'detail', 'owner', 'conductor')
_FILTER_GATES = {'provision_state': mv.allow_provision_state_filter,
                 'driver': mv.allow_driver_filter,
                 'resource_class': mv.allow_resource_class,
                 'fault': mv.allow_fault,
                 'conductor_group': mv.allow_conductor_group,
                 'detail': mv.allow_detail_query,
                 'owner': mv.allow_owner,
                 'conductor': mv.allow_conductors}
_KNOWN_STATES = (states.STABLE_STATES | states.WORKING_STATES |
                 states.WAIT_STATES)
MASK = '******'


# -- lookups --

def get_node(request, ident):
    """The node named by a UUID or (API 1.5) a name.

    :raises: NodeNotFound (404)
    """
    if not types.is_uuid(ident) and not mv.allow_node_name(request.version):
        raise exception.NodeNotFound(node=ident)
    return objects.Node.get(request.context, ident)


def topic_for(request, node):
    """The conductor topic of an existing node. :raises: NoValidHost"""
    return request.rpcapi.get_topic_for(node)


# -- views --

def _shown_state(state, version):
    if state == states.AVAILABLE and not mv.allow_available_state(version):
        return None
    if state == states.INSPECTWAIT and not mv.allow_inspect_wait(version):
        return states.INSPECTING
    return state


def conductor_of(request, node):
    """The hostname of the conductor the hash ring maps ``node`` to, or
    None when no live conductor serves its hardware type and group (API
    1.49)."""
    ring = request.rpcapi.ring
    # NOTE: look in the cached rings first: get_host rebuilds them on a
    # miss, which a list of many unserved nodes would do once per node.
    if (node.driver, node.conductor_group or '') not in ring.rings:
        return None
    try:
        return ring.get_host(node.uuid, node.driver, node.conductor_group)
    except exception.NoValidHost:
        return None


def mask_secrets(info):
    return {key: (MASK if 'password' in key.lower() and value else value)
            for key, value in (info or {}).items()}


def view(request, node, fields, cache, show_links=True):
    """The API form of a node: the fields asked for that the version
    shows, secrets masked, links added."""
    version = request.version
    hidden = utils.hidden_fields(version, GATES)
    data = {}
    for name in fields:
        if name in hidden:
            continue
        if name == 'chassis_uuid':
            value = cache.uuid_of(objects.Chassis, node.chassis_id)
        elif name == 'traits':
            value = node.traits.get_trait_names() if node.traits else []
        elif name == 'conductor':
            value = conductor_of(request, node)
        else:
            value = getattr(node, name)
        if name in _TIME_FIELDS:
            value = utils.format_time(value)
        elif name in ('provision_state', 'target_provision_state'):
            value = _shown_state(value, version)
        elif name == 'driver_info':
            value = mask_secrets(value)
        elif name == 'instance_info' and value.get('configdrive'):
            value = dict(value, configdrive=MASK)
        data[name] = value
    data['links'] = utils.links(request, 'nodes', node.uuid)
    if show_links:
        for sub in ('ports', 'states') + (
                ('portgroups',) if mv.allow_portgroup_subresources(version)
                else ()):
            data[sub] = utils.links(request, 'nodes/%s' % node.uuid, sub)
    return data


# -- handlers --

def _list(request, detail, extra_filters=None, path='nodes'):
    utils.authorize(request, 'baremetal:node:get')
    query = utils.Query(request, utils.PAGE_PARAMS + _FILTERS)
    utils.check_gates(request, query.params, _FILTER_GATES)
    if query.boolean('detail'):
        if detail:
            raise exception.InvalidParameterValue(
                err='"detail" is not accepted on /nodes/detail')
        detail = True
    fields = utils.fields_param(query, DETAIL_FIELDS,
                                DETAIL_FIELDS if detail else LIST_FIELDS)
    if detail and 'fields' in query:
        raise exception.InvalidParameterValue(
            err='Cannot ask for fields and details together')
    filters = dict(extra_filters or {})
    for name in ('associated', 'maintenance'):
        if name in query:
            filters[name] = query.boolean(name)
    for name in ('driver', 'resource_class', 'fault', 'conductor_group',
                 'owner'):
        if name in query:
            filters[name] = query.text(name, schema.FILTER_MAX_LENGTH[name])
    if 'provision_state' in query:
        state = query.get('provision_state')
        if state not in _KNOWN_STATES:
            raise exception.InvalidParameterValue(
                err='Invalid provision state %s' % state)
        filters['provision_state'] = state
    if 'instance_uuid' in query:
        filters['instance_uuid'] = types.uuid('instance_uuid',
                                              query.get('instance_uuid'))
    if 'chassis_uuid' in query:
        chassis = objects.Chassis.get(request.context, types.uuid(
            'chassis_uuid', query.get('chassis_uuid')))
        filters['chassis_id'] = chassis.id
    if 'conductor' in query:
        filters['uuid_in'] = _managed_by(
            request, query.text('conductor',
                                schema.FILTER_MAX_LENGTH['conductor']),
            filters)
    limit, marker, sort_key, sort_dir = utils.page(
        query, objects.Node.fields, request.conf.api.max_limit, _UNSORTABLE)
    nodes = objects.Node.list(request.context, filters=filters, limit=limit,
                              marker=marker, sort_key=sort_key,
                              sort_dir=sort_dir)
    cache = utils.UuidCache(request.context)
    items = [view(request, node, fields, cache, show_links=False)
             for node in nodes]
    return utils.collection(request, 'nodes', items, limit, path, query)


def _managed_by(request, hostname, filters):
    """The UUIDs of the nodes matching ``filters`` that the hash ring
    maps to conductor ``hostname`` (the ``conductor`` filter, API 1.49)."""
    nodes = objects.Node.list(request.context, filters=dict(filters))
    return [node.uuid for node in nodes
            if conductor_of(request, node) == hostname]


def list_nodes(request):
    return _list(request, detail=False)


def list_nodes_detail(request):
    return _list(request, detail=True, path='nodes/detail')


def list_chassis_nodes(request, chassis_ident):
    chassis = objects.Chassis.get(request.context, utils.check_uuid(
        chassis_ident, exception.ChassisNotFound(chassis=chassis_ident)))
    return _list(request, detail=False,
                 extra_filters={'chassis_id': chassis.id},
                 path='chassis/%s/nodes' % chassis.uuid)


def show_node(request, node_ident):
    utils.authorize(request, 'baremetal:node:get')
    query = utils.Query(request, ('fields',))
    fields = utils.fields_param(query, DETAIL_FIELDS, DETAIL_FIELDS)
    node = get_node(request, node_ident)
    return view(request, node, fields, utils.UuidCache(request.context),
                show_links='fields' not in query)


def _chassis_id(request, chassis_uuid):
    if chassis_uuid is None:
        return None
    try:
        return objects.Chassis.get(request.context, chassis_uuid).id
    except exception.ChassisNotFound as e:
        raise exception.InvalidParameterValue(err=str(e))


def _check_name(request, name):
    if name is not None and types.is_uuid(name):
        raise exception.InvalidParameterValue(
            err='Cannot use a UUID as node name: %s' % name)


def create_node(request):
    utils.authorize(request, 'baremetal:node:create')
    body = utils.json_body(request, schema.CREATE)
    utils.check_gates(request, body, GATES)
    for name in schema.PATCH_ONLY:
        if name in body:
            raise exception.InvalidParameterValue(
                err='%s cannot be set when creating a node: only an active '
                    'node can be protected' % name)
    _check_name(request, body.get('name'))
    values = dict(body)
    values['chassis_id'] = _chassis_id(request, values.pop('chassis_uuid',
                                                           None))
    node = objects.Node(request.context, **values)
    node.provision_state = (states.ENROLL
                            if mv.allow_enroll_default(request.version)
                            else states.AVAILABLE)
    node.power_state = None
    try:
        topic = request.rpcapi.get_topic_for_driver(node.driver)
        node = request.rpcapi.create_node(request.context, node, topic=topic)
    except (exception.NoValidHost, exception.DriverNotFound) as e:
        # NOTE: as Ironic: a driver no conductor serves is a bad request.
        raise exception.InvalidParameterValue(err=str(e))
    body = view(request, node, DETAIL_FIELDS,
                utils.UuidCache(request.context))
    return utils.Reply(201, body, location=body['links'][0]['href'])


def _patch_document(request, node, cache):
    doc = {name: getattr(node, name) for name in schema.WRITABLE
           if name != 'chassis_uuid'}
    doc['chassis_uuid'] = cache.uuid_of(objects.Chassis, node.chassis_id)
    for name in READ_ONLY:
        doc[name] = None
    return doc


def update_node(request, node_ident):
    """JSON-Patch a node.

    The patch is applied to the node as read here, and the conductor
    writes the result under the node's lock only if the node still holds
    the values it was applied to (conductor RPC 1.2); otherwise the patch
    is applied again to a fresh read (see
    :func:`utils.retry_on_concurrent_update`).
    """
    utils.authorize(request, 'baremetal:node:update')
    query = utils.Query(request, ('reset_interfaces',))
    reset = query.boolean('reset_interfaces', False)
    if 'reset_interfaces' in query and not mv.allow_reset_interfaces(
            request.version):
        raise utils.not_acceptable()
    patch = utils.json_body(request, utils.PATCH_SCHEMA)
    for op in patch:
        if op['path'].startswith('/traits'):
            raise exception.InvalidParameterValue(
                err='Cannot update node traits via node patch. Node traits '
                    'should be updated via the node traits API.')
    utils.check_patch_values(patch, schema.WRITABLE, 'patched node')
    return utils.retry_on_concurrent_update(
        lambda: _update_once(request, node_ident, patch, reset))


def _update_once(request, node_ident, patch, reset):
    node = get_node(request, node_ident)
    original = utils.snapshot(node)
    cache = utils.UuidCache(request.context)
    before = _patch_document(request, node, cache)
    after = utils.apply_patch(before, patch, READ_ONLY | {'traits'},
                              utils.PATCH_SCHEMA)
    unknown = sorted(set(after) - set(before))
    if unknown:
        raise exception.InvalidParameterValue(
            err='Unknown node field(s): %s' % ', '.join(unknown))
    utils.validate({k: v for k, v in after.items() if k not in READ_ONLY},
                   schema.PATCHED, 'patched node')
    for name in schema.WRITABLE:
        after.setdefault(name, None)
    changed = utils.changed_fields(before, after, schema.WRITABLE)
    utils.check_gates(request, changed, GATES)
    if ('chassis_uuid' in changed and after['chassis_uuid'] is None
            and not mv.allow_remove_chassis_uuid(request.version)):
        raise utils.not_acceptable()
    if reset and 'driver' not in changed:
        raise exception.InvalidParameterValue(
            err='The reset_interfaces parameter can be provided only when '
                'changing the node\'s driver.')
    for name in changed:
        _set_field(request, node, name, after[name])
    if changed:
        try:
            node = request.rpcapi.update_node(
                request.context, node, topic=topic_for(request, node),
                reset_interfaces=reset,
                expected=utils.expected_values(node, original))
        except (exception.NoValidHost, exception.DriverNotFound) as e:
            if 'driver' not in changed:
                raise
            # NOTE: as on create: a driver no conductor serves is the
            # client's mistake.
            raise exception.InvalidParameterValue(err=str(e))
    return view(request, node, DETAIL_FIELDS, cache)


def _set_field(request, node, name, value):
    """Set the object field behind API field ``name`` to ``value``."""
    if name == 'chassis_uuid':
        node.chassis_id = _chassis_id(request, value)
    elif name == 'name':
        _check_name(request, value)
        node.name = value
    elif name in ('driver_info', 'properties', 'instance_info', 'extra'):
        setattr(node, name, value or {})
    elif name == 'conductor_group':
        node.conductor_group = value or ''
    elif name in ('maintenance', 'protected'):
        setattr(node, name, bool(value))
    else:
        setattr(node, name, value)


def delete_node(request, node_ident):
    utils.authorize(request, 'baremetal:node:delete')
    utils.Query(request, ())
    node = get_node(request, node_ident)
    request.rpcapi.destroy_node(request.context, node.uuid,
                                topic=topic_for(request, node))
    return utils.Reply(204)
