"""/v1/volume/targets and /v1/nodes/{node}/volume/targets (API 1.32):
the remote volumes of a node, ordered by ``boot_index``. The handlers
are :class:`volume.Handlers`. Keys of ``properties`` naming a password
are shown as ``******``."""

from ironic_lite.api.controllers.v1 import generic
from ironic_lite.api.controllers.v1 import node as node_api
from ironic_lite.api.controllers.v1 import volume
from ironic_lite.api import microversion as mv
from ironic_lite.api.schemas import volume_target as schema
from ironic_lite.common import exception
from ironic_lite import objects

RESOURCE = generic.Resource(
    path='volume/targets', key='targets',
    obj_class=objects.VolumeTarget,
    not_found=lambda ident: exception.VolumeTargetNotFound(target=ident),
    rule='baremetal:volume',
    detail_fields=['uuid', 'node_uuid', 'volume_type', 'properties',
                   'boot_index', 'volume_id', 'extra', 'created_at',
                   'updated_at'],
    list_fields=['uuid', 'node_uuid', 'volume_type', 'boot_index',
                 'volume_id'],
    gates={},
    refs={'node_uuid': (objects.Node, 'node_id')},
    schemas={'create': schema.CREATE, 'patched': schema.PATCHED},
    # NOTE: ?detail= came with the resource (1.32), not with 1.43.
    detail_gate=mv.allow_volume,
    ident_param='target_uuid',
    # NOTE: properties may hold a CHAP password (auth_password): shown
    # masked, as a node's driver_info.
    masks={'properties': node_api.mask_secrets})

HANDLERS = volume.Handlers(RESOURCE, 'volume_target')
