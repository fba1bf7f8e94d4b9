"""A deployment of two releases side by side, as an operator runs it.

Two API and two conductor processes on the real RabbitMQ (a vhost of
their own) and a throwaway PostgreSQL or MariaDB database. Each process
runs one release: a released one (installed from its commit by
``tools/install-release.sh``) or the code of this tree (``NEW``), with or
without ``[DEFAULT]pin_release_version``. :meth:`Deployment.replace`
restarts one process on another release the way an operator does: an API
is taken out of the client's rotation first (what a load balancer does
after the healthcheck turns 503), then SIGTERM, then the new process, and
back into rotation once it answers.

Which releases the suite upgrades from is :data:`HOPS`; the releases it
needs are installed once per machine (``tools/install-release.sh`` keeps
them) and, when they are not yet, in the background from the start of the
test run (tests/upgrade/conftest.py).
"""

import concurrent.futures
import datetime
import json
import os
import re
import subprocess
import sys
import threading
import time

import requests
import sqlalchemy as sa

from ironic_lite.upgrade import release_mappings
from tests import docs
from tests.functional import services

REPO = docs.REPO
INSTALL_RELEASE = os.path.join(REPO, 'tools', 'install-release.sh')
#: The code of this tree: the release being upgraded to.
NEW = 'new'
NEW_BIN = os.path.dirname(sys.executable)
#: The configuration path the upgrade guide's commands name.
GUIDE_CONFIG = '/etc/ironic-lite/ironic-lite.conf'

#: Short intervals so that a step takes seconds, not minutes.
CONDUCTOR = {
    'heartbeat_interval': 1,
    'heartbeat_timeout': 10,
    'check_takeover_interval': 1,
    'check_provision_state_interval': 1,
    'sync_power_state_interval': 0,
}
#: fake-hardware takes a little time per operation, so that restarts
#: happen while operations run.
FAKE = {'power_delay': 0.2, 'deploy_delay': 0.3}
#: A 1.0 conductor sometimes logs that it stopped and never exits; a
#: service manager kills it after its stop timeout, this after so long.
STOPPED_BUT_RUNNING = 5


def release_names():
    """The releases listed in RELEASES.txt, oldest first."""
    with open(os.path.join(REPO, 'RELEASES.txt')) as f:
        names = [line.split()[0] for line in f
                 if line.strip() and not line.startswith('#')]
    return sorted(names, key=release_mappings.version_tuple)


def last_release():
    """The newest release listed in RELEASES.txt."""
    return release_names()[-1]


#: (from, to) of every upgrade the suite runs, as one chain on one
#: deployment: from the release before the last to the last, then from
#: the last to this tree (1.0 -> 2.0 -> NEW).
_CHAIN = release_names()[-2:] + [NEW]
HOPS = list(zip(_CHAIN, _CHAIN[1:]))


def releases_needed():
    """The released versions the suite runs, to install beforehand."""
    return sorted({r for hop in HOPS for r in hop if r != NEW})


def install_release(release):
    """The bin directory of ``release`` installed from its commit (once
    per machine, see tools/install-release.sh)."""
    out = subprocess.run([INSTALL_RELEASE, release], check=True,
                         capture_output=True, text=True, timeout=1800)
    return out.stdout.strip().splitlines()[-1]


def release_installed(release):
    """Whether ``release`` is installed already (nothing to wait for)."""
    return subprocess.run([INSTALL_RELEASE, '--installed', release],
                          capture_output=True).returncode == 0


def prepare_releases():
    """Start installing the releases the suite needs that are not yet;
    returns the installer process, or None when all are there.

    The installs run one after the other in the background, their output
    in each install's log; :func:`install_release` waits for them (a
    lock) and reports an error.
    """
    missing = [r for r in releases_needed() if not release_installed(r)]
    if not missing:
        return None
    return subprocess.Popen(
        ' && '.join('%s %s' % (INSTALL_RELEASE, r) for r in missing),
        shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        start_new_session=True)


class Process:
    """One service process: its role, name, release and pin."""

    def __init__(self, deployment, role, name, release, pin):
        self.deployment = deployment
        self.role = role            # 'api' or 'conductor'
        self.name = name
        self.release = release
        self.pin = pin
        self.service = None

    @property
    def label(self):
        pin = ' pinned to %s' % self.pin if self.pin else ''
        return '%s(%s%s)' % (self.name, self.release, pin)

    def start(self):
        dep = self.deployment
        command = os.path.join(dep.bin_dir(self.release),
                               'ironic-lite-' + self.role)
        config = dep.config(self.name, self.pin)
        log = os.path.join(dep.workdir, '%s.log' % self.name)
        with open(log, 'a') as f:
            f.write('\n===== %s starting %s =====\n' % (
                time.strftime('%H:%M:%S'), self.label))
        self.service = services.Service(command, config, log).start()
        return self

    def wait_ready(self, timeout=60):
        if self.role == 'conductor':
            self.service.wait_for_log('serves RPC', timeout)
            return
        self.service.wait_for_log('serving on', timeout)
        url = self.deployment.api_urls[self.name]
        deadline = time.monotonic() + timeout
        while True:
            try:
                if requests.get(url + '/v1', timeout=5).status_code == 200:
                    return
            except requests.RequestException:
                pass
            if time.monotonic() > deadline:
                raise AssertionError('%s does not answer' % self.label)
            time.sleep(0.1)

    def stop(self, timeout=60):
        """SIGTERM and wait for a clean exit.

        A 1.0 conductor sometimes logs that it stopped (its work handed
        back, its queue released) and then never exits; an operator's
        service manager kills it after its stop timeout, and so does
        this, :data:`STOPPED_BUT_RUNNING` seconds after the log says so,
        noting it. Any other hang or exit code fails the test.
        """
        process = self.service.process
        process.terminate()
        stopped = 'Conductor %s stopped' % self.name
        deadline = time.monotonic() + timeout
        stopped_at = None
        while process.poll() is None:
            now = time.monotonic()
            if (stopped_at is None and self.release == '1.0' and
                    self.role == 'conductor' and
                    stopped in self.service.own_log()):
                stopped_at = now
            if stopped_at and now > stopped_at + STOPPED_BUT_RUNNING:
                self.service.kill()
                self.deployment.note('%s did not exit %d s after it '
                                     'stopped; killed' % (
                                         self.label, STOPPED_BUT_RUNNING))
                return
            if now > deadline:
                raise AssertionError('%s did not exit within %d s:\n%s' % (
                    self.label, timeout, self.service.own_log()[-5000:]))
            time.sleep(0.1)
        code = process.returncode
        assert code == 0, '%s exited %s:\n%s' % (
            self.label, code, self.service.own_log()[-5000:])


class Rotation:
    """The APIs a client may use, as a load balancer would see them:
    ``drain`` takes one out and waits for its requests in flight."""

    def __init__(self):
        self._cond = threading.Condition()
        self._urls = []
        self._in_flight = {}
        self._turn = 0

    def add(self, url):
        with self._cond:
            if url not in self._urls:
                self._urls.append(url)
            self._in_flight.setdefault(url, 0)

    def drain(self, url, timeout=60):
        with self._cond:
            self._urls.remove(url)
            assert self._urls, 'no API left in the rotation'
            if not self._cond.wait_for(lambda: not self._in_flight[url],
                                       timeout):
                raise AssertionError('requests to %s did not finish' % url)

    def acquire(self, avoid=None):
        with self._cond:
            urls = [u for u in self._urls if u != avoid] or self._urls
            self._turn += 1
            url = urls[self._turn % len(urls)]
            self._in_flight[url] += 1
            return url

    def release(self, url):
        with self._cond:
            self._in_flight[url] -= 1
            self._cond.notify_all()


class Deployment:
    """Two APIs and two conductors of any mix of releases.

    :param bin_dirs: {release: bin directory} of the released versions it
        may run (the tree's code is :data:`NEW`).
    :param pin_option: (section, option) that pins a service, as the
        upgrade guide writes it.
    """

    API_NAMES = ('api-1', 'api-2')
    CONDUCTOR_NAMES = ('cond-1', 'cond-2')

    def __init__(self, workdir, db_url, rabbit_url, bin_dirs,
                 pin_option=('DEFAULT', 'pin_release_version')):
        self.workdir = workdir
        self.db_url = db_url
        self.rabbit_url = rabbit_url
        self.bin_dirs = dict(bin_dirs, **{NEW: NEW_BIN})
        self.pin_option = pin_option
        self.api_urls = {name: 'http://127.0.0.1:%d' % services.free_port()
                         for name in self.API_NAMES}
        self.processes = {}
        self.rotation = Rotation()
        self.step = 'setup'
        self.log = []
        self.engine = sa.create_engine(db_url)

    def bin_dir(self, release):
        return self.bin_dirs[release]

    # --- configuration and commands ---

    def config(self, name, pin=None):
        state = os.path.join(self.workdir, name)
        os.makedirs(state, exist_ok=True)
        default = {'host': name, 'transport_url': self.rabbit_url,
                   'state_path': state, 'hash_ring_reset_interval': 1,
                   'graceful_shutdown_timeout': 10,
                   # One key for every service, as on every host of a
                   # deployment (each state_path would make its own).
                   'driver_info_key_file': os.path.join(
                       self.workdir, 'driver_info.key')}
        sections = {'DEFAULT': default,
                    'database': {'connection': self.db_url},
                    'conductor': CONDUCTOR, 'fake': FAKE}
        if name in self.api_urls:
            sections['api'] = {
                'host_ip': '127.0.0.1',
                'port': self.api_urls[name].rsplit(':', 1)[1],
                'healthcheck_disable_file': os.path.join(state, 'drain'),
                'fleet_heartbeat_interval': 1}
        if pin:
            section, option = self.pin_option
            sections.setdefault(section, {})[option] = pin
        return services.write_config(
            os.path.join(self.workdir, '%s.conf' % name), sections)

    def _ran(self, release, what, result, check):
        self.note('%s %s -> %s %s' % (
            release, what, result.returncode,
            (result.stdout + result.stderr).strip()[-300:]))
        if check:
            assert result.returncode == 0, (result.stdout, result.stderr)
        return result

    def run(self, release, command, *args, pin=None, check=True):
        """Run ``ironic-lite-<command>`` of ``release``; the result."""
        path = os.path.join(self.bin_dir(release), 'ironic-lite-' + command)
        config = self.config('tools', pin)
        result = subprocess.run([path, '--config-file', config] + list(args),
                                capture_output=True, text=True, timeout=300)
        return self._ran(release, '%s %s' % (command, ' '.join(args)),
                         result, check)

    def run_shell(self, release, script, check=True):
        """Run a shell block of the upgrade guide with ``release``'s
        commands first on PATH and the guide's config path meaning the
        deployment's; the result."""
        env = dict(os.environ, PATH=self.bin_dir(release) + os.pathsep +
                   os.environ['PATH'])
        script = script.replace(GUIDE_CONFIG, self.config('tools'))
        result = subprocess.run(['bash', '-c', script], capture_output=True,
                                text=True, timeout=600, env=env,
                                cwd=self.workdir)
        first = script.strip().splitlines()[0]
        return self._ran(release, first[:60], result, check)

    def run_sql(self, text):
        """Run the statements of a SQL block on the database."""
        statements = docs.sql_statements(text)
        with self.engine.begin() as conn:
            for statement in statements:
                conn.execute(sa.text(statement))
        self.note('ran %s' % '; '.join(statements))

    def old_release_defect(self, failure):
        """True for a failure that comes from a defect of the old release
        that a deployment of the old release alone has as well, and that
        this tree fixed: a 1.0 conductor takes another one that stops
        gracefully for dead and breaks the locks it still works under,
        failing the node (fixed in 2.0: only a silent conductor is dead).
        """
        found = re.search(r'its lock was broken by (\S+)\.$', failure)
        breaker = found and self.processes.get(found.group(1))
        return bool(breaker) and breaker.release == '1.0'

    def note(self, text):
        self.log.append('[%s] %s' % (self.step, text))

    # --- processes ---

    def start(self, layout):
        """Start ``{name: (release, pin)}`` in parallel; wait for all."""
        procs = []
        for name, (release, pin) in layout.items():
            role = 'api' if name in self.api_urls else 'conductor'
            proc = Process(self, role, name, release, pin)
            self.processes[name] = proc
            procs.append(proc)
        # Conductors one after the other: two registering at the same
        # moment can deadlock on MariaDB and the loser exits. The APIs
        # start meanwhile.
        for proc in sorted(procs, key=lambda p: p.role != 'api'):
            proc.start()
            if proc.role == 'conductor':
                proc.wait_ready()
        for proc in procs:
            proc.wait_ready()
        for proc in procs:
            if proc.role == 'api':
                self.rotation.add(self.api_urls[proc.name])
        self.wait_for_conductors()

    def replace(self, name, release, pin=None):
        """Restart one process on ``release`` the way an operator does."""
        old = self.processes[name]
        started = time.monotonic()
        if old.role == 'api':
            url = self.api_urls[name]
            drain_file = os.path.join(self.workdir, name, 'drain')
            open(drain_file, 'w').close()
            assert requests.get(url + '/healthcheck',
                                timeout=10).status_code == 503
            self.rotation.drain(url)
            old.stop()
            os.unlink(drain_file)
        else:
            old.stop()
        new = Process(self, old.role, name, release, pin).start()
        self.processes[name] = new
        new.wait_ready()
        if new.role == 'api':
            self.rotation.add(self.api_urls[name])
        else:
            self.wait_for_conductors()
        self.note('%s -> %s in %.1f s' % (old.label, new.label,
                                          time.monotonic() - started))

    def wait_for_conductors(self, timeout=30):
        """Until every API's hash ring can have seen every conductor."""
        names = set(self.CONDUCTOR_NAMES) & set(self.processes)
        deadline = time.monotonic() + timeout
        while True:
            with self.engine.connect() as conn:
                online = {row[0] for row in conn.execute(sa.text(
                    'SELECT hostname FROM conductors WHERE online = :t'),
                    {'t': True})}
            if names <= online:
                break
            if time.monotonic() > deadline:
                raise AssertionError('conductors online: %s' % online)
            time.sleep(0.2)
        time.sleep(1.5)   # one hash_ring_reset_interval and some

    def wait_unpinned(self, api_max, timeout=60):
        """Until every process records in the database that it speaks its
        own release's versions (no pin: conductors at each heartbeat,
        APIs in api_services) and every API advertises ``api_max``.

        :returns: {process: seconds from the finalized_releases row being
            written to the first time it was seen so}, both by the
            database's clock.
        """
        from ironic_lite.db.sqlalchemy import enginefacade
        seen = {}
        deadline = time.monotonic() + timeout
        with self.engine.connect() as conn:
            since = conn.execute(sa.text(
                'SELECT MAX(created_at) FROM finalized_releases')).scalar()
        while True:
            with self.engine.connect() as conn:
                now = conn.execute(sa.select(enginefacade.utcnow())).scalar()
                conductors = conn.execute(sa.text(
                    'SELECT hostname, pin_release_version FROM conductors '
                    'WHERE online = :t'), {'t': True}).all()
                apis = conn.execute(sa.text(
                    'SELECT name, pin_release_version FROM api_services'
                )).all()
            elapsed = (now - since).total_seconds()
            for host, pin in conductors:
                if pin is None and host in self.processes:
                    seen.setdefault(host, elapsed)
            for name, pin in apis:
                host = name.split(':')[0]
                if (pin is None and host in self.api_urls and
                        host not in seen and requests.get(
                            self.api_urls[host] + '/v1', timeout=5).headers[
                            'X-OpenStack-Ironic-API-Maximum-Version']
                        == api_max):
                    seen[host] = elapsed
            if set(self.processes) <= set(seen):
                return seen
            if time.monotonic() > deadline:
                raise AssertionError('still pinned after %d s: %s' % (
                    timeout, sorted(set(self.processes) - set(seen))))
            time.sleep(0.1)

    def unpinned_at(self):
        """{process: seconds from the finalized_releases row being written
        to the moment the process logged that its pin went to none},
        for the processes that did (the logs and the database share this
        machine's clock)."""
        with self.engine.connect() as conn:
            since = conn.execute(sa.text(
                'SELECT MAX(created_at) FROM finalized_releases')).scalar()
        found = {}
        for name, proc in self.processes.items():
            moves = re.findall(r'^(\S+ \S+) .* Pin changes from \S+ to none',
                               proc.service.own_log(), re.M)
            if moves:
                at = datetime.datetime.strptime(
                    moves[-1], '%Y-%m-%d %H:%M:%S.%f').astimezone(
                    datetime.timezone.utc).replace(tzinfo=None)
                found[name] = (at - since).total_seconds()
        return found

    def stop_all(self):
        def stop(proc):
            try:
                proc.service.terminate(timeout=60)
            except Exception:
                proc.service.kill()
        with concurrent.futures.ThreadPoolExecutor(4) as pool:
            list(pool.map(stop, self.processes.values()))
        self.engine.dispose()

    def layout(self):
        return ' '.join(self.processes[n].label for n in sorted(
            self.processes))

    # --- the database as the services left it ---

    def rows_with_text(self, table, column, text):
        """How many rows of ``table`` hold ``text`` in ``column``."""
        with self.engine.connect() as conn:
            return conn.execute(sa.text(
                'SELECT COUNT(*) FROM %s WHERE %s LIKE :t' % (table, column)),
                {'t': '%' + text + '%'}).scalar()

    def row_versions(self):
        """{table: {version: count}} of every versioned table."""
        from ironic_lite.db.sqlalchemy import models
        out = {}
        with self.engine.connect() as conn:
            tables = set(sa.inspect(conn).get_table_names())
            for obj_name, model in models.VERSIONED_MODELS.items():
                if model.__tablename__ not in tables:
                    continue
                rows = conn.execute(sa.text(
                    'SELECT version, COUNT(*) FROM %s GROUP BY version'
                    % model.__tablename__)).all()
                out[obj_name] = {v: c for v, c in rows}
        return out


def error_text(response):
    """The faultstring of an API error, or the body."""
    try:
        return json.loads(response.json()['error_message'])['faultstring']
    except (ValueError, KeyError, TypeError):
        return response.text[:300]


def beside_release_1_0(dep):
    """A conductor of release 1.0 ('cond-1') next to an API and a
    conductor ('api-1', 'cond-2') of the release after it in the upgrade
    chain (2.0, or this tree until 2.0 is cut), pinned to 1.0: the fleet
    of a method 1.0 lacks. As in step 2 of the upgrade guide, the old
    conductor starts on its own schema (1.0 refuses a newer revision at
    start), then the schema is upgraded under it. Returns the API's URL.
    """
    old, new = HOPS[0]
    assert old == '1.0'
    dep.run(old, 'dbsync', 'upgrade')
    dep.start({'cond-1': (old, None)})
    dep.run(new, 'dbsync', 'upgrade')
    dep.start({'api-1': (new, old), 'cond-2': (new, old)})
    return dep.api_urls['api-1']
