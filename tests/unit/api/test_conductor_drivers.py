"""/v1/conductors ``drivers``: the hardware types each conductor
registered in conductor_hardware_interfaces, also once it stopped; the
``conductors.drivers`` column, which repeats them for release 1.0, is not
read (release 3.0 may drop it)."""

import sqlalchemy as sa

from ironic_lite.common import context
from ironic_lite.db.sqlalchemy import enginefacade
from ironic_lite import objects
from tests.unit.api import utils as api_utils

TYPES = ['fake-hardware', 'ipmi', 'redfish']


def _get(app, path):
    resp = api_utils.request(app, 'GET', path)
    assert resp.status_int == 200, resp.body
    return resp.json


def test_drivers_of_live_and_stopped_conductors(api_app):
    ctx = context.get_admin_context()
    stopped = objects.Conductor.register(ctx, 'stopped', ['redfish'])
    stopped.register_hardware_interfaces([
        {'hardware_type': 'redfish', 'interface_type': 'power',
         'interface_name': 'redfish', 'default': True}])
    stopped.unregister()
    with enginefacade.writer() as session:
        session.execute(sa.text(
            'UPDATE conductors SET drivers = \'["not-read"]\''))

    listed = _get(api_app, '/v1/conductors?detail=true')['conductors']
    assert {c['hostname']: (c['alive'], c['drivers']) for c in listed} == {
        'stopped': (False, ['redfish']), 'test-host': (True, TYPES)}
    assert _get(api_app, '/v1/conductors/test-host')['drivers'] == TYPES
    assert _get(api_app, '/v1/conductors/stopped?fields=drivers')[
        'drivers'] == ['redfish']
