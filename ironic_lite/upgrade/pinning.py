"""The one reader of ``[DEFAULT]pin_release_version``.

Everything that must behave like an older release while a deployment is
being upgraded asks here: the RPC client for its version cap, the objects
layer for the version to write and send, the API for its max microversion.
"""

import re

from oslo_config import cfg

from ironic_lite.common import exception
from ironic_lite.upgrade import release_mappings

CONF = cfg.CONF


def pinned_release():
    """The release this service is pinned to, or None when unpinned.

    :raises: ConfigError when the configured value is not a known release.
    """
    try:
        release = CONF.pin_release_version
    except (cfg.ConfigFileValueError, ValueError) as e:
        found = re.search(r"found '(.*)'", str(e))
        raise exception.ConfigError(
            reason='unknown [DEFAULT]pin_release_version %s; known releases: '
            '%s' % (repr(found.group(1)) if found else '',
                    ', '.join(release_mappings.pin_choices())))
    return release or None


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
    """Check the pin at service start; raises ConfigError when it is bad."""
    pinned_release()
