"""Request body of POST /v1/nodes/{node}/vifs (API 1.28).

The controller checks ``id`` first, in Ironic's words (a UUID or a
logical name); any other key is taken and passed on to the conductor.
"""

#: The longest logical name a VIF id may be (Ironic's).
ID_MAX_LENGTH = 255

ATTACH = {
    'type': 'object',
    'properties': {
        'id': {'type': 'string', 'maxLength': ID_MAX_LENGTH},
        # API 1.67: where the VIF goes (one of the two)
        'port_uuid': {'type': 'string', 'maxLength': 36},
        'portgroup_uuid': {'type': 'string', 'maxLength': 36},
    },
    'required': ['id'],
}
