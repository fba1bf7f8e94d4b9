"""Request bodies of /v1/ports."""

from ironic_lite.api.schemas import common
from ironic_lite.api import validation

WRITABLE = {
    'address': common.MAC,
    'node_uuid': common.UUID,
    'portgroup_uuid': common.NULLABLE_UUID,
    'extra': common.DICT,
    'local_link_connection': {
        'type': 'object',
        'properties': {'switch_id': {'type': 'string', 'maxLength': 255},
                       'port_id': {'type': 'string', 'maxLength': 255},
                       'switch_info': {'type': 'string', 'maxLength': 255}},
        'additionalProperties': False,
        'maxStoredBytes': validation.TEXT_BYTES,
        # empty, or switch_id and port_id; null: empty.
        'coerce': 'local_link',
    },
    # null: the default, true.
    'pxe_enabled': common.NULLABLE_BOOLEAN,
    'physical_network': {'type': ['string', 'null'], 'maxLength': 64},
}

CREATE = {
    'type': 'object',
    'properties': dict(WRITABLE, uuid=common.NULLABLE_UUID),
    'required': ['address', 'node_uuid'],
    'additionalProperties': False,
}

PATCHED = {
    'type': 'object',
    'properties': WRITABLE,
    'required': ['address', 'node_uuid'],
}
