"""The VolumeConnector object: stored, read back, and written in its
first version while the deployment is pinned to a release without it."""

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


def stored_version(model, uuid):
    with enginefacade.reader() as session:
        return session.query(model.version).filter_by(uuid=uuid).scalar()


def test_create_get_save_list_destroy(node):
    ctx = context.get_admin_context()
    connector = utils.create_test_volume_connector(
        node_id=node.id, type='wwpn', connector_id='50:01:43:80:12:34:56:01')
    got = objects.VolumeConnector.get(ctx, connector.uuid)
    assert (got.node_id, got.type, got.extra) == (node.id, 'wwpn', {})
    got.extra = {'rack': 'r1'}
    got.save()
    assert objects.VolumeConnector.get(ctx, got.id).extra == {'rack': 'r1'}
    assert [c.uuid for c in objects.VolumeConnector.list(
        ctx, filters={'node_id': node.id})] == [connector.uuid]
    got.destroy()
    assert objects.VolumeConnector.list(ctx) == []


def test_written_in_its_first_version_while_pinned(conf, node):
    """Release 1.0 has no VolumeConnector: pinned to it, rows and RPC
    messages carry the class's first version instead of failing."""
    conf.config(pin_release_version='1.0')
    connector = utils.create_test_volume_connector(node_id=node.id)
    assert stored_version(models.VolumeConnector, connector.uuid) == '1.0'
    wire = base.IronicLiteObjectSerializer().serialize_entity(
        context.get_admin_context(), connector)
    assert wire['ironic_lite_object.version'] == '1.0'
