"""Request bodies of /v1/portgroups."""

from ironic_lite.api.schemas import common

WRITABLE = {
    'address': common.NULLABLE_MAC,
    'name': common.NAME,
    'node_uuid': common.NODE_UUID,
    'extra': common.DICT,
    'standalone_ports_supported': {'type': 'boolean'},
    'mode': common.NULLABLE_STRING_255,
    'properties': common.DICT,
}

CREATE = {
    'type': 'object',
    'properties': dict(WRITABLE, uuid=common.UUID),
    'required': ['node_uuid'],
    'additionalProperties': False,
}

PATCHED = {
    'type': 'object',
    'properties': WRITABLE,
    'required': ['node_uuid'],
}
