"""Request body of POST /v1/events (API 1.54): events of other services.

The networking service (Neutron's baremetal plugin) tells of the ports it
binds, unbinds and deletes. Each kind of event has its own schema; an
event names its kind in ``event``. UUIDs and MAC addresses are checked by
the controller, in the words of :mod:`ironic_lite.api.coercion`.
"""

from ironic_lite.api.schemas import common

_NULLABLE_UUID = {'type': ['string', 'null'], 'maxLength': 36}

_NETWORK_EVENT = {
    'type': 'object',
    'properties': {
        'event': {'type': 'string'},
        'port_id': {'type': 'string', 'maxLength': 36},
        'mac_address': {'type': 'string', 'maxLength': 18},
        'status': {'type': 'string', 'maxLength': 255},
        'device_id': _NULLABLE_UUID,
        'binding:host_id': _NULLABLE_UUID,
        'binding:vnic_type': common.NULLABLE_STRING_255,
    },
    'required': ['event', 'port_id', 'mac_address', 'status'],
    'additionalProperties': False,
}

#: The schema of each kind of event.
EVENT_SCHEMAS = {
    'network.bind_port': _NETWORK_EVENT,
    'network.unbind_port': _NETWORK_EVENT,
    'network.delete_port': _NETWORK_EVENT,
}

#: Fields of a network event that hold a UUID (port_id must; the others
#: may be null).
UUID_FIELDS = ('port_id', 'device_id', 'binding:host_id')

#: The most events one request may carry.
MAX_EVENTS = 100

EVENTS = {
    'type': 'object',
    'properties': {
        'events': {
            'type': 'array',
            'minItems': 1,
            'maxItems': MAX_EVENTS,
            'items': {
                'type': 'object',
                'properties': {'event': {'enum': sorted(EVENT_SCHEMAS)}},
                'required': ['event'],
            },
        },
    },
    'required': ['events'],
    'additionalProperties': False,
}
