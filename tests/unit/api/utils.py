"""Helpers of the API tests: requests to the WSGI app and a snapshot of
the tables a request could change."""

import json

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
                      models.DeployTemplate, models.DeployTemplateStep):
            rows[model.__tablename__] = sorted(
                json.dumps({column.name: getattr(row, column.name)
                            for column in model.__table__.columns},
                           default=str, sort_keys=True)
                for row in session.query(model).all())
    return rows


def seed(app):
    """A node (named n1), a port group, a port, a chassis, a volume
    connector, a volume target and a deploy template; returns their UUIDs
    by kind."""
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
    return {'node': node['uuid'], 'portgroup': group['uuid'],
            'deploy_template': template['uuid'],
            'port': port['uuid'], 'chassis': chassis['uuid'],
            'volume_connector': connector['uuid'],
            'volume_target': target['uuid']}
