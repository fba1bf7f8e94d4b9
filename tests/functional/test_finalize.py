"""ironic-lite-dbsync finalize and the fleet in ironic-lite-status, as an
operator runs them on a database a previous release left."""

import datetime
import json
import os
import subprocess

import pytest
import sqlalchemy as sa

from ironic_lite.db import migration
from ironic_lite.upgrade import fleet
from ironic_lite.upgrade import release_mappings
from tests.functional import services

CURRENT = release_mappings.CURRENT_RELEASE
PREVIOUS = release_mappings.previous_release()
#: The schema head of the previous release.
PREVIOUS_HEAD = '6f7a8b9c0d1e'


def _config(tmp_path, url, extra=None):
    # An API is live for three heartbeat intervals after its last record:
    # long enough here for a slow machine.
    return services.write_config(str(tmp_path / 'ironic-lite.conf'), {
        'DEFAULT': dict({'state_path': str(tmp_path)}, **(extra or {})),
        'api': {'fleet_heartbeat_interval': 600},
        'database': {'connection': url}})


def _run(program, config, *args):
    return subprocess.run([os.path.join(services.BIN, program),
                           '--config-file', config] + list(args),
                          capture_output=True, text=True, timeout=120)


def _finalized(engine):
    with engine.connect() as connection:
        return fleet.finalized_release(connection)


def _fleet(config):
    result = _run('ironic-lite-status', config, 'upgrade', 'check', '--json')
    checks = {c['check']: c for c in json.loads(result.stdout)['checks']}
    return result.returncode, checks


@pytest.fixture
def upgraded(tmp_path):
    """A database at the previous release's head, with an API of that
    release live, then upgraded by this code: (engine, config)."""
    url = 'sqlite:///%s/db.sqlite' % tmp_path
    config = _config(tmp_path, url)
    engine = sa.create_engine(url)
    migration.upgrade(engine, PREVIOUS_HEAD)
    with engine.begin() as connection:
        now = fleet.database_time(connection)
        connection.execute(sa.text(
            "INSERT INTO api_services (name, release_version, max_version, "
            "created_at, updated_at) VALUES ('old-api:6385', :r, '1.51', "
            ":t, :t)"), {'r': PREVIOUS, 't': now})
    result = _run('ironic-lite-dbsync', config, 'upgrade')
    assert result.returncode == 0, result.stderr
    yield engine, config
    engine.dispose()


def test_a_new_deployment_is_finalized(tmp_path):
    config = _config(tmp_path, 'sqlite:///%s/db.sqlite' % tmp_path)
    assert _run('ironic-lite-dbsync', config, 'upgrade').returncode == 0
    result = _run('ironic-lite-dbsync', config, 'finalize')
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == 'Release %s is finalized already' % (
        CURRENT)
    code, checks = _fleet(config)
    assert code == 0, checks
    assert checks['Release pin']['details'].startswith(
        'not pinned (auto: release %s finalized)' % CURRENT)
    assert 'finalized release: %s;' % CURRENT in checks['Fleet']['details']


def test_finalize_refused_while_an_old_service_lives(upgraded):
    engine, config = upgraded
    code, checks = _fleet(config)
    assert code == 1
    assert checks['Release pin']['details'].startswith(
        'pinned to %s (auto: api old-api:6385 runs %s)' % (PREVIOUS,
                                                           PREVIOUS))
    assert ('api old-api:6385: %s, unpinned' % PREVIOUS
            in checks['Fleet']['details'])
    result = _run('ironic-lite-dbsync', config, 'finalize')
    assert result.returncode == 2
    assert result.stderr.strip() == (
        'ironic-lite-dbsync: error: cannot finalize %s: api old-api:6385 '
        'still runs an older release (%s): restart it on %s first'
        % (CURRENT, PREVIOUS, CURRENT))
    assert _finalized(engine) is None


def test_finalize_once_the_old_service_is_gone_by_the_database_clock(
        upgraded):
    """The old API's row aged past three heartbeat intervals, by the
    database's clock: it is gone, and finalize records the release."""
    engine, config = upgraded
    with engine.begin() as connection:
        now = fleet.database_time(connection)
        connection.execute(sa.text('UPDATE api_services SET updated_at = '
                                   ':t'), {'t': now - datetime.timedelta(
                                       seconds=1801)})
    code, checks = _fleet(config)
    assert checks['Release pin']['details'].startswith(
        'pinned to %s (auto: release %s not finalized)' % (PREVIOUS,
                                                           CURRENT))
    result = _run('ironic-lite-dbsync', config, 'finalize')
    assert result.returncode == 0, result.stderr
    assert _finalized(engine) == CURRENT
    code, checks = _fleet(config)
    assert checks['Release pin']['result'] == 0, checks


def test_finalize_refused_on_an_old_schema(tmp_path):
    url = 'sqlite:///%s/db.sqlite' % tmp_path
    config = _config(tmp_path, url)
    engine = sa.create_engine(url)
    migration.upgrade(engine, PREVIOUS_HEAD)
    engine.dispose()
    result = _run('ironic-lite-dbsync', config, 'finalize')
    assert result.returncode == 2
    line, = result.stderr.strip().splitlines()
    assert 'run "ironic-lite-dbsync upgrade" first' in line


@pytest.mark.parametrize('program, args, code', [
    ('ironic-lite-dbsync', ['finalize'], 2),
    ('ironic-lite-status', ['upgrade', 'check'], 255),
])
def test_an_unknown_pin_is_one_line(tmp_path, program, args, code):
    config = _config(tmp_path, 'sqlite:///%s/db.sqlite' % tmp_path,
                     {'pin_release_version': 'automatic'})
    result = _run(program, config, *args)
    assert result.returncode == code
    line, = result.stderr.strip().splitlines()
    assert "'automatic'" in line and 'auto' in line, line
