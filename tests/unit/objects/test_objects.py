"""Guard: an object's fields cannot change without a version bump."""

import inspect
import os
import pprint

from oslo_versionedobjects import fixture as ovo_fixture

from ironic_lite.objects import base

# When this test fails, the object named changed; its message says what to
# update. Then regenerate these with:
# GENERATE_HASHES=1 python -m pytest tests/unit/objects/test_objects.py -s
EXPECTED_FINGERPRINTS = {
    'Chassis': '1.0-7b5c8133236d6cd3d8a248f8e0757e4b',
    'Conductor': '1.1-7251562cf91e2b0ebea10aa1668c5631',
    'Node': '1.1-e43bf158b33ff585c7dc851be08b5f72',
    'Port': '1.0-2fc7f7e2962dbffc750a5615fa8c124f',
    'Portgroup': '1.0-880afc00ebd4281bef36de84a734c25a',
    'Trait': '1.0-1d5be7db66a34b700ecab498599f9273',
    'TraitList': '1.0-33a2e1bb91ad4082f9f63429b77c1244',
}


def _what_to_update(name):
    """The places a change to object ``name`` must touch, as a sentence."""
    cls = base.IronicLiteObjectRegistry.obj_classes()[name][0]
    module = inspect.getmodule(cls).__name__.replace('.', '/') + '.py'
    known = {field for entry in cls.VERSIONS.values() for field in entry}
    new = sorted(set(cls.fields) - known)
    bump = cls.VERSION
    if bump == EXPECTED_FINGERPRINTS.get(name, '').split('-')[0]:
        major, minor = (int(part) for part in bump.split('.'))
        bump = '%d.%d' % (major, minor + 1)
    steps = ['in %s set %s.VERSION = %r, add a '
             '"# Version %s: ..." line and VERSIONS[%r] = {%s}' % (
                 module, name, bump, bump, bump,
                 ', '.join('%r: <value older data means>' % f for f in new)
                 or '<new fields>'),
             'list %s first in upgrade/release_mappings.py RELEASE_MAPPING'
             '["master"]["objects"][%r]' % (bump, name)]
    if issubclass(cls, base.DbObjectMixin):
        steps.append('add its columns to db/sqlalchemy/models.py and one '
                     'alembic migration (expand only)')
    return '%s: %s' % (name, '; '.join(steps))


def test_object_fingerprints():
    checker = ovo_fixture.ObjectVersionChecker(
        base.IronicLiteObjectRegistry.obj_classes())
    expected, actual = checker.test_hashes(EXPECTED_FINGERPRINTS)
    if os.environ.get('GENERATE_HASHES'):
        print('EXPECTED_FINGERPRINTS = ' + pprint.pformat(
            checker.get_hashes(), indent=4))
    changed = sorted(set(expected) | set(actual))
    registered = base.IronicLiteObjectRegistry.obj_classes()
    assert expected == actual, (
        'The fields or the version of %s changed. %s. Then regenerate '
        'EXPECTED_FINGERPRINTS (GENERATE_HASHES=1 ... -s prints them); '
        'doc/contributing.md "Objects" lists every step.'
        % (', '.join(changed), '. '.join(_what_to_update(name)
                                         for name in changed
                                         if name in registered)))


def test_every_object_is_an_ironic_lite_object():
    for name, classes in base.IronicLiteObjectRegistry.obj_classes().items():
        for cls in classes:
            assert issubclass(cls, base.IronicLiteObject), name
