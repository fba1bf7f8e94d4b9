"""Guard: the release mapping agrees with the code and never goes back."""

import re

import os

import pytest

from ironic_lite.db.sqlalchemy import models
from ironic_lite.objects import base
from ironic_lite.upgrade import release_mappings
from tests import docs

MAPPING = release_mappings.RELEASE_MAPPING


def test_structure():
    for name, entry in MAPPING.items():
        assert set(entry) == {'api', 'rpc', 'objects'}, name
        for obj_name, versions in entry['objects'].items():
            assert versions and isinstance(versions, list), (name, obj_name)


def test_master_matches_the_code():
    classes = base.IronicLiteObjectRegistry.obj_classes()
    master = MAPPING['master']['objects']
    assert set(master) == set(classes), (
        'release_mappings.RELEASE_MAPPING["master"]["objects"] must list '
        'exactly the registered objects')
    for obj_name, versions in master.items():
        latest = classes[obj_name][0].VERSION
        assert versions[0] == latest, (
            '%s is at %s in the code but %s in RELEASE_MAPPING["master"]; '
            'list the new version first' % (obj_name, latest, versions[0]))


def test_every_db_backed_object_is_listed():
    """'master' lists the object of every table. An older release lacks
    the objects added after it; pinned to it, they are written in their
    first version, which 'master' must read."""
    master = MAPPING['master']['objects']
    assert set(models.VERSIONED_MODELS) <= set(master)
    classes = base.IronicLiteObjectRegistry.obj_classes()
    for name, entry in MAPPING.items():
        for obj_name in set(models.VERSIONED_MODELS) - set(entry['objects']):
            first = min(classes[obj_name][0].VERSIONS,
                        key=release_mappings.version_tuple)
            assert first in master[obj_name], (
                'release %s lacks %s: its first version %s must stay '
                'readable by "master"' % (name, obj_name, first))


def test_current_release_is_named_or_next():
    current = release_mappings.version_tuple(release_mappings.CURRENT_RELEASE)
    named = [release_mappings.version_tuple(name)
             for name in release_mappings.pin_choices()]
    # Either just cut (its entry exists) or being built (newer than all).
    assert current in named or current > max(named)


def _ordered_releases():
    releases = release_mappings.pin_choices()
    return [MAPPING[name] for name in releases] + [MAPPING['master']]


def test_versions_never_go_backwards():
    vt = release_mappings.version_tuple
    entries = _ordered_releases()
    for older, newer in zip(entries, entries[1:]):
        assert vt(newer['api']) >= vt(older['api'])
        assert vt(newer['rpc']) >= vt(older['rpc'])
        for obj_name, versions in older['objects'].items():
            if obj_name in newer['objects']:
                assert vt(newer['objects'][obj_name][0]) >= vt(versions[0])


def test_pin_choices_are_releases_not_master():
    assert 'master' not in release_mappings.pin_choices()
    assert release_mappings.pin_choices() == sorted(
        release_mappings.pin_choices(), key=release_mappings.version_tuple)


def _history():
    """The versions of the RPC client's History, newest of each major."""
    from ironic_lite.conductor import rpcapi
    newest = {}
    for line in rpcapi.ConductorAPI.__doc__.splitlines():
        found = re.match(r'\s*\| (\d+\.\d+) - ', line)
        if found:
            version = release_mappings.version_tuple(found.group(1))
            newest[version[0]] = max(newest.get(version[0], version),
                                     version)
    return {major: '%d.%d' % version for major, version in newest.items()}


def test_master_rpc_version_matches_the_conductor():
    from ironic_lite.conductor import manager
    from ironic_lite.conductor import rpc_v2
    from ironic_lite.conductor import rpcapi
    history = _history()
    newest = max(history.values(), key=release_mappings.version_tuple)
    assert rpcapi.ConductorAPI.RPC_API_VERSION == newest, (
        'the RPC client\'s RPC_API_VERSION must be the newest of its '
        'History')
    assert rpc_v2.RPC_API_VERSION == history[2], (
        'the conductor\'s 2.x endpoint must serve the newest 2.x version '
        'of the History')
    assert manager.RPC_API_VERSION == history[1], (
        'the conductor manager (the 1.x endpoint) must serve the newest '
        '1.x version of the History')
    assert MAPPING['master']['rpc'] == rpcapi.ConductorAPI.RPC_API_VERSION, (
        'RELEASE_MAPPING["master"]["rpc"] must be the RPC client\'s '
        'RPC_API_VERSION')


def test_version_tuple_compares_as_numbers():
    vt = release_mappings.version_tuple
    assert vt('1.10') == (1, 10)
    assert vt('1.10') > vt('1.9')
    assert vt('2.0') > vt('1.51')
    assert vt('1.2.3') == (1, 2, 3)


@pytest.mark.parametrize('bad', [None, '', '1.x', '1..2', ' 1.0', '1.0 ',
                                 '1.', 'v1.0', '1,0', '１.0', 1.0])
def test_version_tuple_names_a_malformed_value(bad):
    with pytest.raises(release_mappings.InvalidVersion) as e:
        release_mappings.version_tuple(bad)
    assert repr(bad) in str(e.value)
    assert isinstance(e.value, ValueError)


def test_every_version_of_the_mapping_parses():
    for entry in MAPPING.values():
        release_mappings.version_tuple(entry['api'])
        release_mappings.version_tuple(entry['rpc'])
        for versions in entry['objects'].values():
            for version in versions:
                release_mappings.version_tuple(version)


@pytest.mark.parametrize('release, version, serves', [
    (None, '1.0', True),
    (None, '1.1', False),
    ('1.0', '1.0', True),
    (release_mappings.CURRENT_RELEASE,
     release_mappings.RELEASE_MAPPING['master']['rpc'],
     True),
    ('99.0', '1.0', True),
    ('garbage', '1.0', False),
    # This release serves 2.0 and, for callers of 1.0, its 1.x.
    (release_mappings.CURRENT_RELEASE, '2.0', True),
    (release_mappings.CURRENT_RELEASE, '1.3', True),
    ('1.0', '2.0', False),
    (None, '2.0', False),
])
def test_serves_rpc(release, version, serves):
    assert release_mappings.serves_rpc(release, version) is serves


def test_the_upgrade_guide_lists_every_release():
    """doc/upgrade.md's table of releases agrees with RELEASES.txt, the
    release mapping and the migrations."""
    with open(os.path.join(docs.REPO, 'RELEASES.txt')) as f:
        recorded = dict(line.split() for line in f
                        if line.strip() and not line.startswith('#'))
    rows = {cells[0][0]: [cell[0] if cell else None for cell in cells[1:]]
            for cells in docs.table_rows('doc/upgrade.md', '## Releases')}
    assert sorted(rows) == sorted(recorded)
    versions = os.path.join(docs.REPO, 'ironic_lite', 'db', 'sqlalchemy',
                            'alembic', 'versions')
    revisions = {name.split('_')[0] for name in os.listdir(versions)}
    for name, (commit, api, rpc, head, _from) in rows.items():
        assert len(commit) >= 12 and recorded[name].startswith(commit), name
        assert (api, rpc) == (MAPPING[name]['api'], MAPPING[name]['rpc'])
        assert head in revisions, name
