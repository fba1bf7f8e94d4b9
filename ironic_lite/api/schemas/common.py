"""Schema pieces shared by the resources.

Every string stored in a column has the column's length as
``maxLength`` (TEXT columns: :data:`~ironic_lite.api.validation.
TEXT_MAX_LENGTH` at most); every dict stored as JSON has
``maxStoredBytes``. ``tests/unit/api/test_schemas.py`` compares them with
the models. A ``description`` says, in words, what a ``pattern`` wants:
it is the error message.
"""

from ironic_lite.api import validation

#: The ``coerce`` keyword names the conversion a value goes through
#: before the schema checks it (:mod:`ironic_lite.api.coercion`): it
#: refuses malformed UUIDs and MAC addresses with the words clients
#: match, which is why these schemas have no ``pattern`` of their own.
UUID = {'type': 'string', 'maxLength': 36, 'coerce': 'uuid'}
NULLABLE_UUID = dict(UUID, type=['string', 'null'])
#: A dict; null stands for an empty one.
DICT = {'type': 'object', 'maxStoredBytes': validation.TEXT_BYTES,
        'coerce': 'dict'}
#: A boolean; the strings "true", "False", "1", "off"... are taken too.
BOOLEAN = {'type': 'boolean', 'coerce': 'boolean'}
#: A boolean field where null means "not set" (or the field's default).
NULLABLE_BOOLEAN = dict(BOOLEAN, type=['boolean', 'null'])
NULLABLE_STRING_255 = {'type': ['string', 'null'], 'maxLength': 255}
#: A TEXT column (no length of its own).
NULLABLE_TEXT = {'type': ['string', 'null'],
                 'maxLength': validation.TEXT_MAX_LENGTH}
MAC = {'type': 'string', 'maxLength': 18, 'coerce': 'mac'}
NULLABLE_MAC = dict(MAC, type=['string', 'null'])
#: RFC 3986 unreserved characters (API 1.10).
NAME = {'type': ['string', 'null'], 'maxLength': 255,
        'pattern': '^[a-zA-Z0-9._~-]+$',
        'description': 'must be made of letters, digits and the characters '
                       '. _ ~ - only'}
