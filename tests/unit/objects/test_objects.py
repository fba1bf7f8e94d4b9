"""Guard: an object's fields cannot change without a version bump."""

import os
import pprint

from oslo_versionedobjects import fixture as ovo_fixture

from ironic_lite.objects import base

# When this test fails, the object named changed. Bump its VERSION (with a
# history comment), add a branch to its _convert_to_version, add the new
# version to upgrade/release_mappings.py['master'], then regenerate these
# with: GENERATE_HASHES=1 python -m pytest tests/unit/objects/test_objects.py
EXPECTED_FINGERPRINTS = {
    'Chassis': '1.0-7b5c8133236d6cd3d8a248f8e0757e4b',
    'Conductor': '1.1-7251562cf91e2b0ebea10aa1668c5631',
    'Node': '1.1-e43bf158b33ff585c7dc851be08b5f72',
    'Port': '1.0-2fc7f7e2962dbffc750a5615fa8c124f',
    'Portgroup': '1.0-880afc00ebd4281bef36de84a734c25a',
    'Trait': '1.0-1d5be7db66a34b700ecab498599f9273',
    'TraitList': '1.0-33a2e1bb91ad4082f9f63429b77c1244',
}


def test_object_fingerprints():
    checker = ovo_fixture.ObjectVersionChecker(
        base.IronicLiteObjectRegistry.obj_classes())
    expected, actual = checker.test_hashes(EXPECTED_FINGERPRINTS)
    if os.environ.get('GENERATE_HASHES'):
        print('EXPECTED_FINGERPRINTS = ' + pprint.pformat(
            checker.get_hashes(), indent=4))
    assert expected == actual, (
        'Object fields changed without a version bump: %s. Bump the '
        'VERSION of each with a history comment, convert in '
        '_convert_to_version, update the release mapping, then regenerate '
        'EXPECTED_FINGERPRINTS (GENERATE_HASHES=1).'
        % ', '.join(sorted(set(expected) | set(actual))))


def test_every_object_is_an_ironic_lite_object():
    for name, classes in base.IronicLiteObjectRegistry.obj_classes().items():
        for cls in classes:
            assert issubclass(cls, base.IronicLiteObject), name
