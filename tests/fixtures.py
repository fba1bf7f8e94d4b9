"""Fixtures shared by the test suites: configuration, throwaway databases,
and a simulated next release of the Node object."""

import atexit
import contextlib
import copy
import os
import shutil
import tempfile
import types
import uuid

import sqlalchemy as sa

from ironic_lite.common import context
from ironic_lite.db import migration
from ironic_lite.db.sqlalchemy import enginefacade
from ironic_lite.drivers import factory
from ironic_lite import objects
from ironic_lite.objects import base
from ironic_lite.objects import node as node_obj
from ironic_lite.upgrade import release_mappings
from tests.unit.db import utils as db_utils

PG_ADMIN_URL = os.environ.get('IRONIC_LITE_TEST_PG_URL',
                              'postgresql+psycopg2://postgres@127.0.0.1:5432')
MYSQL_ADMIN_URL = os.environ.get('IRONIC_LITE_TEST_MYSQL_URL',
                                 'mysql+pymysql://root@127.0.0.1:3306')

_SQLITE_TEMPLATE = {}


def sqlite_url(directory):
    """A SQLite file at the schema head, copied from a per-process template
    (building it once keeps each test's database a file copy away). The
    template goes when the process ends (``remove_sqlite_template``)."""
    if 'path' not in _SQLITE_TEMPLATE:
        template_dir = tempfile.mkdtemp(prefix='ironic-lite-template-')
        atexit.register(remove_sqlite_template)
        path = os.path.join(template_dir, 'template.sqlite')
        engine = sa.create_engine('sqlite:///' + path)
        migration.upgrade(engine)
        engine.dispose()
        _SQLITE_TEMPLATE['path'] = path
    path = os.path.join(directory, 'ironic-lite.sqlite')
    shutil.copy(_SQLITE_TEMPLATE['path'], path)
    return 'sqlite:///' + path


def remove_sqlite_template():
    """Remove the template :func:`sqlite_url` made, if any."""
    path = _SQLITE_TEMPLATE.pop('path', None)
    if path:
        shutil.rmtree(os.path.dirname(path), ignore_errors=True)


@contextlib.contextmanager
def server_database(kind):
    """Create a uniquely named empty database on the real PostgreSQL or
    MariaDB of this machine; yield its URL; drop it afterwards."""
    admin_url = {'postgresql': PG_ADMIN_URL, 'mysql': MYSQL_ADMIN_URL}[kind]
    name = 'ironic_lite_test_%s' % uuid.uuid4().hex[:12]
    admin = sa.create_engine(admin_url + ('/postgres' if kind == 'postgresql'
                                          else '/'),
                             isolation_level='AUTOCOMMIT')
    with admin.connect() as conn:
        conn.execute(sa.text('CREATE DATABASE %s' % name))
    try:
        yield '%s/%s' % (admin_url, name)
    finally:
        enginefacade.reset()
        with admin.connect() as conn:
            if kind == 'postgresql':
                conn.execute(sa.text('DROP DATABASE IF EXISTS %s WITH (FORCE)'
                                     % name))
            else:
                conn.execute(sa.text('DROP DATABASE IF EXISTS %s' % name))
        admin.dispose()


def use_database(conf_fixture, url):
    """Point [database]connection at ``url`` for the objects layer."""
    conf_fixture.config(connection=url, group='database')
    enginefacade.reset()


#: The Node version a next release would write (the tree's plus one).
NEXT_NODE_VERSION = '1.%d' % (int(node_obj.Node.VERSION.split('.')[1]) + 1)


@base.IronicLiteObjectRegistry.register_if(False)
class NextNode(node_obj.Node):
    """The Node object as a next release could change it, for tests.

    Its version treats conductor groups as case-insensitive and stores them
    in lower case: older rows change data when read (so online migrations
    must load and save them), and older code can still read what it
    writes.
    """

    VERSION = NEXT_NODE_VERSION

    @classmethod
    def obj_name(cls):
        return 'Node'

    @classmethod
    def converts_data_from(cls, version):
        return version != cls.VERSION

    def _convert_to_version(self, target_version,
                            remove_unavailable_fields=True):
        if (target_version == NEXT_NODE_VERSION
                and self.VERSION != NEXT_NODE_VERSION
                and self.obj_attr_is_set('conductor_group')
                and self.conductor_group != self.conductor_group.lower()):
            self.conductor_group = self.conductor_group.lower()
        super()._convert_to_version(target_version,
                                    remove_unavailable_fields)


@base.IronicLiteObjectRegistry.register_if(False)
class NodeWithComment(node_obj.Node):
    """The Node object as a next release could extend it, for tests:
    its version adds a ``comment`` field."""

    VERSION = NEXT_NODE_VERSION

    fields = dict(node_obj.Node.fields,
                  comment=base.object_fields.StringField(nullable=True))

    @classmethod
    def obj_name(cls):
        return 'Node'

    def _convert_to_version(self, target_version,
                            remove_unavailable_fields=True):
        if (target_version != NEXT_NODE_VERSION
                and self.obj_attr_is_set('comment')):
            if remove_unavailable_fields:
                self.obj_reset_changes(['comment'])
                delattr(self, 'comment')
        elif (target_version == NEXT_NODE_VERSION
              and not self.obj_attr_is_set('comment')):
            self.comment = None
        super()._convert_to_version(target_version,
                                    remove_unavailable_fields)


@contextlib.contextmanager
def next_release(node_class=NextNode):
    """Run code as the next release: ``node_class`` is the newest Node and
    the release mapping's 'master' lists it, while '1.0' stays the last
    release (the one a pin can name)."""
    registry = base.IronicLiteObjectRegistry
    classes = registry._registry._obj_classes
    saved_classes = list(classes['Node'])
    saved_attr = objects.Node
    saved_mapping = copy.deepcopy(release_mappings.RELEASE_MAPPING)
    registry.register(node_class)
    # The next release's code has only its own Node class.
    classes['Node'] = [node_class]
    master = copy.deepcopy(release_mappings.RELEASE_MAPPING['master'])
    master['objects']['Node'] = [node_class.VERSION] + master['objects'][
        'Node']
    release_mappings.RELEASE_MAPPING['master'] = master
    try:
        yield node_class
    finally:
        classes['Node'] = saved_classes
        objects.Node = saved_attr
        release_mappings.RELEASE_MAPPING.clear()
        release_mappings.RELEASE_MAPPING.update(saved_mapping)


def driver_node(**kw):
    """A Node object (not stored) with its interfaces resolved, as a
    conductor would hand it to driver code."""
    kw.setdefault('driver_internal_info', {})
    kw.setdefault('instance_info', {})
    node = objects.Node(context.get_admin_context(),
                        **db_utils.get_test_node(**kw))
    factory.check_and_update_node_interfaces(node)
    return node


def driver_task(**kw):
    """What driver code sees of a conductor task, for a new node (see
    :func:`driver_node`): ``node``, ``driver``, ``context``, ``shared``."""
    node = driver_node(**kw)
    return types.SimpleNamespace(node=node, driver=factory.build_driver(node),
                                 context=node._context, shared=False)
