"""The Allocation object: a request for a node by resource class, traits
and candidate nodes (API 1.52), which a conductor fills by claiming a
node (see :mod:`ironic_lite.conductor.allocations`).

Release 2.0 has no such class: while a deployment is pinned to it the API
refuses allocations (406), so no row is written; were one written, it
would be in this class's first version (see
:func:`ironic_lite.upgrade.pinning.object_target_version`).
"""

from ironic_lite.objects import base
from ironic_lite.objects import fields

#: The states of an allocation, as Ironic's.
ALLOCATING = 'allocating'
ACTIVE = 'active'
ERROR = 'error'
STATES = (ALLOCATING, ACTIVE, ERROR)


@base.IronicLiteObjectRegistry.register
class Allocation(base.DbObjectMixin, base.IronicLiteObject):
    # Version 1.0: Initial version (release 3.0)
    VERSION = '1.0'

    _db_name = 'allocation'

    fields = dict(base.IronicLiteObject.fields, **{
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(nullable=True),
        'name': fields.StringField(nullable=True),
        'node_id': fields.IntegerField(nullable=True),
        'state': fields.StringField(default=ALLOCATING),
        'owner': fields.StringField(nullable=True),
        'last_error': fields.StringField(nullable=True),
        'resource_class': fields.StringField(nullable=True),
        'traits': fields.ListOfStringsField(nullable=True),
        'candidate_nodes': fields.ListOfStringsField(nullable=True),
        'extra': fields.FlexibleDictField(),
        'conductor_affinity': fields.IntegerField(nullable=True),
    })

    VERSIONS = {
        '1.0': ('created_at', 'updated_at', 'id', 'uuid', 'name',
                'node_id', 'state', 'owner', 'last_error',
                'resource_class', 'traits', 'candidate_nodes', 'extra',
                'conductor_affinity'),
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
