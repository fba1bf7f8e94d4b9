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

    VERSIONS = {
        '1.0': ('created_at', 'updated_at', 'id', 'uuid', 'description',
                'extra'),
    }

    def save(self, context=None, expected=None):
        """Write the changed fields; with ``expected`` ({field: value}
        the changes were based on) only if the row still holds them.

        :raises: ConcurrentUpdate
        """
        if expected is None or not self.obj_what_changed():
            return super().save(context)
        values = self.do_version_changes_for_db()
        row = self._db('update')(self.id, values, expected=expected)
        self._from_db_object(context or self._context, self, row)
