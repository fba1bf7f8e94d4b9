"""Inject NMI (API 1.29, conductor RPC 1.6) in the middle of a rolling
upgrade from release 1.0, with real processes.

An API of this tree pinned to 1.0 serves 1.29 (1.0's maximum is 1.46),
but a 1.0 conductor has no ``inject_nmi``. With a 1.0 conductor and a
pinned conductor of this tree running, an NMI for a node the hash ring
gives to the 1.0 conductor must go to the new one and work; once only
the 1.0 conductor is left it must answer 503, and the 1.0 conductor must
never have been sent the method.
"""

import time

import requests

from ironic_lite.common import hash_ring
from ironic_lite.conf import CONF
from tests import fixtures
from tests.upgrade import deployment as dep_mod

HEADERS = {'X-OpenStack-Ironic-API-Version': '1.29'}


def _call(url, method, path, body=None):
    return requests.request(method, url + path, json=body, headers=HEADERS,
                            timeout=60)


def _node_of(url, ring, host):
    """A fake-hardware node whose conductor is ``host``."""
    while True:
        node = _call(url, 'POST', '/v1/nodes',
                     {'driver': 'fake-hardware'}).json()
        if ring.get_host(node['uuid'], 'fake-hardware') == host:
            return node['uuid']
        _call(url, 'DELETE', '/v1/nodes/' + node['uuid'])


def test_pinned_nmi_skips_the_old_conductor(pg_deployment, conf):
    dep = pg_deployment
    url = dep_mod.beside_release_1_0(dep)
    fixtures.use_database(conf, dep.db_url)
    ring = hash_ring.HashRingManager(60, CONF.hash_partition_exponent,
                                     dep_mod.CONDUCTOR['heartbeat_timeout'])

    for host in ('cond-1', 'cond-2'):
        node = _node_of(url, ring, host)
        path = '/v1/nodes/%s/management/inject_nmi' % node
        resp = _call(url, 'PUT', path, {})
        assert resp.status_code == 204, (host, resp.text)
        shown = _call(url, 'GET', '/v1/nodes/%s' % node).json()
        assert (shown['reservation'], shown['last_error']) == (None, None)

    dep.processes['cond-2'].stop()
    time.sleep(2)   # the API's ring drops it (hash_ring_reset_interval)
    resp = _call(url, 'PUT', path, {})
    assert resp.status_code == 503, resp.text
    log = dep.processes['cond-1'].service.log()
    assert 'nmi' not in log.lower(), log[-2000:]
