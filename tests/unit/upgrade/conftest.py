"""Fixtures of the upgrade tests."""

import pytest

from ironic_lite.upgrade import release_mappings


@pytest.fixture
def code_of_2_0(monkeypatch):
    """This code as release 2.0 upgrading from 1.0: the scenario tests of
    the previous release's leftovers are written for, whatever release the
    tree is at."""
    mapping = release_mappings.RELEASE_MAPPING
    monkeypatch.setattr(release_mappings, 'CURRENT_RELEASE', '2.0')
    # Until 2.0 is cut, the tree is 2.0.
    monkeypatch.setitem(mapping, 'master', mapping.get('2.0',
                                                       mapping['master']))
