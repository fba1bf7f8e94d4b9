"""What dbsync upgrade and ironic-lite-status refuse, and why."""

import sqlalchemy as sa

from ironic_lite.db import api as db_api
from ironic_lite.db.sqlalchemy import enginefacade
from ironic_lite.upgrade import checks
from tests.unit.db import utils


def _ask(function, *args):
    with enginefacade.get_engine().connect() as connection:
        return function(connection, *args)


def test_a_clean_database_may_upgrade(db):
    utils.create_test_node()
    assert _ask(checks.upgrade_refusal) is None
    assert _ask(checks.migrations_left) == [
        ('fill_node_uuid_hash', 0), ('update_to_latest_versions', 0)]


def test_rows_the_previous_release_did_not_migrate(db, code_of_2_0):
    db_api.get_instance().create_node(utils.get_test_node(version=None))
    refusal = _ask(checks.upgrade_refusal)
    assert refusal == (
        'the online data migrations of release 1.0 are not finished '
        '(update_to_latest_versions: 1 row(s) left; rows: nodes None: 1); '
        'run "ironic-lite-dbsync online_data_migrations" with release 1.0 '
        'until it exits 0, then upgrade')


def test_rows_of_an_unknown_newer_version(db):
    db_api.get_instance().create_node(utils.get_test_node(version='1.9'))
    assert _ask(checks.upgrade_refusal).startswith(
        'the database holds rows this release cannot read (nodes 1.9: 1)')
    # Nothing this code's migrations would move.
    assert _ask(checks.migrations_left) == [
        ('fill_node_uuid_hash', 0), ('update_to_latest_versions', 0)]


def test_pinned_rows_are_left_for_this_release(db, conf, code_of_2_0):
    conf.config(pin_release_version='1.0')
    utils.create_test_node()
    conf.config(pin_release_version=None)
    assert _ask(checks.upgrade_refusal) is None
    assert _ask(checks.migrations_left) == [
        ('fill_node_uuid_hash', 0), ('update_to_latest_versions', 1)]
    assert _ask(checks.migrations_left, '1.0') == [
        ('fill_node_uuid_hash', 0), ('update_to_latest_versions', 0)]


def test_unreadable_rows_on_a_database_without_tables(tmp_path):
    engine = sa.create_engine('sqlite:///%s/empty.sqlite' % tmp_path)
    with engine.connect() as connection:
        assert checks.unreadable_rows(connection) == []
        assert checks.upgrade_refusal(connection) is None
    engine.dispose()
