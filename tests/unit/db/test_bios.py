"""The DB API of BIOS settings on SQLite: a node's settings are replaced
as a whole (unchanged rows kept), read by name, fenced by the node's lock,
and go with their node."""

import time

import pytest

from ironic_lite.common import exception
from ironic_lite.db.sqlalchemy import enginefacade
from ironic_lite.db.sqlalchemy import models
from tests.unit.db import utils


def _rows(node_id):
    with enginefacade.reader() as session:
        return {row.name: (row.value, row.version, row.created_at,
                           row.updated_at)
                for row in session.query(models.BIOSSetting).filter_by(
                    node_id=node_id)}


def test_set_adds_updates_deletes_and_keeps(dbapi, node):
    first = dbapi.set_bios_settings(
        node.id, {'BootMode': 'Uefi', 'ProcTurboMode': 'Enabled',
                  'L2Cache': '10x256 KB'}, '1.0')
    assert [row.name for row in first] == ['BootMode', 'L2Cache',
                                           'ProcTurboMode']
    before = _rows(node.id)
    assert before['BootMode'][1] == '1.0'
    assert before['BootMode'][3] is None
    time.sleep(0.01)
    rows = dbapi.set_bios_settings(
        node.id, {'BootMode': 'Bios', 'L2Cache': '10x256 KB',
                  'NumCores': '10'}, '1.0')
    assert {row.name: row.value for row in rows} == {
        'BootMode': 'Bios', 'L2Cache': '10x256 KB', 'NumCores': '10'}
    after = _rows(node.id)
    # Changed: updated_at set, created_at kept; unchanged: untouched.
    assert after['BootMode'][2] == before['BootMode'][2]
    assert after['BootMode'][3] is not None
    assert after['L2Cache'] == before['L2Cache']
    assert 'ProcTurboMode' not in after
    dbapi.set_bios_settings(node.id, {}, '1.0')
    assert _rows(node.id) == {}


def test_get_one_and_list(dbapi, node):
    other = dbapi.create_node(utils.get_test_node(
        uuid='1be26c0b-03f2-4d2e-ae87-c02d7f33c781', name='other'))
    dbapi.set_bios_settings(node.id, {'b': '2', 'a': None}, '1.0')
    dbapi.set_bios_settings(other.id, {'a': 'other'}, '1.0')
    assert [(r.name, r.value) for r in
            dbapi.get_bios_settings_by_node_id(node.id)] == [
        ('a', None), ('b', '2')]
    assert dbapi.get_bios_setting(other.id, 'a').value == 'other'
    with pytest.raises(exception.BIOSSettingNotFound) as raised:
        dbapi.get_bios_setting(other.id, 'b')
    assert str(raised.value) == (
        "Node %s doesn't have a BIOS setting 'b'" % other.uuid)


def test_missing_node(dbapi):
    with pytest.raises(exception.NodeNotFound):
        dbapi.get_bios_settings_by_node_id(4242)
    with pytest.raises(exception.NodeNotFound):
        dbapi.set_bios_settings(4242, {'a': '1'}, '1.0')


def test_set_fenced_by_the_lock(dbapi, node):
    dbapi.reserve_node('host-a', node.id)
    dbapi.set_bios_settings(node.id, {'a': '1'}, '1.0', locked_by='host-a')
    with pytest.raises(exception.NodeLockLost):
        dbapi.set_bios_settings(node.id, {'a': '2'}, '1.0',
                                locked_by='host-b')
    assert _rows(node.id)['a'][0] == '1'


def test_go_with_their_node(dbapi, node):
    dbapi.set_bios_settings(node.id, {'a': '1', 'b': '2'}, '1.0')
    dbapi.destroy_node(node.id)
    with enginefacade.reader() as session:
        assert session.query(models.BIOSSetting).count() == 0
