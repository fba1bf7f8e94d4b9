"""Build the API's WSGI application.

The middleware stack, outermost first, and why in that order:

1. ParsableErrorMiddleware: any error from anything below gets the JSON
   error body; an exception nothing handled becomes a logged 500.
2. VersionMiddleware: negotiates the microversion of /v1 requests and
   puts the min/max version headers on every response, so even 401, 413
   and healthcheck answers carry them.
3. RequestLineMiddleware: a path or query string that is not UTF-8 or
   holds NUL is refused before anything decodes it.
4. Healthcheck (oslo.middleware, when enabled, see ``healthcheck.py``):
   answers /healthcheck before authentication, so a load balancer needs
   no credentials.
5. BodyLimitMiddleware: refuses oversized bodies before anything reads
   them.
6. Authentication (noauth or http_basic): sets the request context.
7. The Pecan app (behind :class:`_BodyUnreadByPecan`): hooks fill
   ``request.context/version/rpcapi/conf``; the root controller
   dispatches through the route table.
"""

import pecan

from ironic_lite.api.controllers import root
from ironic_lite.api import healthcheck
from ironic_lite.api import hooks
from ironic_lite.api.middleware import auth
from ironic_lite.api.middleware import body_limit
from ironic_lite.api.middleware import parsable_error
from ironic_lite.api.middleware import request_line
from ironic_lite.api.middleware import versions


class _HealthcheckRoute:
    """Send GET/HEAD /healthcheck to oslo.middleware's healthcheck."""

    def __init__(self, app, check):
        self.app = app
        self.check = check

    def __call__(self, environ, start_response):
        if environ.get('PATH_INFO') == '/healthcheck':
            return self.check(environ, start_response)
        return self.app(environ, start_response)


class _BodyUnreadByPecan:
    """Keep Pecan from decoding JSON bodies.

    To find a controller's arguments Pecan decodes a JSON body itself,
    with no limit (a deeply nested body raises RecursionError, bad UTF-8
    logs a traceback). Handlers read bodies through
    ``api.validation.decode_body``; Pecan is shown an opaque type (the
    original stays in ``environ['ironic_lite.content_type']``).
    """

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if environ.get('CONTENT_TYPE'):
            environ['ironic_lite.content_type'] = environ['CONTENT_TYPE']
            environ['CONTENT_TYPE'] = 'application/octet-stream'
        return self.app(environ, start_response)


def setup_app(conf=None, rpcapi=None):
    """The WSGI application of the API.

    :param conf: the configuration (default: the global CONF).
    :param rpcapi: the conductor RPC client (default: a new
        ConductorAPI, one for the app's lifetime).
    """
    if conf is None:
        from ironic_lite.conf import CONF as conf
    if rpcapi is None:
        from ironic_lite.conductor import rpcapi as rpcapi_mod
        rpcapi = rpcapi_mod.ConductorAPI()
    app = pecan.make_app(
        root.RootController(),
        hooks=[hooks.RequestStateHook(conf, rpcapi)],
        debug=False, force_canonical=False,
        guess_content_type_from_ext=False)
    app = _BodyUnreadByPecan(app)
    if conf.api.auth_strategy == 'http_basic':
        app = auth.BasicAuthMiddleware(app,
                                       conf.api.http_basic_auth_user_file,
                                       conf.api.http_basic_reader_users)
    else:
        app = auth.NoAuthMiddleware(app)
    app = body_limit.BodyLimitMiddleware(app,
                                         conf.api.max_request_body_size)
    if conf.api.enable_healthcheck:
        app = _HealthcheckRoute(app, healthcheck.middleware(
            conf.api.healthcheck_disable_file))
    app = request_line.RequestLineMiddleware(app)
    app = versions.VersionMiddleware(app)
    return parsable_error.ParsableErrorMiddleware(
        app, conf.api.debug_tracebacks_in_api)
