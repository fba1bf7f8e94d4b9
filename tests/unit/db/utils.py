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


def get_test_volume_connector(**kw):
    """A volume connector's fields (give ``node_id``), overridable."""
    connector = {'uuid': uuidutils.generate_uuid(), 'type': 'iqn',
                 'connector_id': 'iqn.2017-07.org.example:%s'
                 % uuidutils.generate_uuid()[:8],
                 'extra': {}}
    connector.update(kw)
    return connector


def get_test_volume_target(**kw):
    """A volume target's fields (give ``node_id``), overridable."""
    target = {'uuid': uuidutils.generate_uuid(), 'volume_type': 'iscsi',
              'boot_index': 0, 'volume_id': uuidutils.generate_uuid(),
              'properties': {'target_lun': 0}, 'extra': {}}
    target.update(kw)
    return target


def _store(obj_class, ctx, values):
    obj = obj_class(ctx or context.get_admin_context(), **values)
    obj.create()
    return obj


def create_test_volume_connector(ctx=None, **kw):
    """Store a volume connector through the objects layer."""
    return _store(objects.VolumeConnector, ctx,
                  get_test_volume_connector(**kw))


def create_test_volume_target(ctx=None, **kw):
    """Store a volume target through the objects layer."""
    return _store(objects.VolumeTarget, ctx, get_test_volume_target(**kw))
