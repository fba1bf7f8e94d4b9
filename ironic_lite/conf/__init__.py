"""Configuration: one module per option group, all registered on ``CONF``.

Code below the service entry points should receive values as arguments
instead of reading ``CONF`` deep inside; the exceptions are
:mod:`ironic_lite.upgrade.pinning`, the one reader of the pin, and the
driver implementations, which read their own groups.

Importing it loads neither oslo.messaging nor the objects: the command-line
tools import it first thing. oslo.messaging's options are registered by
the RPC plumbing (see :mod:`ironic_lite.conf.messaging`).
"""

from oslo_config import cfg
from oslo_log import log

from ironic_lite.conf import api
from ironic_lite.conf import conductor
from ironic_lite.conf import database
from ironic_lite.conf import default
from ironic_lite.conf import drivers
from ironic_lite.conf import fake
from ironic_lite.conf import ipmi
from ironic_lite.conf import pxe
from ironic_lite.conf import redfish

CONF = cfg.CONF

default.register_opts(CONF)
api.register_opts(CONF)
database.register_opts(CONF)
conductor.register_opts(CONF)
drivers.register_opts(CONF)
fake.register_opts(CONF)
ipmi.register_opts(CONF)
pxe.register_opts(CONF)
redfish.register_opts(CONF)
# oslo.log's options (log_file, debug ...) for the services.
log.register_options(CONF)
