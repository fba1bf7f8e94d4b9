"""POST /v1/heartbeat/{node} is public: a node that does not wait for its
ramdisk answers as a missing one (same status, same body but for the
name given, about the same time) and is not changed. The waiting case
is in gabbits/heartbeat.yaml."""

import time

from tests.unit.api import utils as api_utils

BODY = {'callback_url': 'http://10.0.0.5:9999'}


def _answer(app, ident):
    started = time.perf_counter()
    resp = api_utils.request(app, 'POST', '/v1/heartbeat/%s' % ident, BODY)
    return resp, time.perf_counter() - started


def test_existing_and_missing_nodes_look_alike(api_app):
    created = api_utils.request(api_app, 'POST', '/v1/nodes', {
        'driver': 'fake-hardware', 'name': 'n-enroll',
        'driver_info': {'ipmi_password': 'p'}})
    assert created.status_int == 201
    before = api_utils.tables()
    times = {'n-enroll': [], 'no-such-node': []}
    for _ in range(15):
        for ident in times:
            resp, seconds = _answer(api_app, ident)
            times[ident].append(seconds)
            assert resp.status_int == 404
            assert api_utils.fault(resp) == {
                'faultcode': 'Client', 'debuginfo': None,
                'faultstring': 'Node %s could not be found.' % ident}
            assert set(resp.headers) == set(_answer(
                api_app, 'no-such-node')[0].headers)
    assert api_utils.tables() == before
    # Both make one small query and no RPC call. The fastest of each: a
    # loaded machine only ever adds time.
    found = min(times['n-enroll'])
    missing = min(times['no-such-node'])
    assert 0.5 < found / missing < 2, times
