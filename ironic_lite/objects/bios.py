"""BIOSSetting objects: a node's BIOS settings as its BIOS interface last
read them (API 1.40), one row each, written by the conductor holding the
node's lock and read by the API.

Release 1.0 has no such class: while a deployment is pinned to it, rows
are written in this class's first version (see
:func:`ironic_lite.upgrade.pinning.object_target_version`).
"""

from ironic_lite.db import api as db_api
from ironic_lite.objects import base
from ironic_lite.objects import fields


@base.IronicLiteObjectRegistry.register
class BIOSSetting(base.IronicLiteObject):
    # Version 1.0: Initial version (release 2.0)
    VERSION = '1.0'

    fields = dict(base.IronicLiteObject.fields, **{
        'node_id': fields.IntegerField(),
        'name': fields.StringField(),
        'value': fields.StringField(nullable=True),
    })

    VERSIONS = {'1.0': ('created_at', 'updated_at', 'node_id', 'name',
                        'value')}

    @classmethod
    def get(cls, context, node_id, name):
        """:raises: NodeNotFound, BIOSSettingNotFound"""
        row = db_api.get_instance().get_bios_setting(node_id, name)
        return cls._from_db_object(context, cls(), row)


@base.IronicLiteObjectRegistry.register
class BIOSSettingList(base.IronicLiteObjectListBase, base.IronicLiteObject):
    # Version 1.0: Initial version (release 2.0)
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('BIOSSetting')}

    VERSIONS = {'1.0': ('created_at', 'updated_at', 'objects')}

    @classmethod
    def _from_rows(cls, context, rows):
        return base.object_base.obj_make_list(
            context, cls(context), BIOSSetting,
            sorted(rows, key=lambda row: row['name']))

    @classmethod
    def get_by_node_id(cls, context, node_id):
        """The node's settings, by name. :raises: NodeNotFound"""
        return cls._from_rows(
            context,
            db_api.get_instance().get_bios_settings_by_node_id(node_id))

    @classmethod
    def sync(cls, context, node_id, settings, locked_by=None):
        """Make the node's stored settings ``settings`` (``{name:
        value}``): add, update and delete rows as needed.

        :param locked_by: the host that must hold the node's lock.
        :raises: NodeNotFound, NodeLockLost
        """
        rows = db_api.get_instance().set_bios_settings(
            node_id, settings, BIOSSetting.get_target_version(),
            locked_by=locked_by)
        return cls._from_rows(context, rows)

    def as_settings(self):
        """``{name: value}``."""
        return {setting.name: setting.value for setting in self.objects}
