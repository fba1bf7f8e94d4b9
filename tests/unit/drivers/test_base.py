"""The declaration of the interface types (drivers/base.py)."""

import inspect
import subprocess
import sys

import pytest

from ironic_lite.drivers import base
from ironic_lite.drivers.modules import fake
from ironic_lite.drivers.modules import noop


def test_every_type_is_a_class_statement_named_for_it():
    for name, cls in base.INTERFACE_TYPES.items():
        assert cls.interface_type == name
        assert issubclass(cls, base.BaseInterface)
        assert cls.__name__ == '%sInterface' % name.capitalize()
        assert getattr(base, cls.__name__) is cls
        # A class made with type() has no source to find.
        assert inspect.getsource(cls).startswith('class %s(' % cls.__name__)
        assert cls.__doc__, name


def test_types_are_listed_once_in_order():
    assert base.INTERFACES == tuple(sorted(base.INTERFACE_TYPES))
    declared = {cls for cls in vars(base).values()
                if isinstance(cls, type) and issubclass(
                    cls, base.BaseInterface) and cls.interface_type}
    assert declared == set(base.INTERFACE_TYPES.values())


def test_core_types_are_those_without_a_noop():
    assert base.CORE_INTERFACES == ('boot', 'deploy', 'management', 'power')
    for name in set(base.INTERFACES) - set(base.CORE_INTERFACES):
        assert base.INTERFACE_TYPES[name].noop_implementation


@pytest.mark.parametrize('module', [noop, fake])
def test_implementations_are_class_statements(module):
    classes = [cls for cls in vars(module).values()
               if isinstance(cls, type) and issubclass(cls, base.BaseInterface)
               and cls.__module__ == module.__name__]
    assert classes
    for cls in classes:
        assert inspect.getsource(cls).startswith('class %s(' % cls.__name__)
        assert not inspect.isabstract(cls), cls
        assert cls.__doc__, cls


def test_interface_methods_are_documented():
    for cls in base.INTERFACE_TYPES.values():
        for name, member in vars(cls).items():
            if inspect.isfunction(member) and not name.startswith('_'):
                assert member.__doc__, '%s.%s' % (cls.__name__, name)


def test_it_is_a_leaf():
    """Configuration and objects read it: it must not load either."""
    code = ('import sys, ironic_lite.drivers.base; '
            'print(" ".join(sorted(m for m in sys.modules '
            'if m.startswith("ironic_lite"))))')
    loaded = subprocess.run([sys.executable, '-c', code], check=True,
                            capture_output=True, text=True).stdout.split()
    assert set(loaded) <= {'ironic_lite', 'ironic_lite.common',
                           'ironic_lite.common.exception',
                           'ironic_lite.drivers', 'ironic_lite.drivers.base',
                           'ironic_lite.drivers.steps'}
