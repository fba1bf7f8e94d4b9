"""What clients send to conductors, as it travels through RabbitMQ: the
forms and object versions of a pinned client, RPC 1.x and 2.0."""

import json
import threading
import uuid

import kombu
import oslo_messaging as messaging
import pytest

from ironic_lite.common import context
from ironic_lite.common import exception
from ironic_lite.common import rpc
from ironic_lite.conductor import rpcapi
from ironic_lite.conf import messaging as messaging_conf
from ironic_lite import objects
from tests import fixtures
from tests.unit.db import utils as db_utils


class Recorder:
    """An endpoint that keeps the raw (undeserialized) arguments."""

    target = messaging.Target(version='1.0')

    def __init__(self):
        self.received = []
        self.arrived = threading.Event()

    def update_node(self, ctxt, node_obj, reset_interfaces=False):
        self.received.append(node_obj)
        self.arrived.set()
        return None


def test_pinned_messages_on_rabbitmq(conf, rabbit_url):
    conf.config(transport_url=rabbit_url, pin_release_version='1.0')
    rpc.init(conf.conf)
    recorder = Recorder()
    server = messaging.get_rpc_server(
        rpc.TRANSPORT, messaging.Target(topic=rpcapi.TOPIC, server='wire'),
        [recorder], executor='threading',
        serializer=messaging.NoOpSerializer())
    server.start()
    try:
        with fixtures.next_release(fixtures.NodeWithComment) as cls:
            node = cls(context.get_admin_context(), id=1,
                       uuid='1be26c0b-03f2-4d2d-ae87-c02d3a9e9e9a',
                       driver='fake-hardware', comment='rack 4')
            api = rpcapi.ConductorAPI()
            api.update_node(context.get_admin_context(), node,
                            topic=rpcapi.TOPIC + '.wire')
        assert recorder.arrived.wait(10)
        primitive = recorder.received[0]
        version = next(v for k, v in primitive.items()
                       if k.endswith('.version'))
        assert version == '1.0'
        assert 'comment' not in str(primitive)
    finally:
        server.stop()
        server.wait()
        rpc.cleanup()


# -- RPC 1.x and 2.0 between clients and a conductor process --

class Sniffer:
    """A queue of its own bound to a conductor's topic on the broker: a
    copy of every message sent to that conductor, as it travels."""

    def __init__(self, rabbit_url, routing_key):
        self.connection = kombu.Connection(
            rabbit_url.replace('rabbit://', 'amqp://', 1))
        self.channel = self.connection.channel()
        self.queue = kombu.Queue('sniff-%s' % uuid.uuid4().hex,
                                 channel=self.channel, exclusive=True,
                                 auto_delete=True)
        self.queue.declare()
        self.channel.queue_bind(queue=self.queue.name,
                                exchange=messaging_conf.CONTROL_EXCHANGE,
                                routing_key=routing_key)

    def messages(self, request_id):
        """The messages of the request ``request_id`` so far (a conductor
        also pings itself on its topic): the oslo.messaging message in
        its envelope, decoded."""
        found = []
        while True:
            message = self.queue.get(no_ack=True)
            if message is None:
                return found
            body = message.payload
            if isinstance(body, (bytes, str)):
                body = json.loads(body)
            inner = json.loads(body['oslo.message'])
            if inner.get('_context_request_id') == request_id:
                found.append(inner)

    def close(self):
        self.connection.release()


def _sent(sniffer, ctx):
    """[(method, version, call or cast, args)] of a request, in order."""
    return [(m['method'], m['version'], 'call' if '_msg_id' in m else 'cast',
             m['args']) for m in sniffer.messages(ctx.request_id)]


def test_pinned_and_unpinned_clients_drive_a_conductor_of_this_tree(
        deployment, conf, rabbit_url):
    """A client pinned to 1.0 (as an API during the upgrade) sends the
    1.x forms; unpinned, every method goes at 2.0; the conductor of this
    tree answers both, and refuses a 2.0 update without ``expected``."""
    deployment.start('cond-a')
    sniffer = Sniffer(rabbit_url, rpcapi.TOPIC + '.cond-a')
    try:
        _drive(conf, sniffer)
    finally:
        sniffer.close()


def _drive(conf, sniffer):
    conf.config(pin_release_version='1.0')
    pinned = rpcapi.ConductorAPI()
    ctx = context.get_admin_context()
    node = pinned.create_node(
        ctx, objects.Node(ctx, **db_utils.get_test_node(name='wire')),
        topic=pinned.get_topic_for_driver('fake-hardware'))
    topic = pinned.get_topic_for(node)
    node.name = 'pinned'
    pinned.update_node(ctx, node, topic=topic, expected={'name': 'wire'})
    pinned.heartbeat(ctx, node.uuid, 'http://10.0.0.9:9999', topic=topic)
    target = pinned.create_volume_target(
        ctx, objects.VolumeTarget(ctx, **db_utils.get_test_volume_target(
            node_id=node.id)), topic=topic)
    assert pinned.ping(ctx, 'cond-a')
    wire = _sent(sniffer, ctx)
    assert [(m, v, kind) for m, v, kind, _ in wire] == [
        ('create_node', '1.0', 'call'),
        ('update_node', '1.0', 'call'),   # 1.0's form: no expected
        ('heartbeat', '1.0', 'cast'),
        ('create_volume_target', '1.3', 'call'),   # routed by release
        ('ping', '1.2', 'call')]
    assert 'expected' not in wire[1][3]
    node_version = next(v for k, v in wire[1][3]['node_obj'].items()
                        if k.endswith('.version'))
    assert node_version == '1.0'
    assert objects.Node.get(ctx, node.uuid).name == 'pinned'

    conf.config(pin_release_version=None)
    latest = rpcapi.ConductorAPI()
    ctx = context.get_admin_context()
    node = objects.Node.get(ctx, node.uuid)
    node.name = 'latest'
    latest.update_node(ctx, node, topic=topic, expected={'name': 'pinned'})
    # A call now: the caller learns the node does not wait for a ramdisk.
    with pytest.raises(exception.NodeNotFound):
        latest.heartbeat(ctx, node.uuid, 'http://10.0.0.9:9999',
                         topic=topic)
    latest.destroy_volume_target(ctx, target, topic=topic)
    assert latest.ping(ctx, 'cond-a')
    # 2.0 has no update without expected (1.x saves it unchecked).
    node.name = 'unchecked'
    with pytest.raises(exception.MissingParameterValue):
        latest.client.prepare(topic=topic, version='2.0').call(
            ctx, 'update_node', node_obj=node)
    wire = _sent(sniffer, ctx)
    assert [(m, v, kind) for m, v, kind, _ in wire] == [
        ('update_node', '2.0', 'call'),
        ('heartbeat', '2.0', 'call'),
        ('destroy_volume_target', '2.0', 'call'),
        ('ping', '2.0', 'call'),
        ('update_node', '2.0', 'call')]
    assert wire[0][3]['expected'] == {'name': 'pinned'}
    assert objects.Node.get(ctx, node.uuid).name == 'latest'
    assert objects.VolumeTarget.list(ctx) == []
