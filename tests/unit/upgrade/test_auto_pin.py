"""pin_release_version = auto: the pin the fleet in the database gives,
followed without a restart (upgrade/fleet.py, upgrade/pinning.py)."""

import datetime

import pytest
import sqlalchemy as sa

from ironic_lite.conductor import rpcapi
from ironic_lite.db import api as db_api
from ironic_lite.db import migration
from ironic_lite.db.sqlalchemy import enginefacade
from ironic_lite.upgrade import fleet
from ironic_lite.upgrade import pinning
from ironic_lite.upgrade import release_mappings
from tests.unit.db import utils as db_utils

CURRENT = release_mappings.CURRENT_RELEASE
PREVIOUS = release_mappings.previous_release()


def _svc(kind, name, release, pin=None):
    return fleet.Service(kind, name, release, pin, None)


@pytest.fixture
def moving(monkeypatch):
    """This code's versions differ from the previous release's (as they
    will once 3.0 changes something): RPC, API and Node."""
    master = dict(release_mappings.RELEASE_MAPPING['master'])
    master['rpc'] = '2.9'
    master['api'] = '1.99'
    objects = dict(master['objects'])
    objects['Node'] = ['1.9'] + objects['Node']
    master['objects'] = objects
    monkeypatch.setitem(release_mappings.RELEASE_MAPPING, 'master', master)


@pytest.fixture
def auto(conf, db):
    conf.config(pin_release_version='auto', pin_refresh_interval=3600)
    pinning.refresh()
    yield
    pinning.refresh()


def _finalized():
    with enginefacade.get_engine().connect() as connection:
        return fleet.finalized_release(connection)


def _clear_finalized():
    with enginefacade.get_engine().begin() as connection:
        connection.execute(sa.text('DELETE FROM finalized_releases'))


def test_a_new_deployment_is_finalized_and_unpinned(auto):
    assert _finalized() == CURRENT
    assert pinning.pinned_release() is None
    assert pinning.pin_source() == 'auto: release %s finalized' % CURRENT
    assert pinning.rpc_version_cap() is None


def test_the_default_is_auto(conf):
    assert pinning.configured() == pinning.AUTO


@pytest.mark.parametrize('services, finalized, expected', [
    # Everyone runs this code, not finalized: the previous release.
    ([_svc('conductor', 'c', CURRENT)], None, PREVIOUS),
    # Finalized: none.
    ([_svc('conductor', 'c', CURRENT)], CURRENT, None),
    # An older live service wins over the finalized release.
    ([_svc('conductor', 'c', CURRENT), _svc('api', 'a', PREVIOUS)],
     CURRENT, PREVIOUS),
    # A 1.0 conductor (no release recorded is 1.0) pins to 1.0.
    ([_svc('conductor', 'c', '1.0'), _svc('api', 'a', PREVIOUS)],
     None, '1.0'),
    # Older than any release this code speaks: its oldest.
    ([_svc('conductor', 'c', '0.5')], None, '1.0'),
    # A newer release finalized counts as this one finalized.
    ([], '9.0', None),
])
def test_auto_pin_rule(services, finalized, expected):
    assert fleet.auto_pin(services, finalized)[0] == expected


def test_the_oldest_live_service_is_named(auto):
    _clear_finalized()
    db_utils.register_test_conductor('old-one', release_version=PREVIOUS)
    pinning.refresh()
    assert pinning.pinned_release() == PREVIOUS
    assert pinning.pin_source() == 'auto: conductor old-one runs %s' % (
        PREVIOUS)


def _age_conductor(hostname, seconds):
    with enginefacade.get_engine().begin() as connection:
        now = fleet.database_time(connection)
        connection.execute(sa.text(
            'UPDATE conductors SET updated_at = :t WHERE hostname = :h'),
            {'t': now - datetime.timedelta(seconds=seconds), 'h': hostname})


def test_a_dead_service_does_not_count_by_the_database_clock(auto, conf):
    conf.config(group='conductor', heartbeat_timeout=30)
    db_utils.register_test_conductor('gone', release_version=PREVIOUS)
    _age_conductor('gone', 31)
    pinning.refresh()
    assert pinning.pinned_release() is None
    _age_conductor('gone', 29)
    pinning.refresh()
    assert pinning.pinned_release() == PREVIOUS


def test_a_stopped_conductor_does_not_count(auto):
    db_utils.register_test_conductor('stopped', release_version=PREVIOUS)
    db_api.get_instance().unregister_conductor('stopped')
    pinning.refresh()
    assert pinning.pinned_release() is None


def test_the_pin_is_read_once_per_interval(auto, monkeypatch):
    assert pinning.pinned_release() is None
    reads = []
    real = fleet.live_services
    monkeypatch.setattr(fleet, 'live_services',
                        lambda *a: reads.append(1) or real(*a))
    db_utils.register_test_conductor('old-one', release_version=PREVIOUS)
    for _ in range(100):
        assert pinning.pinned_release() is None
    assert reads == []
    pinning._AUTO.expires = 0
    assert pinning.pinned_release() == PREVIOUS
    assert reads == [1]


def test_an_explicit_pin_wins(auto, conf):
    _clear_finalized()
    conf.config(pin_release_version='')
    assert pinning.pinned_release() is None
    assert pinning.pin_source() == 'config'
    conf.config(pin_release_version='1.0')
    assert pinning.pinned_release() == '1.0'


def test_everything_follows_the_pin_without_a_restart(auto, moving):
    """Not finalized, then finalized: the same RPC client, the objects and
    the API maximum move from the previous release's versions to this
    code's."""
    from ironic_lite.api import microversion
    from ironic_lite.objects import node as node_obj
    _clear_finalized()
    pinning.refresh()
    client = rpcapi.ConductorAPI()
    previous = release_mappings.RELEASE_MAPPING[PREVIOUS]
    assert client.version_cap == previous['rpc']
    assert not client.can_send_version('2.9')
    assert pinning.api_max_version() == previous['api']
    assert microversion.own_max_version() <= release_mappings.version_tuple(
        previous['api'])
    assert node_obj.Node.get_target_version() == previous['objects']['Node'][0]

    with enginefacade.get_engine().begin() as connection:
        fleet.record_finalized(connection, CURRENT)
    pinning.refresh()
    assert client.version_cap is None
    assert client.can_send_version('2.9')
    assert pinning.api_max_version() == '1.99'
    assert node_obj.Node.get_target_version() == node_obj.Node.VERSION


def test_no_schema_is_unpinned(conf, tmp_path):
    conf.config(connection='sqlite:///%s/empty.sqlite' % tmp_path,
                group='database')
    enginefacade.reset()
    pinning.refresh()
    assert pinning.pinned_release() is None
    assert 'no schema' in pinning.pin_source()


def test_an_unreadable_database_keeps_the_last_pin(auto, conf):
    assert pinning.pinned_release() is None
    conf.config(connection=db_utils.unreachable_url(), group='database',
                max_retries=0)
    enginefacade.reset()
    assert pinning.pinned_release() is None


def test_an_unreadable_database_at_first_is_the_previous_release(conf):
    conf.config(connection=db_utils.unreachable_url(), group='database',
                max_retries=0)
    enginefacade.reset()
    pinning.refresh()
    assert pinning.pinned_release() == PREVIOUS
    assert 'precaution' in pinning.pin_source()


@pytest.mark.parametrize('apis, conductors, step', [
    (['old'], ['old'], '0'),
    (['old'], ['old', 'pinned'], '4.1'),
    (['old', 'pinned'], ['pinned'], '5.1'),
    (['pinned'], ['pinned'], '5.2'),
    (['pinned'], ['pinned', 'new'], '6.1'),
    (['new', 'pinned'], ['new'], '6.3'),
    (['new'], ['new'], '6.4'),
    (['new'], ['old'], None),
    ([], ['new'], None),
])
def test_step_of_the_guide(apis, conductors, step):
    def svc(kind, i, state):
        return _svc(kind, '%s-%d' % (kind, i),
                    PREVIOUS if state == 'old' else CURRENT,
                    PREVIOUS if state == 'pinned' else None)
    services = ([svc('api', i, s) for i, s in enumerate(apis)] +
                [svc('conductor', i, s) for i, s in enumerate(conductors)])
    assert fleet.step(services) == step


def test_an_upgraded_database_is_not_finalized(tmp_path):
    engine = sa.create_engine('sqlite:///%s/up.sqlite' % tmp_path)
    migration.upgrade(engine, '6f7a8b9c0d1e')
    migration.upgrade(engine)
    with engine.connect() as connection:
        assert fleet.finalized_release(connection) is None
    engine.dispose()


def test_finalize_is_refused_while_an_older_service_lives(auto):
    db_utils.register_test_conductor('old-one', release_version=PREVIOUS)
    with enginefacade.get_engine().connect() as connection:
        services = fleet.live_services(connection, 60, 60)
        refusal = fleet.finalize_refusal(connection, services)
    assert refusal == ('conductor old-one still runs an older release '
                       '(%s): restart it on %s first' % (PREVIOUS, CURRENT))
