"""Conductor RPC figures on this machine.

Usage: python benchmarks/conductor_rpc.py [calls]

1. Round trip of a bare oslo.messaging call over RabbitMQ (a server whose
   endpoint does nothing), the baseline.
2. Round trip of an ironic-lite conductor RPC call over RabbitMQ to a real
   ironic-lite-conductor process (get_driver_properties: the RPC path with
   the context and object serializers and the dispatcher, no DB), and of
   get_supported_boot_devices (adds a DB read of the node).
3. In the all-in-one mode (rpc_transport = none, SQLite): time from a
   power request for a fake-hardware node to the new state being in the DB.

Needs RabbitMQ and PostgreSQL on localhost (as the tests do).
"""

import os
import sqlite3
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(
    __file__))))

import oslo_messaging as messaging  # noqa: E402

from ironic_lite.common import context  # noqa: E402
from ironic_lite.common import rpc  # noqa: E402
from ironic_lite.common import states  # noqa: E402
from ironic_lite.conductor import rpcapi  # noqa: E402
import ironic_lite.conf  # noqa: E402
from ironic_lite import objects  # noqa: E402
from tests import fixtures  # noqa: E402
from tests.functional import services  # noqa: E402

CONF = ironic_lite.conf.CONF


def _report(name, samples):
    samples = sorted(samples)
    p99 = samples[min(len(samples) - 1, int(len(samples) * 0.99))]
    print('%-58s median %6.2f ms  p99 %6.2f ms  (%d calls)' % (
        name, statistics.median(samples) * 1000, p99 * 1000, len(samples)))
    return statistics.median(samples)


def _time(func, calls):
    for _ in range(20):
        func()
    samples = []
    for _ in range(calls):
        start = time.perf_counter()
        func()
        samples.append(time.perf_counter() - start)
    return samples


class Ping:
    target = messaging.Target(version='1.0')

    def ping(self, ctxt):
        return None


def bare_oslo_messaging(calls):
    server = messaging.get_rpc_server(
        rpc.TRANSPORT, messaging.Target(topic='bench', server='bench'),
        [Ping()], executor='threading')
    server.start()
    client = messaging.get_rpc_client(
        rpc.TRANSPORT, messaging.Target(topic='bench', server='bench'))
    try:
        return _report('bare oslo.messaging call', _time(
            lambda: client.call({}, 'ping'), calls))
    finally:
        server.stop()
        server.wait()


def conductor_calls(calls, tmp, db_url, transport_url):
    config = services.write_config(os.path.join(tmp, 'cond.conf'), {
        'DEFAULT': {'host': 'bench-conductor', 'transport_url': transport_url,
                    'state_path': tmp},
        'database': {'connection': db_url},
        'conductor': {'sync_power_state_interval': 0}})
    import subprocess
    subprocess.run([os.path.join(services.BIN, 'ironic-lite-dbsync'),
                    '--config-file', config, 'upgrade'], check=True,
                   capture_output=True)
    conductor = services.Service('ironic-lite-conductor', config,
                                 os.path.join(tmp, 'cond.log')).start()
    try:
        conductor.wait_for_log('serves RPC')
        api = rpcapi.ConductorAPI()
        ctx = context.get_admin_context()
        topic = api.get_topic_for_driver('fake-hardware')
        node = api.create_node(ctx, objects.Node(
            ctx, uuid='8e2f4bd8-5b8e-4a3b-9a4f-0d6f3f2b1c11',
            driver='fake-hardware', provision_state='enroll'), topic=topic)
        result = _report('ironic-lite RPC call (get_driver_properties)',
                         _time(lambda: api.get_driver_properties(
                             ctx, 'fake-hardware', topic=topic), calls))
        _report('ironic-lite RPC call with a DB read (boot devices)',
                _time(lambda: api.get_supported_boot_devices(
                    ctx, node.uuid, topic=topic), calls))
        return result
    finally:
        conductor.terminate()


def all_in_one_power(calls, tmp):
    from ironic_lite.conductor import service
    CONF.set_override('rpc_transport', 'none')
    CONF.set_override('connection', fixtures.sqlite_url(tmp),
                      group='database')
    CONF.set_override('sync_power_state_interval', 0, group='conductor')
    from ironic_lite.db.sqlalchemy import enginefacade
    enginefacade.reset()
    conductor = service.ConductorService('bench-aio')
    conductor.start()
    try:
        api = rpcapi.ConductorAPI()
        ctx = context.get_admin_context()
        node = api.create_node(ctx, objects.Node(
            ctx, uuid='0c1d6a3e-7a55-4a0e-9f55-6b0e8e6f7d21',
            driver='fake-hardware', provision_state='enroll',
            power_state=states.POWER_OFF))
        target = [states.POWER_ON]
        # Watch the row from a connection of its own, as another process
        # (an API) would, without loading objects in this one.
        watcher = sqlite3.connect(CONF.database.connection[len('sqlite:///'):])

        def power_change():
            api.change_node_power_state(ctx, node.uuid, target[0])
            while watcher.execute(
                    'SELECT power_state, reservation FROM nodes WHERE '
                    'uuid = ?', (node.uuid,)).fetchone() != (target[0],
                                                             None):
                time.sleep(0.0002)
            target[0] = (states.POWER_OFF if target[0] == states.POWER_ON
                         else states.POWER_ON)
        _report('all-in-one fake power change visible in the DB',
                _time(power_change, calls))
    finally:
        conductor.stop(drain=False)


def main(calls=500):
    CONF([], project='ironic-lite', default_config_files=[])
    objects.register_all()
    with tempfile.TemporaryDirectory() as tmp, \
            services.rabbit_vhost() as transport_url, \
            fixtures.server_database('postgresql') as db_url:
        CONF.set_override('transport_url', transport_url)
        CONF.set_override('connection', db_url, group='database')
        rpc.init(CONF)
        base = bare_oslo_messaging(calls)
        ours = conductor_calls(calls, tmp, db_url, transport_url)
        print('ratio ironic-lite / bare: %.2f' % (ours / base))
        rpc.cleanup()
        all_in_one_power(min(calls, 200), tmp)


if __name__ == '__main__':
    main(*(int(arg) for arg in sys.argv[1:]))
