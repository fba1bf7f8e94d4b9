"""Give every error response the Bare Metal API's JSON error body.

Controllers already answer errors in that form. This catches the rest:
errors produced by Pecan or other middleware (plain-text 404, 405, 413)
and exceptions nothing below handled (500, logged, no traceback). Every
503, the healthcheck's included, gets ``Retry-After``.
"""

import webob
import webob.exc

from ironic_lite.api import errors


class ParsableErrorMiddleware:

    def __init__(self, app, debug_tracebacks=False):
        self.app = app
        self.debug_tracebacks = debug_tracebacks

    def __call__(self, environ, start_response):
        request = webob.Request(environ)
        error = None
        try:
            resp = request.get_response(self.app)
        except Exception as e:
            error = e
        if error is not None:
            # NOTE: outside the except block (see errors.from_exception).
            resp = errors.from_exception(error, self.debug_tracebacks)
        # NOTE: the healthcheck's plain answer is for load balancers. The
        # raw PATH_INFO: decoding it may fail (the request line is checked
        # further in).
        if (resp.status_int >= 400
                and environ.get('PATH_INFO') != '/healthcheck'
                and resp.content_type != 'application/json'):
            resp = self._reformat(resp)
        errors.add_retry_after(resp)
        return resp(environ, start_response)

    @staticmethod
    def _reformat(resp):
        error_class = webob.exc.status_map.get(resp.status_int)
        message = (error_class.explanation if error_class is not None
                   else resp.status)
        new = errors.response(resp.status_int, message)
        for name, value in resp.headers.items():
            if name.lower() not in ('content-type', 'content-length'):
                new.headers[name] = value
        return new
