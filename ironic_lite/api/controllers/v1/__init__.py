"""The Bare Metal API v1: every route in one table.

Paths ironic-lite does not have (vendor passthru, node console)
match no route and answer 404 as an
unknown resource does; the list is in
doc/api-microversions.md.
"""

from ironic_lite.api.controllers.v1 import allocation
from ironic_lite.api.controllers.v1 import bios
from ironic_lite.api.controllers.v1 import chassis
from ironic_lite.api.controllers.v1 import conductor
from ironic_lite.api.controllers.v1 import deploy_template
from ironic_lite.api.controllers.v1 import driver
from ironic_lite.api.controllers.v1 import event
from ironic_lite.api.controllers.v1 import heartbeat
from ironic_lite.api.controllers.v1 import indicator
from ironic_lite.api.controllers.v1 import lookup
from ironic_lite.api.controllers.v1 import node
from ironic_lite.api.controllers.v1 import node_states
from ironic_lite.api.controllers.v1 import node_traits
from ironic_lite.api.controllers.v1 import port
from ironic_lite.api.controllers.v1 import portgroup
from ironic_lite.api.controllers.v1 import vif
from ironic_lite.api.controllers.v1 import volume
from ironic_lite.api.controllers.v1 import volume_connector
from ironic_lite.api.controllers.v1 import volume_target
from ironic_lite.api import microversion as mv

#: Resources linked from GET /v1, with the gate that shows them.
TOP_LEVEL_RESOURCES = {
    'chassis': None, 'nodes': None, 'ports': None, 'drivers': None,
    'portgroups': mv.allow_portgroups, 'heartbeat': mv.allow_heartbeat,
    'lookup': mv.allow_lookup,
    'conductors': mv.allow_conductors, 'volume': mv.allow_volume,
    'deploy_templates': mv.allow_deploy_templates,
    'allocations': mv.allow_allocations,
}

_NODE = '/v1/nodes/{node_ident}'
_PG = '/v1/portgroups/{portgroup_ident}'
_TEMPLATE = '/v1/deploy_templates/{template_ident}'


def _volume_routes(handlers, part):
    """A volume resource's routes: /v1/volume/<part> and the node's
    read-only /v1/nodes/{node}/volume/<part>."""
    top = '/v1/volume/%s' % part
    one = top + '/{ident}'
    below_node = _NODE + '/volume/' + part
    return [
        ('GET', top, handlers.list),
        ('POST', top, handlers.create),
        ('GET', one, handlers.show),
        ('PATCH', one, handlers.update),
        ('DELETE', one, handlers.delete),
        ('GET', below_node, handlers.list_node),
        ('POST', below_node, volume.not_permitted),
    ] + [(method, below_node + '/{ident}', volume.not_permitted)
         for method in ('GET', 'PATCH', 'DELETE')]


ROUTES = [
    ('GET', '/v1/nodes', node.list_nodes),
    ('POST', '/v1/nodes', node.create_node),
    ('GET', '/v1/nodes/detail', node.list_nodes_detail),
    ('GET', '/v1/nodes/validate', node_states.validate_by_query),
    ('GET', _NODE, node.show_node),
    ('PATCH', _NODE, node.update_node),
    ('DELETE', _NODE, node.delete_node),
    ('GET', _NODE + '/states', node_states.get_states),
    ('PUT', _NODE + '/states/power', node_states.set_power_state),
    ('PUT', _NODE + '/states/provision', node_states.set_provision_state),
    ('PUT', _NODE + '/states/raid', node_states.set_raid_config),
    ('GET', _NODE + '/management/boot_device', node_states.get_boot_device),
    ('PUT', _NODE + '/management/boot_device', node_states.set_boot_device),
    ('GET', _NODE + '/management/boot_device/supported',
     node_states.get_supported_boot_devices),
    ('PUT', _NODE + '/management/inject_nmi', node_states.inject_nmi),
    ('GET', _NODE + '/management/indicators', indicator.list_indicators),
    ('GET', _NODE + '/management/indicators/{indicator_ident}',
     indicator.get_indicator_state),
    ('PUT', _NODE + '/management/indicators/{indicator_ident}',
     indicator.set_indicator_state),
    ('PUT', _NODE + '/maintenance', node_states.set_maintenance),
    ('DELETE', _NODE + '/maintenance', node_states.unset_maintenance),
    ('GET', _NODE + '/validate', node_states.validate),
    ('GET', _NODE + '/traits', node_traits.get_traits),
    ('PUT', _NODE + '/traits', node_traits.set_traits),
    ('DELETE', _NODE + '/traits', node_traits.delete_traits),
    ('PUT', _NODE + '/traits/{trait}', node_traits.add_trait),
    ('DELETE', _NODE + '/traits/{trait}', node_traits.delete_trait),
    ('GET', _NODE + '/ports', port.list_node_ports),
    ('GET', _NODE + '/portgroups', portgroup.list_node_portgroups),
    ('GET', _NODE + '/vifs', vif.list_vifs),
    ('POST', _NODE + '/vifs', vif.attach_vif),
    ('DELETE', _NODE + '/vifs/{vif_id}', vif.detach_vif),
    ('GET', _NODE + '/bios', bios.list_settings),
    ('GET', _NODE + '/bios/{setting_name}', bios.show_setting),

    ('GET', '/v1/ports', port.list_ports),
    ('POST', '/v1/ports', port.create_port),
    ('GET', '/v1/ports/detail', port.list_ports_detail),
    ('GET', '/v1/ports/{port_ident}', port.show_port),
    ('PATCH', '/v1/ports/{port_ident}', port.update_port),
    ('DELETE', '/v1/ports/{port_ident}', port.delete_port),

    ('GET', '/v1/portgroups', portgroup.list_portgroups),
    ('POST', '/v1/portgroups', portgroup.create_portgroup),
    ('GET', '/v1/portgroups/detail', portgroup.list_portgroups_detail),
    ('GET', _PG, portgroup.show_portgroup),
    ('PATCH', _PG, portgroup.update_portgroup),
    ('DELETE', _PG, portgroup.delete_portgroup),
    ('GET', _PG + '/ports', port.list_portgroup_ports),

    ('GET', '/v1/chassis', chassis.list_chassis),
    ('POST', '/v1/chassis', chassis.create_chassis),
    ('GET', '/v1/chassis/detail', chassis.list_chassis_detail),
    ('GET', '/v1/chassis/{chassis_ident}', chassis.show_chassis),
    ('PATCH', '/v1/chassis/{chassis_ident}', chassis.update_chassis),
    ('DELETE', '/v1/chassis/{chassis_ident}', chassis.delete_chassis),
    ('GET', '/v1/chassis/{chassis_ident}/nodes', node.list_chassis_nodes),

    ('GET', '/v1/drivers', driver.list_drivers),
    ('GET', '/v1/drivers/{driver_name}', driver.show_driver),
    ('GET', '/v1/drivers/{driver_name}/properties',
     driver.driver_properties),
    ('GET', '/v1/drivers/{driver_name}/raid/logical_disk_properties',
     driver.raid_logical_disk_properties),

    ('POST', '/v1/heartbeat/{node_ident}', heartbeat.heartbeat),
    ('GET', '/v1/lookup', lookup.lookup),

    ('POST', '/v1/events', event.post_events),

    ('GET', '/v1/conductors', conductor.list_conductors),
    ('GET', '/v1/conductors/{hostname}', conductor.show_conductor),

    ('GET', '/v1/deploy_templates', deploy_template.list_templates),
    ('POST', '/v1/deploy_templates', deploy_template.create_template),
    ('GET', '/v1/deploy_templates/detail',
     deploy_template.list_templates_detail),
    ('GET', _TEMPLATE, deploy_template.show_template),
    ('PATCH', _TEMPLATE, deploy_template.update_template),
    ('DELETE', _TEMPLATE, deploy_template.delete_template),

    ('GET', '/v1/volume', volume.get_volume),
    ('GET', _NODE + '/volume', volume.get_node_volume),
] + (_volume_routes(volume_connector.HANDLERS, 'connectors') +
     _volume_routes(volume_target.HANDLERS, 'targets'))

_ALLOCATION = '/v1/allocations/{allocation_ident}'

ROUTES += [
    ('GET', '/v1/allocations', allocation.list_allocations),
    ('POST', '/v1/allocations', allocation.create_allocation),
    ('GET', _ALLOCATION, allocation.show_allocation),
    ('PATCH', _ALLOCATION, allocation.update_allocation),
    ('DELETE', _ALLOCATION, allocation.delete_allocation),
    ('GET', _NODE + '/allocation', allocation.show_node_allocation),
    ('DELETE', _NODE + '/allocation', allocation.delete_node_allocation),
]
