"""The error body of the Bare Metal API and the mapping of exceptions to it.

Every error a client sees, from any layer, has the body
``{"error_message": "<JSON string>"}`` where the string holds
``faultcode`` ("Client" for 4xx, "Server" for 5xx), ``faultstring`` and
``debuginfo``. Tracebacks appear only with
``[api]debug_tracebacks_in_api``.
"""

import http.client
import logging
import traceback

import oslo_messaging as messaging
from oslo_serialization import jsonutils
import webob

from ironic_lite.common import exception

LOG = logging.getLogger(__name__)

_REMOTE_TRACEBACK = '\nTraceback (most recent call last):'


def body(status, message, debuginfo=None):
    """The error body (bytes) for ``status`` and ``message``."""
    fault = {'faultcode': 'Client' if status < 500 else 'Server',
             'faultstring': message,
             'debuginfo': debuginfo}
    return jsonutils.dump_as_bytes(
        {'error_message': jsonutils.dumps(fault)})


def response(status, message, debuginfo=None, headers=None):
    """A webob Response carrying the error body."""
    resp = webob.Response(status=status, body=body(status, message,
                                                   debuginfo),
                          content_type='application/json', charset=None)
    for name, value in (headers or {}).items():
        resp.headers[name] = value
    return resp


def _message(error):
    message = str(error)
    # NOTE: exceptions raised in a conductor arrive through oslo.messaging
    # with the remote traceback appended to their message.
    cut = message.find(_REMOTE_TRACEBACK)
    if cut != -1:
        message = message[:cut]
    return message.strip()


def status_and_message(error):
    """(HTTP status, client-safe message) for an exception."""
    if isinstance(error, exception.IronicLiteException):
        return int(error.code), _message(error)
    if isinstance(error, messaging.MessagingTimeout):
        return (http.client.SERVICE_UNAVAILABLE,
                'No conductor answered in time; please retry.')
    if isinstance(error, messaging.MessageDeliveryFailure):
        return (http.client.SERVICE_UNAVAILABLE,
                'The message could not reach a conductor; please retry.')
    return http.client.INTERNAL_SERVER_ERROR, 'Internal Server Error'


def from_exception(error, debug_tracebacks=False):
    """The error response for ``error``; server errors are logged."""
    status, message = status_and_message(error)
    debuginfo = None
    if status >= 500:
        LOG.error('Server error answering a request: %s', error,
                  exc_info=error)
        if debug_tracebacks:
            debuginfo = ''.join(traceback.format_exception(error))
    return response(status, message, debuginfo)
