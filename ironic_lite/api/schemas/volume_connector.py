"""Request bodies of /v1/volume/connectors (API 1.32)."""

from ironic_lite.api.schemas import common
from ironic_lite.objects import volume_connector

WRITABLE = {
    'node_uuid': common.UUID,
    'type': {'type': 'string', 'maxLength': 32,
             'enum': list(volume_connector.TYPES)},
    'connector_id': {'type': 'string', 'maxLength': 255},
    'extra': common.DICT,
}

CREATE = {
    'type': 'object',
    'properties': dict(WRITABLE, uuid=common.UUID),
    'required': ['node_uuid', 'type', 'connector_id'],
    'additionalProperties': False,
}

PATCHED = {
    'type': 'object',
    'properties': WRITABLE,
    'required': ['node_uuid', 'type', 'connector_id'],
}
