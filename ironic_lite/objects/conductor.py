"""The Conductor object: a registered conductor service."""

from ironic_lite.db import api as db_api
from ironic_lite.objects import base
from ironic_lite.objects import fields


@base.IronicLiteObjectRegistry.register
class Conductor(base.IronicLiteObject):
    # Version 1.0: Initial version (release 1.0)
    VERSION = '1.0'

    fields = dict(base.IronicLiteObject.fields, **{
        'id': fields.IntegerField(),
        'hostname': fields.StringField(),
        'drivers': fields.ListOfStringsField(nullable=True),
        'conductor_group': fields.StringField(default=''),
        'online': fields.BooleanField(default=True),
    })

    @classmethod
    def get_by_hostname(cls, context, hostname, online=True):
        """:raises: ConductorNotFound (``online=None`` matches any)."""
        row = db_api.get_instance().get_conductor(hostname, online=online)
        return cls._from_db_object(context, cls(), row)

    @classmethod
    def list(cls, context, filters=None, limit=None, marker=None,
             sort_key=None, sort_dir=None):
        rows = db_api.get_instance().get_conductor_list(
            filters=filters, limit=limit, marker=marker, sort_key=sort_key,
            sort_dir=sort_dir)
        return [cls._from_db_object(context, cls(), row) for row in rows]

    @classmethod
    def register(cls, context, hostname, drivers, conductor_group='',
                 update_existing=False):
        """Register this conductor online, written in the target version.

        :raises: ConductorAlreadyRegistered
        """
        obj = cls(context, hostname=hostname, drivers=drivers,
                  conductor_group=conductor_group)
        values = obj.do_version_changes_for_db()
        row = db_api.get_instance().register_conductor(
            values, update_existing=update_existing)
        return cls._from_db_object(context, obj, row)

    def register_hardware_interfaces(self, interfaces):
        """Record what this conductor serves (list of dicts)."""
        db_api.get_instance().register_conductor_hardware_interfaces(
            self.id, interfaces)

    def touch(self):
        """Heartbeat."""
        db_api.get_instance().touch_conductor(self.hostname)

    def unregister(self):
        db_api.get_instance().unregister_conductor(self.hostname)
