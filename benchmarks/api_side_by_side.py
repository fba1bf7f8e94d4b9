"""ironic-lite's API next to the limit of its web stack, in one run.

Usage: python benchmarks/api_side_by_side.py [--seconds S] [--nodes N]
           [--profile DIR]

Starts two servers on fresh SQLite databases, one after the other, and
measures both with the same client threads:

* **ironic-lite**: the all-in-one ``ironic-lite`` process (API, conductor,
  power sync at its default interval);
* **bare**: a Pecan application served by cheroot (what ironic-lite's API
  runs on) whose handlers read or write one SQLite row with the
  standard library, with no validation, policy, objects or RPC. It is the
  most the stack gives on this machine now.

Figures: GET one node with 1 and 8 connections (req/s, p50 ms); list and
detail of N nodes (default 1,000; ms, median of 5); create with 1 client
(nodes/s); PATCH with 1 and 8 clients on different nodes (req/s and
errors, that is answers other than 200); the server's RSS at the end
(MB). Every ironic-lite figure is also given as a ratio to the bare
app's (for times: bare / ironic-lite, so 1.0 is the limit either way).

With ``--profile DIR`` and py-spy on the PATH, the GET, create and PATCH
phases of ironic-lite are also sampled by ``py-spy record`` (one raw
collapsed-stack file per phase in DIR) and the top functions by own
samples are printed.
"""

import argparse
import collections
import http.client
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

from tests.functional.api import conftest  # noqa: E402
from tests.functional import services  # noqa: E402

HEADERS = {'Content-Type': 'application/json',
           'X-OpenStack-Ironic-API-Version': '1.51'}

# The bare app, run in a process of its own by this script (--bare PORT DB).
BARE_APP = '''
import json, sqlite3, sys, threading, uuid
import pecan
from pecan import rest
from cheroot import wsgi

DB = sys.argv[2]
_local = threading.local()


def db():
    conn = getattr(_local, 'conn', None)
    if conn is None:
        conn = _local.conn = sqlite3.connect(DB, timeout=10,
                                             isolation_level=None)
        conn.execute('PRAGMA journal_mode=WAL')
        conn.execute('PRAGMA synchronous=NORMAL')
    return conn


def row(r):
    return {'uuid': r[0], 'name': r[1], 'driver': r[2],
            'extra': json.loads(r[3])}


class Nodes(rest.RestController):
    _custom_actions = {'detail': ['GET']}

    @pecan.expose('json')
    def get_all(self, **kw):
        return {'nodes': [row(r) for r in db().execute(
            'SELECT uuid, name, driver, extra FROM nodes LIMIT ?',
            (int(kw.get('limit', 1000)),))]}

    @pecan.expose('json')
    def detail(self, **kw):
        return self.get_all(**kw)

    @pecan.expose('json')
    def get_one(self, ident):
        r = db().execute('SELECT uuid, name, driver, extra FROM nodes '
                         'WHERE uuid = ?', (ident,)).fetchone()
        if r is None:
            pecan.abort(404)
        return row(r)

    @pecan.expose('json')
    def patch(self, ident):
        conn = db()
        conn.execute('BEGIN IMMEDIATE')
        r = conn.execute('SELECT extra FROM nodes WHERE uuid = ?',
                         (ident,)).fetchone()
        extra = json.loads(r[0])
        for op in json.loads(pecan.request.body):
            extra[op['path'].split('/')[-1]] = op['value']
        conn.execute('UPDATE nodes SET extra = ? WHERE uuid = ?',
                     (json.dumps(extra), ident))
        conn.execute('COMMIT')
        return self.get_one(ident)

    @pecan.expose('json')
    def post(self):
        body = json.loads(pecan.request.body)
        ident = str(uuid.uuid4())
        db().execute('INSERT INTO nodes VALUES (?, ?, ?, ?)',
                     (ident, body.get('name'), body['driver'], '{}'))
        pecan.response.status = 201
        return self.get_one(ident)


class V1(object):
    nodes = Nodes()

    @pecan.expose('json')
    def drivers(self):
        # What the script waits for before it measures.
        return {'drivers': [{'name': 'fake-hardware'}]}


class Root(object):
    v1 = V1()


conn = sqlite3.connect(DB)
conn.execute('PRAGMA journal_mode=WAL')
conn.execute('CREATE TABLE IF NOT EXISTS nodes (uuid TEXT PRIMARY KEY, '
             'name TEXT UNIQUE, driver TEXT, extra TEXT)')
conn.commit()
conn.close()
app = pecan.make_app(Root())
server = wsgi.Server(('127.0.0.1', int(sys.argv[1])), app, numthreads=8)
print('serving on', flush=True)
server.safe_start()
'''


class Client:
    """One keep-alive connection."""

    def __init__(self, port):
        self.port = port
        self.conn = http.client.HTTPConnection('127.0.0.1', port, timeout=60)

    def call(self, method, path, body=None):
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, headers=HEADERS, body=None
                                  if body is None else json.dumps(body))
                resp = self.conn.getresponse()
                return resp.status, resp.read()
            except (http.client.RemoteDisconnected, ConnectionResetError,
                    BrokenPipeError):
                # The server closed the idle keep-alive connection.
                self.conn.close()
                if attempt == 2:
                    raise
                self.conn = http.client.HTTPConnection(
                    '127.0.0.1', self.port, timeout=60)

    def close(self):
        self.conn.close()


def _rss_mb(pid):
    with open('/proc/%d/status' % pid) as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) / 1024.0
    return 0.0


def _parallel(port, threads, seconds, work):
    """Run ``work(client, index)`` (returns the status) in ``threads``
    threads for ``seconds``; (requests/s, p50 ms, errors)."""
    stop = time.monotonic() + seconds
    times, errors = [], [0]
    lock = threading.Lock()

    def loop(index):
        client = Client(port)
        mine = []
        bad = 0
        try:
            while time.monotonic() < stop:
                started = time.monotonic()
                status = work(client, index)
                mine.append(time.monotonic() - started)
                if status not in (200, 201):
                    bad += 1
        finally:
            client.close()
        with lock:
            times.extend(mine)
            errors[0] += bad

    started = time.monotonic()
    workers = [threading.Thread(target=loop, args=(i,))
               for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    elapsed = time.monotonic() - started
    return (len(times) / elapsed,
            statistics.median(times) * 1000 if times else 0.0, errors[0])


def measure(port, pid, seconds, nodes, profile=None, label=''):
    """Every figure of one server."""
    figures = collections.OrderedDict()
    client = Client(port)

    def phase(name):
        return _Sampler(pid, profile, label, name) if profile else (
            _Nothing())

    # create, 1 client, for at most ``seconds``
    uuids = []
    with phase('create'):
        started = time.monotonic()
        while time.monotonic() - started < seconds:
            status, body = client.call('POST', '/v1/nodes', {
                'driver': 'fake-hardware',
                'name': 'bench-%d' % len(uuids)})
            assert status == 201, body
            uuids.append(json.loads(body)['uuid'])
        figures['create, 1 client (nodes/s)'] = (
            len(uuids) / (time.monotonic() - started), 'rate')
    with phase('get'):
        rate, p50, _ = _parallel(port, 1, seconds, lambda c, i: c.call(
            'GET', '/v1/nodes/%s' % uuids[0])[0])
    figures['GET node, 1 connection (req/s)'] = (rate, 'rate')
    figures['GET node, 1 connection (p50 ms)'] = (p50, 'time')
    rate, p50, _ = _parallel(port, 8, seconds, lambda c, i: c.call(
        'GET', '/v1/nodes/%s' % uuids[i % len(uuids)])[0])
    figures['GET node, 8 connections (req/s)'] = (rate, 'rate')
    figures['GET node, 8 connections (p50 ms)'] = (p50, 'time')

    counter = iter(range(10 ** 9))

    def patch(c, i):
        return c.call('PATCH', '/v1/nodes/%s' % uuids[i % len(uuids)], [
            {'op': 'add', 'path': '/extra/k', 'value': next(counter)}])[0]

    with phase('patch'):
        rate, p50, errors = _parallel(port, 1, seconds, patch)
    figures['PATCH, 1 client (req/s)'] = (rate, 'rate')
    figures['PATCH, 1 client (errors)'] = (errors, 'count')
    rate, p50, errors = _parallel(port, 8, seconds, patch)
    figures['PATCH, 8 clients (req/s)'] = (rate, 'rate')
    figures['PATCH, 8 clients (errors)'] = (errors, 'count')

    # Up to ``nodes`` nodes, through the API with 8 clients, so that
    # both servers hold the same rows.
    names = iter(range(len(uuids), max(nodes, len(uuids))))
    lock = threading.Lock()

    def fill():
        filler = Client(port)
        try:
            while True:
                with lock:
                    n = next(names, None)
                if n is None:
                    return
                status, body = filler.call('POST', '/v1/nodes', {
                    'driver': 'fake-hardware', 'name': 'bench-%d' % n})
                assert status == 201, body
        finally:
            filler.close()

    fillers = [threading.Thread(target=fill) for _ in range(8)]
    for filler in fillers:
        filler.start()
    for filler in fillers:
        filler.join()
    limit = nodes
    status, body = client.call('GET', '/v1/nodes?limit=%d' % limit)
    assert status == 200, body
    figures['nodes listed'] = (len(json.loads(body)['nodes']), 'count')
    for name, path in (('list', '/v1/nodes?limit=%d' % limit),
                       ('detail', '/v1/nodes/detail?limit=%d' % limit)):
        samples = []
        for _ in range(5):
            started = time.monotonic()
            status, body = client.call('GET', path)
            samples.append((time.monotonic() - started) * 1000)
            assert status == 200, body
        figures['%s, all nodes (ms)' % name] = (
            statistics.median(samples), 'time')
    figures['RSS (MB)'] = (_rss_mb(pid), 'time')
    client.close()
    return figures


class _Nothing:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class _Sampler:
    """py-spy record on ``pid`` while the block runs."""

    def __init__(self, pid, directory, label, name):
        self.path = os.path.join(directory, '%s-%s.txt' % (label, name))
        self.name = name
        self.args = ['py-spy', 'record', '--pid', str(pid), '--rate', '250',
                     '--format', 'raw', '--output', self.path, '--nonblocking']

    def __enter__(self):
        self.proc = subprocess.Popen(self.args, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.DEVNULL)
        time.sleep(0.5)
        return self

    def __exit__(self, *exc):
        self.proc.send_signal(signal.SIGINT)
        self.proc.wait(30)
        _print_top(self.path, self.name)
        return False


def _print_top(path, name, count=12):
    """The functions with the most samples, own (leaf) and cumulated,
    of the request-serving threads (idle waits left out)."""
    own, total, samples = collections.Counter(), collections.Counter(), 0
    if not os.path.exists(path):
        print('  (no profile for %s)' % name)
        return
    with open(path) as f:
        for line in f:
            stack, _, n = line.rstrip().rpartition(' ')
            frames = stack.split(';')
            if not any('cheroot' in fr for fr in frames):
                continue
            if any(idle in frames[-1] for idle in (
                    'wait (threading', 'get (queue', 'select (selectors',
                    'poll (selectors', 'readinto (socket', 'accept (')):
                continue
            samples += int(n)
            own[frames[-1]] += int(n)
            for fr in set(frames):
                total[fr] += int(n)
    print('  profile of %s: %d busy samples of request threads' % (
        name, samples))
    print('    cumulated (ironic-lite\'s functions below 80 %):')
    shown = [(frame, n) for frame, n in total.most_common()
             if 'ironic_lite/' in frame and n < 0.8 * samples]
    for frame, n in shown[:count]:
        print('      %5.1f %%  %s' % (100.0 * n / max(samples, 1), frame))
    print('    own:')
    for frame, n in own.most_common(count):
        print('      %5.1f %%  %s' % (100.0 * n / max(samples, 1), frame))


def _ironic_lite(tmp, port):
    config = services.write_config(os.path.join(tmp, 'aio.conf'), {
        'DEFAULT': {'state_path': tmp}, 'api': {'port': port}})
    subprocess.run([os.path.join(services.BIN, 'ironic-lite-dbsync'),
                    '--config-file', config, 'upgrade'], check=True,
                   capture_output=True)
    return services.Service('ironic-lite', config,
                            os.path.join(tmp, 'aio.log')).start().process


def _bare(tmp, port):
    script = os.path.join(tmp, 'bare_app.py')
    with open(script, 'w') as f:
        f.write(BARE_APP)
    log = open(os.path.join(tmp, 'bare.log'), 'wb')
    return subprocess.Popen([sys.executable, script, str(port),
                             os.path.join(tmp, 'bare.sqlite')],
                            stdout=log, stderr=subprocess.STDOUT)


def _run(start, seconds, nodes, profile, label):
    with tempfile.TemporaryDirectory() as tmp:
        port = services.free_port()
        proc = start(tmp, port)
        try:
            conftest.wait_for_driver('http://127.0.0.1:%d' % port, 60)
            return measure(port, proc.pid, seconds, nodes, profile, label)
        finally:
            proc.terminate()
            try:
                proc.wait(30)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--seconds', type=float, default=5,
                        help='length of each timed phase')
    parser.add_argument('--nodes', type=int, default=1000)
    parser.add_argument('--profile', metavar='DIR')
    args = parser.parse_args()
    if args.profile:
        if not shutil.which('py-spy'):
            parser.error('--profile needs py-spy on the PATH')
        os.makedirs(args.profile, exist_ok=True)
    print('ironic-lite (all-in-one, SQLite):')
    lite = _run(_ironic_lite, args.seconds, args.nodes, args.profile, 'lite')
    print('bare Pecan + cheroot + one SQLite row:')
    bare = _run(_bare, args.seconds, args.nodes, None, 'bare')
    print()
    print('%-34s %12s %12s %8s' % ('', 'ironic-lite', 'bare app', 'ratio'))
    for name, (value, kind) in lite.items():
        other = bare.get(name, (0.0,))[0]
        if kind == 'rate' and other:
            ratio = '%.2f' % (value / other)
        elif kind == 'time' and value and other:
            ratio = '%.2f' % (other / value)
        else:
            ratio = ''
        print('%-34s %12.1f %12.1f %8s' % (name, value, other, ratio))
    print('ratio: ironic-lite / bare for rates, bare / ironic-lite for '
          'times and memory (1.0 = the stack\'s limit)')


if __name__ == '__main__':
    main()
