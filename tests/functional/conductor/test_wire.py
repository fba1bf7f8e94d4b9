"""A pinned client's messages as they arrive from RabbitMQ."""

import threading

import oslo_messaging as messaging

from ironic_lite.common import context
from ironic_lite.common import rpc
from ironic_lite.conductor import rpcapi
from tests import fixtures


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
