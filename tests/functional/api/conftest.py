"""ironic-lite as a user runs it: an ironic-lite-api and an
ironic-lite-conductor process on the real RabbitMQ (a vhost of their own)
and PostgreSQL (a throwaway database), or the all-in-one ironic-lite
process on its default SQLite database."""

import os
import socket
import subprocess
import time
import urllib.request

import pytest

from tests.functional import services


def free_port():
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def wait_for_driver(url, timeout=30):
    """Wait until the API lists fake-hardware (the conductor is up)."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(url + '/v1/drivers') as resp:
                if b'fake-hardware' in resp.read():
                    return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise AssertionError('no conductor behind %s' % url)
        time.sleep(0.2)


@pytest.fixture(params=['split', 'all-in-one'])
def deployment(request, tmp_path):
    """(API URL, {name: Service}); everything stopped afterwards."""
    if request.param == 'split':
        yield from _split(tmp_path, request.getfixturevalue('postgresql_url'))
    else:
        yield from all_in_one_service(tmp_path)


@pytest.fixture(scope='module')
def all_in_one(tmp_path_factory):
    """(API URL, {'all-in-one': Service}): one all-in-one process for the
    tests of a module."""
    yield from all_in_one_service(tmp_path_factory.mktemp('all-in-one'))


def all_in_one_service(tmp_path, **sections):
    """An all-in-one on a fresh schema (more option ``sections`` of its
    config file given by name); yields its URL and ``{'all-in-one':
    service}``."""
    port = free_port()
    config = services.write_config(str(tmp_path / 'ironic-lite.conf'), dict(
        sections, DEFAULT={'state_path': str(tmp_path)}, api={'port': port}))
    subprocess.run([os.path.join(services.BIN, 'ironic-lite-dbsync'),
                    '--config-file', config, 'upgrade'], check=True,
                   capture_output=True)
    service = services.Service('ironic-lite', config,
                               str(tmp_path / 'ironic-lite.log')).start()
    try:
        service.wait_for_log('serving on')
        url = 'http://127.0.0.1:%d' % port
        wait_for_driver(url)
        yield url, {'all-in-one': service}
    finally:
        assert service.terminate(timeout=30) == 0, service.log()


def _split(tmp_path, postgresql_url):
    port = free_port()
    with services.rabbit_vhost() as rabbit_url:
        config = services.write_config(str(tmp_path / 'ironic-lite.conf'), {
            'DEFAULT': {'host': 'api-test-conductor',
                        'transport_url': rabbit_url,
                        'state_path': str(tmp_path),
                        'hash_ring_reset_interval': 1,
                        'graceful_shutdown_timeout': 5},
            'database': {'connection': postgresql_url},
            'conductor': {'heartbeat_interval': 1,
                          'sync_power_state_interval': 0},
            'api': {'port': port},
        })
        subprocess.run([os.path.join(services.BIN, 'ironic-lite-dbsync'),
                        '--config-file', config, 'upgrade'], check=True,
                       capture_output=True)
        procs = {}
        try:
            procs['conductor'] = services.Service(
                'ironic-lite-conductor', config,
                str(tmp_path / 'conductor.log')).start()
            procs['api'] = services.Service(
                'ironic-lite-api', config, str(tmp_path / 'api.log')).start()
            procs['conductor'].wait_for_log('serves RPC')
            procs['api'].wait_for_log('serving on')
            url = 'http://127.0.0.1:%d' % port
            wait_for_driver(url)
            yield url, procs
        finally:
            for name in ('api', 'conductor'):
                if name in procs:
                    procs[name].terminate(timeout=30)
