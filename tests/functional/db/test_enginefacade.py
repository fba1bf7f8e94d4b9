"""Connections to PostgreSQL and MariaDB: sessions in UTC, and waits that
end when the server does not answer."""

import socket
import time

import pytest
import sqlalchemy as sa

from ironic_lite.common import exception
from ironic_lite.db import api as db_api
from tests import fixtures

_ZONE = {'postgresql_url': 'SHOW timezone',
         'mysql_url': 'SELECT @@session.time_zone'}


@pytest.mark.parametrize('server', sorted(_ZONE))
def test_sessions_are_in_utc(server, request, conf):
    url = request.getfixturevalue(server)
    fixtures.use_database(conf, url)
    from ironic_lite.db.sqlalchemy import enginefacade
    with enginefacade.reader() as session:
        zone = session.execute(sa.text(_ZONE[server])).scalar()
    assert zone in ('UTC', '+00:00')


@pytest.fixture
def silent_server():
    """A port that takes connections and never says a word."""
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        sock.listen(16)
        yield sock.getsockname()[1]


@pytest.mark.parametrize('scheme, waits', [
    ('postgresql+psycopg2', 'connect_timeout=1'),
    # PyMySQL bounds its wait for the server's greeting by read_timeout.
    ('mysql+pymysql', 'connect_timeout=1&read_timeout=1')])
def test_a_silent_server_does_not_hang_a_thread(scheme, waits,
                                                silent_server, conf):
    # The waits are set from the URL here, to keep the test short;
    # without them enginefacade's defaults hold.
    fixtures.use_database(conf, '%s://root@127.0.0.1:%d/x?%s'
                          % (scheme, silent_server, waits))
    conf.config(max_retries=0, group='database')
    started = time.monotonic()
    with pytest.raises(exception.DatabaseUnavailable):
        db_api.get_instance().get_node('some-node')
    assert time.monotonic() - started < 5
