"""What each release of ironic-lite speaks: API, RPC and object versions.

``RELEASE_MAPPING[release]`` holds:

* ``api``: the maximum Bare Metal API microversion of that release;
* ``rpc``: the conductor RPC API version of that release;
* ``objects``: for each versioned object class, the versions that release
  reads. The first entry is the version it writes.

``'master'`` describes the code in this tree and must agree with it (a unit
test checks). Cutting a release copies ``'master'`` under the release's name.
A release entry is kept for as long as upgrades from it are supported (the
previous release at least), and its versions never go backwards.

:func:`version_tuple` is the one parser of version strings in the tree:
release names, object, RPC and API versions are all compared through it.
"""

import re

RELEASE_MAPPING = {
    '1.0': {
        'api': '1.46',
        'rpc': '1.0',
        'objects': {
            'Chassis': ['1.0'],
            'Conductor': ['1.0'],
            'Node': ['1.0'],
            'Port': ['1.0'],
            'Portgroup': ['1.0'],
            'Trait': ['1.0'],
            'TraitList': ['1.0'],
        },
    },
}

RELEASE_MAPPING['2.0'] = {
    'api': '1.51',
    'rpc': '2.0',
    'objects': {
        'BIOSSetting': ['1.0'],
        'BIOSSettingList': ['1.0'],
        'Chassis': ['1.0'],
        'Conductor': ['1.1', '1.0'],
        'Node': ['1.1', '1.0'],
        'Port': ['1.0'],
        'Portgroup': ['1.0'],
        'Trait': ['1.0'],
        'TraitList': ['1.0'],
        'VolumeConnector': ['1.0'],
        'VolumeTarget': ['1.0'],
    },
}

#: This tree (release 3.0 in the making).
RELEASE_MAPPING['master'] = {
    'api': '1.72',
    'rpc': '2.4',
    'objects': {
        'Allocation': ['1.0'],
        'BIOSSetting': ['1.0'],
        'BIOSSettingList': ['1.0'],
        'Chassis': ['1.0'],
        'Conductor': ['1.1', '1.0'],
        'DeployTemplate': ['1.0'],
        'Node': ['1.2', '1.1'],
        'Port': ['1.1', '1.0'],
        'Portgroup': ['1.0'],
        'Trait': ['1.0'],
        'TraitList': ['1.0'],
        'VolumeConnector': ['1.0'],
        'VolumeTarget': ['1.0'],
    },
}

#: The name the code in this tree will be released as.
CURRENT_RELEASE = '3.0'


def pin_choices():
    """Release names an operator may pin to (every named release)."""
    return sorted((name for name in RELEASE_MAPPING if name != 'master'),
                  key=version_tuple)


def previous_release():
    """The newest named release older than this code (None if none): the
    release this code upgrades from."""
    current = version_tuple(CURRENT_RELEASE)
    older = [name for name in pin_choices() if version_tuple(name) < current]
    return older[-1] if older else None


def known_releases():
    """Every release name the code knows: the named ones, then this code's
    (CURRENT_RELEASE, until it is cut)."""
    return sorted(set(pin_choices()) | {CURRENT_RELEASE}, key=version_tuple)


def serves_rpc(release, version):
    """Whether a conductor of ``release`` serves RPC ``version``: None
    (a conductor of 1.0, which records no release) is 1.0; a release
    newer than this code's is taken to serve what this code sends."""
    release = release or '1.0'
    if release == CURRENT_RELEASE:
        mapping = RELEASE_MAPPING['master']
    elif release in RELEASE_MAPPING:
        mapping = RELEASE_MAPPING[release]
    else:
        try:
            return version_tuple(release) > version_tuple(CURRENT_RELEASE)
        except InvalidVersion:
            return False
    rpc = version_tuple(mapping['rpc'])
    wanted = version_tuple(version)
    # A conductor serves every version of its major up to its own; one
    # whose major is newer still serves the previous major.
    return wanted <= rpc if wanted[0] == rpc[0] else wanted[0] < rpc[0]


class InvalidVersion(ValueError):
    """A version string that is not numbers separated by dots."""


_VERSION = re.compile(r'[0-9]+(\.[0-9]+)*', re.ASCII)


def version_tuple(version):
    """'1.10' -> (1, 10), so that versions compare as numbers ('1.10' is
    newer than '1.9'), whether release names or object, RPC or API
    versions.

    :raises: InvalidVersion (a ValueError) naming the value when it is not
        numbers separated by dots (None, '', '1.x', '1..2', ' 1.0').
    """
    if not isinstance(version, str) or not _VERSION.fullmatch(version):
        raise InvalidVersion('invalid version %r: expected numbers '
                             'separated by dots, such as "1.10"'
                             % (version,))
    return tuple(int(part) for part in version.split('.'))
