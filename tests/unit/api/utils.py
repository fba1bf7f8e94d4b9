"""Helpers of the API tests: requests to the WSGI app and a snapshot of
the tables a request could change."""

import json
import time

import webob

from ironic_lite.api import microversion
from ironic_lite.db.sqlalchemy import enginefacade
from ironic_lite.db.sqlalchemy import models


def request(app, method, path, body=None, headers=None):
    """``method path`` at the latest microversion; ``body`` is JSON-encoded
    unless it is bytes already."""
    req = webob.Request.blank(path, method=method, headers=dict(
        {microversion.HEADER: 'latest'}, **(headers or {})))
    if body is not None:
        req.body = body if isinstance(body, bytes) else json.dumps(
            body).encode()
        req.content_type = 'application/json'
    return req.get_response(app)


def fault(resp):
    """The decoded ``error_message`` of an error response."""
    return json.loads(resp.json['error_message'])


def tables():
    """Every row of the tables behind the API's resources, comparable."""
    rows = {}
    with enginefacade.reader() as session:
        for model in (models.Node, models.Port, models.Portgroup,
                      models.Chassis, models.NodeTrait,
                      models.VolumeConnector, models.VolumeTarget,
                      models.DeployTemplate, models.DeployTemplateStep,
                      models.Allocation):
            rows[model.__tablename__] = sorted(
                json.dumps({column.name: getattr(row, column.name)
                            for column in model.__table__.columns},
                           default=str, sort_keys=True)
                for row in session.query(model).all())
    return rows


def seed(app):
    """A node (named n1), a port group, a port, a chassis, a volume
    connector, a volume target, a deploy template and an allocation (a1,
    failed: no node has its resource class); returns their UUIDs by kind."""
    node = request(app, 'POST', '/v1/nodes',
                   {'driver': 'fake-hardware', 'name': 'n1'}).json
    group = request(app, 'POST', '/v1/portgroups', {
        'node_uuid': node['uuid'], 'name': 'pg1'}).json
    port = request(app, 'POST', '/v1/ports', {
        'address': '52:54:00:00:00:01', 'node_uuid': node['uuid']}).json
    chassis = request(app, 'POST', '/v1/chassis', {}).json
    connector = request(app, 'POST', '/v1/volume/connectors', {
        'node_uuid': node['uuid'], 'type': 'iqn',
        'connector_id': 'iqn.2017-07.org.example:n1'}).json
    target = request(app, 'POST', '/v1/volume/targets', {
        'node_uuid': node['uuid'], 'volume_type': 'iscsi',
        'boot_index': 0, 'volume_id': 'v1'}).json
    template = request(app, 'POST', '/v1/deploy_templates', {
        'name': 'CUSTOM_SEEDED', 'steps': [
            {'interface': 'raid', 'step': 'delete_configuration',
             'args': {}, 'priority': 10}]}).json
    allocation = wait_allocation(app, request(
        app, 'POST', '/v1/allocations',
        {'resource_class': 'none-such', 'name': 'a1'}).json['uuid'])
    return {'node': node['uuid'], 'portgroup': group['uuid'],
            'deploy_template': template['uuid'],
            'port': port['uuid'], 'chassis': chassis['uuid'],
            'volume_connector': connector['uuid'],
            'volume_target': target['uuid'], 'allocation': allocation['uuid']}


def wait_allocation(app, ident, timeout=10):
    """The allocation ``ident`` once its conductor is done with it
    (``active`` or ``error``)."""
    deadline = time.monotonic() + timeout
    while True:
        body = request(app, 'GET', '/v1/allocations/%s' % ident).json
        if body['state'] != 'allocating' or time.monotonic() > deadline:
            return body
        time.sleep(0.05)
