"""Deploy templates and steps through the real clients: openstacksdk and
the ``baremetal`` CLI create deploy templates, deploy a fake-hardware
node whose instance_info traits name one (with deploy steps of the
request too), and see the steps' effects (the node's raid_config, its
BIOS settings); manual cleaning with ``--disable-ramdisk`` refuses a step
that needs the ramdisk. Through ironic-lite-api + ironic-lite-conductor
(RabbitMQ, PostgreSQL: RPC 2.1 on the wire) and the all-in-one
ironic-lite."""

import json
import subprocess

import openstack

from tests.functional.api.clients import BAREMETAL
from tests.functional.api.clients import cli

RAID = {'logical_disks': [
    {'size_gb': 100, 'raid_level': '1', 'is_root_volume': True},
    {'size_gb': 'MAX', 'raid_level': '5'}]}

TEMPLATE_STEPS = [
    {'interface': 'raid', 'step': 'create_configuration',
     'args': {'create_nonroot_volumes': False}, 'priority': 120},
    {'interface': 'bios', 'step': 'apply_configuration',
     'args': {'settings': [{'name': 'BootMode', 'value': 'Uefi'}]},
     'priority': 110}]


def _failing_cli(url, *args):
    result = subprocess.run(
        [BAREMETAL, '--os-auth-type', 'none', '--os-endpoint', url] +
        list(args), capture_output=True, text=True, timeout=120)
    assert result.returncode != 0, result.stdout
    assert 'Traceback' not in result.stderr
    return result.stderr


def _available(bm, name):
    node = bm.create_node(driver='fake-hardware', name=name)
    bm.set_node_provision_state(node, 'manage', wait=True, timeout=60)
    bm.set_node_provision_state(node, 'provide', wait=True, timeout=60)
    return node


def test_deploy_runs_template_and_requested_steps(deployment):
    url, procs = deployment
    bm = openstack.connect(
        auth_type='none', baremetal_endpoint_override=url + '/').baremetal

    # A template through the CLI, another through openstacksdk.
    created = cli(url, 'deploy', 'template', 'create', 'CUSTOM_RAID_BIOS',
                  '--steps', json.dumps(TEMPLATE_STEPS), '--extra',
                  'team=ops', '-f', 'json')
    assert created['name'] == 'CUSTOM_RAID_BIOS'
    assert created['steps'] == TEMPLATE_STEPS
    wipe = bm.create_deploy_template(name='CUSTOM_WIPE', steps=[
        {'interface': 'raid', 'step': 'delete_configuration', 'args': {},
         'priority': 10}])
    listed = cli(url, 'deploy', 'template', 'list', '-f', 'json')
    assert sorted(row.get('Name', row.get('name')) for row in listed) == [
        'CUSTOM_RAID_BIOS', 'CUSTOM_WIPE']
    assert bm.get_deploy_template('CUSTOM_RAID_BIOS').extra == {
        'team': 'ops'}
    assert bm.get_deploy_template(wipe.id).steps[0]['step'] == (
        'delete_configuration')

    node = _available(bm, 'steps-1')
    cli(url, 'node', 'set', 'steps-1', '--target-raid-config',
        json.dumps(RAID))
    bm.patch_node(node, [{'op': 'add', 'path': '/instance_info/traits',
                          'value': ['CUSTOM_RAID_BIOS']}])
    # The CLI deploys with a step of the request on top of the template's:
    # the BIOS step with other settings replaces the template's.
    requested = [{'interface': 'bios', 'step': 'apply_configuration',
                  'args': {'settings': [
                      {'name': 'BootMode', 'value': 'Bios'},
                      {'name': 'ProcTurbo', 'value': 'Disabled'}]},
                  'priority': 90}]
    cli(url, 'node', 'deploy', 'steps-1', '--deploy-steps',
        json.dumps(requested), '--wait', '60')
    node = bm.get_node('steps-1')
    assert node.provision_state == 'active', node.last_error
    assert node.deploy_step == {}
    assert node.raid_config == {'logical_disks': [RAID['logical_disks'][0]]}
    settings = cli(url, 'node', 'bios', 'setting', 'list', 'steps-1', '-f',
                   'json')
    assert sorted((row['name'], row['value']) for row in settings) == [
        ('BootMode', 'Bios'), ('ProcTurbo', 'Disabled')]

    # openstacksdk rebuilds asking for the other template, whose step
    # runs after the deploy (priority 10 < 100).
    bm.patch_node(node, [{'op': 'replace', 'path': '/instance_info/traits',
                          'value': ['CUSTOM_WIPE']}])
    bm.set_node_provision_state(node, 'rebuild', wait=True, timeout=60)
    node = bm.get_node('steps-1')
    assert node.raid_config == {}
    assert node.last_error is None

    # A requested step the node lacks: the CLI fails in one line and
    # the node stays active.
    error = _failing_cli(url, 'node', 'rebuild', 'steps-1',
                         '--deploy-steps', json.dumps([
                             {'interface': 'raid', 'step': 'erase_all',
                              'args': {}, 'priority': 5}]))
    assert 'has no deploy step raid.erase_all' in error
    assert bm.get_node('steps-1').provision_state == 'active'

    cli(url, 'deploy', 'template', 'delete', 'CUSTOM_WIPE')
    assert [t.name for t in bm.deploy_templates()] == ['CUSTOM_RAID_BIOS']
    for proc in procs.values():
        assert 'Traceback' not in proc.log()


def test_clean_with_disable_ramdisk(deployment):
    url, _procs = deployment
    bm = openstack.connect(
        auth_type='none', baremetal_endpoint_override=url + '/').baremetal
    node = bm.create_node(driver='fake-hardware', name='steps-2')
    bm.set_node_provision_state(node, 'manage', wait=True, timeout=60)
    error = _failing_cli(url, 'node', 'clean', 'steps-2', '--clean-steps',
                         json.dumps([{'interface': 'raid',
                                      'step': 'delete_configuration'}]),
                         '--disable-ramdisk')
    assert 'requires booting a ramdisk' in error
    cli(url, 'node', 'clean', 'steps-2', '--disable-ramdisk',
        '--clean-steps', json.dumps([
            {'interface': 'bios', 'step': 'apply_configuration',
             'args': {'settings': [{'name': 'NumLock', 'value': 'On'}]}}]),
        '--wait', '60')
    node = bm.get_node('steps-2')
    assert node.provision_state == 'manageable', node.last_error
    settings = cli(url, 'node', 'bios', 'setting', 'list', 'steps-2', '-f',
                   'json')
    assert [(row['name'], row['value']) for row in settings] == [
        ('NumLock', 'On')]
