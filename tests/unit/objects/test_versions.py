"""Guard and compatibility tests of the objects' version tables.

* Every class's ``VERSIONS`` agrees with its ``fields`` and ``VERSION``, so
  a field added without its table entry fails here.
* Every object, with every field set, converted from the latest version to
  each version the release mapping lists for it and back (through the
  wire form, as RPC and the DB do), keeps what that version has, drops
  what it lacks and fills it back with the value older data means.
"""

import datetime
import inspect

from oslo_utils import uuidutils
from oslo_versionedobjects import fields as ovo_fields
import pytest

from ironic_lite.common import context
from ironic_lite.objects import base
from ironic_lite.upgrade import release_mappings

CLASSES = {name: classes[0] for name, classes in
           base.IronicLiteObjectRegistry.obj_classes().items()}


def _vt(version):
    return tuple(int(part) for part in version.split('.'))


def _table_versions(cls):
    return sorted(cls.VERSIONS, key=_vt)


def _fields_of(cls, version):
    """The fields ``version`` of ``cls`` has, by its table."""
    return {name for added in _table_versions(cls)
            if _vt(added) <= _vt(version)
            for name in cls.VERSIONS[added]}


def _mapped_versions(name):
    """Every version of ``name`` some release of the mapping reads."""
    return sorted({version for entry in
                   release_mappings.RELEASE_MAPPING.values()
                   for version in entry['objects'].get(name, ())}, key=_vt)


# -- the table agrees with the fields --

@pytest.mark.parametrize('name', sorted(CLASSES))
def test_version_table_matches_the_fields(name):
    cls = CLASSES[name]
    module = inspect.getmodule(cls).__name__
    where = '%s.%s.VERSIONS' % (module, name)
    versions = _table_versions(cls)
    assert versions, '%s is missing' % where
    assert versions[-1] == cls.VERSION, (
        '%s ends at %s but %s.VERSION is %s: add VERSIONS[%r] with the '
        'fields it adds' % (where, versions[-1], name, cls.VERSION,
                            cls.VERSION))
    assert isinstance(cls.VERSIONS[versions[0]], tuple), (
        '%s[%r] lists the first version\'s field names (a tuple)'
        % (where, versions[0]))
    added_by = {}
    for version in versions:
        entry = cls.VERSIONS[version]
        if version != versions[0]:
            assert isinstance(entry, dict), (
                '%s[%r] maps each field it adds to the value older data '
                'means' % (where, version))
        for field in entry:
            assert field not in added_by, (
                '%s adds %s in both %s and %s' % (where, field,
                                                  added_by[field], version))
            added_by[field] = version
    missing = sorted(set(cls.fields) - set(added_by))
    major, minor = _vt(cls.VERSION)
    assert not missing, (
        'fields %s of %s are in no version of %s: bump VERSION to %d.%d and '
        'add VERSIONS[\'%d.%d\'] mapping each to the value older data means'
        % (', '.join(missing), name, where, major, minor + 1, major,
           minor + 1))
    unknown = sorted(set(added_by) - set(cls.fields))
    assert not unknown, '%s names %s, which are not fields' % (
        where, ', '.join(unknown))


@pytest.mark.parametrize('name', sorted(CLASSES))
def test_older_data_means_a_valid_value(name):
    cls = CLASSES[name]
    obj = cls()
    for version in _table_versions(cls)[1:]:
        for field, value in cls.VERSIONS[version].items():
            # Raises when the value does not fit the field.
            cls.fields[field].coerce(obj, field, value)


@pytest.mark.parametrize('name', sorted(CLASSES))
def test_every_version_has_a_history_comment(name):
    cls = CLASSES[name]
    source = inspect.getsource(cls)
    for version in _table_versions(cls):
        assert '# Version %s:' % version in source, (
            '%s: write a "# Version %s: <what changed> (release ...)" line '
            'above VERSION' % (name, version))


@pytest.mark.parametrize('name', sorted(CLASSES))
def test_every_mapped_version_is_in_the_table(name):
    cls = CLASSES[name]
    assert set(_mapped_versions(name)) <= set(cls.VERSIONS)


# -- conversions between every pair of versions --

def _sample(field, name, ctx):
    """A value for ``field`` that differs from any table default."""
    if isinstance(field, ovo_fields.ObjectField):
        return CLASSES[field.objname].obj_class_from_name(
            field.objname, CLASSES[field.objname].VERSION)(
            ctx, objects=[CLASSES['Trait'](ctx, node_id=3, trait='CUSTOM_A')])
    if isinstance(field, ovo_fields.ListOfObjectsField):
        return [CLASSES[field.objname](ctx, node_id=3, trait='CUSTOM_B')]
    if isinstance(field, ovo_fields.BooleanField):
        return True
    if isinstance(field, ovo_fields.IntegerField):
        return 3
    if isinstance(field, ovo_fields.UUIDField):
        return uuidutils.generate_uuid()
    if isinstance(field, ovo_fields.DateTimeField):
        return datetime.datetime(2024, 5, 6, 7, 8, 9,
                                 tzinfo=datetime.timezone.utc)
    if isinstance(field, ovo_fields.ListOfStringsField):
        return ['a', name]
    if field.__class__.__name__ == 'MACAddressField':
        return '52:54:00:12:34:56'
    if field.__class__.__name__ == 'FlexibleDictField':
        return {'key': name}
    if field.__class__.__name__ == 'ListOfFlexibleDictsField':
        return [{'key': name}]
    return 'value-of-%s' % name


def _full(cls, version=None):
    """An object of ``cls`` with every field ``version`` has set."""
    ctx = context.get_admin_context()
    version = version or cls.VERSION
    obj = cls(ctx)
    for name in sorted(_fields_of(cls, version)):
        setattr(obj, name, _sample(cls.fields[name], name, ctx))
    obj.obj_reset_changes(recursive=True)
    return obj


def _plain(value):
    if isinstance(value, base.IronicLiteObject):
        return value.obj_to_primitive()
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _values(obj, names):
    return {name: _plain(getattr(obj, name)) for name in names}


def _pairs():
    for name, cls in sorted(CLASSES.items()):
        versions = sorted(set(_mapped_versions(name)) | set(cls.VERSIONS),
                          key=_vt)
        for older in versions:
            yield name, older


@pytest.mark.parametrize('name, version', list(_pairs()))
def test_down_to_each_version_keeps_and_drops(name, version):
    cls = CLASSES[name]
    obj = _full(cls)
    down = obj.obj_clone()
    down.convert_to_version(version, remove_unavailable_fields=True)
    kept, dropped = _fields_of(cls, version), set(cls.fields) - _fields_of(
        cls, version)
    assert down.VERSION == version
    assert {f for f in cls.fields if down.obj_attr_is_set(f)} == kept
    assert _values(down, kept) == _values(obj, kept)
    assert not dropped & down.obj_what_changed()
    wire = down.obj_to_primitive()
    assert wire['ironic_lite_object.version'] == version
    assert set(wire['ironic_lite_object.data']) == kept
    # Without removing (a DB read of a newer row), nothing goes.
    kept_all = obj.obj_clone()
    kept_all.convert_to_version(version, remove_unavailable_fields=False)
    assert _values(kept_all, cls.fields) == _values(obj, cls.fields)


@pytest.mark.parametrize('name, version', list(_pairs()))
def test_up_from_each_version_fills(name, version):
    cls = CLASSES[name]
    old = _full(cls)
    old.convert_to_version(version, remove_unavailable_fields=True)
    received = base.IronicLiteObject.obj_from_primitive(
        old.obj_to_primitive(), context.get_admin_context())
    assert received.VERSION == version
    received.convert_to_version(cls.VERSION, remove_unavailable_fields=False)
    assert received.VERSION == cls.VERSION
    kept = _fields_of(cls, version)
    filled = cls.fields_added(version, cls.VERSION)
    assert set(filled) == set(cls.fields) - kept
    assert _values(received, kept) == _values(old, kept)
    assert _values(received, filled) == filled
    assert set(filled) <= received.obj_what_changed()


@pytest.mark.parametrize('name, version', list(_pairs()))
def test_up_keeps_what_a_newer_writer_stored(name, version):
    """A row keeps columns a pinned save did not write: reading it as the
    version it was saved in must not replace them with defaults."""
    cls = CLASSES[name]
    row = _full(cls)
    stored = _values(row, cls.fields)
    row.VERSION = version
    row.convert_to_version(cls.VERSION, remove_unavailable_fields=False)
    assert _values(row, cls.fields) == stored


def test_node_marks_driver_info_where_its_stored_form_changes():
    node_cls = CLASSES['Node']
    for source, target, crosses in [('1.1', '1.0', True),
                                    ('1.0', '1.1', True),
                                    ('1.1', '1.1', False)]:
        node = _full(node_cls, source)
        node.VERSION = source
        node.convert_to_version(target, remove_unavailable_fields=True)
        assert ('driver_info' in node.obj_what_changed()) == crosses


@pytest.mark.parametrize('name', sorted(CLASSES))
def test_pinned_rpc_send_and_receive(name, conf):
    """Through the serializer, pinned to each release that has the
    object: the wire holds that release's version, the receiver gets the
    latest with the gaps filled."""
    cls = CLASSES[name]
    serializer = base.IronicLiteObjectSerializer()
    ctx = context.get_admin_context()
    for release in release_mappings.pin_choices():
        versions = release_mappings.RELEASE_MAPPING[release]['objects'].get(
            name)
        if not versions:
            continue
        conf.config(pin_release_version=release)
        wire = serializer.serialize_entity(ctx, _full(cls))
        assert wire['ironic_lite_object.version'] == versions[0]
        assert set(wire['ironic_lite_object.data']) == _fields_of(
            cls, versions[0])
        received = serializer.deserialize_entity(ctx, wire)
        assert received.VERSION == cls.VERSION
        filled = cls.fields_added(versions[0], cls.VERSION)
        assert _values(received, filled) == filled
