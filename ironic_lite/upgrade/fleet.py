"""The fleet as the database records it: what ``auto`` pins to.

Every conductor (``conductors``) and every API of release 2.0 on
(``api_services``) records its release and heartbeats. With
``[DEFAULT]pin_release_version = auto`` a service speaks the versions of
the oldest release among the live ones, and, once every live service runs
its own release, its own versions only after the operator has finalized
that release (``ironic-lite-dbsync finalize``, a row of
``finalized_releases``); until then it speaks the previous release's, so
that the previous release can still be put back.

Liveness is judged by the database's clock, never the host's: a conductor
is live while its last heartbeat is younger than
``[conductor]heartbeat_timeout`` and it is online or still stopping (its
release is cleared when it has stopped); an API while its row is younger
than three ``[api]fleet_heartbeat_interval``.

Functions here read with plain SQL on the connection they are given, so
that they work on the previous release's schema too (no
``finalized_releases`` table: nothing is finalized).
"""

import collections
import datetime

import sqlalchemy as sa

from ironic_lite.db.sqlalchemy import enginefacade
from ironic_lite.upgrade import release_mappings

#: What a conductor that records no release runs.
RELEASE_BEFORE_RECORDING = '1.0'

#: A live service: kind ('conductor' or 'api'), name, release, effective
#: pin (None: unpinned) and where its pin comes from (None when its
#: release does not say).
Service = collections.namedtuple('Service',
                                 'kind name release pin source')


def _table(connection, name):
    """A plain table of ``name`` with the columns it has, or None."""
    inspector = sa.inspect(connection)
    if not inspector.has_table(name):
        return None
    return sa.table(name, *(sa.column(c['name'])
                            for c in inspector.get_columns(name)))


def database_time(connection):
    return connection.execute(sa.select(enginefacade.utcnow())).scalar()


def _since(now, seconds):
    return now - datetime.timedelta(seconds=seconds)


def live_services(connection, conductor_timeout, api_timeout):
    """[Service] of the live conductors, then the live APIs, each by name.

    :param conductor_timeout: seconds after its last heartbeat a conductor
        is still live.
    :param api_timeout: the same for an API service.
    """
    now = database_time(connection)
    found = []
    table = _table(connection, 'conductors')
    if table is not None:
        beat = sa.func.coalesce(table.c.updated_at, table.c.created_at)
        has = set(table.c.keys())
        release = table.c.release_version if 'release_version' in has \
            else sa.null()
        query = sa.select(table).where(
            beat >= _since(now, conductor_timeout),
            sa.or_(table.c.online == sa.true(), release.isnot(None)))
        for row in connection.execute(query).mappings():
            found.append(Service(
                'conductor', row['hostname'],
                row.get('release_version') or RELEASE_BEFORE_RECORDING,
                row.get('pin_release_version'), row.get('pin_source')))
    table = _table(connection, 'api_services')
    if table is not None:
        query = sa.select(table).where(
            table.c.updated_at >= _since(now, api_timeout))
        for row in connection.execute(query).mappings():
            found.append(Service(
                'api', row['name'],
                row['release_version'] or RELEASE_BEFORE_RECORDING,
                row['pin_release_version'], row.get('pin_source')))
    return sorted(found, key=lambda s: (s.kind != 'conductor', s.name))


def finalized_release(connection):
    """The newest release the operator finalized, or None."""
    table = _table(connection, 'finalized_releases')
    if table is None:
        return None
    releases = [row[0] for row in connection.execute(
        sa.select(table.c.release_version)).all()]
    return max(releases, key=release_mappings.version_tuple, default=None)


def record_finalized(connection, release):
    """Add ``release`` to the finalized releases."""
    table = sa.table('finalized_releases', sa.column('release_version'),
                     sa.column('created_at'), sa.column('updated_at'))
    now = database_time(connection)
    connection.execute(table.insert().values(
        release_version=release, created_at=now, updated_at=now))


def is_older(release, than):
    return (release_mappings.version_tuple(release) <
            release_mappings.version_tuple(than))


def auto_pin(services, finalized):
    """What ``auto`` pins a service of this code to: (release or None,
    why, in a few words).

    The oldest release among ``services`` when one is older than this
    code's (a release too old to pin to gives the oldest one this code
    can speak; ``dbsync upgrade`` refused to come this far anyway); else
    none once this code's release is ``finalized``; else the release this
    code upgrades from.
    """
    current = release_mappings.CURRENT_RELEASE
    older = [s for s in services if is_older(s.release, current)]
    if older:
        oldest = min(older, key=lambda s: release_mappings.version_tuple(
            s.release))
        choices = release_mappings.pin_choices()
        pin = oldest.release if oldest.release in choices else next(
            (c for c in choices if not is_older(c, oldest.release)),
            choices[0])
        return pin, '%s %s runs %s' % (oldest.kind, oldest.name,
                                       oldest.release)
    if finalized and not is_older(finalized, current):
        return None, 'release %s finalized' % finalized
    previous = release_mappings.previous_release()
    if previous is None:
        return None, 'no previous release'
    return previous, 'release %s not finalized' % current


def finalize_refusal(connection, services):
    """Why this code's release cannot be finalized now, or None.

    Not while a live service runs an older release (it could not read
    what the services write once they move up), nor while the database
    holds rows this release cannot read or the previous release's online
    data migrations have rows left (the same as ``dbsync upgrade``).
    """
    from ironic_lite.upgrade import checks
    current = release_mappings.CURRENT_RELEASE
    old = [s for s in services if is_older(s.release, current)]
    if old:
        return ('%s still run%s an older release (%s): restart %s on %s '
                'first' % (', '.join('%s %s' % (s.kind, s.name) for s in old),
                           's' if len(old) == 1 else '',
                           ', '.join(sorted({s.release for s in old})),
                           'it' if len(old) == 1 else 'them', current))
    return checks.upgrade_refusal(connection)


#: (step, how the APIs run, how the conductors run) of the upgrade
#: guide's table: 'old' the previous release, 'pinned' this release
#: pinned to it, 'new' this release unpinned; a set is "some of each".
STEPS = [
    ('0', {'old'}, {'old'}),
    ('4.1', {'old'}, {'old', 'pinned'}),
    ('4.2', {'old'}, {'pinned'}),
    ('5.1', {'old', 'pinned'}, {'pinned'}),
    ('5.2', {'pinned'}, {'pinned'}),
    ('6.1', {'pinned'}, {'pinned', 'new'}),
    ('6.2', {'pinned'}, {'new'}),
    ('6.3', {'pinned', 'new'}, {'new'}),
    ('6.4', {'new'}, {'new'}),
]


def _state(service):
    if is_older(service.release, release_mappings.CURRENT_RELEASE):
        return 'old'
    return 'pinned' if service.pin else 'new'


def step(services):
    """The step of the upgrade guide's table the fleet is at, or None when
    it matches none (no API or no conductor live, or a mix the table
    does not have)."""
    apis = {_state(s) for s in services if s.kind == 'api'}
    conductors = {_state(s) for s in services if s.kind == 'conductor'}
    for name, api_states, conductor_states in STEPS:
        if apis == api_states and conductors == conductor_states:
            return name
    return None
