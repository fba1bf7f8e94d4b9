"""``application`` for WSGI servers (uwsgi, mod_wsgi, gunicorn).

The configuration files come from ``IRONIC_LITE_CONFIG_FILES``
(colon-separated; default ``/etc/ironic-lite/ironic-lite.conf``), e.g.::

    uwsgi --http :6385 --module ironic_lite.api.wsgi:application \\
          --env IRONIC_LITE_CONFIG_FILES=/etc/ironic-lite/api.conf

The server's own processes and threads replace ``[api]host_ip``,
``[api]port`` and ``[api]threads``.
"""

import os

from ironic_lite.command import startup


def initialize_application():
    files = os.environ.get('IRONIC_LITE_CONFIG_FILES',
                           '/etc/ironic-lite/ironic-lite.conf')
    conf = startup.parse_config('ironic-lite-api',
                                [f for f in files.split(':') if f])
    startup.setup_service('ironic-lite-api', conf, api=True)
    from ironic_lite.api import app
    return app.setup_app(conf)


application = initialize_application()
