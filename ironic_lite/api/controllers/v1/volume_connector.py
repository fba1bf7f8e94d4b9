"""/v1/volume/connectors and /v1/nodes/{node}/volume/connectors (API
1.32): a node's initiators for remote volumes. The handlers are
:class:`volume.Handlers`."""

from ironic_lite.api.controllers.v1 import generic
from ironic_lite.api.controllers.v1 import volume
from ironic_lite.api import microversion as mv
from ironic_lite.api.schemas import volume_connector as schema
from ironic_lite.common import exception
from ironic_lite import objects

RESOURCE = generic.Resource(
    path='volume/connectors', key='connectors',
    obj_class=objects.VolumeConnector,
    not_found=lambda ident: exception.VolumeConnectorNotFound(
        connector=ident),
    rule='baremetal:volume',
    detail_fields=['uuid', 'node_uuid', 'type', 'connector_id', 'extra',
                   'created_at', 'updated_at'],
    list_fields=['uuid', 'node_uuid', 'type', 'connector_id'],
    gates={},
    refs={'node_uuid': (objects.Node, 'node_id')},
    schemas={'create': schema.CREATE, 'patched': schema.PATCHED},
    # NOTE: ?detail= came with the resource (1.32), not with 1.43.
    detail_gate=mv.allow_volume,
    ident_param='connector_uuid')

HANDLERS = volume.Handlers(RESOURCE, 'volume_connector')
