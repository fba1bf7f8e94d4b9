"""The migrations on the real PostgreSQL and MariaDB of this machine."""

import pytest

from tests import migration_checks


@pytest.mark.parametrize('server', ['postgresql_url', 'mysql_url'])
def test_models_match_migrations(server, request):
    url = request.getfixturevalue(server)
    assert migration_checks.schema_differences(url) == []


@pytest.mark.parametrize('server', ['postgresql_url', 'mysql_url'])
def test_walk_checks_each_revision(server, request):
    url = request.getfixturevalue(server)
    assert migration_checks.walk(url, migration_checks.RevisionChecks())
