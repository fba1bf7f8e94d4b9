"""How many new connections at once the API takes without resetting one.

Usage: python benchmarks/api_connection_burst.py [burst ...]
           [--backlog N] [--threads N]

Starts the all-in-one ``ironic-lite`` on a fresh SQLite database (with
``[api]backlog`` and ``[api]threads`` when given, else the defaults),
then for each burst size: that many threads, released together, each
open a new connection and ``GET /v1/nodes``. Prints, per burst, the
answers 200, the failed connections (reset, refused, timed out) and the
slowest answer.
"""

import argparse
import http.client
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

from tests.functional import services  # noqa: E402


def _one(port, barrier, results):
    barrier.wait()
    started = time.monotonic()
    try:
        conn = http.client.HTTPConnection('127.0.0.1', port, timeout=60)
        conn.request('GET', '/v1/nodes')
        status = conn.getresponse().status
        conn.close()
        results.append((status, time.monotonic() - started))
    except OSError as e:
        results.append((type(e).__name__, time.monotonic() - started))


def burst(port, size):
    """(answers 200, failures, slowest seconds) of ``size`` connections
    opened at once."""
    barrier = threading.Barrier(size)
    results = []
    threads = [threading.Thread(target=_one, args=(port, barrier, results))
               for _ in range(size)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    ok = sum(1 for status, _ in results if status == 200)
    return ok, len(results) - ok, max(seconds for _, seconds in results)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('bursts', nargs='*', type=int,
                        default=[20, 100, 200, 400])
    parser.add_argument('--backlog', type=int)
    parser.add_argument('--threads', type=int)
    args = parser.parse_args()
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        port = sock.getsockname()[1]
    api = {'port': port}
    for name in ('backlog', 'threads'):
        if getattr(args, name) is not None:
            api[name] = getattr(args, name)
    with tempfile.TemporaryDirectory() as tmp:
        config = services.write_config(os.path.join(tmp, 'aio.conf'), {
            'DEFAULT': {'state_path': tmp}, 'api': api})
        subprocess.run([os.path.join(services.BIN, 'ironic-lite-dbsync'),
                        '--config-file', config, 'upgrade'], check=True,
                       capture_output=True)
        aio = services.Service('ironic-lite', config,
                               os.path.join(tmp, 'aio.log')).start()
        try:
            aio.wait_for_log('serving on')
            chosen = ', '.join('%s=%s' % item for item in sorted(
                api.items()) if item[0] != 'port')
            print('[api] %s' % (chosen or 'defaults'))
            for size in args.bursts:
                ok, failed, slowest = burst(port, size)
                print('burst of %4d new connections: %4d answered 200, '
                      '%4d failed, slowest %.2f s'
                      % (size, ok, failed, slowest))
        finally:
            aio.terminate()


if __name__ == '__main__':
    main()
