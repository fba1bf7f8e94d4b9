"""The one reader of ``[DEFAULT]pin_release_version``.

Everything that must behave like an older release while a deployment is
being upgraded asks here: the RPC client for its version cap, the objects
layer for the version to write and send, the API for its max microversion.

The option names a release (the service speaks that release's versions),
is empty (this code's own versions), or is ``auto`` (the default): the
pin then comes from the fleet the database records (:mod:`.fleet`): the
oldest release of the live services, and, once all run this code's
release, none only after the operator finalized it. That answer is read
once per ``[DEFAULT]pin_refresh_interval`` and kept meanwhile, so the hot
paths (every object saved, every RPC call, every API request) cost no
query; a service moves its versions within one interval of the fleet's
change, without a restart.
"""

import logging
import re
import threading
import time

from oslo_config import cfg
import sqlalchemy as sa

from ironic_lite.common import exception
from ironic_lite.upgrade import release_mappings

CONF = cfg.CONF
LOG = logging.getLogger(__name__)

#: The value that derives the pin from the fleet.
AUTO = 'auto'


def configured():
    """The configured value: AUTO, a release name, or None (unpinned).

    :raises: ConfigError when the configured value is not a known release.
    """
    try:
        release = CONF.pin_release_version
    except (cfg.ConfigFileValueError, ValueError) as e:
        found = re.search(r"found '(.*)'", str(e))
        raise exception.ConfigError(
            reason='unknown [DEFAULT]pin_release_version %s; known releases: '
            '%s; or %s (follow the fleet), or empty (unpinned)' % (
                repr(found.group(1)) if found else '',
                ', '.join(release_mappings.pin_choices()), AUTO))
    return release or None


class _Auto:
    """The pin ``auto`` derived, for one database, until it expires."""

    def __init__(self):
        self.lock = threading.Lock()
        self.engine = None
        self.pin = None
        self.source = None
        self.expires = 0.0

    def get(self):
        from oslo_db import exception as db_exception

        from ironic_lite.db.sqlalchemy import enginefacade
        try:
            engine = enginefacade.get_engine()
        except db_exception.CantStartEngineError:
            # No [database]connection at all (a tool that needs none):
            # no fleet to keep compatible with.
            return None, 'auto: no database configured'
        except Exception as e:
            with self.lock:
                if self.source is None or time.monotonic() >= self.expires:
                    self._unreadable(e, self.engine)
                return self.pin, self.source
        if engine is self.engine and time.monotonic() < self.expires:
            return self.pin, self.source
        with self.lock:
            if engine is not self.engine or time.monotonic() >= self.expires:
                self._refresh(engine)
            return self.pin, self.source

    def _refresh(self, engine):
        from ironic_lite.upgrade import fleet
        known = self.source is not None
        try:
            with engine.connect() as connection:
                if not _has_schema(connection):
                    pin, why = None, 'the database has no schema yet'
                else:
                    services = fleet.live_services(
                        connection, CONF.conductor.heartbeat_timeout,
                        3 * CONF.api.fleet_heartbeat_interval)
                    pin, why = fleet.auto_pin(
                        services, fleet.finalized_release(connection))
        except Exception as e:
            self._unreadable(e, engine)
            return
        source = 'auto: ' + why
        if known and pin != self.pin:
            LOG.info('Pin changes from %s to %s (%s)', self.pin or 'none',
                     pin or 'none', source)
        elif not known:
            LOG.info('Pinned to %s (%s)', pin or 'none', source)
        self.engine, self.pin, self.source = engine, pin, source
        self.expires = time.monotonic() + CONF.pin_refresh_interval

    def _unreadable(self, error, engine):
        """The fleet cannot be read: keep the last pin known, or, when
        none is, speak the previous release's versions (every service of
        the fleet reads them) until it can be read."""
        # NOTE: the class only: the error's text may hold SQL.
        if self.source is not None:
            LOG.warning('Cannot read the fleet\'s releases (%s); keeping '
                        'the pin %s', type(error).__name__,
                        self.pin or 'none')
            self.expires = time.monotonic() + CONF.pin_refresh_interval
            self.engine = engine
            return
        pin = release_mappings.previous_release()
        LOG.warning('Cannot read the fleet\'s releases (%s); pinned to %s '
                    'until it can be read', type(error).__name__, pin)
        self.engine, self.pin = engine, pin
        self.source = 'auto: the database could not be read, as a precaution'
        self.expires = time.monotonic() + 1

    def forget(self):
        with self.lock:
            self.engine = None
            self.source = None
            self.expires = 0.0


def _has_schema(connection):
    return sa.inspect(connection).has_table('conductors')


_AUTO = _Auto()


def refresh():
    """Forget what ``auto`` derived: the next question reads the fleet."""
    _AUTO.forget()


def pinned_release():
    """The release this service speaks the versions of now, or None when
    unpinned (this code's own versions).

    :raises: ConfigError when the configured value is not a known release.
    """
    release = configured()
    if release != AUTO:
        return release
    return _AUTO.get()[0]


def pin_source():
    """Where :func:`pinned_release` comes from: ``'config'``, or
    ``'auto: '`` and why (e.g. ``'auto: release 3.0 not finalized'``)."""
    if configured() != AUTO:
        return 'config'
    return _AUTO.get()[1]


def _entry():
    return release_mappings.RELEASE_MAPPING[pinned_release() or 'master']


def rpc_version_cap():
    """The RPC version to cap the conductor client at, or None for latest."""
    if pinned_release() is None:
        return None
    return _entry()['rpc']


def api_max_version():
    """The highest API microversion this service may advertise."""
    return _entry()['api']


def object_target_version(obj_name, latest, first=None):
    """The version to write and send objects of class ``obj_name`` in.

    Pinned, a class the pinned release lists is written in the version
    that release writes. A class the pinned release does not list (one
    this code added, such as VolumeConnector in 2.0) is written in its
    ``first`` version. That is safe: no service of the pinned release
    reads it (the release has no such class, so it neither loads those
    rows nor is sent them: the RPC methods that carry the class are newer
    than its RPC version), and every service of this code reads the
    first version as long as ``'master'`` lists it, so the rows stay
    readable when the pin is removed or the pinned services are put back.

    :param obj_name: the object's class name, e.g. 'Node'.
    :param latest: the version of the class in this code.
    :param first: the class's first version (the oldest of its
        ``VERSIONS``), or None when the caller cannot say.
    :returns: ``latest`` when unpinned, else the pinned release's version,
        else ``first``.
    :raises: ObjectNotInRelease when the pinned release lacks the class
        and writing its first version is not known to be safe: ``first``
        is not given, or this code's own mapping does not list the class
        or no longer reads that version.
    """
    if pinned_release() is None:
        return latest
    versions = _entry()['objects'].get(obj_name)
    if versions:
        return versions[0]
    readable = release_mappings.RELEASE_MAPPING['master']['objects'].get(
        obj_name, ())
    if first is None or first not in readable:
        raise exception.ObjectNotInRelease(obj_name=obj_name,
                                           release=pinned_release())
    return first


def validate():
    """Check the pin at service start; raises ConfigError when it is bad.
    (The database is not read: ``auto`` is resolved at first use.)"""
    configured()
