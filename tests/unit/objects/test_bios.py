"""The BIOSSetting objects: synced and read back, and written in their
first version while the deployment is pinned to a release without
them."""

import pytest

from ironic_lite.common import context
from ironic_lite.db.sqlalchemy import enginefacade
from ironic_lite.db.sqlalchemy import models
from ironic_lite import objects
from ironic_lite.objects import base
from tests.unit.db import utils


@pytest.fixture
def node(db):
    return utils.create_test_node()


def _versions():
    with enginefacade.reader() as session:
        return {row.name: row.version
                for row in session.query(models.BIOSSetting)}


def test_sync_get_and_list(node):
    ctx = context.get_admin_context()
    synced = objects.BIOSSettingList.sync(ctx, node.id,
                                          {'BootMode': 'Uefi', 'X': '1'})
    assert synced.as_settings() == {'BootMode': 'Uefi', 'X': '1'}
    listed = objects.BIOSSettingList.get_by_node_id(ctx, node.id)
    assert [s.name for s in listed] == ['BootMode', 'X']
    one = objects.BIOSSetting.get(ctx, node.id, 'X')
    assert (one.node_id, one.name, one.value) == (node.id, 'X', '1')
    assert one.created_at is not None
    objects.BIOSSettingList.sync(ctx, node.id, {'X': '2'})
    assert objects.BIOSSettingList.get_by_node_id(
        ctx, node.id).as_settings() == {'X': '2'}


def test_written_in_first_version_while_pinned(conf, node):
    """Release 1.0 has no BIOSSetting: pinned to it, rows and RPC
    messages carry the class's first version instead of failing."""
    conf.config(pin_release_version='1.0')
    ctx = context.get_admin_context()
    synced = objects.BIOSSettingList.sync(ctx, node.id, {'A': 'b'})
    assert _versions() == {'A': '1.0'}
    wire = base.IronicLiteObjectSerializer().serialize_entity(ctx, synced)
    assert wire['ironic_lite_object.version'] == '1.0'
