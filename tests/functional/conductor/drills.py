"""Split services under faults, and the account of every request.

A :class:`Deployment` runs one ``ironic-lite-api`` and conductors as real
processes on the real PostgreSQL and RabbitMQ, each link through a
:class:`~tests.functional.tcp_proxy.TcpProxy`: one between every service
and the database, one between each conductor and the broker (the API
reaches the broker directly). A :class:`Load` drives fake-hardware nodes
through the API the way clients do: each client thread owns a few nodes
and cycles them through provision verbs, power changes and PATCHes,
waiting for each accepted operation to settle before the next one. The
:class:`Account` says what became of every request and operation.

Used by the drills of ``test_faults.py`` (short intervals) and by
``benchmarks/fault_drills.py`` (production-like ones).
"""

import collections
import itertools
import json
import os
import re
import subprocess
import threading
import time

import requests

from tests.functional import services
from tests.functional import tcp_proxy

HEADERS = {'X-OpenStack-Ironic-API-Version': 'latest'}

#: provision verb -> the state the node ends in when it works
VERB_ENDS = {'manage': 'manageable', 'provide': 'available',
             'active': 'active', 'deleted': 'available'}
#: provision state -> the verb that moves a node on from it
NEXT_VERB = {'enroll': 'manage', 'manageable': 'provide',
             'available': 'active', 'active': 'deleted',
             'deploy failed': 'deleted', 'error': 'deleted',
             'clean failed': 'manage', 'inspect failed': 'manage',
             'adopt failed': 'manage'}
STABLE = frozenset(NEXT_VERB)


def _port_of(url, default):
    match = re.search(r':(\d+)/', url)
    return int(match.group(1)) if match else default


def _via(url, proxy, default_port):
    """``url`` with its port replaced by the proxy's."""
    return url.replace(':%d/' % _port_of(url, default_port),
                       ':%d/' % proxy.port, 1)


class Deployment:
    """One API and conductors, every link through a proxy.

    :param options: ``{section: {option: value}}`` for every service.
    :param fake: the ``[fake]`` delays of the conductors.
    """

    def __init__(self, workdir, db_url, rabbit_url, options, fake=None):
        self.workdir = workdir
        self.rabbit_url = rabbit_url
        self.options = options
        self.fake = fake or {}
        self.db_proxy = tcp_proxy.TcpProxy(_port_of(db_url, 5432)).start()
        self.db_url = _via(db_url, self.db_proxy, 5432)
        self.broker_proxies = {}
        self.services = {}
        self.api_url = None
        subprocess.run([os.path.join(services.BIN, 'ironic-lite-dbsync'),
                        '--config-file', self._config('dbsync', {
                            'database': {'connection': db_url}}),
                        'upgrade'], check=True, capture_output=True)

    def _config(self, name, sections):
        merged = {section: dict(values)
                  for section, values in self.options.items()}
        for section, values in sections.items():
            merged.setdefault(section, {}).update(values)
        merged.setdefault('DEFAULT', {}).setdefault(
            'state_path', self.workdir)
        return services.write_config(
            os.path.join(self.workdir, '%s.conf' % name), merged)

    def _start(self, name, command, config):
        service = services.Service(command, config, os.path.join(
            self.workdir, '%s.log' % name)).start()
        self.services[name] = service
        return service

    def start_conductor(self, host, wait=True, broker_cut=False):
        """Start a conductor (and the proxy to its broker, cut with
        ``broker_cut``); with ``wait``, until it serves RPC."""
        proxy = self.broker_proxies.get(host)
        if proxy is None:
            proxy = tcp_proxy.TcpProxy(_port_of(self.rabbit_url, 5672))
            self.broker_proxies[host] = proxy.start()
        if broker_cut:
            proxy.cut()
        config = self._config(host, {
            'DEFAULT': {'host': host,
                        'transport_url': _via(self.rabbit_url, proxy, 5672)},
            'database': {'connection': self.db_url},
            'fake': self.fake})
        service = self._start(host, 'ironic-lite-conductor', config)
        if wait:
            service.wait_for_log('serves RPC', timeout=60)
        return service

    def start_api(self, name='api'):
        port = _free_port()
        config = self._config(name, {
            'DEFAULT': {'host': name, 'transport_url': self.rabbit_url},
            'database': {'connection': self.db_url},
            'api': {'port': port}})
        service = self._start(name, 'ironic-lite-api', config)
        service.wait_for_log('serving on', timeout=60)
        self.api_url = 'http://127.0.0.1:%d' % port
        return service

    def create_nodes(self, count):
        """Nodes created through the API (waits for a conductor)."""
        uuids = []
        deadline = time.monotonic() + 60
        while len(uuids) < count:
            resp = requests.post(self.api_url + '/v1/nodes', headers=HEADERS,
                                 json={'driver': 'fake-hardware'},
                                 timeout=30)
            if resp.status_code == 201:
                uuids.append(resp.json()['uuid'])
            elif time.monotonic() > deadline:
                raise AssertionError('cannot create nodes: %s %s'
                                     % (resp.status_code, resp.text))
            else:
                time.sleep(0.5)
        return uuids

    def host_of(self, node_uuid):
        """The conductor the API's answers say serves the node (1.49)."""
        resp = requests.get('%s/v1/nodes/%s' % (self.api_url, node_uuid),
                            params={'fields': 'conductor'}, headers=HEADERS,
                            timeout=30)
        return resp.json().get('conductor')

    def logs(self):
        return {name: service.log() for name, service in
                self.services.items()}

    def stop(self):
        for service in self.services.values():
            service.kill()
        for proxy in [self.db_proxy] + list(self.broker_proxies.values()):
            proxy.stop()


def _free_port():
    import socket
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def _fault(resp):
    """The faultstring of an error answer (its first words)."""
    try:
        fault = json.loads(resp.json()['error_message'])['faultstring']
    except (AttributeError, KeyError, TypeError, ValueError):
        return ''
    return fault[:70]


def settled(node):
    """No lock held, no operation running or pending."""
    return (node.get('reservation') is None
            and node.get('target_power_state') is None
            and node.get('target_provision_state') is None
            and node.get('provision_state') in STABLE)


class Operation:
    """An accepted request that changes a node, and what became of it."""

    def __init__(self, node, kind, target, accepted_at):
        self.node = node
        self.kind = kind          # 'provision', 'power' or 'patch'
        self.target = target
        self.accepted_at = accepted_at
        self.outcome = None       # 'done', 'failed', 'lost' (or stuck)
        self.settled_at = None
        self.last_error = None

    def finish(self, node, now):
        self.settled_at = now
        self.last_error = node.get('last_error')
        if self.kind == 'provision':
            done = node['provision_state'] == VERB_ENDS[self.target]
        elif self.kind == 'power':
            done = node['power_state'] == self.target
        else:
            done = node['extra'].get(self.target[0]) == self.target[1]
        self.outcome = ('done' if done else
                        'failed' if self.last_error else 'lost')


class Load:
    """``clients`` threads, each driving its share of ``nodes``."""

    def __init__(self, api_url, nodes, clients=4, pause=0.2):
        self.api_url = api_url
        self.nodes = list(nodes)
        self.clients = clients
        self.pause = pause
        self.requests = []        # (start, node, what, status, seconds)
        self.refusals = collections.Counter()   # (what, status, message)
        self.operations = []
        self.pending = {}
        self._stop = threading.Event()
        self._threads = []
        self._lock = threading.Lock()
        self._counter = itertools.count()

    def start(self):
        for i in range(self.clients):
            share = self.nodes[i::self.clients]
            thread = threading.Thread(target=self._client, args=(share,),
                                      daemon=True)
            thread.start()
            self._threads.append(thread)
        return self

    def stop(self):
        self._stop.set()
        for thread in self._threads:
            thread.join(120)

    def _request(self, session, method, node, path='', what=None, **kw):
        started = time.monotonic()
        try:
            resp = session.request(
                method, '%s/v1/nodes/%s%s' % (self.api_url, node, path),
                headers=HEADERS, timeout=90, **kw)
            status = resp.status_code
        except requests.RequestException:
            resp, status = None, 'no answer'
        with self._lock:
            self.requests.append((started, node, what or method, status,
                                  time.monotonic() - started))
            if status not in (200, 202):
                self.refusals[(what or method, status,
                               _fault(resp))] += 1
        return resp, status

    def _client(self, nodes):
        session = requests.Session()
        kinds = itertools.cycle(['provision', 'power', 'patch'])
        while not self._stop.is_set():
            for node in nodes:
                self._step(session, node, kinds)
            self._stop.wait(self.pause)

    def _step(self, session, node, kinds):
        resp, status = self._request(session, 'GET', node, what='get')
        if status != 200:
            return
        view = resp.json()
        op = self.pending.get(node)
        if op is not None:
            if settled(view):
                op.finish(view, time.monotonic())
                del self.pending[node]
            return
        if not settled(view) or self._stop.is_set():
            return
        if view['maintenance']:
            self._request(session, 'DELETE', node, '/maintenance',
                          what='maintenance')
            return
        kind = next(kinds)
        if kind == 'provision':
            target = NEXT_VERB[view['provision_state']]
            resp, status = self._request(
                session, 'PUT', node, '/states/provision',
                what='provision', json={'target': target})
        elif kind == 'power':
            target = ('power off' if view['power_state'] == 'power on'
                      else 'power on')
            resp, status = self._request(
                session, 'PUT', node, '/states/power', what='power',
                json={'target': target})
        else:
            target = ('k%d' % next(self._counter), time.time())
            resp, status = self._request(
                session, 'PATCH', node, what='patch', json=[
                    {'op': 'add', 'path': '/extra/%s' % target[0],
                     'value': target[1]}])
        if status in (200, 202):
            op = Operation(node, kind, target, time.monotonic())
            with self._lock:
                self.operations.append(op)
            if kind == 'patch':
                op.finish(resp.json(), time.monotonic())
            else:
                self.pending[node] = op

    def wait_in_flight(self, count, timeout=30):
        """Wait until ``count`` operations run at once (power or
        provision, accepted and not settled), so that a fault that comes
        next meets work in flight."""
        deadline = time.monotonic() + timeout
        while len(self.pending) < count:
            if time.monotonic() > deadline:
                raise AssertionError('only %d operations in flight'
                                     % len(self.pending))
            time.sleep(0.05)

    def wait_settled(self, timeout):
        """Poll the pending operations until they settle (or ``timeout``
        s pass); returns the seconds it took."""
        started = time.monotonic()
        session = requests.Session()
        while self.pending and time.monotonic() - started < timeout:
            for node, op in list(self.pending.items()):
                resp, status = self._request(session, 'GET', node,
                                             what='get')
                if status == 200 and settled(resp.json()):
                    op.finish(resp.json(), time.monotonic())
                    del self.pending[node]
            time.sleep(0.2)
        return time.monotonic() - started


class Account:
    """What a drill did, from a Load and the services' logs.

    :param restored_at: when the fault ended (monotonic), or None.
    :param dead: conductors killed on purpose (their locks may be broken).
    """

    def __init__(self, load, logs, restored_at=None, dead=()):
        self.load = load
        self.restored_at = restored_at
        ops = load.operations
        self.accepted = len(ops)
        self.outcomes = collections.Counter(op.outcome or 'stuck'
                                            for op in ops)
        self.lost = [op for op in ops if op.outcome == 'lost']
        self.stuck = [op for op in ops if op.outcome is None]
        self.refused = collections.Counter(
            status for _s, _n, what, status, _t in load.requests
            if what != 'get' and status not in (200, 202))
        self.failed_reads = collections.Counter(
            status for _s, _n, what, status, _t in load.requests
            if what == 'get' and status != 200)
        broken = set()
        for text in logs.values():
            broken.update(re.findall(
                r'Broke the lock of dead conductor (\S+)', text))
        self.false_takeovers = sorted(broken - set(dead))
        self.died_errors = [op for op in ops if op.last_error and
                            'died' in op.last_error and
                            not any(host in op.last_error for host in dead)]

    def settle_times(self):
        """Seconds from the restore to the settling of each operation
        that was accepted before it and settled after it."""
        if self.restored_at is None:
            return []
        return [op.settled_at - self.restored_at for op in
                self.load.operations if op.settled_at is not None and
                op.accepted_at < self.restored_at < op.settled_at]

    def recovery(self):
        """Seconds from the restore to the first change accepted after
        it, and to the last settling of an operation in flight."""
        if self.restored_at is None:
            return None, None
        first = min((start for start, _n, what, status, _t in
                     self.load.requests if start >= self.restored_at and
                     what != 'get' and status in (200, 202)), default=None)
        settles = self.settle_times()
        return (None if first is None else first - self.restored_at,
                max(settles) if settles else 0.0)

    def summary(self):
        first, last = self.recovery()
        return {
            'accepted': self.accepted,
            'outcomes': dict(self.outcomes),
            'refused': dict(self.refused),
            'failed_reads': dict(self.failed_reads),
            'lost': len(self.lost), 'stuck': len(self.stuck),
            'false_takeovers': len(self.false_takeovers) +
            len(self.died_errors),
            'first_accepted_after_restore': first,
            'settled_after_restore': last,
        }
