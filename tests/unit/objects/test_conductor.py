"""The Conductor object: ``drivers`` from conductor_hardware_interfaces,
the ``conductors.drivers`` column written only for release 1.0, and an
unpinned service that runs without that column (what release 3.0 may
drop)."""

import pytest
import sqlalchemy as sa

from ironic_lite.common import context
from ironic_lite.common import exception
from ironic_lite.db import api as db_api
from ironic_lite.db.sqlalchemy import enginefacade
from ironic_lite import objects

TYPES = ['fake-hardware', 'ipmi']


def _ctx():
    return context.get_admin_context()


def _interfaces(types):
    return [{'hardware_type': name, 'interface_type': 'power',
             'interface_name': 'fake', 'default': True} for name in types]


def _start(hostname, types=TYPES):
    """Register as a conductor does at start."""
    conductor = objects.Conductor.register(_ctx(), hostname, types,
                                           update_existing=True)
    conductor.register_hardware_interfaces(_interfaces(types))
    return conductor


def _column(hostname):
    with enginefacade.reader() as session:
        return session.execute(sa.text(
            'SELECT drivers FROM conductors WHERE hostname = :h'),
            {'h': hostname}).scalar()


def test_unpinned_register_leaves_the_column_alone(db):
    conductor = _start('c1')
    assert conductor.drivers == TYPES
    assert _column('c1') is None


def test_pinned_to_1_0_register_writes_it_as_1_0_does(db, conf):
    conf.config(pin_release_version='1.0')
    _start('c1')
    assert _column('c1') == '["fake-hardware", "ipmi"]'


def test_drivers_come_from_the_interfaces_not_the_column(db):
    _start('c1')
    with enginefacade.writer() as session:
        session.execute(sa.text(
            'UPDATE conductors SET drivers = \'["stale"]\''))
    assert objects.Conductor.get_by_hostname(_ctx(), 'c1').drivers == TYPES
    assert [c.drivers for c in objects.Conductor.list(_ctx())] == [TYPES]
    # A new start with other types replaces them.
    _start('c1', ['redfish'])
    assert objects.Conductor.get_by_hostname(_ctx(), 'c1').drivers == [
        'redfish']


def test_an_offline_conductor_keeps_its_drivers(db):
    _start('c1').unregister()
    _start('c2', ['redfish'])
    listed = {c.hostname: (c.online, c.drivers)
              for c in objects.Conductor.list(_ctx())}
    assert listed == {'c1': (False, TYPES), 'c2': (True, ['redfish'])}
    assert objects.Conductor.get_by_hostname(
        _ctx(), 'c1', online=None).drivers == TYPES
    # ... but does not count as serving them.
    assert set(db_api.get_instance().get_active_hardware_types(None)) == {
        ('redfish', '')}


def test_a_conductor_that_registered_no_interfaces_has_no_drivers(db):
    db_api.get_instance().register_conductor({'hostname': 'c1',
                                              'drivers': ['ipmi']})
    assert objects.Conductor.get_by_hostname(_ctx(), 'c1').drivers == []


@pytest.fixture
def without_column(db):
    """The schema as release 3.0 may leave it: conductors.drivers gone."""
    with enginefacade.writer() as session:
        session.execute(sa.text('ALTER TABLE conductors DROP COLUMN drivers'))
    with pytest.raises(sa.exc.OperationalError):
        _column('any')


def test_unpinned_service_runs_without_the_column(without_column):
    """No query of an unpinned service names the column: register, list,
    show, heartbeat, stop, register again."""
    conductor = _start('c1')
    conductor.touch(online=False)
    conductor.touch()
    assert objects.Conductor.get_by_hostname(
        _ctx(), 'c1', online=None).drivers == TYPES
    conductor.unregister()
    with pytest.raises(exception.ConductorNotFound):
        objects.Conductor.get_by_hostname(_ctx(), 'c1')
    _start('c1', ['redfish'])
    _start('c2')
    assert [(c.hostname, c.drivers) for c in objects.Conductor.list(
        _ctx(), sort_key='hostname', sort_dir='asc')] == [
        ('c1', ['redfish']), ('c2', TYPES)]
