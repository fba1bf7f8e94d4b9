"""Builders for driver unit tests: nodes (not stored) and tasks."""

import types

import pytest

from ironic_lite.common import context
from ironic_lite.drivers import factory
from ironic_lite import objects
from tests.unit.db import utils as db_utils


@pytest.fixture
def drivers(conf):
    """The driver factory loaded from this test's configuration."""
    factory.reset()
    yield factory
    factory.reset()


def make_node(**kw):
    """A Node object (not stored) with its interfaces resolved."""
    kw.setdefault('driver_internal_info', {})
    kw.setdefault('instance_info', {})
    node = objects.Node(context.get_admin_context(),
                        **db_utils.get_test_node(**kw))
    factory.check_and_update_node_interfaces(node)
    return node


def make_task(**kw):
    """What driver code sees of a conductor task, for a new node."""
    node = make_node(**kw)
    return types.SimpleNamespace(node=node, driver=factory.build_driver(node),
                                 context=node._context, shared=False)
