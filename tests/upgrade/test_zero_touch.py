"""The zero-touch rolling upgrade from the last release to this tree:
``[DEFAULT]pin_release_version = auto`` (the default), for real.

No configuration is edited: each process is restarted once on the new
release with the configuration it had, and pins itself to the oldest
release of the live services; the operator's ``ironic-lite-dbsync
finalize`` then moves every service to the new versions without a
restart. Under the background load of tests/upgrade/client.py, no call
may fail. Also: ``finalize`` refused while an old service lives, and a
rollback to the last release of every process before ``finalize``.
"""

import json

import sqlalchemy as sa

from ironic_lite.upgrade import release_mappings
from tests.upgrade import deployment as dep_mod
from tests.upgrade import sequence

CURRENT = release_mappings.CURRENT_RELEASE


def _assert_no_failures(failures):
    assert not failures, '\n'.join('%s: %s' % f for f in failures)


def _finalized(dep):
    with dep.engine.connect() as conn:
        if not sa.inspect(conn).has_table('finalized_releases'):
            return []
        return [row[0] for row in conn.execute(sa.text(
            'SELECT release_version FROM finalized_releases'))]


def _fleet(dep):
    """The details of ironic-lite-status's Fleet check."""
    result = dep.run(dep_mod.NEW, 'status', 'upgrade', 'check', '--json',
                     check=False)
    assert result.returncode in (0, 1), result.stdout + result.stderr
    checks = {c['check']: c for c in json.loads(result.stdout)['checks']}
    return checks['Fleet']['details']


def _finalize_refused(dep, still_old):
    """finalize refuses with one line naming ``still_old`` and records
    nothing."""
    before = _finalized(dep)
    result = dep.run(dep_mod.NEW, 'dbsync', 'finalize', check=False)
    assert result.returncode == 2, result.stdout + result.stderr
    line, = result.stderr.strip().splitlines()
    assert line.startswith('ironic-lite-dbsync: error: cannot finalize %s: '
                           % CURRENT), line
    for name in still_old:
        assert name in line, line
    assert _finalized(dep) == before


def _auto_steps(upgrade, old):
    """Steps 2 to 5.2 with no configuration edited; at each, the status
    names the step, and at 4.2 finalize is refused (the APIs are old)."""
    dep = upgrade.dep
    seen = []

    def after_step(step):
        seen.append(step)
        assert 'upgrade step %s;' % step in _fleet(dep)
        if step == '4.2':
            _finalize_refused(dep, ['api api-1', 'api api-2'])
    upgrade.after_step = after_step
    try:
        upgrade.pinned(old, dep_mod.NEW, auto=True)
    finally:
        upgrade.after_step = None
    assert seen == [step for step, _ in sequence.PINNED_STEPS]
    fleet = _fleet(dep)
    assert ('conductor cond-1: %s, pinned to %s (auto: release %s not '
            'finalized)' % (CURRENT, old, CURRENT)) in fleet, fleet
    assert 'finalized release: none;' in fleet, fleet


def test_zero_touch_upgrade_postgresql(pg_deployment):
    dep = pg_deployment
    old = dep_mod.last_release()
    upgrade = sequence.Upgrade(dep)
    try:
        upgrade.begin(old)
        _auto_steps(upgrade, old)
        moved = upgrade.finalize(dep_mod.NEW)
        fleet = _fleet(dep)
        assert 'upgrade step 6.4;' in fleet, fleet
        assert 'finalized release: %s;' % CURRENT in fleet, fleet
        upgrade.migrate(old, dep_mod.NEW)
        upgrade.where_you_stand(dep_mod.NEW)
    finally:
        failures = upgrade.end()
    print('from finalize to the last service on %s\'s versions: %.1f s '
          '(%s)' % (CURRENT, max(moved.values()), ', '.join(
              '%s %.1f s' % item for item in sorted(moved.items()))))
    _assert_no_failures(failures)
    assert _finalized(dep) == [CURRENT]
    written = sequence.checker_mod.mapping(dep_mod.NEW)['objects']
    for obj_name, counts in dep.row_versions().items():
        assert set(counts) <= {written[obj_name][0]}, (obj_name, counts)


def test_zero_touch_rollback_before_finalize_mysql(mysql_deployment):
    """Until finalize every row is in the old release's versions: every
    process goes back to it, and an old conductor started beside the new
    ones keeps them on the old versions."""
    dep = mysql_deployment
    old = dep_mod.last_release()
    upgrade = sequence.Upgrade(dep)
    try:
        upgrade.begin(old)
        _auto_steps(upgrade, old)
        steps = iter(sequence.ROLLBACK_STEPS)
        step, name = next(steps)
        upgrade.replace([(step, name)], old)
        # An old conductor again: the new services name it as their
        # reason, and finalize is refused.
        _finalize_refused(dep, ['conductor cond-1'])
        upgrade.replace(list(steps), old)
        assert _finalized(dep) == []
    finally:
        failures = upgrade.end()
    _assert_no_failures(failures)
