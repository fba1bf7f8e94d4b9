"""Fixtures of the DB API tests: the DB API on the test's SQLite
database and a node in it."""

import pytest

from ironic_lite.db import api as db_api
from tests.unit.db import utils


@pytest.fixture
def dbapi(db):
    return db_api.get_instance()


@pytest.fixture
def node(dbapi):
    return dbapi.create_node(utils.get_test_node())
