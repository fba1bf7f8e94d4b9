"""What every connection to a database server is given."""

import threading
import time
import types

import sqlalchemy as sa

from ironic_lite.db.sqlalchemy import enginefacade


def _params(name, driver, **given):
    dialect = types.SimpleNamespace(name=name, driver=driver)
    enginefacade._bound_waits(dialect, None, [], given)
    return given


def test_postgresql_connections_are_bounded_and_in_utc():
    params = _params('postgresql', 'psycopg2', options='-c work_mem=4MB')
    assert params['connect_timeout'] == enginefacade.CONNECT_TIMEOUT
    assert params['keepalives'] == 1 and params['tcp_user_timeout'] > 0
    assert params['options'] == '-c work_mem=4MB -c timezone=UTC'


def test_mariadb_connections_are_bounded_and_in_utc():
    params = _params('mysql', 'pymysql')
    assert params['connect_timeout'] == enginefacade.CONNECT_TIMEOUT
    assert params['read_timeout'] == enginefacade.MYSQL_IO_TIMEOUT
    assert params['write_timeout'] == enginefacade.MYSQL_IO_TIMEOUT
    assert params['init_command'] == "SET time_zone = '+00:00'"


def test_the_connection_url_wins():
    params = _params('mysql', 'pymysql', connect_timeout=1)
    assert params['connect_timeout'] == 1
    assert _params('postgresql', 'psycopg2',
                   options='-c timezone=Europe/Paris')['options'] == (
        '-c timezone=Europe/Paris')


def test_sqlite_is_left_alone():
    assert _params('sqlite', 'pysqlite') == {}


def _statements(engine, calls):
    seen = []

    def record(conn, cursor, statement, *args):
        seen.append(statement)
    sa.event.listen(engine, 'before_cursor_execute', record)
    try:
        calls()
    finally:
        sa.event.remove(engine, 'before_cursor_execute', record)
    return seen


def test_sqlite_writers_take_the_write_lock_at_begin(db):
    engine = enginefacade.get_engine()

    def calls():
        with enginefacade.writer() as session:
            session.execute(sa.text('SELECT 1'))
        with enginefacade.reader() as session:
            session.execute(sa.text('SELECT 2'))

    assert _statements(engine, calls) == [
        'BEGIN IMMEDIATE', 'SELECT 1', 'BEGIN', 'SELECT 2']


def test_sqlite_write_after_read_survives_a_concurrent_commit(dbapi, node):
    """A write transaction that read first, while another thread commits
    a write: with a deferred BEGIN its write failed at once ("database is
    locked", its snapshot stale); now the other thread waits for it."""
    read = threading.Event()
    other = []

    def concurrent_write():
        read.wait(5)
        other.append(dbapi.update_node(node.id, {'extra': {'b': 2}}))

    thread = threading.Thread(target=concurrent_write)
    thread.start()
    with enginefacade.writer() as session:
        session.execute(sa.text('SELECT extra FROM nodes'))
        read.set()
        # The other thread is now waiting for the write lock.
        time.sleep(0.3)
        session.execute(sa.text("UPDATE nodes SET name = 'first'"))
    thread.join(15)
    assert other and other[0].extra == {'b': 2}
    assert dbapi.get_node(node.uuid).name == 'first'


def test_sqlite_connections_are_kept_with_their_settings(db):
    engine = enginefacade.get_engine()
    opened = []

    def record(*args):
        opened.append(1)
    sa.event.listen(engine, 'connect', record)
    try:
        for _ in range(5):
            with enginefacade.writer() as session:
                session.execute(sa.text('SELECT 1'))
            with enginefacade.reader() as session:
                settings = [session.execute(sa.text(
                    'PRAGMA %s' % name)).scalar()
                    for name in ('foreign_keys', 'journal_mode',
                                 'busy_timeout')]
                assert settings == [
                    1, 'wal', enginefacade.SQLITE_BUSY_TIMEOUT_MS]
    finally:
        sa.event.remove(engine, 'connect', record)
    assert len(opened) <= 1
