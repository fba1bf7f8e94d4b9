"""RPC plumbing: oslo.messaging over RabbitMQ, or calls within the process.

``[DEFAULT]rpc_transport = oslo`` uses oslo.messaging with the threading
executor. ``none`` (the all-in-one) dispatches in-process through
oslo.messaging's own RPC dispatcher: the client serializes the call as it
would for the wire (context, arguments as JSON primitives, version) and the
dispatcher deserializes and version-checks it, so pinning and object
conversions behave exactly as between two processes.
"""

import threading

import futurist
from oslo_config import cfg
import oslo_messaging as messaging
from oslo_serialization import jsonutils

from ironic_lite.common import context as ironic_context
from ironic_lite.common import exception
from ironic_lite.conf import messaging as messaging_conf
from ironic_lite.upgrade import release_mappings

ALLOWED_EXMODS = [exception.__name__,
                  'ironic_lite.drivers.modules.errors']

TRANSPORT = None
_local_dispatcher = None
_local_casts = None
_lock = threading.Lock()
_replies = None

# transport_url and the other oslo.messaging options, for every process
# that may set up a transport (tests set them before init()).
messaging_conf.register_opts(cfg.CONF)


class RequestContextSerializer(messaging.Serializer):
    """Carries the request context as a dict; objects via ``base``."""

    def __init__(self, base):
        self._base = base

    def serialize_entity(self, context, entity):
        return self._base.serialize_entity(context, entity)

    def deserialize_entity(self, context, entity):
        return self._base.deserialize_entity(context, entity)

    def serialize_context(self, context):
        return context.to_dict()

    def deserialize_context(self, context):
        return ironic_context.RequestContext.from_dict(context)


def init(conf):
    """Set up the transport [DEFAULT]rpc_transport names (once)."""
    global TRANSPORT
    if conf.rpc_transport != 'oslo' or TRANSPORT is not None:
        return
    messaging_conf.register_opts(conf)
    TRANSPORT = messaging.get_rpc_transport(
        conf, allowed_remote_exmods=ALLOWED_EXMODS)
    # oslo.messaging registers its rabbit options with the driver.
    if 'oslo_messaging_rabbit' in conf:
        conf.set_default('rabbit_qos_prefetch_count',
                         conf.conductor.rpc_prefetch_count,
                         group='oslo_messaging_rabbit')


def replies_ready(timeout):
    """Whether this process can receive answers to its calls, waiting up
    to ``timeout`` seconds for its reply queue.

    oslo.messaging opens the connection a process receives answers on at
    its first call, and retries without end while the broker is
    unreachable: a first call would hang, then send its request whenever
    the broker returned, long after its caller gave up. So the reply queue
    is set up here, in a thread of its own, and a call is only sent once
    it is there. Later calls are bounded by their send retries.
    """
    global _replies
    driver = getattr(TRANSPORT, '_driver', None)
    get_reply_q = getattr(driver, '_get_reply_q', None)
    if get_reply_q is None:
        return True   # in-process, or a driver without a reply queue
    with _lock:
        if _replies is None:
            _replies = threading.Event()
            ready = _replies

            def open_replies():
                get_reply_q()
                ready.set()
            threading.Thread(target=open_replies, name='rpc-replies',
                             daemon=True).start()
        ready = _replies
    return ready.wait(timeout)


def cleanup():
    global TRANSPORT, _local_dispatcher, _local_casts, _replies
    if TRANSPORT is not None:
        TRANSPORT.cleanup()
    TRANSPORT = None
    _replies = None
    _local_dispatcher = None
    if _local_casts is not None:
        _local_casts.shutdown(wait=True)
    _local_casts = None


def is_local():
    return TRANSPORT is None


def get_client(target, version_cap, serializer):
    serializer = RequestContextSerializer(serializer)
    if TRANSPORT is None:
        return LocalClient(target, version_cap, serializer)
    return messaging.get_rpc_client(TRANSPORT, target,
                                    version_cap=version_cap,
                                    serializer=serializer)


def get_server(target, endpoints, serializer):
    """An RPC server on the threading executor (never eventlet)."""
    return messaging.get_rpc_server(
        TRANSPORT, target, endpoints, executor='threading',
        serializer=RequestContextSerializer(serializer),
        access_policy=messaging.DefaultRPCAccessPolicy)


def set_local_endpoints(endpoints, serializer):
    """Serve calls of :class:`LocalClient` with ``endpoints``."""
    global _local_dispatcher, _local_casts
    with _lock:
        _local_dispatcher = messaging.RPCDispatcher(
            endpoints, RequestContextSerializer(serializer),
            messaging.DefaultRPCAccessPolicy)
        if _local_casts is None:
            _local_casts = futurist.ThreadPoolExecutor(max_workers=4)


def _compatible(cap, version):
    """Whether a message of ``version`` may be sent under ``cap``."""
    cap = release_mappings.version_tuple(cap)
    version = release_mappings.version_tuple(version)
    return version[0] == cap[0] and version <= cap


class _Incoming:
    client_timeout = None

    def __init__(self, ctxt, message):
        self.ctxt = ctxt
        self.message = message


class LocalClient:
    """The subset of oslo.messaging's RPCClient ironic-lite uses, served by
    the endpoints of this process."""

    def __init__(self, target, version_cap, serializer, version=None):
        self.target = target
        self.version_cap = version_cap
        self.serializer = serializer
        self.version = version or target.version

    def prepare(self, version=None, version_cap=False, **_ignored):
        cap = self.version_cap if version_cap is False else version_cap
        return LocalClient(self.target, cap, self.serializer,
                           version=version or self.version)

    def can_send_version(self, version=None):
        version = version or self.version
        return (not self.version_cap or
                _compatible(self.version_cap, version))

    def _message(self, ctxt, method, kwargs):
        if not self.can_send_version():
            raise messaging.RPCVersionCapError(version=self.version,
                                               version_cap=self.version_cap)
        args = {name: self.serializer.serialize_entity(ctxt, value)
                for name, value in kwargs.items()}
        message = {'method': method, 'args': args, 'version': self.version}
        wire = jsonutils.loads(jsonutils.dumps(
            {'context': self.serializer.serialize_context(ctxt),
             'message': message}))
        return _Incoming(wire['context'], wire['message'])

    def _dispatch(self, incoming):
        if _local_dispatcher is None:
            raise exception.NoValidHost(
                reason='no conductor runs in this process')
        try:
            return _local_dispatcher.dispatch(incoming)
        except messaging.ExpectedException as e:
            raise e.exc_info[1].with_traceback(None) from None

    def call(self, ctxt, method, **kwargs):
        result = self._dispatch(self._message(ctxt, method, kwargs))
        result = jsonutils.loads(jsonutils.dumps(result))
        return self.serializer.deserialize_entity(ctxt, result)

    def cast(self, ctxt, method, **kwargs):
        incoming = self._message(ctxt, method, kwargs)
        _local_casts.submit(self._dispatch, incoming)
