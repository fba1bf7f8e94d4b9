"""Measure a power state sync round over many emulated BMCs.

Starts N Redfish systems (one sushy-emulator) and N IPMI BMCs (one pyghmi
process), makes one node of the ``redfish`` and one of the ``ipmi``
hardware type per machine, and reads every node's power state through its
power interface (``task.driver.power.get_power_state``) with as many
threads as ``[conductor]sync_power_state_workers`` (default 8), the way
the conductor's power sync does. Prints, per round, the wall time and the
CPU it cost: in this process (sushy, threads), in its child processes
(one ipmitool per IPMI read) and in the emulators.

With ``--conductor`` the rounds are the conductor's own periodic task
instead (``ConductorManager._sync_power_states``: node list from a SQLite
database, a shared lock per node, the same worker count), run by an
in-process conductor.

Run from the repository root::

    python benchmarks/power_sync_bmcs.py [--redfish 200] [--ipmi 200]
        [--workers N] [--rounds 3] [--conductor]

Round 1 includes opening the cached Redfish sessions.
"""

import argparse
import concurrent.futures
import os
import resource
import sys
import tempfile
import time
import types

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

from ironic_lite.common import context  # noqa: E402
from ironic_lite.common import states  # noqa: E402
import ironic_lite.conf  # noqa: E402
from ironic_lite.drivers import factory  # noqa: E402
from ironic_lite import objects  # noqa: E402
from tools.emulators import IpmiBmcs  # noqa: E402
from tools.emulators import SushyEmulator  # noqa: E402

CONF = ironic_lite.conf.CONF
_TICK = os.sysconf('SC_CLK_TCK')


def _proc_cpu(pid):
    """CPU seconds (user + system) used so far by process ``pid``."""
    with open('/proc/%d/stat' % pid) as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


def _cpu(emulator_pids):
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime,
            sum(_proc_cpu(pid) for pid in emulator_pids))


def _measure(run_round, emulator_pids):
    before = _cpu(emulator_pids)
    start = time.monotonic()
    failed = run_round()
    wall = time.monotonic() - start
    after = _cpu(emulator_pids)
    return {'wall': wall, 'failed': failed,
            'cpu': [b - a for a, b in zip(before, after)]}


def _interface_round(pool, tasks):
    def read(task):
        try:
            return task.driver.power.get_power_state(task) in (
                states.POWER_ON, states.POWER_OFF)
        except Exception:
            return False
    return lambda: sum(1 for ok in pool.map(read, tasks) if not ok)


def _conductor_round(nodes):
    from ironic_lite.conductor import service
    svc = service.ConductorService(CONF.host)
    svc.start()
    ctx = context.get_admin_context()

    def run_round():
        svc.manager._sync_power_states(ctx)
        return sum(1 for n in objects.Node.list(ctx)
                   if n.maintenance or n.power_state not in (
                       states.POWER_ON, states.POWER_OFF))
    return run_round, svc


def _setup_conf(args, workdir):
    CONF([], project='ironic-lite', default_config_files=[])
    CONF.set_override('state_path', workdir)
    CONF.set_override('host', 'bench-host')
    CONF.set_override('sync_power_state_workers', args.workers,
                      group='conductor')
    if args.conductor:
        from tests import fixtures
        CONF.set_override('connection', fixtures.sqlite_url(workdir),
                          group='database')
        CONF.set_override('rpc_transport', 'none')
        for option in ('heartbeat_interval', 'check_takeover_interval',
                       'check_provision_state_interval'):
            CONF.set_override(option, 3600, group='conductor')
        CONF.set_override('sync_power_state_interval', 0, group='conductor')


def _nodes(args, sushy, bmcs):
    ctx = context.get_admin_context()
    infos = [('redfish', sushy.driver_info(i)) for i in range(args.redfish)]
    infos += [('ipmi', bmcs.driver_info(i)) for i in range(args.ipmi)]
    nodes = []
    for driver, info in infos:
        node = objects.Node(ctx, driver=driver, driver_info=info,
                            driver_internal_info={}, instance_info={},
                            provision_state=states.AVAILABLE,
                            power_state=states.POWER_OFF)
        factory.check_and_update_node_interfaces(node)
        if args.conductor:
            node.create()
        nodes.append(node)
    return nodes


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--redfish', type=int, default=200)
    parser.add_argument('--ipmi', type=int, default=200)
    parser.add_argument('--workers', type=int, default=None,
                        help='default: [conductor]sync_power_state_workers')
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--conductor', action='store_true',
                        help='run the conductor\'s own sync task')
    args = parser.parse_args(argv)
    objects.register_all()
    workdir = tempfile.mkdtemp(prefix='power-sync-bench-')
    if args.workers is None:
        CONF([], project='ironic-lite', default_config_files=[])
        args.workers = CONF.conductor.sync_power_state_workers
    _setup_conf(args, workdir)
    print('power state sync of %d redfish + %d ipmi nodes through %s: '
          '%d workers, %d CPUs' % (
              args.redfish, args.ipmi,
              'the conductor' if args.conductor else 'the power interfaces',
              args.workers, os.cpu_count()))
    t = time.monotonic()
    with SushyEmulator(count=max(args.redfish, 1)) as sushy, \
            IpmiBmcs(count=max(args.ipmi, 1)) as bmcs:
        print('emulators up in %.1f s' % (time.monotonic() - t))
        nodes = _nodes(args, sushy, bmcs)
        pids = [sushy.process.pid, bmcs.process.pid]
        svc = None
        if args.conductor:
            run_round, svc = _conductor_round(nodes)
        else:
            pool = concurrent.futures.ThreadPoolExecutor(args.workers)
            tasks = [types.SimpleNamespace(
                node=n, driver=factory.build_driver(n), shared=True)
                for n in nodes]
            run_round = _interface_round(pool, tasks)
        try:
            for i in range(1, args.rounds + 1):
                r = _measure(run_round, pids)
                total = len(nodes)
                print('round %d: %6.2f s (%5.1f ms/node), CPU: this process '
                      '%5.2f s, ipmitool %5.2f s, emulators %5.2f s%s'
                      % (i, r['wall'], 1000 * r['wall'] / total,
                         r['cpu'][0], r['cpu'][1], r['cpu'][2],
                         ', %d failed' % r['failed'] if r['failed'] else ''))
        finally:
            if svc is not None:
                svc.stop(drain=False)
    return 0


if __name__ == '__main__':
    sys.exit(main())
