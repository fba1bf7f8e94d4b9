"""The redfish BIOS interface (no BMC: the protocol function is replaced):
the system's attributes become the node's stored settings, fenced by the
node's lock; a BMC failure stores nothing."""

import types
from unittest import mock

import pytest

from ironic_lite.common import context
from ironic_lite.common import exception
from ironic_lite.drivers.modules import errors
from ironic_lite.drivers.modules.redfish import bios
from ironic_lite.drivers.modules.redfish import utils
from ironic_lite import objects
from tests.unit.db import utils as db_utils

INFO = {'redfish_address': 'https://192.0.2.20',
        'redfish_system_id': '/redfish/v1/Systems/1',
        'redfish_username': 'admin', 'redfish_password': 'pw'}


@pytest.fixture
def task(db, drivers):
    node = db_utils.create_test_node(driver='redfish', driver_info=INFO,
                                     bios_interface='redfish')
    objects.Node.reserve(context.get_admin_context(), 'host-a', node.uuid)
    return types.SimpleNamespace(node=node, context=node._context,
                                 host='host-a', shared=False)


def _stored(task):
    return objects.BIOSSettingList.get_by_node_id(
        task.context, task.node.id).as_settings()


def test_attributes_become_settings(task):
    attributes = {'BootMode': 'Uefi', 'NumCores': 10, 'SriovGlobalEnable':
                  False, 'EmbeddedSata': None}
    with mock.patch.object(utils, 'get_bios_attributes',
                           return_value=attributes) as read:
        bios.RedfishBios().cache_bios_settings(task)
    assert read.call_args[0][0].address == INFO['redfish_address']
    assert _stored(task) == {'BootMode': 'Uefi', 'NumCores': '10',
                             'SriovGlobalEnable': 'false',
                             'EmbeddedSata': None}
    with mock.patch.object(utils, 'get_bios_attributes',
                           return_value={'BootMode': 'Bios'}):
        bios.RedfishBios().cache_bios_settings(task)
    assert _stored(task) == {'BootMode': 'Bios'}


def test_bmc_failure_stores_nothing(task):
    objects.BIOSSettingList.sync(task.context, task.node.id, {'Old': '1'})
    with mock.patch.object(utils, 'get_bios_attributes',
                           side_effect=errors.BMCNotResponding('down')):
        with pytest.raises(errors.BMCNotResponding):
            bios.RedfishBios().cache_bios_settings(task)
    assert _stored(task) == {'Old': '1'}


def test_lost_lock_stores_nothing(task):
    task.host = 'host-b'
    with mock.patch.object(utils, 'get_bios_attributes',
                           return_value={'BootMode': 'Uefi'}):
        with pytest.raises(exception.NodeLockLost):
            bios.RedfishBios().cache_bios_settings(task)
    assert _stored(task) == {}


def test_validate_reads_driver_info(task):
    task.node.driver_info = {}
    with pytest.raises(exception.MissingParameterValue):
        bios.RedfishBios().validate(task)
