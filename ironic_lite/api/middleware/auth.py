"""Authentication: ``[api]auth_strategy`` noauth or http_basic.

The middleware leaves a :class:`RequestContext` in
``environ['ironic_lite.context']``. With noauth it is an administrator's.
With http_basic the user and password are checked against the bcrypt
hashes of an htpasswd file, read on every request so that edits apply
without a restart; users named in ``[api]http_basic_reader_users`` get
the ``reader`` role, the others ``admin``. Public paths (version
discovery, the ramdisk's lookup and heartbeat) pass without credentials
and get a context without roles.

An unknown user name costs one bcrypt check, as a wrong password does
(against a dummy hash of the cost the file's users have), so that timing
does not tell which user names exist.
"""

import base64
import binascii
import functools
import logging
import re

import bcrypt

from ironic_lite.api import errors
from ironic_lite.common import context as ironic_context

LOG = logging.getLogger(__name__)

ENVIRON_KEY = 'ironic_lite.context'
_PUBLIC_EXACT = ('/', '/v1', '/v1/', '/v1/lookup')
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


_COST = re.compile(r'^\$2[abxy]?\$(\d\d)\$')
#: The bcrypt cost of htpasswd -B (and of bcrypt.gensalt()).
_DEFAULT_COST = 12


@functools.lru_cache(maxsize=8)
def _dummy_hash(cost):
    """A bcrypt hash of ``cost`` no password matches in practice."""
    return bcrypt.hashpw(b'no user has this password',
                         bcrypt.gensalt(cost))


def _cost_of(users):
    """The bcrypt cost of the file's hashes (the highest)."""
    costs = [int(found.group(1)) for found in map(_COST.match,
                                                  users.values()) if found]
    return max(costs) if costs else _DEFAULT_COST


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
        try:
            # Hash the dummy now rather than while a client waits.
            _dummy_hash(_cost_of(_read_users(user_file)))
        except (OSError, UnicodeDecodeError):
            pass

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
            users = _read_users(self.user_file)
        except (OSError, UnicodeDecodeError) as e:
            LOG.error('Cannot read [api]http_basic_auth_user_file: %s', e)
            return None
        hashed = users.get(user)
        known = bool(hashed) and _COST.match(hashed) is not None
        if not known:
            # NOTE: the same work as for a wrong password.
            hashed = _dummy_hash(_cost_of(users)).decode('ascii')
        try:
            # NOTE: bcrypt reads 72 bytes at most (htpasswd -B too).
            if (bcrypt.checkpw(password.encode('utf-8')[:72],
                               hashed.encode('utf-8')) and known):
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
