"""The conductor's RPC API 2.0, served next to its 1.x API.

oslo.messaging hands a message to the first endpoint whose target has the
message's major version (and a minor at least the message's). A
conductor of this release registers two endpoints on its topics
(:func:`endpoints`):

* 1.x: the :class:`~ironic_lite.conductor.manager.ConductorManager`
  itself, at its ``RPC_API_VERSION``, for callers of release 1.0 and for
  services of this release pinned to it;
* 2.0: :class:`ConductorEndpointV2`, what an unpinned client of this
  release sends.

2.0 is the 1.x API without what 1.x keeps only for callers of release 1.0
(the ``History`` of :class:`~ironic_lite.conductor.rpcapi.ConductorAPI`
lists it):

* the update methods (:data:`NEEDS_EXPECTED`) take ``expected`` always; a
  2.0 message without it is refused (MissingParameterValue) rather than
  saved unchecked, which is what 1.x does for a 1.0 caller;
* ``heartbeat`` is only ever sent as a call (1.0 sent it as a cast; an
  endpoint cannot tell the two apart, the client never casts at 2.0).

Every other RPC method of the manager is served at 2.0 by name, with no
code here: a method is an RPC method when the manager marks it with
``expected`` (oslo.messaging's ``expected_exceptions``, which every RPC
method of the conductor carries so that the errors it reports to its
caller are not logged as failures). So a method added on the 1.x line
before release 2.0 is cut is in 2.0 too. The manager's other public
methods (``init_host``, ``hand_back``, the periodic tasks ...) are not
reachable at 2.0.

Release 3.0 can drop the 1.x endpoint: every caller it must serve (a
service of release 2.0, unpinned) sends 2.0. With it go the forms above
(``expected=None`` in the manager's update methods).
"""

import oslo_messaging as messaging

from ironic_lite.common import exception
from ironic_lite.conductor import utils

RPC_API_VERSION = '2.2'

#: The marker of an RPC method (see conductor.utils).
expected = utils.expected

#: The code of the function ``expected`` wraps an RPC method in: the same
#: for every method it wraps, in whichever module.
_RPC_METHOD_CODE = expected(lambda: None).__code__

#: Methods whose 2.0 form requires ``expected`` (the values the change
#: was based on; ``{}`` when it was based on none).
NEEDS_EXPECTED = frozenset([
    'update_node', 'update_port', 'update_portgroup',
    'update_volume_connector', 'update_volume_target'])


def is_rpc_method(method):
    """Whether ``method`` (a function or bound method) is marked as an RPC
    method (wrapped by ``expected``)."""
    func = getattr(method, '__func__', method)
    return getattr(func, '__code__', None) is _RPC_METHOD_CODE


def _requiring_expected(name, method):
    @expected
    def call(context, **kwargs):
        if kwargs.get('expected') is None:
            raise exception.MissingParameterValue(
                err='RPC 2.0 %s needs "expected", the values the change was '
                    'based on ({} for none)' % name)
        return method(context, **kwargs)
    return call


class ConductorEndpointV2:
    """RPC 2.0 of one conductor: its manager's RPC methods, by name,
    without the 1.x forms kept for release 1.0 (see the module doc)."""

    target = messaging.Target(version=RPC_API_VERSION)

    def __init__(self, manager):
        self._manager = manager

    def __getattr__(self, name):
        if name.startswith('_'):
            raise AttributeError(name)
        method = getattr(self._manager, name)
        if not is_rpc_method(method):
            raise AttributeError(name)
        if name in NEEDS_EXPECTED:
            return _requiring_expected(name, method)
        return method

    def rpc_methods(self):
        """The names of the methods served at 2.0."""
        return {name for name in dir(self._manager)
                if not name.startswith('_')
                and is_rpc_method(getattr(self._manager, name, None))}


def endpoints(manager):
    """The RPC endpoints of a conductor: 1.x then 2.0 (for an RPC server,
    or the all-in-one's in-process dispatcher)."""
    return [manager, ConductorEndpointV2(manager)]
