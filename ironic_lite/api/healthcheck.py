"""/healthcheck: oslo.middleware's healthcheck with ironic-lite's backends.

Two backends answer, in this order:

* ``disable_by_file`` (oslo.middleware): 503 "DISABLED BY FILE" while
  ``[api]healthcheck_disable_file`` exists, so a load balancer drains
  this API before a restart;
* ``ironic_lite_database`` (:class:`DatabaseHealthcheck`, registered in
  setup.cfg under ``oslo.middleware.healthcheck``): 503 "DATABASE
  UNREACHABLE" while a trivial query fails, so a balancer stops sending
  requests that could only be answered 503.

Both are checked on every probe, so the API reports healthy again as soon
as the database answers; nothing needs a restart.
"""

import logging

from oslo_db import exception as db_exc
from oslo_middleware import healthcheck
from oslo_middleware.healthcheck import pluginbase
import sqlalchemy as sa

from ironic_lite.db.sqlalchemy import enginefacade

LOG = logging.getLogger(__name__)

BACKENDS = 'disable_by_file,ironic_lite_database'


class DatabaseHealthcheck(pluginbase.HealthcheckBaseExtension):
    """Unhealthy while the database does not answer ``SELECT 1``.

    How long a probe waits for an unreachable server is the database
    driver's connect timeout (e.g. ``?connect_timeout=5`` in
    ``[database]connection`` for PostgreSQL).
    """

    def __init__(self, oslo_conf, conf):
        super().__init__(oslo_conf, conf)
        self._reachable = True

    def healthcheck(self, server_port):
        failure = None
        try:
            with enginefacade.reader() as session:
                session.execute(sa.text('SELECT 1'))
        except (db_exc.DBError, sa.exc.SQLAlchemyError) as e:
            failure = type(e).__name__
        if failure is not None:
            if self._reachable:
                # NOTE: the class only, and outside the except block
                # (oslo.log would add the error's text): it may hold
                # connection details.
                LOG.warning('Healthcheck: the database is not reachable '
                            '(%s)', failure)
            self._reachable = False
            return pluginbase.HealthcheckResult(
                available=False, reason='DATABASE UNREACHABLE')
        if not self._reachable:
            LOG.info('Healthcheck: the database is reachable again')
        self._reachable = True
        return pluginbase.HealthcheckResult(available=True,
                                            reason='DATABASE OK')


def middleware(disable_file):
    """The healthcheck WSGI app (it answers every request it is given)."""
    return healthcheck.Healthcheck(None, {
        'backends': BACKENDS,
        'disable_by_file_path': disable_file,
        'detailed': False,
    })
