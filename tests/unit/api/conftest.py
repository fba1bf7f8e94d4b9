"""Fixtures of the API tests: the app on a SQLite database, in-process."""

import pytest

from ironic_lite.api import app as app_mod


@pytest.fixture
def api_app(conf, db):
    conf.config(rpc_transport='none')
    return app_mod.setup_app()
