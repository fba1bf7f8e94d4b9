"""/v1/ports, /v1/nodes/{node}/ports and /v1/portgroups/{pg}/ports.

Ports change under their node's lock, so writes go to the node's
conductor.
"""

from ironic_lite.api import coercion
from ironic_lite.api.controllers.v1 import generic
from ironic_lite.api.controllers.v1 import node as node_api
from ironic_lite.api.controllers.v1 import utils
from ironic_lite.api import microversion as mv
from ironic_lite.api.schemas import port as schema
from ironic_lite.api import types
from ironic_lite.common import exception
from ironic_lite import objects

RESOURCE = generic.Resource(
    path='ports', obj_class=objects.Port,
    not_found=lambda ident: exception.PortNotFound(port=ident),
    rule='baremetal:port',
    detail_fields=['uuid', 'address', 'node_uuid', 'portgroup_uuid',
                   'extra', 'local_link_connection', 'pxe_enabled',
                   'internal_info', 'physical_network', 'is_smartnic',
                   'created_at', 'updated_at'],
    list_fields=['uuid', 'address'],
    gates={'internal_info': mv.allow_port_internal_info,
           'local_link_connection': mv.allow_port_link_fields,
           'pxe_enabled': mv.allow_port_link_fields,
           'portgroup_uuid': mv.allow_portgroup_subresources,
           'physical_network': mv.allow_physical_network,
           'is_smartnic': mv.allow_port_is_smartnic},
    refs={'node_uuid': (objects.Node, 'node_id'),
          'portgroup_uuid': (objects.Portgroup, 'portgroup_id')},
    schemas={'create': schema.CREATE, 'patched': schema.PATCHED},
    ident_param='port_uuid')

_FILTERS = ('node', 'node_uuid', 'portgroup', 'address')


def _node_topic(request, port):
    node = objects.Node.get(request.context, port.node_id)
    return node_api.topic_for(request, node)


def _check_portgroup(request, port, pxe_given=False):
    """The port's group is on the port's node and, for a port created
    with ``pxe_enabled`` true, takes standalone ports (as Ironic).

    :raises: InvalidParameterValue (400), Conflict (409)
    """
    if not (port.obj_attr_is_set('portgroup_id') and port.portgroup_id):
        return
    group = objects.Portgroup.get(request.context, port.portgroup_id)
    if group.node_id != port.node_id:
        raise exception.InvalidParameterValue(
            err='Port can not be added to a portgroup belonging to a '
                'different node.')
    if pxe_given and not group.standalone_ports_supported:
        raise exception.Conflict(
            "Port group %s doesn't support standalone ports. This port "
            "cannot be created as a member of that portgroup as the "
            "port's 'pxe_enabled' field was set to True." % group.uuid)


def _set_or_none(obj, name):
    return getattr(obj, name) if obj.obj_attr_is_set(name) else None


def _check_physical_network(values):
    if values.get('physical_network') == '':
        raise exception.InvalidParameterValue(
            err='A non-empty value is required when setting '
                'physical_network')


#: Keys of local_link_connection newer than the field (1.19), and their
#: gates.
_LOCAL_LINK_GATES = {'hostname': mv.allow_port_is_smartnic,
                     'network_type': mv.allow_local_link_network_type}


def _check_local_link(request, link, is_smartnic, link_given=True):
    """The keys of a local_link_connection being set are known at the
    request's version, and a Smart NIC port's names its host.

    :param link: the port's local_link_connection as it is to be stored.
    :param is_smartnic: the port's is_smartnic as it is to be stored.
    :param link_given: whether the request sets the local_link_connection
        (its keys are then checked against the request's version).
    :raises: NotAcceptable (406) for a key newer than the request,
        InvalidParameterValue (400) for a Smart NIC port without
        ``port_id`` and ``hostname``.
    """
    link = link or {}
    for key, gate in _LOCAL_LINK_GATES.items():
        if link_given and key in link and not gate(request.version):
            raise utils.not_acceptable()
    if is_smartnic and not (link.get('port_id') and link.get('hostname')):
        raise exception.InvalidParameterValue(
            err='A Smart NIC port needs port_id and hostname in its '
                'local_link_connection.')


def list_ports(request):
    return _list(request, False, 'ports')


def list_ports_detail(request):
    return _list(request, True, 'ports/detail')


def _list(request, detail, path, node_ident=None, group_ident=None):
    """A page of ports; ``node_ident``/``group_ident`` come from the path
    of a sub-collection, the ``node``/``portgroup`` filters otherwise."""
    params = request.GET
    filters = {}
    node_ident = node_ident or params.get('node_uuid') or params.get('node')
    group_ident = group_ident or params.get('portgroup')
    if 'portgroup' in params and not mv.allow_portgroup_subresources(
            request.version):
        raise utils.not_acceptable()
    if node_ident and group_ident:
        raise utils.OperationNotPermitted()
    if params.get('node_uuid'):
        types.uuid('node_uuid', params['node_uuid'])
    elif (params.get('node') and not types.is_uuid(params['node'])
          and not mv.allow_node_name(request.version)):
        # NOTE: as Ironic: a node name in the filter needs 1.5.
        raise utils.not_acceptable()
    if params.get('address'):
        filters['address'] = coercion.mac_address('address',
                                                  params['address'])
    if node_ident:
        filters['node_id'] = node_api.get_node(request, node_ident).id
    if group_ident:
        filters['portgroup_id'] = objects.Portgroup.get(
            request.context, utils.check_ident(
                group_ident, 'portgroup', names=True)).id
    return generic.list_(request, RESOURCE, detail, filters, _FILTERS, path)


def list_node_ports(request, node_ident):
    node = node_api.get_node(request, node_ident)
    return _list(request, False, 'nodes/%s/ports' % node.uuid,
                 node_ident=node.uuid)


def list_portgroup_ports(request, portgroup_ident):
    if not mv.allow_portgroup_subresources(request.version):
        raise exception.NotFound()
    group = objects.Portgroup.get(request.context, utils.check_ident(
        portgroup_ident, 'portgroup_ident', names=True))
    return _list(request, False, 'portgroups/%s/ports' % group.uuid,
                 group_ident=group.uuid)


def show_port(request, port_ident):
    return generic.show(request, RESOURCE, port_ident)


def create_port(request):
    def save(port):
        pxe_given = bool(port.obj_attr_is_set('pxe_enabled')
                         and port.pxe_enabled)
        _check_physical_network({'physical_network': port.physical_network
                                 if port.obj_attr_is_set('physical_network')
                                 else None})
        _check_portgroup(request, port, pxe_given=pxe_given)
        _check_local_link(
            request, _set_or_none(port, 'local_link_connection'),
            _set_or_none(port, 'is_smartnic'))
        return request.rpcapi.create_port(
            request.context, port, topic=_node_topic(request, port))
    return generic.create(request, RESOURCE, save)


def update_port(request, port_ident):
    def check(after, changed):
        if 'physical_network' in changed:
            _check_physical_network(after)
        if {'local_link_connection', 'is_smartnic'} & set(changed):
            _check_local_link(request, after['local_link_connection'],
                              after['is_smartnic'],
                              'local_link_connection' in changed)

    def save(port, expected):
        _check_portgroup(request, port)
        # NOTE: the conductor locks the node the port belongs to: if it
        # was moved meanwhile, that is the wrong lock.
        expected.setdefault('node_id', port.node_id)
        return request.rpcapi.update_port(
            request.context, port, topic=_node_topic(request, port),
            expected=expected)
    return generic.update(request, RESOURCE, port_ident, save, check)


def delete_port(request, port_ident):
    def destroy(port):
        request.rpcapi.destroy_port(request.context, port,
                                    topic=_node_topic(request, port))
    return generic.delete(request, RESOURCE, port_ident, destroy)
