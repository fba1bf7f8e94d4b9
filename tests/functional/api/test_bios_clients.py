"""The ``baremetal`` CLI's BIOS commands against the all-in-one
ironic-lite process: a redfish node on sushy-emulator (with BIOS
attributes) is managed, and ``baremetal node bios setting list`` and
``show`` print what the conductor cached from the emulated system."""

import openstack
import pytest

from tests.functional.api.clients import cli
from tools.emulators import SushyEmulator

ATTRIBUTES = {'BootMode': 'Uefi', 'ProcTurboMode': 'Enabled',
              'NumCores': 8}


@pytest.fixture(scope='module')
def emulator():
    with SushyEmulator(count=1, username='admin', password='rf-Cli-42',
                       bios_attributes=ATTRIBUTES) as emulator:
        yield emulator


def test_bios_setting_list_and_show(all_in_one, emulator):
    url, procs = all_in_one
    bm = openstack.connect(
        auth_type='none', baremetal_endpoint_override=url + '/').baremetal
    node = bm.create_node(driver='redfish', name='cli-bios',
                          bios_interface='redfish',
                          driver_info=emulator.driver_info(0))
    bm.set_node_provision_state(node, 'manage', wait=True, timeout=60)
    listed = cli(url, 'node', 'bios', 'setting', 'list', 'cli-bios',
                 '-f', 'json')
    assert sorted((row['name'], row['value']) for row in listed) == [
        ('BootMode', 'Uefi'), ('NumCores', '8'),
        ('ProcTurboMode', 'Enabled')]
    shown = cli(url, 'node', 'bios', 'setting', 'show', node.id,
                'BootMode', '-f', 'json')
    assert (shown['name'], shown['value']) == ('BootMode', 'Uefi')
    assert 'links' not in shown
    assert 'Traceback' not in procs['all-in-one'].log()
    assert 'rf-Cli-42' not in procs['all-in-one'].log()
