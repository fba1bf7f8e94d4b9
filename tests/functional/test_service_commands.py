"""The services as an operator runs them: a bad start is one line on
stderr and exit 2 within seconds; SIGTERM under load stops them within
their documented time."""

import os
import signal
import socket
import sqlite3
import subprocess
import threading
import time

import pytest
import requests

from ironic_lite.command import api as api_command
from tests import fixtures
from tests.functional import services

HEADERS = {'X-OpenStack-Ironic-API-Version': '1.46'}


def _free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def _config(tmp_path, sections):
    """A config with a database at head under ``tmp_path``, then
    ``sections`` ({section: {option: value}}, '{tmp}' is tmp_path)."""
    merged = {'DEFAULT': {'state_path': str(tmp_path)},
              'database': {'connection': fixtures.sqlite_url(str(tmp_path))},
              'api': {'port': _free_port()}}
    for section, options in sections.items():
        merged.setdefault(section, {}).update(
            {k: str(v).replace('{tmp}', str(tmp_path)) for k, v in
             options.items()})
    return services.write_config(str(tmp_path / 'service.conf'), merged)


FAILURES = [
    ('ironic-lite', {'database': {'connection':
                                  'mysql+pymysql://root:pw@127.0.0.1:1/x'}},
     'cannot connect to the database mysql+pymysql://root:***@'),
    ('ironic-lite', {'database': {
        'connection': 'sqlite:///{tmp}/no/db.sqlite'}},
     'the directory {tmp}/no does not exist'),
    ('ironic-lite', {'DEFAULT': {'state_path': '{tmp}/gone'},
                     'database': {'connection': 'sqlite:///{tmp}/db.sqlite'}},
     '[DEFAULT]state_path {tmp}/gone: the directory'),
    ('ironic-lite', {'DEFAULT': {'driver_info_key_file': '{tmp}/no/key'}},
     '[DEFAULT]driver_info_key_file {tmp}/no/key: the directory {tmp}/no'),
    ('ironic-lite', {'DEFAULT': {'driver_info_key_file': '{tmp}'}},
     'cannot use [DEFAULT]driver_info_key_file'),
    ('ironic-lite', {'api': {'healthcheck_disable_file': '{tmp}/no/off'}},
     '[api]healthcheck_disable_file {tmp}/no/off: the directory {tmp}/no'),
    ('ironic-lite', {'DEFAULT': {'rpc_transport': 'bogus'}},
     "invalid value for [DEFAULT]rpc_transport in {tmp}/service.conf: Valid "
     "values are [oslo, none], but found 'bogus'"),
    ('ironic-lite', {'api': {'port': 'x'}}, 'invalid value for [api]port'),
    ('ironic-lite', {'conductor': {'heartbeat_interval': 'often'}},
     'invalid value for [conductor]heartbeat_interval'),
    ('ironic-lite', {'DEFAULT': {'log_file': '{tmp}/no/x.log'}},
     'cannot write the log ({tmp}/no/x.log)'),
    ('ironic-lite-api', {'DEFAULT': {'rpc_transport': 'none'}},
     'rpc_transport = none'),
    ('ironic-lite-api', {'database': {'connection':
                                      'postgresql+psycopg2://u:pw@'
                                      '127.0.0.1:1/x'}},
     'cannot connect to the database postgresql+psycopg2://u:***@'),
    ('ironic-lite-api', {'api': {'healthcheck_disable_file': '{tmp}/no/off'}},
     '[api]healthcheck_disable_file'),
    ('ironic-lite-conductor', {'database': {'connection':
                                            'not a url'}},
     'invalid [database]connection'),
    ('ironic-lite-conductor', {'DEFAULT': {'driver_info_key_file':
                                           '{tmp}/no/key'}},
     '[DEFAULT]driver_info_key_file'),
]


@pytest.mark.parametrize('prog,sections,text', FAILURES)
def test_a_bad_start_is_one_line(tmp_path, prog, sections, text):
    config = _config(tmp_path, sections)
    start = time.monotonic()
    result = subprocess.run([os.path.join(services.BIN, prog),
                             '--config-file', config],
                            capture_output=True, text=True, timeout=120)
    took = time.monotonic() - start
    lines = result.stderr.strip().splitlines()
    assert result.returncode == 2, result.stdout + result.stderr
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith('%s: error: ' % prog)
    assert text.replace('{tmp}', str(tmp_path)) in lines[0]
    assert 'Traceback' not in result.stdout + result.stderr
    assert 'pw@' not in result.stdout + result.stderr
    # Three connection attempts a second apart at most; start-up is the
    # rest, on a loaded machine.
    assert took < 60


@pytest.mark.parametrize('prog', ['ironic-lite', 'ironic-lite-api',
                                  'ironic-lite-conductor'])
def test_bad_arguments_are_one_line(prog):
    result = subprocess.run([os.path.join(services.BIN, prog), '--bogus'],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 127
    assert result.stderr.strip().splitlines() == [
        '%s: error: unrecognized arguments: --bogus' % prog]


class _Load:
    """Keep-alive clients on the all-in-one: each polls its node and
    changes its power; some also ask for the boot device, which takes
    as long as [fake]management_delay (a BMC that does not answer)."""

    def __init__(self, url, clients, slow):
        self.url = url
        self.stop = threading.Event()
        self.answers = 0
        self.threads = [threading.Thread(target=self._run, args=(i < slow,),
                                         daemon=True)
                        for i in range(clients)]

    def _run(self, slow):
        session = requests.Session()
        try:
            node = session.post(self.url + '/nodes', headers=HEADERS, json={
                'driver': 'fake-hardware'}).json()['uuid']
            path = self.url + '/nodes/%s' % node
            while not self.stop.is_set():
                if slow:
                    session.get(path + '/management/boot_device',
                                headers=HEADERS, timeout=120)
                session.put(path + '/states/power', headers=HEADERS,
                            json={'target': 'power on'}, timeout=120)
                session.get(path, headers=HEADERS, timeout=120)
                self.answers += 1
        except requests.RequestException:
            pass  # the service went away

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()


def _all_in_one_under_load(tmp_path, slow):
    config = _config(tmp_path, {
        'DEFAULT': {'graceful_shutdown_timeout': 5},
        'fake': {'power_delay': 0.5, 'management_delay': 120}})
    aio = services.Service('ironic-lite', config,
                           str(tmp_path / 'aio.log')).start()
    try:
        aio.wait_for_log('serving on', 90)
        port = services.configparser.ConfigParser()
        port.read(config)
        url = 'http://127.0.0.1:%s/v1' % port['api']['port']
        with _Load(url, clients=6, slow=slow) as load:
            deadline = time.monotonic() + 60
            while load.answers < 12 and time.monotonic() < deadline:
                time.sleep(0.2)
            assert load.answers >= 12, aio.log()
            start = time.monotonic()
            aio.process.send_signal(signal.SIGTERM)
            code = aio.process.wait(120)
            took = time.monotonic() - start
    finally:
        aio.kill()
    assert 'Traceback' not in aio.log()
    db = sqlite3.connect(str(tmp_path / 'ironic-lite.sqlite'))
    locked = db.execute('SELECT count(*) FROM nodes WHERE reservation IS '
                        'NOT NULL').fetchone()[0]
    db.close()
    return code, took, locked


def test_sigterm_under_load_stops_the_all_in_one(tmp_path):
    code, took, locked = _all_in_one_under_load(tmp_path, slow=0)
    assert code == 0
    assert locked == 0
    # 10 s for the API and 5 s of graceful time; generous for a loaded
    # 2-core machine.
    assert took < api_command.SHUTDOWN_TIMEOUT + 5 + 20


def test_sigterm_cuts_off_requests_stuck_past_the_timeout(tmp_path):
    """Requests that would run 120 s do not hold the process: it exits 1
    after the API's shutdown timeout, with no node left locked."""
    code, took, locked = _all_in_one_under_load(tmp_path, slow=2)
    assert code == 1
    assert locked == 0
    assert took < api_command.SHUTDOWN_TIMEOUT + 5 + 20


def test_a_url_that_does_not_parse_keeps_its_password(tmp_path):
    config = _config(tmp_path, {'database': {
        'connection': 'mysql+pymysql://root:hunter2/x'}})
    result = subprocess.run([os.path.join(services.BIN, 'ironic-lite'),
                             '--config-file', config],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        'ironic-lite: error: invalid [database]connection: it does not '
        'parse as a database URL (a port that is not a number?)']
    assert 'hunter2' not in result.stdout
