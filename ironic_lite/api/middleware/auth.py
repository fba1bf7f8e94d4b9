"""Authentication: ``[api]auth_strategy`` noauth or http_basic.

The middleware leaves a :class:`RequestContext` in
``environ['ironic_lite.context']``. With noauth it is an administrator's.
With http_basic the user and password are checked against the bcrypt
hashes of an htpasswd file, read on every request so that edits apply
without a restart; users named in ``[api]http_basic_reader_users`` get
the ``reader`` role, the others ``admin``. Public paths (version
discovery, the ramdisk heartbeat) pass without credentials and get a
context without roles.
"""

import base64
import binascii
import logging

import bcrypt

from ironic_lite.api import errors
from ironic_lite.common import context as ironic_context

LOG = logging.getLogger(__name__)

ENVIRON_KEY = 'ironic_lite.context'
_PUBLIC_EXACT = ('/', '/v1', '/v1/')
_PUBLIC_PREFIXES = ('/v1/heartbeat/',)


def is_public(path):
    return path in _PUBLIC_EXACT or path.startswith(_PUBLIC_PREFIXES)


class NoAuthMiddleware:

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        environ[ENVIRON_KEY] = ironic_context.RequestContext(
            user_id='noauth', roles=['admin'], is_admin=True,
            overwrite=False)
        return self.app(environ, start_response)


def _read_users(path):
    users = {}
    with open(path, encoding='utf-8') as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith('#') and ':' in line:
                user, hashed = line.split(':', 1)
                users[user] = hashed
    return users


class BasicAuthMiddleware:

    def __init__(self, app, user_file, reader_users=()):
        self.app = app
        self.user_file = user_file
        self.reader_users = set(reader_users)

    def _unauthorized(self, environ, start_response, message):
        resp = errors.response(401, message, headers={
            'WWW-Authenticate': 'Basic realm="Baremetal API"'})
        return resp(environ, start_response)

    def _check(self, header):
        """The user name if ``header`` holds valid credentials, else None."""
        scheme, _, token = (header or '').partition(' ')
        if scheme.lower() != 'basic' or not token:
            return None
        try:
            decoded = base64.b64decode(token.strip(), validate=True)
            user, _, password = decoded.decode('utf-8').partition(':')
        except (binascii.Error, UnicodeDecodeError):
            return None
        try:
            hashed = _read_users(self.user_file).get(user)
        except OSError as e:
            LOG.error('Cannot read [api]http_basic_auth_user_file: %s', e)
            return None
        if not hashed or not hashed.startswith('$2'):
            return None
        try:
            if bcrypt.checkpw(password.encode('utf-8'),
                              hashed.encode('utf-8')):
                return user
        except ValueError:
            LOG.warning('Invalid bcrypt hash for user %s in %s', user,
                        self.user_file)
        return None

    def __call__(self, environ, start_response):
        path = environ.get('PATH_INFO', '')
        header = environ.get('HTTP_AUTHORIZATION')
        user = self._check(header) if header else None
        if user is None:
            if is_public(path):
                environ[ENVIRON_KEY] = ironic_context.RequestContext(
                    roles=[], is_admin=False, overwrite=False)
                return self.app(environ, start_response)
            return self._unauthorized(
                environ, start_response,
                'Authentication required' if not header
                else 'Invalid credentials')
        roles = ['reader'] if user in self.reader_users else ['admin']
        environ[ENVIRON_KEY] = ironic_context.RequestContext(
            user_id=user, roles=roles, is_admin=False, overwrite=False)
        return self.app(environ, start_response)
