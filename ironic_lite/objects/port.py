"""The Port object: a network interface of a node."""

from ironic_lite.objects import base
from ironic_lite.objects import fields


@base.IronicLiteObjectRegistry.register
class Port(base.DbObjectMixin, base.IronicLiteObject):
    # Version 1.0: Initial version (release 1.0)
    # Version 1.1: is_smartnic (API 1.53)
    VERSION = '1.1'

    _db_name = 'port'

    fields = dict(base.IronicLiteObject.fields, **{
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(nullable=True),
        'address': fields.MACAddressField(nullable=True),
        'node_id': fields.IntegerField(nullable=True),
        'portgroup_id': fields.IntegerField(nullable=True),
        'extra': fields.FlexibleDictField(),
        'local_link_connection': fields.FlexibleDictField(),
        'pxe_enabled': fields.BooleanField(default=True),
        'internal_info': fields.FlexibleDictField(),
        'physical_network': fields.StringField(nullable=True),
        'is_smartnic': fields.BooleanField(default=False),
    })

    VERSIONS = {
        '1.0': ('created_at', 'updated_at', 'id', 'uuid', 'address',
                'node_id', 'portgroup_id', 'extra', 'local_link_connection',
                'pxe_enabled', 'internal_info', 'physical_network'),
        # Rows written before 1.1 are ordinary NICs.
        '1.1': {'is_smartnic': False},
    }
