"""Field types of ironic-lite objects (oslo.versionedobjects' plus a few)."""

from oslo_versionedobjects import fields as object_fields

BooleanField = object_fields.BooleanField
DateTimeField = object_fields.DateTimeField
IntegerField = object_fields.IntegerField
ListOfObjectsField = object_fields.ListOfObjectsField
ListOfStringsField = object_fields.ListOfStringsField
ObjectField = object_fields.ObjectField
StringField = object_fields.StringField
UUIDField = object_fields.UUIDField


class FlexibleDict(object_fields.FieldType):
    """A JSON dict; None (an unset column) reads as an empty dict."""

    @staticmethod
    def coerce(obj, attr, value):
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise ValueError('A dict is required for %s, got %r'
                             % (attr, value))
        return value


class FlexibleDictField(object_fields.AutoTypedField):
    AUTO_TYPE = FlexibleDict()

    def __init__(self, nullable=True, **kwargs):
        super().__init__(nullable=nullable, default={}, **kwargs)

    def _null(self, obj, attr):
        return {}


class ListOfFlexibleDictsField(object_fields.AutoTypedField):
    """A list of JSON dicts (the steps of a deploy template)."""

    AUTO_TYPE = object_fields.List(FlexibleDict())


class MACAddress(object_fields.FieldType):
    @staticmethod
    def coerce(obj, attr, value):
        from oslo_utils import netutils
        if not netutils.is_valid_mac(value):
            raise ValueError('%r is not a valid MAC address' % value)
        return value.lower()


class MACAddressField(object_fields.AutoTypedField):
    AUTO_TYPE = MACAddress()
