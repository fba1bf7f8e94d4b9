"""The redfish power and management interfaces (no BMC: the protocol
functions are replaced where a call would go out)."""

import pytest
import sushy

from ironic_lite.common import exception
from ironic_lite.common import states
from ironic_lite.drivers.modules.redfish import management
from ironic_lite.drivers.modules.redfish import power
from ironic_lite.drivers.modules.redfish import utils
from tests.fixtures import driver_task as make_task

INFO = {'redfish_address': 'https://192.0.2.20',
        'redfish_system_id': '/redfish/v1/Systems/1',
        'redfish_username': 'admin', 'redfish_password': 'pw'}


@pytest.fixture
def task(drivers):
    return make_task(driver='redfish', driver_info=dict(INFO))


def test_properties_list_the_driver_info_keys():
    props = power.RedfishPower().get_properties()
    assert {'redfish_address', 'redfish_system_id', 'redfish_username',
            'redfish_password', 'redfish_verify_ca',
            'redfish_auth_type'} == set(props)
    assert management.RedfishManagement().get_properties() == props


@pytest.mark.parametrize('drop, missing', [
    (('redfish_address',), 'redfish_address'),
    (('redfish_system_id',), 'redfish_system_id'),
    (('redfish_address', 'redfish_system_id'),
     'redfish_address, redfish_system_id'),
])
@pytest.mark.parametrize('iface', [power.RedfishPower(),
                                   management.RedfishManagement()])
def test_validate_missing(task, iface, drop, missing):
    task.node.driver_info = {k: v for k, v in INFO.items() if k not in drop}
    with pytest.raises(exception.MissingParameterValue) as raised:
        iface.validate(task)
    assert missing in str(raised.value)


@pytest.mark.parametrize('key, value', [
    ('redfish_address', 'ftp://bmc'),
    ('redfish_verify_ca', '/no/such/bundle'),
    ('redfish_auth_type', 'kerberos'),
    ('redfish_system_id', 'a b'),
])
def test_validate_malformed(task, key, value):
    task.node.driver_info = dict(INFO, **{key: value})
    with pytest.raises(exception.InvalidParameterValue) as raised:
        task.driver.power.validate(task)
    assert key in str(raised.value)


def test_validate_does_not_contact_the_bmc(task, monkeypatch):
    monkeypatch.setattr(utils, '_connect', pytest.fail)
    task.driver.power.validate(task)
    task.driver.management.validate(task)


def test_set_power_state_maps_and_uses_the_options(task, conf, monkeypatch):
    conf.config(power_state_change_timeout=12, power_poll_interval=0.2,
                read_timeout=3, group='redfish')
    calls = []
    monkeypatch.setattr(utils, 'set_power_state',
                        lambda info, state, timeout, policy:
                        calls.append((state, timeout, policy)))
    task.driver.power.set_power_state(task, states.SOFT_REBOOT)
    task.driver.power.reboot(task, timeout=5)
    assert [(c[0], c[1]) for c in calls] == [
        (utils.SOFT_REBOOT, 12), (utils.REBOOT, 5)]
    assert calls[0][2] == utils.CallPolicy(
        connect_timeout=5, read_timeout=3, retries=2, retry_delay=1,
        poll_interval=0.2)


def test_unsupported_power_state(task):
    with pytest.raises(exception.InvalidParameterValue) as raised:
        task.driver.power.set_power_state(task, 'hibernate')
    assert 'redfish power cannot set power state "hibernate"' in str(
        raised.value)


def test_supported_power_states(task):
    assert states.SOFT_REBOOT in task.driver.power.get_supported_power_states(
        task)


class _System:
    """What inject_nmi uses of a sushy System."""

    def __init__(self, allowed):
        self.allowed = allowed
        self.resets = []

    def get_allowed_reset_system_values(self):
        return set(self.allowed)

    def reset_system(self, value):
        self.resets.append(value)


@pytest.mark.parametrize('allowed, sent', [
    ({sushy.ResetType.ON, sushy.ResetType.NMI}, [sushy.ResetType.NMI]),
    ({sushy.ResetType.ON, sushy.ResetType.FORCE_OFF}, []),
])
def test_inject_nmi_only_where_the_system_offers_it(task, monkeypatch,
                                                    allowed, sent):
    system = _System(allowed)
    monkeypatch.setattr(utils, '_call', lambda info, policy, fn: fn(None))
    monkeypatch.setattr(utils, 'get_system', lambda info, policy: system)
    if sent:
        task.driver.management.inject_nmi(task)
    else:
        with pytest.raises(exception.UnsupportedDriverExtension) as e:
            task.driver.management.inject_nmi(task)
        assert 'redfish does not support inject_nmi' in str(e.value)
    assert system.resets == sent
