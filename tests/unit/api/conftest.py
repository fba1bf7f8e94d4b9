"""Fixtures of the API tests: the app on a SQLite database with a
conductor serving in-process (fake-hardware)."""

import pytest

from ironic_lite.api import app as app_mod
from ironic_lite.common import policy


@pytest.fixture
def api_app(conductor):
    policy.reset()
    yield app_mod.setup_app()
    policy.reset()
