"""BIOS settings of redfish nodes against sushy-emulator: verifying a node
(manage) through the in-process conductor caches the system's real BIOS
attributes, and the API lists and shows them; a system without a BIOS
resource is verified all the same, with no settings."""

import logging

import pytest
import webob

from ironic_lite.api import app as app_mod
from ironic_lite.api import microversion
from ironic_lite.common import context
from ironic_lite.common import policy
from ironic_lite.common import states
from ironic_lite.conductor import rpcapi
from ironic_lite.drivers.modules.redfish import utils as redfish_utils
from ironic_lite import objects
from tests.functional.drivers.conftest import REDFISH_PASSWORD
from tests.unit.conductor import utils
from tests.unit.db import utils as db_utils
from tools.emulators import SushyEmulator

ATTRIBUTES = {'BootMode': 'Uefi', 'EmbeddedSata': 'Raid',
              'NicBoot1': 'NetworkBoot', 'ProcTurboMode': 'Enabled',
              'NumCores': 10, 'SriovGlobalEnable': False}


@pytest.fixture(scope='module')
def bios_emulator():
    """sushy-emulator whose two systems have BIOS attributes."""
    with SushyEmulator(count=2, username='admin', password=REDFISH_PASSWORD,
                       bios_attributes=ATTRIBUTES) as emulator:
        yield emulator
    redfish_utils.clear_connection_cache()


@pytest.fixture
def api(short_limits, conductor):
    return rpcapi.ConductorAPI()


@pytest.fixture
def app(conductor):
    policy.reset()
    yield app_mod.setup_app()
    policy.reset()


def _get(app, path):
    return webob.Request.blank(path, headers={
        microversion.HEADER: '1.40'}).get_response(app)


def _manage(emulator, index, **kw):
    ctx = context.get_admin_context()
    api = rpcapi.ConductorAPI()
    node = api.create_node(ctx, objects.Node(ctx, **db_utils.get_test_node(
        driver='redfish', bios_interface='redfish', driver_internal_info={},
        driver_info=emulator.driver_info(index), **kw)))
    api.do_provisioning_action(ctx, node.uuid, 'manage')
    return utils.wait_for_node(
        node.uuid, lambda n: utils.settled(n) and
        n.provision_state != states.VERIFYING, timeout=30)


def test_manage_caches_the_systems_bios(api, app, bios_emulator):
    bios_emulator.set_bios(1, BootMode='Bios', NicBoot1='Disabled')
    node = _manage(bios_emulator, 1)
    assert (node.provision_state, node.last_error) == (states.MANAGEABLE,
                                                       None)
    witness = bios_emulator.bios(1)
    assert witness['BootMode'] == 'Bios'
    listed = _get(app, '/v1/nodes/%s/bios' % node.uuid)
    assert listed.status_int == 200
    shown = {s['name']: s['value'] for s in listed.json['bios']}
    assert shown == {name: (value if isinstance(value, str) else
                            {10: '10', False: 'false'}[value])
                     for name, value in witness.items()}
    one = _get(app, '/v1/nodes/%s/bios/NicBoot1' % node.uuid).json
    assert one['NicBoot1']['value'] == 'Disabled'
    assert one['NicBoot1']['links'][0]['href'].endswith(
        '/v1/nodes/%s/bios/NicBoot1' % node.uuid)


def test_no_bios_resource_does_not_fail_verify(api, app, sushy_emulator,
                                               caplog):
    with caplog.at_level(logging.WARNING):
        node = _manage(sushy_emulator, 0)
    assert (node.provision_state, node.last_error) == (states.MANAGEABLE,
                                                       None)
    assert _get(app, '/v1/nodes/%s/bios' % node.uuid).json == {'bios': []}
    assert 'Caching the BIOS settings of node %s failed' % node.uuid in \
        caplog.text
    assert REDFISH_PASSWORD not in caplog.text
