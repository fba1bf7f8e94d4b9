"""Versioned objects and the four boundaries where their versions change.

Inside a process an object is always at its class's latest ``VERSION``.
Its version changes only at these boundaries:

=================  ====================================================
DB read            ``_from_db_object``: the row's ``version`` column
                   says what it was written in; convert up to latest,
                   keeping the fields the conversion changed marked as
                   changed, so a later ``save()`` writes them.
DB write           ``do_version_changes_for_db``: convert a copy down to
                   the target version (the pinned release's, or latest)
                   and write its changes plus ``version = target``.
RPC send           ``IronicLiteObjectSerializer.serialize_entity``:
                   convert a copy down to the target version.
RPC receive        ``IronicLiteObjectSerializer.deserialize_entity``:
                   convert up to latest.
=================  ====================================================

Each class declares its history next to its fields, in ``VERSIONS``:
which fields each version added and what older data means for them. The
conversion between any two versions is derived from that table
(:meth:`IronicLiteObject._convert_to_version`); a class extends it only
for data whose meaning or stored form changes (Node's driver_info).
"""

import copy
import functools
import logging

from oslo_versionedobjects import base as object_base
from oslo_versionedobjects import fields as object_fields

from ironic_lite.common import exception
from ironic_lite import objects
from ironic_lite.upgrade import pinning
from ironic_lite.upgrade import release_mappings

LOG = logging.getLogger(__name__)


@functools.lru_cache(maxsize=256)
def version_tuple(version):
    """release_mappings.version_tuple, cached: conversions of thousands of
    rows ask about the same few versions."""
    return release_mappings.version_tuple(version)


_version = version_tuple


def _defined_in(cls, name):
    """The class of ``cls``'s MRO that defines attribute ``name``."""
    return next(klass for klass in cls.__mro__ if name in vars(klass))


class IronicLiteObjectRegistry(object_base.VersionedObjectRegistry):
    def registration_hook(self, cls, index):
        # Expose the newest registered version as ironic_lite.objects.<Name>.
        current = getattr(objects, cls.obj_name(), None)
        vt = release_mappings.version_tuple
        if current is None or vt(cls.VERSION) >= vt(current.VERSION):
            setattr(objects, cls.obj_name(), cls)


class IronicLiteObject(object_base.VersionedObject):
    """Base of every ironic-lite object."""

    OBJ_SERIAL_NAMESPACE = 'ironic_lite_object'
    OBJ_PROJECT_NAMESPACE = 'ironic_lite'

    fields = {
        'created_at': object_fields.DateTimeField(nullable=True),
        'updated_at': object_fields.DateTimeField(nullable=True),
    }

    def as_dict(self):
        """The set fields as a plain dict."""
        return {name: getattr(self, name) for name in self.fields
                if self.obj_attr_is_set(name)}

    #: The history of the fields: ``{version: fields that version added}``
    #: for every version up to ``VERSION``. The first version lists its
    #: field names (a tuple); each later one maps the fields it added to
    #: the value that data of an older version means for them (what a row
    #: or message without the field is read as). Every field is added by
    #: exactly one version (tests/unit/objects/test_versions.py checks).
    VERSIONS = {}

    # -- version conversion --

    @classmethod
    def fields_added(cls, since, until):
        """The fields versions after ``since`` up to ``until`` added.

        :returns: ``{field: value older data means}``, oldest first.
        """
        low, high = _version(since), _version(until)
        added = {}
        for version in sorted(cls.VERSIONS, key=_version)[1:]:
            if low < _version(version) <= high:
                added.update(cls.VERSIONS[version])
        return added

    def _convert_to_version(self, target_version,
                            remove_unavailable_fields=True):
        """Change this object's fields from ``self.VERSION`` to
        ``target_version``, by :attr:`VERSIONS`.

        Down with ``remove_unavailable_fields``: the fields the target
        lacks are removed (their changed marks with them); without it they
        stay. Up: each field the source lacks gets the value older data
        means, unless it holds a value already (a newer writer stored it:
        a row keeps the columns a pinned save did not write); None where
        older data means a value counts as missing. Fields it sets are
        marked changed, so a save writes them. Subclasses extend this
        (calling ``super()``) for data whose meaning or stored form
        changes.
        """
        if _version(target_version) < _version(self.VERSION):
            if not remove_unavailable_fields:
                return
            for name in self.fields_added(target_version, self.VERSION):
                if self.obj_attr_is_set(name):
                    self.obj_reset_changes([name])
                    delattr(self, name)
            return
        for name, value in self.fields_added(self.VERSION,
                                             target_version).items():
            if not self.obj_attr_is_set(name) or (
                    value is not None and getattr(self, name) is None):
                setattr(self, name, copy.deepcopy(value))

    def convert_to_version(self, target_version,
                           remove_unavailable_fields=True):
        """Convert in place and record the new ``VERSION`` on the instance.

        :raises: IncompatibleObjectVersion for a different major version.
        """
        if self.VERSION == target_version:
            return
        if (release_mappings.version_tuple(self.VERSION)[0] !=
                release_mappings.version_tuple(target_version)[0]):
            raise exception.IncompatibleObjectVersion(
                obj_name=self.obj_name(), version=target_version,
                supported=self.__class__.VERSION)
        self._convert_to_version(target_version, remove_unavailable_fields)
        if target_version == self.__class__.VERSION:
            self.__dict__.pop('VERSION', None)
        else:
            self.VERSION = target_version
        for child in self._child_objects():
            child_target = (child.get_target_version()
                            if remove_unavailable_fields
                            else child.__class__.VERSION)
            child.convert_to_version(child_target, remove_unavailable_fields)

    def _child_objects(self):
        """Objects held in fields, directly or in a list (list objects)."""
        for name in self.fields:
            if not self.obj_attr_is_set(name):
                continue
            value = getattr(self, name)
            for item in (value if isinstance(value, list) else [value]):
                if isinstance(item, IronicLiteObject):
                    yield item

    @classmethod
    def stored_changes(cls, row, target_version):
        """The columns that reading the stored ``row`` ({column: value}
        as the model reads it, ``version`` among them) and saving it in
        ``target_version`` would write (``version`` among them), worked
        out from :attr:`VERSIONS` without building an object: online
        migrations convert thousands of rows a second this way.

        :returns: the dict, or None when only an object can tell: the
            class overrides ``_convert_to_version`` without overriding
            :meth:`_convert_stored` alongside.
        """
        if (_defined_in(cls, '_convert_to_version')
                is not _defined_in(cls, '_convert_stored')):
            return None
        row_version = row['version']
        changes = {}
        if row_version and _version(row_version) < _version(cls.VERSION):
            # What the read's conversion up sets (see _convert_to_version).
            added = cls.fields_added(row_version, cls.VERSION)
            for name, value in added.items():
                if (value is not None and row[name] is None and
                        cls.fields[name].coerce(None, name, None) is None):
                    changes[name] = copy.deepcopy(value)
        cls._convert_stored(row, row_version, target_version, changes)
        for name in cls.fields_added(target_version, cls.VERSION):
            changes.pop(name, None)
        changes['version'] = target_version
        return changes

    @classmethod
    def _convert_stored(cls, row, row_version, target_version, changes):
        """Add to ``changes`` what the class's own conversion (its
        override of ``_convert_to_version``, with the DB boundaries'
        handling of the data) writes when a row of ``row_version`` is read
        and saved in ``target_version``. Override together with
        ``_convert_to_version``."""

    @classmethod
    def converts_data_from(cls, version):
        """Whether rows written in ``version`` change stored data when
        brought to the latest version (and so cannot be migrated by bumping
        their ``version`` alone). Override next to ``_convert_to_version``
        when a version changes what data means or how it is stored; added
        fields alone do not count (their columns keep what they hold).
        """
        return False

    @classmethod
    def get_target_version(cls):
        """The version to write to the DB and send over RPC (a class the
        pinned release lacks: its first version)."""
        first = (min(cls.VERSIONS, key=_version) if cls.VERSIONS
                 else None)
        return pinning.object_target_version(cls.obj_name(), cls.VERSION,
                                             first)

    # -- the DB boundaries --

    @classmethod
    def _from_db_object(cls, context, obj, db_object):
        """Fill ``obj`` from a DB row and bring it to the latest version."""
        for name in obj.fields:
            if name in cls._db_skip_fields():
                continue
            setattr(obj, name, db_object[name])
        obj._context = context
        obj.obj_reset_changes()
        row_version = db_object['version']
        if row_version and row_version != cls.VERSION:
            if version_tuple(row_version) > version_tuple(cls.VERSION):
                # NOTE: a newer release wrote this row without a pin. We read
                # the fields we know; saving would write ours and our version.
                LOG.warning('%s row %s was written in version %s, newer than '
                            'this release\'s %s; is a service missing '
                            'pin_release_version?', cls.obj_name(),
                            db_object.get('id'), row_version, cls.VERSION)
            else:
                obj.VERSION = row_version
                obj.convert_to_version(cls.VERSION,
                                       remove_unavailable_fields=False)
        return obj

    @classmethod
    def _db_skip_fields(cls):
        """Fields not read from the row as columns (e.g. relationships)."""
        return ()

    def do_version_changes_for_db(self):
        """The changed fields to write, in the target version.

        :returns: a dict of column values including ``version``.
        """
        target = self.get_target_version()
        if target == self.VERSION:
            changes = self.obj_get_changes()
        else:
            copy = self.obj_clone()
            copy.convert_to_version(target, remove_unavailable_fields=True)
            changes = copy.obj_get_changes()
        changes['version'] = target
        return changes


class DbObjectMixin:
    """CRUD for objects stored one row each, through ``dbapi``.

    ``_db_name`` names the DB API methods: 'node' -> get_node,
    get_node_list, create_node, update_node, destroy_node.
    """

    _db_name = None

    @classmethod
    def _db(cls, verb, suffix=''):
        from ironic_lite.db import api as db_api
        return getattr(db_api.get_instance(),
                       '%s_%s%s' % (verb, cls._db_name, suffix))

    @classmethod
    def get(cls, context, ident):
        """Load by id, UUID or (where it has one) name."""
        return cls._from_db_object(context, cls(), cls._db('get')(ident))

    @classmethod
    def list(cls, context, filters=None, limit=None, marker=None,
             sort_key=None, sort_dir=None):
        """One page of objects matching ``filters`` (a dict)."""
        rows = cls._db('get', '_list')(filters=filters, limit=limit,
                                       marker=marker, sort_key=sort_key,
                                       sort_dir=sort_dir)
        return [cls._from_db_object(context, cls(), row) for row in rows]

    def create(self, context=None):
        """Write a new row in the target version."""
        values = self.do_version_changes_for_db()
        row = self._db('create')(values)
        self._from_db_object(context or self._context, self, row)

    def save(self, context=None):
        """Write the changed fields in the target version."""
        if not self.obj_what_changed():
            return
        values = self.do_version_changes_for_db()
        row = self._update_row(values)
        self._from_db_object(context or self._context, self, row)

    def save_as_target_version(self):
        """Write every change and the target version, even when no field
        changed (online migrations use it to move a row's version)."""
        values = self.do_version_changes_for_db()
        row = self._update_row(values)
        self._from_db_object(self._context, self, row)

    def _update_row(self, values):
        """Write ``values`` to this object's row; returns the row."""
        return self._db('update')(self.id, values)

    def destroy(self, context=None):
        self._db('destroy')(self.id)
        self.obj_reset_changes()

    def refresh(self, context=None):
        """Reload every field from the DB."""
        current = self.get(context or self._context, self.id)
        for name in self.fields:
            if current.obj_attr_is_set(name):
                setattr(self, name, getattr(current, name))
        self.obj_reset_changes()


class IronicLiteObjectListBase(object_base.ObjectListBase):
    """Base of list objects; they are never stored, only sent."""


class IronicLiteObjectSerializer(object_base.VersionedObjectSerializer):
    """RPC serializer applying the send and receive boundaries."""

    OBJ_BASE_CLASS = IronicLiteObject

    def serialize_entity(self, context, entity):
        if isinstance(entity, IronicLiteObject):
            target = entity.get_target_version()
            if target != entity.VERSION:
                entity = entity.obj_clone()
                entity.convert_to_version(target,
                                          remove_unavailable_fields=True)
            return entity.obj_to_primitive()
        return super().serialize_entity(context, entity)

    def deserialize_entity(self, context, entity):
        entity = super().deserialize_entity(context, entity)
        if (isinstance(entity, IronicLiteObject)
                and entity.VERSION != entity.__class__.VERSION):
            entity.convert_to_version(entity.__class__.VERSION,
                                      remove_unavailable_fields=False)
        return entity
