"""Throughput of ``update_to_latest_versions`` at fleet scale.

For PostgreSQL and MariaDB (this machine's), in a database of its own
(dropped at the end): writes N nodes (default 10,000) as a service pinned
to release 1.0 writes them (Node 1.0, passwords in driver_info in clear:
the conversion to this release's Node encrypts them, so every row is
converted, not only bumped), then times ``update_to_latest_versions``
until nothing is left. Prints rows/s, and the longest batch: the longest
write transaction (the statements holding row locks) and the longest
read + convert + write of one batch.

With ``--before N`` the first N rows are migrated first the way the code
did before batching (each row loaded as a Node object and saved), for a
rows/s to compare.

Run from the repository root::

    python benchmarks/online_migrations.py [--nodes 10000]
        [--databases postgresql,mysql] [--before 500]
"""

import argparse
import functools
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

from oslo_utils import uuidutils  # noqa: E402
import sqlalchemy as sa  # noqa: E402

from ironic_lite.common import context  # noqa: E402
from ironic_lite.common import hash_ring  # noqa: E402
import ironic_lite.conf  # noqa: E402
from ironic_lite.db import api as db_api  # noqa: E402
from ironic_lite.db import migration  # noqa: E402
from ironic_lite.db.sqlalchemy import enginefacade  # noqa: E402
from ironic_lite.db.sqlalchemy import models  # noqa: E402
from ironic_lite import objects  # noqa: E402
from ironic_lite.upgrade import online_migrations  # noqa: E402
from tests import fixtures  # noqa: E402

CONF = ironic_lite.conf.CONF


def _create_pinned_nodes(count):
    """``count`` rows as a service pinned to 1.0 writes them (the
    object's own conversion to 1.0), inserted in bulk."""
    ctx = context.get_admin_context()
    CONF.set_override('pin_release_version', '1.0')
    rows = []
    try:
        for index in range(count):
            node_uuid = uuidutils.generate_uuid()
            node = objects.Node(
                ctx, uuid=node_uuid, driver='ipmi',
                driver_info={'ipmi_address': '10.0.%d.%d'
                             % (index // 250, index % 250),
                             'ipmi_username': 'admin',
                             'ipmi_password': 'secret-%d' % index},
                properties={'cpus': 8, 'memory_mb': 4096}, extra={},
                provision_state='available', power_state='power off')
            values = node.do_version_changes_for_db()
            values.pop('traits', None)
            values['uuid_hash'] = hash_ring.uuid_hash(node_uuid)
            rows.append(values)
    finally:
        CONF.clear_override('pin_release_version')
    assert rows[0]['version'] == '1.0'
    with enginefacade.writer() as session:
        for start in range(0, count, 2000):
            session.execute(models.Node.__table__.insert(),
                            rows[start:start + 2000])


def _timed(func, durations):
    @functools.wraps(func)
    def run(*args, **kwargs):
        start = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            durations.append(time.perf_counter() - start)
    return run


def _before(count):
    """Migrate ``count`` rows one at a time, as the code did before."""
    ctx = context.get_admin_context()
    rows = db_api.get_instance().get_node_list(
        filters={}, limit=count, sort_key='id')
    start = time.perf_counter()
    for row in rows:
        node = objects.Node._from_db_object(ctx, objects.Node(), row)
        node.save_as_target_version()
    return time.perf_counter() - start


def run(kind, url, args):
    CONF.set_override('connection', url, group='database')
    enginefacade.reset()
    migration.upgrade(enginefacade.get_engine())
    start = time.perf_counter()
    _create_pinned_nodes(args.nodes)
    print('%s: %d nodes written pinned to 1.0 in %.1f s'
          % (kind, args.nodes, time.perf_counter() - start))
    left = args.nodes
    if args.before:
        cpu = time.process_time()
        seconds = _before(args.before)
        cpu = time.process_time() - cpu
        left -= args.before
        print('%s: before (one row at a time): %d rows in %.2f s, %.0f '
              'rows/s (%.0f rows per CPU second of this process)'
              % (kind, args.before, seconds, args.before / seconds,
                 args.before / cpu))
    dbapi = db_api.get_instance()
    writes, batches = [], []
    original = dbapi.write_converted_rows
    dbapi.write_converted_rows = _timed(original, writes)
    reads = dbapi.get_rows_at_versions
    batch_start = []

    def read(*a, **kw):
        now = time.perf_counter()
        if batch_start:
            batches.append(now - batch_start[0])
        batch_start[:] = [now]
        return reads(*a, **kw)
    dbapi.get_rows_at_versions = read
    statements = []

    def before(conn, cursor, statement, parameters, context, many):
        conn.info['started'] = time.perf_counter()

    def after(conn, cursor, statement, parameters, context, many):
        if statement.lstrip().upper().startswith('UPDATE'):
            statements.append(time.perf_counter() - conn.info['started'])
    engine = enginefacade.get_engine()
    sa.event.listen(engine, 'before_cursor_execute', before)
    sa.event.listen(engine, 'after_cursor_execute', after)
    ctx = context.get_admin_context()
    try:
        start, cpu = time.perf_counter(), time.process_time()
        total, moved = online_migrations.update_to_latest_versions(ctx, None)
        seconds = time.perf_counter() - start
        cpu = time.process_time() - cpu
    finally:
        dbapi.write_converted_rows = original
        dbapi.get_rows_at_versions = reads
        sa.event.remove(engine, 'before_cursor_execute', before)
        sa.event.remove(engine, 'after_cursor_execute', after)
    assert (total, moved) == (left, left), (total, moved, left)
    assert dbapi.get_version_counts('Node') == {
        objects.Node.VERSION: args.nodes}
    print('%s: update_to_latest_versions: %d rows in %.2f s, %.0f rows/s '
          '(this process used %.2f s of CPU: %.0f rows per CPU second); '
          '%d batches of up to %d; longest UPDATE statement %.3f s, '
          'longest write transaction %.3f s, longest batch (read, '
          'convert, write) %.3f s'
          % (kind, moved, seconds, moved / seconds, cpu, moved / cpu,
             len(writes),
             online_migrations.CONVERT_BATCH, max(statements), max(writes),
             max(batches or [0])))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--nodes', type=int, default=10000)
    parser.add_argument('--databases', default='postgresql,mysql')
    parser.add_argument('--before', type=int, default=0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        CONF([], project='ironic-lite', default_config_files=[])
        CONF.set_override('state_path', workdir)
        for kind in args.databases.split(','):
            with fixtures.server_database(kind) as url:
                try:
                    run(kind, url, args)
                finally:
                    enginefacade.reset()


if __name__ == '__main__':
    main()
