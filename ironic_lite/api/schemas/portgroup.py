"""Request bodies of /v1/portgroups."""

from ironic_lite.api.schemas import common

#: The bonding mode of a port group created without one (Ironic's
#: default; a port group without a mode is shown with it).
DEFAULT_MODE = 'active-backup'

WRITABLE = {
    'address': common.NULLABLE_MAC,
    'name': common.NAME,
    'node_uuid': common.UUID,
    'extra': common.DICT,
    # null: the default, true.
    'standalone_ports_supported': common.NULLABLE_BOOLEAN,
    'mode': common.NULLABLE_STRING_255,
    'properties': common.DICT,
}

CREATE = {
    'type': 'object',
    'properties': dict(WRITABLE, uuid=common.NULLABLE_UUID),
    'required': ['node_uuid'],
    'additionalProperties': False,
}

PATCHED = {
    'type': 'object',
    'properties': WRITABLE,
    'required': ['node_uuid', 'mode'],
}
