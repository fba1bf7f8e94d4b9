"""How long a service's link to the database has worked without a break.

A heartbeat older than ``[conductor]heartbeat_timeout`` means that its
conductor died only if the conductor could have written a newer one, that
is if the database was reachable meanwhile. A service knows that only for
the time it has itself been using the database without a break. So a
service judges others by their heartbeats (breaks their locks, drops them
from its hash rings) only once its own link has been steady for
``heartbeat_timeout``: right after an outage every heartbeat is stale,
however alive its writer.
"""

import threading
import time


class LinkWatch:
    """Records successes and failures of database work.

    :param max_gap: seconds without a success after which the next one
        starts a new steady period, as after a failure (a heartbeat that
        did not run, or hung, may have missed an outage); None: only
        failures break the link.
    :param clock: a monotonic clock (seconds).
    """

    def __init__(self, max_gap=None, clock=time.monotonic):
        self.max_gap = max_gap
        self._clock = clock
        self._lock = threading.Lock()
        self._steady_since = None
        self._last_success = None

    def worked(self):
        """The database answered."""
        now = self._clock()
        with self._lock:
            gap = (self.max_gap is not None and self._last_success is not None
                   and now - self._last_success > self.max_gap)
            if self._steady_since is None or gap:
                self._steady_since = now
            self._last_success = now

    def failed(self):
        """The database did not answer."""
        with self._lock:
            self._steady_since = None

    def steady_for(self):
        """Seconds the link has worked without a break (0: broken, or
        never worked)."""
        with self._lock:
            if self._steady_since is None:
                return 0.0
            return self._clock() - self._steady_since
