"""The DeployTemplate object: a named list of deploy steps (API 1.55)
that a node's deploy runs when the node's ``instance_info['traits']``
name the template.

Releases 1.0 and 2.0 have no such class; the API refuses templates while
pinned to them (406), so rows are only ever written in this release.
"""

from ironic_lite.db import api as db_api
from ironic_lite.db.sqlalchemy import deploy_templates as db_templates
from ironic_lite.objects import base
from ironic_lite.objects import fields


@base.IronicLiteObjectRegistry.register
class DeployTemplate(base.DbObjectMixin, base.IronicLiteObject):
    # Version 1.0: Initial version (release 3.0)
    VERSION = '1.0'

    _db_name = 'deploy_template'

    fields = dict(base.IronicLiteObject.fields, **{
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(nullable=True),
        'name': fields.StringField(nullable=True),
        'steps': fields.ListOfFlexibleDictsField(default=[]),
        'extra': fields.FlexibleDictField(),
    })

    VERSIONS = {
        '1.0': ('created_at', 'updated_at', 'id', 'uuid', 'name', 'steps',
                'extra'),
    }

    @classmethod
    def _db_skip_fields(cls):
        return ('steps',)

    @classmethod
    def _from_db_object(cls, context, obj, db_object):
        obj = super()._from_db_object(context, obj, db_object)
        obj.steps = db_templates.steps_of(db_object)
        obj.obj_reset_changes(['steps'])
        return obj

    def save(self, context=None, expected=None):
        """Write the changed fields (``steps``: all of them); with
        ``expected`` ({field: value} the changes were based on) only if
        the row still holds them.

        :raises: ConcurrentUpdate, DeployTemplateDuplicateName
        """
        if not self.obj_what_changed():
            return
        values = self.do_version_changes_for_db()
        row = db_api.get_instance().update_deploy_template(
            self.id, values, expected=expected)
        self._from_db_object(context or self._context, self, row)

    @classmethod
    def list_by_names(cls, context, names):
        """The templates named by ``names`` (missing ones skipped), by
        name."""
        return [cls._from_db_object(context, cls(), row)
                for row in db_api.get_instance(
                ).get_deploy_templates_by_names(names)]
