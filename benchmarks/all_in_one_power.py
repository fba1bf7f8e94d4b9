"""Time from a power request to the new state in the DB, all-in-one.

Usage: python benchmarks/all_in_one_power.py [requests]

Starts the ``ironic-lite`` process on a fresh SQLite database, creates a
fake-hardware node, then for each request: ``PUT
/v1/nodes/{node}/states/power`` over HTTP and wait, reading the database
file from a connection of its own, until the node is in the requested
state and unlocked. Prints median and p99.
"""

import json
import os
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

from tests.functional import services  # noqa: E402

HEADERS = {'Content-Type': 'application/json',
           'X-OpenStack-Ironic-API-Version': '1.46'}


def _request(method, url, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method,
                                 headers=HEADERS)
    with urllib.request.urlopen(req) as resp:
        text = resp.read()
    return json.loads(text) if text else None


def main(requests=200):
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        port = sock.getsockname()[1]
    with tempfile.TemporaryDirectory() as tmp:
        config = services.write_config(os.path.join(tmp, 'aio.conf'), {
            'DEFAULT': {'state_path': tmp}, 'api': {'port': port}})
        subprocess.run([os.path.join(services.BIN, 'ironic-lite-dbsync'),
                        '--config-file', config, 'upgrade'], check=True,
                       capture_output=True)
        aio = services.Service('ironic-lite', config,
                               os.path.join(tmp, 'aio.log')).start()
        try:
            aio.wait_for_log('serving on')
            url = 'http://127.0.0.1:%d/v1' % port
            node = _request('POST', url + '/nodes',
                            {'driver': 'fake-hardware'})['uuid']
            db = sqlite3.connect(os.path.join(tmp, 'ironic-lite.sqlite'))
            target = 'power on'
            samples = []
            for i in range(requests + 20):
                start = time.perf_counter()
                _request('PUT', '%s/nodes/%s/states/power' % (url, node),
                         {'target': target})
                while db.execute('SELECT power_state, reservation FROM '
                                 'nodes WHERE uuid = ?', (node,)
                                 ).fetchone() != (target, None):
                    time.sleep(0.0002)
                if i >= 20:
                    samples.append(time.perf_counter() - start)
                target = 'power off' if target == 'power on' else 'power on'
        finally:
            aio.terminate()
    samples.sort()
    print('all-in-one: HTTP power request to new state in the DB: median '
          '%.2f ms, p99 %.2f ms (%d requests)' % (
              statistics.median(samples) * 1000,
              samples[int(len(samples) * 0.99) - 1] * 1000, len(samples)))


if __name__ == '__main__':
    main(*(int(arg) for arg in sys.argv[1:]))
