"""Refuse request bodies larger than ``[api]max_request_body_size``.

A declared Content-Length over the limit gets 413 at once; a chunked
body is cut at the limit and the request answered with 413 too.
"""

from oslo_middleware import sizelimit

from ironic_lite.api import errors


class BodyLimitMiddleware:

    def __init__(self, app, max_size):
        self.app = app
        self.max_size = max_size

    def __call__(self, environ, start_response):
        message = ('Request is too large: the limit is %d bytes.'
                   % self.max_size)
        try:
            length = int(environ.get('CONTENT_LENGTH') or 0)
        except ValueError:
            return errors.response(400, 'Invalid Content-Length header.')(
                environ, start_response)
        if length > self.max_size:
            return errors.response(413, message)(environ, start_response)
        if environ.get('HTTP_TRANSFER_ENCODING', '').lower() == 'chunked':
            environ['wsgi.input'] = sizelimit.LimitingReader(
                environ['wsgi.input'], self.max_size)
        try:
            return self.app(environ, start_response)
        except Exception as e:
            if type(e).__name__ == 'HTTPRequestEntityTooLarge':
                return errors.response(413, message)(environ,
                                                     start_response)
            raise
