"""The target RAID configuration schema and its check."""

import pytest

from ironic_lite.common import exception
from ironic_lite.drivers import base
from ironic_lite.drivers.modules import fake
from ironic_lite.drivers.modules import noop
from ironic_lite.drivers import raid


def test_descriptions_say_what_is_required():
    required = raid.SCHEMA['properties']['logical_disks']['items'][
        'required']
    for name, text in raid.logical_disk_properties().items():
        assert text.endswith('Required.' if name in required
                             else 'Optional.'), name


@pytest.mark.parametrize('size', [1, 'MAX'])
@pytest.mark.parametrize('level', raid.RAID_LEVELS)
def test_every_level_and_size_form_is_taken(level, size):
    raid.validate({'logical_disks': [{'raid_level': level,
                                      'size_gb': size}]})


@pytest.mark.parametrize('config', [
    {}, {'logical_disks': 'x'}, {'logical_disks': [{}]},
    {'logical_disks': [{'raid_level': 1, 'size_gb': 1}]},
    {'logical_disks': [{'raid_level': '1', 'size_gb': 1.5}]},
    {'logical_disks': [{'raid_level': '1', 'size_gb': 1,
                        'disk_type': 'tape'}]},
    {'logical_disks': [{'raid_level': '1', 'size_gb': 1,
                        'number_of_physical_disks': 0}]},
])
def test_malformed_configs_are_refused(config):
    with pytest.raises(exception.InvalidParameterValue,
                       match='^RAID config validation error: '):
        raid.validate(config)


def test_implementations_list_the_same_properties():
    for impl in (fake.FakeRaid(), noop.NoRaid()):
        assert isinstance(impl, base.RaidInterface)
        assert impl.get_logical_disk_properties() == (
            raid.logical_disk_properties())
