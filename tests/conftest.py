"""pytest fixtures for every suite."""

from oslo_config import fixture as config_fixture
import pytest

import ironic_lite.conf
from ironic_lite.db.sqlalchemy import enginefacade
from ironic_lite import objects
from tests import fixtures

objects.register_all()


@pytest.fixture(autouse=True)
def conf(tmp_path):
    """A clean configuration with state under the test's own directory."""
    ironic_lite.conf.CONF([], project='ironic-lite', default_config_files=[])
    fixture = config_fixture.Config(ironic_lite.conf.CONF)
    fixture.setUp()
    fixture.config(state_path=str(tmp_path), host='test-host')
    yield fixture
    fixture.cleanUp()
    enginefacade.reset()


@pytest.fixture
def db(conf, tmp_path):
    """A SQLite database at the schema head, used by the objects layer."""
    url = fixtures.sqlite_url(str(tmp_path))
    fixtures.use_database(conf, url)
    return url


@pytest.fixture
def postgresql_url():
    with fixtures.server_database('postgresql') as url:
        yield url


@pytest.fixture
def mysql_url():
    with fixtures.server_database('mysql') as url:
        yield url


@pytest.fixture
def next_release():
    """Objects as the next release would have them (see fixtures.NextNode)."""
    with fixtures.next_release() as node_class:
        yield node_class


@pytest.fixture
def conductor(conf, db):
    """A conductor serving in-process ([DEFAULT]rpc_transport = none) on
    the test's SQLite database; periodic tasks are left to the test."""
    from ironic_lite.common import rpc
    from ironic_lite.conductor import service
    from ironic_lite.drivers import factory

    conf.config(rpc_transport='none', graceful_shutdown_timeout=5)
    conf.config(group='conductor', heartbeat_interval=3600,
                check_takeover_interval=3600, sync_power_state_interval=0,
                check_provision_state_interval=3600)
    factory.reset()
    svc = service.ConductorService('test-host')
    svc.start()
    yield svc
    svc.stop(drain=False)
    rpc.cleanup()
    factory.reset()
