"""Concurrent writes through the API: clients creating nodes and PATCHing
them at once, with the power sync running, on the all-in-one on its
embedded SQLite and on the real PostgreSQL and MariaDB. No request may
fail, and every change the API acknowledged must be stored."""

import http.client
import json
import threading
import time

import pytest

from tests.functional.api import conftest

HEADERS = {'Content-Type': 'application/json',
           'X-OpenStack-Ironic-API-Version': '1.51'}
#: PATCHes each client sends to its own node.
PATCHES = 8
#: Tries of a write that finds the node locked (clients retry these).
LOCKED_RETRIES = 30


@pytest.fixture(params=['sqlite', 'postgresql', 'mysql'])
def busy_all_in_one(request, tmp_path):
    """An all-in-one on the given database with the power sync running
    every second; yields its URL and process."""
    database = {}
    if request.param != 'sqlite':
        database['connection'] = request.getfixturevalue(
            request.param + '_url')
    yield from conftest.all_in_one_service(
        tmp_path, conductor={'sync_power_state_interval': 1},
        database=database)


def _call(conn, method, path, body=None):
    conn.request(method, path, body=None if body is None
                 else json.dumps(body), headers=HEADERS)
    resp = conn.getresponse()
    return resp.status, resp.read()


def _write(conn, method, path, body):
    """A write as the clients send it: again after a 409 NodeLocked
    (another task, here the power sync, holds the node's lock), as
    openstacksdk and python-ironicclient do."""
    for _ in range(LOCKED_RETRIES):
        status, answer = _call(conn, method, path, body)
        if status != 409 or b'is locked by host' not in answer:
            return status, answer
        time.sleep(0.1)
    return status, answer


def _client(port, name, barrier, outcome):
    """Create node ``name``, then set PATCHES extra keys on it one by one;
    records (failed requests, keys acknowledged, node UUID)."""
    failures = []
    acknowledged = {}
    uuid = None
    conn = http.client.HTTPConnection('127.0.0.1', port, timeout=120)
    try:
        barrier.wait()
        status, body = _write(conn, 'POST', '/v1/nodes',
                              {'name': name, 'driver': 'fake-hardware'})
        if status != 201:
            failures.append(('POST', status, body[:300]))
            return
        uuid = json.loads(body)['uuid']
        for i in range(PATCHES):
            key = 'k%d' % i
            status, body = _write(conn, 'PATCH', '/v1/nodes/%s' % uuid, [
                {'op': 'add', 'path': '/extra/%s' % key, 'value': i}])
            if status == 200:
                acknowledged[key] = i
            else:
                failures.append(('PATCH', status, body[:300]))
    except OSError as e:
        failures.append(('connection', type(e).__name__, str(e)))
    finally:
        conn.close()
        outcome[name] = (failures, acknowledged, uuid)


@pytest.mark.parametrize('clients', [8, 32])
def test_concurrent_creates_and_patches(busy_all_in_one, clients):
    url, processes = busy_all_in_one
    port = int(url.rsplit(':', 1)[1])
    service = processes['all-in-one']
    barrier = threading.Barrier(clients)
    outcome = {}
    threads = [threading.Thread(target=_client,
                                args=(port, 'burst-%d' % n, barrier,
                                      outcome))
               for n in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    failures = [f for failed, _, _ in outcome.values() for f in failed]
    assert failures == [], failures
    assert len(outcome) == clients
    conn = http.client.HTTPConnection('127.0.0.1', port, timeout=60)
    try:
        for name, (_, acknowledged, uuid) in sorted(outcome.items()):
            status, body = _call(conn, 'GET', '/v1/nodes/%s' % uuid)
            assert status == 200, body
            node = json.loads(body)
            assert node['name'] == name
            assert node['extra'] == acknowledged
            assert len(acknowledged) == PATCHES
    finally:
        conn.close()
    # The power sync writes these nodes (their first power state).
    deadline = time.monotonic() + 10
    while 'recording it' not in service.own_log():
        assert time.monotonic() < deadline, 'no power sync wrote a node'
        time.sleep(0.2)
    # The power sync ran meanwhile, and nothing surfaced as a server error.
    assert 'database is locked' not in service.own_log()
    assert 'Traceback' not in service.own_log()
