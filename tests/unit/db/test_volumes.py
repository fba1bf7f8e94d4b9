"""The DB API of volume connectors and targets on SQLite: lookups,
conflicts by constraint, lists, and rows that go with their node."""

import pytest
import sqlalchemy as sa

from ironic_lite.common import exception
from ironic_lite.db.sqlalchemy import enginefacade
from ironic_lite.db.sqlalchemy import models
from tests.unit.db import utils


def _count(model, node_id):
    with enginefacade.reader() as session:
        return session.query(model).filter_by(node_id=node_id).count()


def test_connector_by_id_and_uuid(dbapi, node):
    row = dbapi.create_volume_connector(
        utils.get_test_volume_connector(node_id=node.id))
    for ident in (row.id, row.uuid):
        assert dbapi.get_volume_connector(ident).connector_id == \
            row.connector_id


@pytest.mark.parametrize('ident', ['iqn', '2a5d6e1e-0b5b-4d33-9d3c-'
                                          '2d2f2d5c0c01', 42])
def test_missing_rows_are_their_not_found(dbapi, ident):
    with pytest.raises(exception.VolumeConnectorNotFound):
        dbapi.get_volume_connector(ident)
    with pytest.raises(exception.VolumeTargetNotFound):
        dbapi.get_volume_target(ident)
    with pytest.raises(exception.VolumeTargetNotFound):
        dbapi.destroy_volume_target(ident)


def test_connector_conflicts(dbapi, node):
    first = dbapi.create_volume_connector(
        utils.get_test_volume_connector(node_id=node.id, type='iqn',
                                        connector_id='iqn.a'))
    with pytest.raises(exception.VolumeConnectorTypeAndIdAlreadyExists,
                       match='type iqn and connector ID iqn.a'):
        dbapi.create_volume_connector(utils.get_test_volume_connector(
            node_id=node.id, type='iqn', connector_id='iqn.a'))
    with pytest.raises(exception.VolumeConnectorAlreadyExists):
        dbapi.create_volume_connector(utils.get_test_volume_connector(
            node_id=node.id, uuid=first.uuid))
    # Another type may use the same identifier.
    other = dbapi.create_volume_connector(utils.get_test_volume_connector(
        node_id=node.id, type='ip', connector_id='iqn.a'))
    with pytest.raises(exception.VolumeConnectorTypeAndIdAlreadyExists):
        dbapi.update_volume_connector(other.id, {'type': 'iqn'})
    with pytest.raises(exception.InvalidParameterValue):
        dbapi.update_volume_connector(other.id, {'uuid': first.uuid})


def test_target_boot_index_is_unique_per_node(dbapi, node):
    other_node = dbapi.create_node(utils.get_test_node())
    dbapi.create_volume_target(utils.get_test_volume_target(
        node_id=node.id, boot_index=0))
    dbapi.create_volume_target(utils.get_test_volume_target(
        node_id=other_node.id, boot_index=0))
    with pytest.raises(exception.VolumeTargetBootIndexAlreadyExists,
                       match="boot index '0'"):
        dbapi.create_volume_target(utils.get_test_volume_target(
            node_id=node.id, boot_index=0))
    second = dbapi.create_volume_target(utils.get_test_volume_target(
        node_id=node.id, boot_index=1))
    with pytest.raises(exception.VolumeTargetBootIndexAlreadyExists):
        dbapi.update_volume_target(second.uuid, {'boot_index': 0})
    with pytest.raises(exception.VolumeTargetAlreadyExists):
        dbapi.create_volume_target(utils.get_test_volume_target(
            node_id=node.id, boot_index=5, uuid=second.uuid))


def test_lists_filter_and_page(dbapi, node):
    other_node = dbapi.create_node(utils.get_test_node())
    rows = [dbapi.create_volume_target(utils.get_test_volume_target(
        node_id=node.id, boot_index=i)) for i in range(3)]
    dbapi.create_volume_target(utils.get_test_volume_target(
        node_id=other_node.id))
    assert len(dbapi.get_volume_target_list()) == 4
    mine = dbapi.get_volume_target_list({'node_id': node.id}, limit=2)
    assert [r.id for r in mine] == [rows[0].id, rows[1].id]
    rest = dbapi.get_volume_target_list({'node_id': node.id}, limit=2,
                                        marker=mine[-1].uuid)
    assert [r.id for r in rest] == [rows[2].id]
    desc = dbapi.get_volume_target_list({'node_id': node.id},
                                        sort_key='boot_index',
                                        sort_dir='desc')
    assert [r.boot_index for r in desc] == [2, 1, 0]


def test_destroy_node_deletes_its_volumes(dbapi, node):
    other_node = dbapi.create_node(utils.get_test_node())
    for owner in (node, other_node):
        dbapi.create_volume_connector(
            utils.get_test_volume_connector(node_id=owner.id))
        dbapi.create_volume_target(
            utils.get_test_volume_target(node_id=owner.id))
    dbapi.destroy_node(node.uuid)
    for model in (models.VolumeConnector, models.VolumeTarget):
        assert _count(model, node.id) == 0
        assert _count(model, other_node.id) == 1


def test_a_node_deleted_as_release_1_0_does_takes_its_volumes(dbapi, node):
    """Release 1.0 deletes a node's ports, port groups and traits, then
    the node row, knowing nothing of volumes: the foreign keys cascade."""
    dbapi.create_volume_connector(
        utils.get_test_volume_connector(node_id=node.id))
    dbapi.create_volume_target(utils.get_test_volume_target(node_id=node.id))
    with enginefacade.writer() as session:
        session.execute(sa.text('DELETE FROM nodes WHERE id = :id'),
                        {'id': node.id})
    for model in (models.VolumeConnector, models.VolumeTarget):
        assert _count(model, node.id) == 0
