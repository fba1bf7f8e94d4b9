"""The operator's sequence of doc/upgrade.md on a deployment under load.

:class:`Upgrade` starts a deployment on one release with background
clients, then takes it through hops (release to release): the guide's
schema upgrade (step 2), the pinned restarts (4.1-5.2), the unpinned ones
(6.1-6.4) and the online data migrations (7), each followed by the
Checker's verifications, or back to the old release (R.1-R.4). The
guide's commands are read from it and run at their step. A chain of hops
shares one deployment, its load and the nodes checked so far, so each
hop after the first costs only its own restarts.
"""

import collections
import re
import time

from ironic_lite.upgrade import release_mappings
from tests import docs
from tests.upgrade import checker as checker_mod
from tests.upgrade import client as client_mod
from tests.upgrade import deployment as dep_mod

GUIDE = 'doc/upgrade.md'

#: (step, process) of the guide's sequence after the schema upgrade:
#: conductors, then APIs, on the new release pinned to the old one; then
#: the pin removed, conductors first.
PINNED_STEPS = [('4.1', 'cond-1'), ('4.2', 'cond-2'),
                ('5.1', 'api-1'), ('5.2', 'api-2')]
UNPIN_STEPS = [('6.1', 'cond-1'), ('6.2', 'cond-2'),
               ('6.3', 'api-1'), ('6.4', 'api-2')]
ROLLBACK_STEPS = [('R.1', 'cond-1'), ('R.2', 'cond-2'),
                  ('R.3', 'api-1'), ('R.4', 'api-2')]


def guide(label):
    """The upgrade guide's block marked ``<!-- run: label -->``."""
    return docs.block(GUIDE, label)


def has_finalize(release):
    """Whether ``release`` has "ironic-lite-dbsync finalize" (3.0 on):
    its services unpinned by configuration stay on the previous release's
    versions until it runs."""
    return release == dep_mod.NEW or (
        release_mappings.version_tuple(release) >= (3, 0))


def _writes(release):
    """{object: the version ``release`` writes}."""
    return {name: versions[0] for name, versions in
            checker_mod.mapping(release)['objects'].items()}


def _writes_pinned(old, new):
    """{object: the version ``new`` writes while pinned to ``old``}: old's
    version, or for a class old lacks (DeployTemplate in 2.0) the oldest
    version new reads, its first."""
    written = _writes(old)
    return {name: written.get(name, versions[-1]) for name, versions in
            checker_mod.mapping(new)['objects'].items()}


class Upgrade:
    """A deployment going through the guide's steps under load.

    :param quiet_schema_upgrade: pause the clients while the schema
        changes (for a known defect of the old release, see the test).
    """

    def __init__(self, dep, quiet_schema_upgrade=False):
        self.dep = dep
        self.quiet = quiet_schema_upgrade
        self.checker = None
        self.loads = []
        self.hops = 0
        #: {step: schema revision dbsync version printed then}.
        self.revisions = {}
        self.started = time.monotonic()
        #: Called with each step's name once its process is replaced and
        #: checked, for a test's own verifications.
        self.after_step = None

    def label(self, step):
        """A step's name: the guide's number, prefixed after the first
        hop by the hop's number ("h2-4.1"; node names are made of it)."""
        return step if self.hops <= 1 else 'h%d-%s' % (self.hops, step)

    def begin(self, release):
        """Step 0: ``release`` everywhere with its own migrations done,
        clients at work."""
        dep = self.dep
        dep.step = '0'
        dep.run(release, 'dbsync', 'upgrade')
        dep.run(release, 'dbsync', 'online_data_migrations')
        self.revisions['0'] = dep.run(release, 'dbsync',
                                      'version').stdout.strip()
        dep.start({name: (release, None)
                   for name in dep.CONDUCTOR_NAMES + dep.API_NAMES})
        self.loads = self._start_load(2)
        self.checker = checker_mod.Checker(dep, release)
        self.checker.step('0')

    def pinned(self, old, new, auto=False):
        """Steps 2 to 5.2 of the hop ``old`` -> ``new``: the schema, then
        every process on ``new`` pinned to ``old`` (``auto``: with its
        configuration unchanged, pin_release_version = auto)."""
        dep = self.dep
        self.hops += 1
        self.checker = checker_mod.Checker(dep, old, new,
                                           earlier=self.checker)
        self.checker.finalized = not auto
        dep.step = self.label('2')
        if self.quiet:
            self._stop_load()
        schema = dep.run_shell(new, guide('schema-upgrade'))
        self.revisions[dep.step] = schema.stdout.strip().splitlines()[-1]
        if self.quiet:
            self.loads += self._start_load(2)
        self.checker.step(dep.step)
        self.replace(PINNED_STEPS, new, pin=None if auto else old)

    def unpinned(self, old, new):
        """Steps 6.1 to 7 of the hop: the pin removed, conductors first,
        then the online data migrations until done."""
        dep = self.dep
        if has_finalize(new):
            # Every process runs the new release: the guide's finalize,
            # so that they speak its versions once their pins are gone.
            dep.step = self.label('F')
            dep.run_shell(new, guide('finalize'))
        # Pinned, ironic-lite-status says the pin is still to be removed.
        status = dep.run(new, 'status', 'upgrade', 'check', pin=old,
                         check=False)
        assert status.returncode == 1, status.stdout + status.stderr
        self.replace(UNPIN_STEPS, new)
        self.migrate(old, new)

    def migrate(self, old, new):
        """Step 7 of the hop, once no service is pinned: the status, then
        the online data migrations until done."""
        dep = self.dep
        status = dep.run_shell(new, guide('status-unpinned'), check=False)
        if _writes_pinned(old, new) != _writes(new):
            assert status.returncode == 1, status.stdout + status.stderr
            assert 'online data migrations pending' in re.sub(
                r'[\s|]+', ' ', status.stdout)
        else:
            # Nothing written while pinned differs from what new writes.
            assert status.returncode == 0, status.stdout + status.stderr
        # One small batch under load, then the guide's loop until done.
        dep.step = self.label('7')
        batch = dep.run(new, 'dbsync', 'online_data_migrations',
                        '--max-count', '10', check=False)
        assert batch.returncode in (0, 1), batch.stderr
        migrated = dep.run_shell(new, guide('online-migrations'))
        assert 'All online data migrations are done.' in migrated.stdout
        assert 'another key' not in migrated.stdout + migrated.stderr
        self.checker.step(dep.step)

    def finalize(self, new):
        """The zero-touch upgrade's last step: every process runs ``new``
        on pin_release_version = auto; the guide's finalize, then no
        restart: each service moves to the new versions by itself.
        Returns {process: seconds from finalize recording the release
        until the process logged its move to the new versions}."""
        dep = self.dep
        dep.step = self.label('F')
        started = time.monotonic()
        dep.run_shell(new, guide('finalize'))
        command = time.monotonic() - started
        moved = dep.wait_unpinned(checker_mod.mapping(new)['api'])
        logged = dep.unpinned_at()
        dep.note('finalize ran %.1f s; after it recorded the release, each '
                 'service moved to the new versions (its log) at: %s, and '
                 'was seen recording it and (an API) advertising the new '
                 'maximum at: %s (first look), without a restart' % (
                     command, ', '.join('%s %.1f s' % item for item in
                                        sorted(logged.items())),
                     ', '.join('%s %.1f s' % item for item in
                               sorted(moved.items()))))
        assert set(logged) == set(dep.processes), logged
        self.checker.finalized = True
        self.checker.step(dep.step)
        return logged

    def replace(self, steps, release, pin=None):
        for step, name in steps:
            self.dep.step = self.label(step)
            self.dep.replace(name, release, pin=pin)
            self.checker.step(self.dep.step)
            if self.after_step:
                self.after_step(step)

    def where_you_stand(self, release):
        """The commands of the guide's "Where you stand" table once the
        upgrade is complete: each says that nothing is left to do."""
        dep = self.dep
        commands = docs.table_commands(GUIDE,
                                       '## Where you stand at any moment')
        assert commands
        for command in commands:
            if command.startswith('GET '):
                assert command == 'GET /v1/conductors?detail=true', command
                self.checker.unpinned_conductors(dep.api_urls['api-1'])
                continue
            args = docs.argv(command, F=dep.config('tools'))
            result = dep.run_shell(release, ' '.join(args))
            if args[-1] == 'version':
                assert result.stdout.strip() == self.revisions[
                    self.label('2')], result.stdout

    def end(self):
        """Stop the clients and print the report; returns the failures."""
        self._stop_load()
        if self.checker is None:
            return []
        return _report(self.dep, self.checker, self.loads, self.started)

    def _start_load(self, clients):
        first = len(self.loads)
        loads = [client_mod.Load(self.dep, i)
                 for i in range(first, first + clients)]
        for load in loads:
            load.start()
        return loads

    def _stop_load(self):
        for load in self.loads:
            load.stopping.set()
        for load in self.loads:
            load.join(120)
            assert not load.is_alive()


def _report(dep, checker, loads, started):
    calls, failures, known = {}, [], []
    retries = collections.Counter()
    for c in checker.clients() + [load.client for load in loads]:
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
