"""Fixtures of the upgrade tests: the releases they upgrade from, installed
once, and a deployment on the real RabbitMQ and a throwaway database.

The releases are installed once per machine (tools/install-release.sh);
a run that finds one missing starts installing it in the background as
it starts (tests/conftest.py, ``deployment.prepare_releases``).
"""

import configparser

import pytest

from tests import docs
from tests import fixtures
from tests.functional import services
from tests.upgrade import deployment as dep_mod


@pytest.fixture(scope='session')
def releases():
    """{release: bin directory} of the releases :data:`dep_mod.HOPS`
    start from."""
    return {name: dep_mod.install_release(name)
            for name in dep_mod.releases_needed()}


def _pin_option():
    """(section, option) the upgrade guide pins a service with."""
    parser = configparser.ConfigParser()
    parser.read_string(docs.block('doc/upgrade.md', 'pin'))
    (section, options), = [(s, dict(parser.items(s)))
                           for s in ['DEFAULT'] + parser.sections()
                           if dict(parser.items(s))]
    (option, _value), = options.items()
    return section, option


def _deployment(kind, tmp_path, releases):
    with fixtures.server_database(kind) as db_url, \
            services.rabbit_vhost() as rabbit_url:
        dep = dep_mod.Deployment(str(tmp_path), db_url, rabbit_url,
                                 releases, pin_option=_pin_option())
        try:
            yield dep
        finally:
            dep.stop_all()


@pytest.fixture
def pg_deployment(tmp_path, releases):
    yield from _deployment('postgresql', tmp_path, releases)


@pytest.fixture
def mysql_deployment(tmp_path, releases):
    yield from _deployment('mysql', tmp_path, releases)
