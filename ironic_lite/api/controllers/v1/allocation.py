"""/v1/allocations and /v1/nodes/{node}/allocation (API 1.52): requests
for a node by resource class and traits, filled by a conductor.

Creating and deleting go to a conductor (RPC 2.2): it picks and claims
the node under the node's lock (``ironic_lite.conductor.allocations``);
a new allocation is answered at once, ``allocating``, and a client polls
it until ``active`` or ``error``. A PATCH (1.57) changes the name, extra
and (1.60) owner only, which no node's lock guards: written straight to
the database if the row still holds what the patch was applied to.
Backfilling (1.58): ``node`` names a deployed node, recorded at once as
the allocation's. Below 1.52 every path answers 404.
"""

from oslo_utils import uuidutils

from ironic_lite.api.controllers.v1 import generic
from ironic_lite.api.controllers.v1 import node as node_api
from ironic_lite.api.controllers.v1 import utils
from ironic_lite.api import microversion as mv
from ironic_lite.api import router
from ironic_lite.api.schemas import allocation as schema
from ironic_lite.api import types
from ironic_lite.common import exception
from ironic_lite import objects
from ironic_lite.objects import allocation as allocation_obj

RESOURCE = generic.Resource(
    path='allocations', obj_class=objects.Allocation,
    not_found=lambda ident: exception.AllocationNotFound(allocation=ident),
    rule='baremetal:allocation',
    detail_fields=['uuid', 'name', 'node_uuid', 'state', 'last_error',
                   'resource_class', 'traits', 'candidate_nodes', 'extra',
                   'owner', 'created_at', 'updated_at'],
    # NOTE: as Ironic, a list shows whole allocations.
    list_fields=['uuid', 'name', 'node_uuid', 'state', 'last_error',
                 'resource_class', 'traits', 'candidate_nodes', 'extra',
                 'owner', 'created_at', 'updated_at'],
    gates={'owner': mv.allow_allocation_owner},
    refs={'node_uuid': (objects.Node, 'node_id')},
    schemas={'create': schema.CREATE, 'patched': schema.PATCHED},
    names=True, ident_param='allocation_ident',
    defaults={'traits': [], 'candidate_nodes': []},
    detail_gate=mv.allow_allocations)

#: Fields of a request body newer than 1.52, with their gate.
_BODY_GATES = {'node': mv.allow_allocation_backfill,
               'owner': mv.allow_allocation_owner}
#: List filters newer than 1.52.
_FILTER_GATES = {'owner': mv.allow_allocation_owner}


def check_version(request):
    """:raises: NotFound (404) below API 1.52."""
    if not mv.allow_allocations(request.version):
        raise exception.NotFound()


def _node_for_body(request, ident):
    """A node a body names; a missing one is the client's mistake (400,
    as Ironic)."""
    try:
        return node_api.get_node(request, ident)
    except exception.NodeNotFound as e:
        raise exception.InvalidParameterValue(err=str(e))


def _check_name(name):
    if name is not None and types.is_uuid(name):
        raise exception.InvalidParameterValue(
            err='Cannot use a UUID as the name of an allocation: %s' % name)


def list_allocations(request):
    """GET /v1/allocations[?node=&resource_class=&state=&owner=]."""
    check_version(request)
    query = request.GET
    filters = {}
    if query.get('node'):
        utils.authorize(request, RESOURCE.rule + ':get')
        filters['node_id'] = _node_for_body(request, utils.text_filter(
            'node', query['node'], schema.FILTER_MAX_LENGTH['node'])).id
    for name in ('resource_class', 'owner'):
        if name in query:
            filters[name] = utils.text_filter(
                name, query[name], schema.FILTER_MAX_LENGTH[name])
    if 'state' in query:
        if query['state'] not in allocation_obj.STATES:
            raise exception.InvalidParameterValue(
                err='Allocation state "%s" is not valid; valid states: %s'
                % (types.shown(query['state']),
                   ', '.join(allocation_obj.STATES)))
        filters['state'] = query['state']
    return generic.list_(request, RESOURCE, False, filters,
                         ('node', 'resource_class', 'state', 'owner'),
                         filter_gates=_FILTER_GATES)


def show_allocation(request, allocation_ident):
    check_version(request)
    return generic.show(request, RESOURCE, allocation_ident)


def create_allocation(request):
    """POST /v1/allocations: 201 with the allocation, ``allocating`` (or
    ``active`` when backfilled)."""
    check_version(request)
    utils.authorize(request, RESOURCE.rule + ':create')
    utils.Query(request, ())
    body = utils.json_body(request, schema.CREATE)
    utils.check_body_gates(request, body, _BODY_GATES)
    values = {name: value for name, value in body.items()
              if value is not None}
    _check_name(values.get('name'))
    node = None
    if values.get('node'):
        if values.get('candidate_nodes'):
            raise exception.InvalidParameterValue(
                err='Cannot use candidate_nodes when backfilling an '
                    'allocation for a node')
        node = _node_for_body(request, values.pop('node'))
        if node.instance_uuid and values.setdefault(
                'uuid', node.instance_uuid) != node.instance_uuid:
            raise exception.InvalidParameterValue(
                err='Cannot create allocation %s for node %s: its '
                    'instance_uuid is %s' % (values['uuid'], node.uuid,
                                             node.instance_uuid))
        values['node_id'] = node.id
    elif not values.get('resource_class'):
        raise exception.InvalidParameterValue(
            err='The resource_class field is mandatory when not '
                'backfilling')
    if values.get('candidate_nodes'):
        values['candidate_nodes'] = [
            _node_for_body(request, ident).uuid
            for ident in values['candidate_nodes']]
    values.setdefault('uuid', uuidutils.generate_uuid())
    values.setdefault('traits', [])
    values.setdefault('candidate_nodes', [])
    allocation = objects.Allocation(request.context, **values)
    topic = (node_api.topic_for(request, node) if node is not None
             else request.rpcapi.get_random_topic())
    allocation = request.rpcapi.create_allocation(request.context,
                                                  allocation, topic=topic)
    data = RESOURCE.view(request, allocation, RESOURCE.detail_fields,
                         utils.UuidCache(request.context))
    return utils.Reply(201, data, location=data['links'][0]['href'])


def _save(allocation, expected):
    allocation.save(expected=expected)
    return allocation


def _check_patch(after, changed):
    if 'name' in changed:
        _check_name(after['name'])


def update_allocation(request, allocation_ident):
    """PATCH (1.57): name, extra; owner (1.60)."""
    check_version(request)
    if not mv.allow_allocation_update(request.version):
        # NOTE: as Ironic: 405 (the method came with 1.57).
        error = router.MethodNotAllowed()
        error.allowed = ['DELETE', 'GET']
        raise error
    return generic.update(request, RESOURCE, allocation_ident, _save,
                          check=_check_patch)


def _destroy(request, allocation):
    topic = request.rpcapi.get_random_topic()
    if allocation.node_id is not None:
        try:
            topic = node_api.topic_for(
                request, objects.Node.get(request.context,
                                          allocation.node_id))
        except exception.NodeNotFound:
            pass
    request.rpcapi.destroy_allocation(request.context, allocation,
                                      topic=topic)


def delete_allocation(request, allocation_ident):
    check_version(request)
    return generic.delete(request, RESOURCE, allocation_ident,
                          lambda allocation: _destroy(request, allocation))


def _node_allocation(request, node_ident):
    node = node_api.get_node(request, node_ident)
    if node.allocation_id is None:
        raise exception.AllocationNotFound(
            allocation='of node %s' % node.uuid)
    return objects.Allocation.get(request.context, node.allocation_id)


def show_node_allocation(request, node_ident):
    """GET /v1/nodes/{node}/allocation."""
    check_version(request)
    utils.authorize(request, RESOURCE.rule + ':get')
    query = utils.Query(request, ('fields',))
    fields = utils.fields_param(query, RESOURCE.detail_fields,
                                RESOURCE.detail_fields, RESOURCE.gates)
    allocation = _node_allocation(request, node_ident)
    return RESOURCE.view(request, allocation, fields,
                         utils.UuidCache(request.context),
                         show_links='fields' not in query)


def delete_node_allocation(request, node_ident):
    """DELETE /v1/nodes/{node}/allocation."""
    check_version(request)
    utils.authorize(request, RESOURCE.rule + ':delete')
    utils.Query(request, ())
    _destroy(request, _node_allocation(request, node_ident))
    return utils.Reply(204)
