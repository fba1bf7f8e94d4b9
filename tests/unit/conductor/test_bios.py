"""The conductor caches a node's BIOS settings through its BIOS
interface when the node is verified and after each cleaning, under the
node's lock; a failure to read them does not fail the operation."""

import logging
from unittest import mock

import pytest

from ironic_lite.common import exception
from ironic_lite.common import states
from ironic_lite.drivers.modules import fake
from ironic_lite.drivers.modules import noop
from ironic_lite import objects
from tests.unit.conductor import utils
from tests.unit.db import utils as db_utils


def _node(ctx, api, **kw):
    node = objects.Node(ctx, **db_utils.get_test_node(**kw))
    return api.create_node(ctx, node)


def _settings(ctx, node):
    return objects.BIOSSettingList.get_by_node_id(ctx, node.id).as_settings()


class Bmc:
    """A stand-in for a BIOS interface that reads a BMC: it stores
    ``values`` and records who held the node's lock meanwhile."""

    def __init__(self, values):
        self.values = values
        self.holders = []

    def __call__(self, task):
        self.holders.append((task.shared, objects.Node.get(
            task.context, task.node.id).reservation))
        objects.BIOSSettingList.sync(task.context, task.node.id,
                                     dict(self.values), locked_by=task.host)


@pytest.fixture
def bmc():
    bmc = Bmc({'BootMode': 'Uefi', 'ProcTurboMode': 'Enabled'})
    with mock.patch.object(fake.FakeBios, 'cache_bios_settings',
                           autospec=True,
                           side_effect=lambda _self, task: bmc(task)):
        yield bmc


def test_manage_caches_under_the_lock(ctx, api, conductor, bmc):
    node = _node(ctx, api)
    api.do_provisioning_action(ctx, node.uuid, 'manage')
    node = utils.wait_settled(node.uuid)
    assert node.provision_state == states.MANAGEABLE
    assert _settings(ctx, node) == {'BootMode': 'Uefi',
                                    'ProcTurboMode': 'Enabled'}
    assert bmc.holders == [(False, conductor.manager.host)]


@pytest.mark.parametrize('error', [
    exception.DriverOperationError(reason='BMC said no'),
    RuntimeError('an unexpected bug')])
def test_a_failure_is_logged_and_verify_goes_on(ctx, api, caplog, error):
    node = _node(ctx, api)
    objects.BIOSSettingList.sync(ctx, node.id, {'Old': '1'})
    with mock.patch.object(fake.FakeBios, 'cache_bios_settings',
                           side_effect=error):
        with caplog.at_level(logging.WARNING):
            api.do_provisioning_action(ctx, node.uuid, 'manage')
            node = utils.wait_settled(node.uuid)
    assert (node.provision_state, node.last_error) == (states.MANAGEABLE,
                                                       None)
    assert _settings(ctx, node) == {'Old': '1'}
    assert ('Caching the BIOS settings of node %s failed (%s); going on '
            'with verify.' % (node.uuid, error)) in caplog.text


def test_cleaning_caches_again(ctx, api, bmc):
    node = _node(ctx, api, provision_state=states.MANAGEABLE)
    api.do_provisioning_action(ctx, node.uuid, 'provide')
    node = utils.wait_settled(node.uuid)
    assert node.provision_state == states.AVAILABLE
    assert _settings(ctx, node)['BootMode'] == 'Uefi'
    # available -> manageable does not verify: nothing read.
    bmc.values = {'BootMode': 'Bios'}
    api.do_provisioning_action(ctx, node.uuid, 'manage')
    utils.wait_settled(node.uuid)
    assert _settings(ctx, node)['BootMode'] == 'Uefi'
    bmc.values = {'BootMode': 'Legacy', 'New': 'x'}
    api.do_node_clean(ctx, node.uuid,
                      [{'interface': 'deploy', 'step': 'erase_devices'}])
    node = utils.wait_settled(node.uuid)
    assert node.provision_state == states.MANAGEABLE
    assert _settings(ctx, node) == {'BootMode': 'Legacy', 'New': 'x'}
    assert len(bmc.holders) == 2


def test_cleaning_that_waits_caches_when_it_ends(ctx, api, conductor, bmc):
    node = _node(ctx, api, provision_state=states.MANAGEABLE)
    with mock.patch.object(fake.FakeDeploy, 'erase_devices',
                           return_value=states.CLEANWAIT):
        api.do_provisioning_action(ctx, node.uuid, 'provide')
        node = utils.wait_settled(node.uuid)
    assert node.provision_state == states.CLEANWAIT
    assert bmc.holders == []
    with mock.patch.object(fake.FakeDeploy, 'heartbeat', return_value='done'):
        api.heartbeat(ctx, node.uuid, 'http://192.0.2.1:9999', '3.0')
        node = utils.wait_for_node(
            node.uuid, lambda n: n.provision_state == states.AVAILABLE
            and n.reservation is None)
    assert _settings(ctx, node)['ProcTurboMode'] == 'Enabled'


def test_no_cache_without_cleaning(ctx, api, conf, bmc):
    conf.config(automated_clean=False, group='conductor')
    node = _node(ctx, api, provision_state=states.MANAGEABLE)
    api.do_provisioning_action(ctx, node.uuid, 'provide')
    node = utils.wait_settled(node.uuid)
    assert node.provision_state == states.AVAILABLE
    assert bmc.holders == []


def test_deleting_the_node_deletes_its_settings(ctx, api, bmc):
    node = _node(ctx, api)
    api.do_provisioning_action(ctx, node.uuid, 'manage')
    node = utils.wait_settled(node.uuid)
    assert _settings(ctx, node)
    api.destroy_node(ctx, node.uuid)
    with pytest.raises(exception.NodeNotFound):
        objects.BIOSSettingList.get_by_node_id(ctx, node.id)


@pytest.mark.parametrize('iface', [fake.FakeBios, noop.NoBios])
def test_fake_and_no_bios_store_nothing(ctx, api, iface):
    node = _node(ctx, api)
    with mock.patch.object(iface, 'cache_bios_settings',
                           wraps=iface().cache_bios_settings) as called:
        if iface is noop.NoBios:
            node.bios_interface = 'no-bios'
            node = api.update_node(ctx, node)
        api.do_provisioning_action(ctx, node.uuid, 'manage')
        node = utils.wait_settled(node.uuid)
    assert node.provision_state == states.MANAGEABLE
    assert called.call_count == 1
    assert _settings(ctx, node) == {}
