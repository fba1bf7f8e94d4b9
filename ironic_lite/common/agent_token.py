"""The agent token (API 1.62): what lets a node's ramdisk, and nobody
else, move the node's operation on by its heartbeats.

* The first lookup of a node in a state where its ramdisk runs
  (:data:`ironic_lite.common.states.LOOKUP_STATES`) has the node's
  conductor issue a random token under the node's lock
  (:func:`issue`). The ramdisk gets it once, in the lookup's answer; a
  later lookup while the token exists answers ``******`` in its place.
* Only a SHA-256 digest of the token is kept, in the node's
  driver_internal_info (:data:`KEY`): the token itself is never stored,
  logged or shown (the API masks the digest too).
* Once a node has a token, its conductor takes a heartbeat only with that
  token (:func:`matches`); any other is refused before anything changes.
* The token goes when the node leaves the lookup states
  (:func:`drop`, called on every provision state change), so the next
  operation issues a new one, and when a power action other than power
  on succeeds: the ramdisk that runs next looks the node up again.
"""

import hashlib
import hmac
import secrets

#: driver_internal_info key of the token's digest (as Ironic names its
#: token's key; its value here is ``sha256:<hex digest>``).
KEY = 'agent_secret_token'
_PREFIX = 'sha256:'
#: Random bytes of a token (shown as 128 URL-safe characters at most).
_TOKEN_BYTES = 96


def _digest(token):
    return _PREFIX + hashlib.sha256(token.encode('utf-8')).hexdigest()


def present(node):
    """Whether ``node`` has a token."""
    return bool((node.driver_internal_info or {}).get(KEY))


def issue(node):
    """Give ``node`` a new token, keep its digest and return the token
    (the caller saves the node, under its lock)."""
    token = secrets.token_urlsafe(_TOKEN_BYTES)
    info = dict(node.driver_internal_info or {})
    info[KEY] = _digest(token)
    node.driver_internal_info = info
    return token


def matches(node, token):
    """Whether ``token`` is ``node``'s token (False for None, or when the
    node has none)."""
    stored = (node.driver_internal_info or {}).get(KEY)
    if not stored or not isinstance(token, str) or not token:
        return False
    return hmac.compare_digest(stored, _digest(token))


def drop(node):
    """Forget ``node``'s token (without saving it)."""
    info = node.driver_internal_info or {}
    if KEY in info:
        info = dict(info)
        del info[KEY]
        node.driver_internal_info = info
