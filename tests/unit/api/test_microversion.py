"""The API's version range agrees with the release mapping and the pin."""

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
