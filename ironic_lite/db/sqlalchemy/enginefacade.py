"""The process's oslo.db transaction factory, reading ``[database]``.

``reset()`` drops it so the next use reads the configuration again
(tests that switch databases, dbsync pointing at another URL).

Every connection to PostgreSQL or MariaDB runs its session in UTC and has
bounded waits (see :func:`_bound_waits`), and :class:`utcnow` is the
database's own clock, which judges heartbeats.
"""

import contextlib
import sqlite3
import threading

from oslo_db.sqlalchemy import enginefacade
import sqlalchemy as sa
from sqlalchemy.ext import compiler
from sqlalchemy.sql import expression

_LOCK = threading.Lock()
_FACADE = None
# NOTE: DB API methods are not given the request context; a thread-local
# holder carries oslo.db's transaction scope instead, so nested calls in one
# thread share a transaction.
_SCOPE = threading.local()


@sa.event.listens_for(sa.engine.Engine, 'connect')
def _tune_sqlite(dbapi_connection, _record):
    """SQLite (the all-in-one default): write-ahead log, so readers do not
    wait for writers, one sync per checkpoint rather than per commit (a
    crash may lose the last commits, never corrupt the file), and wait for
    a lock instead of failing at once."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        cursor = dbapi_connection.cursor()
        cursor.execute('PRAGMA journal_mode=WAL')
        cursor.execute('PRAGMA synchronous=NORMAL')
        cursor.execute('PRAGMA busy_timeout=%d' % SQLITE_BUSY_TIMEOUT_MS)
        cursor.close()


#: Milliseconds a SQLite transaction waits for the write lock (a writer
#: of another thread or process holds it) before "database is locked".
SQLITE_BUSY_TIMEOUT_MS = 10000


@sa.event.listens_for(sa.engine.Engine, 'begin')
def _begin_sqlite(conn):
    """SQLite: a transaction opened by :func:`writer` takes the write
    lock at its start (BEGIN IMMEDIATE), waiting up to the busy timeout
    for it.

    A deferred transaction (plain BEGIN, what oslo.db emits) reads first
    and asks for the write lock at its first write; when another
    connection committed meanwhile, its snapshot is stale and SQLite
    fails it at once with "database is locked", without waiting, however
    long the busy timeout. That is what concurrent PATCHes met while the
    power sync wrote. Readers keep their deferred BEGIN: with the
    write-ahead log they never wait for a writer.

    NOTE: this class-level listener runs before the engine's own (oslo.db's,
    which emits BEGIN unless ``in_transaction`` is set)."""
    if (conn.dialect.name == 'sqlite' and getattr(_SCOPE, 'writing', 0)
            and 'in_transaction' not in conn.info):
        conn.exec_driver_sql('BEGIN IMMEDIATE')
        conn.info['in_transaction'] = True


#: Seconds to open a connection (TCP and the start-up exchange); past it
#: the attempt fails like a refused one, so a server whose packets vanish
#: does not hang the thread.
CONNECT_TIMEOUT = 10
#: Seconds a MariaDB/MySQL read or write may wait for the server. Longer
#: than the server's default lock wait (50 s), so only a server that
#: vanished reaches it.
MYSQL_IO_TIMEOUT = 120
#: PostgreSQL: TCP keepalives find a dead server while a query waits for
#: its answer (about idle + interval * count = 25 s); the user timeout
#: (ms) bounds unacknowledged writes. libpq has no read timeout.
PG_KEEPALIVES = {'keepalives': 1, 'keepalives_idle': 10,
                 'keepalives_interval': 5, 'keepalives_count': 3,
                 'tcp_user_timeout': 30000}


@sa.event.listens_for(sa.engine.Engine, 'do_connect')
def _bound_waits(dialect, _record, _cargs, cparams):
    """Bounded connect (and, where the driver allows, read) waits, and a
    session time zone of UTC, so that timestamps the server computes and
    those services write from a host clock in UTC compare. A value given
    in the connection URL's query string wins."""
    if dialect.name == 'postgresql':
        cparams.setdefault('connect_timeout', CONNECT_TIMEOUT)
        for key, value in PG_KEEPALIVES.items():
            cparams.setdefault(key, value)
        options = cparams.get('options', '')
        if 'timezone' not in options.lower():
            cparams['options'] = ('%s -c timezone=UTC' % options).strip()
    elif dialect.name == 'mysql' and dialect.driver == 'pymysql':
        cparams.setdefault('connect_timeout', CONNECT_TIMEOUT)
        cparams.setdefault('read_timeout', MYSQL_IO_TIMEOUT)
        cparams.setdefault('write_timeout', MYSQL_IO_TIMEOUT)
        cparams.setdefault('init_command', "SET time_zone = '+00:00'")


class utcnow(expression.FunctionElement):
    """The database server's current time in UTC (naive), evaluated by the
    server: one clock for every service whatever their hosts' clocks say.
    """

    type = sa.DateTime()
    name = 'utcnow'
    inherit_cache = True


@compiler.compiles(utcnow)
def _utcnow_default(element, compiler, **kw):
    return 'CURRENT_TIMESTAMP'


@compiler.compiles(utcnow, 'postgresql')
def _utcnow_postgresql(element, compiler, **kw):
    return "timezone('utc', statement_timestamp())"


@compiler.compiles(utcnow, 'mysql')
def _utcnow_mysql(element, compiler, **kw):
    return 'UTC_TIMESTAMP(6)'


@compiler.compiles(utcnow, 'sqlite')
def _utcnow_sqlite(element, compiler, **kw):
    # Microseconds, as SQLAlchemy writes datetimes, so text compares.
    return "strftime('%Y-%m-%d %H:%M:%f000', 'now')"


#: Connections to a SQLite file kept open for the next transactions (more
#: are opened when needed, and closed when given back).
SQLITE_POOL_SIZE = 10


def _keep_sqlite_connections(engine):
    """Keep connections to a SQLite file open between transactions.

    oslo.db gives a SQLite file a NullPool: every transaction connected,
    ran the connection's set-up (its PRAGMAs, oslo.db's functions) and
    closed the file again, which was a third of a GET and a fifth of a
    PATCH of the all-in-one. A QueuePool with the same connect hooks
    keeps :data:`SQLITE_POOL_SIZE` of them; the overflow has no limit, so
    a thread never waits for a connection (SQLite serializes writers
    itself, see :func:`_begin_sqlite`). An in-memory database keeps
    oslo.db's single shared connection.
    """
    old = engine.pool
    if engine.dialect.name != 'sqlite' or not isinstance(
            old, sa.pool.NullPool):
        return
    pool = sa.pool.QueuePool(
        old._creator, pool_size=SQLITE_POOL_SIZE, max_overflow=-1,
        recycle=old._recycle, echo=old.echo,
        logging_name=old._orig_logging_name,
        reset_on_return=old._reset_on_return, dialect=old._dialect,
        pre_ping=False, _dispatch=old.dispatch)
    engine.pool = pool
    old.dispose()


def _facade():
    global _FACADE
    if _FACADE is None:
        with _LOCK:
            if _FACADE is None:
                facade = enginefacade.transaction_context()
                # NOTE: no sleep(0) at each checkin: it lets eventlet's
                # green threads run, and there are none here.
                facade.configure(sqlite_fk=True, thread_checkin=False)
                _keep_sqlite_connections(facade.writer.get_engine())
                _FACADE = facade
    return _FACADE


def reader():
    """Context manager yielding a session for reading."""
    return _facade().reader.using(_SCOPE)


@contextlib.contextmanager
def writer():
    """Context manager yielding a session in a write transaction (on
    SQLite one that holds the write lock from its start, see
    :func:`_begin_sqlite`)."""
    _SCOPE.writing = getattr(_SCOPE, 'writing', 0) + 1
    try:
        with _facade().writer.using(_SCOPE) as session:
            yield session
    finally:
        _SCOPE.writing -= 1


def get_engine():
    return _facade().writer.get_engine()


def reset():
    """Dispose of the engine; the next use reads [database] again."""
    global _FACADE
    with _LOCK:
        # NOTE: only dispose of an engine that was started; asking a fresh
        # factory for its engine would connect just to disconnect.
        if _FACADE is not None and _FACADE._factory._started:
            _FACADE.writer.get_engine().dispose()
        _FACADE = None
