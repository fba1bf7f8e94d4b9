"""Two real conductor processes on the real RabbitMQ and PostgreSQL."""

import os
import subprocess

import pytest

from ironic_lite.common import rpc
from ironic_lite.conductor import rpcapi
from tests import fixtures
from tests.functional.conductor import drills
from tests.functional import services

#: Short intervals so that failures are noticed within seconds.
FAST = {
    'heartbeat_interval': 1,
    'heartbeat_timeout': 4,
    'check_takeover_interval': 1,
    'check_provision_state_interval': 1,
    'sync_power_state_interval': 0,
}


@pytest.fixture
def rabbit_url():
    with services.rabbit_vhost() as url:
        yield url


@pytest.fixture
def deployment(tmp_path, conf, postgresql_url, rabbit_url):
    """Start conductors with ``deployment.start(host, **overrides)``; the
    test process gets an RPC client on the same broker and database."""
    subprocess.run([os.path.join(services.BIN, 'ironic-lite-dbsync'),
                    '--config-file', services.write_config(
                        str(tmp_path / 'db.conf'),
                        {'database': {'connection': postgresql_url}}),
                    'upgrade'], check=True, capture_output=True)

    class Deployment:
        processes = {}

        def config(self, host, fake=None, **default):
            sections = {
                'DEFAULT': dict({'host': host, 'transport_url': rabbit_url,
                                 'hash_ring_reset_interval': 1,
                                 'graceful_shutdown_timeout': 30,
                                 'state_path': str(tmp_path)}, **default),
                'database': {'connection': postgresql_url},
                'conductor': FAST,
                'fake': fake or {},
            }
            return services.write_config(str(tmp_path / ('%s.conf' % host)),
                                         sections)

        def start(self, host, fake=None, **default):
            service = services.Service(
                'ironic-lite-conductor', self.config(host, fake, **default),
                str(tmp_path / ('%s.log' % host))).start()
            self.processes[host] = service
            service.wait_for_log('serves RPC')
            return service

    dep = Deployment()
    conf.config(transport_url=rabbit_url, hash_ring_reset_interval=1)
    fixtures.use_database(conf, postgresql_url)
    conf.config(group='conductor', **FAST)
    rpc.init(conf.conf)
    dep.api = rpcapi.ConductorAPI()
    try:
        yield dep
    finally:
        for service in dep.processes.values():
            service.kill()
        rpc.cleanup()


@pytest.fixture
def drill(tmp_path, postgresql_url, rabbit_url):
    """``drill(heartbeat_timeout=N)``: a Deployment (see drills.py) with
    short intervals, its API started; everything stopped afterwards."""
    made = []

    def make(heartbeat_timeout):
        options = {
            'DEFAULT': {'hash_ring_reset_interval': 1,
                        'graceful_shutdown_timeout': 30,
                        'rpc_short_timeout': 2},
            'conductor': dict(FAST, heartbeat_timeout=heartbeat_timeout,
                              self_ping_interval=1, self_ping_failures=2,
                              worker_db_retry_timeout=120),
        }
        dep = drills.Deployment(str(tmp_path), postgresql_url, rabbit_url,
                                options, fake={'power_delay': 0.5,
                                               'deploy_delay': 1.5})
        made.append(dep)
        return dep

    yield make
    for dep in made:
        dep.stop()
