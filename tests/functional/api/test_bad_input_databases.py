"""The fuzz of tests/unit/api/test_fuzz.py on the real PostgreSQL and
MariaDB, which refuse what SQLite stores (NUL in text, strings longer
than their column, more than 64 KiB in a TEXT): every request carrying
such a value gets a 4xx and the database is left as it was. The app and
its conductor run in-process on a throwaway database of the server."""

import pytest
import sqlalchemy as sa

from ironic_lite.db import migration
from tests import fixtures
from tests.unit.api.conftest import api_app  # noqa: F401 (a fixture)
from tests.unit.api import test_fuzz
from tests.unit.api import utils as api_utils


@pytest.fixture(params=['postgresql', 'mysql'])
def db(request, conf):
    """Replaces the SQLite database of the ``conductor`` fixture (and so
    of ``api_app``) with one on the real server."""
    with fixtures.server_database(request.param) as url:
        engine = sa.create_engine(url)
        migration.create_schema(engine)
        engine.dispose()
        fixtures.use_database(conf, url)
        yield url


def test_fuzz_gets_4xx_and_changes_nothing(api_app):  # noqa: F811
    idents = api_utils.seed(api_app)
    before = api_utils.tables()
    wrong = test_fuzz.check_fuzz(api_app, idents,
                                 keep=test_fuzz.database_sensitive)
    assert not wrong, '\n'.join(wrong)
    assert api_utils.tables() == before
