"""Allocations while the deployment is pinned to release 2.0 (API
maximum 1.51): every version of this change is refused (406), the paths
are unknown at the versions served (404), and no row is written."""

import pytest

from ironic_lite.db.sqlalchemy import enginefacade
from ironic_lite.db.sqlalchemy import models
from tests.unit.api import utils


@pytest.fixture
def pinned_app(conf, request):
    conf.config(pin_release_version='2.0')
    return request.getfixturevalue('api_app')


@pytest.mark.parametrize('method, path, body, version, status', [
    ('POST', '/v1/allocations', {'resource_class': 'gold'}, '1.52', 406),
    ('POST', '/v1/allocations', {'resource_class': 'gold'}, 'latest', 404),
    ('POST', '/v1/allocations', {'resource_class': 'gold'}, '1.51', 404),
    ('GET', '/v1/allocations', None, '1.60', 406),
    ('PATCH', '/v1/allocations/a1', [], '1.57', 406),
    ('DELETE', '/v1/allocations/a1', None, '1.52', 406),
    ('GET', '/v1/nodes/n1/allocation', None, '1.52', 406),
    ('GET', '/v1/nodes?lessee=p1', None, '1.65', 406),
    ('GET', '/v1/nodes?retired=true', None, '1.61', 406),
])
def test_pinned_to_2_0_refuses_and_writes_nothing(
        pinned_app, method, path, body, version, status):
    resp = utils.request(pinned_app, method, path, body,
                         headers={'X-OpenStack-Ironic-API-Version': version})
    assert resp.status_int == status, resp.body
    assert resp.headers['X-OpenStack-Ironic-API-Maximum-Version'] == '1.51'
    with enginefacade.reader() as session:
        assert session.query(models.Allocation).count() == 0


def test_pinned_to_2_0_hides_the_new_node_fields(pinned_app):
    node = utils.request(pinned_app, 'POST', '/v1/nodes',
                         {'driver': 'fake-hardware'}).json
    for name in ('allocation_uuid', 'retired', 'retired_reason', 'lessee'):
        assert name not in node
    resp = utils.request(pinned_app, 'PATCH', '/v1/nodes/%s' % node['uuid'],
                         [{'op': 'add', 'path': '/lessee', 'value': 'p1'}])
    assert resp.status_int == 406
