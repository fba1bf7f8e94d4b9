"""Request bodies of /v1/ports."""

from ironic_lite.api import coercion
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
                       'switch_info': {'type': 'string', 'maxLength': 255},
                       # API 1.53: the Smart NIC's host
                       'hostname': {'type': 'string', 'maxLength': 255},
                       # API 1.64
                       'network_type': {'enum': list(coercion.NETWORK_TYPES)}},
        'additionalProperties': False,
        'maxStoredBytes': validation.TEXT_BYTES,
        # empty, switch_id and port_id, port_id and hostname, or an
        # unmanaged network_type; null: empty.
        'coerce': 'local_link',
    },
    # null: the default, true.
    'pxe_enabled': common.NULLABLE_BOOLEAN,
    'physical_network': {'type': ['string', 'null'], 'maxLength': 64},
    # API 1.53; null: false.
    'is_smartnic': common.NULLABLE_BOOLEAN,
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
