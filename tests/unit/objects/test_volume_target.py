"""The VolumeTarget object: stored, read back, and written in its first
version while the deployment is pinned to a release without it."""

import pytest

from ironic_lite.common import context
from ironic_lite.common import exception
from ironic_lite.db.sqlalchemy import models
from ironic_lite import objects
from tests.unit.db import utils
from tests.unit.objects import test_volume_connector


@pytest.fixture
def node(db):
    return utils.create_test_node()


def test_create_get_save_destroy(node):
    ctx = context.get_admin_context()
    target = utils.create_test_volume_target(
        node_id=node.id, boot_index=2, properties={'target_lun': 3})
    got = objects.VolumeTarget.get(ctx, target.uuid)
    assert (got.boot_index, got.properties) == (2, {'target_lun': 3})
    got.boot_index = 0
    got.save()
    assert objects.VolumeTarget.get(ctx, target.id).boot_index == 0
    got.destroy()
    with pytest.raises(exception.VolumeTargetNotFound):
        objects.VolumeTarget.get(ctx, target.uuid)


def test_written_in_its_first_version_while_pinned(conf, node):
    conf.config(pin_release_version='1.0')
    target = utils.create_test_volume_target(node_id=node.id)
    target.volume_type = 'fibre_channel'
    target.save()
    assert test_volume_connector.stored_version(
        models.VolumeTarget, target.uuid) == '1.0'
