"""The Conductor object: a registered conductor service.

Its ``drivers`` (the hardware types it serves) are read from
conductor_hardware_interfaces, which the conductor fills at every start,
not from the ``conductors.drivers`` column: that column repeats them and
is written only for release 1.0 (see :meth:`Conductor.register`), so that
release 3.0 may drop it.
"""

from ironic_lite.db import api as db_api
from ironic_lite.objects import base
from ironic_lite.objects import fields
from ironic_lite.upgrade import pinning
from ironic_lite.upgrade import release_mappings


@base.IronicLiteObjectRegistry.register
class Conductor(base.IronicLiteObject):
    # Version 1.0: Initial version (release 1.0)
    # Version 1.1: release_version, pin_release_version (release 2.0)
    VERSION = '1.1'

    fields = dict(base.IronicLiteObject.fields, **{
        'id': fields.IntegerField(),
        'hostname': fields.StringField(),
        'drivers': fields.ListOfStringsField(nullable=True),
        'conductor_group': fields.StringField(default=''),
        'online': fields.BooleanField(default=True),
        'release_version': fields.StringField(nullable=True),
        'pin_release_version': fields.StringField(nullable=True),
    })

    VERSIONS = {
        '1.0': ('created_at', 'updated_at', 'id', 'hostname', 'drivers',
                'conductor_group', 'online'),
        '1.1': {'release_version': None, 'pin_release_version': None},
    }

    #: Versions whose rows carry the ``conductors.drivers`` column: the
    #: one release 1.0 writes. Release 1.0 reads that column only back
    #: from the row it has just registered itself, and never uses the
    #: value (its rings and /v1/drivers read conductor_hardware_interfaces,
    #: it has no /v1/conductors); a conductor of this release still writes
    #: it while pinned to 1.0, so that every row stays as 1.0 writes it
    #: until the pin is removed (rollback). Unpinned, it neither reads nor
    #: writes it.
    DRIVERS_COLUMN_VERSIONS = frozenset(['1.0'])

    @classmethod
    def _db_skip_fields(cls):
        return ('drivers',)

    @classmethod
    def _from_db_object(cls, context, obj, db_object, drivers=None):
        """Fill ``obj`` from a conductors row; ``drivers`` from
        conductor_hardware_interfaces (read when not given)."""
        obj = super()._from_db_object(context, obj, db_object)
        if drivers is None:
            drivers = db_api.get_instance().get_conductor_hardware_types(
                [db_object['id']]).get(db_object['id'], [])
        obj.drivers = drivers
        obj.obj_reset_changes(['drivers'])
        return obj

    @classmethod
    def get_by_hostname(cls, context, hostname, online=True):
        """:raises: ConductorNotFound (``online=None`` matches any)."""
        row = db_api.get_instance().get_conductor(hostname, online=online)
        return cls._from_db_object(context, cls(), row)

    @classmethod
    def list(cls, context, filters=None, limit=None, marker=None,
             sort_key=None, sort_dir=None):
        dbapi = db_api.get_instance()
        rows = dbapi.get_conductor_list(
            filters=filters, limit=limit, marker=marker, sort_key=sort_key,
            sort_dir=sort_dir)
        types = dbapi.get_conductor_hardware_types([row.id for row in rows])
        return [cls._from_db_object(context, cls(), row,
                                    drivers=types.get(row.id, []))
                for row in rows]

    @classmethod
    def register(cls, context, hostname, drivers, conductor_group='',
                 update_existing=False, online=True):
        """Register this conductor, written in the target version.

        :param drivers: the hardware types it serves (the object shows
            them; the DB keeps them in conductor_hardware_interfaces, see
            :meth:`register_hardware_interfaces`).
        :param online: whether it takes requests from the start.
        :raises: ConductorAlreadyRegistered
        """
        obj = cls(context, hostname=hostname, drivers=drivers,
                  conductor_group=conductor_group, online=online)
        values = obj.do_version_changes_for_db()
        if values['version'] not in cls.DRIVERS_COLUMN_VERSIONS:
            values.pop('drivers', None)
        # NOTE: what a conductor runs is written even while it is pinned
        # to a release whose Conductor object lacks these fields: the
        # columns exist (the schema is upgraded first), older code ignores
        # them, and operators need them most during the upgrade.
        values['release_version'] = release_mappings.CURRENT_RELEASE
        values['pin_release_version'] = pinning.pinned_release()
        values['pin_source'] = pinning.pin_source()
        row = db_api.get_instance().register_conductor(
            values, update_existing=update_existing)
        return cls._from_db_object(context, obj, row, drivers=list(drivers))

    def register_hardware_interfaces(self, interfaces):
        """Record what this conductor serves (list of dicts)."""
        db_api.get_instance().register_conductor_hardware_interfaces(
            self.id, interfaces)

    def touch(self, online=True):
        """Heartbeat; ``online=False`` while stopping or cut off from the
        broker: the hash rings leave the conductor out, but its locks stay
        its own (it is alive). Its pin is recorded too: ``auto`` moves
        it without a restart."""
        pin = pinning.pinned_release()
        db_api.get_instance().touch_conductor(
            self.hostname, online=online, pin=pin,
            pin_source=pinning.pin_source())
        self.pin_release_version = pin
        self.obj_reset_changes(['pin_release_version'])

    def unregister(self):
        db_api.get_instance().unregister_conductor(self.hostname)
