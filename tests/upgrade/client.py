"""A REST client of the Bare Metal API, and a background load of them.

Every call is counted per upgrade step; a call "fails" when it gets an
answer a single-release deployment would not have given for it (any
unexpected status or a connection error), or when an operation it
started ends somewhere other than where it should (a failed state, a
last_error, a timeout). Each load client works on nodes of its own and
waits for an operation to finish before the next, so a 409 can only come
from a conductor's own work on the node (taking it over after a restart):
those and 503s are retried as python-ironicclient does (RETRIES).
"""

import collections
import random
import threading
import time
import uuid

import requests

from tests.upgrade import deployment as dep_mod

#: As python-ironicclient: a request answered 409 "node locked" or 503 is
#: tried again, up to RETRIES times. Needed because a conductor that
#: starts takes over the active nodes the hash ring gives it and locks
#: each for a moment, the clients' own nodes included; a deployment of one
#: release does the same at every conductor restart. Retries are counted.
RETRIES = 5
RETRY_INTERVAL = 1

#: What a client written against the last release asks for.
OLD_CLIENT_VERSION = '1.46'
HEADER = 'X-OpenStack-Ironic-API-Version'

_STABLE = {'enroll', 'manageable', 'available', 'active'}


class CallFailed(AssertionError):
    pass


class Client:
    """Calls against the APIs in a rotation (or one given URL)."""

    def __init__(self, deployment, version=OLD_CLIENT_VERSION):
        self.dep = deployment
        self.version = version
        self.session = requests.Session()
        self.calls = collections.Counter()
        self.retries = collections.Counter()
        self.failures = []
        #: Failures a deployment of the old release alone has too.
        self.known = []
        self._lock = threading.Lock()

    def call(self, method, path, body=None, expect=(200,), url=None,
             avoid=None, version=None):
        """One request; returns the response, raises CallFailed (and
        counts a failure) on anything but ``expect``."""
        step = self.dep.step
        rotated = url is None
        if rotated:
            url = self.dep.rotation.acquire(avoid=avoid)
        headers = {HEADER: version or self.version}
        try:
            for attempt in range(RETRIES + 1):
                resp = self.session.request(method, url + path, json=body,
                                            headers=headers, timeout=90)
                if not self._retriable(resp) or attempt == RETRIES:
                    break
                with self._lock:
                    self.retries[step] += 1
                time.sleep(RETRY_INTERVAL)
        except requests.RequestException as e:
            self._fail(step, method, url, path, 'error: %s' % e)
        finally:
            if rotated:
                self.dep.rotation.release(url)
        with self._lock:
            self.calls[step] += 1
        if resp.status_code not in expect:
            self._fail(step, method, url, path, '%s %s' % (
                resp.status_code, dep_mod.error_text(resp)))
        resp.api_url = url
        return resp

    @staticmethod
    def _retriable(resp):
        """What python-ironicclient retries: a node locked for a moment
        (409) or no conductor for it (503)."""
        return resp.status_code == 503 or (
            resp.status_code == 409
            and 'is locked by host' in dep_mod.error_text(resp))

    def _fail(self, step, method, url, path, what):
        with self._lock:
            self.calls[step] += 1
            self.failures.append((step, '%s %s%s: %s' % (method, url, path,
                                                         what)))
        raise CallFailed(self.failures[-1][1])

    def operation_failed(self, step, what):
        with self._lock:
            if self.dep.old_release_defect(what):
                self.known.append((step, what))
            else:
                self.failures.append((step, what))
        raise CallFailed(what)

    # --- node helpers ---

    def create_node(self, name, url=None, **fields):
        body = dict({'name': name, 'driver': 'fake-hardware'}, **fields)
        return self.call('POST', '/v1/nodes', body, expect=(201,),
                         url=url).json()

    def get_node(self, ident, url=None, avoid=None):
        return self.call('GET', '/v1/nodes/%s' % ident, url=url,
                         avoid=avoid).json()

    def patch_node(self, ident, patch, url=None, avoid=None):
        return self.call('PATCH', '/v1/nodes/%s' % ident, patch, url=url,
                         avoid=avoid).json()

    def power(self, ident, target, url=None):
        self.call('PUT', '/v1/nodes/%s/states/power' % ident,
                  {'target': target}, expect=(202,), url=url)
        return self.wait(ident, lambda n: n['power_state'] == target
                         and n['target_power_state'] is None)

    def provision(self, ident, verb, expected, url=None):
        self.call('PUT', '/v1/nodes/%s/states/provision' % ident,
                  {'target': verb}, expect=(202,), url=url)
        return self.wait(ident, lambda n: n['provision_state'] == expected
                         and n['target_provision_state'] is None)

    def wait(self, ident, done, timeout=60):
        """Poll until ``done(node)`` and the node is unlocked."""
        step = self.dep.step
        deadline = time.monotonic() + timeout
        while True:
            node = self.get_node(ident)
            if node.get('last_error') or (
                    node['provision_state'] or '').endswith('failed'):
                self.operation_failed(step, 'node %s: %s, %s' % (
                    ident, node['provision_state'], node['last_error']))
            if done(node) and node['reservation'] is None:
                return node
            if time.monotonic() > deadline:
                self.operation_failed(step, 'node %s timed out in %s' % (
                    ident, node['provision_state']))
            time.sleep(0.1)

    def next_verb(self, node):
        """(verb, the state it leads to) for the provision cycle."""
        return {'enroll': ('manage', 'manageable'),
                'manageable': ('provide', 'available'),
                'available': ('active', 'active'),
                'active': ('deleted', 'available')}[node['provision_state']]


class Load(threading.Thread):
    """A client that keeps reading and writing its own nodes through any
    API in the rotation until stopped."""

    def __init__(self, deployment, index, nodes=2):
        super().__init__(name='load-%d' % index, daemon=True)
        self.client = Client(deployment)
        self.prefix = 'load%d-%s' % (index, uuid.uuid4().hex[:6])
        self.nodes = nodes
        self.stopping = threading.Event()
        self.rounds = 0
        self.created = 0
        self.random = random.Random(index)

    def run(self):
        c = self.client
        owned = []
        while not self.stopping.is_set():
            try:
                while len(owned) < self.nodes:
                    self.created += 1
                    owned.append(c.create_node(
                        '%s-%d' % (self.prefix, self.created),
                        extra={'owner': self.prefix})['uuid'])
                for ident in list(owned):
                    if self.stopping.is_set():
                        break
                    self._exercise(ident)
                if self.rounds % 3 == 2:
                    # Retire a node: a delete and, next round, a create.
                    ident = owned.pop(0)
                    node = c.get_node(ident)
                    if node['provision_state'] == 'active':
                        c.provision(ident, 'deleted', 'available')
                    c.call('DELETE', '/v1/nodes/%s' % ident, expect=(204,))
                    c.call('GET', '/v1/nodes/%s' % ident, expect=(404,))
                c.call('GET', '/v1/nodes?limit=50')
                self.rounds += 1
            except CallFailed:
                # Counted already; a node in an unknown state is dropped.
                owned = []
                time.sleep(0.2)

    def _exercise(self, ident):
        c = self.client
        mark = uuid.uuid4().hex[:8]
        written = c.call('PATCH', '/v1/nodes/%s' % ident,
                         [{'op': 'add', 'path': '/extra/mark',
                           'value': mark}])
        # Read back through the other API: a different release, maybe.
        read = c.get_node(ident, avoid=written.api_url)
        if read['extra'].get('mark') != mark:
            c.operation_failed(c.dep.step, 'node %s: extra %r after '
                               'writing mark %s' % (ident, read['extra'],
                                                    mark))
        node = c.get_node(ident)
        c.power(ident, 'power off' if node['power_state'] == 'power on'
                else 'power on')
        verb, state = c.next_verb(node)
        c.provision(ident, verb, state)
