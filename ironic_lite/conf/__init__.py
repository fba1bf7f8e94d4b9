"""Configuration: one module per option group, all registered on ``CONF``.

Code below the service entry points should receive values as arguments
instead of reading ``CONF`` deep inside; the exceptions are
:mod:`ironic_lite.upgrade.pinning`, the one reader of the pin, and the
driver implementations, which read their own groups.
"""

from oslo_config import cfg

from ironic_lite.conf import api
from ironic_lite.conf import conductor
from ironic_lite.conf import database
from ironic_lite.conf import default
from ironic_lite.conf import drivers
from ironic_lite.conf import fake

CONF = cfg.CONF

default.register_opts(CONF)
api.register_opts(CONF)
database.register_opts(CONF)
conductor.register_opts(CONF)
drivers.register_opts(CONF)
fake.register_opts(CONF)
