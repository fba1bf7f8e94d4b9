"""One maximum microversion for every API of a deployment.

During a rolling upgrade, APIs of the new release are pinned (they serve
the old maximum) until the last one is unpinned; an unpinned API beside a
pinned one would advertise a higher maximum, and a client negotiating
"latest" would see the maximum change from one request to the next. So
each API service records itself and the maximum it serves in the
api_services table, and serves the lowest maximum among the live ones.
Its own maximum follows its pin, which ``auto`` moves without a restart
(see ironic_lite.upgrade.pinning): the new maximum is recorded at the next
heartbeat, and the fleet serves it once every live API has recorded it.

The in-process app of tests and tools does not register: it serves its
own maximum.
"""

import logging
import threading

from ironic_lite.api import errors
from ironic_lite.db import api as db_api
from ironic_lite.upgrade import pinning
from ironic_lite.upgrade import release_mappings

LOG = logging.getLogger(__name__)

_cap = None


def cap():
    """The lowest maximum among the live APIs, as a tuple, or None when
    this process does not take part."""
    return _cap


class Registration:
    """Keeps this API's row fresh and the fleet's cap up to date."""

    def __init__(self, name, own_max, interval):
        """:param own_max: this API's own maximum (a tuple), or a
            callable giving it now (it moves with the pin)."""
        self.name = name
        self._own_max = own_max if callable(own_max) else (
            lambda: own_max)
        self.own_max = self._own_max()
        self.interval = interval
        self._stop = threading.Event()
        self._thread = None

    def _beat(self):
        global _cap
        dbapi = db_api.get_instance()
        own_max = self._own_max()
        if own_max != self.own_max:
            LOG.info('This API serves up to %d.%d now (was %d.%d)',
                     own_max[0], own_max[1], *self.own_max)
        self.own_max = own_max
        dbapi.register_api_service(self.name, {
            'release_version': release_mappings.CURRENT_RELEASE,
            'pin_release_version': pinning.pinned_release(),
            'pin_source': pinning.pin_source(),
            'max_version': '%d.%d' % self.own_max})
        maxima = [release_mappings.version_tuple(v) for v in
                  dbapi.get_api_service_maxima(3 * self.interval)]
        cap = min(maxima + [self.own_max])
        if cap != _cap:
            LOG.info('The API fleet serves up to %d.%d (this API: %d.%d)',
                     cap[0], cap[1], *self.own_max)
        _cap = cap

    def start(self):
        self._beat()
        self._thread = threading.Thread(target=self._run, daemon=True,
                                        name='api-fleet')
        self._thread.start()

    def _run(self):
        while not self._stop.wait(self.interval):
            failure = None
            try:
                self._beat()
            except Exception as e:
                if not errors.is_database_error(e):
                    LOG.exception('Cannot record this API in api_services')
                    continue
                failure = type(e).__name__
            if failure is not None:
                # NOTE: the class only, and outside the except block
                # (oslo.log would add the error's text): it holds the SQL
                # and its parameters. The last cap stays in force.
                LOG.warning('Cannot record this API in api_services (%s); '
                            'trying again in %d s', failure, self.interval)

    def stop(self):
        global _cap
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        failure = None
        try:
            db_api.get_instance().unregister_api_service(self.name)
        except Exception as e:
            if not errors.is_database_error(e):
                LOG.exception('Cannot remove this API from api_services')
            else:
                failure = type(e).__name__
        if failure is not None:
            LOG.warning('Cannot remove this API from api_services (%s)',
                        failure)
        _cap = None
