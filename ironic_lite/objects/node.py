"""The Node object: one bare-metal machine."""

from ironic_lite.common import exception
from ironic_lite.common import secrets
from ironic_lite.db import api as db_api
from ironic_lite.drivers import base as drivers_base
from ironic_lite.objects import base
from ironic_lite.objects import fields
from ironic_lite.objects import trait as trait_obj

#: Hardware interfaces a node names one implementation of (declared in
#: ironic_lite.drivers.base; named here too for the code that has a node).
INTERFACES = drivers_base.INTERFACES


@base.IronicLiteObjectRegistry.register
class Node(base.DbObjectMixin, base.IronicLiteObject):
    # Version 1.0: Initial version (release 1.0)
    # Version 1.1: automated_clean, protected, protected_reason, owner,
    #              description; passwords in driver_info stored encrypted
    #              (release 2.0)
    # Version 1.2: allocation_id, retired, retired_reason, lessee,
    #              network_data (release 3.0)
    VERSION = '1.2'

    _db_name = 'node'

    fields = dict(base.IronicLiteObject.fields, **{
        'id': fields.IntegerField(),
        'uuid': fields.UUIDField(nullable=True),
        'name': fields.StringField(nullable=True),
        'chassis_id': fields.IntegerField(nullable=True),
        'instance_uuid': fields.UUIDField(nullable=True),
        'driver': fields.StringField(nullable=True),
        'driver_info': fields.FlexibleDictField(),
        'driver_internal_info': fields.FlexibleDictField(),
        'properties': fields.FlexibleDictField(),
        'instance_info': fields.FlexibleDictField(),
        'extra': fields.FlexibleDictField(),
        'power_state': fields.StringField(nullable=True),
        'target_power_state': fields.StringField(nullable=True),
        'provision_state': fields.StringField(nullable=True),
        'target_provision_state': fields.StringField(nullable=True),
        'provision_updated_at': fields.DateTimeField(nullable=True),
        'last_error': fields.StringField(nullable=True),
        'maintenance': fields.BooleanField(default=False),
        'maintenance_reason': fields.StringField(nullable=True),
        'fault': fields.StringField(nullable=True),
        'console_enabled': fields.BooleanField(default=False),
        'reservation': fields.StringField(nullable=True),
        'conductor_affinity': fields.IntegerField(nullable=True),
        'conductor_group': fields.StringField(default=''),
        'inspection_started_at': fields.DateTimeField(nullable=True),
        'inspection_finished_at': fields.DateTimeField(nullable=True),
        'clean_step': fields.FlexibleDictField(),
        'deploy_step': fields.FlexibleDictField(),
        'raid_config': fields.FlexibleDictField(),
        'target_raid_config': fields.FlexibleDictField(),
        'resource_class': fields.StringField(nullable=True),
        'traits': fields.ObjectField('TraitList', nullable=True),
        'automated_clean': fields.BooleanField(nullable=True),
        'protected': fields.BooleanField(default=False),
        'protected_reason': fields.StringField(nullable=True),
        'owner': fields.StringField(nullable=True),
        'description': fields.StringField(nullable=True),
        'allocation_id': fields.IntegerField(nullable=True),
        'retired': fields.BooleanField(default=False),
        'retired_reason': fields.StringField(nullable=True),
        'lessee': fields.StringField(nullable=True),
        'network_data': fields.FlexibleDictField(),
    }, **{drivers_base.node_field(name): fields.StringField(nullable=True)
          for name in INTERFACES})

    VERSIONS = {
        '1.0': ('created_at', 'updated_at', 'id', 'uuid', 'name',
                'chassis_id', 'instance_uuid', 'driver', 'driver_info',
                'driver_internal_info', 'properties', 'instance_info',
                'extra', 'power_state', 'target_power_state',
                'provision_state', 'target_provision_state',
                'provision_updated_at', 'last_error', 'maintenance',
                'maintenance_reason', 'fault', 'console_enabled',
                'reservation', 'conductor_affinity', 'conductor_group',
                'inspection_started_at', 'inspection_finished_at',
                'clean_step', 'deploy_step', 'raid_config',
                'target_raid_config', 'resource_class', 'traits',
                # The interface types of release 1.0: a new type is a new
                # field, added by a new version below.
                'bios_interface', 'boot_interface', 'console_interface',
                'deploy_interface', 'inspect_interface',
                'management_interface', 'network_interface',
                'power_interface', 'raid_interface', 'rescue_interface',
                'storage_interface', 'vendor_interface'),
        '1.1': {'automated_clean': None, 'protected': False,
                'protected_reason': None, 'owner': None,
                'description': None},
        '1.2': {'allocation_id': None, 'retired': False,
                'retired_reason': None, 'lessee': None, 'network_data': {}},
    }

    #: The version from which passwords in driver_info are stored
    #: encrypted (secrets.encrypt); older rows hold them in clear.
    ENCRYPTED_FROM = '1.1'

    @classmethod
    def _db_skip_fields(cls):
        return ('traits',)

    @classmethod
    def _encrypted_at(cls, version):
        """Whether rows of ``version`` hold driver_info secrets encrypted
        (None: a row from before versions were recorded, so no)."""
        return bool(version) and (
            base.version_tuple(version) >=
            base.version_tuple(cls.ENCRYPTED_FROM))

    @classmethod
    def _from_db_object(cls, context, obj, db_object):
        row_version = db_object['version']
        obj = super()._from_db_object(context, obj, db_object)
        if cls._encrypted_at(row_version):
            obj.driver_info = secrets.decrypt(obj.driver_info, obj.uuid)
            obj.obj_reset_changes(['driver_info'])
        elif cls._encrypted_at(cls.VERSION):
            # Stored in clear: saving in this version must rewrite it.
            obj._changed_fields.add('driver_info')
        obj.traits = trait_obj.TraitList.from_db_rows(
            context, db_object['traits'])
        obj.obj_reset_changes(['traits'])
        return obj

    def do_version_changes_for_db(self):
        changes = super().do_version_changes_for_db()
        # NOTE: traits are written through the Trait objects, not here.
        changes.pop('traits', None)
        if 'driver_info' in changes and self._encrypted_at(
                changes['version']):
            changes['driver_info'] = secrets.encrypt(changes['driver_info'])
        return changes

    @classmethod
    def converts_data_from(cls, version):
        # 1.0 rows hold passwords in clear: saving as 1.1 encrypts them.
        return not cls._encrypted_at(version)

    def _convert_to_version(self, target_version,
                            remove_unavailable_fields=True):
        encrypted = self._encrypted_at(self.VERSION)
        super()._convert_to_version(target_version,
                                    remove_unavailable_fields)
        if (encrypted != self._encrypted_at(target_version)
                and self.obj_attr_is_set('driver_info')):
            # Its stored form changes (clear text before ENCRYPTED_FROM):
            # saving in the target version must rewrite it.
            self._changed_fields.add('driver_info')

    @classmethod
    def _convert_stored(cls, row, row_version, target_version, changes):
        # What _convert_to_version and the DB boundaries do to a stored
        # driver_info whose stored form differs between the versions.
        if cls._encrypted_at(row_version) == cls._encrypted_at(
                target_version):
            return
        info = cls.fields['driver_info'].coerce(None, 'driver_info',
                                                row['driver_info'])
        if cls._encrypted_at(target_version):
            changes['driver_info'] = secrets.encrypt(info)
        else:
            changes['driver_info'] = secrets.decrypt(info, row['uuid'])

    def fence(self, lock):
        """Save only while ``lock`` holds the node: it is what a conductor
        task holds, with the ``host`` it wrote in ``reservation`` and
        ``lost`` (set when the conductor learnt that another task took the
        lock since). Every save then checks, in its transaction, that the
        reservation is still ``lock.host``.

        A worker whose lock was broken by another conductor (which took
        its host for dead) so stops at its next save instead of
        overwriting what the new holder does.
        """
        self._fence = lock

    def _update_row(self, values):
        """:raises: NodeLockLost when the fencing lock is no longer held."""
        lock = getattr(self, '_fence', None)
        if lock is None:
            return super()._update_row(values)
        if lock.lost:
            raise exception.NodeLockLost(node=self.uuid, host=lock.host)
        return db_api.get_instance().update_node(self.id, values,
                                                 locked_by=lock.host)

    @classmethod
    def reserve(cls, context, tag, ident):
        """Take the node's exclusive lock for ``tag``; returns the node.

        :raises: NodeLocked, NodeNotFound
        """
        row = db_api.get_instance().reserve_node(tag, ident)
        return cls._from_db_object(context, cls(), row)

    @classmethod
    def steal_lock(cls, context, old_tag, new_tag, ident):
        """Take over the lock a dead holder ``old_tag`` left; returns the
        node. :raises: NodeNotLocked, NodeNotFound"""
        row = db_api.get_instance().steal_node_lock(old_tag, new_tag, ident)
        return cls._from_db_object(context, cls(), row)

    @classmethod
    def release(cls, context, tag, ident):
        """Release the lock ``tag`` holds. :raises: NodeNotLocked"""
        db_api.get_instance().release_node(tag, ident)
