"""The VolumeConnector object: how a node reaches remote volumes (an
initiator: an iSCSI IQN, an IP or MAC address, a Fibre Channel WWNN or
WWPN, a port or a port group), API 1.32.

Release 1.0 has no such class: while a deployment is pinned to it, rows
are written in this class's first version (see
:func:`ironic_lite.upgrade.pinning.object_target_version`).
"""

from ironic_lite.objects import base
from ironic_lite.objects import fields

#: The connector types of the Bare Metal API.
TYPES = ('iqn', 'ip', 'mac', 'wwnn', 'wwpn', 'port', 'portgroup')


@base.IronicLiteObjectRegistry.register
class VolumeConnector(base.DbObjectMixin, base.IronicLiteObject):
    # Version 1.0: Initial version (release 2.0)
    VERSION = '1.0'

    _db_name = 'volume_connector'

    fields = dict(base.IronicLiteObject.fields, **{
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(nullable=True),
        'node_id': fields.IntegerField(nullable=True),
        'type': fields.StringField(nullable=True),
        'connector_id': fields.StringField(nullable=True),
        'extra': fields.FlexibleDictField(),
    })

    VERSIONS = {
        '1.0': ('created_at', 'updated_at', 'id', 'uuid', 'node_id', 'type',
                'connector_id', 'extra'),
    }
