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
"""

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

RELEASE_MAPPING['master'] = {
    'api': '1.51',
    'rpc': '1.2',
    'objects': {
        'Chassis': ['1.0'],
        'Conductor': ['1.1', '1.0'],
        'Node': ['1.1', '1.0'],
        'Port': ['1.0'],
        'Portgroup': ['1.0'],
        'Trait': ['1.0'],
        'TraitList': ['1.0'],
    },
}

#: The name the code in this tree will be released as.
CURRENT_RELEASE = '2.0'


def pin_choices():
    """Release names an operator may pin to (every named release)."""
    return sorted((name for name in RELEASE_MAPPING if name != 'master'),
                  key=version_tuple)


def version_tuple(version):
    """'1.10' -> (1, 10), for comparing release and object versions."""
    return tuple(int(part) for part in version.split('.'))
