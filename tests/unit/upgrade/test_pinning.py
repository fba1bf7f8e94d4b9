"""The pin: what a pinned service advertises, sends and writes."""

import pytest

from ironic_lite.common import exception
from ironic_lite.upgrade import pinning
from ironic_lite.upgrade import release_mappings


def test_unpinned_is_latest():
    assert pinning.pinned_release() is None
    assert pinning.rpc_version_cap() is None
    assert pinning.api_max_version() == (
        release_mappings.RELEASE_MAPPING['master']['api'])
    assert pinning.object_target_version('Node', '9.9') == '9.9'


def test_pinned_uses_the_release_entry(conf, next_release):
    conf.config(pin_release_version='1.0')
    entry = release_mappings.RELEASE_MAPPING['1.0']
    assert pinning.rpc_version_cap() == entry['rpc']
    assert pinning.api_max_version() == entry['api']
    assert pinning.object_target_version('Node', '1.2') == '1.0'


def test_unknown_pin_is_a_clear_error(conf):
    # As if read from a config file: the option's choices refuse it on read.
    conf.load_raw_values(pin_release_version='0.1')
    with pytest.raises(exception.ConfigError) as error:
        pinning.validate()
    assert "'0.1'" in str(error.value)
    assert 'known releases: 1.0' in str(error.value)


def test_a_class_the_pinned_release_lacks_is_written_in_its_first_version(
        conf):
    """2.0 added VolumeConnector: no service of 1.0 reads it, and 2.0
    reads its first version, so pinned to 1.0 it is written in that."""
    conf.config(pin_release_version='1.0')
    assert 'VolumeConnector' not in (
        release_mappings.RELEASE_MAPPING['1.0']['objects'])
    assert pinning.object_target_version('VolumeConnector', '1.3',
                                         '1.0') == '1.0'


@pytest.mark.parametrize('obj_name, first', [
    # Not said: nothing shows it is safe.
    ('VolumeConnector', None),
    # A version this code does not read: it could not read the rows back.
    ('VolumeConnector', '0.9'),
    # A class this code's mapping does not list.
    ('UnlistedClass', '1.0'),
])
def test_unsafe_first_versions_are_refused(conf, obj_name, first):
    conf.config(pin_release_version='1.0')
    with pytest.raises(exception.ObjectNotInRelease, match=obj_name):
        pinning.object_target_version(obj_name, '1.0', first)
