"""An API of this release pinned to release 2.0 (API maximum 1.51): none
of 1.53 (is_smartnic), 1.54 (events), 1.63 (indicators), 1.64
(network_type), 1.67 (VIF to a named port) or 1.71 can be reached, and
ports are written as Port 1.0, which release 2.0 reads."""

import pytest

from ironic_lite.db.sqlalchemy import enginefacade
from ironic_lite.db.sqlalchemy import models
from tests.unit.api import utils

_EVENT = {'events': [{'event': 'network.bind_port',
                      'port_id': '11111111-2222-3333-4444-555555555555',
                      'mac_address': '52:54:00:ee:00:01',
                      'status': 'ACTIVE'}]}


@pytest.fixture
def app(conf, request):
    conf.config(pin_release_version='2.0')
    return request.getfixturevalue('api_app')


def _at(version):
    return {'X-OpenStack-Ironic-API-Version': version}


def test_latest_is_1_51(app):
    resp = utils.request(app, 'GET', '/v1')
    assert resp.headers['X-OpenStack-Ironic-API-Version'] == '1.51'
    assert resp.headers['X-OpenStack-Ironic-API-Maximum-Version'] == '1.51'


@pytest.mark.parametrize('version', ['1.53', '1.54', '1.63', '1.64',
                                     '1.67', '1.71'])
def test_every_new_version_is_406(app, version):
    assert utils.request(app, 'GET', '/v1/ports',
                         headers=_at(version)).status_int == 406


def test_ports_are_written_as_1_0_without_is_smartnic(app):
    node = utils.request(app, 'POST', '/v1/nodes',
                         {'driver': 'fake-hardware', 'name': 'p20'}).json
    resp = utils.request(app, 'POST', '/v1/ports', {
        'node_uuid': node['uuid'], 'address': '52:54:00:20:00:01'})
    assert resp.status_int == 201
    assert 'is_smartnic' not in resp.json
    with enginefacade.reader() as session:
        row = session.query(models.Port).one()
        assert (row.version, row.is_smartnic) == ('1.0', False)
    for body in ({'is_smartnic': False},
                 {'local_link_connection': {'network_type': 'unmanaged'}},
                 {'local_link_connection': {'port_id': 'p',
                                            'hostname': 'h'}}):
        resp = utils.request(app, 'POST', '/v1/ports', dict(
            body, node_uuid=node['uuid'], address='52:54:00:20:00:02'))
        assert resp.status_int == 406, body
    port = utils.request(app, 'GET', '/v1/ports').json['ports'][0]
    resp = utils.request(app, 'PATCH', '/v1/ports/' + port['uuid'], [
        {'op': 'add', 'path': '/is_smartnic', 'value': True}])
    assert resp.status_int == 406


def test_events_and_indicators_do_not_exist(app):
    utils.request(app, 'POST', '/v1/nodes',
                  {'driver': 'fake-hardware', 'name': 'i20'})
    assert utils.request(app, 'POST', '/v1/events',
                         _EVENT).status_int == 404
    assert utils.request(app, 'POST', '/v1/events', _EVENT,
                         headers=_at('1.54')).status_int == 406
    path = '/v1/nodes/i20/management/indicators'
    assert utils.request(app, 'GET', path).status_int == 404
    assert utils.request(app, 'PUT', path + '/led@system',
                         {'state': 'ON'}).status_int == 404
    assert utils.request(app, 'GET', path,
                         headers=_at('1.63')).status_int == 406
