"""ironic-lite: a small bare-metal provisioning service built for rolling
upgrades.

Every ironic-lite process runs on native threads. oslo.service is switched
to its threading backend here, before any oslo library imports it, and
nothing ever monkey-patches.
"""

import warnings

# NOTE: oslo.messaging and futurist import eventlet when it is installed (as
# a dependency of oslo.service); importing is harmless without monkey
# patching, but its deprecation warning would reach every command's users.
warnings.filterwarnings('ignore', message=r'(?s).*Eventlet is deprecated')


def _use_threads():
    # NOTE: registering the default is cheap; the backend itself is loaded
    # only by the processes that use oslo.service, when they first do.
    from oslo_service import backend
    backend.register_backend_default_hook(
        lambda: backend.BackendType.THREADING)


_use_threads()
