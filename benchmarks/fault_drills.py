"""Fault drills with production-like timings, figures per drill.

Usage: python benchmarks/fault_drills.py [--code-dir DIR] [DRILL ...]

Each drill runs on a fresh deployment of split services -- one
ironic-lite-api and two ironic-lite-conductor processes on the real
PostgreSQL and RabbitMQ of this machine, every link through a TCP proxy
(tests/functional/conductor/drills.py) -- under a light mixed load of
four clients driving 16 fake-hardware nodes (provision verbs, power
changes, PATCHes), with the default intervals (heartbeat 10 s, heartbeat
timeout 60 s, hash rings rebuilt every 15 s, RPC short timeout 3 s).

Drills: db-10 / db-75 / db-120 (PostgreSQL cut for that many seconds),
broker (one conductor cut from RabbitMQ for 60 s), kill (kill -9 of one
conductor, watched for 90 s). Per drill it prints: the changes accepted,
the operations that failed (with a last_error) and the requests refused
(by status), the operations lost (settled neither done nor failed) and
stuck (never settled), false takeovers (a live conductor taken for dead),
the first change accepted after the fault, when the last operation in
flight through the fault settled, and the slowest request.

``--code-dir`` runs the services from another source tree (PYTHONPATH),
e.g. an export of an earlier commit, to compare.
"""

import argparse
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

from tests import fixtures  # noqa: E402
from tests.functional.conductor import drills  # noqa: E402
from tests.functional import services  # noqa: E402

OPTIONS = {'DEFAULT': {'graceful_shutdown_timeout': 60},
           'conductor': {'sync_power_state_interval': 0}}
FAKE = {'power_delay': 1, 'deploy_delay': 5}
NODES = 16
CLIENTS = 4
#: Seconds the load runs before a fault, and after it ends.
BEFORE, AFTER = 15, 30
#: Seconds operations in flight get to settle once the load stops.
SETTLE = 180


def db_outage(seconds):
    def drill(dep, load):
        dep.db_proxy.cut()
        time.sleep(seconds)
        dep.db_proxy.restore()
        return time.monotonic(), ()
    drill.__name__ = 'PostgreSQL outage %d s' % seconds
    return drill


def broker_partition(dep, load):
    dep.broker_proxies['c2'].cut()
    time.sleep(60)
    dep.broker_proxies['c2'].restore()
    return time.monotonic(), ()


broker_partition.__name__ = 'broker partition, 1 conductor 60 s'


def kill_9(dep, load):
    dep.services['c2'].kill()
    killed_at = time.monotonic()
    time.sleep(90)
    return killed_at, ('c2',)


kill_9.__name__ = 'kill -9 of a conductor'

DRILLS = {'db-10': db_outage(10), 'db-75': db_outage(75),
          'db-120': db_outage(120), 'broker': broker_partition,
          'kill': kill_9}


def run(drill, workdir):
    with fixtures.server_database('postgresql') as db_url, \
            services.rabbit_vhost() as rabbit_url:
        dep = drills.Deployment(workdir, db_url, rabbit_url, OPTIONS, FAKE)
        try:
            dep.start_api()
            for host in ('c1', 'c2'):
                dep.start_conductor(host, wait=False)
            for host in ('c1', 'c2'):
                dep.services[host].wait_for_log('serves RPC', timeout=120)
            load = drills.Load(dep.api_url, dep.create_nodes(NODES),
                               clients=CLIENTS, pause=0.5).start()
            time.sleep(BEFORE)
            load.wait_in_flight(4, timeout=60)
            fault_at = time.monotonic()
            restored_at, dead = drill(dep, load)
            time.sleep(AFTER)
            load.stop()
            load.wait_settled(SETTLE)
            account = drills.Account(load, dep.logs(), restored_at, dead)
            slowest = max(seconds for start, _n, _w, _s, seconds in
                          load.requests if start >= fault_at)
            return account, slowest
        finally:
            dep.stop()


def _seconds(value):
    return '-' if value is None else '%.1f' % value


def _statuses(counts):
    return ', '.join('%s: %d' % item for item in
                     sorted(counts.items(), key=str)) or '-'


_ROW = '%-34s %8s %6s %4s %5s %6s  %-16s %-18s %8s %8s %8s'


def header():
    print(_ROW % ('drill', 'accepted', 'failed', 'lost', 'stuck', 'false',
                  'refused changes', 'failed reads', 'first ok',
                  'settled', 'slowest'))
    print(_ROW % ('', '', '', '', '', 'takeov', '(by status)',
                  '(by status)', 'after s', 'after s', 'req. s'),
          flush=True)


def report(name, account, slowest):
    summary = account.summary()
    print(_ROW % (
        name, summary['accepted'], summary['outcomes'].get('failed', 0),
        summary['lost'], summary['stuck'], summary['false_takeovers'],
        _statuses(summary['refused']), _statuses(summary['failed_reads']),
        _seconds(summary['first_accepted_after_restore']),
        _seconds(summary['settled_after_restore']), '%.1f' % slowest),
        flush=True)
    for (what, status, fault), count in account.load.refusals.most_common(3):
        print('    %4d x %-5s %s: %s' % (count, what, status, fault),
              flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--code-dir',
                        help='run the services from this source tree')
    parser.add_argument('drills', nargs='*', metavar='DRILL',
                        help='among %s (default: all)' % ', '.join(DRILLS))
    args = parser.parse_args()
    unknown = set(args.drills) - set(DRILLS)
    if unknown:
        parser.error('unknown drill(s): %s' % ', '.join(sorted(unknown)))
    if args.code_dir:
        os.environ['PYTHONPATH'] = os.path.abspath(args.code_dir)
    header()
    for key in args.drills or list(DRILLS):
        with tempfile.TemporaryDirectory(prefix='fault-drill-') as workdir:
            account, slowest = run(DRILLS[key], workdir)
        report(DRILLS[key].__name__, account, slowest)


if __name__ == '__main__':
    main()
