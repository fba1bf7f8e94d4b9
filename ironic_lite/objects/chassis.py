"""The Chassis object: a group of nodes sharing an enclosure."""

from ironic_lite.objects import base
from ironic_lite.objects import fields


@base.IronicLiteObjectRegistry.register
class Chassis(base.DbObjectMixin, base.IronicLiteObject):
    # Version 1.0: Initial version (release 1.0)
    VERSION = '1.0'

    _db_name = 'chassis'

    fields = dict(base.IronicLiteObject.fields, **{
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(nullable=True),
        'description': fields.StringField(nullable=True),
        'extra': fields.FlexibleDictField(),
    })
