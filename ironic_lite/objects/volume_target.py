"""The VolumeTarget object: a remote volume a node uses, ordered by
``boot_index`` (0 is the one it boots from), API 1.32.

Release 1.0 has no such class: while a deployment is pinned to it, rows
are written in this class's first version (see
:func:`ironic_lite.upgrade.pinning.object_target_version`).
"""

from ironic_lite.objects import base
from ironic_lite.objects import fields


@base.IronicLiteObjectRegistry.register
class VolumeTarget(base.DbObjectMixin, base.IronicLiteObject):
    # Version 1.0: Initial version (release 2.0)
    VERSION = '1.0'

    _db_name = 'volume_target'

    fields = dict(base.IronicLiteObject.fields, **{
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(nullable=True),
        'node_id': fields.IntegerField(nullable=True),
        'volume_type': fields.StringField(nullable=True),
        'properties': fields.FlexibleDictField(),
        'boot_index': fields.IntegerField(nullable=True),
        'volume_id': fields.StringField(nullable=True),
        'extra': fields.FlexibleDictField(),
    })

    VERSIONS = {
        '1.0': ('created_at', 'updated_at', 'id', 'uuid', 'node_id',
                'volume_type', 'properties', 'boot_index', 'volume_id',
                'extra'),
    }
