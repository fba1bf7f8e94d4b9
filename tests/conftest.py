"""pytest fixtures for every suite, and the run's temporary directory.

A run (the xdist controller and its workers, and every process a test
starts) gets a temporary directory of its own through ``TMPDIR``; pytest's
``tmp_path`` directories live in it too. When the run ends, anything else
left in it is something a test or fixture forgot to remove: the run fails
and names it. The directory goes away after a clean run and stays, with
its path printed, after a failed one.

Tests run longest first, so that the two workers of ``make test`` end
together: the upgrade tests (minutes each), then the functional tests,
then the unit tests, which fill the end. When a release the upgrade tests
need is not installed yet, its install starts in the background at once
and the upgrade tests move after the functional tests.
"""

import os
import shutil
import tempfile

from oslo_config import fixture as config_fixture
import pytest

import ironic_lite.conf
from ironic_lite.db.sqlalchemy import enginefacade
from ironic_lite.drivers import factory
from ironic_lite import objects
from tests import fixtures

objects.register_all()

_RUN_TMP = 'IRONIC_LITE_TEST_TMPDIR'
#: Set by the first process of a run for all of it: whether the releases
#: the upgrade tests need were installed when the run started.
_RELEASES_READY = 'IRONIC_LITE_RELEASES_READY'
_UPGRADE_TESTS = os.path.join(os.path.dirname(__file__), 'upgrade')


def _is_worker(config):
    return hasattr(config, 'workerinput')


def _runs_upgrade_tests(config):
    for arg in config.args:
        path = os.path.abspath(arg.split('::')[0])
        if (path == _UPGRADE_TESTS or
                _UPGRADE_TESTS.startswith(path + os.sep) or
                path.startswith(_UPGRADE_TESTS + os.sep)):
            return True
    return False


def pytest_configure(config):
    if not _is_worker(config):
        base = tempfile.mkdtemp(prefix='ironic-lite-tests-')
        os.environ[_RUN_TMP] = os.environ['TMPDIR'] = base
        installer = None
        if _runs_upgrade_tests(config):
            from tests.upgrade import deployment
            installer = deployment.prepare_releases()
        os.environ[_RELEASES_READY] = '' if installer else '1'
        config._ironic_lite_installer = installer
    # Workers inherit TMPDIR; forget a temporary directory computed
    # before it was set.
    tempfile.tempdir = None


def pytest_unconfigure(config):
    installer = getattr(config, '_ironic_lite_installer', None)
    if installer is not None:
        installer.wait()


def pytest_collection_modifyitems(config, items):
    """Longest first: upgrade, functional, unit (see the module doc)."""
    upgrade_first = os.environ.get(_RELEASES_READY) == '1'
    order = (['tests/upgrade/', 'tests/functional/'] if upgrade_first
             else ['tests/functional/', 'tests/upgrade/'])

    def rank(item):
        for i, prefix in enumerate(order):
            if item.nodeid.startswith(prefix):
                return i
        return len(order)
    items.sort(key=rank)


def _leftovers(base):
    """What lies in the run's directory beside pytest's own."""
    return sorted(name for name in os.listdir(base)
                  if not name.startswith('pytest-of-'))


def pytest_sessionfinish(session, exitstatus):
    base = os.environ.get(_RUN_TMP)
    if _is_worker(session.config) or not base or not os.path.isdir(base):
        return
    left = _leftovers(base)
    reporter = session.config.pluginmanager.get_plugin('terminalreporter')
    if left:
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
        if reporter:
            reporter.write_line(
                'tests left files in the temporary directory %s: %s'
                % (base, ', '.join(left)), red=True)
    elif exitstatus == 0:
        shutil.rmtree(base, ignore_errors=True)
        return
    if reporter:
        reporter.write_line('temporary files of this run: %s' % base)


@pytest.fixture(scope='session', autouse=True)
def _sqlite_template():
    """The SQLite template of this process goes with its session."""
    yield
    fixtures.remove_sqlite_template()


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
def drivers(conf):
    """The driver factory, loaded from this test's configuration."""
    factory.reset()
    yield factory
    factory.reset()


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
