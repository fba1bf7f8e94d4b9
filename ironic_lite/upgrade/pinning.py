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


def object_target_version(obj_name, latest):
    """The version to write and send objects of class ``obj_name`` in.

    :param obj_name: the object's class name, e.g. 'Node'.
    :param latest: the version of the class in this code.
    :returns: ``latest`` when unpinned, else the pinned release's version.
    :raises: ObjectNotInRelease when the pinned release has no such object.
    """
    if pinned_release() is None:
        return latest
    versions = _entry()['objects'].get(obj_name)
    if not versions:
        raise exception.ObjectNotInRelease(obj_name=obj_name,
                                           release=pinned_release())
    return versions[0]


def validate():
    """Check the pin at service start; raises ConfigError when it is bad."""
    pinned_release()
