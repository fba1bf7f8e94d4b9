"""Guard: an object's fields cannot change without a version bump, and
the fields of a stored object have columns."""

import inspect
import os
import pprint

from oslo_versionedobjects import fixture as ovo_fixture

from ironic_lite.db.sqlalchemy import models
from ironic_lite.objects import base
from ironic_lite.upgrade import release_mappings

# When this test fails, the object named changed; its message says what to
# update. Then regenerate these with:
# GENERATE_HASHES=1 python -m pytest tests/unit/objects/test_objects.py -s
EXPECTED_FINGERPRINTS = {
    'Allocation': '1.0-630cbaee949f462766d27617883163ac',
    'BIOSSetting': '1.0-79c37501a4c12e087d933099cf108d50',
    'BIOSSettingList': '1.0-33a2e1bb91ad4082f9f63429b77c1244',
    'Chassis': '1.0-7b5c8133236d6cd3d8a248f8e0757e4b',
    'DeployTemplate': '1.0-360c2e028f874e9f46f7f97845857269',
    'Conductor': '1.1-7251562cf91e2b0ebea10aa1668c5631',
    'Node': '1.2-25fafd846771ff9d51b6128fd4876a86',
    'Port': '1.1-bb9eadbd82a0c00687ad40d1c4cfcae4',
    'Portgroup': '1.0-880afc00ebd4281bef36de84a734c25a',
    'Trait': '1.0-1d5be7db66a34b700ecab498599f9273',
    'TraitList': '1.0-33a2e1bb91ad4082f9f63429b77c1244',
    'VolumeConnector': '1.0-ab6fb74bac7f6b17ddb279ce08f417fb',
    'VolumeTarget': '1.0-5ce96efd9c4464f33a924547ea1c7e7e',
}


def _what_to_update(name):
    """What is left to do after a change to object ``name``, a sentence."""
    cls = base.IronicLiteObjectRegistry.obj_classes()[name][0]
    module = inspect.getmodule(cls).__name__.replace('.', '/') + '.py'
    steps = []
    version = cls.VERSION
    if version == EXPECTED_FINGERPRINTS.get(name, '').split('-')[0]:
        major, minor = (int(part) for part in version.split('.'))
        version = '%d.%d' % (major, minor + 1)
        steps.append('in %s set VERSION = %r with a "# Version %s: ..." '
                     'line' % (module, version, version))
    known = {field for entry in cls.VERSIONS.values() for field in entry}
    new = sorted(set(cls.fields) - known)
    if new or version not in cls.VERSIONS:
        steps.append('add VERSIONS[%r] = {%s}' % (version, ', '.join(
            '%r: <value older data means>' % field for field in new)))
    master = release_mappings.RELEASE_MAPPING['master']['objects']
    if master.get(name, [None])[0] != version:
        steps.append('list %s first in upgrade/release_mappings.py '
                     'RELEASE_MAPPING["master"]["objects"][%r]'
                     % (version, name))
    if issubclass(cls, base.DbObjectMixin):
        steps.append('if fields were added: their columns in '
                     'db/sqlalchemy/models.py and one alembic migration')
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


def test_stored_fields_are_model_columns():
    """A field of an object stored in the DB needs a column to read."""
    classes = base.IronicLiteObjectRegistry.obj_classes()
    for name, model in sorted(models.VERSIONED_MODELS.items()):
        cls = classes[name][0]
        stored = set(cls.fields) - set(cls._db_skip_fields())
        missing = sorted(stored - set(model.__table__.columns.keys()))
        assert not missing, (
            '%s fields %s have no column in db/sqlalchemy/models.py %s: add '
            'each (nullable, or with a server default) and one alembic '
            'migration adding them' % (name, ', '.join(missing),
                                       model.__name__))
