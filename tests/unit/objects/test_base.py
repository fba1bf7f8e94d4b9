"""The four boundaries where object versions change (objects/base.py)."""

from oslo_utils import uuidutils
import pytest

from ironic_lite.common import context
from ironic_lite.common import exception
from ironic_lite.db import api as db_api
from ironic_lite import objects
from ironic_lite.objects import base
from ironic_lite.objects import node as node_obj
from tests import fixtures
from tests.unit.db import utils

NEXT = fixtures.NEXT_NODE_VERSION


def _row(node):
    return db_api.get_instance().get_node(node.uuid)


def test_unpinned_write_stores_latest_version(db):
    node = utils.create_test_node()
    assert _row(node).version == objects.Node.VERSION == '1.2'


def test_pinned_write_stores_pinned_version_and_reads_back_latest(
        db, conf, next_release):
    conf.config(pin_release_version='1.0')
    node = utils.create_test_node(conductor_group='Rack-A')
    assert _row(node).version == '1.0'
    assert _row(node).conductor_group == 'Rack-A'
    # Still pinned, the object in this process is the latest version.
    assert node.VERSION == NEXT
    assert node.conductor_group == 'rack-a'
    # Reading the row converts it up; the converted field is marked changed
    # so that a save writes it.
    loaded = objects.Node.get(context.get_admin_context(), node.uuid)
    assert loaded.VERSION == NEXT
    assert loaded.conductor_group == 'rack-a'
    assert 'conductor_group' in loaded.obj_what_changed()


def test_unpinned_save_of_old_row_writes_conversion(db, conf, next_release):
    conf.config(pin_release_version='1.0')
    node = utils.create_test_node(conductor_group='Rack-A')
    conf.config(pin_release_version=None)
    loaded = objects.Node.get(context.get_admin_context(), node.uuid)
    loaded.extra = {'k': 'v'}
    loaded.save()
    row = _row(node)
    assert (row.version, row.conductor_group, row.extra) == (
        NEXT, 'rack-a', {'k': 'v'})


def test_row_of_newer_version_is_read_by_older_code(db, next_release,
                                                    caplog):
    node = utils.create_test_node(conductor_group='rack-b')
    assert _row(node).version == NEXT
    # The release 1.0 class reads the fields it knows from the newer row and
    # says that a service may be missing its pin.
    loaded = node_obj.Node.get(context.get_admin_context(), node.uuid)
    assert loaded.VERSION == node_obj.Node.VERSION
    assert loaded.conductor_group == 'rack-b'
    assert 'newer than this release' in caplog.text


def test_unpinned_write_keeps_the_new_fields():
    with fixtures.next_release(fixtures.NodeWithComment) as cls:
        node = cls(context.get_admin_context(), uuid=uuidutils.generate_uuid(),
                   comment='rack 7')
        assert node.do_version_changes_for_db()['version'] == NEXT
        assert node.do_version_changes_for_db()['comment'] == 'rack 7'


def test_pinned_changes_for_db_drop_new_fields(conf):
    conf.config(pin_release_version='1.0')
    with fixtures.next_release(fixtures.NodeWithComment) as cls:
        node = cls(context.get_admin_context(), uuid=uuidutils.generate_uuid(),
                   comment='rack 7', driver='fake-hardware')
        changes = node.do_version_changes_for_db()
        assert changes['version'] == '1.0'
        assert 'comment' not in changes
        assert changes['driver'] == 'fake-hardware'
        # The object itself stays at the latest version.
        assert node.VERSION == NEXT and node.comment == 'rack 7'


def test_rpc_send_pinned_and_receive(conf):
    serializer = base.IronicLiteObjectSerializer()
    ctx = context.get_admin_context()
    with fixtures.next_release(fixtures.NodeWithComment) as cls:
        node = cls(ctx, uuid=uuidutils.generate_uuid(), comment='d')
        conf.config(pin_release_version='1.0')
        wire = serializer.serialize_entity(ctx, node)
        assert wire['ironic_lite_object.version'] == '1.0'
        assert 'comment' not in wire['ironic_lite_object.data']
        received = serializer.deserialize_entity(ctx, wire)
        assert received.VERSION == NEXT
        assert received.comment is None
        conf.config(pin_release_version=None)
        wire = serializer.serialize_entity(ctx, node)
        assert wire['ironic_lite_object.version'] == NEXT
        assert wire['ironic_lite_object.data']['comment'] == 'd'
        assert serializer.deserialize_entity(ctx, wire).comment == 'd'


def test_rpc_receive_of_newer_major_version_is_refused():
    serializer = base.IronicLiteObjectSerializer()
    ctx = context.get_admin_context()
    wire = serializer.serialize_entity(
        ctx, objects.Node(ctx, uuid=uuidutils.generate_uuid()))
    wire['ironic_lite_object.version'] = '2.0'
    with pytest.raises(Exception, match='2.0'):
        serializer.deserialize_entity(ctx, wire)


def test_object_not_in_pinned_release(conf):
    conf.config(pin_release_version='1.0')
    with pytest.raises(exception.ObjectNotInRelease):
        from ironic_lite.upgrade import pinning
        pinning.object_target_version('Allocation', '1.0')


def test_conversion_visits_objects_inside_lists():
    """Converting a Node reaches its TraitList and the Traits inside it."""
    ctx = context.get_admin_context()
    trait = objects.Trait(ctx, node_id=1, trait='CUSTOM_A')
    traits = objects.TraitList(ctx, objects=[trait])
    node = objects.Node(ctx, uuid=uuidutils.generate_uuid(), traits=traits)
    assert list(node._child_objects()) == [traits]
    assert list(traits._child_objects()) == [trait]
