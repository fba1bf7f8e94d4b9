"""Configuration: one module per option group, all registered on ``CONF``.

Code below the service entry points should receive values as arguments
instead of reading ``CONF`` deep inside; the exception is
:mod:`ironic_lite.upgrade.pinning`, the one reader of the pin.
"""

from oslo_config import cfg

from ironic_lite.conf import database
from ironic_lite.conf import default

CONF = cfg.CONF

default.register_opts(CONF)
database.register_opts(CONF)
