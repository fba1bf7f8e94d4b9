"""The real clients against ironic-lite: Smart NIC ports (1.53),
network_type (1.64) and a VIF sent to a named port (1.67) with
openstacksdk and the ``baremetal`` CLI; network events (1.54) and the
indicators (1.63) of a redfish node on sushy-emulator, through
openstacksdk's session (neither client has commands for them; the
indicators also through a split API and conductor)."""

import openstack
from openstack import exceptions
import pytest

from tests.functional.api.clients import cli
from tools.emulators import SushyEmulator

_VIF = '8f0f7e38-7b3a-4d55-9f0e-5b1f3c2a9d10'


@pytest.fixture(scope='module')
def emulator():
    with SushyEmulator(count=1, username='admin',
                       password='rf-Led-42') as emulator:
        yield emulator


def _connect(url):
    return openstack.connect(
        auth_type='none', baremetal_endpoint_override=url + '/').baremetal


def test_smartnic_ports_with_the_sdk_and_the_cli(all_in_one):
    url, procs = all_in_one
    bm = _connect(url)
    node = bm.create_node(driver='fake-hardware', name='snic')
    port = bm.create_port(node_id=node.id, address='52:54:00:53:00:01',
                          is_smartnic=True, local_link_connection={
                              'port_id': 'rep0-0', 'hostname': 'dpu-1'})
    assert port.is_smartnic is True
    with pytest.raises(exceptions.BadRequestException,
                       match='port_id and hostname'):
        bm.create_port(node_id=node.id, address='52:54:00:53:00:02',
                       is_smartnic=True, local_link_connection={
                           'switch_id': '52:54:00:ff:00:01',
                           'port_id': 'Ethernet1'})
    plain = bm.create_port(node_id=node.id, address='52:54:00:53:00:02',
                           local_link_connection={
                               'network_type': 'unmanaged'})
    assert plain.is_smartnic is False
    assert bm.get_port(plain.id).local_link_connection == {
        'network_type': 'unmanaged'}

    created = cli(url, 'port', 'create', '52:54:00:53:00:03', '--node',
                  node.id, '--is-smartnic', '--local-link-connection',
                  'port_id=rep0-1', '--local-link-connection',
                  'hostname=dpu-2', '-f', 'json')
    assert created['is_smartnic'] is True
    assert created['local_link_connection'] == {'port_id': 'rep0-1',
                                                'hostname': 'dpu-2'}
    cli(url, 'port', 'set', plain.id, '--local-link-connection',
        'port_id=rep0-2', '--local-link-connection', 'hostname=dpu-3',
        '--is-smartnic')
    shown = cli(url, 'port', 'show', plain.id, '-f', 'json')
    assert shown['is_smartnic'] is True
    listed = cli(url, 'port', 'list', '--node', node.id, '--fields',
                 'address', 'is_smartnic', '-f', 'json')
    assert sorted((row['address'], row['is_smartnic']) for row in listed) == [
        ('52:54:00:53:00:01', True), ('52:54:00:53:00:02', True),
        ('52:54:00:53:00:03', True)]
    assert 'Traceback' not in procs['all-in-one'].log()


def test_a_vif_goes_to_the_named_port(all_in_one):
    url, procs = all_in_one
    bm = _connect(url)
    node = bm.create_node(driver='fake-hardware', name='vifport')
    pxe = bm.create_port(node_id=node.id, address='52:54:00:67:00:01')
    other = bm.create_port(node_id=node.id, address='52:54:00:67:00:02',
                           pxe_enabled=False)
    bm.attach_vif_to_node(node, _VIF, port_id=other.id)
    assert bm.get_port(other.id).internal_info == {
        'tenant_vif_port_id': _VIF}
    assert bm.get_port(pxe.id).internal_info == {}
    bm.detach_vif_from_node(node, _VIF)
    cli(url, 'node', 'vif', 'attach', 'vifport', 'vif-cli', '--port-uuid',
        other.id)
    assert bm.get_port(other.id).internal_info == {
        'tenant_vif_port_id': 'vif-cli'}
    with pytest.raises(exceptions.BadRequestException,
                       match='not enough free physical ports'):
        bm.attach_vif_to_node(node, 'vif-more', port_id=other.id)
    assert 'Traceback' not in procs['all-in-one'].log()


def test_events(all_in_one):
    url, procs = all_in_one
    bm = _connect(url)
    event = {'event': 'network.bind_port',
             'port_id': '11111111-2222-3333-4444-555555555555',
             'mac_address': '52:54:00:54:00:01', 'status': 'ACTIVE'}
    resp = bm.post('/events', json={'events': [event]}, microversion='1.54')
    assert resp.status_code == 204
    assert 'Event network.bind_port: port 11111111-2222-3333-4444-' \
        '555555555555' in procs['all-in-one'].log()
    resp = bm.post('/events', json={'events': [dict(event, port_id='x')]},
                   microversion='1.54', raise_exc=False)
    assert resp.status_code == 400
    resp = bm.post('/events', json={'events': [event]}, microversion='1.53',
                   raise_exc=False)
    assert resp.status_code == 404


def test_redfish_indicators(deployment, emulator):
    """Through the all-in-one process, and through an API and a conductor
    on RabbitMQ (RPC 2.4) and PostgreSQL."""
    url, procs = deployment
    bm = _connect(url)
    node = bm.create_node(driver='redfish', name='leds',
                          driver_info=emulator.driver_info(0))
    base = '/nodes/%s/management/indicators' % node.id
    listed = bm.get(base, microversion='1.63').json()['indicators']
    assert [(i['name'], i['readonly'], i['states']) for i in listed] == [
        ('led@chassis', False, ['OFF', 'ON', 'BLINKING']),
        ('led@system', False, ['OFF', 'ON', 'BLINKING'])]
    # What the emulator shows (it lights every LED at first; the other
    # deployment's run may have changed it).
    shown = {'Lit': 'ON', 'Blinking': 'BLINKING', 'Off': 'OFF'}[
        emulator.system(0)['IndicatorLED']]
    assert bm.get(base + '/led@system',
                  microversion='1.63').json() == {'state': shown}
    resp = bm.put(base + '/led@system', json={'state': 'ON'},
                  microversion='1.63')
    assert emulator.system(0)['IndicatorLED'] == 'Lit'
    resp = bm.put(base + '/led@system', json={'state': 'BLINKING'},
                  microversion='1.63')
    assert resp.status_code == 204
    assert emulator.system(0)['IndicatorLED'] == 'Blinking'
    assert bm.get(base + '/led@system',
                  microversion='1.63').json() == {'state': 'BLINKING'}
    resp = bm.put(base + '/led@chassis', json={'state': 'OFF'},
                  microversion='1.63')
    assert resp.status_code == 204
    assert bm.get(base + '/led@chassis',
                  microversion='1.63').json() == {'state': 'OFF'}
    # The system's LED did not change with the chassis'.
    assert emulator.system(0)['IndicatorLED'] == 'Blinking'
    resp = bm.get(base + '/led@disk', microversion='1.63', raise_exc=False)
    assert resp.status_code == 404
    resp = bm.get(base, microversion='1.62', raise_exc=False)
    assert resp.status_code == 404
    assert bm.get_node(node.id).reservation is None
    for service in procs.values():
        assert 'Traceback' not in service.log()
        assert 'rf-Led-42' not in service.log()
