"""/v1/drivers: the hardware types the live conductors serve.

Read from the conductors and conductor_hardware_interfaces tables (what
each conductor registered at start and keeps alive by heartbeat), so the
list follows the fleet. Only dynamic drivers (hardware types) exist.
"""

from ironic_lite.api.controllers.v1 import utils
from ironic_lite.api import microversion as mv
from ironic_lite.common import exception
from ironic_lite.db import api as db_api
from ironic_lite.objects import node as node_obj


def _active(request):
    """{hardware type: [hosts]} over the live conductors."""
    active = db_api.get_instance().get_active_hardware_types(
        request.conf.conductor.heartbeat_timeout)
    result = {}
    for (hw_type, _group), hosts in active.items():
        result.setdefault(hw_type, set()).update(hosts)
    return {name: sorted(hosts) for name, hosts in result.items()}


#: Interface types a driver shows only from a version on (the others:
#: from 1.30, with the driver's type).
_INTERFACE_GATES = {'storage': mv.allow_storage_interface,
                    'rescue': mv.allow_rescue_interface,
                    'bios': mv.allow_bios_interface}


def _interfaces(request, name):
    """The default and enabled implementations of each interface type
    the request's version shows (an empty list when none is enabled)."""
    rows = db_api.get_instance().get_hardware_type_interfaces(
        name, request.conf.conductor.heartbeat_timeout)
    detail = {}
    for iface in node_obj.INTERFACES:
        gate = _INTERFACE_GATES.get(iface)
        if gate is not None and not gate(request.version):
            continue
        enabled = sorted({row['interface_name'] for row in rows
                          if row['interface_type'] == iface})
        defaults = sorted({row['interface_name'] for row in rows
                           if row['interface_type'] == iface
                           and row['default']})
        detail['default_%s_interface' % iface] = (
            defaults[0] if defaults else None)
        detail['enabled_%s_interfaces' % iface] = enabled
    return detail


def _view(request, name, hosts, detail):
    data = {'name': name, 'hosts': hosts,
            'links': utils.links(request, 'drivers', name)}
    if mv.allow_links_to_states(request.version):
        data['properties'] = utils.links(request, 'drivers/%s' % name,
                                         'properties')
    if mv.allow_driver_detail(request.version):
        data['type'] = 'dynamic'
        if detail:
            data.update(_interfaces(request, name))
    return data


def list_drivers(request):
    utils.authorize(request, 'baremetal:driver:get')
    query = utils.Query(request, ('type', 'detail'))
    if ('type' in query or 'detail' in query) and not mv.allow_driver_detail(
            request.version):
        raise utils.not_acceptable(minimum=(1, 30))
    kind = query.get('type')
    if kind not in (None, 'classic', 'dynamic'):
        raise exception.InvalidParameterValue(
            err='"type" filter must be one of "classic" or "dynamic", if '
                'specified.')
    detail = query.boolean('detail', False)
    if kind == 'classic':
        return {'drivers': []}
    return {'drivers': [_view(request, name, hosts, detail)
                        for name, hosts in sorted(_active(request).items())]}


def show_driver(request, driver_name):
    utils.authorize(request, 'baremetal:driver:get')
    utils.Query(request, ())
    hosts = _active(request).get(driver_name)
    if not hosts:
        raise exception.DriverNotFound(driver_name=driver_name)
    return _view(request, driver_name, hosts, detail=True)


def driver_properties(request, driver_name):
    utils.authorize(request, 'baremetal:driver:get')
    utils.Query(request, ())
    if driver_name not in _active(request):
        raise exception.DriverNotFound(driver_name=driver_name)
    return request.rpcapi.get_driver_properties(
        request.context, driver_name,
        topic=request.rpcapi.get_topic_for_driver(driver_name))


def raid_logical_disk_properties(request, driver_name):
    """GET /v1/drivers/{driver}/raid/logical_disk_properties (API 1.12):
    ``{property: description}`` of a logical disk in a target RAID
    configuration, for the RAID interface a new node of the driver gets.
    """
    utils.authorize(request,
                    'baremetal:driver:get_raid_logical_disk_properties')
    utils.Query(request, ())
    if not mv.allow_raid_config(request.version):
        raise utils.not_acceptable()
    if driver_name not in _active(request):
        raise exception.DriverNotFound(driver_name=driver_name)
    try:
        return request.rpcapi.get_raid_logical_disk_properties(
            request.context, driver_name,
            topic=request.rpcapi.get_topic_for_driver(driver_name))
    except exception.UnsupportedDriverExtension as e:
        e.code = 404
        raise
