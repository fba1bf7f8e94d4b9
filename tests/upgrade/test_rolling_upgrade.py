"""The rolling upgrade from the last release to this tree, for real.

Two APIs and two conductors, each a process of the last release (FromVer,
installed from its commit) or of this tree (ToVer), on the real RabbitMQ
and PostgreSQL (MariaDB for the rollback), go through the operator's
sequence of doc/upgrade.md one process at a time while background clients
keep reading and writing their own nodes through the APIs. The guide's
commands and SQL are read from it and run at their step. At every step the
test writes nodes through one API and reads them through the other (so
through the other release too), drives power and provisioning, and looks
at the rows in the database. The clients must see no failed call at all.

Steps carry the guide's numbers (those of the rolling-upgrade spec): 0,
2 (schema), 4.1-5.2 (pinned), 6.1-6.4 (unpinned), 7 (online data
migrations); R.1-R.4 put the old release back.
"""

import collections
import contextlib
import re
import time

from ironic_lite.upgrade import release_mappings
from tests import docs
from tests.upgrade import client as client_mod
from tests.upgrade import deployment as dep_mod
from tests.upgrade.deployment import NEW

GUIDE = 'doc/upgrade.md'
NEW_MAPPING = release_mappings.RELEASE_MAPPING['master']


def _version_tuple(version):
    return release_mappings.version_tuple(version)


def _mapping(release):
    return NEW_MAPPING if release == NEW else (
        release_mappings.RELEASE_MAPPING[release])


class Checker:
    """What the test verifies at each step, through each API, while the
    deployment goes from release ``old`` to ``new``."""

    def __init__(self, dep, old, new=NEW):
        self.dep = dep
        self.client = client_mod.Client(dep)
        self.old = _mapping(old)
        self.new_release = new
        self.new = _mapping(new)
        #: {uuid: {field: value}} every node the checks wrote and kept.
        self.kept = {}
        self.seq = 0
        self.timings = {}

    def urls(self):
        return [self.dep.api_urls[n] for n in self.dep.API_NAMES
                if n in self.dep.processes]

    def _unpinned_new(self, proc):
        return proc.release == self.new_release and not proc.pin

    def step(self, step):
        started = time.monotonic()
        self.dep.step = step
        self.cross_release_nodes(step)
        self.nothing_lost()
        self.api_versions()
        self.row_versions()
        self.new_release_features(step)
        self.timings[step] = time.monotonic() - started

    def cross_release_nodes(self, step):
        """Create through one API, patch through the other, read through
        both; power and provisioning on the node too."""
        c = self.client
        urls = self.urls()
        for writer, reader in zip(urls, urls[1:] + urls[:1]):
            self.seq += 1
            name = 'check-%s-%d' % (step.replace('.', '-'), self.seq)
            node = c.create_node(
                name, url=writer, extra={'step': step},
                properties={'cpus': 2, 'memory_mb': 1024},
                driver_info={'fake_username': 'admin',
                             'fake_password': 'secret-%d' % self.seq})
            ident = node['uuid']
            c.call('PATCH', '/v1/nodes/%s' % ident,
                   [{'op': 'add', 'path': '/extra/patched_by',
                     'value': reader},
                    {'op': 'replace', 'path': '/properties/cpus',
                     'value': 4}], url=reader)
            expected = {'name': name, 'driver': 'fake-hardware',
                        'extra': {'step': step, 'patched_by': reader},
                        'properties': {'cpus': 4, 'memory_mb': 1024},
                        'driver_info': {'fake_username': 'admin',
                                        'fake_password': '******'}}
            for url in (writer, reader):
                self.assert_node(c.get_node(ident, url=url), expected, url)
            c.power(ident, 'power on', url=reader)
            c.provision(ident, 'manage', 'manageable', url=writer)
            expected.update(power_state='power on',
                            provision_state='manageable')
            for url in (writer, reader):
                self.assert_node(c.get_node(ident, url=url), expected, url)
            self.kept[ident] = expected

        # One throwaway node per step, deleted through the other API.
        node = c.create_node('gone-%s' % step.replace('.', '-'), url=urls[0])
        c.call('DELETE', '/v1/nodes/%s' % node['uuid'], expect=(204,),
               url=urls[-1])
        for url in urls:
            c.call('GET', '/v1/nodes/%s' % node['uuid'], expect=(404,),
                   url=url)

    def assert_node(self, node, expected, url):
        got = {k: node.get(k) for k in expected}
        assert got == expected, '%s via %s in step %s' % (
            node['uuid'], url, self.dep.step)

    def nothing_lost(self):
        """Every node written by any earlier step reads back the same
        through every API."""
        for url in self.urls():
            listed = {n['uuid'] for n in self.client.call(
                'GET', '/v1/nodes?limit=1000', url=url).json()['nodes']}
            assert set(self.kept) <= listed, url
            for ident, expected in self.kept.items():
                self.assert_node(self.client.get_node(ident, url=url),
                                 expected, url)

    def api_versions(self):
        """While any API is old or pinned, every API advertises the old
        release's maximum and refuses versions above it (the new ones learn
        of each other through api_services within a heartbeat); once all
        are new and unpinned, all advertise the new maximum."""
        pinned_max = self.old['api']
        above = '1.%d' % (_version_tuple(pinned_max)[1] + 1)
        apis = [self.dep.processes[name] for name in self.dep.API_NAMES]
        held = not all(self._unpinned_new(proc) for proc in apis)
        expected = pinned_max if held else self.new['api']
        for name in self.dep.API_NAMES:
            proc = self.dep.processes[name]
            url = self.dep.api_urls[name]
            deadline = time.monotonic() + 5
            while True:
                resp = self.client.call('GET', '/v1', url=url)
                advertised = resp.headers[
                    'X-OpenStack-Ironic-API-Maximum-Version']
                if advertised == expected or time.monotonic() > deadline:
                    break
                time.sleep(0.2)
            self.dep.note('%s advertises max %s' % (proc.label, advertised))
            assert advertised == expected, proc.label
            if held:
                self.client.call('GET', '/v1/nodes', expect=(406,), url=url,
                                 version=above)

    def new_release_features(self, step):
        """What the new release offers once every API is new and
        unpinned (before, the fleet serves the old maximum): the fields of
        the newest microversion, written through one API and read through
        every API, and the fleet as /v1/conductors shows it."""
        new_max = self.new['api']
        unpinned = [n for n in self.dep.API_NAMES
                    if self._unpinned_new(self.dep.processes[n])]
        if (len(unpinned) < len(self.dep.API_NAMES) or
                _version_tuple(new_max) < (1, 51)):
            return
        c = self.client
        writer = self.dep.api_urls[unpinned[0]]
        fields = {'description': 'rack %s' % step, 'owner': 'tenant-a',
                  'automated_clean': False}
        node = c.call('POST', '/v1/nodes', dict(
            {'name': 'new-%s' % step.replace('.', '-'),
             'driver': 'fake-hardware'}, **fields), expect=(201,),
            url=writer, version=new_max).json()
        c.call('PATCH', '/v1/nodes/%s' % node['uuid'],
               [{'op': 'replace', 'path': '/description',
                 'value': 'moved %s' % step}], url=writer, version=new_max)
        fields['description'] = 'moved %s' % step
        for name in self.dep.API_NAMES:
            url = self.dep.api_urls[name]
            got = c.call('GET', '/v1/nodes/%s' % node['uuid'],
                         url=url, version=new_max).json()
            assert {k: got.get(k) for k in fields} == fields, name
        # The conductors were unpinned before any API (steps 6.1, 6.2).
        self.unpinned_conductors(writer)

    def unpinned_conductors(self, url):
        """GET /v1/conductors?detail=true (1.49), as the guide shows it:
        every conductor alive on the new release, unpinned."""
        conductors = self.client.call(
            'GET', '/v1/conductors?detail=true', url=url,
            version=self.new['api']).json()['conductors']
        fleet = {cd['hostname']: cd for cd in conductors if cd['alive']}
        release = (release_mappings.CURRENT_RELEASE
                   if self.new_release == NEW else self.new_release)
        for name in self.dep.CONDUCTOR_NAMES:
            assert (fleet[name]['release_version'],
                    fleet[name]['pin_release_version']) == (
                release, None), fleet[name]

    def row_versions(self):
        """Until the first service is unpinned every row is written in
        the old release's versions, so the old release can read it."""
        versions = self.dep.row_versions()
        self.dep.note('row versions %s' % versions)
        if not any(self._unpinned_new(p)
                   for p in self.dep.processes.values()):
            for obj_name, counts in versions.items():
                writes = self.old['objects'][obj_name][0]
                assert set(counts) <= {writes}, (obj_name, counts)


def _start_old(dep, old):
    """Step 0: FromVer everywhere, its own migrations done; returns the
    schema revision its ``ironic-lite-dbsync version`` prints."""
    dep.step = '0'
    dep.run(old, 'dbsync', 'upgrade')
    dep.run(old, 'dbsync', 'online_data_migrations')
    revision = dep.run(old, 'dbsync', 'version').stdout.strip()
    dep.start({name: (old, None)
               for name in dep.CONDUCTOR_NAMES + dep.API_NAMES})
    return revision


def _start_load(dep, clients=2, first=0):
    loads = [client_mod.Load(dep, i) for i in range(first, first + clients)]
    for load in loads:
        load.start()
    return loads


def _stop_load(loads):
    for load in loads:
        load.stopping.set()
    for load in loads:
        load.join(120)
        assert not load.is_alive()


def _report(dep, checker, loads, started):
    calls, failures, known = {}, [], []
    retries = collections.Counter()
    for c in [checker.client] + [load.client for load in loads]:
        retries.update(c.retries)
        for step, n in c.calls.items():
            calls[step] = calls.get(step, 0) + n
        failures += c.failures
        known += c.known
    failed, old_defect = collections.Counter(), collections.Counter()
    failed.update(step for step, _ in failures)
    old_defect.update(step for step, _ in known)
    lines = ['%-8s calls %5d  failed %d  (old release defect %d)  '
             'retried %d  check %.1f s' % (
                 step, calls[step], failed[step], old_defect[step],
                 retries[step], checker.timings.get(step, 0))
             for step in calls]
    lines += ['old release defect in %s: %s' % k for k in known]
    lines.append('total %.1f s; load rounds %s' % (
        time.monotonic() - started, [load.rounds for load in loads]))
    print('\n'.join(['', 'steps (%s):' % dep.layout()] + lines + dep.log))
    return failures


#: (step, process) of the operator's sequence after the schema upgrade:
#: conductors, then APIs, on the new release pinned to the old one; then
#: the pin removed, conductors first.
PINNED_STEPS = [('4.1', 'cond-1'), ('4.2', 'cond-2'),
                ('5.1', 'api-1'), ('5.2', 'api-2')]
UNPIN_STEPS = [('6.1', 'cond-1'), ('6.2', 'cond-2'),
               ('6.3', 'api-1'), ('6.4', 'api-2')]


def _replace(dep, checker, steps, release, pin=None):
    for step, name in steps:
        dep.step = step
        dep.replace(name, release, pin=pin)
        checker.step(step)


@contextlib.contextmanager
def _pinned_under_load(dep, old, outcome, quiet_schema_upgrade=False):
    """Step 0 to 5.2 under load: the old release everywhere, the new
    schema, then every process on the new release pinned to the old.
    Yields the Checker; the load runs until the block ends, and
    ``outcome`` gets 'failures' (what failed) and 'revisions' (the schema
    revision at step 0 and after step 2). With ``quiet_schema_upgrade``
    the clients pause while the schema changes.
    """
    started = time.monotonic()
    revisions = outcome['revisions'] = {'0': _start_old(dep, old)}
    checker = Checker(dep, old)
    loads = _start_load(dep)
    try:
        checker.step('0')
        # 2. The new schema while the old services run, as the guide says.
        dep.step = '2'
        if quiet_schema_upgrade:
            _stop_load(loads)
        schema = dep.run_shell(NEW, docs.block(GUIDE, 'schema-upgrade'))
        revisions['2'] = schema.stdout.strip().splitlines()[-1]
        if quiet_schema_upgrade:
            loads += _start_load(dep, first=len(loads))
        checker.step('2')
        # 3-5. The new release pinned to the old, one process at a time.
        _replace(dep, checker, PINNED_STEPS, NEW, pin=old)
        yield checker
    finally:
        _stop_load(loads)
        outcome['failures'] = _report(dep, checker, loads, started)


def _status(dep, expect, pin=None):
    result = dep.run(NEW, 'status', 'upgrade', 'check', pin=pin,
                     check=False)
    assert result.returncode == expect, result.stdout + result.stderr
    return result


def _assert_no_failures(outcome):
    failures = outcome['failures']
    assert not failures, '\n'.join('%s: %s' % f for f in failures)


def _where_you_stand(dep, checker, head):
    """The commands of the guide's "Where you stand" table once the
    upgrade is complete: each says that nothing is left to do."""
    commands = docs.table_commands(GUIDE, '## Where you stand at any moment')
    assert commands
    config = dep.config('tools')
    for command in commands:
        if command.startswith('GET '):
            assert command == 'GET /v1/conductors?detail=true', command
            checker.unpinned_conductors(dep.api_urls['api-1'])
            continue
        args = docs.argv(command, F=config)
        result = dep.run_shell(NEW, ' '.join(args))
        if args[-1] == 'version':
            assert result.stdout.strip() == head, result.stdout


def test_rolling_upgrade_postgresql(pg_deployment):
    dep = pg_deployment
    (old, _new), = dep_mod.HOPS
    outcome = {}
    with _pinned_under_load(dep, old, outcome) as checker:
        # Pinned, every row is as the old release writes it: BMC
        # passwords in clear. ironic-lite-status says so with a warning.
        assert dep.rows_with_text('nodes', 'driver_info', 'secret-')
        _status(dep, expect=1, pin=old)
        # 6. Unpin, conductors first; the status check warns that online
        # migrations are pending.
        _replace(dep, checker, UNPIN_STEPS, NEW)
        dep.step = '6.4'
        status = dep.run_shell(NEW, docs.block(GUIDE, 'status-unpinned'),
                               check=False)
        assert status.returncode == 1, status.stdout + status.stderr
        assert 'online data migrations pending' in re.sub(
            r'[\s|]+', ' ', status.stdout)
        # 7. Online data migrations while the load goes on: one small
        # batch, then the guide's loop until done.
        dep.step = '7'
        batch = dep.run(NEW, 'dbsync', 'online_data_migrations',
                        '--max-count', '10', check=False)
        assert batch.returncode in (0, 1), batch.stderr
        migrated = dep.run_shell(NEW, docs.block(GUIDE, 'online-migrations'))
        assert 'All online data migrations are done.' in migrated.stdout
        assert 'another key' not in migrated.stdout + migrated.stderr
        checker.step('7')
    _assert_no_failures(outcome)

    for obj_name, counts in dep.row_versions().items():
        assert set(counts) <= {NEW_MAPPING['objects'][obj_name][0]}, (
            obj_name, counts)
    # Every BMC password written in clear while pinned is now encrypted.
    assert not dep.rows_with_text('nodes', 'driver_info', 'secret-')
    _where_you_stand(dep, checker, outcome['revisions']['2'])


def _recorded_revision(label):
    """The revision the guide's SQL block ``label`` records."""
    revision, = re.findall(r"version_num = '(\w+)'",
                           docs.block(GUIDE, label))
    return revision


def test_rollback_while_pinned_mysql(mysql_deployment):
    """Up to step 5.2 every row is in the old release's versions: the old
    release can be put back on every process, conductors then APIs."""
    dep = mysql_deployment
    (old, _new), = dep_mod.HOPS
    outcome = {}
    # On MariaDB, 1.0 processes writing nodes while the schema changes
    # get "Deadlock found" from the server and, having no retry (2.0 has
    # one), answer 500 or leave the node waiting: a defect of 1.0 the
    # schema upgrade triggers (doc/upgrade.md, "Known issues"). The
    # clients pause for the schema upgrade here; PostgreSQL takes it
    # under load.
    quiet = dep.db_url.startswith('mysql') and old == '1.0'
    with _pinned_under_load(dep, old, outcome, quiet) as checker:
        revisions = outcome['revisions']
        if old == '1.0':
            # 1.0 refuses to start unless the schema's revision is its own,
            # although the schema only grew (1.0 processes ran on it until
            # 5.2): the guide records 1.0's revision by hand, the one 1.0's
            # dbsync printed at step 0; later releases accept a newer
            # schema.
            dep.step = 'R.0'
            assert _recorded_revision('rollback-to-1.0') == revisions['0']
            dep.run_sql(docs.block(GUIDE, 'rollback-to-1.0'))
        rollback = [('R.%d' % i, name) for i, name in enumerate(
            dep.CONDUCTOR_NAMES + dep.API_NAMES, 1)]
        _replace(dep, checker, rollback, old)
        # Upgrading again later: the schema is there, its revision goes
        # back to the one step 2 printed, and dbsync has nothing to do.
        dep.step = 'again'
        if old == '1.0':
            assert (_recorded_revision('upgrade-again-from-1.0') ==
                    revisions['2'])
            dep.run_sql(docs.block(GUIDE, 'upgrade-again-from-1.0'))
        dep.run(NEW, 'dbsync', 'upgrade')
        assert dep.run(NEW, 'dbsync', 'version').stdout.strip() == (
            revisions['2'])
        dep.replace('cond-1', NEW, pin=old)
        checker.step('again')
    _assert_no_failures(outcome)
