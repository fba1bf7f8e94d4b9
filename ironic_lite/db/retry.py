"""How the DB API rides out a busy or an unreachable database.

Two kinds of failure leave nothing changed and are worth another try:

* **contention**: a deadlock or a serialization failure (PostgreSQL
  40P01/40001, MariaDB 1213, a lock wait timeout 1205), or SQLite's
  "database is locked". The transaction lost a race; it runs again at
  once, with a short backoff, a bounded number of times, in every thread.
* **unreachable**: the server refuses or drops the connection, is
  shutting down, or has no connection slot left. Whether to wait for it
  depends on who asks, which is the thread's *patience*:

  - a worker finishing a node operation (the conductor's worker pool)
    waits, retrying with a capped backoff, up to the patience it was
    given (:func:`patience`): it must record how the operation ended and
    release the node's lock, whatever the database did meanwhile;
  - every other thread (RPC calls, API requests, periodic tasks) has no
    patience: its caller learns at once that the database is unreachable
    and retries later.

When a call gives up, it raises ``DatabaseUnavailable`` (503 at the API),
whose message and log line never carry SQL or its parameters: the
driver's error is named by its class and code only.

Every call also tells :data:`DATABASE_LINK` whether it reached the
database, so the process knows how long it has been connected without a
break (the hash rings judge heartbeats by it).
"""

import contextlib
import functools
import logging
import random
import threading
import time

from oslo_db import exception as db_exc
import sqlalchemy as sa

from ironic_lite.common import exception
from ironic_lite.common import link

LOG = logging.getLogger(__name__)

CONTENTION = 'contention'
UNREACHABLE = 'unreachable'

#: Tries of a transaction that lost a race, in a thread without patience.
CONTENTION_ATTEMPTS = 10
#: Seconds between two tries, (first, most): doubled after each try, with
#: jitter for contention (two losers must not meet again in step). A
#: patient worker notices a restored database within the second figure.
CONTENTION_DELAYS = (0.01, 0.5)
UNREACHABLE_DELAYS = (0.05, 2.0)

# PostgreSQL SQLSTATEs: serialization failure, deadlock, lock not available.
_PG_CONTENTION = frozenset(['40001', '40P01', '55P03'])
# Server shutting down, cannot connect now, too many connections.
_PG_UNREACHABLE = frozenset(['57P01', '57P02', '57P03', '53300'])
# MariaDB/MySQL: deadlock, lock wait timeout.
_MYSQL_CONTENTION = frozenset([1213, 1205])
# Too many connections, server shutdown, connection killed, cannot
# connect, server gone away, lost connection, unknown command (a
# half-open connection), lost connection during a read.
_MYSQL_UNREACHABLE = frozenset([1040, 1047, 1053, 1927, 2002, 2003, 2006,
                                2013, 2055])

_local = threading.local()

#: This process's link to the database, as every DB API call finds it
#: (see ironic_lite.common.link): the hash rings read it.
DATABASE_LINK = link.LinkWatch()


@contextlib.contextmanager
def patience(seconds):
    """Within the block, DB API calls made by this thread wait up to
    ``seconds`` (from now, for the whole block) for an unreachable
    database, retrying, before they give up with DatabaseUnavailable.

    :param seconds: the bound; None or 0 means no patience.
    """
    previous = getattr(_local, 'deadline', None)
    _local.deadline = (time.monotonic() + seconds) if seconds else None
    try:
        yield
    finally:
        _local.deadline = previous


def _deadline():
    return getattr(_local, 'deadline', None)


def _chain(error):
    """The exception and what it wraps: oslo.db's DBError, SQLAlchemy's
    DBAPIError, the driver's own error."""
    seen = []
    while error is not None and error not in seen:
        seen.append(error)
        if isinstance(error, db_exc.DBError):
            error = error.inner_exception
        elif isinstance(error, sa.exc.DBAPIError):
            error = error.orig
        else:
            error = None
    return seen


def _driver_code(error):
    """The code a driver gives an error: PostgreSQL's SQLSTATE, MySQL's
    error number, or None."""
    pgcode = getattr(error, 'pgcode', None)
    if pgcode is not None:
        return pgcode
    args = getattr(error, 'args', ())
    if (args and isinstance(args[0], int)
            and type(error).__module__.startswith('pymysql')):
        return args[0]
    return None


def classify(error):
    """CONTENTION, UNREACHABLE, or None for an error not worth a retry."""
    for item in _chain(error):
        if isinstance(item, db_exc.DBDeadlock):
            return CONTENTION
        if isinstance(item, (db_exc.DBConnectionError, sa.exc.TimeoutError,
                             sa.exc.DisconnectionError)):
            return UNREACHABLE
        if (isinstance(item, sa.exc.DBAPIError)
                and item.connection_invalidated):
            return UNREACHABLE
        module = type(item).__module__
        code = _driver_code(item)
        if module.startswith('psycopg2'):
            if code in _PG_CONTENTION:
                return CONTENTION
            if (code in _PG_UNREACHABLE or (code or '').startswith('08')
                    or (code is None and type(item).__name__ in (
                        'OperationalError', 'InterfaceError'))):
                # No SQLSTATE: libpq itself failed (no connection, or it
                # was closed under the query).
                return UNREACHABLE
        elif module.startswith('pymysql'):
            if code in _MYSQL_CONTENTION:
                return CONTENTION
            if code in _MYSQL_UNREACHABLE or type(item).__name__ == (
                    'InterfaceError'):
                return UNREACHABLE
        elif module.startswith('sqlite3'):
            text = str(item)
            if 'database is locked' in text or 'database is busy' in text:
                return CONTENTION
    return None


def describe(error):
    """The driver error's class and code: safe to log (no SQL, no
    parameters, no values)."""
    driver = _chain(error)[-1]
    code = _driver_code(driver)
    name = '%s.%s' % (type(driver).__module__.split('.')[0],
                      type(driver).__name__)
    return name if code is None else '%s %s' % (name, code)


def retrying(func):
    """Run a DB API method again while it fails with a transient error
    (see the module doc); DatabaseUnavailable when it gives up.

    The method must be safe to run again after a failure, which holds for
    a method running one transaction of its own (a failed transaction is
    rolled back). Calls nested inside a retried method run once: the
    outermost one retries the whole.
    """
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        if getattr(_local, 'depth', 0):
            return func(*args, **kwargs)
        _local.depth = 1
        try:
            return _run(func, args, kwargs)
        finally:
            _local.depth = 0
    return wrapper


def _run(func, args, kwargs):
    attempt = 0
    waited_since = None
    while True:
        try:
            result = func(*args, **kwargs)
        except Exception as e:
            kind = classify(e)
            if kind is None:
                raise
            error = e
        else:
            DATABASE_LINK.worked()
            if waited_since is not None:
                LOG.info('Database answered %s again after %.1f s',
                         func.__name__, time.monotonic() - waited_since)
            return result
        # NOTE: out of the except block, so that the log formatter does
        # not append the driver's message to these lines.
        if kind == UNREACHABLE:
            DATABASE_LINK.failed()
        attempt += 1
        now = time.monotonic()
        deadline = _deadline()
        patient = deadline is not None and now < deadline
        if not patient and not (kind == CONTENTION and
                                attempt < CONTENTION_ATTEMPTS):
            LOG.warning('Database %s (%s) in %s after %d attempt(s); '
                        'giving up', kind, describe(error), func.__name__,
                        attempt)
            raise exception.DatabaseUnavailable()
        if kind == UNREACHABLE and waited_since is None:
            waited_since = now
            LOG.warning('Database unreachable (%s) in %s; retrying for up '
                        'to %d s', describe(error), func.__name__,
                        deadline - now)
        del error
        time.sleep(_delay(kind, attempt, deadline, now))


def _delay(kind, attempt, deadline, now):
    """Seconds to pause before try ``attempt + 1``; a patient thread's last
    try comes at its deadline."""
    first, most = (CONTENTION_DELAYS if kind == CONTENTION
                   else UNREACHABLE_DELAYS)
    delay = min(first * 2 ** (attempt - 1), most)
    if kind == CONTENTION:
        delay *= random.uniform(0.5, 1.0)
    if deadline is not None:
        delay = max(0.0, min(delay, deadline - now))
    return delay
