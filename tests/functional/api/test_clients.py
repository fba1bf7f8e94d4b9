"""The real clients against real processes: openstacksdk and the
``baremetal`` CLI drive ironic-lite-api + ironic-lite-conductor on
RabbitMQ and PostgreSQL through a fake-hardware node's life."""

import openstack

from tests.functional.api.clients import cli as _cli


def test_openstacksdk(deployment):
    url, procs = deployment
    conn = openstack.connect(auth_type='none',
                             baremetal_endpoint_override=url + '/')
    bm = conn.baremetal
    nodes = [bm.create_node(driver='fake-hardware', name='sdk-%d' % i,
                            driver_info={'fake_password': 'x'})
             for i in range(3)]
    assert nodes[0].provision_state == 'enroll'
    listed = list(bm.nodes(limit=2))
    assert sorted(n.name for n in listed) == ['sdk-0', 'sdk-1', 'sdk-2']

    node = bm.get_node('sdk-0')
    assert node.driver_info['fake_password'] == '******'
    node = bm.patch_node(node, [{'op': 'add', 'path': '/extra/rack',
                                 'value': 'r1'}])
    assert node.extra == {'rack': 'r1'}

    port = bm.create_port(node_id=node.id, address='52:54:00:12:34:56')
    assert [p.address for p in bm.ports(node=node.id)] == [port.address]

    bm.set_node_power_state(node, 'power on', wait=True, timeout=60)
    assert bm.get_node(node.id).power_state == 'power on'
    bm.set_node_power_state(node, 'power off', wait=True, timeout=60)
    for verb, state in (('manage', 'manageable'),
                        ('provide', 'available'),
                        ('active', 'active'),
                        ('deleted', 'available')):
        node = bm.set_node_provision_state(node, verb, wait=True,
                                           timeout=60)
        assert node.provision_state == state, verb
    bm.delete_port(port)
    bm.delete_node(nodes[2])
    assert len(list(bm.nodes())) == 2
    for service in procs.values():
        assert 'Traceback' not in service.log()


def test_baremetal_cli(deployment):
    url, _procs = deployment
    node = _cli(url, 'node', 'create', '--driver', 'fake-hardware',
                '--name', 'cli-1', '-f', 'json')
    assert node['provision_state'] == 'enroll'
    _cli(url, 'node', 'set', 'cli-1', '--extra', 'rack=r2')
    _cli(url, 'port', 'create', '52:54:00:65:43:21', '--node', node['uuid'])
    _cli(url, 'node', 'power', 'on', 'cli-1', '--power-timeout', '30')
    for verb in ('manage', 'provide', 'deploy', 'undeploy'):
        _cli(url, 'node', verb, 'cli-1', '--wait', '60')
    shown = _cli(url, 'node', 'show', 'cli-1', '-f', 'json')
    assert shown['provision_state'] == 'available'
    assert shown['extra'] == {'rack': 'r2'}
    listed = _cli(url, 'node', 'list', '--limit', '1', '-f', 'json')
    assert [n.get('Name', n.get('name')) for n in listed] == ['cli-1'], listed
    ports = _cli(url, 'port', 'list', '--node', 'cli-1', '-f', 'json')
    assert [p.get('Address', p.get('address')) for p in ports] == [
        '52:54:00:65:43:21'], ports
