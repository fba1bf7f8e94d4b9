"""A BMC password never shows in a response, an error message or a log
line: a sentinel password is sent through every error path the API has
(bad patches, bad bodies, bad driver_info on create and update, BMC
failures of the ipmi and redfish drivers pointed at addresses nothing
answers at), and every response and every log record is searched for
it."""

import logging
import time

import pytest

from ironic_lite.common import context
from ironic_lite import objects
from tests.unit.api import utils as api_utils

SECRET = 'Sentinel-Pa55word-7f3e'
#: Where no BMC listens: IPMI gets no answer, Redfish is refused.
IPMI_INFO = {'ipmi_address': '127.0.0.1', 'ipmi_port': 9,
             'ipmi_username': 'admin', 'ipmi_password': SECRET}
REDFISH_INFO = {'redfish_address': 'http://127.0.0.1:9',
                'redfish_system_id': '/redfish/v1/Systems/1',
                'redfish_username': 'admin', 'redfish_password': SECRET}


@pytest.fixture
def fast_failing_bmcs(conf):
    conf.config(group='ipmi', command_retry_timeout=0,
                command_max_attempts=1, ipmitool_timeout=1,
                ipmitool_retries=0, command_timeout=5)
    conf.config(group='redfish', connect_timeout=1, read_timeout=1,
                connection_attempts=1, connection_retry_interval=0)


def _wait_settled(app, node):
    for _ in range(400):
        shown = api_utils.request(app, 'GET', '/v1/nodes/%s' % node).json
        if shown['reservation'] is None and \
                shown['target_power_state'] is None and \
                shown['provision_state'] not in ('verifying',):
            return shown
        time.sleep(0.05)
    raise AssertionError('node %s did not settle' % node)


def _node_requests(node, driver):
    """Requests that fail on the node, most of them on its driver_info."""
    path = '/v1/nodes/%s' % node
    bad = {'op': 'replace', 'path': '/driver_info/nope/x', 'value': 1}
    return [
        ('PATCH', path, [bad]),
        ('PATCH', path, [{'op': 'replace',
                          'path': '/driver_info/%s_password/x' % driver,
                          'value': 1}]),
        ('PATCH', path, [{'op': 'add', 'path': '/driver_info',
                          'value': [SECRET]}]),
        ('PATCH', path, [{'op': 'add', 'path': '/driver_info/x',
                          'value': SECRET + '\x00'}]),
        ('PATCH', path, [{'op': 'add', 'path': '/driver_info/x',
                          'value': SECRET * 5000}]),
        ('PATCH', path, [{'op': 'test', 'path': '/driver_info',
                          'value': SECRET}]),
        ('PATCH', path, [{'op': 'remove',
                          'path': '/driver_info/%s_password/x' % driver}]),
        ('PATCH', path, b'[{"op": "add", "path": "/extra", "value": "%s"'
         % SECRET.encode()),
        ('PUT', path + '/states/power', {'target': 'power on'}),
        ('PUT', path + '/states/provision', {'target': 'manage'}),
        ('PUT', path + '/management/boot_device', {'boot_device': 'pxe'}),
        ('GET', path + '/management/boot_device', None),
        ('GET', path + '/validate', None),
        ('PATCH', path, [{'op': 'add', 'path': '/driver_info/%s_port'
                          % driver, 'value': 'not-a-port'}]),
        ('PUT', path + '/states/power', {'target': 'power off'}),
    ]


def _create_requests():
    base = {'driver': 'ipmi', 'driver_info': IPMI_INFO}
    return [
        ('POST', '/v1/nodes', dict(base, extra=[])),
        ('POST', '/v1/nodes', dict(base, name='bad name')),
        ('POST', '/v1/nodes', dict(base, colour='red')),
        ('POST', '/v1/nodes', dict(base, driver_info=[SECRET])),
        ('POST', '/v1/nodes', dict(base, driver_info={
            'ipmi_password': SECRET + '\ud800'})),
        ('POST', '/v1/nodes', dict(base, driver_info={
            'ipmi_password': SECRET * 20000})),
        ('POST', '/v1/nodes', dict(base, driver='no-such-type')),
        ('POST', '/v1/nodes', dict(base, power_interface='no-such')),
        ('POST', '/v1/nodes', b'{"driver": "ipmi", "driver_info": '
         b'{"ipmi_password": "%s"' % SECRET.encode()),
        ('POST', '/v1/nodes', b'{"driver_info": {"ipmi_password": "%s\xff"}}'
         % SECRET.encode()),
        ('POST', '/v1/nodes', dict(base, driver_info=dict(
            IPMI_INFO, ipmi_port='not-a-port'))),
    ]


def test_no_password_in_answers_or_logs(api_app, fast_failing_bmcs,
                                        caplog):
    caplog.set_level(logging.DEBUG)
    answers = []
    for method, path, body in _create_requests():
        answers.append(api_utils.request(api_app, method, path, body))
    nodes = {}
    for driver, info in (('ipmi', IPMI_INFO), ('redfish', REDFISH_INFO)):
        created = api_utils.request(api_app, 'POST', '/v1/nodes', {
            'driver': driver, 'driver_info': info})
        assert created.status_int == 201, created.text
        nodes[driver] = created.json['uuid']
        answers.append(created)
    for driver, node in nodes.items():
        for method, path, body in _node_requests(node, driver):
            answers.append(api_utils.request(api_app, method, path, body))
            _wait_settled(api_app, node)
        shown = api_utils.request(api_app, 'GET', '/v1/nodes/%s' % node)
        assert shown.json['last_error'], shown.json
        answers.append(shown)
    assert {resp.status_int for resp in answers} >= {201, 202, 400, 413}
    for resp in answers:
        assert SECRET not in resp.text, resp.text
    logged = '\n'.join(record.getMessage() + str(record.exc_info or '')
                       for record in caplog.records)
    assert SECRET not in logged
    assert SECRET not in caplog.text


def test_no_chap_password_of_a_volume_target_in_answers(api_app, caplog):
    """A volume target's properties may hold a CHAP password: shown as
    ******, kept as stored through a PATCH of another property."""
    caplog.set_level(logging.DEBUG)
    node = api_utils.seed(api_app)['node']
    power = api_utils.request(api_app, 'PUT', '/v1/nodes/%s/states/power'
                              % node, {'target': 'power off'})
    assert power.status_int == 202
    _wait_settled(api_app, node)
    properties = {'auth_method': 'CHAP', 'auth_username': 'u',
                  'auth_password': SECRET, 'target_lun': 0}
    created = api_utils.request(api_app, 'POST', '/v1/volume/targets', {
        'node_uuid': node, 'volume_type': 'iscsi', 'boot_index': 1,
        'volume_id': 'v9', 'properties': properties})
    assert created.status_int == 201, created.text
    path = created.json['links'][0]['href']
    assert created.json['properties']['auth_password'] == '******'
    answers = [created, api_utils.request(api_app, 'GET', path),
               api_utils.request(api_app, 'GET',
                                 '/v1/volume/targets?detail=True'),
               api_utils.request(api_app, 'PATCH', path, [
                   {'op': 'replace', 'path': '/properties/target_lun',
                    'value': 1}]),
               api_utils.request(api_app, 'PATCH', path, [
                   {'op': 'add', 'path': '/properties/auth_password/x',
                    'value': 1}])]
    statuses = [resp.status_int for resp in answers]
    assert statuses == [201, 200, 200, 200, 400]
    for resp in answers:
        assert SECRET not in resp.text, resp.text
    assert SECRET not in caplog.text
    stored = objects.VolumeTarget.get(context.get_admin_context(),
                                      created.json['uuid'])
    assert stored.properties == dict(properties, target_lun=1)
