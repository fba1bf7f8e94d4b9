"""Mechanical checks of the alembic migrations, shared by the suites.

``recorded_operations`` runs each revision's ``upgrade()`` against an
alembic ``Operations`` that records the operations instead of running them,
so the expand-only rule is checked from what a migration does, whatever its
file is called.
"""

import importlib.util
import os

from alembic import autogenerate
from alembic.operations import Operations
from alembic.operations import ops as alembic_ops
from alembic.runtime import migration as alembic_migration
from alembic import script
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
