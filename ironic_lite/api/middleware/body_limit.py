"""Refuse request bodies larger than ``[api]max_request_body_size``.

A declared Content-Length over the limit gets 413 without the body
reaching the app; a chunked body is cut at the limit (reading past it
raises :class:`RequestTooLarge`, answered 413).

A client that sends its whole body before reading the answer (most do)
would see its connection reset instead of the 413 if the server closed
the connection with the body still unread. So, up to
:data:`DISCARD_LIMIT` bytes, the rest of the body is read and thrown away
before the 413 goes out; past that the connection is closed without
reading: nobody should push that much at the API.
"""

from ironic_lite.api import errors
from ironic_lite.common import exception

#: Bytes of an oversized body read and discarded before answering 413.
DISCARD_LIMIT = 32 * 1024 * 1024
_CHUNK = 64 * 1024


class RequestTooLarge(exception.IronicLiteException):
    _msg_fmt = 'Request is too large: the limit is %(limit)d bytes.'
    code = 413


def _discard(stream, length):
    """Read and drop up to ``length`` bytes; stop early at end of input."""
    left = length
    try:
        while left > 0:
            data = stream.read(min(_CHUNK, left))
            if not data:
                return
            left -= len(data)
    except (OSError, ValueError):
        pass


class _LimitedInput:
    """A chunked body that refuses to be read past the limit."""

    def __init__(self, stream, limit):
        self.stream = stream
        self.limit = limit
        self.count = 0
        self.exceeded = False

    def _check(self, data):
        self.count += len(data)
        if self.count > self.limit:
            self.exceeded = True
            raise RequestTooLarge(limit=self.limit)
        return data

    def read(self, size=-1):
        if self.exceeded:
            raise RequestTooLarge(limit=self.limit)
        want = self.limit + 1 - self.count
        if size is not None and 0 <= size < want:
            want = size
        return self._check(self.stream.read(want))

    def readline(self, size=-1):
        if self.exceeded:
            raise RequestTooLarge(limit=self.limit)
        return self._check(self.stream.readline(size))


class BodyLimitMiddleware:

    def __init__(self, app, max_size):
        self.app = app
        self.max_size = max_size

    def __call__(self, environ, start_response):
        try:
            length = int(environ.get('CONTENT_LENGTH') or 0)
        except ValueError:
            length = -1
        if length < 0:
            return errors.response(400, 'Invalid Content-Length header.',
                                   headers={'Connection': 'close'})(
                environ, start_response)
        if length > self.max_size:
            if length <= DISCARD_LIMIT:
                _discard(environ['wsgi.input'], length)
            resp = errors.response(413, str(RequestTooLarge(
                limit=self.max_size)), headers={'Connection': 'close'})
            return resp(environ, start_response)
        if environ.get('HTTP_TRANSFER_ENCODING', '').lower() != 'chunked':
            return self.app(environ, start_response)
        raw = environ['wsgi.input']
        limited = environ['wsgi.input'] = _LimitedInput(raw, self.max_size)
        result = self.app(environ, start_response)
        if limited.exceeded:
            # NOTE: the answer is not sent until the server iterates over
            # the result: read the rest of the body first.
            _discard(raw, DISCARD_LIMIT)
        return result
