"""The API under faults, with real processes: ironic-lite-api and
ironic-lite-conductor on RabbitMQ and PostgreSQL, each reaching the
database through a TCP proxy of its own that the test cuts and restores.

One deployment goes through every phase (starting one costs seconds):

1. 20 concurrent PATCHes of one node, in rounds: every PATCH answered
   200 has its key in the node afterwards.
2. The API's database cut: reads and writes answer 503 with Retry-After
   and the DatabaseUnavailable message, /healthcheck 503; once restored,
   both recover by themselves.
3. The conductor's database cut: a PATCH the API can read for answers
   503 too (the error comes back from the conductor).
4. A BMC password sent through bad requests and the faults never shows
   in a response or a log line; the API logs no SQL and no traceback.
"""

import concurrent.futures
import json
import os
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest

from tests import fixtures
from tests.functional import services
from tests.functional import tcp_proxy

SECRET = 'Sentinel-Pa55word-9b1d'
HEADERS = {'Content-Type': 'application/json',
           'X-OpenStack-Ironic-API-Version': 'latest'}
UNAVAILABLE = ('The database is not reachable at the moment; please '
               'retry later.')


def _call(url, method='GET', body=None, timeout=60):
    """(status, headers, parsed body or text)."""
    data = body if isinstance(body, bytes) or body is None else \
        json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method,
                                 headers=HEADERS)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            status, headers, text = resp.status, resp.headers, resp.read()
    except urllib.error.HTTPError as e:
        status, headers, text = e.code, e.headers, e.read()
    try:
        return status, headers, json.loads(text) if text else None
    except ValueError:
        return status, headers, text.decode(errors='replace')


def _faultstring(body):
    return json.loads(body['error_message'])['faultstring']


def _via(url, proxy):
    parts = urllib.parse.urlsplit(url)
    return urllib.parse.urlunsplit(parts._replace(
        netloc='%s@127.0.0.1:%d' % (parts.username, proxy.port),
        query='connect_timeout=3'))


@pytest.fixture
def split(tmp_path):
    """(API URL, {'api', 'conductor'}: Service, {name: TcpProxy})."""
    with fixtures.server_database('postgresql') as db_url, \
            services.rabbit_vhost() as rabbit_url:
        pg = urllib.parse.urlsplit(db_url)
        proxies = {name: tcp_proxy.TcpProxy(pg.port, pg.hostname).start()
                   for name in ('api', 'conductor')}
        port = services_port()
        procs = {}
        for name in ('api', 'conductor'):
            services.write_config(str(tmp_path / ('%s.conf' % name)), {
                'DEFAULT': {'host': 'faults-conductor',
                            'transport_url': rabbit_url,
                            'state_path': str(tmp_path),
                            'hash_ring_reset_interval': 1,
                            'graceful_shutdown_timeout': 5},
                'database': {'connection': _via(db_url, proxies[name])},
                'conductor': {'heartbeat_interval': 1,
                              'sync_power_state_interval': 0},
                'api': {'port': port},
            })
        dbsync = services.write_config(str(tmp_path / 'dbsync.conf'), {
            'DEFAULT': {'state_path': str(tmp_path)},
            'database': {'connection': db_url}})
        subprocess.run([os.path.join(services.BIN, 'ironic-lite-dbsync'),
                        '--config-file', dbsync, 'create_schema'],
                       check=True, capture_output=True)
        try:
            for name in ('conductor', 'api'):
                procs[name] = services.Service(
                    'ironic-lite-%s' % name,
                    str(tmp_path / ('%s.conf' % name)),
                    str(tmp_path / ('%s.log' % name))).start()
            procs['conductor'].wait_for_log('serves RPC')
            procs['api'].wait_for_log('serving on')
            url = 'http://127.0.0.1:%d' % port
            _wait(lambda: _call(url + '/v1/drivers')[0] == 200, 30,
                  'no conductor behind the API')
            yield url, procs, proxies
        finally:
            for name in ('api', 'conductor'):
                if name in procs:
                    procs[name].terminate(timeout=30)
            for proxy in proxies.values():
                proxy.stop()


def services_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def _wait(predicate, timeout, what):
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise AssertionError(what)
        time.sleep(0.2)


def _concurrent_patches(url, node, rounds=3, writers=20):
    accepted = 0
    for number in range(rounds):
        barrier = threading.Barrier(writers)

        def patch(i):
            barrier.wait()
            return _call('%s/v1/nodes/%s' % (url, node), 'PATCH', [
                {'op': 'add', 'path': '/extra/k%d-%d' % (number, i),
                 'value': i}])[0]
        with concurrent.futures.ThreadPoolExecutor(writers) as pool:
            statuses = list(pool.map(patch, range(writers)))
        assert set(statuses) <= {200, 409}, statuses
        extra = _call('%s/v1/nodes/%s' % (url, node))[2]['extra']
        lost = [i for i, status in enumerate(statuses)
                if status == 200 and 'k%d-%d' % (number, i) not in extra]
        assert not lost, 'round %d: answered 200, lost: %s' % (number, lost)
        accepted += statuses.count(200)
    assert accepted, 'no PATCH got through'


def _check_503(result, what):
    status, headers, body = result
    assert status == 503, (what, status, body)
    assert headers['Retry-After'], what
    assert _faultstring(body) == UNAVAILABLE, (what, body)


def test_split_services_under_faults(split):
    url, procs, proxies = split
    status, _, node = _call(url + '/v1/nodes', 'POST', {
        'driver': 'fake-hardware', 'name': 'f1',
        'driver_info': {'fake_password': SECRET}})
    assert status == 201, node
    node_url = '%s/v1/nodes/%s' % (url, node['uuid'])

    # 1. No lost update.
    _concurrent_patches(url, node['uuid'])

    # 2. The API's database goes away, then comes back.
    proxies['api'].cut()
    _check_503(_call(url + '/v1/nodes'), 'list')
    _check_503(_call(node_url, 'PATCH', [
        {'op': 'add', 'path': '/driver_info/x', 'value': SECRET}]), 'patch')
    status, headers, text = _call(url + '/healthcheck')
    assert (status, text) == (503, 'OK\nDATABASE UNREACHABLE')
    assert headers['Retry-After']
    proxies['api'].restore()
    _wait(lambda: _call(url + '/healthcheck')[0] == 200, 20,
          'the healthcheck did not recover')
    assert _call(node_url)[0] == 200

    # 3. The conductor's database goes away: the API reads the node, the
    # conductor cannot lock it.
    proxies['conductor'].cut()
    _check_503(_call(node_url, 'PATCH', [
        {'op': 'add', 'path': '/extra/during', 'value': 1}]),
        'patch through the conductor')
    proxies['conductor'].restore()
    _wait(lambda: _call(node_url, 'PATCH', [
        {'op': 'add', 'path': '/extra/after', 'value': 1}])[0] == 200, 30,
        'the conductor did not recover')

    # 4. Bad requests carrying the password; then nothing shows it.
    answers = [_call(node_url, 'PATCH', patch) for patch in (
        [{'op': 'replace', 'path': '/driver_info/nope/x', 'value': 1}],
        [{'op': 'replace', 'path': '/driver_info', 'value': [SECRET]}],
        [{'op': 'add', 'path': '/driver_info/y', 'value': SECRET + '\0'}])]
    answers.append(_call(node_url))
    assert [a[0] for a in answers] == [400, 400, 400, 200]
    assert all(SECRET not in json.dumps(a[2]) for a in answers)
    api_log, conductor_log = procs['api'].log(), procs['conductor'].log()
    assert SECRET not in api_log and SECRET not in conductor_log
    # A warning may name the driver's exception class; never its message
    # (which carries the SQL, parameters and the server's address).
    for text in ('Traceback', 'SELECT ', 'UPDATE ', '[SQL',
                 'Connection refused'):
        assert text not in api_log, text
    assert 'Answered 503 (' in api_log
