"""Builders of test data: full column dicts and stored objects."""

from oslo_utils import uuidutils

from ironic_lite.common import context
from ironic_lite import objects


def get_test_node(**kw):
    """A node's fields as the API would create them, overridable."""
    node = {
        'uuid': uuidutils.generate_uuid(),
        'name': None,
        'driver': 'fake-hardware',
        'driver_info': {'fake_password': 'secret'},
        'properties': {'cpus': 8, 'memory_mb': 4096},
        'extra': {},
        'provision_state': 'enroll',
        'power_state': 'power off',
        'conductor_group': '',
        'resource_class': 'baremetal',
    }
    node.update(kw)
    return node


def create_test_node(ctx=None, **kw):
    """Store a node through the objects layer; returns the Node object."""
    ctx = ctx or context.get_admin_context()
    node = objects.Node(ctx, **get_test_node(**kw))
    node.create()
    return node


def create_test_port(ctx=None, **kw):
    ctx = ctx or context.get_admin_context()
    values = {'uuid': uuidutils.generate_uuid(),
              'address': '52:54:00:12:34:%02x' % (kw.pop('n', 0) % 256)}
    values.update(kw)
    port = objects.Port(ctx, **values)
    port.create()
    return port
