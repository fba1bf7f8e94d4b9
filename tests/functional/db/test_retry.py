"""Races for locks on the real PostgreSQL and MariaDB are retried.

A transaction of the test locks a node's row; the DB API's destroy_node
deletes the node's port (locking its row) and waits for the node's row;
the test's transaction then asks for the port's row. The server breaks
the deadlock by failing the DB API's transaction (PostgreSQL: the one
that waited first; MariaDB: the one that changed fewer rows), which the
DB API runs again once the test's transaction ends.
"""

import threading
import time

import pytest
import sqlalchemy as sa

from ironic_lite.db import api as db_api
from ironic_lite.db import migration
from ironic_lite.db import retry
from tests import fixtures
from tests.unit.db import utils


@pytest.mark.parametrize('server', ['postgresql_url', 'mysql_url'])
def test_deadlock_is_retried(server, request, conf):
    url = request.getfixturevalue(server)
    engine = sa.create_engine(url)
    migration.upgrade(engine)
    fixtures.use_database(conf, url)
    dbapi = db_api.get_instance()
    node = dbapi.create_node(utils.get_test_node())
    port = dbapi.create_port({'address': '52:54:00:00:00:01',
                              'node_id': node.id})
    heavier = [dbapi.create_node(utils.get_test_node()) for _ in range(30)]
    outcome = []

    def destroy():
        try:
            dbapi.destroy_node(node.uuid)
            outcome.append('destroyed')
        except Exception as e:
            outcome.append(e)

    with engine.connect() as conn:
        with conn.begin():
            conn.execute(sa.text('SELECT id FROM nodes WHERE id = :id '
                                 'FOR UPDATE'), {'id': node.id})
            # Many more changed rows: on MariaDB the lighter transaction
            # (the DB API's, whose deletes lock index ranges of every
            # table that refers to nodes) is the one rolled back.
            conn.execute(sa.text(
                "UPDATE nodes SET description = 'heavier' WHERE id IN (%s)"
                % ', '.join(str(n.id) for n in heavier)))
            thread = threading.Thread(target=destroy)
            thread.start()
            time.sleep(0.5)   # destroy_node holds the port, waits for us
            conn.execute(sa.text('SELECT id FROM ports WHERE id = :id '
                                 'FOR UPDATE'), {'id': port.id})
            # We got the port: the DB API's transaction was rolled back.
            assert thread.is_alive()
        thread.join(30)
    assert outcome == ['destroyed']
    assert dbapi.get_port_list() == []
    engine.dispose()


def test_serialization_failure_is_contention(postgresql_url):
    """PostgreSQL's 40001 (a transaction that read a row another one
    changed since) is a race lost: retried like a deadlock."""
    engine = sa.create_engine(postgresql_url,
                              isolation_level='REPEATABLE READ')
    with engine.begin() as conn:
        conn.execute(sa.text('CREATE TABLE t (id INTEGER PRIMARY KEY, '
                             'v INTEGER)'))
        conn.execute(sa.text('INSERT INTO t VALUES (1, 0)'))
    with engine.connect() as first, engine.connect() as second:
        first.begin()
        second.begin()
        first.execute(sa.text('SELECT v FROM t'))
        second.execute(sa.text('UPDATE t SET v = 1'))
        second.commit()
        with pytest.raises(sa.exc.OperationalError) as e:
            first.execute(sa.text('UPDATE t SET v = 2'))
        first.rollback()
    assert retry.classify(e.value) == retry.CONTENTION
    assert retry.describe(e.value) == 'psycopg2.SerializationFailure 40001'
    engine.dispose()
