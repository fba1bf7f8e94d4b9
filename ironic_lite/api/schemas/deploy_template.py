"""Request bodies of /v1/deploy_templates (API 1.55)."""

from ironic_lite.api.schemas import common
from ironic_lite.api.schemas import node
from ironic_lite.api import validation

#: A template's name: a custom trait name (Ironic's rule).
NAME = {'type': 'string', 'minLength': 1, 'maxLength': 255,
        'pattern': '^CUSTOM_[A-Z0-9_]+$',
        'description': 'must be a custom trait name: CUSTOM_ followed by '
                       'upper case letters, digits and underscores'}

STEPS = {'type': 'array', 'minItems': 1,
         'maxStoredBytes': validation.TEXT_BYTES,
         'items': node.DEPLOY_STEP}

WRITABLE = {
    'name': NAME,
    'steps': STEPS,
    'extra': common.DICT,
}

CREATE = {
    'type': 'object',
    'properties': dict(WRITABLE, uuid=common.UUID),
    'required': ['name', 'steps'],
    'additionalProperties': False,
}

PATCHED = {
    'type': 'object',
    'properties': WRITABLE,
    'required': ['name', 'steps'],
}
