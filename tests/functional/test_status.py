"""ironic-lite-status upgrade check, run as an operator runs it."""

import json
import os
import subprocess
import time

import pytest
import sqlalchemy as sa

from ironic_lite.db.sqlalchemy import enginefacade
from ironic_lite import objects
from ironic_lite.upgrade import release_mappings
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


def _writes(release):
    """{object: the version ``release`` writes}."""
    return {name: versions[0] for name, versions in
            release_mappings.RELEASE_MAPPING[release]['objects'].items()}


def test_pinned_rows_then_migrations(tmp_path, conf):
    """Pinned to the previous release, then unpinned: the status says
    what is left (online migrations, when the previous release writes
    other versions than this code), and nothing once they ran."""
    previous = release_mappings.previous_release()
    moved = _writes(previous) != _writes('master')
    url = fixtures.sqlite_url(str(tmp_path))
    fixtures.use_database(conf, url)
    conf.config(pin_release_version=previous)
    for _ in range(2):
        utils.create_test_node(driver_info={'ipmi_password': 'p'})
    objects.Conductor.register(None, 'cond-1', ['fake-hardware'])
    enginefacade.reset()

    pinned = _status(_config(tmp_path, url, pin=previous))
    assert pinned.returncode == 1
    text = _lines(pinned)
    assert ('as expected while pinned' in text) is moved
    assert 'pinned to %s: remove the pin' % previous in text
    assert 'cond-1: %s pinned to %s' % (release_mappings.CURRENT_RELEASE,
                                        previous) in text

    # The conductor restarted without the pin (the guide's step 6.1).
    conf.config(pin_release_version='')
    objects.Conductor.register(None, 'cond-1', ['fake-hardware'],
                               update_existing=True)
    enginefacade.reset()
    config = _config(tmp_path, url)
    unpinned = _status(config)
    if moved:
        assert unpinned.returncode == 1
        text = _lines(unpinned)
        assert 'online data migrations pending: ' in text
        assert 'update_to_latest_versions: 2 row(s) left' in text
        migrate = subprocess.run([DBSYNC, '--config-file', config,
                                  'online_data_migrations'],
                                 capture_output=True)
        assert migrate.returncode == 0, migrate.stderr
        unpinned = _status(config)
    assert unpinned.returncode == 0, unpinned.stdout


def _one_line(args, text, timeout=60):
    """``ironic-lite-status args`` could not run: 255 and one line."""
    start = time.monotonic()
    result = subprocess.run([STATUS] + args, capture_output=True, text=True,
                            timeout=timeout)
    assert result.returncode == 255, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith('ironic-lite-status: error: ')
    assert text in lines[0]
    assert 'Traceback' not in result.stdout + result.stderr
    return time.monotonic() - start


def test_bad_config_is_one_line(tmp_path):
    _one_line(['upgrade', 'check', '--config-file',
               str(tmp_path / 'missing.conf')],
              'Failed to find some config files: %s'
              % (tmp_path / 'missing.conf'))


def test_bad_arguments_are_one_line(tmp_path):
    config = _config(tmp_path, 'sqlite:///%s/db.sqlite' % tmp_path)
    _one_line(['upgrad', 'check', '--config-file', config],
              "invalid choice: 'upgrad'")
    _one_line(['upgrade', 'check', '--config-file', config, '--bogus'],
              'unrecognized arguments: --bogus')


def test_bad_option_values_are_one_line(tmp_path):
    url = 'sqlite:///%s/db.sqlite' % tmp_path
    for section, option, value, text in [
            ('DEFAULT', 'rpc_transport', 'bogus',
             "invalid value for [DEFAULT]rpc_transport in"),
            ('api', 'port', 'x', 'invalid value for [api]port'),
            ('DEFAULT', 'pin_release_version', '0.9',
             "unknown [DEFAULT]pin_release_version '0.9'")]:
        config = services.write_config(str(tmp_path / 'bad.conf'), {
            'DEFAULT': {'state_path': str(tmp_path)},
            'database': {'connection': url}})
        with open(config, 'a') as f:
            f.write('[%s]\n%s = %s\n' % (section, option, value))
        _one_line(['upgrade', 'check', '--config-file', config], text)
    for url, text in [
            ('not a url', 'invalid [database]connection'),
            ('sqlite:///%s/nope/db.sqlite' % tmp_path,
             'the directory %s/nope does not exist' % tmp_path)]:
        _one_line(['upgrade', 'check', '--config-file',
                   _config(tmp_path, url)], text)


@pytest.mark.parametrize('url', [
    'postgresql+psycopg2://nobody:secret@127.0.0.1:1/nothing',
    'mysql+pymysql://root:secret@127.0.0.1:1/x'])
def test_an_unreachable_server_is_one_line_within_seconds(tmp_path, url):
    took = _one_line(['upgrade', 'check', '--config-file',
                      _config(tmp_path, url)],
                     'cannot connect to the database')
    # [database]max_retries x retry_interval is 3 s; start-up is the rest.
    assert took < 30


def test_previous_release_unfinished_on_its_schema(tmp_path):
    """Before the schema upgrade, on 1.0's schema: rows 1.0 left without a
    version fail the check with what dbsync upgrade says too."""
    url = 'sqlite:///%s/db.sqlite' % tmp_path
    config = _config(tmp_path, url)
    subprocess.run([DBSYNC, '--config-file', config, 'upgrade', '--revision',
                    '2a1f1c0e3b7d'], check=True, capture_output=True)
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(sa.text("INSERT INTO conductors (hostname, online, "
                             "version) VALUES ('c1', 0, NULL)"))
    result = _status(config)
    assert result.returncode == 2, result.stdout + result.stderr
    checks = {c['check']: c for c in json.loads(result.stdout)['checks']}
    refused = subprocess.run([DBSYNC, '--config-file', config, 'upgrade'],
                             capture_output=True, text=True)
    assert refused.returncode == 2
    assert checks['Previous release']['result'] == 2
    assert checks['Previous release']['details'] in refused.stderr
    assert 'update_to_latest_versions: 1 row(s) left' in \
        checks['Previous release']['details']
