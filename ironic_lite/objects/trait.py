"""Trait objects: the traits of a node."""

from ironic_lite.db import api as db_api
from ironic_lite.objects import base
from ironic_lite.objects import fields


@base.IronicLiteObjectRegistry.register
class Trait(base.IronicLiteObject):
    # Version 1.0: Initial version (release 1.0)
    VERSION = '1.0'

    fields = dict(base.IronicLiteObject.fields, **{
        'node_id': fields.IntegerField(),
        'trait': fields.StringField(),
    })

    VERSIONS = {'1.0': ('created_at', 'updated_at', 'node_id', 'trait')}

    def create(self, context=None):
        """Add this trait to its node (a no-op when it is there)."""
        row = db_api.get_instance().add_node_trait(
            self.node_id, self.trait, self.get_target_version())
        self._from_db_object(context or self._context, self, row)

    @classmethod
    def destroy(cls, context, node_id, trait):
        """:raises: NodeNotFound, NodeTraitNotFound"""
        db_api.get_instance().delete_node_trait(node_id, trait)


@base.IronicLiteObjectRegistry.register
class TraitList(base.IronicLiteObjectListBase, base.IronicLiteObject):
    # Version 1.0: Initial version (release 1.0)
    VERSION = '1.0'

    fields = {'objects': fields.ListOfObjectsField('Trait')}

    VERSIONS = {'1.0': ('created_at', 'updated_at', 'objects')}

    @classmethod
    def from_db_rows(cls, context, rows):
        return base.object_base.obj_make_list(
            context, cls(context), Trait,
            sorted(rows, key=lambda row: row['trait']))

    @classmethod
    def get_by_node_id(cls, context, node_id):
        return cls.from_db_rows(
            context, db_api.get_instance().get_node_traits_by_node_id(node_id))

    @classmethod
    def create(cls, context, node_id, traits):
        """Replace all traits of a node. :raises: NodeNotFound"""
        rows = db_api.get_instance().set_node_traits(
            node_id, traits, Trait.get_target_version())
        return cls.from_db_rows(context, rows)

    def get_trait_names(self):
        return [trait.trait for trait in self.objects]
