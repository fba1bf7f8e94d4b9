"""VIF calls (API 1.28, conductor RPC 1.4) in the middle of a rolling
upgrade from release 1.0, with real processes.

An API of this tree pinned to 1.0 serves 1.28 (1.0's maximum is 1.46),
but a 1.0 conductor has no VIF methods. With a 1.0 conductor and a
pinned conductor of this tree running, a VIF call for a node the hash
ring gives to the 1.0 conductor must go to the new one, and work; once
only the 1.0 conductor is left it must answer 503, and the 1.0
conductor must never have been sent a VIF method.
"""

import time

import requests

from ironic_lite.common import hash_ring
from ironic_lite.conf import CONF
from tests import fixtures
from tests.upgrade import deployment as dep_mod

HEADERS = {'X-OpenStack-Ironic-API-Version': '1.28'}


def _call(url, method, path, body=None):
    return requests.request(method, url + path, json=body, headers=HEADERS,
                            timeout=60)


def _node_of(url, ring, host, n):
    """A node with one port whose conductor is ``host``."""
    while True:
        node = _call(url, 'POST', '/v1/nodes',
                     {'driver': 'fake-hardware'}).json()
        if ring.get_host(node['uuid'], 'fake-hardware') == host:
            break
        _call(url, 'DELETE', '/v1/nodes/' + node['uuid'])
    resp = _call(url, 'POST', '/v1/ports', {
        'node_uuid': node['uuid'], 'address': '52:54:00:77:00:%02x' % n})
    assert resp.status_code == 201, resp.text
    return node['uuid']


def test_pinned_vif_calls_skip_the_old_conductor(pg_deployment, conf):
    dep = pg_deployment
    url = dep_mod.beside_release_1_0(dep)
    fixtures.use_database(conf, dep.db_url)
    ring = hash_ring.HashRingManager(60, CONF.hash_partition_exponent,
                                     dep_mod.CONDUCTOR['heartbeat_timeout'])

    for n, host in enumerate(('cond-1', 'cond-2')):
        node = _node_of(url, ring, host, n)
        path = '/v1/nodes/%s/vifs' % node
        resp = _call(url, 'POST', path, {'id': 'vif-%s' % host})
        assert resp.status_code == 204, (host, resp.text)
        assert _call(url, 'GET', path).json() == {
            'vifs': [{'id': 'vif-%s' % host}]}
        assert _call(url, 'DELETE', path + '/vif-%s' % host
                     ).status_code == 204

    dep.processes['cond-2'].stop()
    time.sleep(2)   # the API's ring drops it (hash_ring_reset_interval)
    resp = _call(url, 'POST', path, {'id': 'vif-late'})
    assert resp.status_code == 503, resp.text
    # Nothing reached the 1.0 conductor, which would have refused it.
    log = dep.processes['cond-1'].service.log()
    assert 'vif' not in log.lower(), log[-2000:]
    ports = _call(url, 'GET', '/v1/ports?node=%s&fields=internal_info'
                  % node).json()['ports']
    assert [port['internal_info'] for port in ports] == [{}]
