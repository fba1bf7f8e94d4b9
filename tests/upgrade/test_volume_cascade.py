"""Release 1.0 deletes a node that has volume connectors and targets and
BIOS settings.

Release 1.0 knows nothing of the volume and BIOS tables 2.0 adds: its
node deletion removes the node's ports, port groups and traits, then the
node row. While both releases run on the 2.0 schema, that must still
work, and take the node's volume and BIOS rows with it (the foreign keys
cascade). The
deletion here runs in release 1.0's own code (installed from its commit)
on each database, against rows this tree wrote.
"""

import contextlib
import os
import subprocess

import pytest
import sqlalchemy as sa

from ironic_lite.db import migration
from ironic_lite.db.sqlalchemy import enginefacade
from ironic_lite.db.sqlalchemy import models
from ironic_lite import objects
from tests import fixtures
from tests.functional import services
from tests.unit.db import utils

#: Release 1.0's DB API deleting one node: argv = config file, node UUID.
DELETE_AS_OLD_RELEASE = '''
import sys
from ironic_lite.conf import CONF
CONF(['--config-file', sys.argv[1]], project='ironic-lite')
from ironic_lite.db import api
api.get_instance().destroy_node(sys.argv[2])
'''


def _counts(node_ids):
    with enginefacade.reader() as session:
        return {model.__tablename__: session.query(model).filter(
            model.node_id.in_(node_ids)).count()
            for model in (models.VolumeConnector, models.VolumeTarget,
                          models.BIOSSetting, models.Port)}


@pytest.mark.parametrize('kind', ['sqlite', 'postgresql', 'mysql'])
def test_old_release_deletes_a_node_with_volumes(kind, conf, tmp_path,
                                                 releases):
    bin_dir = releases['1.0']
    if kind == 'sqlite':
        url = 'sqlite:///%s' % (tmp_path / 'cascade.sqlite')
        database = contextlib.nullcontext(url)
    else:
        database = fixtures.server_database(kind)
    with database as url:
        engine = sa.create_engine(url)
        migration.upgrade(engine)
        engine.dispose()
        fixtures.use_database(conf, url)
        doomed, kept = utils.create_test_node(), utils.create_test_node()
        for node in (doomed, kept):
            utils.create_test_volume_connector(node_id=node.id)
            utils.create_test_volume_target(node_id=node.id)
            utils.create_test_port(node_id=node.id, n=node.id)
            objects.BIOSSettingList.sync(None, node.id, {'BootMode': 'Uefi'})
        config = services.write_config(str(tmp_path / 'old.conf'), {
            'DEFAULT': {'state_path': str(tmp_path)},
            'database': {'connection': url}})
        result = subprocess.run(
            [os.path.join(bin_dir, 'python'), '-c', DELETE_AS_OLD_RELEASE,
             config, doomed.uuid], capture_output=True, text=True,
            timeout=120, cwd='/')
        assert result.returncode == 0, result.stderr
        assert _counts([doomed.id]) == {
            'volume_connectors': 0, 'volume_targets': 0, 'bios_settings': 0,
            'ports': 0}
        assert _counts([kept.id]) == {
            'volume_connectors': 1, 'volume_targets': 1, 'bios_settings': 1,
            'ports': 1}
        enginefacade.reset()
