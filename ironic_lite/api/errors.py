"""The error body of the Bare Metal API and the mapping of exceptions to it.

Every error a client sees, from any layer, has the body
``{"error_message": "<JSON string>"}`` where the string holds
``faultcode`` ("Client" for 4xx, "Server" for 5xx), ``faultstring`` and
``debuginfo``. Tracebacks appear only with
``[api]debug_tracebacks_in_api``.

A database that cannot be reached, from this process or from the
conductor that served the call, is a 503 with ``Retry-After`` whose
message is :class:`~ironic_lite.common.exception.DatabaseUnavailable`'s;
the log line names the error class only, because the text of a database
error carries the SQL and its parameters (a BMC password among them).
"""

import http.client
import logging
import traceback

from oslo_db import exception as db_exc
import oslo_messaging as messaging
from oslo_serialization import jsonutils
import sqlalchemy.exc
import webob

from ironic_lite.common import exception

LOG = logging.getLogger(__name__)

_REMOTE_TRACEBACK = '\nTraceback (most recent call last):'

#: Seconds a client is asked to wait before retrying after a 503.
RETRY_AFTER = '5'

#: Errors meaning "the database is not reachable or not answering now":
#: the request changed nothing and can be retried.
_DB_UNAVAILABLE = (db_exc.DBConnectionError, db_exc.DBDeadlock,
                   sqlalchemy.exc.OperationalError,
                   sqlalchemy.exc.InterfaceError,
                   sqlalchemy.exc.TimeoutError,
                   sqlalchemy.exc.DisconnectionError)
_DB_UNAVAILABLE_NAMES = frozenset(
    cls.__name__ for cls in _DB_UNAVAILABLE + (
        exception.DatabaseUnavailable,))
#: Every database error: its text (SQL, parameters) is never shown.
_DB_ERRORS = (db_exc.DBError, sqlalchemy.exc.SQLAlchemyError)


def body(status, message, debuginfo=None):
    """The error body (bytes) for ``status`` and ``message``."""
    fault = {'faultcode': 'Client' if status < 500 else 'Server',
             'faultstring': message,
             'debuginfo': debuginfo}
    return jsonutils.dump_as_bytes(
        {'error_message': jsonutils.dumps(fault)})


def response(status, message, debuginfo=None, headers=None):
    """A webob Response carrying the error body (and ``Retry-After`` on
    a 503)."""
    resp = webob.Response(status=status, body=body(status, message,
                                                   debuginfo),
                          content_type='application/json', charset=None)
    for name, value in (headers or {}).items():
        resp.headers[name] = value
    add_retry_after(resp)
    return resp


def add_retry_after(resp):
    """Give a 503 its ``Retry-After`` header when it has none."""
    if (resp.status_int == http.client.SERVICE_UNAVAILABLE
            and 'Retry-After' not in resp.headers):
        resp.headers['Retry-After'] = RETRY_AFTER


def _message(error):
    message = str(error)
    # NOTE: exceptions raised in a conductor arrive through oslo.messaging
    # with the remote traceback appended to their message.
    cut = message.find(_REMOTE_TRACEBACK)
    if cut != -1:
        message = message[:cut]
    return message.strip()


def database_unavailable(error):
    """Whether ``error`` (local, or a conductor's error that oslo.messaging
    could not rebuild) means the database cannot be reached now."""
    if isinstance(error, _DB_UNAVAILABLE):
        return True
    if isinstance(error, db_exc.DBError):
        return isinstance(error.inner_exception, _DB_UNAVAILABLE)
    return (isinstance(error, messaging.RemoteError)
            and error.exc_type in _DB_UNAVAILABLE_NAMES)


def is_database_error(error):
    """Whether ``error`` comes from the database layer (its text may hold
    SQL and parameters, so it is never shown or logged)."""
    return isinstance(error, _DB_ERRORS)


def status_and_message(error):
    """(HTTP status, client-safe message) for an exception."""
    if database_unavailable(error):
        return (http.client.SERVICE_UNAVAILABLE,
                str(exception.DatabaseUnavailable()))
    if isinstance(error, exception.IronicLiteException):
        return int(error.code), _message(error)
    if isinstance(error, messaging.MessagingTimeout):
        return (http.client.SERVICE_UNAVAILABLE,
                'No conductor answered in time; please retry.')
    if isinstance(error, messaging.MessageDeliveryFailure):
        return (http.client.SERVICE_UNAVAILABLE,
                'The message could not reach a conductor; please retry.')
    return http.client.INTERNAL_SERVER_ERROR, 'Internal Server Error'


def _error_name(error):
    if isinstance(error, messaging.RemoteError):
        return 'a conductor\'s %s' % error.exc_type
    return type(error).__name__


def from_exception(error, debug_tracebacks=False):
    """The error response for ``error``; server errors are logged.

    Database errors and errors of a conductor that oslo.messaging could
    not rebuild (RemoteError) are logged as one line naming their class:
    their text may hold SQL, its parameters or another process's
    traceback. Call it outside an ``except`` block: oslo.log adds the
    first line of the exception being handled to every warning.
    """
    status, message = status_and_message(error)
    debuginfo = None
    if status == http.client.SERVICE_UNAVAILABLE:
        LOG.warning('Answered 503 (%s): %s', _error_name(error), message)
    elif status >= 500:
        if (is_database_error(error)
                or isinstance(error, messaging.RemoteError)):
            LOG.error('Server error answering a request: %s',
                      _error_name(error))
        elif isinstance(error, exception.IronicLiteException):
            # An expected failure (a BMC that does not answer ...): its
            # message is the client's, the traceback tells nothing.
            LOG.error('Answered %d (%s): %s', status, _error_name(error),
                      message)
        else:
            LOG.error('Server error answering a request: %s', error,
                      exc_info=error)
    if status >= 500 and debug_tracebacks and not is_database_error(error):
        debuginfo = ''.join(traceback.format_exception(error))
    return response(status, message, debuginfo)
