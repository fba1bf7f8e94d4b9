"""Rows a power state sync round reads per conductor, at fleet scale.

Creates N nodes (default 10,000) in a database of its own on this
machine's PostgreSQL (dropped at the end), registers C conductors
(default 3) serving their hardware type, builds the real hash rings from
those rows and runs, for each conductor, the query path of one power
sync round (``periodics.ShareScan`` with the power sync's filters: the
rows of the conductor's share of the rings, in pages of
``[conductor]periodic_page_size``, the ring deciding each row). Prints
per conductor and per round the rows read, the nodes owned, the ratio of
rows read to N / C, the pages and the time, and the peak memory one scan
allocates. With ``--before`` it also times what a round did before
(every node loaded as a Node object, filtered by the ring in Python),
for one conductor.

Run from the repository root::

    python benchmarks/periodic_share.py [--nodes 10000] [--conductors 3]
        [--page-size 300] [--rounds 2] [--before]
"""

import argparse
import os
import sys
import tempfile
import time
import tracemalloc

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

from oslo_utils import uuidutils  # noqa: E402

from ironic_lite.common import context  # noqa: E402
from ironic_lite.common import hash_ring  # noqa: E402
from ironic_lite.common import states  # noqa: E402
from ironic_lite.conductor import periodics  # noqa: E402
import ironic_lite.conf  # noqa: E402
from ironic_lite.db import api as db_api  # noqa: E402
from ironic_lite.db import migration  # noqa: E402
from ironic_lite.db.sqlalchemy import enginefacade  # noqa: E402
from ironic_lite.db.sqlalchemy import models  # noqa: E402
from ironic_lite import objects  # noqa: E402
from tests import fixtures  # noqa: E402
from tests.unit.db import utils as db_utils  # noqa: E402

CONF = ironic_lite.conf.CONF
HARDWARE_TYPE = 'fake-hardware'


def _create_nodes(count):
    """``count`` nodes as create_node writes them (uuid_hash included),
    in bulk, all of them ones the power sync looks at."""
    version = objects.Node.VERSION
    rows = []
    for index in range(count):
        node_uuid = uuidutils.generate_uuid()
        rows.append({
            'uuid': node_uuid, 'uuid_hash': hash_ring.uuid_hash(node_uuid),
            'driver': HARDWARE_TYPE, 'conductor_group': '',
            'provision_state': states.ACTIVE,
            'power_state': states.POWER_ON, 'driver_info': {},
            'properties': {'cpus': 8}, 'extra': {}, 'version': version})
    with enginefacade.writer() as session:
        for start in range(0, count, 2000):
            session.execute(models.Node.__table__.insert(),
                            rows[start:start + 2000])


def _scan(ring, host, page_size):
    scan = periodics.ShareScan(ring.share(host),
                               periodics.POWER_SYNC_FILTERS,
                               page_size=page_size)
    start = time.perf_counter()
    for _row in scan:
        pass
    return scan, time.perf_counter() - start


def _before(ring, hosts):
    """A round as it was: every unlocked node as an object, the ring
    deciding in Python (for the first host)."""
    ctx = context.get_admin_context()
    dbapi = db_api.get_instance()
    for name in hosts:   # the rings keep conductors that heartbeat
        dbapi.touch_conductor(name)
    ring.reset()
    host = hosts[0]
    start = time.perf_counter()
    nodes = objects.Node.list(ctx, filters={'reserved': False})
    for name in hosts:   # a slow list outlives the heartbeats
        dbapi.touch_conductor(name)
    ring.reset()
    owned = [node for node in nodes
             if ring.manages(host, node.uuid, node.driver,
                             node.conductor_group)
             and node.provision_state not in states.WORKING_STATES]
    return len(nodes), len(owned), time.perf_counter() - start


def run(args, url):
    CONF.set_override('connection', url, group='database')
    CONF.set_override('periodic_page_size', args.page_size,
                      group='conductor')
    enginefacade.reset()
    migration.upgrade(enginefacade.get_engine())
    hosts = ['conductor-%d' % index for index in range(args.conductors)]
    for host in hosts:
        db_utils.register_test_conductor(host, HARDWARE_TYPE)
    start = time.perf_counter()
    _create_nodes(args.nodes)
    print('%d nodes created in %.1f s; %d conductors; page size %d'
          % (args.nodes, time.perf_counter() - start, args.conductors,
             args.page_size))
    ring = hash_ring.HashRingManager(
        CONF.hash_ring_reset_interval, CONF.hash_partition_exponent,
        CONF.conductor.heartbeat_timeout)
    fair = args.nodes / float(args.conductors)
    print('nodes / conductors = %.0f' % fair)
    for round_number in range(1, args.rounds + 1):
        read = owned = 0
        elapsed = 0.0
        for host in hosts:
            scan, seconds = _scan(ring, host, args.page_size)
            read += scan.rows_read
            owned += scan.rows_owned
            elapsed += seconds
            print('round %d %s: rows read %d (%.2f x nodes/conductors), '
                  'owned %d, %d pages, %.3f s'
                  % (round_number, host, scan.rows_read,
                     scan.rows_read / fair, scan.rows_owned, scan.pages,
                     seconds))
        print('round %d, all conductors: rows read %d for %d nodes '
              '(%.2f x), owned %d, %.3f s'
              % (round_number, read, args.nodes, read / float(args.nodes),
                 owned, elapsed))
    tracemalloc.start()
    _scan(ring, hosts[0], args.page_size)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print('peak memory allocated by one scan: %.0f KiB' % (peak / 1024.0))
    if args.before:
        read, owned, seconds = _before(ring, hosts)
        print('before (every node as an object, ring in Python), %s: rows '
              'read %d (%.2f x nodes/conductors), owned %d, %.3f s'
              % (hosts[0], read, read / fair, owned, seconds))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--nodes', type=int, default=10000)
    parser.add_argument('--conductors', type=int, default=3)
    parser.add_argument('--page-size', type=int, default=300)
    parser.add_argument('--rounds', type=int, default=2)
    parser.add_argument('--before', action='store_true')
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as workdir:
        CONF([], project='ironic-lite', default_config_files=[])
        CONF.set_override('state_path', workdir)
        with fixtures.server_database('postgresql') as url:
            try:
                run(args, url)
            finally:
                enginefacade.reset()


if __name__ == '__main__':
    main()
