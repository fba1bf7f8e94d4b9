"""Pecan hooks: what every request carries into the controllers.

``request.context`` (from the auth middleware), ``request.version`` (from
the version middleware, a (major, minor) tuple), ``request.rpcapi`` (the
conductor RPC client, one per app) and ``request.conf``. Controllers pass
these down explicitly; nothing below the controllers reads ``pecan``.
"""

from pecan import hooks

from ironic_lite.api import microversion
from ironic_lite.api.middleware import auth
from ironic_lite.api.middleware import versions
from ironic_lite.common import context as ironic_context


class RequestStateHook(hooks.PecanHook):

    def __init__(self, conf, rpcapi):
        self.conf = conf
        self.rpcapi = rpcapi

    def before(self, state):
        request = state.request
        environ = request.environ
        request.context = environ.get(auth.ENVIRON_KEY) or \
            ironic_context.RequestContext(roles=[], is_admin=False,
                                          overwrite=False)
        request.version = environ.get(versions.ENVIRON_KEY,
                                      microversion.MIN_VERSION)
        request.rpcapi = self.rpcapi
        request.conf = self.conf
