"""Schema pieces shared by the resources.

Every string stored in a column has the column's length as
``maxLength`` (TEXT columns: :data:`~ironic_lite.api.validation.
TEXT_MAX_LENGTH` at most); every dict stored as JSON has
``maxStoredBytes``. ``tests/unit/api/test_schemas.py`` compares them with
the models. A ``description`` says, in words, what a ``pattern`` wants:
it is the error message.
"""

from ironic_lite.api import validation

_UUID_PATTERN = ('^[0-9a-fA-F]{8}-?[0-9a-fA-F]{4}-?[0-9a-fA-F]{4}-?'
                 '[0-9a-fA-F]{4}-?[0-9a-fA-F]{12}$')
UUID = {'type': 'string', 'maxLength': 36, 'pattern': _UUID_PATTERN,
        'description': 'must be a UUID'}
NULLABLE_UUID = dict(UUID, type=['string', 'null'],
                     description='must be a UUID or null')
#: Where a node is named by UUID only (ports, port groups).
NODE_UUID = dict(UUID, description='must be a node UUID (a node name is '
                                   'not accepted here)')
DICT = {'type': 'object', 'maxStoredBytes': validation.TEXT_BYTES}
NULLABLE_STRING_255 = {'type': ['string', 'null'], 'maxLength': 255}
#: A TEXT column (no length of its own).
NULLABLE_TEXT = {'type': ['string', 'null'],
                 'maxLength': validation.TEXT_MAX_LENGTH}
_MAC_PATTERN = '^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$'
MAC = {'type': 'string', 'maxLength': 18, 'pattern': _MAC_PATTERN,
       'description': 'must be a MAC address such as 52:54:00:12:34:56'}
NULLABLE_MAC = dict(MAC, type=['string', 'null'],
                    description='must be a MAC address such as '
                                '52:54:00:12:34:56, or null')
#: RFC 3986 unreserved characters (API 1.10).
NAME = {'type': ['string', 'null'], 'maxLength': 255,
        'pattern': '^[a-zA-Z0-9._~-]+$',
        'description': 'must be made of letters, digits and the characters '
                       '. _ ~ - only'}
