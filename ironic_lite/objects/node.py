"""The Node object: one bare-metal machine."""

from ironic_lite.db import api as db_api
from ironic_lite.objects import base
from ironic_lite.objects import fields
from ironic_lite.objects import trait as trait_obj

#: Hardware interfaces a node names one implementation of.
INTERFACES = ('bios', 'boot', 'console', 'deploy', 'inspect', 'management',
              'network', 'power', 'raid', 'rescue', 'storage', 'vendor')


@base.IronicLiteObjectRegistry.register
class Node(base.DbObjectMixin, base.IronicLiteObject):
    # Version 1.0: Initial version (release 1.0)
    VERSION = '1.0'

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
    }, **{'%s_interface' % name: fields.StringField(nullable=True)
          for name in INTERFACES})

    @classmethod
    def _db_skip_fields(cls):
        return ('traits',)

    @classmethod
    def _from_db_object(cls, context, obj, db_object):
        obj = super()._from_db_object(context, obj, db_object)
        obj.traits = trait_obj.TraitList.from_db_rows(
            context, db_object['traits'])
        obj.obj_reset_changes(['traits'])
        return obj

    def do_version_changes_for_db(self):
        changes = super().do_version_changes_for_db()
        # NOTE: traits are written through the Trait objects, not here.
        changes.pop('traits', None)
        return changes

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
