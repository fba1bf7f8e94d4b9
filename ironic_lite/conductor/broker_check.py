"""A conductor checks that requests can reach it through the broker.

A conductor cut off from RabbitMQ but not from the database keeps
heartbeating, so every service's hash ring keeps sending it requests that
it never receives. So it pings itself (an RPC call to its own server
topic, through the broker, with a short timeout): after a few failures in
a row it marks itself offline -- it keeps heartbeating, its locks stay
valid and its running work finishes, but every ring drops it within
``[DEFAULT]hash_ring_reset_interval`` -- and it goes back online at the
first ping that succeeds. It starts offline, so a conductor started with
an unreachable broker attracts no request.
"""

import logging
import threading

LOG = logging.getLogger(__name__)


class BrokerCheck:
    """Whether this conductor takes requests, by its pings.

    :param ping: ``ping() -> bool``: whether this conductor answered a
        call sent to it through the broker.
    :param failures: failed pings in a row after which it goes offline.
    :param on_change: ``on_change(online)``, called (outside any lock)
        when the state changes.
    """

    def __init__(self, ping, failures, on_change):
        self.online = False
        self._ping = ping
        self._failures = failures
        self._on_change = on_change
        self._failed = 0
        self._lock = threading.Lock()

    def check(self):
        """Ping once and update the state; returns whether it is online."""
        answered = self._ping()
        with self._lock:
            was = self.online
            if answered:
                self._failed = 0
                self.online = True
            else:
                self._failed += 1
                if self._failed >= self._failures:
                    self.online = False
            now = self.online
            failed = self._failed
        if not answered:
            LOG.warning('This conductor cannot reach itself through the '
                        'broker (%d failure(s) in a row)', failed)
        if now != was:
            self._on_change(now)
        return now
