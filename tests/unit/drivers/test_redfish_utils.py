"""Parsing, validation and error mapping of the Redfish code (no network)."""

import pytest
import sushy
from sushy import exceptions as sushy_exc

from ironic_lite.common import exception
from ironic_lite.drivers.modules import errors
from ironic_lite.drivers.modules.redfish import driver_info
from ironic_lite.drivers.modules.redfish import utils


def _parse(**kw):
    return utils.parse_driver_info(dict({'redfish_address': 'bmc.example',
                                         'redfish_system_id': 'sys-1'},
                                        **kw))


def test_defaults():
    info = _parse()
    assert info.address == 'https://bmc.example'
    assert (info.system_id, info.username, info.password, info.verify_ca,
            info.auth_type) == ('sys-1', None, None, True, 'auto')
    assert info.system_path == '/redfish/v1/Systems/sys-1'


def test_reexported_from_its_own_module():
    assert utils.parse_driver_info is driver_info.parse_driver_info
    assert utils.RedfishInfo is driver_info.RedfishInfo


@pytest.mark.parametrize('address, expected', [
    ('http://127.0.0.1:8000', 'http://127.0.0.1:8000'),
    ('https://bmc/', 'https://bmc'),
    ('10.0.0.1:8443', 'https://10.0.0.1:8443'),
    ('[::1]:8000', 'https://[::1]:8000'),
])
def test_address_forms(address, expected):
    assert _parse(redfish_address=address).address == expected


def test_system_path_given_as_path():
    info = _parse(redfish_system_id='/redfish/v1/Systems/abc')
    assert info.system_path == '/redfish/v1/Systems/abc'


@pytest.mark.parametrize('value, expected', [
    (True, True), (False, False), ('false', False), ('True', True),
    ('no', False), ('1', True),
])
def test_verify_ca_booleans(value, expected):
    assert _parse(redfish_verify_ca=value).verify_ca is expected


def test_verify_ca_path(tmp_path):
    bundle = tmp_path / 'ca.pem'
    bundle.write_text('x')
    assert _parse(redfish_verify_ca=str(bundle)).verify_ca == str(bundle)


def test_password_not_in_repr():
    assert 'hunter2' not in repr(_parse(redfish_password='hunter2'))


@pytest.mark.parametrize('overrides, fragment', [
    ({'redfish_address': None}, 'missing redfish_address'),
    ({'redfish_address': ''}, 'missing redfish_address'),
    ({'redfish_address': 'ftp://bmc'}, 'not an http(s) URL'),
    ({'redfish_address': 'http://'}, 'not an http(s) URL'),
    ({'redfish_address': 'http://bmc:notaport'}, 'invalid port'),
    ({'redfish_system_id': None}, 'missing redfish_system_id'),
    ({'redfish_system_id': ' '}, 'missing redfish_system_id'),
    ({'redfish_system_id': 'a b'}, 'contains spaces'),
    ({'redfish_auth_type': 'kerberos'}, 'redfish_auth_type'),
    ({'redfish_verify_ca': '/no/such/bundle'}, 'redfish_verify_ca'),
    ({'redfish_verify_ca': 3}, 'redfish_verify_ca'),
    ({'redfish_username': 5}, 'redfish_username'),
])
def test_invalid_driver_info(overrides, fragment):
    with pytest.raises(exception.InvalidParameterValue) as raised:
        _parse(**overrides)
    assert fragment in str(raised.value)


def test_set_power_state_refuses_unknown_state_without_calling():
    with pytest.raises(exception.InvalidParameterValue):
        utils.set_power_state(_parse(), 'power sideways')


@pytest.mark.parametrize('error, cls, fragment', [
    ('HTTPConnectionPool: Max retries exceeded (Connection refused)',
     errors.BMCNotResponding, 'connection refused'),
    ('Read timed out. (read timeout=2)', errors.BMCNotResponding,
     'timed out'),
    ('Failed to resolve: Name or service not known',
     errors.BMCNotResponding, 'unknown host name'),
    ('SSLError: certificate verify failed', errors.BMCNotResponding,
     'TLS error'),
])
def test_connection_errors_are_translated(error, cls, fragment):
    info = _parse(redfish_password='hunter2')
    exc = sushy_exc.ConnectionError(url=info.address, error=error)
    err = utils._translate(info, exc)
    assert type(err) is cls
    assert str(err) == 'Redfish call to https://bmc.example failed: %s' % (
        fragment if fragment != 'TLS error' else
        'TLS error (check redfish_verify_ca)')


def test_other_sushy_errors_are_translated_without_password():
    info = _parse(redfish_password='hunter2')
    exc = sushy_exc.SushyError('odd answer mentioning hunter2\nmore')
    err = utils._translate(info, exc)
    assert type(err) is errors.BMCError
    assert 'hunter2' not in str(err) and '\n' not in str(err)


def test_cache_key_does_not_hold_the_password():
    key = utils._ConnectionCache.key(_parse(redfish_password='hunter2'))
    assert 'hunter2' not in repr(key)
    assert key != utils._ConnectionCache.key(_parse(redfish_password='x'))


# -- indicator LEDs (API 1.63), on stand-ins for sushy's resources --

class _Resource:
    def __init__(self, led, chassis=None):
        self.indicator_led = led
        self._chassis = chassis
        self.set_to = []

    @property
    def chassis(self):
        if self._chassis is None:
            raise sushy_exc.MissingAttributeError(attribute='Links/Chassis',
                                                  resource='system')
        return self._chassis

    def set_indicator_led(self, value):
        self.set_to.append(value)


def _with_system(monkeypatch, system):
    monkeypatch.setattr(utils, 'get_system', lambda info, policy: system)
    monkeypatch.setattr(utils._CACHE, 'get', lambda info, policy: None)


def test_only_the_leds_the_bmc_reports_are_listed(monkeypatch):
    chassis = _Resource(None)
    _with_system(monkeypatch, _Resource(sushy.IndicatorLED.OFF, [chassis]))
    assert utils.supported_indicators(_parse()) == {
        'system': {'led': {'readonly': False,
                           'states': ['OFF', 'ON', 'BLINKING']}}}
    chassis.indicator_led = sushy.IndicatorLED.BLINKING
    assert set(utils.supported_indicators(_parse())) == {'system', 'chassis'}
    assert utils.get_indicator_state(_parse(), 'chassis') == 'BLINKING'


def test_a_system_without_chassis_links(monkeypatch):
    _with_system(monkeypatch, _Resource(sushy.IndicatorLED.LIT))
    assert set(utils.supported_indicators(_parse())) == {'system'}
    assert utils.get_indicator_state(_parse(), 'system') == 'ON'
    with pytest.raises(errors.BMCError, match='has no chassis'):
        utils.set_indicator_state(_parse(), 'chassis', 'ON')


def test_setting_maps_to_redfish_values(monkeypatch):
    system = _Resource(sushy.IndicatorLED.OFF)
    _with_system(monkeypatch, system)
    for state in ('ON', 'BLINKING', 'OFF'):
        utils.set_indicator_state(_parse(), 'system', state)
    assert system.set_to == [sushy.IndicatorLED.LIT,
                             sushy.IndicatorLED.BLINKING,
                             sushy.IndicatorLED.OFF]
    with pytest.raises(exception.InvalidParameterValue):
        utils.set_indicator_state(_parse(), 'system', 'UNKNOWN')
    assert len(system.set_to) == 3
