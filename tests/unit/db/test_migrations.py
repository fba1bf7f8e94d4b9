"""Guard: migrations only expand, and they agree with the models."""

import textwrap

import pytest
import sqlalchemy as sa

from ironic_lite.db import migration
from tests import migration_checks


@pytest.mark.parametrize('revision,module',
                         list(migration_checks.revision_modules()))
def test_migration_is_expand_only(revision, module):
    problems = [migration_checks.forbidden(op) for op in
                migration_checks.recorded_operations(module)]
    problems = [p for p in problems if p]
    # The first revision creates the schema; everything later must expand.
    assert not problems, (
        'revision %s %s. Migrations may only add tables, nullable columns, '
        'columns with server defaults and indexes; move data with an online '
        'migration and drop things two releases later.'
        % (revision, '; '.join(problems)))


BAD_MIGRATIONS = {
    'drop column': "op.drop_column('nodes', 'fault')",
    'rename column': "op.alter_column('nodes', 'fault', new_column_name='f')",
    'retype column': "op.alter_column('nodes', 'fault', "
                     "type_=sa.String(10))",
    'drop table': "op.drop_table('chassis')",
    'rename table': "op.rename_table('chassis', 'racks')",
    'not null without default': "op.add_column('nodes', sa.Column("
                                "'x', sa.Integer, nullable=False))",
    'raw sql': "op.execute('UPDATE nodes SET fault = NULL')",
}


@pytest.mark.parametrize('name', sorted(BAD_MIGRATIONS))
def test_guard_catches_contracting_migrations(tmp_path, name):
    path = tmp_path / 'abc123_innocent_name.py'
    path.write_text(textwrap.dedent('''
        from alembic import op
        import sqlalchemy as sa
        revision = 'abc123'
        down_revision = None
        def upgrade():
            %s
    ''') % BAD_MIGRATIONS[name])
    module = migration_checks.load_module(str(path))
    recorded = migration_checks.recorded_operations(module)
    assert any(migration_checks.forbidden(op) for op in recorded), name


def test_guard_allows_expanding_migrations(tmp_path):
    path = tmp_path / 'def456_add_things.py'
    path.write_text(textwrap.dedent('''
        from alembic import op
        import sqlalchemy as sa
        revision = 'def456'
        down_revision = None
        def upgrade():
            op.add_column('nodes', sa.Column('owner', sa.String(255),
                                             nullable=True))
            op.add_column('nodes', sa.Column('protected', sa.Boolean,
                                             nullable=False,
                                             server_default=sa.false()))
            op.create_index('nodes_owner_idx', 'nodes', ['owner'])
            op.create_table('allocations',
                            sa.Column('id', sa.Integer, primary_key=True))
    '''))
    recorded = migration_checks.recorded_operations(
        migration_checks.load_module(str(path)))
    assert len(recorded) == 4
    assert not [op for op in recorded if migration_checks.forbidden(op)]


def test_models_match_migrations_sqlite(tmp_path):
    url = 'sqlite:///%s' % (tmp_path / 'walk.sqlite')
    assert migration_checks.schema_differences(url) == []


def test_walk_checks_each_revision_sqlite(tmp_path):
    url = 'sqlite:///%s' % (tmp_path / 'checked.sqlite')
    checked = migration_checks.walk(url, migration_checks.RevisionChecks())
    assert {'5e6f7a8b9c0d', '6f7a8b9c0d1e', 'b3c1d2e4f5a6',
            'c52a110ca7e5'} <= set(checked)


def test_upgrade_from_empty_sqlite_and_version(tmp_path):
    engine = sa.create_engine('sqlite:///%s' % (tmp_path / 'e.sqlite'))
    assert migration.current_revision(engine) is None
    migration.upgrade(engine)
    assert migration.current_revision(engine) == migration.head_revision()
    # Upgrading again is a no-op.
    migration.upgrade(engine)
    assert migration.current_revision(engine) == migration.head_revision()


def test_create_schema_matches_upgrade(tmp_path):
    engine = sa.create_engine('sqlite:///%s' % (tmp_path / 'c.sqlite'))
    migration.create_schema(engine)
    assert migration.current_revision(engine) == migration.head_revision()
    assert set(sa.inspect(engine).get_table_names()) >= {
        'nodes', 'ports', 'portgroups', 'chassis', 'conductors',
        'conductor_hardware_interfaces', 'node_traits', 'volume_connectors',
        'volume_targets', 'bios_settings'}
