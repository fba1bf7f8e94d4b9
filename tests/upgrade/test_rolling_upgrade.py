"""The rolling upgrade from the last release to this tree, for real.

Two APIs and two conductors, each a process of the last release (FromVer,
installed from its commit) or of this tree (ToVer), on the real RabbitMQ
and PostgreSQL (MariaDB for the rollback), go through the operator's
sequence of doc/upgrade.md one process at a time while background clients
keep reading and writing their own nodes through the APIs. The guide's
commands and SQL are read from it and run at their step. At every step the
test writes nodes through one API and reads them through the other (so
through the other release too), drives power and provisioning, and looks
at the rows in the database (tests/upgrade/checker.py). The clients must
see no failed call at all.

Steps carry the guide's numbers (those of the rolling-upgrade spec): 0,
2 (schema), 4.1-5.2 (pinned), 6.1-6.4 (unpinned), 7 (online data
migrations); R.1-R.4 put the old release back. Every hop of
``deployment.HOPS`` runs in the first test, one after the other on one
deployment.
"""

import re

from tests.upgrade import checker as checker_mod
from tests.upgrade import deployment as dep_mod
from tests.upgrade.deployment import NEW
from tests.upgrade import sequence


def _assert_no_failures(failures):
    assert not failures, '\n'.join('%s: %s' % f for f in failures)


def test_rolling_upgrade_postgresql(pg_deployment):
    dep = pg_deployment
    upgrade = sequence.Upgrade(dep)
    try:
        upgrade.begin(dep_mod.HOPS[0][0])
        for old, new in dep_mod.HOPS:
            upgrade.pinned(old, new)
            # Pinned, every row is as the old release writes it: for 1.0,
            # BMC passwords in clear.
            if old == '1.0':
                assert dep.rows_with_text('nodes', 'driver_info', 'secret-')
            upgrade.unpinned(old, new)
    finally:
        failures = upgrade.end()
    _assert_no_failures(failures)

    (_old, new), = dep_mod.HOPS[-1:]
    written = checker_mod.mapping(new)['objects']
    for obj_name, counts in dep.row_versions().items():
        assert set(counts) <= {written[obj_name][0]}, (obj_name, counts)
    # Every BMC password written in clear while pinned is now encrypted.
    assert not dep.rows_with_text('nodes', 'driver_info', 'secret-')
    upgrade.where_you_stand(new)


def _recorded_revision(label):
    """The revision the guide's SQL block ``label`` records."""
    revision, = re.findall(r"version_num = '(\w+)'", sequence.guide(label))
    return revision


def test_rollback_while_pinned_mysql(mysql_deployment):
    """Up to step 5.2 every row is in the old release's versions: the old
    release can be put back on every process, conductors then APIs."""
    dep = mysql_deployment
    old, new = dep_mod.HOPS[-1]
    assert new == NEW
    # On MariaDB, 1.0 processes writing nodes while the schema changes
    # get "Deadlock found" from the server and, having no retry (2.0 has
    # one), answer 500 or leave the node waiting: a defect of 1.0 the
    # schema upgrade triggers (doc/upgrade.md, "Known issues"). The
    # clients pause for the schema upgrade here; PostgreSQL takes it
    # under load.
    upgrade = sequence.Upgrade(dep, quiet_schema_upgrade=old == '1.0')
    try:
        upgrade.begin(old)
        upgrade.pinned(old, new)
        revisions = upgrade.revisions
        if old == '1.0':
            # 1.0 refuses to start unless the schema's revision is its
            # own, although the schema only grew (1.0 processes ran on it
            # until 5.2): the guide records 1.0's revision by hand, the
            # one 1.0's dbsync printed at step 0; later releases accept a
            # newer schema.
            dep.step = 'R.0'
            assert _recorded_revision('rollback-to-1.0') == revisions['0']
            dep.run_sql(sequence.guide('rollback-to-1.0'))
        upgrade.replace(sequence.ROLLBACK_STEPS, old)
        # Upgrading again later: the schema is there, its revision goes
        # back to the one step 2 printed, and dbsync has nothing to do.
        dep.step = 'again'
        if old == '1.0':
            assert (_recorded_revision('upgrade-again-from-1.0') ==
                    revisions['2'])
            dep.run_sql(sequence.guide('upgrade-again-from-1.0'))
        dep.run(new, 'dbsync', 'upgrade')
        assert dep.run(new, 'dbsync', 'version').stdout.strip() == (
            revisions['2'])
        dep.replace('cond-1', new, pin=old)
        upgrade.checker.step('again')
    finally:
        failures = upgrade.end()
    _assert_no_failures(failures)
