"""What every connection to a database server is given."""

import types

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
