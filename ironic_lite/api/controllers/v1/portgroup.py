"""/v1/portgroups (API 1.23) and /v1/nodes/{node}/portgroups (1.24).

Port groups change under their node's lock: writes go to the node's
conductor. Below 1.23 the whole resource answers 404.
"""

from ironic_lite.api import coercion
from ironic_lite.api.controllers.v1 import generic
from ironic_lite.api.controllers.v1 import node as node_api
from ironic_lite.api import microversion as mv
from ironic_lite.api.schemas import portgroup as schema
from ironic_lite.common import exception
from ironic_lite import objects

RESOURCE = generic.Resource(
    path='portgroups', obj_class=objects.Portgroup,
    not_found=lambda ident: exception.PortgroupNotFound(portgroup=ident),
    rule='baremetal:portgroup',
    detail_fields=['uuid', 'name', 'address', 'node_uuid',
                   'standalone_ports_supported', 'internal_info', 'extra',
                   'mode', 'properties', 'created_at', 'updated_at'],
    list_fields=['uuid', 'address', 'name'],
    gates={'mode': mv.allow_portgroup_mode_properties,
           'properties': mv.allow_portgroup_mode_properties},
    refs={'node_uuid': (objects.Node, 'node_id')},
    schemas={'create': schema.CREATE, 'patched': schema.PATCHED},
    names=True,
    sub_links={'ports': mv.allow_portgroup_subresources},
    defaults={'mode': schema.DEFAULT_MODE}, ident_param='portgroup_ident')


def _check_version(request, gate=mv.allow_portgroups):
    if not gate(request.version):
        raise exception.NotFound()


def _node_topic(request, group):
    node = objects.Node.get(request.context, group.node_id)
    return node_api.topic_for(request, node)


def _list(request, detail, path):
    _check_version(request)
    filters = {}
    params = request.GET
    if params.get('node'):
        filters['node_id'] = node_api.get_node(request, params['node']).id
    if params.get('address'):
        filters['address'] = coercion.mac_address('address',
                                                  params['address'])
    return generic.list_(request, RESOURCE, detail, filters,
                         ('node', 'address'), path)


def list_portgroups(request):
    return _list(request, False, 'portgroups')


def list_portgroups_detail(request):
    return _list(request, True, 'portgroups/detail')


def list_node_portgroups(request, node_ident):
    _check_version(request, mv.allow_portgroup_subresources)
    node = node_api.get_node(request, node_ident)
    filters = {'node_id': node.id}
    if request.GET.get('address'):
        filters['address'] = coercion.mac_address('address',
                                                  request.GET['address'])
    return generic.list_(request, RESOURCE, False, filters,
                         ('node', 'address'),
                         'nodes/%s/portgroups' % node.uuid)


def show_portgroup(request, portgroup_ident):
    _check_version(request)
    return generic.show(request, RESOURCE, portgroup_ident)


def create_portgroup(request):
    _check_version(request)

    def save(group):
        if not group.obj_attr_is_set('mode') or not group.mode:
            group.mode = schema.DEFAULT_MODE
        return request.rpcapi.create_portgroup(
            request.context, group, topic=_node_topic(request, group))
    return generic.create(request, RESOURCE, save)


def update_portgroup(request, portgroup_ident):
    _check_version(request)

    def save(group, expected):
        # NOTE: the conductor locks the group's node (see port.py).
        expected.setdefault('node_id', group.node_id)
        return request.rpcapi.update_portgroup(
            request.context, group, topic=_node_topic(request, group),
            expected=expected)
    return generic.update(request, RESOURCE, portgroup_ident, save)


def delete_portgroup(request, portgroup_ident):
    _check_version(request)

    def destroy(group):
        request.rpcapi.destroy_portgroup(request.context, group,
                                         topic=_node_topic(request, group))
    return generic.delete(request, RESOURCE, portgroup_ident, destroy)
