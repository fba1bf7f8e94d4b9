"""The ramdisk's side and the user's side of agent tokens and
configdrives given as JSON, with real clients, through
ironic-lite-api + ironic-lite-conductor (RabbitMQ, PostgreSQL) and
through the all-in-one ironic-lite:

* a ramdisk (plain HTTP, as ironic-python-agent speaks it: openstacksdk
  has no lookup or heartbeat) looks its node up, gets the token once, and
  moves the deploy on only with it; a heartbeat without it or with
  another is refused and changes nothing; the token is in no log;
* openstacksdk and the ``baremetal`` CLI deploy with a configdrive given
  as JSON.
"""

import time

import openstack
import pytest
import requests

from tests.functional.api.clients import cli as _cli

_HEADERS = {'X-OpenStack-Ironic-API-Version': '1.72'}
_MAC = '52:54:00:a9:00:01'
_URL = 'http://10.0.0.5:9999'


def _connect(url):
    return openstack.connect(
        auth_type='none', baremetal_endpoint_override=url + '/').baremetal


def _wait_for(bm, node, state, timeout=60):
    deadline = time.monotonic() + timeout
    while True:
        found = bm.get_node(node.id)
        if found.provision_state == state and not found.reservation:
            return found
        assert time.monotonic() < deadline, (found.provision_state,
                                             found.last_error)
        time.sleep(0.2)


def _waiting_node(bm, name):
    node = bm.create_node(driver='ipmi', name=name, power_interface='fake',
                          management_interface='fake', boot_interface='fake',
                          deploy_interface='ramdisk', automated_clean=False)
    bm.create_port(node_id=node.id, address=_MAC)
    bm.set_node_provision_state(node, 'manage', wait=True, timeout=60)
    bm.set_node_provision_state(node, 'provide', wait=True, timeout=60)
    bm.set_node_provision_state(node, 'active')
    return _wait_for(bm, node, 'wait call-back')


def _heartbeat(url, node, **body):
    return requests.post('%s/v1/heartbeat/%s' % (url, node.id),
                         json=dict(body, callback_url=_URL),
                         headers=_HEADERS, timeout=30)


def _ramdisk(url, bm):
    node = _waiting_node(bm, 'agent-node')
    lookup = requests.get(url + '/v1/lookup',
                          params={'addresses': _MAC.upper() + ',bogus'},
                          headers=_HEADERS, timeout=30)
    assert lookup.status_code == 200, lookup.text
    body = lookup.json()
    assert body['node']['uuid'] == node.id
    token = body['config']['agent_token']
    assert len(token) == 128 and body['config']['agent_token_required']
    again = requests.get(url + '/v1/lookup', params={'node_uuid': node.id},
                         headers=_HEADERS, timeout=30)
    assert again.json()['config']['agent_token'] == '******'
    before = bm.get_node(node.id)
    for wrong in ({}, {'agent_token': 'x' * 128},
                  {'agent_token': token[:-1] + ('A' if token[-1] != 'A'
                                                else 'B')}):
        resp = _heartbeat(url, node, **wrong)
        assert resp.status_code == 400, resp.text
        assert 'Invalid or missing agent token' in resp.text
        assert token not in resp.text
    after = bm.get_node(node.id)
    assert (after.provision_state, after.driver_internal_info) == (
        before.provision_state, before.driver_internal_info)
    assert after.driver_internal_info['agent_secret_token'] == '******'
    assert 'agent_url' not in after.driver_internal_info
    resp = _heartbeat(url, node, agent_token=token, agent_version='10.0',
                      agent_status='end')
    assert resp.status_code == 202, resp.text
    done = _wait_for(bm, node, 'active')
    assert done.driver_internal_info['agent_url'] == _URL
    assert 'agent_secret_token' not in done.driver_internal_info
    # Active: no more lookups.
    gone = requests.get(url + '/v1/lookup', params={'addresses': _MAC},
                        headers=_HEADERS, timeout=30)
    assert gone.status_code == 404
    return token


_DRIVE = {'meta_data': {'hostname': 'web1'},
          'user_data': '#cloud-config\n',
          'network_data': {'links': [{'id': 'eth0', 'type': 'phy'}]},
          'vendor_data': {'x': 1}}


def _sdk_configdrive(bm):
    node = bm.create_node(driver='fake-hardware', name='sdk-drive',
                          network_data={'links': []})
    bm.set_node_provision_state(node, 'manage', wait=True, timeout=60)
    bm.set_node_provision_state(node, 'provide', wait=True, timeout=60)
    bm.set_node_provision_state(node, 'active', config_drive=_DRIVE,
                                wait=True, timeout=60)
    found = bm.get_node(node.id)
    assert found.provision_state == 'active'
    assert found.instance_info['configdrive'] == '******'
    with pytest.raises(openstack.exceptions.BadRequestException,
                       match='Invalid configdrive: has unknown '
                             'field.s.: "meta"'):
        bm.set_node_provision_state(node, 'rebuild',
                                    config_drive={'meta': {}})


def _cli_configdrive(url):
    _cli(url, 'node', 'create', '--driver', 'fake-hardware', '--name',
         'cli-drive')
    _cli(url, 'node', 'manage', 'cli-drive', '--wait', '60')
    _cli(url, 'node', 'provide', 'cli-drive', '--wait', '60')
    _cli(url, 'node', 'deploy', 'cli-drive', '--config-drive',
         '{"meta_data": {"hostname": "cli"}, "user_data": "#!/bin/sh"}',
         '--wait', '60')
    shown = _cli(url, 'node', 'show', 'cli-drive', '-f', 'json',
                 '--fields', 'provision_state', 'instance_info')
    assert shown['provision_state'] == 'active'
    assert shown['instance_info']['configdrive'] == '******'


def test_agent_token_and_configdrive(deployment):
    url, procs = deployment
    bm = _connect(url)
    token = _ramdisk(url, bm)
    _sdk_configdrive(bm)
    _cli_configdrive(url)
    for service in procs.values():
        log = service.log()
        assert 'Traceback' not in log
        assert token not in log
