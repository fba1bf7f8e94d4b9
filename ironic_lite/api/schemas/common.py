"""Schema pieces shared by the resources."""

UUID = {'type': 'string', 'format': 'uuid',
        'pattern': '^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?'
                   '[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$'}
NULLABLE_UUID = {'anyOf': [UUID, {'type': 'null'}]}
DICT = {'type': 'object'}
NULLABLE_STRING_255 = {'type': ['string', 'null'], 'maxLength': 255}
MAC = {'type': 'string',
       'pattern': '^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$'}
NULLABLE_MAC = {'anyOf': [MAC, {'type': 'null'}]}
#: RFC 3986 unreserved characters (API 1.10).
NAME = {'type': ['string', 'null'], 'maxLength': 255,
        'pattern': '^[a-zA-Z0-9._~-]+$'}
