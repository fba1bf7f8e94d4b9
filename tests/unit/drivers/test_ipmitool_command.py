"""Parsing and validation in the ipmitool protocol code (no network)."""

import pytest

from ironic_lite.common import exception
from ironic_lite.drivers.modules import errors
from ironic_lite.drivers.modules.ipmitool import command
from ironic_lite.drivers.modules.ipmitool import driver_info


def _parse(**kw):
    return command.parse_driver_info(dict({'ipmi_address': '10.0.0.5'}, **kw))


def test_defaults():
    info = _parse()
    assert info == command.IPMIInfo(address='10.0.0.5')
    assert (info.port, info.priv_level, info.protocol_version,
            info.cipher_suite) == (623, 'ADMINISTRATOR', '2.0', None)
    assert info.target == '10.0.0.5:623'


def test_all_keys():
    info = _parse(ipmi_port='6230', ipmi_username='root',
                  ipmi_password='calvin', ipmi_priv_level='operator',
                  ipmi_protocol_version='2.0', ipmi_cipher_suite='17')
    assert (info.port, info.username, info.password, info.priv_level,
            info.cipher_suite) == (6230, 'root', 'calvin', 'OPERATOR', 17)


def test_password_not_in_repr():
    assert 'calvin' not in repr(_parse(ipmi_password='calvin'))


def test_reexported_from_its_own_module():
    assert command.parse_driver_info is driver_info.parse_driver_info


@pytest.mark.parametrize('info, fragment', [
    ({}, 'missing ipmi_address'),
    ({'ipmi_address': ''}, 'missing ipmi_address'),
    ({'ipmi_address': '  '}, 'missing ipmi_address'),
    ({'ipmi_address': 'a b'}, 'not a host name'),
    ({'ipmi_address': '-oProxy'}, 'not a host name'),
    ({'ipmi_address': 'h', 'ipmi_port': 'x'}, 'ipmi_port'),
    ({'ipmi_address': 'h', 'ipmi_port': 0}, 'between 1 and 65535'),
    ({'ipmi_address': 'h', 'ipmi_port': 70000}, 'between 1 and 65535'),
    ({'ipmi_address': 'h', 'ipmi_priv_level': 'ROOT'}, 'ipmi_priv_level'),
    ({'ipmi_address': 'h', 'ipmi_protocol_version': '3'},
     'ipmi_protocol_version'),
    ({'ipmi_address': 'h', 'ipmi_cipher_suite': 'x'}, 'ipmi_cipher_suite'),
    ({'ipmi_address': 'h', 'ipmi_cipher_suite': 300}, 'out of range'),
    ({'ipmi_address': 'h', 'ipmi_cipher_suite': 3,
      'ipmi_protocol_version': '1.5'}, 'needs ipmi_protocol_version'),
    ({'ipmi_address': 'h', 'ipmi_password': 123}, 'ipmi_password'),
])
def test_invalid_driver_info(info, fragment):
    with pytest.raises(exception.InvalidParameterValue) as raised:
        command.parse_driver_info(info)
    assert fragment in str(raised.value)


def test_none_driver_info():
    with pytest.raises(exception.InvalidParameterValue):
        command.parse_driver_info(None)


def test_build_command():
    info = _parse(ipmi_port=6230, ipmi_username='root',
                  ipmi_password='calvin', ipmi_cipher_suite=3)
    cmd = command.build_command(info, ['power', 'status'], '/run/pw')
    assert cmd[:3] == ['ipmitool', '-I', 'lanplus']
    assert cmd[-2:] == ['power', 'status']
    for flag, value in (('-H', '10.0.0.5'), ('-p', '6230'), ('-U', 'root'),
                        ('-f', '/run/pw'), ('-C', '3'),
                        ('-L', 'ADMINISTRATOR')):
        assert cmd[cmd.index(flag) + 1] == value
    assert 'calvin' not in cmd and '-P' not in cmd and '-E' not in cmd


def test_build_command_ipmi_15_and_no_user():
    cmd = command.build_command(_parse(ipmi_protocol_version='1.5'),
                                ['power', 'on'], '/run/pw')
    assert cmd[cmd.index('-I') + 1] == 'lan'
    assert '-U' not in cmd and '-C' not in cmd


def test_build_command_policy():
    policy = command.CallPolicy(ipmitool_timeout=3, ipmitool_retries=2)
    cmd = command.build_command(_parse(), ['power', 'on'], '/p', policy)
    assert cmd[cmd.index('-N') + 1] == '3'
    assert cmd[cmd.index('-R') + 1] == '2'


WRONG_PASSWORD = """Loading IANA PEN Registry...
Using best available cipher suite 3

> RAKP 2 HMAC is invalid
Error: Unable to establish IPMI v2 / RMCP+ session
"""
NO_ANSWER = """Loading IANA PEN Registry...
Get Auth Capabilities error
Error issuing Get Channel Authentication Capabilities request
Error: Unable to establish IPMI v2 / RMCP+ session
"""
BAD_CIPHER = """Authentication algorithm 0x01 is not what we requested 0x03

Error: Unable to establish IPMI v2 / RMCP+ session
"""


@pytest.mark.parametrize('stderr, cls, reason, retry', [
    (WRONG_PASSWORD, errors.BMCCredentialsError,
     'wrong credentials (RAKP 2 HMAC is invalid)', False),
    ('> RAKP 2 message indicates an error : unauthorized name\n',
     errors.BMCCredentialsError, 'wrong credentials', False),
    (NO_ANSWER, errors.BMCNotResponding,
     'no answer from the BMC (Get Auth Capabilities error)', True),
    (BAD_CIPHER, errors.BMCError, 'cipher suite not supported', False),
    ('> Error: no response from RAKP 1 message\n',
     errors.BMCCredentialsError, 'login not answered', True),
    ('Loading IANA PEN Registry...\nInvalid command: frobnicate\n',
     errors.BMCError, 'Invalid command: frobnicate', False),
    ('', errors.BMCError, 'no error output', False),
])
def test_classify_failure(stderr, cls, reason, retry):
    got_cls, got_reason, got_retry = command.classify_failure(stderr)
    assert got_cls is cls
    assert got_reason.startswith(reason)
    assert got_retry is retry
    assert '\n' not in got_reason


def test_classify_failure_scrubs_password():
    _, reason, _ = command.classify_failure('bad thing: calvin\n', 'calvin')
    assert 'calvin' not in reason


@pytest.mark.parametrize('output, state', [
    ('Chassis Power is on\n', 'power on'),
    ('Chassis Power is off\n', 'power off'),
])
def test_parse_power_status(output, state):
    assert command.parse_power_status(output) == state


def test_parse_power_status_garbage():
    with pytest.raises(errors.BMCError):
        command.parse_power_status('Chassis Power is confused\n')


def _bootparam(data):
    return ('Boot parameter version: 1\n'
            'Boot parameter 5 is valid/unlocked\n'
            'Boot parameter data: %s\n'
            ' Boot Flags :\n'
            '   - Boot Flag Valid\n' % data)


@pytest.mark.parametrize('data, expected', [
    ('c004000000', ('pxe', True)),
    ('8004000000', ('pxe', False)),
    ('8008000000', ('disk', False)),
    ('c00c000000', ('safe', True)),
    ('8014000000', ('cdrom', False)),
    ('c018000000', ('bios', True)),
    ('8000000000', (None, False)),       # valid, but no device forced
    ('e004000000', ('pxe', True)),       # EFI bit does not matter
    ('0004000000', (None, None)),        # flags not valid
    ('0000000000', (None, None)),
])
def test_parse_boot_flags(data, expected):
    got = command.parse_boot_flags(_bootparam(data))
    assert (got['boot_device'], got['persistent']) == expected


@pytest.mark.parametrize('output', [
    '', 'Boot parameter version: 1\n', _bootparam('zz'), _bootparam('80'),
])
def test_parse_boot_flags_garbage(output):
    with pytest.raises(errors.BMCError):
        command.parse_boot_flags(output)


def test_supported_boot_devices():
    assert command.supported_boot_devices() == ['pxe', 'disk', 'cdrom',
                                                'bios', 'safe']


def test_set_boot_device_refuses_unknown_device():
    with pytest.raises(exception.InvalidParameterValue):
        command.set_boot_device(_parse(), 'usb')


def test_set_power_state_refuses_unknown_state():
    with pytest.raises(exception.InvalidParameterValue):
        command.set_power_state(_parse(), 'power sideways')


def test_errors_are_ironic_lite_exceptions():
    err = errors.BMCCredentialsError('IPMI call to h:623 failed: x')
    assert isinstance(err, exception.IronicLiteException)
    assert isinstance(err, errors.BMCError)
    assert str(err) == 'IPMI call to h:623 failed: x'
    assert 'BMC rejected' in str(errors.BMCCredentialsError(reason='r'))
