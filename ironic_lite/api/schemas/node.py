"""Request bodies of /v1/nodes."""

from ironic_lite.api.schemas import common
from ironic_lite.api import validation
from ironic_lite.drivers import base as drivers_base

_INTERFACES = {drivers_base.node_field(iface): common.NULLABLE_STRING_255
               for iface in drivers_base.INTERFACES}

#: As Ironic: longer descriptions are refused.
DESCRIPTION_MAX_LENGTH = 4096
#: The longest configdrive given as a string (it is stored in
#: instance_info, a JSON column, with the rest of it).
_CONFIGDRIVE_MAX_LENGTH = validation.TEXT_BYTES // 2

#: The interfaces whose steps a manual cleaning may name (Ironic's).
CLEANING_INTERFACES = ('power', 'management', 'deploy', 'bios', 'raid')
#: The interfaces whose steps a deploy template or a deploy request
#: may name (Ironic's).
DEPLOYING_INTERFACES = ('bios', 'deploy', 'management', 'power', 'raid')
#: One deploy step as a template or a deploy request gives it (API 1.55,
#: 1.69).
DEPLOY_STEP = {
    'type': 'object',
    'properties': {
        'interface': {'enum': list(DEPLOYING_INTERFACES)},
        'step': {'type': 'string', 'minLength': 1, 'maxLength': 255},
        'args': {'type': 'object'},
        'priority': {'type': 'integer', 'minimum': 0,
                     'maximum': 2 ** 31 - 1},
    },
    'required': ['interface', 'step', 'args', 'priority'],
    'additionalProperties': False,
}
#: The values of a node's ``fault`` (its list filter takes these only).
FAULTS = ('power failure', 'clean failure', 'rescue abort failure')

#: Fields a client may set on a node (create and PATCH).
WRITABLE = dict({
    'name': common.NAME,
    'driver': {'type': 'string', 'minLength': 1, 'maxLength': 255},
    # NOTE: passwords are stored encrypted, which makes them longer.
    'driver_info': dict(common.DICT, encryptedSecrets=True),
    'properties': common.DICT,
    'instance_info': common.DICT,
    'extra': common.DICT,
    'chassis_uuid': common.NULLABLE_UUID,
    'instance_uuid': common.NULLABLE_UUID,
    'resource_class': {'type': ['string', 'null'], 'maxLength': 80},
    # null: the default group, ''.
    'conductor_group': {'type': ['string', 'null'], 'maxLength': 255,
                        'pattern': '^[a-zA-Z0-9_.-]*$',
                        'description': 'must be made of letters, digits '
                                       'and the characters _ . - only'},
    # null: false, as for protected.
    'maintenance': common.NULLABLE_BOOLEAN,
    'maintenance_reason': common.NULLABLE_TEXT,
    # API 1.47: null follows [conductor]automated_clean.
    'automated_clean': common.NULLABLE_BOOLEAN,
    # API 1.48: set by PATCH only, on an active node.
    'protected': common.NULLABLE_BOOLEAN,
    'protected_reason': common.NULLABLE_TEXT,
    # API 1.50
    'owner': common.NULLABLE_STRING_255,
    # API 1.51
    'description': {'type': ['string', 'null'],
                    'maxLength': DESCRIPTION_MAX_LENGTH},
    # API 1.66: the instance's network configuration (configdrive
    # network_data when the deploy request gives none).
    'network_data': common.DICT,
    # API 1.61: null is false, as for protected.
    'retired': common.NULLABLE_BOOLEAN,
    'retired_reason': common.NULLABLE_TEXT,
    # API 1.65
    'lessee': common.NULLABLE_STRING_255,
}, **_INTERFACES)

#: Longest value of each list filter on a text column: the column's
#: length (``fault`` and the conductor's hostname are not writable).
FILTER_MAX_LENGTH = dict(
    {name: WRITABLE[name]['maxLength']
     for name in ('driver', 'resource_class', 'conductor_group', 'owner',
                  'lessee')},
    fault=255, conductor=255)

#: Writable by PATCH only (a new node is never active, so never protected).
PATCH_ONLY = ('protected', 'protected_reason')

CREATE = {
    'type': 'object',
    'properties': dict(WRITABLE, uuid=common.NULLABLE_UUID),
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
        'target': {'type': 'string', 'maxLength': 255},
        # A timeout below 1 is refused in words by the controller.
        'timeout': {'type': ['integer', 'null'], 'maximum': 86400,
                    'coerce': 'integer'},
    },
    'required': ['target'],
    'additionalProperties': False,
}

PROVISION = {
    'type': 'object',
    'properties': {
        'target': {'type': 'string', 'maxLength': 255},
        'configdrive': {'type': ['string', 'object', 'null'],
                        'maxLength': _CONFIGDRIVE_MAX_LENGTH,
                        'maxStoredBytes': _CONFIGDRIVE_MAX_LENGTH},
        'clean_steps': {
            'type': 'array',
            'maxStoredBytes': validation.TEXT_BYTES,
            'items': {
                'type': 'object',
                'properties': {
                    'interface': {'enum': list(CLEANING_INTERFACES)},
                    'step': {'type': 'string', 'minLength': 1,
                             'maxLength': 255},
                    'args': {'type': 'object'},
                },
                'required': ['interface', 'step'],
                'additionalProperties': False,
            },
        },
        'deploy_steps': {'type': 'array',
                         'maxStoredBytes': validation.TEXT_BYTES,
                         'items': DEPLOY_STEP},
        'disable_ramdisk': common.BOOLEAN,
    },
    'required': ['target'],
    'additionalProperties': False,
}

BOOT_DEVICE = {
    'type': 'object',
    'properties': {
        'boot_device': {'type': 'string', 'minLength': 1,
                        'maxLength': 255},
        'persistent': common.BOOLEAN,
    },
    'required': ['boot_device'],
    'additionalProperties': False,
}

#: PUT /v1/nodes/{node}/management/inject_nmi takes nothing: ``{}``.
INJECT_NMI = {
    'type': 'object',
    'properties': {},
    'additionalProperties': False,
}

#: PUT /v1/nodes/{node}/states/raid: the target RAID configuration, ``{}``
#: to clear it. Its logical disks are the node's RAID interface's to check
#: (ironic_lite.drivers.raid), in the conductor.
RAID = {
    'type': 'object',
    'properties': {
        'logical_disks': {'type': 'array', 'items': {'type': 'object'}},
    },
    'maxStoredBytes': validation.TEXT_BYTES,
}

MAINTENANCE = {
    'type': 'object',
    'properties': {'reason': common.NULLABLE_TEXT},
    'additionalProperties': False,
}

_TRAIT = {'type': 'string', 'maxLength': 255,
          'pattern': '^(CUSTOM_[A-Z0-9_]+|[A-Z][A-Z0-9_]*)$',
          'description': 'must be a standard trait name or CUSTOM_ '
                         'followed by upper-case letters, digits and _'}
TRAIT = _TRAIT
TRAITS = {
    'type': 'object',
    'properties': {'traits': {'type': 'array', 'items': _TRAIT,
                              'maxItems': 50}},
    'additionalProperties': False,
}
