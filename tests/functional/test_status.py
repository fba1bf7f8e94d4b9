"""ironic-lite-status upgrade check, run as an operator runs it."""

import json
import os
import subprocess

from ironic_lite.db.sqlalchemy import enginefacade
from ironic_lite import objects
from tests import fixtures
from tests.functional import services
from tests.unit.db import utils

STATUS = os.path.join(services.BIN, 'ironic-lite-status')
DBSYNC = os.path.join(services.BIN, 'ironic-lite-dbsync')


def _config(tmp_path, url, pin=None):
    default = {'state_path': str(tmp_path)}
    if pin:
        default['pin_release_version'] = pin
    return services.write_config(str(tmp_path / 'status.conf'), {
        'DEFAULT': default, 'database': {'connection': url}})


def _status(config):
    return subprocess.run([STATUS, 'upgrade', 'check', '--json',
                           '--config-file', config], capture_output=True,
                          text=True, timeout=60)


def _lines(result):
    """The details of every check, in one string."""
    return ' '.join(check['details'] or '' for check in
                    json.loads(result.stdout)['checks'])


def test_a_finished_upgrade_passes(tmp_path):
    url = 'sqlite:///%s/db.sqlite' % tmp_path
    config = _config(tmp_path, url)
    subprocess.run([DBSYNC, '--config-file', config, 'upgrade'], check=True,
                   capture_output=True)
    result = _status(config)
    assert result.returncode == 0, result.stdout
    assert all(check['result'] == 0 for check in
               json.loads(result.stdout)['checks'])


def test_old_schema_is_a_failure(tmp_path):
    url = 'sqlite:///%s/db.sqlite' % tmp_path
    config = _config(tmp_path, url)
    subprocess.run([DBSYNC, '--config-file', config, 'upgrade', '--revision',
                    '2a1f1c0e3b7d'], check=True, capture_output=True)
    result = _status(config)
    assert result.returncode == 2
    assert 'run "ironic-lite-dbsync upgrade"' in _lines(result)


def test_pinned_rows_then_migrations(tmp_path, conf):
    url = fixtures.sqlite_url(str(tmp_path))
    fixtures.use_database(conf, url)
    conf.config(pin_release_version='1.0')
    for _ in range(2):
        utils.create_test_node(driver_info={'ipmi_password': 'p'})
    objects.Conductor.register(None, 'cond-1', ['fake-hardware'])
    enginefacade.reset()

    pinned = _status(_config(tmp_path, url, pin='1.0'))
    assert pinned.returncode == 1
    text = _lines(pinned)
    assert 'as expected while pinned' in text
    assert 'pinned to 1.0: remove the pin' in text
    assert 'cond-1: 2.0 pinned to 1.0' in text

    config = _config(tmp_path, url)
    unpinned = _status(config)
    assert unpinned.returncode == 1
    assert 'online data migrations pending (conductors 1.0: 1, nodes ' \
           '1.0: 2)' in _lines(unpinned)
    migrate = subprocess.run([DBSYNC, '--config-file', config,
                              'online_data_migrations'], capture_output=True)
    assert migrate.returncode == 0, migrate.stderr
    done = _status(config)
    assert done.returncode == 0, done.stdout


def test_bad_config_is_one_line(tmp_path):
    result = subprocess.run([STATUS, 'upgrade', 'check', '--config-file',
                             str(tmp_path / 'missing.conf')],
                            capture_output=True, text=True)
    assert result.returncode == 255
    assert result.stderr.strip().splitlines() == [
        'ironic-lite-status: error: Failed to find some config files: %s'
        % (tmp_path / 'missing.conf')]
