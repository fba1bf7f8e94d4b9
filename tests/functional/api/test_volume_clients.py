"""The real clients' volume calls: openstacksdk and the ``baremetal``
CLI create, list, show, change and delete volume connectors and targets
of a fake-hardware node through ironic-lite-api + ironic-lite-conductor
(RabbitMQ, PostgreSQL) and through the all-in-one ironic-lite."""

import json
import time
import urllib.request

import openstack

from tests.functional.api.clients import cli as _cli


def _value(row, name):
    """A field of a CLI row, whether keyed by name or by column title."""
    title = name.replace('_', ' ').title().replace('Uuid', 'UUID').replace(
        'Id', 'ID')
    return row[name] if name in row else row[title]


def _sdk(url, node_name):
    conn = openstack.connect(auth_type='none',
                             baremetal_endpoint_override=url + '/')
    bm = conn.baremetal
    node = bm.create_node(driver='fake-hardware', name=node_name)
    connector = bm.create_volume_connector(
        node_id=node.id, type='iqn',
        connector_id='iqn.2017-07.org.example:%s' % node_name)
    target = bm.create_volume_target(
        node_id=node.id, volume_type='iscsi', boot_index=0,
        volume_id='04452bed-5367-4202-8bf5-de4335ac56d2',
        properties={'target_lun': 0})
    assert [c.id for c in bm.volume_connectors(node=node.id)] == [
        connector.id]
    detailed = list(bm.volume_targets(node=node.id, details=True))
    assert detailed[0].properties == {'target_lun': 0}
    assert bm.get_volume_connector(connector.id).type == 'iqn'

    bm.set_node_power_state(node, 'power off', wait=True, timeout=60)
    connector = bm.update_volume_connector(connector, extra={'rack': 'r1'})
    assert bm.get_volume_connector(connector.id).extra == {'rack': 'r1'}
    target = bm.patch_volume_target(target, [
        {'op': 'replace', 'path': '/boot_index', 'value': 1}])
    assert target.boot_index == 1
    bm.delete_volume_connector(connector)
    bm.delete_volume_target(target)
    assert list(bm.volume_connectors(node=node.id)) == []
    assert list(bm.volume_targets(node=node.id)) == []


def _http(url, method, path, body=None):
    """A request the test needs but does not test (no CLI start-up)."""
    request = urllib.request.Request(
        url + path, method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={'Content-Type': 'application/json',
                 'X-OpenStack-Ironic-API-Version': 'latest'})
    with urllib.request.urlopen(request, timeout=30) as resp:
        data = resp.read()
    return json.loads(data) if data else None


def _power_off(url, node):
    _http(url, 'PUT', '/v1/nodes/%s/states/power' % node,
          {'target': 'power off'})
    deadline = time.monotonic() + 60
    while _http(url, 'GET', '/v1/nodes/' + node)['power_state'] != \
            'power off':
        assert time.monotonic() < deadline, 'the node did not power off'
        time.sleep(0.1)


def _cli_volumes(url):
    node = _http(url, 'POST', '/v1/nodes', {'driver': 'fake-hardware',
                                            'name': 'cli-v1'})
    connector = _cli(url, 'volume', 'connector', 'create', '--node',
                     node['uuid'], '--type', 'wwpn', '--connector-id',
                     '50:01:43:80:12:34:56:01', '--extra', 'rack=r2',
                     '-f', 'json')
    assert connector['extra'] == {'rack': 'r2'}
    target = _cli(url, 'volume', 'target', 'create', '--node', node['uuid'],
                  '--type', 'iscsi', '--boot-index', '0', '--volume-id',
                  'vol-1', '--property', 'target_lun=0', '-f', 'json')
    listed = _cli(url, 'volume', 'connector', 'list', '--node', 'cli-v1',
                  '-f', 'json')
    assert [_value(c, 'uuid') for c in listed] == [connector['uuid']]
    listed = _cli(url, 'volume', 'target', 'list', '--long', '-f', 'json')
    assert [_value(t, 'volume_id') for t in listed] == ['vol-1']

    _power_off(url, 'cli-v1')
    _cli(url, 'volume', 'connector', 'set', connector['uuid'],
         '--connector-id', '50:01:43:80:12:34:56:02', '--extra', 'row=4')
    _cli(url, 'volume', 'connector', 'unset', connector['uuid'], '--extra',
         'rack')
    shown = _cli(url, 'volume', 'connector', 'show', connector['uuid'],
                 '-f', 'json')
    assert shown['connector_id'] == '50:01:43:80:12:34:56:02'
    assert shown['extra'] == {'row': 4}
    _cli(url, 'volume', 'target', 'set', target['uuid'], '--boot-index',
         '2')
    _cli(url, 'volume', 'target', 'unset', target['uuid'], '--property',
         'target_lun')
    shown = _cli(url, 'volume', 'target', 'show', target['uuid'], '-f',
                 'json')
    assert (shown['boot_index'], shown['properties']) == (2, {})
    _cli(url, 'volume', 'connector', 'delete', connector['uuid'])
    _cli(url, 'volume', 'target', 'delete', target['uuid'])
    assert _http(url, 'GET', '/v1/volume/connectors')['connectors'] == []
    assert _http(url, 'GET', '/v1/volume/targets')['targets'] == []


def test_volume_connectors_and_targets(deployment):
    url, procs = deployment
    _sdk(url, 'sdk-v1')
    _cli_volumes(url)
    for service in procs.values():
        assert 'Traceback' not in service.log()
