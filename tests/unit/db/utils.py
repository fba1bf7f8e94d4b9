"""Builders of test data: full column dicts and stored objects."""

import socket

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


def unreachable_url():
    """A PostgreSQL URL at a port of this machine nobody listens on: every
    connection is refused, as while a database server is down."""
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        port = sock.getsockname()[1]
    return 'postgresql+psycopg2://postgres@127.0.0.1:%d/nothing' % port


def register_test_conductor(hostname, hardware_type='fake-hardware',
                            **values):
    """Register a conductor row serving ``hardware_type``; returns it."""
    from ironic_lite.db import api as db_api
    dbapi = db_api.get_instance()
    row = dbapi.register_conductor(dict(values, hostname=hostname))
    dbapi.register_conductor_hardware_interfaces(row.id, [
        {'hardware_type': hardware_type, 'interface_type': 'power',
         'interface_name': 'fake', 'default': True}])
    return row
