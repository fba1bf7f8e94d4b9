"""Deploy templates (1.55), deploy_steps (1.69) and disable_ramdisk
(1.70) cannot be used while the API is pinned to any older release this
code knows (2.0 among them): 406, and nothing is written."""

import pytest

from ironic_lite.upgrade import release_mappings
from tests.unit.api import utils

_TEMPLATE = {'name': 'CUSTOM_X', 'steps': [
    {'interface': 'raid', 'step': 'delete_configuration', 'args': {},
     'priority': 5}]}


@pytest.mark.parametrize('release', release_mappings.pin_choices())
def test_pinned_refuses_steps_and_templates(conf, request, release):
    conf.config(pin_release_version=release)
    app = request.getfixturevalue('api_app')
    node = utils.request(app, 'POST', '/v1/nodes',
                         {'driver': 'fake-hardware'}).json
    before = utils.tables()
    provision = '/v1/nodes/%s/states/provision' % node['uuid']
    for version, method, path, body in (
            ('1.55', 'GET', '/v1/deploy_templates', None),
            ('1.55', 'POST', '/v1/deploy_templates', _TEMPLATE),
            ('1.69', 'PUT', provision, {
                'target': 'active', 'deploy_steps': _TEMPLATE['steps']}),
            ('1.70', 'PUT', provision, {
                'target': 'clean', 'disable_ramdisk': True,
                'clean_steps': [{'interface': 'raid',
                                 'step': 'delete_configuration'}]}),
            ('latest', 'PUT', provision, {
                'target': 'active', 'deploy_steps': _TEMPLATE['steps']}),
            ('latest', 'PUT', provision, {
                'target': 'clean', 'disable_ramdisk': True,
                'clean_steps': [{'interface': 'raid',
                                 'step': 'delete_configuration'}]})):
        resp = utils.request(app, method, path, body,
                             headers={'X-OpenStack-Ironic-API-Version':
                                      version})
        assert resp.status_int == 406, (release, version, path, resp.body)
        assert 'error_message' in resp.json
    resp = utils.request(app, 'GET', '/v1/deploy_templates')
    assert resp.status_int == 404
    assert utils.tables() == before
