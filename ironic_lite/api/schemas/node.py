"""Request bodies of /v1/nodes."""

from ironic_lite.api.schemas import common
from ironic_lite.drivers import base as drivers_base

_INTERFACES = {drivers_base.node_field(iface): common.NULLABLE_STRING_255
               for iface in drivers_base.INTERFACES}

#: As Ironic: longer descriptions are refused.
DESCRIPTION_MAX_LENGTH = 4096

#: Fields a client may set on a node (create and PATCH).
WRITABLE = dict({
    'name': common.NAME,
    'driver': {'type': 'string', 'minLength': 1, 'maxLength': 255},
    'driver_info': common.DICT,
    'properties': common.DICT,
    'instance_info': common.DICT,
    'extra': common.DICT,
    'chassis_uuid': common.NULLABLE_UUID,
    'instance_uuid': common.NULLABLE_UUID,
    'resource_class': {'type': ['string', 'null'], 'maxLength': 80},
    'conductor_group': {'type': 'string', 'maxLength': 255,
                        'pattern': '^[a-zA-Z0-9_.-]*$'},
    'maintenance': {'type': 'boolean'},
    'maintenance_reason': {'type': ['string', 'null']},
    # API 1.47: null follows [conductor]automated_clean.
    'automated_clean': {'type': ['boolean', 'null']},
    # API 1.48: set by PATCH only, on an active node.
    'protected': {'type': 'boolean'},
    'protected_reason': {'type': ['string', 'null']},
    # API 1.50
    'owner': common.NULLABLE_STRING_255,
    # API 1.51
    'description': {'type': ['string', 'null'],
                    'maxLength': DESCRIPTION_MAX_LENGTH},
}, **_INTERFACES)

#: Writable by PATCH only (a new node is never active, so never protected).
PATCH_ONLY = ('protected', 'protected_reason')

CREATE = {
    'type': 'object',
    'properties': dict(WRITABLE, uuid=common.UUID),
    'required': ['driver'],
    'additionalProperties': False,
}

#: A node after a PATCH is applied.
PATCHED = {
    'type': 'object',
    'properties': WRITABLE,
    'required': ['driver'],
}

POWER = {
    'type': 'object',
    'properties': {
        'target': {'type': 'string'},
        'timeout': {'type': ['integer', 'null'], 'minimum': 1},
    },
    'required': ['target'],
    'additionalProperties': False,
}

PROVISION = {
    'type': 'object',
    'properties': {
        'target': {'type': 'string'},
        'configdrive': {'type': ['string', 'object', 'null']},
        'clean_steps': {
            'type': 'array',
            'items': {
                'type': 'object',
                'properties': {
                    'interface': {'type': 'string'},
                    'step': {'type': 'string'},
                    'args': {'type': 'object'},
                },
                'required': ['interface', 'step'],
                'additionalProperties': False,
            },
        },
    },
    'required': ['target'],
    'additionalProperties': False,
}

BOOT_DEVICE = {
    'type': 'object',
    'properties': {
        'boot_device': {'type': 'string', 'minLength': 1},
        'persistent': {'type': 'boolean'},
    },
    'required': ['boot_device'],
    'additionalProperties': False,
}

MAINTENANCE = {
    'type': 'object',
    'properties': {'reason': {'type': ['string', 'null']}},
    'additionalProperties': False,
}

_TRAIT = {'type': 'string', 'maxLength': 255,
          'pattern': '^(CUSTOM_[A-Z0-9_]+|[A-Z][A-Z0-9_]*)$'}
TRAIT = _TRAIT
TRAITS = {
    'type': 'object',
    'properties': {'traits': {'type': 'array', 'items': _TRAIT,
                              'maxItems': 50}},
    'required': ['traits'],
    'additionalProperties': False,
}
