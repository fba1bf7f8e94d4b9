"""Run a conductor: start it, serve RPC, stop it without losing work.

Stopping (SIGTERM) goes in this order, so that no accepted request is
dropped and no node is left locked:

1. stop the periodic tasks and mark this conductor offline; every
   service's hash ring drops it within ``[DEFAULT]hash_ring_reset_interval``;
2. keep serving RPC for that interval (bounded by
   ``[DEFAULT]graceful_shutdown_timeout``), whatever the size of the
   fleet, for the requests routed by rings not yet rebuilt;
3. stop consuming and dispatch every message already taken off the queue
   (the broker redelivers the ones not taken: prefetch is bounded);
4. wait for the accepted work until the graceful timeout;
5. hand back what still runs: release its locks and fail its nodes with
   a clear last_error, so another conductor or the operator can act.
"""

import logging
import threading
import time

import oslo_messaging as messaging

from ironic_lite.common import context as ironic_context
from ironic_lite.common import exception
from ironic_lite.common import rpc
from ironic_lite.conductor import manager
from ironic_lite.conductor import rpc_v2
from ironic_lite.conductor import rpcapi
from ironic_lite.conf import CONF
from ironic_lite.objects import base as objects_base

LOG = logging.getLogger(__name__)


class ConductorService:

    def __init__(self, host):
        self.host = host
        self.manager = manager.ConductorManager(host)
        self.server = None
        self._context = ironic_context.get_admin_context()

    def start(self):
        self.manager.init_host(self._context)
        serializer = objects_base.IronicLiteObjectSerializer()
        # RPC 1.x and 2.0, on the broker as in the all-in-one.
        endpoints = rpc_v2.endpoints(self.manager)
        if rpc.is_local():
            rpc.set_local_endpoints(endpoints, serializer)
            return
        target = messaging.Target(topic=rpcapi.TOPIC, server=self.host)
        self.server = rpc.get_server(target, endpoints, serializer)
        self.server.start()
        if self.manager.broker is None:
            LOG.info('Conductor %s serves RPC on topic %s', self.host,
                     rpcapi.TOPIC)
        elif not self.manager.check_broker():
            # It goes online (and logs that it serves) at the first ping
            # that succeeds.
            LOG.warning('Conductor %s cannot reach itself through the '
                        'broker; it stays offline until it can', self.host)

    def stop(self, drain=True):
        """Stop gracefully (see the module doc); returns how many
        operations had to be handed back."""
        started = time.monotonic()
        timeout = CONF.graceful_shutdown_timeout
        LOG.info('Conductor %s is stopping', self.host)
        self.manager.unregister()
        stopped = threading.Event()
        beat = threading.Thread(target=self._heartbeat_offline,
                                args=(stopped,), daemon=True)
        beat.start()
        try:
            return self._drain_and_finish(started, timeout, drain)
        finally:
            stopped.set()
            beat.join()

    def _heartbeat_offline(self, stopped):
        """Keep this conductor's row fresh while it finishes its work, so
        no other conductor takes it for dead and breaks its locks."""
        while not stopped.wait(CONF.conductor.heartbeat_interval):
            try:
                self.manager.conductor.touch(online=False)
            except exception.DatabaseUnavailable:
                LOG.warning('Heartbeat while stopping failed: the database '
                            'is unreachable')
            except Exception:
                LOG.exception('Heartbeat while stopping failed')

    def _drain_and_finish(self, started, timeout, drain):
        if self.server is not None:
            if drain:
                wait = min(CONF.hash_ring_reset_interval + 1, timeout)
                LOG.info('Serving for %d s more while the other services '
                         'move this conductor\'s nodes', wait)
                time.sleep(wait)
            self.server.stop()
            self.server.wait()
        left = max(0.0, timeout - (time.monotonic() - started))
        running = self.manager.wait_for_workers(left)
        if running:
            LOG.warning('%d operations still run after %d s; handing them '
                        'back', running, timeout)
        self.manager.hand_back(self._context)
        LOG.info('Conductor %s stopped', self.host)
        return running
