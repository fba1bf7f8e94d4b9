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
