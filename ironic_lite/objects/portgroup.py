"""The Portgroup object: ports of a node bonded together."""

from ironic_lite.objects import base
from ironic_lite.objects import fields


@base.IronicLiteObjectRegistry.register
class Portgroup(base.DbObjectMixin, base.IronicLiteObject):
    # Version 1.0: Initial version (release 1.0)
    VERSION = '1.0'

    _db_name = 'portgroup'

    fields = dict(base.IronicLiteObject.fields, **{
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(nullable=True),
        'name': fields.StringField(nullable=True),
        'node_id': fields.IntegerField(nullable=True),
        'address': fields.MACAddressField(nullable=True),
        'extra': fields.FlexibleDictField(),
        'internal_info': fields.FlexibleDictField(),
        'standalone_ports_supported': fields.BooleanField(default=True),
        'mode': fields.StringField(nullable=True),
        'properties': fields.FlexibleDictField(),
    })

    VERSIONS = {
        '1.0': ('created_at', 'updated_at', 'id', 'uuid', 'name', 'node_id',
                'address', 'extra', 'internal_info',
                'standalone_ports_supported', 'mode', 'properties'),
    }
