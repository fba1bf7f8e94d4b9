"""Microversion negotiation for /v1 and version headers on every answer.

The requested version is parsed here, before authentication, so that a
bad version gets 406 whatever else is wrong with the request. The
result is left in ``environ['ironic_lite.api_version']`` for the Pecan
hooks. Every response, errors included, carries the minimum and maximum
versions; responses of /v1 also carry the version they were served at.
"""

from ironic_lite.api import errors
from ironic_lite.api import microversion

ENVIRON_KEY = 'ironic_lite.api_version'


class _Headers:
    """Case-insensitive read access to a WSGI environ's headers."""

    def __init__(self, environ):
        self.environ = environ

    def get(self, name):
        return self.environ.get('HTTP_' + name.upper().replace('-', '_'))


class VersionMiddleware:

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        maximum = microversion.max_version()
        headers = [(microversion.MIN_HEADER,
                    microversion.to_string(microversion.MIN_VERSION)),
                   (microversion.MAX_HEADER,
                    microversion.to_string(maximum))]
        path = environ.get('PATH_INFO', '')
        if path == '/v1' or path.startswith('/v1/'):
            try:
                version = microversion.parse(_Headers(environ), maximum)
            except (microversion.InvalidVersionHeader,
                    microversion.VersionNotAcceptable) as e:
                return errors.response(e.code, str(e),
                                       headers=dict(headers))(
                    environ, start_response)
            environ[ENVIRON_KEY] = version
            value = microversion.to_string(version)
            headers += [(microversion.HEADER, value),
                        (microversion.GENERIC_HEADER,
                         '%s %s' % (microversion.SERVICE_TYPE, value)),
                        ('Vary', '%s, %s' % (microversion.HEADER,
                                             microversion.GENERIC_HEADER))]

        def add_headers(status, response_headers, exc_info=None):
            names = {name.lower() for name, _ in headers}
            response_headers = [(name, value) for name, value
                                in response_headers
                                if name.lower() not in names]
            return start_response(status, response_headers + headers,
                                  exc_info)

        return self.app(environ, add_headers)
