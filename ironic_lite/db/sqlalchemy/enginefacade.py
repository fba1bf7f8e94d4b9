"""The process's oslo.db transaction factory, reading ``[database]``.

``reset()`` drops it so the next use reads the configuration again
(tests that switch databases, dbsync pointing at another URL).
"""

import sqlite3
import threading

from oslo_db.sqlalchemy import enginefacade
import sqlalchemy as sa

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
        cursor.execute('PRAGMA busy_timeout=10000')
        cursor.close()


def _facade():
    global _FACADE
    if _FACADE is None:
        with _LOCK:
            if _FACADE is None:
                facade = enginefacade.transaction_context()
                facade.configure(sqlite_fk=True)
                _FACADE = facade
    return _FACADE


def reader():
    """Context manager yielding a session for reading."""
    return _facade().reader.using(_SCOPE)


def writer():
    """Context manager yielding a session in a write transaction."""
    return _facade().writer.using(_SCOPE)


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
