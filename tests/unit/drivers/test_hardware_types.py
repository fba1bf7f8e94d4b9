"""Hardware types, their entry points, and the defaults nodes get."""

import http.client

import pytest

from ironic_lite.common import exception
from ironic_lite.conf import drivers as drivers_conf
from ironic_lite.drivers import base
from ironic_lite.drivers import hardware_type
from ironic_lite.drivers import ipmi
from ironic_lite.drivers import redfish
from tests.fixtures import driver_node as make_node

EXPECTED_DEFAULTS = {
    'fake-hardware': dict(
        bios='fake', boot='fake', console='fake', deploy='fake',
        inspect='fake', management='fake', network='noop', power='fake',
        raid='fake', rescue='fake', storage='noop', vendor='fake'),
    'ipmi': dict(
        bios='no-bios', boot='pxe', console='no-console', deploy='ramdisk',
        inspect='no-inspect', management='ipmitool', network='noop',
        power='ipmitool', raid='no-raid', rescue='no-rescue',
        storage='noop', vendor='no-vendor'),
    'redfish': dict(
        bios='no-bios', boot='pxe', console='no-console', deploy='ramdisk',
        inspect='no-inspect', management='redfish', network='noop',
        power='redfish', raid='no-raid', rescue='no-rescue',
        storage='noop', vendor='no-vendor'),
}


def test_default_configuration_enables_the_three_types(drivers):
    assert drivers_conf.DEFAULT_HARDWARE_TYPES == ['fake-hardware', 'ipmi',
                                                   'redfish']
    assert drivers.enabled_hardware_types() == ['fake-hardware', 'ipmi',
                                                'redfish']


@pytest.mark.parametrize('hw_type', sorted(EXPECTED_DEFAULTS))
def test_node_without_interfaces_gets_the_defaults(drivers, hw_type):
    node = make_node(driver=hw_type)
    got = {iface: getattr(node, '%s_interface' % iface)
           for iface in base.INTERFACES}
    assert got == EXPECTED_DEFAULTS[hw_type]


@pytest.mark.parametrize('hw_type', ['ipmi', 'redfish'])
def test_build_driver_gives_the_implementations(drivers, hw_type):
    node = make_node(driver=hw_type)
    driver = drivers.build_driver(node)
    for iface in base.INTERFACES:
        assert getattr(driver, iface).interface_type == iface


@pytest.mark.parametrize('hw_type, iface, value, allowed', [
    ('ipmi', 'power', 'redfish', 'ipmitool, fake'),
    ('redfish', 'management', 'ipmitool', 'redfish, fake'),
    ('fake-hardware', 'deploy', 'ramdisk', 'fake'),
    ('fake-hardware', 'boot', 'pxe', 'fake'),
])
def test_unsupported_interface_is_a_400_naming_the_allowed(
        drivers, hw_type, iface, value, allowed):
    with pytest.raises(exception.IncompatibleInterface) as raised:
        make_node(driver=hw_type, **{'%s_interface' % iface: value})
    assert raised.value.code == http.client.BAD_REQUEST
    assert allowed in str(raised.value)
    assert value in str(raised.value)


def test_unknown_interface_is_a_400(drivers):
    with pytest.raises(exception.InterfaceNotFoundInEntrypoint) as raised:
        make_node(driver='ipmi', power_interface='snmp')
    assert raised.value.code == http.client.BAD_REQUEST
    assert 'ipmitool' in str(raised.value)


@pytest.mark.parametrize('hw_type', ['ipmi', 'redfish'])
def test_fake_interfaces_can_be_chosen(drivers, hw_type):
    node = make_node(driver=hw_type, power_interface='fake',
                     management_interface='fake', deploy_interface='fake',
                     boot_interface='fake')
    assert (node.power_interface, node.deploy_interface) == ('fake', 'fake')


def test_type_lists():
    assert ipmi.IPMIHardware.supported('power') == ('ipmitool', 'fake')
    assert ipmi.IPMIHardware.supported('management') == ('ipmitool', 'fake')
    assert redfish.RedfishHardware.supported('power') == ('redfish', 'fake')
    assert redfish.RedfishHardware.supported('management') == (
        'redfish', 'fake')
    for hw in (ipmi.IPMIHardware, redfish.RedfishHardware):
        assert hw.supported('boot') == ('pxe', 'fake')
        assert hw.supported('deploy') == ('ramdisk', 'fake')
        assert hw.supported('network') == ('noop',)
        assert set(hw.supported_interfaces) == set(base.INTERFACES)
    assert issubclass(ipmi.IPMIHardware, hardware_type.HardwareType)


def test_only_fake_hardware_enabled_still_works(drivers, conf):
    conf.config(enabled_hardware_types=['fake-hardware'],
                enabled_power_interfaces=['fake'],
                enabled_management_interfaces=['fake'],
                enabled_boot_interfaces=['fake'],
                enabled_deploy_interfaces=['fake'])
    assert drivers.enabled_hardware_types() == ['fake-hardware']
    with pytest.raises(exception.DriverNotFound):
        make_node(driver='ipmi')


def test_ipmi_falls_back_to_fake_when_ipmitool_is_not_enabled(drivers, conf):
    conf.config(enabled_power_interfaces=['redfish', 'fake'],
                enabled_management_interfaces=['redfish', 'fake'])
    node = make_node(driver='ipmi')
    assert (node.power_interface, node.management_interface) == ('fake',
                                                                 'fake')


def test_driver_properties_list_the_bmc_keys(drivers):
    ipmi_props = drivers.driver_properties('ipmi')
    assert {'ipmi_address', 'ipmi_port', 'ipmi_username', 'ipmi_password',
            'ipmi_priv_level', 'ipmi_protocol_version',
            'deploy_kernel', 'deploy_ramdisk'} <= set(ipmi_props)
    redfish_props = drivers.driver_properties('redfish')
    assert {'redfish_address', 'redfish_system_id', 'redfish_username',
            'redfish_password', 'redfish_verify_ca'} <= set(redfish_props)
    assert not any(k.startswith('ipmi_') for k in redfish_props)
