"""Measure reading the power state of many emulated BMCs.

Starts N Redfish systems (one sushy-emulator) and N IPMI BMCs (one pyghmi
process), then reads every machine's power state with a thread pool, the
way a conductor's power-state sync does, and prints per protocol the wall
time of each full round and the CPU it cost: in this process (sushy,
threads), in its child processes (one ipmitool per IPMI read) and in the
emulators.

Run from the repository root::

    python benchmarks/power_sync_bmcs.py [--redfish 200] [--ipmi 200]
        [--workers 8] [--rounds 3] [--redfish-auth]

Round 1 of Redfish includes opening the cached connections.
"""

import argparse
import concurrent.futures
import os
import resource
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

from ironic_lite.drivers.modules.ipmitool import command  # noqa: E402
from ironic_lite.drivers.modules.redfish import utils  # noqa: E402
from tools.emulators import IpmiBmcs  # noqa: E402
from tools.emulators import SushyEmulator  # noqa: E402

_TICK = os.sysconf('SC_CLK_TCK')


def _proc_cpu(pid):
    """CPU seconds (user + system) used so far by process ``pid``."""
    with open('/proc/%d/stat' % pid) as f:
        fields = f.read().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / _TICK


def _own_cpu():
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (me.ru_utime + me.ru_stime, kids.ru_utime + kids.ru_stime)


def _round(pool, read, infos, emulator_pid):
    cpu0, kids0 = _own_cpu()
    emu0 = _proc_cpu(emulator_pid)
    start = time.monotonic()
    states = list(pool.map(read, infos))
    wall = time.monotonic() - start
    cpu1, kids1 = _own_cpu()
    emu1 = _proc_cpu(emulator_pid)
    return {'wall': wall, 'cpu': cpu1 - cpu0, 'children': kids1 - kids0,
            'emulator': emu1 - emu0, 'states': states}


def _report(name, rounds, count):
    print('%s: %d machines' % (name, count))
    for i, r in enumerate(rounds, 1):
        bad = sum(1 for s in r['states'] if s not in ('power on',
                                                      'power off'))
        print('  round %d: %6.2f s wall (%5.1f ms/machine), CPU: '
              'this process %5.2f s, children %5.2f s, emulator %5.2f s'
              '%s' % (i, r['wall'], 1000 * r['wall'] / count, r['cpu'],
                      r['children'], r['emulator'],
                      ', %d failed' % bad if bad else ''))


def _safe(read):
    def call(info):
        try:
            return read(info)
        except Exception as exc:  # report, do not stop the round
            return repr(exc)
    return call


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--redfish', type=int, default=200)
    parser.add_argument('--ipmi', type=int, default=200)
    parser.add_argument('--workers', type=int, default=8)
    parser.add_argument('--rounds', type=int, default=3)
    parser.add_argument('--redfish-auth', action='store_true')
    args = parser.parse_args(argv)
    print('power state sync: %d workers, %d rounds, %d CPUs'
          % (args.workers, args.rounds, os.cpu_count()))
    pool = concurrent.futures.ThreadPoolExecutor(args.workers)

    if args.redfish:
        auth = ({'username': 'admin', 'password': 'bench-pw'}
                if args.redfish_auth else {})
        t = time.monotonic()
        with SushyEmulator(count=args.redfish, **auth) as emulator:
            print('sushy-emulator with %d systems up in %.1f s'
                  % (args.redfish, time.monotonic() - t))
            infos = [utils.parse_driver_info(emulator.driver_info(i))
                     for i in range(args.redfish)]
            rounds = [_round(pool, _safe(utils.get_power_state), infos,
                             emulator.process.pid)
                      for _ in range(args.rounds)]
            _report('redfish', rounds, args.redfish)
        utils.clear_connection_cache()

    if args.ipmi:
        t = time.monotonic()
        with IpmiBmcs(count=args.ipmi) as bmcs:
            print('%d pyghmi BMCs up in %.1f s (one process, %.1f MiB RSS)'
                  % (args.ipmi, time.monotonic() - t,
                     _rss_mib(bmcs.process.pid)))
            infos = [command.parse_driver_info(bmcs.driver_info(i))
                     for i in range(args.ipmi)]
            rounds = [_round(pool, _safe(command.get_power_state), infos,
                             bmcs.process.pid)
                      for _ in range(args.rounds)]
            _report('ipmi', rounds, args.ipmi)
    pool.shutdown()
    return 0


def _rss_mib(pid):
    with open('/proc/%d/status' % pid) as f:
        for line in f:
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) / 1024
    return 0.0


if __name__ == '__main__':
    sys.exit(main())
