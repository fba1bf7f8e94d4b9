"""Request bodies of /v1/ports."""

from ironic_lite.api.schemas import common

WRITABLE = {
    'address': common.MAC,
    'node_uuid': common.UUID,
    'portgroup_uuid': common.NULLABLE_UUID,
    'extra': common.DICT,
    'local_link_connection': {
        'type': 'object',
        'properties': {'switch_id': {'type': 'string'},
                       'port_id': {'type': 'string'},
                       'switch_info': {'type': 'string'}},
        'additionalProperties': False,
    },
    'pxe_enabled': {'type': 'boolean'},
    'physical_network': common.NULLABLE_STRING_255,
}

CREATE = {
    'type': 'object',
    'properties': dict(WRITABLE, uuid=common.UUID),
    'required': ['address', 'node_uuid'],
    'additionalProperties': False,
}

PATCHED = {
    'type': 'object',
    'properties': WRITABLE,
    'required': ['address', 'node_uuid'],
}
