"""Errors raised by the protocol code that talks to BMCs.

Every failure to reach or command a BMC becomes a :class:`BMCError`
carrying one clear line that names the BMC and the reason.  Subclasses let
callers tell apart the cases that need an operator (credentials) from
those that may pass (a BMC that does not answer).  Messages never contain
passwords.
"""

from ironic_lite.common import exception


class BMCError(exception.IronicLiteException):
    """A BMC could not be reached or refused or failed a command."""

    _msg_fmt = 'BMC error: %(reason)s'


class BMCCredentialsError(BMCError):
    """The BMC rejected the user name or password."""

    _msg_fmt = 'BMC rejected the credentials: %(reason)s'


class BMCNotResponding(BMCError):
    """The BMC did not answer in time, or refused the connection."""

    _msg_fmt = 'BMC is not responding: %(reason)s'


class BMCSystemNotFound(BMCError):
    """The BMC answered but does not know the requested system."""

    _msg_fmt = 'BMC has no such system: %(reason)s'
