"""Fixtures of the upgrade tests: the last release installed from its
commit, and a deployment on the real RabbitMQ and a throwaway database."""

import pytest

from tests import fixtures
from tests.functional import services
from tests.upgrade import deployment as dep_mod


@pytest.fixture(scope='session')
def old_release():
    """(name, bin directory) of the last release, installed once."""
    name = dep_mod.last_release()
    return name, dep_mod.install_release(name)


def _deployment(kind, tmp_path, old_release):
    name, bin_dir = old_release
    with fixtures.server_database(kind) as db_url, \
            services.rabbit_vhost() as rabbit_url:
        dep = dep_mod.Deployment(str(tmp_path), db_url, rabbit_url, name,
                                 bin_dir)
        try:
            yield dep
        finally:
            dep.stop_all()


@pytest.fixture
def pg_deployment(tmp_path, old_release):
    yield from _deployment('postgresql', tmp_path, old_release)


@pytest.fixture
def mysql_deployment(tmp_path, old_release):
    yield from _deployment('mysql', tmp_path, old_release)
