"""Mechanical checks of the alembic migrations, shared by the suites.

``recorded_operations`` runs each revision's ``upgrade()`` against an
alembic ``Operations`` that records the operations instead of running them,
so the expand-only rule is checked from what a migration does, whatever its
file is called.
"""

import importlib.util
import json
import os
import sqlite3
import uuid

from alembic import autogenerate
from alembic.operations import Operations
from alembic.operations import ops as alembic_ops
from alembic.runtime import migration as alembic_migration
from alembic import script
import pytest
import sqlalchemy as sa

from ironic_lite.db import migration
from ironic_lite.db.sqlalchemy import models


def recorded_operations(module):
    """The operations ``module.upgrade()`` emits, without running them."""
    context = alembic_migration.MigrationContext.configure(
        dialect_name='sqlite', opts={'as_sql': True})
    recorded = []
    operations = Operations(context)
    # Every op.<name>() ends in operations.invoke(<operation object>).
    operations.invoke = recorded.append
    operations._install_proxy()
    try:
        module.upgrade()
    finally:
        operations._remove_proxy()
    return recorded


def forbidden(operation):
    """Why ``operation`` breaks the expand-only rule, or None."""
    if isinstance(operation, (alembic_ops.DropColumnOp,
                              alembic_ops.DropTableOp)):
        return 'drops %s' % _what(operation)
    if isinstance(operation, alembic_ops.RenameTableOp):
        return 'renames table %s' % operation.table_name
    if isinstance(operation, alembic_ops.DropConstraintOp):
        return 'drops constraint %s' % operation.constraint_name
    if isinstance(operation, alembic_ops.AlterColumnOp):
        if operation.modify_name:
            return 'renames column %s' % operation.column_name
        if operation.modify_type is not None:
            return 'changes the type of column %s' % operation.column_name
        if operation.modify_nullable is False:
            return 'makes column %s NOT NULL' % operation.column_name
    if isinstance(operation, alembic_ops.AddColumnOp):
        column = operation.column
        if not column.nullable and column.server_default is None:
            return ('adds NOT NULL column %s without a server default'
                    % column.name)
    if isinstance(operation, alembic_ops.CreateUniqueConstraintOp):
        return ('adds unique constraint %s to an existing table'
                % operation.constraint_name)
    if isinstance(operation, alembic_ops.ExecuteSQLOp):
        return 'runs raw SQL (move data changes to online migrations)'
    return None


def _what(operation):
    if isinstance(operation, alembic_ops.DropColumnOp):
        return 'column %s.%s' % (operation.table_name, operation.column_name)
    return 'table %s' % operation.table_name


def revision_modules():
    """(revision id, loaded module) for every revision, oldest first."""
    directory = script.ScriptDirectory.from_config(migration._alembic_config())
    revisions = list(directory.walk_revisions())[::-1]
    for revision in revisions:
        yield revision.revision, revision.module


def load_module(path):
    spec = importlib.util.spec_from_file_location(
        os.path.basename(path)[:-3], path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def schema_differences(url):
    """Differences between the models and a database migrated to head."""
    engine = sa.create_engine(url)
    try:
        migration.upgrade(engine)
        with engine.connect() as connection:
            context = alembic_migration.MigrationContext.configure(
                connection, opts={'compare_type': True,
                                  'compare_server_default': False})
            diff = autogenerate.compare_metadata(context,
                                                 models.Base.metadata)
    finally:
        engine.dispose()
    return [d for d in diff if not _ignorable(d)]


def _ignorable(difference):
    # MariaDB reports the index that backs each foreign key; the models
    # declare none. They are implementation details of the backend.
    if (isinstance(difference, tuple) and difference[0] == 'remove_index'
            and difference[1].name and difference[1].name in (
                'chassis_id', 'conductor_affinity', 'conductor_id',
                'node_id', 'portgroup_id', 'nodes_conductor_affinity_fk')):
        return True
    return False


# -- the walk: each revision's data checked before and after it --

def _sqlite_foreign_keys(dbapi_connection, _record):
    # As the services' engines do (oslo.db sqlite_fk).
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute('PRAGMA foreign_keys=ON')


def walk(url, checks):
    """Upgrade an empty database at ``url`` one revision at a time;
    around each revision call ``checks._pre_upgrade_<rev>(engine)`` and
    ``checks._check_<rev>(engine, <what the first returned>)`` where
    defined. Returns the revisions checked."""
    engine = sa.create_engine(url)
    sa.event.listen(engine, 'connect', _sqlite_foreign_keys)
    checked = []
    try:
        for revision, _module in revision_modules():
            pre = getattr(checks, '_pre_upgrade_%s' % revision, None)
            data = pre(engine) if pre else None
            migration.upgrade(engine, revision)
            check = getattr(checks, '_check_%s' % revision, None)
            if check:
                check(engine, data)
                checked.append(revision)
    finally:
        engine.dispose()
    return checked


def _table(engine, name):
    return sa.Table(name, sa.MetaData(), autoload_with=engine)


class RevisionChecks:
    """What each revision must do to the data already there."""

    @staticmethod
    def _two_nodes(engine):
        """Insert two nodes; returns their ids."""
        nodes = _table(engine, 'nodes')
        with engine.begin() as conn:
            ids = [conn.execute(nodes.insert().values(
                uuid=str(uuid.uuid4()), driver='fake-hardware',
                version='1.1')).inserted_primary_key[0] for _ in range(2)]
        return ids

    def _pre_upgrade_5e6f7a8b9c0d(self, engine):
        return self._two_nodes(engine)

    def _check_5e6f7a8b9c0d(self, engine, node_ids):
        """Volume connectors and targets: unique as Ironic's, and gone
        with their node when the node row is deleted as release 1.0 does
        (it knows nothing of these tables)."""
        connectors = _table(engine, 'volume_connectors')
        targets = _table(engine, 'volume_targets')
        doomed, kept = node_ids

        def connector(node_id, kind, ident):
            return connectors.insert().values(
                uuid=str(uuid.uuid4()), node_id=node_id, type=kind,
                connector_id=ident, version='1.0')

        def target(node_id, boot_index):
            return targets.insert().values(
                uuid=str(uuid.uuid4()), node_id=node_id,
                volume_type='iscsi', boot_index=boot_index,
                volume_id=str(uuid.uuid4()), version='1.0')

        with engine.begin() as conn:
            for node_id in node_ids:
                conn.execute(connector(node_id, 'iqn', 'iqn.%d' % node_id))
                conn.execute(target(node_id, 0))
            conn.execute(connector(doomed, 'ip', 'iqn.%d' % doomed))
        for duplicate in (connector(kept, 'iqn', 'iqn.%d' % doomed),
                          target(doomed, 0)):
            with pytest.raises(sa.exc.IntegrityError):
                with engine.begin() as conn:
                    conn.execute(duplicate)
        with engine.begin() as conn:
            conn.execute(sa.text('DELETE FROM nodes WHERE id = :id'),
                         {'id': doomed})
        with engine.connect() as conn:
            for table in (connectors, targets):
                left = conn.execute(sa.select(table.c.node_id)).scalars()
                assert sorted(left) == [kept], table.name

    def _pre_upgrade_6f7a8b9c0d1e(self, engine):
        return self._two_nodes(engine)

    def _check_6f7a8b9c0d1e(self, engine, node_ids):
        """BIOS settings: a name once per node (the same name on two
        nodes is fine), long values kept, and gone with their node when
        the node row is deleted as release 1.0 does."""
        settings = _table(engine, 'bios_settings')
        doomed, kept = node_ids

        def setting(node_id, name, value='v'):
            return settings.insert().values(node_id=node_id, name=name,
                                            value=value, version='1.0')

        long_value = 'x' * 5000
        with engine.begin() as conn:
            for node_id in node_ids:
                conn.execute(setting(node_id, 'BootMode'))
            conn.execute(setting(kept, 'Long', long_value))
        with pytest.raises(sa.exc.IntegrityError):
            with engine.begin() as conn:
                conn.execute(setting(doomed, 'BootMode'))
        with engine.begin() as conn:
            conn.execute(sa.text('DELETE FROM nodes WHERE id = :id'),
                         {'id': doomed})
        with engine.connect() as conn:
            left = conn.execute(sa.select(settings.c.node_id,
                                          settings.c.name,
                                          settings.c.value)).all()
        assert sorted((row[0], row[1]) for row in left) == [
            (kept, 'BootMode'), (kept, 'Long')]
        assert long_value in [row[2] for row in left]

    def _check_b3c1d2e4f5a6(self, engine, _data):
        """Deploy templates: a name and a UUID once, long step arguments
        kept, and the steps gone with their template."""
        templates = _table(engine, 'deploy_templates')
        steps = _table(engine, 'deploy_template_steps')

        def template(name, ident=None):
            return templates.insert().values(
                uuid=ident or str(uuid.uuid4()), name=name, version='1.0')

        with engine.begin() as conn:
            doomed = conn.execute(template('CUSTOM_A')).inserted_primary_key[0]
            kept = conn.execute(template(
                'CUSTOM_B', 'a4f7ad5b-0a8e-4d1b-9c8c-3b6c7a9b1e2f')
            ).inserted_primary_key[0]
            for template_id in (doomed, kept):
                conn.execute(steps.insert().values(
                    deploy_template_id=template_id, interface='bios',
                    step='apply_configuration', priority=10,
                    args='{"settings": "%s"}' % ('x' * 5000)))
        for duplicate in (template('CUSTOM_A'), template(
                'CUSTOM_C', 'a4f7ad5b-0a8e-4d1b-9c8c-3b6c7a9b1e2f')):
            with pytest.raises(sa.exc.IntegrityError):
                with engine.begin() as conn:
                    conn.execute(duplicate)
        with engine.begin() as conn:
            conn.execute(sa.text('DELETE FROM deploy_templates WHERE id = '
                                 ':id'), {'id': doomed})
        with engine.connect() as conn:
            left = conn.execute(sa.select(steps.c.deploy_template_id,
                                          steps.c.args)).all()
        assert [row[0] for row in left] == [kept]
        assert len(left[0][1]) > 5000

    def _pre_upgrade_c52a110ca7e5(self, engine):
        return self._two_nodes(engine)

    def _check_c52a110ca7e5(self, engine, node_ids):
        """Allocations: UUIDs and names unique, and an allocation is gone
        with its node when the node row is deleted as release 2.0 does
        (it knows nothing of this table)."""
        allocations = _table(engine, 'allocations')
        doomed, kept = node_ids

        def allocation(node_id, name, ident=None):
            return allocations.insert().values(
                uuid=ident or str(uuid.uuid4()), name=name, node_id=node_id,
                state='active', resource_class='gold',
                traits=json.dumps(['CUSTOM_A']), version='1.0')

        same = str(uuid.uuid4())
        with engine.begin() as conn:
            conn.execute(allocation(doomed, 'a1', same))
            conn.execute(allocation(kept, 'a2'))
            conn.execute(allocation(None, None))
        for duplicate in (allocation(None, 'a1'),
                          allocation(None, 'a3', same)):
            with pytest.raises(sa.exc.IntegrityError):
                with engine.begin() as conn:
                    conn.execute(duplicate)
        with engine.begin() as conn:
            conn.execute(sa.text('DELETE FROM nodes WHERE id = :id'),
                         {'id': doomed})
        with engine.connect() as conn:
            left = list(conn.execute(
                sa.select(allocations.c.name)).scalars())
        # The unattached allocation (no node, no name) stays too.
        assert sorted(left, key=str) == [None, 'a2']
