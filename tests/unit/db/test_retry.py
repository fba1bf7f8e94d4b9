"""Which database errors the DB API retries, and how long a thread waits
for an unreachable database (its patience)."""

import logging
import sqlite3
import time

import pymysql
import pytest

from ironic_lite.common import exception
from ironic_lite.db import api as db_api
from ironic_lite.db import retry
from tests import fixtures
from tests.unit.db import utils


def _sqlite_locked(tmp_path):
    """A real "database is locked" from SQLite."""
    path = str(tmp_path / 'locked.sqlite')
    holder = sqlite3.connect(path, isolation_level=None)
    holder.execute('CREATE TABLE t (x INTEGER)')
    holder.execute('BEGIN EXCLUSIVE')
    other = sqlite3.connect(path, timeout=0)
    try:
        other.execute('INSERT INTO t VALUES (1)')
    except sqlite3.OperationalError as e:
        return e
    finally:
        other.close()
        holder.close()
    raise AssertionError('SQLite did not refuse the second writer')


@pytest.fixture
def unreachable(conf):
    """The DB API pointed at a PostgreSQL port nobody listens on."""
    fixtures.use_database(conf, utils.unreachable_url())
    conf.config(max_retries=0, group='database')
    return db_api.get_instance()


class Flaky:
    """Raises the given errors one per call, then answers."""

    __name__ = "flaky"

    def __init__(self, *errors):
        self.errors = list(errors)
        self.calls = 0

    def __call__(self):
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return 'answer'


def test_classify_driver_errors(tmp_path):
    assert retry.classify(_sqlite_locked(tmp_path)) == retry.CONTENTION
    assert retry.classify(pymysql.err.OperationalError(
        1213, 'Deadlock found when trying to get lock')) == retry.CONTENTION
    assert retry.classify(pymysql.err.OperationalError(
        1205, 'Lock wait timeout exceeded')) == retry.CONTENTION
    assert retry.classify(pymysql.err.OperationalError(
        2013, 'Lost connection to MySQL server')) == retry.UNREACHABLE
    assert retry.classify(pymysql.err.IntegrityError(
        1062, 'Duplicate entry')) is None
    assert retry.classify(ValueError('database is locked')) is None


def test_unreachable_without_patience_gives_up_at_once(unreachable, caplog):
    caplog.set_level(logging.DEBUG)
    started = time.monotonic()
    with pytest.raises(exception.DatabaseUnavailable) as e:
        unreachable.get_node('some-node')
    assert time.monotonic() - started < 5
    assert e.value.code == 503
    assert e.value.__cause__ is None and e.value.__context__ is None
    assert 'SELECT' not in str(e.value)
    lines = [r.getMessage() for r in caplog.records
             if r.name.startswith('ironic_lite')]
    assert any('unreachable' in line and 'get_node' in line
               for line in lines), lines
    assert not any('SELECT' in line or 'some-node' in line
                   for line in lines), lines


def test_patience_waits_for_the_database_then_gives_up(unreachable):
    started = time.monotonic()
    with retry.patience(1.5):
        with pytest.raises(exception.DatabaseUnavailable):
            unreachable.get_conductor('c1')
    waited = time.monotonic() - started
    assert 1.0 <= waited < 10, waited


def test_patience_rides_out_an_outage(tmp_path):
    unreachable = pymysql.err.OperationalError(2003, "Can't connect")
    flaky = Flaky(unreachable, unreachable, unreachable)
    with pytest.raises(exception.DatabaseUnavailable):
        retry.retrying(flaky)()
    assert flaky.calls == 1
    with retry.patience(30):
        assert retry.retrying(flaky)() == 'answer'
    assert flaky.calls == 4


def test_patience_is_per_thread_and_ends_with_the_block():
    with retry.patience(30):
        assert retry._deadline() is not None
        with retry.patience(None):
            assert retry._deadline() is None
        assert retry._deadline() is not None
    assert retry._deadline() is None


def test_contention_is_retried_in_every_thread(tmp_path):
    flaky = Flaky(*[_sqlite_locked(tmp_path)] * 3)
    assert retry.retrying(flaky)() == 'answer'
    assert flaky.calls == 4
    endless = Flaky(*[pymysql.err.OperationalError(1213, 'Deadlock')] * 50)
    with pytest.raises(exception.DatabaseUnavailable):
        retry.retrying(endless)()
    assert endless.calls == retry.CONTENTION_ATTEMPTS


def test_other_errors_pass_through_once():
    flaky = Flaky(exception.NodeNotFound(node='n1'))
    with pytest.raises(exception.NodeNotFound):
        retry.retrying(flaky)()
    assert flaky.calls == 1


def test_nested_calls_are_retried_by_the_outermost_only(tmp_path):
    inner = Flaky(*[pymysql.err.OperationalError(1213, 'Deadlock')] * 2)
    wrapped_inner = retry.retrying(inner)
    outer_calls = []

    @retry.retrying
    def outer():
        outer_calls.append(1)
        return wrapped_inner()

    assert outer() == 'answer'
    assert (inner.calls, len(outer_calls)) == (3, 3)


def test_the_database_link_follows_every_call(db, conf, unreachable):
    with pytest.raises(exception.DatabaseUnavailable):
        unreachable.get_node('some-node')
    assert retry.DATABASE_LINK.steady_for() == 0
    fixtures.use_database(conf, db)
    db_api.get_instance().get_node_list()
    assert retry.DATABASE_LINK.steady_for() > 0
