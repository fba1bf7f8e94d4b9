"""The ``baremetal`` command line's own value forms, against the
all-in-one ironic-lite: what ``port``, ``port group`` and ``node``
``create``/``set``/``unset`` send at the microversions the CLI
negotiates (or is told to use) is taken, and the errors it shows are
Ironic's.

The CLI sends ``--pxe-enabled True`` and ``set --pxe-enabled`` as the
string "True", ``--support-standalone-ports`` in a PATCH as "True",
``--automated-clean`` as "True", ``key=value`` options as JSON-decoded
values, and ``unset`` as JSON-Patch removals; ``--target-raid-config``
(JSON or a file) goes to ``PUT /v1/nodes/{node}/states/raid``, and its
``unset`` sends ``{}``. The commands run in this process through the
CLI's entry point (``ironicclient.shell.main``, what the ``baremetal``
script calls): the same requests, without a Python start-up for each of
them.
"""

import contextlib
import io
import json

from ironicclient import shell
import openstack

MAC1, MAC2, MAC3 = '52:54:00:cc:00:01', '52:54:00:cc:00:02', \
    '52:54:00:cc:00:03'
SWITCH = '0A:1B:2C:3D:4E:5F'


class Cli:
    """``baremetal`` commands against one endpoint."""

    def __init__(self, url):
        self.url = url

    def run(self, *args, version=None):
        """(exit code, stdout, stderr) of ``baremetal <args>``."""
        argv = ['--os-auth-type', 'none', '--os-endpoint', self.url]
        if version:
            argv += ['--os-baremetal-api-version', version]
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), \
                contextlib.redirect_stderr(err):
            code = shell.main(argv + [str(arg) for arg in args])
        return code, out.getvalue(), err.getvalue()

    def __call__(self, *args, version=None):
        """The command's JSON output (``-f json`` commands) or ''."""
        code, out, err = self.run(*args, version=version)
        assert code == 0, (args, err)
        return json.loads(out) if '-f' in args else out

    def fails(self, *args, version=None):
        """The error line of a command that must fail."""
        code, _out, err = self.run(*args, version=version)
        assert code != 0, args
        return err

    def show(self, kind, ident, *fields, version=None):
        columns = [arg for field in fields for arg in ('-c', field)]
        return self(*kind.split(), 'show', ident, '-f', 'json', *columns,
                    version=version)


def test_ports(all_in_one):
    url, procs = all_in_one
    cli = Cli(url)
    node = cli('node', 'create', '--driver', 'fake-hardware', '--name',
               'cli-ports', '-f', 'json')['uuid']

    # The CLI's ``--pxe-enabled True`` is the string "True".
    port = cli('port', 'create', MAC1, '--node', node, '--pxe-enabled',
               'True', '-f', 'json', version='1.19')
    assert port['pxe_enabled'] is True
    llc = ['--local-link-connection', 'switch_id=%s' % SWITCH,
           '--local-link-connection', 'port_id=Ethernet1/1',
           '--local-link-connection', 'switch_info=brbm']
    other = cli('port', 'create', MAC2.upper(), '--node', node,
                '--pxe-enabled', 'false', *llc, '-f', 'json',
                version='1.19')
    assert other['pxe_enabled'] is False
    assert other['address'] == MAC2
    assert other['local_link_connection'] == {
        'switch_id': SWITCH.lower(), 'port_id': 'Ethernet1/1',
        'switch_info': 'brbm'}

    group = cli('port', 'group', 'create', '--node', node, '--name',
                'cli-pg', '-f', 'json')['uuid']
    cli('port', 'set', port['uuid'], '--pxe-disabled', '--extra', 'a=1',
        '--extra', 'b=x', '--physical-network', 'physnet1', '--port-group',
        group, *llc)
    shown = cli.show('port', port['uuid'], 'pxe_enabled', 'extra',
                     'physical_network', 'portgroup_uuid',
                     'local_link_connection')
    assert shown == {'pxe_enabled': False, 'extra': {'a': 1, 'b': 'x'},
                     'physical_network': 'physnet1',
                     'portgroup_uuid': group,
                     'local_link_connection': other['local_link_connection']}
    cli('port', 'set', port['uuid'], '--pxe-enabled')
    cli('port', 'unset', port['uuid'], '--extra', 'a', '--port-group',
        '--physical-network')
    assert cli.show('port', port['uuid'], 'pxe_enabled', 'extra',
                    'physical_network', 'portgroup_uuid') == {
        'pxe_enabled': True, 'extra': {'b': 'x'}, 'physical_network': None,
        'portgroup_uuid': None}

    assert 'Expected valid MAC address for address' in cli.fails(
        'port', 'create', '52-54-00-cc-00-09', '--node', node)
    assert 'Invalid pxe_enabled: Unrecognized value' in cli.fails(
        'port', 'create', MAC3, '--node', node, '--pxe-enabled', 'maybe')
    assert "can't remove a non-existent object 'nope'" in cli.fails(
        'port', 'unset', port['uuid'], '--extra', 'nope')
    assert 'Traceback' not in procs['all-in-one'].log()


def test_port_groups(all_in_one):
    url, procs = all_in_one
    cli = Cli(url)
    node = cli('node', 'create', '--driver', 'fake-hardware', '--name',
               'cli-groups', '-f', 'json')['uuid']

    # Below 1.26 a group has no mode and properties; set and unset work.
    old = cli('port', 'group', 'create', '--node', node, '--name', 'pg-25',
              '--address', MAC1, '--support-standalone-ports', '-f', 'json',
              version='1.25')
    # (The CLI shows fields the server did not send as ''.)
    assert old['mode'] == '' and old['standalone_ports_supported'] is True
    cli('port', 'group', 'set', 'pg-25', '--extra', 'ext=testdata',
        '--unsupport-standalone-ports', version='1.25')
    assert cli.show('port group', 'pg-25', 'extra',
                    'standalone_ports_supported', version='1.25') == {
        'extra': {'ext': 'testdata'}, 'standalone_ports_supported': False}
    cli('port', 'group', 'unset', 'pg-25', '--extra', 'ext',
        version='1.25')
    assert cli.show('port group', old['uuid'], 'extra', 'mode') == {
        'extra': {}, 'mode': 'active-backup'}

    new = cli('port', 'group', 'create', '--node', node, '--name', 'pg-new',
              '--mode', '802.3ad', '--property', 'miimon=100', '-f', 'json')
    assert (new['mode'], new['properties']) == ('802.3ad', {'miimon': 100})
    cli('port', 'group', 'set', 'pg-new', '--property', 'xmit=layer2',
        '--support-standalone-ports', '--address', MAC2.upper())
    cli('port', 'group', 'unset', 'pg-new', '--property', 'miimon')
    assert cli.show('port group', 'pg-new', 'properties', 'address',
                    'standalone_ports_supported') == {
        'properties': {'xmit': 'layer2'}, 'address': MAC2,
        'standalone_ports_supported': True}

    assert 'Node 5a1e7c2e' in cli.fails(
        'port', 'group', 'create', '--node',
        '5a1e7c2e-6c1d-4f3a-9a86-1c2d3e4f5a6b')
    cli('port', 'group', 'delete', 'pg-25', version='1.25')
    assert 'Portgroup pg-25 could not be found' in cli.fails(
        'port', 'group', 'show', 'pg-25')
    assert 'Traceback' not in procs['all-in-one'].log()


def test_nodes(all_in_one):
    url, procs = all_in_one
    cli = Cli(url)
    cli('node', 'create', '--driver', 'fake-hardware', '--name', 'cli-n1')
    cli('node', 'set', 'cli-n1', '--automated-clean', '--name', 'cli-n2',
        '--resource-class', 'gold', '--owner', 'team-a', '--description',
        'a node', '--property', 'cpus=8', '--property', 'arch=x86_64',
        '--extra', 'rack=r1', '--driver-info', 'ipmi_password=s3cret',
        '--driver-info', 'ipmi_address=10.0.0.1', '--instance-info',
        'image_source=http://image', '--boot-interface', 'fake')
    fields = ('automated_clean', 'resource_class', 'owner', 'description',
              'properties', 'extra', 'driver_info', 'boot_interface')
    assert cli.show('node', 'cli-n2', *fields) == {
        'automated_clean': True, 'resource_class': 'gold',
        'owner': 'team-a', 'description': 'a node',
        'properties': {'cpus': 8, 'arch': 'x86_64'},
        'extra': {'rack': 'r1'},
        'driver_info': {'ipmi_password': '******',
                        'ipmi_address': '10.0.0.1'},
        'boot_interface': 'fake'}

    cli('node', 'unset', 'cli-n2', '--automated-clean', '--property',
        'cpus', '--extra', 'rack', '--owner', '--description',
        '--resource-class', '--driver-info', 'ipmi_password',
        '--boot-interface')
    assert cli.show('node', 'cli-n2', *fields) == {
        'automated_clean': None, 'resource_class': None, 'owner': None,
        'description': None, 'properties': {'arch': 'x86_64'}, 'extra': {},
        'driver_info': {'ipmi_address': '10.0.0.1'},
        'boot_interface': 'fake'}
    cli('node', 'set', 'cli-n2', '--no-automated-clean')
    assert cli.show('node', 'cli-n2', 'automated_clean') == {
        'automated_clean': False}

    # Protection needs an active node; the CLI sends "True".
    for verb in ('manage', 'provide', 'deploy'):
        cli('node', verb, 'cli-n2', '--wait', 60)
    cli('node', 'set', 'cli-n2', '--protected', '--protected-reason', 'prod')
    assert cli.show('node', 'cli-n2', 'protected', 'protected_reason') == {
        'protected': True, 'protected_reason': 'prod'}
    assert 'is protected and cannot be undeployed' in cli.fails(
        'node', 'undeploy', 'cli-n2')
    cli('node', 'unset', 'cli-n2', '--protected')
    assert cli.show('node', 'cli-n2', 'protected', 'protected_reason') == {
        'protected': False, 'protected_reason': None}

    assert ('No valid host was found. Reason: No conductor service '
            'registered which supports driver wrongdriver') in cli.fails(
        'node', 'create', '--driver', 'wrongdriver')
    assert "Reason: can't remove a non-existent object 'prop'" in cli.fails(
        'node', 'unset', 'cli-n2', '--property', 'prop')
    assert 'Expected UUID for uuid' in cli.fails(
        'node', 'create', '--driver', 'fake-hardware', '--uuid', 'nope')
    assert 'Traceback' not in procs['all-in-one'].log()


def test_raid(all_in_one, tmp_path):
    """``node set/unset --target-raid-config`` (PUT states/raid, API
    1.12) and ``driver raid property list``."""
    url, procs = all_in_one
    cli = Cli(url)
    cli('node', 'create', '--driver', 'fake-hardware', '--name', 'cli-raid')
    target = {'logical_disks': [
        {'size_gb': 100, 'raid_level': '1', 'is_root_volume': True},
        {'size_gb': 'MAX', 'raid_level': '5'}]}
    cli('node', 'set', 'cli-raid', '--target-raid-config',
        json.dumps(target))
    assert cli.show('node', 'cli-raid', 'target_raid_config',
                    'raid_config') == {'target_raid_config': target,
                                       'raid_config': {}}
    # From a file too.
    path = tmp_path / 'raid.json'
    path.write_text(json.dumps({'logical_disks': [
        {'size_gb': 50, 'raid_level': '0'}]}))
    cli('node', 'set', 'cli-raid', '--target-raid-config', str(path))
    assert cli.show('node', 'cli-raid', 'target_raid_config')[
        'target_raid_config']['logical_disks'][0]['size_gb'] == 50
    assert 'RAID config validation error' in cli.fails(
        'node', 'set', 'cli-raid', '--target-raid-config',
        '{"logical_disks": [{"size_gb": 1, "raid_level": "7"}]}')
    cli('node', 'unset', 'cli-raid', '--target-raid-config')
    assert cli.show('node', 'cli-raid', 'target_raid_config') == {
        'target_raid_config': {}}

    props = cli('driver', 'raid', 'property', 'list', 'fake-hardware',
                '-f', 'json')
    names = sorted(row.get('Property', row.get('property')) for row in props)
    assert names == sorted([
        'controller', 'disk_type', 'interface_type', 'is_root_volume',
        'number_of_physical_disks', 'physical_disks', 'raid_level',
        'share_physical_disks', 'size_gb', 'volume_name'])
    assert 'Traceback' not in procs['all-in-one'].log()


def test_inject_nmi(all_in_one):
    """``node inject nmi`` (PUT management/inject_nmi with ``{}``, API
    1.29): fake-hardware takes it and the node is left as it was;
    below 1.29, and for a node that does not exist, Ironic's 404."""
    url, procs = all_in_one
    cli = Cli(url)
    cli('node', 'create', '--driver', 'fake-hardware', '--name', 'cli-nmi')
    before = cli.show('node', 'cli-nmi', 'power_state')
    assert cli('node', 'inject', 'nmi', 'cli-nmi') == ''
    assert cli('node', 'inject', 'nmi', 'cli-nmi', version='1.29') == ''
    after = cli.show('node', 'cli-nmi', 'power_state', 'last_error',
                     'reservation')
    assert after == {'power_state': before['power_state'],
                     'last_error': None, 'reservation': None}
    assert 'Resource could not be found' in cli.fails(
        'node', 'inject', 'nmi', 'cli-nmi', version='1.28')
    assert 'Node nope could not be found' in cli.fails(
        'node', 'inject', 'nmi', 'nope')
    # openstacksdk's Node.inject_nmi sends the same request.
    bm = openstack.connect(
        auth_type='none', baremetal_endpoint_override=url + '/').baremetal
    assert bm.get_node('cli-nmi').inject_nmi(bm) is None
    assert 'Traceback' not in procs['all-in-one'].log()
