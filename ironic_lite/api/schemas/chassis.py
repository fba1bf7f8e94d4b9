"""Request bodies of /v1/chassis."""

from ironic_lite.api.schemas import common

WRITABLE = {
    'description': common.NULLABLE_STRING_255,
    'extra': common.DICT,
}

CREATE = {
    'type': 'object',
    'properties': dict(WRITABLE, uuid=common.NULLABLE_UUID),
    'additionalProperties': False,
}

PATCHED = {'type': 'object', 'properties': WRITABLE}
