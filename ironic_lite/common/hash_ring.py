"""Which conductor manages which node: consistent hash rings (tooz).

There is one ring per (hardware type, conductor group), over the live
conductors that serve that hardware type in that group. A ring is rebuilt
from the conductors table when it is older than
``[DEFAULT]hash_ring_reset_interval`` seconds, so when a conductor joins or
stops heartbeating every service moves the affected nodes within that
interval (plus ``[conductor]heartbeat_timeout`` for a dead one).
"""

import threading
import time

from tooz import hashring

from ironic_lite.common import exception
from ironic_lite.db import api as db_api


class HashRingManager:

    def __init__(self, reset_interval, partition_exponent,
                 heartbeat_timeout):
        self.reset_interval = reset_interval
        self.partitions = 2 ** partition_exponent
        self.heartbeat_timeout = heartbeat_timeout
        self._rings = None
        self._built_at = 0.0
        self._lock = threading.Lock()

    @property
    def rings(self):
        with self._lock:
            if (self._rings is None or
                    time.monotonic() - self._built_at > self.reset_interval):
                self._rings = self._build()
                self._built_at = time.monotonic()
            return self._rings

    def _build(self):
        hosts = db_api.get_instance().get_active_hardware_types(
            self.heartbeat_timeout)
        return {key: hashring.HashRing(members, partitions=self.partitions)
                for key, members in hosts.items()}

    def reset(self):
        with self._lock:
            self._rings = None

    def get_host(self, node_uuid, hardware_type, conductor_group=''):
        """The conductor that manages the node.

        :raises: NoValidHost when no live conductor serves the node's
            hardware type in its group.
        """
        key = (hardware_type, conductor_group or '')
        ring = self.rings.get(key)
        if ring is None:
            # A conductor may have just joined: look again before failing.
            self.reset()
            ring = self.rings.get(key)
        if ring is None:
            raise exception.NoValidHost(
                reason='no live conductor serves hardware type %s in '
                       'conductor group "%s"' % key)
        return next(iter(ring.get_nodes(node_uuid.encode('utf-8'))))

    def get_host_for_driver(self, hardware_type):
        """Any live conductor serving ``hardware_type`` (any group)."""
        for (hw_type, _group), ring in sorted(self.rings.items()):
            if hw_type == hardware_type:
                return sorted(ring.nodes)[0]
        raise exception.NoValidHost(
            reason='no live conductor serves hardware type %s'
                   % hardware_type)

    def manages(self, host, node_uuid, hardware_type, conductor_group=''):
        try:
            return self.get_host(node_uuid, hardware_type,
                                 conductor_group) == host
        except exception.NoValidHost:
            return False
