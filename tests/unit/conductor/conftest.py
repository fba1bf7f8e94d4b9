"""Fixtures of the conductor tests: an RPC client of the in-process
conductor and an admin context."""

import pytest

from ironic_lite.common import context
from ironic_lite.conductor import rpcapi


@pytest.fixture
def api(conductor):
    """The RPC client, calling the conductor serving in-process."""
    return rpcapi.ConductorAPI()


@pytest.fixture
def ctx():
    return context.get_admin_context()
