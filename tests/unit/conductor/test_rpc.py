"""What the RPC client puts on the wire, pinned and not.

The in-process transport builds exactly the message oslo.messaging would
send (JSON primitives); these tests read that message.
"""

from unittest import mock

import oslo_messaging as messaging
import pytest

from ironic_lite.common import context
from ironic_lite.common import rpc
from ironic_lite.conductor import rpcapi
from tests import fixtures


def _sent(conf, method, **kwargs):
    """The wire message of one call."""
    conf.config(rpc_transport='none')
    api = rpcapi.ConductorAPI()
    sent = []
    with mock.patch.object(rpc.LocalClient, '_dispatch',
                           lambda self, incoming: sent.append(incoming)):
        getattr(api, method)(context.get_admin_context(), **kwargs)
    return api, sent[0]


def _object_version(primitive):
    return next(value for key, value in primitive.items()
                if key.endswith('.version'))


@pytest.fixture
def new_node():
    with fixtures.next_release(fixtures.NodeWithComment) as cls:
        yield cls(context.get_admin_context(), id=1,
                  uuid='1be26c0b-03f2-4d2d-ae87-c02d3a9e9e9a',
                  driver='fake-hardware', comment='rack 4')


def test_pinned_client_sends_the_old_release_forms(conf, new_node):
    conf.config(pin_release_version='1.0')
    api, incoming = _sent(conf, 'update_node', node_obj=new_node)
    assert api.version_cap == '1.0'
    assert incoming.message['version'] == '1.0'
    node = incoming.message['args']['node_obj']
    assert _object_version(node) == '1.0'
    assert 'comment' not in str(node)


def test_unpinned_client_sends_the_latest_forms(conf, new_node):
    api, incoming = _sent(conf, 'update_node', node_obj=new_node)
    assert api.version_cap is None
    node = incoming.message['args']['node_obj']
    assert _object_version(node) == fixtures.NEXT_NODE_VERSION
    assert 'rack 4' in str(node)


def test_capped_client_refuses_newer_versions(conf):
    conf.config(rpc_transport='none', pin_release_version='1.0')
    client = rpcapi.ConductorAPI().client
    assert client.can_send_version('1.0')
    assert not client.can_send_version('1.1')
    with pytest.raises(messaging.RPCVersionCapError):
        client.prepare(version='1.1').call(context.get_admin_context(),
                                           'create_node')


def _heartbeat_message(conf, cap=False):
    conf.config(rpc_transport='none')
    sent = []

    def record(self, incoming):
        sent.append(incoming)
    with mock.patch.object(rpc.LocalClient, '_dispatch', record), \
            mock.patch.object(rpc, '_local_casts') as casts:
        casts.submit.side_effect = lambda func, incoming: record(None,
                                                                 incoming)
        rpcapi.ConductorAPI(version_cap=cap).heartbeat(
            context.get_admin_context(), 'node-1', 'http://10.0.0.9:9999')
    return sent[0], casts.submit.called


def test_heartbeat_is_a_call_from_1_1(conf):
    incoming, cast = _heartbeat_message(conf, cap='1.3')
    assert (incoming.message['version'], cast) == ('1.1', False)


def test_heartbeat_unpinned_is_a_2_0_call(conf):
    incoming, cast = _heartbeat_message(conf)
    assert (incoming.message['version'], cast) == ('2.0', False)


def test_heartbeat_pinned_to_1_0_is_the_old_cast(conf):
    conf.config(pin_release_version='1.0')
    incoming, cast = _heartbeat_message(conf)
    assert (incoming.message['version'], cast) == ('1.0', True)
