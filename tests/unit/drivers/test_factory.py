"""The driver factory's checks at load, and the entry points in setup.cfg
that it loads."""

import configparser
import importlib
from importlib import metadata
import os

import pytest

from ironic_lite.common import exception
from ironic_lite.drivers import base
from ironic_lite.drivers import factory
from ironic_lite.drivers import hardware_type
from ironic_lite.drivers import ipmi

SETUP_CFG = os.path.join(os.path.dirname(__file__), '..', '..', '..',
                         'setup.cfg')


def _setup_cfg_entry_points():
    """``{namespace: {name: 'module:attr'}}`` as setup.cfg declares them."""
    parser = configparser.ConfigParser(delimiters=('=',))
    parser.optionxform = str
    parser.read(SETUP_CFG)
    declared = {}
    for namespace, lines in parser['entry_points'].items():
        declared[namespace] = dict(
            (part.strip() for part in line.split('=', 1))
            for line in lines.strip().splitlines())
    return declared


ENTRY_POINTS = _setup_cfg_entry_points()


def _load(target):
    module, attr = target.split(':')
    return getattr(importlib.import_module(module), attr)


def _implementations(iface):
    return ENTRY_POINTS.get(factory.INTERFACES_NAMESPACE % iface, {})


def test_every_interface_type_has_a_namespace_and_nothing_else_does():
    prefix = factory.INTERFACES_NAMESPACE % ''
    namespaces = {name[len(prefix):] for name in ENTRY_POINTS
                  if name.startswith(prefix)}
    assert namespaces == set(base.INTERFACES)


@pytest.mark.parametrize('iface', base.INTERFACES)
def test_entry_points_load_as_subclasses_of_their_type(iface):
    for name, target in _implementations(iface).items():
        cls = _load(target)
        assert issubclass(cls, base.INTERFACE_TYPES[iface]), (iface, name)
        cls()  # not abstract


@pytest.mark.parametrize('iface', base.INTERFACES)
def test_the_noop_implementation_is_an_entry_point(iface):
    noop = base.INTERFACE_TYPES[iface].noop_implementation
    if noop:
        assert noop in _implementations(iface)


def test_every_name_a_hardware_type_lists_is_an_entry_point():
    hw_types = ENTRY_POINTS[factory.HARDWARE_TYPES_NAMESPACE]
    assert hw_types
    for hw_name, target in hw_types.items():
        hw_type = _load(target)
        assert issubclass(hw_type, hardware_type.HardwareType)
        assert set(hw_type.supported_interfaces) <= set(base.INTERFACES)
        for iface in base.INTERFACES:
            listed = hw_type.supported(iface)
            assert listed, (hw_name, iface)
            missing = set(listed) - set(_implementations(iface))
            assert not missing, (hw_name, iface, missing)


def test_installed_entry_points_match_setup_cfg():
    for namespace, declared in ENTRY_POINTS.items():
        if not namespace.startswith('ironic_lite.'):
            continue
        installed = {ep.name: ep.value
                     for ep in metadata.entry_points(group=namespace)}
        assert installed == declared, (
            '%s: the installed entry points differ from setup.cfg; run '
            '".venv/bin/pip install -e ."' % namespace)


def test_default_configuration_loads(drivers, conf):
    loaded = drivers.load(conf.conf)
    assert set(loaded.available) == set(base.INTERFACES)


def test_hardware_type_listing_an_unknown_implementation_fails_at_load(
        drivers, conf, monkeypatch):
    lists = dict(ipmi.IPMIHardware.supported_interfaces,
                 power=('ipmitol', 'fake'))
    monkeypatch.setattr(ipmi.IPMIHardware, 'supported_interfaces', lists)
    with pytest.raises(exception.ConfigError) as raised:
        drivers.load(conf.conf)
    message = str(raised.value)
    assert 'ipmitol' in message and 'ipmi' in message and 'power' in message
    assert 'ipmitool' in message  # what is available


def test_an_unknown_implementation_fails_even_when_not_preferred(
        drivers, conf, monkeypatch):
    """A typo after a valid name would never be picked, so never seen."""
    lists = dict(ipmi.IPMIHardware.supported_interfaces,
                 raid=('no-raid', 'fake-raid'))
    monkeypatch.setattr(ipmi.IPMIHardware, 'supported_interfaces', lists)
    with pytest.raises(exception.ConfigError, match='fake-raid'):
        drivers.load(conf.conf)


def test_hardware_type_listing_an_unknown_interface_type_fails_at_load(
        drivers, conf, monkeypatch):
    lists = dict(ipmi.IPMIHardware.supported_interfaces, bois=('no-bios',))
    monkeypatch.setattr(ipmi.IPMIHardware, 'supported_interfaces', lists)
    with pytest.raises(exception.ConfigError, match='bois'):
        drivers.load(conf.conf)


def test_hardware_type_without_a_core_interface_fails_at_load(
        drivers, conf, monkeypatch):
    lists = dict(ipmi.IPMIHardware.supported_interfaces)
    del lists['deploy']
    monkeypatch.setattr(ipmi.IPMIHardware, 'supported_interfaces', lists)
    with pytest.raises(exception.ConfigError, match='deploy'):
        drivers.load(conf.conf)


def test_optional_types_default_to_their_noop():
    lists = hardware_type.with_optional(power=('fake',))
    assert lists['power'] == ('fake',)
    for name, cls in base.INTERFACE_TYPES.items():
        if cls.noop_implementation:
            assert lists[name] == (cls.noop_implementation,)
        elif name != 'power':
            assert name not in lists


def test_implementation_of_another_type_fails_at_load(drivers, conf,
                                                      monkeypatch):
    monkeypatch.setitem(base.INTERFACE_TYPES, 'bios', base.ConsoleInterface)
    with pytest.raises(exception.ConfigError,
                       match='FakeBios, not a ConsoleInterface'):
        drivers.load(conf.conf)
