"""Request bodies of /v1/volume/targets (API 1.32)."""

from ironic_lite.api.schemas import common

WRITABLE = {
    'node_uuid': common.UUID,
    'volume_type': {'type': 'string', 'maxLength': 64},
    'properties': common.DICT,
    # NOTE: any integer, as Ironic, within the INTEGER column's range.
    'boot_index': {'type': 'integer', 'minimum': -2 ** 31,
                   'maximum': 2 ** 31 - 1},
    'volume_id': {'type': 'string', 'maxLength': 36},
    'extra': common.DICT,
}

CREATE = {
    'type': 'object',
    'properties': dict(WRITABLE, uuid=common.UUID),
    'required': ['node_uuid', 'volume_type', 'boot_index', 'volume_id'],
    'additionalProperties': False,
}

PATCHED = {
    'type': 'object',
    'properties': WRITABLE,
    'required': ['node_uuid', 'volume_type', 'boot_index', 'volume_id'],
}
