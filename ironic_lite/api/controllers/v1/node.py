"""/v1/nodes: create, list, show, JSON-Patch update and delete nodes.

Reads go to the objects layer; every change goes to the node's conductor
through the RPC client. State changes live in ``node_states.py``.
"""

import re

from oslo_utils import strutils

from ironic_lite.api import coercion
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
    'network_data': mv.allow_network_data,
    'allocation_uuid': mv.allow_allocations,
    'retired': mv.allow_retired,
    'retired_reason': mv.allow_retired,
    'lessee': mv.allow_lessee,
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
    'conductor', 'owner', 'description', 'network_data', 'allocation_uuid',
    'retired', 'retired_reason', 'lessee'] + list(_INTERFACE_GATES))
LIST_FIELDS = ['uuid', 'name', 'instance_uuid', 'maintenance', 'power_state',
               'provision_state']
_TIME_FIELDS = ('provision_updated_at', 'inspection_started_at',
                'inspection_finished_at', 'created_at', 'updated_at')
_UNSORTABLE = ('properties', 'driver_info', 'extra', 'instance_info',
               'driver_internal_info', 'clean_step', 'deploy_step',
               'raid_config', 'target_raid_config', 'traits',
               'network_data')
_FILTERS = ('associated', 'maintenance', 'provision_state', 'driver',
            'resource_class', 'fault', 'conductor_group', 'chassis_uuid',
            'instance_uuid', 'detail', 'owner', 'conductor', 'retired',
            'lessee')
#: List filters newer than 1.1, with the version that brought them.
_FILTER_VERSIONS = {'provision_state': (1, 9), 'driver': (1, 16),
                    'resource_class': (1, 21), 'fault': (1, 42),
                    'conductor_group': (1, 46), 'owner': (1, 50),
                    'conductor': (1, 49), 'retired': (1, 61),
                    'lessee': (1, 65)}
_NAME_RE = re.compile(schema.WRITABLE['name']['pattern'])
_KNOWN_STATES = (states.STABLE_STATES | states.WORKING_STATES |
                 states.WAIT_STATES)
MASK = '******'
#: Provision states in which a node with a target state may be updated.
_UPDATE_ALLOWED_STATES = (states.DEPLOYFAIL, states.INSPECTING,
                          states.CLEANFAIL, states.CLEANWAIT,
                          states.INSPECTWAIT)
#: Words that cannot name a node (Ironic's: its paths under /v1/nodes).
RESERVED_NAMES = ('maintenance', 'management', 'states', 'vendor_passthru',
                  'detail', 'validate')


# -- lookups --

def get_node(request, ident):
    """The node named by a UUID or (API 1.5) a name.

    :raises: NodeNotFound (404), InvalidParameterValue (400) for an
        identifier that can be neither.
    """
    if not types.is_uuid(ident):
        if not mv.allow_node_name(request.version):
            raise exception.NodeNotFound(node=ident)
        if not _NAME_RE.match(ident):
            raise exception.InvalidParameterValue(
                err='Expected a logical name or UUID but received %s.'
                % types.shown(ident))
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
    """``info`` with the values of secret-looking keys (passwords,
    tokens, keys, the configdrive ...: oslo.utils' list, as Ironic's)
    replaced by ``******``, at any depth."""
    return strutils.mask_dict_password(info or {}, MASK)


def mask_instance_info(info):
    """As :func:`mask_secrets`, and the image URL too (it may carry a
    temporary credential)."""
    masked = mask_secrets(info)
    if masked.get('image_url'):
        masked['image_url'] = MASK
    return masked


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
        elif name == 'allocation_uuid':
            value = cache.uuid_of(objects.Allocation, node.allocation_id)
        else:
            value = getattr(node, name)
        if name in _TIME_FIELDS:
            value = utils.format_time(value)
        elif name in ('provision_state', 'target_provision_state'):
            value = _shown_state(value, version)
        elif name in ('driver_info', 'driver_internal_info'):
            # driver_internal_info: the agent token's digest.
            value = mask_secrets(value)
        elif name == 'instance_info':
            value = mask_instance_info(value)
        data[name] = value
    data['links'] = utils.links(request, 'nodes', node.uuid)
    if show_links:
        for sub, gate in (('ports', None),
                          ('states', mv.allow_links_to_states),
                          ('portgroups', mv.allow_portgroup_subresources),
                          ('volume', mv.allow_volume)):
            if gate is None or gate(version):
                data[sub] = utils.links(request, 'nodes/%s' % node.uuid,
                                        sub)
    return data


# -- handlers --

def _list(request, detail, extra_filters=None, path='nodes'):
    utils.authorize(request, 'baremetal:node:get')
    params = utils.PAGE_PARAMS + _FILTERS
    if detail:
        # NOTE: as Ironic: /detail takes neither fields nor detail.
        params = tuple(p for p in params if p not in ('fields', 'detail'))
    query = utils.Query(request, params)
    for name, minimum in _FILTER_VERSIONS.items():
        if name in query and request.version < minimum:
            raise utils.not_acceptable(minimum)
    fields = DETAIL_FIELDS if detail else utils.list_fields(
        query, DETAIL_FIELDS, LIST_FIELDS, GATES)
    filters = dict(extra_filters or {})
    for name in ('associated', 'maintenance', 'retired'):
        if name in query:
            filters[name] = query.boolean(name)
    for name in ('driver', 'resource_class', 'conductor_group', 'owner',
                 'lessee'):
        if name in query:
            filters[name] = query.text(name, schema.FILTER_MAX_LENGTH[name])
    if 'fault' in query:
        filters['fault'] = _fault(query.get('fault'))
    if 'provision_state' in query:
        state = query.get('provision_state')
        if state not in _KNOWN_STATES:
            raise exception.InvalidParameterValue(
                err='Provision state "%s" is not valid' % types.shown(state))
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
        query, objects.Node.fields, request.conf.api.max_limit, _UNSORTABLE,
        gates=GATES)
    nodes = objects.Node.list(request.context, filters=filters, limit=limit,
                              marker=marker, sort_key=sort_key,
                              sort_dir=sort_dir)
    cache = utils.UuidCache(request.context)
    items = [view(request, node, fields, cache, show_links=False)
             for node in nodes]
    return utils.collection(request, 'nodes', items, limit, path, query)


def _fault(value):
    """The ``fault`` filter: one of the faults a node can have."""
    if value not in schema.FAULTS:
        raise exception.InvalidParameterValue(
            err='Unrecognized fault "%s" is specified, allowed faults are %s'
            % (types.shown(value), schema.FAULTS))
    return value


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
    chassis = objects.Chassis.get(request.context, utils.check_ident(
        chassis_ident, 'chassis_uuid'))
    return _list(request, detail=False,
                 extra_filters={'chassis_id': chassis.id},
                 path='chassis/%s/nodes' % chassis.uuid)


def show_node(request, node_ident):
    utils.authorize(request, 'baremetal:node:get')
    query = utils.Query(request, ('fields',))
    fields = utils.fields_param(query, DETAIL_FIELDS, DETAIL_FIELDS, GATES)
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


def _check_name(name, message):
    """Refuse a node name that is a UUID or a reserved word (Ironic's
    words; the schema checked its characters).

    :param message: the start of the error, with ``%(name)s``.
    """
    if name is None:
        return
    if types.is_uuid(name):
        raise exception.InvalidParameterValue(err=message % {'name': name})
    if name in RESERVED_NAMES:
        raise exception.InvalidParameterValue(
            err='The word "%s" is reserved and can not be used as a node '
                'name. Reserved words are: %s.'
            % (name, ', '.join(RESERVED_NAMES)))


def _check_served(request, node):
    """Refuse a node whose hardware type no live conductor of its group
    serves: the client can see the drivers (GET /v1/drivers), so, as
    Ironic, this is a 400 in Ironic's words.

    :raises: InvalidParameterValue
    """
    key = (node.driver, node.conductor_group or '')
    ring = request.rpcapi.ring
    if key not in ring.rings:
        # A conductor may have just joined: look again before refusing.
        ring.reset()
        if key not in ring.rings:
            raise exception.InvalidParameterValue(err=str(
                exception.NoValidHost(
                    reason='No conductor service registered which supports '
                           'driver %s for conductor group "%s".' % key)))


def create_node(request):
    utils.authorize(request, 'baremetal:node:create')
    utils.Query(request, ())
    body = utils.json_body(request, schema.CREATE)
    utils.check_body_gates(request, body, GATES)
    for name in schema.PATCH_ONLY:
        if name in body:
            raise exception.InvalidParameterValue(
                err='%s cannot be set when creating a node: only an active '
                    'node can be protected' % name)
    _check_name(body.get('name'),
                "Cannot create node with invalid name '%(name)s'")
    values = {name: value for name, value in body.items()
              if value is not None or objects.Node.fields[name].nullable}
    values['conductor_group'] = (values.get('conductor_group') or '').lower()
    if not values.get('resource_class'):
        # NOTE: as Ironic: an empty resource class is none at all.
        values.pop('resource_class', None)
    values['chassis_id'] = _chassis_id(request, values.pop('chassis_uuid',
                                                           None))
    node = objects.Node(request.context, **values)
    node.provision_state = (states.ENROLL
                            if mv.allow_enroll_default(request.version)
                            else states.AVAILABLE)
    node.power_state = None
    _check_served(request, node)
    try:
        topic = request.rpcapi.get_topic_for_driver(node.driver)
        node = request.rpcapi.create_node(request.context, node, topic=topic)
    except (exception.NoValidHost, exception.DriverNotFound) as e:
        # NOTE: the conductors changed since the check above.
        raise exception.InvalidParameterValue(err=str(e))
    body = view(request, node, DETAIL_FIELDS,
                utils.UuidCache(request.context))
    return utils.Reply(201, body, location=body['links'][0]['href'])


def _patch_document(node, cache):
    """What a JSON-Patch of a node applies to: its writable fields, at
    any version (a field a version does not show keeps its value unless
    the patch names it)."""
    doc = {name: getattr(node, name) for name in schema.WRITABLE
           if name != 'chassis_uuid'}
    doc['chassis_uuid'] = cache.uuid_of(objects.Chassis, node.chassis_id)
    return doc


def _check_updatable(request, node, patch):
    """As Ironic: 409 while a state transition is in progress (but for
    removing the instance UUID of a node in maintenance), or while the
    node is inspecting (from API 1.39)."""
    if node.maintenance and patch == [{'op': 'remove',
                                       'path': '/instance_uuid'}]:
        return
    if (node.target_provision_state
            and node.provision_state not in _UPDATE_ALLOWED_STATES):
        raise exception.Conflict(
            'Node %s can not be updated while a state transition is in '
            'progress.' % node.uuid)
    if (node.provision_state == states.INSPECTING
            and mv.allow_inspect_wait(request.version)):
        raise exception.Conflict(
            'Cannot update node "%s" while it is in state "%s".'
            % (node.uuid, states.INSPECTING))


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
    if 'reset_interfaces' in query and not mv.allow_reset_interfaces(
            request.version):
        raise utils.not_acceptable()
    reset = query.boolean('reset_interfaces', False)
    patch = utils.json_body(request, utils.PATCH_SCHEMA)
    utils.check_patch_gates(request, patch, GATES)
    if reset and not any(op['path'] == '/driver' and op['op'] != 'remove'
                         for op in patch):
        raise exception.InvalidParameterValue(
            err="The reset_interfaces parameter can only be used when "
                "changing the node's driver.")
    utils.check_patch_values(patch, schema.WRITABLE, 'patched node')
    return utils.retry_on_concurrent_update(
        lambda: _update_once(request, node_ident, patch, reset))


def _update_once(request, node_ident, patch, reset):
    node = get_node(request, node_ident)
    _check_updatable(request, node, patch)
    original = utils.snapshot(node)
    cache = utils.UuidCache(request.context)
    before = _patch_document(node, cache)
    after = utils.apply_patch(before, patch, (), utils.PATCH_SCHEMA)
    utils.check_mandatory(after, schema.PATCHED)
    coercion.coerce(after, schema.PATCHED)
    utils.validate(after, schema.PATCHED, 'patched node')
    for name in schema.WRITABLE:
        after.setdefault(name, None)
    changed = utils.changed_fields(before, after, schema.WRITABLE)
    if ('chassis_uuid' in changed and after['chassis_uuid'] is None
            and not mv.allow_remove_chassis_uuid(request.version)):
        raise utils.not_acceptable()
    if 'name' in changed:
        _check_name(after['name'], "Node %s: Cannot change name to invalid "
                    "name '%%(name)s'" % node_ident.replace('%', '%%'))
    for name in changed:
        _set_field(request, node, name, after[name])
    if not changed:
        return view(request, node, DETAIL_FIELDS, cache)
    moved = {'driver', 'conductor_group'} & set(changed)
    if moved:
        _check_served(request, node)
    try:
        node = request.rpcapi.update_node(
            request.context, node, topic=topic_for(request, node),
            reset_interfaces=reset,
            expected=utils.expected_values(node, original))
    except (exception.NoValidHost, exception.DriverNotFound) as e:
        if not moved:
            raise
        # NOTE: the conductors changed since the check above.
        raise exception.InvalidParameterValue(err=str(e))
    return view(request, node, DETAIL_FIELDS, cache)


def _set_field(request, node, name, value):
    """Set the object field behind API field ``name`` to ``value``."""
    if name == 'chassis_uuid':
        node.chassis_id = _chassis_id(request, value)
    elif name in ('driver_info', 'properties', 'instance_info', 'extra'):
        setattr(node, name, value or {})
    elif name == 'conductor_group':
        node.conductor_group = (value or '').lower()
    elif name in ('maintenance', 'protected', 'retired'):
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
