"""The API's version range agrees with the release mapping and the pin."""

import pytest

from ironic_lite.api import microversion
from ironic_lite.upgrade import release_mappings


def test_max_version_matches_release_mapping():
    mapped = release_mappings.RELEASE_MAPPING['master']['api']
    assert microversion.to_string(microversion.MAX_VERSION) == mapped


def test_pinned_max_version(conf, monkeypatch):
    mapping = dict(release_mappings.RELEASE_MAPPING)
    mapping['0.9'] = dict(mapping['1.0'], api='1.40')
    monkeypatch.setattr(release_mappings, 'RELEASE_MAPPING', mapping)
    monkeypatch.setattr('ironic_lite.upgrade.pinning.pinned_release',
                        lambda: '0.9')
    assert microversion.max_version() == (1, 40)


def test_pinned_api_advertises_and_enforces(api_app, monkeypatch):
    import webob
    monkeypatch.setattr(microversion, 'max_version', lambda: (1, 40))
    resp = webob.Request.blank('/').get_response(api_app)
    assert resp.json['versions'][0]['version'] == '1.40'
    assert resp.headers[microversion.MAX_HEADER] == '1.40'
    req = webob.Request.blank('/v1/nodes', headers={
        microversion.HEADER: '1.41'})
    assert req.get_response(api_app).status_int == 406
    req = webob.Request.blank('/v1/nodes', headers={
        microversion.HEADER: 'latest'})
    resp = req.get_response(api_app)
    assert resp.headers[microversion.HEADER] == '1.40'


@pytest.fixture
def pinned_app(conf, request):
    """The app of a 2.0 API service pinned to release 1.0."""
    conf.config(pin_release_version='1.0')
    return request.getfixturevalue('api_app')


def _get(app, path, version, method='GET', body=None):
    import webob
    req = webob.Request.blank(path, method=method,
                              headers={microversion.HEADER: version})
    if body is not None:
        req.json_body = body
    return req.get_response(app)


def test_pinned_to_1_0_serves_1_46(pinned_app):
    resp = _get(pinned_app, '/', 'latest')
    assert resp.json['versions'][0]['version'] == '1.46'
    assert resp.headers[microversion.MAX_HEADER] == '1.46'
    assert _get(pinned_app, '/v1/nodes', 'latest').headers[
        microversion.HEADER] == '1.46'
    for version in ('1.47', '1.49', '1.51'):
        assert _get(pinned_app, '/v1/nodes', version).status_int == 406
    assert 'conductors' not in _get(pinned_app, '/v1', 'latest').json
    assert _get(pinned_app, '/v1/conductors', 'latest').status_int == 404


def test_pinned_to_1_0_hides_and_refuses_the_new_fields(pinned_app):
    resp = _get(pinned_app, '/v1/nodes', 'latest', 'POST',
                {'driver': 'fake-hardware', 'name': 'n1'})
    assert resp.status_int == 201
    new_fields = {'automated_clean', 'protected', 'protected_reason',
                  'conductor', 'owner', 'description'}
    assert not new_fields & set(resp.json)
    # 1.46 shows the links to ports, states, port groups and (1.32)
    # volume.
    assert len(resp.json) == 49
    assert not new_fields & set(_get(pinned_app, '/v1/nodes/detail',
                                     'latest').json['nodes'][0])
    for name, value in (('automated_clean', False), ('owner', 'a'),
                        ('description', 'd')):
        assert _get(pinned_app, '/v1/nodes', 'latest', 'POST', {
            'driver': 'fake-hardware', name: value}).status_int == 406
        assert _get(pinned_app, '/v1/nodes/n1', 'latest', 'PATCH', [
            {'op': 'add', 'path': '/' + name, 'value': value}
        ]).status_int == 406
    assert _get(pinned_app, '/v1/nodes?owner=a', 'latest').status_int == 406
