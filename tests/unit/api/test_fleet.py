"""APIs of one deployment serve one maximum microversion while some are
pinned (api/fleet.py)."""

import pytest

from ironic_lite.api import fleet
from ironic_lite.api import microversion
from ironic_lite.db import api as db_api


@pytest.fixture
def registered(db):
    regs = []

    def register(name, own_max):
        reg = fleet.Registration(name, own_max, interval=3600)
        reg.start()
        regs.append(reg)
        return reg
    yield register
    for reg in regs:
        reg.stop()


def test_alone_an_api_serves_its_own_maximum(registered):
    registered('api-1', microversion.own_max_version())
    assert microversion.max_version() == microversion.MAX_VERSION


def test_a_pinned_api_caps_the_fleet_until_it_is_gone(registered):
    pinned = registered('api-pinned', (1, 46))
    mine = registered('api-unpinned', microversion.MAX_VERSION)
    assert microversion.max_version() == (1, 46)
    pinned.stop()
    mine._beat()
    assert microversion.max_version() == microversion.MAX_VERSION


def test_a_silent_api_stops_counting(registered, db):
    dbapi = db_api.get_instance()
    dbapi.register_api_service('crashed', {'max_version': '1.46'})
    assert dbapi.get_api_service_maxima(30) == ['1.46']
    assert dbapi.get_api_service_maxima(-1) == []


def test_not_registered_serves_its_own(db):
    assert fleet.cap() is None
    assert microversion.max_version() == microversion.MAX_VERSION
