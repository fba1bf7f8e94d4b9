"""http_basic authentication, the reader role, and the healthcheck's
drain switch."""

import base64

import bcrypt
import pytest
import webob

from ironic_lite.api import app as app_mod
from ironic_lite.api import microversion
from ironic_lite.common import policy


@pytest.fixture
def basic_app(conductor, conf, tmp_path):
    users = tmp_path / 'htpasswd'
    users.write_text(''.join(
        '%s:%s\n' % (name, bcrypt.hashpw(password, bcrypt.gensalt(4))
                     .decode()) for name, password in (
            ('admin', b'secret'), ('viewer', b'look'))))
    conf.config(group='api', auth_strategy='http_basic',
                http_basic_auth_user_file=str(users),
                http_basic_reader_users=['viewer'])
    policy.reset()
    yield app_mod.setup_app()
    policy.reset()


def _call(app, method, path, user=None, body=None):
    headers = {microversion.HEADER: 'latest'}
    if user:
        headers['Authorization'] = 'Basic ' + base64.b64encode(
            user.encode()).decode()
    req = webob.Request.blank(path, method=method, headers=headers)
    if body is not None:
        req.json_body = body
    return req.get_response(app)


def test_credentials_required(basic_app):
    resp = _call(basic_app, 'GET', '/v1/nodes')
    assert resp.status_int == 401
    assert resp.headers['WWW-Authenticate'].startswith('Basic')
    assert 'error_message' in resp.json
    assert resp.headers[microversion.MAX_HEADER] == microversion.to_string(
        microversion.MAX_VERSION)
    assert _call(basic_app, 'GET', '/v1/nodes',
                 'admin:wrong').status_int == 401
    assert _call(basic_app, 'GET', '/v1/nodes',
                 'nobody:secret').status_int == 401


def test_discovery_is_public(basic_app):
    assert _call(basic_app, 'GET', '/').status_int == 200
    assert _call(basic_app, 'GET', '/v1').status_int == 200


def test_lookup_is_public(basic_app):
    """The ramdisk has no credentials: its lookup answers (here 404, no
    node waits for it), never 401."""
    resp = _call(basic_app, 'GET', '/v1/lookup?addresses=52:54:00:00:00:01')
    assert resp.status_int == 404
    assert _call(basic_app, 'GET', '/v1/lookupx').status_int == 401


def test_admin_and_reader(basic_app):
    created = _call(basic_app, 'POST', '/v1/nodes', 'admin:secret',
                    {'driver': 'fake-hardware', 'name': 'a1'})
    assert created.status_int == 201
    assert _call(basic_app, 'GET', '/v1/nodes/a1',
                 'viewer:look').status_int == 200
    refused = _call(basic_app, 'POST', '/v1/chassis', 'viewer:look', {})
    assert refused.status_int == 403
    assert 'baremetal:chassis:create' in refused.json['error_message']
    assert _call(basic_app, 'DELETE', '/v1/nodes/a1',
                 'viewer:look').status_int == 403
    assert _call(basic_app, 'DELETE', '/v1/nodes/a1',
                 'admin:secret').status_int == 204


def test_volume_policy(basic_app):
    """baremetal:volume:get for readers, :create/:update/:delete for
    admins."""
    node = _call(basic_app, 'POST', '/v1/nodes', 'admin:secret',
                 {'driver': 'fake-hardware', 'name': 'v1'}).json['uuid']
    body = {'node_uuid': node, 'type': 'iqn', 'connector_id': 'iqn.v1'}
    refused = _call(basic_app, 'POST', '/v1/volume/connectors',
                    'viewer:look', body)
    assert refused.status_int == 403
    assert 'baremetal:volume:create' in refused.json['error_message']
    created = _call(basic_app, 'POST', '/v1/volume/connectors',
                    'admin:secret', body)
    assert created.status_int == 201
    path = '/v1/volume/connectors/%s' % created.json['uuid']
    for method, path_, rule in (
            ('GET', '/v1/volume/connectors?node=v1', None),
            ('GET', '/v1/nodes/v1/volume/connectors', None),
            ('GET', '/v1/volume', None),
            ('GET', path, None),
            ('PATCH', path, 'update'),
            ('DELETE', path, 'delete')):
        resp = _call(basic_app, method, path_, 'viewer:look',
                     [{'op': 'add', 'path': '/extra/x', 'value': 1}]
                     if method == 'PATCH' else None)
        if rule is None:
            assert resp.status_int == 200, (method, path_)
        else:
            assert resp.status_int == 403, (method, path_)
            assert 'baremetal:volume:' + rule in resp.json['error_message']


def test_deploy_template_policy(basic_app):
    """baremetal:deploy_template:get for readers, :create/:update/:delete
    for admins."""
    body = {'name': 'CUSTOM_P', 'steps': [
        {'interface': 'raid', 'step': 'delete_configuration', 'args': {},
         'priority': 5}]}
    refused = _call(basic_app, 'POST', '/v1/deploy_templates',
                    'viewer:look', body)
    assert refused.status_int == 403
    assert 'baremetal:deploy_template:create' in (
        refused.json['error_message'])
    assert _call(basic_app, 'POST', '/v1/deploy_templates', 'admin:secret',
                 body).status_int == 201
    path = '/v1/deploy_templates/CUSTOM_P'
    for method, path_, rule in (
            ('GET', '/v1/deploy_templates', None),
            ('GET', '/v1/deploy_templates/detail', None),
            ('GET', path, None),
            ('PATCH', path, 'update'),
            ('DELETE', path, 'delete')):
        resp = _call(basic_app, method, path_, 'viewer:look',
                     [{'op': 'add', 'path': '/extra/x', 'value': 1}]
                     if method == 'PATCH' else None)
        if rule is None:
            assert resp.status_int == 200, (method, path_)
        else:
            assert resp.status_int == 403, (method, path_)
            assert 'baremetal:deploy_template:' + rule in (
                resp.json['error_message'])
    assert _call(basic_app, 'DELETE', path, 'admin:secret').status_int == 204


def test_raid_policy(basic_app):
    """baremetal:node:set_raid_state for admins; the logical disk
    properties (baremetal:driver:get_raid_logical_disk_properties) for
    readers too."""
    _call(basic_app, 'POST', '/v1/nodes', 'admin:secret',
          {'driver': 'fake-hardware', 'name': 'r1'})
    path = '/v1/nodes/r1/states/raid'
    target = {'logical_disks': [{'size_gb': 10, 'raid_level': '0'}]}
    refused = _call(basic_app, 'PUT', path, 'viewer:look', target)
    assert refused.status_int == 403
    assert 'baremetal:node:set_raid_state' in refused.json['error_message']
    assert _call(basic_app, 'PUT', path, 'admin:secret',
                 target).status_int == 204
    assert _call(basic_app, 'GET', '/v1/drivers/fake-hardware/raid/'
                 'logical_disk_properties', 'viewer:look').status_int == 200


def test_vif_policy(basic_app):
    """baremetal:node:vif:list for readers, :attach and :detach for
    admins; a refused change leaves the node's VIFs as they were."""
    node = _call(basic_app, 'POST', '/v1/nodes', 'admin:secret',
                 {'driver': 'fake-hardware', 'name': 'f1'}).json['uuid']
    assert _call(basic_app, 'POST', '/v1/ports', 'admin:secret', {
        'node_uuid': node, 'address': '52:54:00:00:0f:01'}).status_int == 201
    path = '/v1/nodes/f1/vifs'
    for method, path_, body, rule in (
            ('POST', path, {'id': 'vif-1'}, 'attach'),
            ('DELETE', path + '/vif-0', None, 'detach')):
        resp = _call(basic_app, method, path_, 'viewer:look', body)
        assert resp.status_int == 403, method
        assert 'baremetal:node:vif:' + rule in resp.json['error_message']
    assert _call(basic_app, 'POST', path, 'admin:secret',
                 {'id': 'vif-0'}).status_int == 204
    listed = _call(basic_app, 'GET', path, 'viewer:look')
    assert listed.json == {'vifs': [{'id': 'vif-0'}]}
    assert _call(basic_app, 'DELETE', path + '/vif-0',
                 'viewer:look').status_int == 403
    assert _call(basic_app, 'DELETE', path + '/vif-0',
                 'admin:secret').status_int == 204


def test_inject_nmi_policy(basic_app):
    """baremetal:node:inject_nmi: admins only."""
    _call(basic_app, 'POST', '/v1/nodes', 'admin:secret',
          {'driver': 'fake-hardware', 'name': 'nmi1'})
    path = '/v1/nodes/nmi1/management/inject_nmi'
    refused = _call(basic_app, 'PUT', path, 'viewer:look', {})
    assert refused.status_int == 403
    assert 'baremetal:node:inject_nmi' in refused.json['error_message']
    assert _call(basic_app, 'PUT', path, 'admin:secret',
                 {}).status_int == 204


def test_healthcheck_drain_file(api_app, conf):
    path = conf.conf.api.healthcheck_disable_file
    assert webob.Request.blank('/healthcheck').get_response(
        api_app).status_int == 200
    with open(path, 'w'):
        pass
    resp = webob.Request.blank('/healthcheck').get_response(api_app)
    assert resp.status_int == 503
    assert b'DISABLED BY FILE' in resp.body


def test_server_error_is_generic(api_app, monkeypatch, conf):
    from ironic_lite import objects

    def boom(*args, **kwargs):
        raise RuntimeError('secret internals')
    monkeypatch.setattr(objects.Node, 'list', boom)
    resp = webob.Request.blank('/v1/nodes').get_response(api_app)
    assert resp.status_int == 500
    assert 'secret internals' not in resp.text
    assert 'Internal Server Error' in resp.json['error_message']


def test_debug_tracebacks(conductor, conf, monkeypatch):
    from ironic_lite import objects
    conf.config(group='api', debug_tracebacks_in_api=True)
    app = app_mod.setup_app()
    monkeypatch.setattr(objects.Node, 'list',
                        lambda *a, **k: 1 / 0)
    resp = webob.Request.blank('/v1/nodes').get_response(app)
    assert resp.status_int == 500
    assert 'ZeroDivisionError' in resp.json['error_message']


def test_no_conductor_is_503(api_app, monkeypatch):
    from ironic_lite.common import exception

    created = _call(api_app, 'POST', '/v1/nodes', None,
                    {'driver': 'fake-hardware', 'name': 'lonely'})
    assert created.status_int == 201

    def no_host(node):
        raise exception.NoValidHost(reason='no live conductor')
    req = webob.Request.blank('/v1/nodes/lonely/states/power',
                              method='PUT', headers={
                                  microversion.HEADER: 'latest'})
    req.json_body = {'target': 'power on'}
    from ironic_lite.conductor import rpcapi
    monkeypatch.setattr(rpcapi.ConductorAPI, 'get_topic_for',
                        lambda self, node: no_host(node))
    resp = req.get_response(api_app)
    assert resp.status_int == 503
    assert 'No valid host' in resp.json['error_message']


def test_remote_exception_keeps_code_without_traceback():
    import oslo_messaging as messaging
    from oslo_messaging._drivers import common as rpc_common

    from ironic_lite.api import errors
    from ironic_lite.common import exception
    from ironic_lite.common import rpc

    failure = rpc_common.serialize_remote_exception(
        (exception.NodeLocked, exception.NodeLocked(node='n', host='h'),
         None))
    remote = rpc_common.deserialize_remote_exception(failure,
                                                     rpc.ALLOWED_EXMODS)
    assert type(remote).__name__ == 'NodeLocked_Remote'
    status, message = errors.status_and_message(remote)
    assert status == 409
    assert 'Traceback' not in message and 'locked by host h' in message
    assert messaging


def test_unknown_users_take_as_long_as_wrong_passwords(conductor, conf,
                                                       tmp_path):
    """User names cannot be told apart by timing: an unknown one costs
    the same bcrypt check as a wrong password (cost 8 here, ~20 ms)."""
    import time

    users = tmp_path / 'htpasswd-cost8'
    users.write_text('admin:%s\n' % bcrypt.hashpw(
        b'secret', bcrypt.gensalt(8)).decode())
    conf.config(group='api', auth_strategy='http_basic',
                http_basic_auth_user_file=str(users))
    policy.reset()
    app = app_mod.setup_app()
    samples = {'admin:wrong': [], 'nobody:wrong': []}
    for _ in range(9):
        for user in samples:
            started = time.perf_counter()
            assert _call(app, 'GET', '/v1/nodes', user).status_int == 401
            samples[user].append(time.perf_counter() - started)
    # The fastest of each: a loaded machine only ever adds time, so the
    # minimum is the cost of the check itself. Without the dummy check an
    # unknown user takes a small fraction of a wrong password.
    wrong = min(samples['admin:wrong'])
    unknown = min(samples['nobody:wrong'])
    assert 0.5 < unknown / wrong < 2, samples
