"""/v1/ports, /v1/nodes/{node}/ports and /v1/portgroups/{pg}/ports.

Ports change under their node's lock, so writes go to the node's
conductor.
"""

from ironic_lite.api.controllers.v1 import generic
from ironic_lite.api.controllers.v1 import node as node_api
from ironic_lite.api.controllers.v1 import utils
from ironic_lite.api import microversion as mv
from ironic_lite.api.schemas import port as schema
from ironic_lite.common import exception
from ironic_lite import objects

RESOURCE = generic.Resource(
    path='ports', obj_class=objects.Port,
    not_found=lambda ident: exception.PortNotFound(port=ident),
    rule='baremetal:port',
    detail_fields=['uuid', 'address', 'node_uuid', 'portgroup_uuid',
                   'extra', 'local_link_connection', 'pxe_enabled',
                   'internal_info', 'physical_network', 'created_at',
                   'updated_at'],
    list_fields=['uuid', 'address'],
    gates={'internal_info': mv.allow_port_internal_info,
           'local_link_connection': mv.allow_port_link_fields,
           'pxe_enabled': mv.allow_port_link_fields,
           'portgroup_uuid': mv.allow_portgroup_subresources,
           'physical_network': mv.allow_physical_network},
    refs={'node_uuid': (objects.Node, 'node_id'),
          'portgroup_uuid': (objects.Portgroup, 'portgroup_id')},
    schemas={'create': schema.CREATE, 'patched': schema.PATCHED})


def _node_topic(request, port):
    node = objects.Node.get(request.context, port.node_id)
    return node_api.topic_for(request, node)


def _check_portgroup(request, port):
    if port.obj_attr_is_set('portgroup_id') and port.portgroup_id:
        group = objects.Portgroup.get(request.context, port.portgroup_id)
        if group.node_id != port.node_id:
            raise exception.InvalidParameterValue(
                err='Port group %s and port belong to different nodes'
                % group.uuid)


def list_ports(request):
    return _list(request, False, 'ports')


def list_ports_detail(request):
    return _list(request, True, 'ports/detail')


def _list(request, detail, path, filters=None):
    filters = dict(filters or {})
    params = request.GET
    if params.get('address'):
        filters['address'] = params['address'].lower()
    if params.get('node') or params.get('node_uuid'):
        filters['node_id'] = node_api.get_node(
            request, params.get('node') or params.get('node_uuid')).id
    if params.get('portgroup'):
        if not mv.allow_portgroup_subresources(request.version):
            raise utils.not_acceptable()
        filters['portgroup_id'] = objects.Portgroup.get(
            request.context, params['portgroup']).id
    return generic.list_(request, RESOURCE, detail, filters,
                         ('node', 'node_uuid', 'portgroup', 'address'), path)


def list_node_ports(request, node_ident):
    node = node_api.get_node(request, node_ident)
    return generic.list_(request, RESOURCE, False, {'node_id': node.id},
                         (), 'nodes/%s/ports' % node.uuid)


def list_portgroup_ports(request, portgroup_ident):
    if not mv.allow_portgroup_subresources(request.version):
        raise exception.NotFound()
    group = objects.Portgroup.get(request.context, portgroup_ident)
    return generic.list_(request, RESOURCE, False,
                         {'portgroup_id': group.id}, (),
                         'portgroups/%s/ports' % group.uuid)


def show_port(request, port_ident):
    return generic.show(request, RESOURCE, port_ident)


def create_port(request):
    def save(port):
        _check_portgroup(request, port)
        return request.rpcapi.create_port(
            request.context, port, topic=_node_topic(request, port))
    return generic.create(request, RESOURCE, save)


def update_port(request, port_ident):
    def save(port):
        _check_portgroup(request, port)
        return request.rpcapi.update_port(
            request.context, port, topic=_node_topic(request, port))
    return generic.update(request, RESOURCE, port_ident, save)


def delete_port(request, port_ident):
    def destroy(port):
        request.rpcapi.destroy_port(request.context, port,
                                    topic=_node_topic(request, port))
    return generic.delete(request, RESOURCE, port_ident, destroy)
