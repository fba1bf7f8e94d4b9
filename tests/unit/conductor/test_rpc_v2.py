"""RPC 2.0 next to 1.x: a conductor answers both majors, and 2.0 refuses
the forms 1.x keeps for callers of release 1.0.

Calls go through the all-in-one's in-process transport (``conductor``
fixture), which builds and dispatches the message oslo.messaging would
send over RabbitMQ, with the same endpoints and version checks.
"""

import inspect

import oslo_messaging as messaging
import pytest

from ironic_lite.common import context
from ironic_lite.common import exception
from ironic_lite.common import rpc
from ironic_lite.conductor import manager
from ironic_lite.conductor import rpc_v2
from ironic_lite.conductor import rpcapi
from ironic_lite import objects
from tests.unit.db import utils as db_utils


def _ctx():
    return context.get_admin_context()


def _raw(version, cap=None):
    """An RPC client sending exactly ``version`` to the conductor."""
    return rpcapi.ConductorAPI(version_cap=cap).client.prepare(
        version=version)


@pytest.fixture
def node(conductor):
    return db_utils.create_test_node(extra={'rack': '4'})


def _renamed(node, name):
    obj = objects.Node.get(_ctx(), node.uuid)
    obj.name = name
    return obj


def test_both_majors_answered(conductor):
    assert _raw('1.2').call(_ctx(), 'ping') == 'test-host'
    assert _raw('2.0').call(_ctx(), 'ping') == 'test-host'


def test_1_0_update_without_expected_still_saved(node):
    _raw('1.0', cap='1.0').call(_ctx(), 'update_node',
                                node_obj=_renamed(node, 'one-oh'))
    assert objects.Node.get(_ctx(), node.uuid).name == 'one-oh'


def test_2_0_update_with_expected_saved_and_checked(node):
    _raw('2.0').call(_ctx(), 'update_node', node_obj=_renamed(node, 'two'),
                     expected={'name': None})
    assert objects.Node.get(_ctx(), node.uuid).name == 'two'
    with pytest.raises(exception.ConcurrentUpdate):
        _raw('2.0').call(_ctx(), 'update_node',
                         node_obj=_renamed(node, 'three'),
                         expected={'name': 'not what it holds'})
    assert objects.Node.get(_ctx(), node.uuid).name == 'two'


@pytest.mark.parametrize('method', sorted(rpc_v2.NEEDS_EXPECTED))
def test_2_0_update_without_expected_refused(node, method):
    """The 1.0 form (no ``expected``: saved unchecked) is gone at 2.0,
    refused before anything is read or written."""
    with pytest.raises(exception.MissingParameterValue) as e:
        _raw('2.0').call(_ctx(), method, **{'obj': None})
    assert e.value.code == 400
    assert method in str(e.value) and '"expected"' in str(e.value)


def test_2_0_update_node_without_expected_changes_nothing(node):
    with pytest.raises(exception.MissingParameterValue):
        _raw('2.0').call(_ctx(), 'update_node',
                         node_obj=_renamed(node, 'unchecked'))
    assert objects.Node.get(_ctx(), node.uuid).name is None


def test_2_0_serves_no_lifecycle_method(conductor):
    """The manager's public methods that are not RPC methods (hand_back,
    init_host, the periodic tasks ...) are not reachable at 2.0."""
    for method in ('hand_back', 'init_host', 'unregister',
                   'wait_for_workers', 'fail_abandoned', 'check_broker'):
        assert callable(getattr(conductor.manager, method))
        with pytest.raises(messaging.NoSuchMethod):
            _raw('2.0').call(_ctx(), method)
    with pytest.raises(messaging.NoSuchMethod):
        _raw('2.0').call(_ctx(), '_acquire')


def test_unknown_major_refused(conductor):
    with pytest.raises(messaging.UnsupportedVersion):
        _raw('3.0').call(_ctx(), 'ping')


def test_2_0_method_set_is_the_managers_rpc_methods():
    served = rpc_v2.ConductorEndpointV2(manager.ConductorManager('h'))
    names = served.rpc_methods()
    assert {'ping', 'update_node', 'heartbeat', 'create_volume_target',
            'get_driver_properties'} <= names
    assert not names & {'init_host', 'hand_back', 'start_periodics'}
    assert rpc_v2.NEEDS_EXPECTED <= names


# -- what the client sends --

#: Public methods of the client that send no message.
_NOT_SENT = {'host_of', 'answered', 'answered_recently', 'get_topic_for',
             'get_topic_for_driver', 'get_random_topic', 'can_send_version',
             'refused'}


#: Methods added on the 2.x line after release 2.0, with the version that
#: introduced them: sent at that version (above a cap, to a conductor
#: whose release has it; see ConductorAPI._since).
def _client_methods():
    return sorted(name for name, _ in inspect.getmembers(
        rpcapi.ConductorAPI, inspect.isfunction)
        if not name.startswith('_') and name not in _NOT_SENT)


def _send_all(conf, monkeypatch, cap=False):
    """{method: (version, args)} of every method of the client, each
    called with placeholders for its required arguments."""
    conf.config(rpc_transport='none')
    sent = {}
    monkeypatch.setattr(
        rpc.LocalClient, '_dispatch', lambda self, incoming: sent.setdefault(
            incoming.message['method'], (incoming.message['version'],
                                         incoming.message['args'])))
    monkeypatch.setattr(rpc.LocalClient, 'cast', lambda self, ctxt, method,
                        **kw: sent.setdefault(method, (self.version, kw)))
    api = rpcapi.ConductorAPI(version_cap=cap)
    for name in _client_methods():
        params = list(inspect.signature(getattr(api, name)).parameters
                      .values())[1:]
        args = {p.name: 'x' for p in params if p.default is p.empty}
        getattr(api, name)(_ctx(), **args)
    return sent


#: Methods added on the 2.x line, and the version that added each: they
#: are sent at that version (whatever the cap; see ConductorAPI._since).
SINCE_2X = {'get_supported_indicators': '2.4', 'get_indicator_state': '2.4',
            'set_indicator_state': '2.4', 'get_node_with_token': '2.3',
            'create_allocation': '2.2', 'destroy_allocation': '2.2'}


def test_unpinned_client_sends_every_method_at_2_0(conf, monkeypatch):
    """Every 1.x method at 2.0; a 2.x one at the version that added it."""
    sent = _send_all(conf, monkeypatch)
    assert len(sent) == len(_client_methods())
    assert {version for method, (version, _) in sent.items()
            if method not in SINCE_2X} == {'2.0'}, sent
    assert {method: sent[method][0] for method in SINCE_2X} == SINCE_2X
    for method in rpc_v2.NEEDS_EXPECTED & set(sent):
        assert sent[method][1]['expected'] == {}, method


def test_2_0_serves_every_method_the_client_sends(conf, monkeypatch):
    """So a method added to client and manager (marked ``expected``) on
    the 1.x line is served at 2.0 with no more code."""
    served = rpc_v2.ConductorEndpointV2(
        manager.ConductorManager('h')).rpc_methods()
    missing = set(_send_all(conf, monkeypatch)) - served
    assert not missing, (
        'sent at 2.0 but not served at 2.0 (an RPC method of the manager '
        'must be marked @expected): %s' % sorted(missing))


def test_client_pinned_to_1_0_sends_the_1_x_forms(conf, db, monkeypatch):
    conf.config(pin_release_version='1.0')
    # ping goes only to a host of a release that has it.
    db_utils.register_test_conductor('x', release_version='2.0')
    sent = _send_all(conf, monkeypatch)
    versions = {method: version for method, (version, _) in sent.items()}
    assert versions['update_node'] == '1.0'
    assert 'expected' not in sent['update_node'][1]
    assert versions['heartbeat'] == '1.0'
    assert versions['ping'] == '1.2'
    # Newer than the pin: sent at the version that introduced them.
    assert versions['destroy_volume_target'] == '1.3'
    assert {method: versions[method] for method in SINCE_2X} == SINCE_2X
    assert not any(v.startswith('2.') for method, v in versions.items()
                   if method not in SINCE_2X)


def test_client_capped_within_1_x(conf, monkeypatch):
    """Below 2.0 each method keeps the newest 1.x form the cap allows."""
    sent = _send_all(conf, monkeypatch, cap='1.3')
    assert sent['heartbeat'][0] == '1.1'
    assert sent['create_node'][0] == '1.0'
    assert sent['destroy_volume_target'][0] == '1.3'
    # Without expected, the 1.0 form; with it, 1.2.
    assert sent['update_node'] == ('1.0', {'node_obj': 'x',
                                           'reset_interfaces': False})
    sent.clear()
    rpcapi.ConductorAPI(version_cap='1.3').update_port(
        _ctx(), 'x', expected={'address': None})
    assert sent['update_port'] == ('1.2', {'port_obj': 'x', 'expected': {
        'address': None}})


@pytest.mark.parametrize('cap, version, allowed', [
    (None, '1.0', True), (None, '2.0', True),
    ('2.0', '1.3', True), ('2.0', '2.0', True), ('2.0', '2.1', False),
    ('1.0', '1.0', True), ('1.0', '1.2', False), ('1.0', '2.0', False),
    ('1.3', '1.2', True), ('1.3', '2.0', False),
])
def test_can_send_version(conf, cap, version, allowed):
    conf.config(rpc_transport='none')
    api = rpcapi.ConductorAPI(version_cap=cap)
    assert api.can_send_version(version) is allowed
