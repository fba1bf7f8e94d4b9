"""Nodes no live conductor serves (their group has none, or their
conductors stopped): shown with ``conductor`` null and left out of the
``conductor`` filter; no request can make such a node (Ironic's 400)."""

from tests.unit.api import utils as api_utils
from tests.unit.db import utils as db_utils

_NO_HOST = ('No valid host was found. Reason: No conductor service '
            'registered which supports driver fake-hardware for conductor '
            'group "lonely".')


def test_unserved_nodes(api_app):
    api_utils.request(api_app, 'POST', '/v1/nodes',
                      {'driver': 'fake-hardware', 'name': 'served'})
    db_utils.create_test_node(name='lonely', conductor_group='lonely')

    listed = api_utils.request(
        api_app, 'GET', '/v1/nodes?fields=name,conductor&sort_key=name')
    assert [(n['name'], n['conductor']) for n in listed.json['nodes']] == [
        ('lonely', None), ('served', 'test-host')]
    managed = api_utils.request(api_app, 'GET',
                                '/v1/nodes?conductor=test-host')
    assert [n['name'] for n in managed.json['nodes']] == ['served']

    resp = api_utils.request(api_app, 'PATCH', '/v1/nodes/served', [
        {'op': 'replace', 'path': '/conductor_group', 'value': 'LONELY'}])
    assert resp.status_int == 400
    assert api_utils.fault(resp)['faultstring'] == _NO_HOST

    # Back to a group a conductor serves: the node is served again.
    resp = api_utils.request(api_app, 'PATCH', '/v1/nodes/lonely', [
        {'op': 'remove', 'path': '/conductor_group'}])
    assert resp.status_int == 200, resp.body
    assert resp.json['conductor'] == 'test-host'
    assert resp.json['conductor_group'] == ''
