"""The ipmitool power and management interfaces (no BMC: the ipmitool
runner is replaced by a recorder)."""

import pytest

from ironic_lite.common import exception
from ironic_lite.common import states
from ironic_lite.drivers.modules.ipmitool import command
from ironic_lite.drivers.modules.ipmitool import management
from ironic_lite.drivers.modules.ipmitool import power
from tests.fixtures import driver_task as make_task

INFO = {'ipmi_address': '192.0.2.10', 'ipmi_username': 'admin',
        'ipmi_password': 'pw'}


@pytest.fixture
def task(drivers):
    return make_task(driver='ipmi', driver_info=dict(INFO))


@pytest.fixture
def bmc(monkeypatch):
    """Replace ipmitool: record commands, answer like a BMC that is on."""
    calls = []

    def run(info, args, policy=command.DEFAULT_POLICY):
        calls.append((list(args), policy))
        if args == ['power', 'status']:
            return 'Chassis Power is on\n'
        if args[:3] == ['chassis', 'bootparam', 'get']:
            return 'Boot parameter data: c008000000\n'
        return ''

    monkeypatch.setattr(command, 'run', run)
    return calls


def test_properties_list_the_driver_info_keys():
    props = power.IPMIPower().get_properties()
    assert {'ipmi_address', 'ipmi_port', 'ipmi_username', 'ipmi_password',
            'ipmi_priv_level', 'ipmi_protocol_version',
            'ipmi_cipher_suite'} == set(props)
    assert 'Required' in props['ipmi_address']
    assert management.IPMIManagement().get_properties() == props


@pytest.mark.parametrize('iface', [power.IPMIPower(),
                                   management.IPMIManagement()])
def test_validate_missing_address(drivers, iface):
    task = make_task(driver='ipmi', driver_info={'ipmi_username': 'u'})
    with pytest.raises(exception.MissingParameterValue) as raised:
        iface.validate(task)
    assert 'ipmi_address' in str(raised.value)
    assert raised.value.code == 400


@pytest.mark.parametrize('key, value, words', [
    ('ipmi_port', 'x', 'ipmi_port'),
    ('ipmi_port', 70000, 'between 1 and 65535'),
    ('ipmi_priv_level', 'ROOT', 'ipmi_priv_level'),
    ('ipmi_protocol_version', '3.0', 'ipmi_protocol_version'),
])
def test_validate_malformed(task, key, value, words):
    task.node.driver_info = dict(INFO, **{key: value})
    with pytest.raises(exception.InvalidParameterValue) as raised:
        power.IPMIPower().validate(task)
    assert words in str(raised.value)
    assert 'pw' not in str(raised.value).split()


def test_validate_good(task, bmc):
    power.IPMIPower().validate(task)
    management.IPMIManagement().validate(task)
    # Validation reads driver_info only; it never calls the BMC.
    assert bmc == []


def test_power_state(task, bmc):
    assert task.driver.power.get_power_state(task) == states.POWER_ON
    assert bmc[0][0] == ['power', 'status']


@pytest.mark.parametrize('target, first', [
    (states.POWER_ON, ['power', 'on']),
    (states.SOFT_POWER_OFF, ['power', 'soft']),
    (states.REBOOT, ['power', 'status']),
])
def test_set_power_state_commands(task, bmc, monkeypatch, target, first):
    monkeypatch.setattr(command, '_wait_for', lambda *a: None)
    task.driver.power.set_power_state(task, target)
    assert bmc[0][0] == first
    if target == states.REBOOT:
        assert bmc[1][0] == ['power', 'cycle']


def test_policy_comes_from_the_ipmi_options(task, bmc, conf, monkeypatch):
    conf.config(command_retry_timeout=3, command_timeout=2,
                power_state_change_timeout=7, group='ipmi')
    waited = []
    monkeypatch.setattr(command, '_wait_for',
                        lambda info, target, policy: waited.append(policy))
    task.driver.power.set_power_state(task, states.POWER_ON)
    task.driver.power.set_power_state(task, states.POWER_OFF, timeout=4)
    policy = bmc[0][1]
    assert (policy.retry_timeout, policy.call_timeout) == (3, 2)
    assert [p.power_wait for p in waited] == [7, 4]


def test_unsupported_power_state(task):
    with pytest.raises(exception.InvalidParameterValue) as raised:
        task.driver.power.set_power_state(task, 'sleeping')
    assert 'soft power off' in str(raised.value)


def test_supported_power_states(task):
    assert set(task.driver.power.get_supported_power_states(task)) == {
        states.POWER_ON, states.POWER_OFF, states.REBOOT,
        states.SOFT_POWER_OFF, states.SOFT_REBOOT}


def test_boot_devices(task, bmc):
    mgmt = task.driver.management
    assert mgmt.get_supported_boot_devices(task) == [
        'pxe', 'disk', 'cdrom', 'bios', 'safe']
    mgmt.set_boot_device(task, 'pxe', persistent=True)
    mgmt.set_boot_device(task, 'disk')
    assert [c[0] for c in bmc] == [
        ['chassis', 'bootdev', 'pxe', 'options=persistent'],
        ['chassis', 'bootdev', 'disk']]
    assert mgmt.get_boot_device(task) == {'boot_device': 'disk',
                                          'persistent': True}


def test_unsupported_boot_device(task, bmc):
    with pytest.raises(exception.InvalidParameterValue) as raised:
        task.driver.management.set_boot_device(task, 'floppy')
    assert 'pxe, disk' in str(raised.value)
    assert bmc == []


def test_inject_nmi_is_power_diag_with_the_ipmi_options(task, bmc, conf):
    conf.config(command_retry_timeout=7, group='ipmi')
    task.driver.management.inject_nmi(task)
    assert [c[0] for c in bmc] == [['power', 'diag']]
    assert bmc[0][1] == power.policy()
    assert bmc[0][1].retry_timeout == 7
