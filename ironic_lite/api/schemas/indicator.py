"""Request body of PUT /v1/nodes/{node}/management/indicators/{name}
(API 1.63): the state to set. Whether the indicator takes it is the
conductor's to check (against what the node's management interface
lists)."""

from ironic_lite.common import indicators

SET_STATE = {
    'type': 'object',
    'properties': {
        'state': {'type': 'string',
                  'enum': list(indicators.SETTABLE_STATES)},
    },
    'required': ['state'],
    'additionalProperties': False,
}
