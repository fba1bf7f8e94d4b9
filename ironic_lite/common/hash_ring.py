"""Which conductor manages which node: consistent hash rings (tooz).

There is one ring per (hardware type, conductor group), over the live
conductors that serve that hardware type in that group. A ring is rebuilt
from the conductors table when it is older than
``[DEFAULT]hash_ring_reset_interval`` seconds, so when a conductor joins or
stops heartbeating every service moves the affected nodes within that
interval (plus ``[conductor]heartbeat_timeout`` for a dead one).

Two things keep a ring from shrinking wrongly:

* right after its process lost the database (any call of its DB API
  found it unreachable, see ironic_lite.db.retry.DATABASE_LINK), every
  heartbeat looks stale, the live conductors' too; until the process has
  been connected again for ``heartbeat_timeout`` (see
  ironic_lite.common.link), a ring keeps its members that are still
  registered online, whatever the age of their heartbeat. A failed
  rebuild keeps the rings as they were;
* a host this process found dead (a call it did not answer, nor a ping)
  is a *suspect*: it leaves this process's rings at once, until its
  heartbeat shows it alive again after the suspicion.

A conductor's periodic tasks look only at the nodes of its share of the
rings (:meth:`HashRingManager.share`): tooz places a node on a ring by the
md5 digest of its UUID, so the share of a host is a set of arcs of that
digest's space, and the first 32 bits of the digest, stored in
``nodes.uuid_hash``, select in SQL the nodes on those arcs (and a few on
their edges, which the ring then leaves out).
"""

import hashlib
import logging
import threading
import time

from tooz import hashring

from ironic_lite.common import exception
from ironic_lite.db import api as db_api
from ironic_lite.db import retry

LOG = logging.getLogger(__name__)

#: Bits of the ring's md5 digest kept in ``nodes.uuid_hash``.
UUID_HASH_BITS = 32
_DIGEST_BITS = 128
_SHIFT = _DIGEST_BITS - UUID_HASH_BITS
_UUID_HASH_MAX = 2 ** UUID_HASH_BITS - 1


def uuid_hash(node_uuid):
    """The first 32 bits of the md5 digest by which the rings place the
    node with this UUID (as stored), for ``nodes.uuid_hash``."""
    digest = hashlib.md5(node_uuid.encode('utf-8'), usedforsecurity=False)
    return int.from_bytes(digest.digest()[:UUID_HASH_BITS // 8], 'big')


def _arcs(ring, host):
    """The ``uuid_hash`` values whose nodes ``ring`` may give ``host``:
    sorted inclusive (low, high) ranges, adjacent ones merged.

    tooz gives a digest to the owner of the first point above it (the
    first point when there is none): a host owns [previous point, its
    point) for each of its points.
    """
    points = ring._partitions
    owners = ring._ring
    arcs = []
    for index, point in enumerate(points):
        if owners[point] != host:
            continue
        if index == 0:
            arcs.append((points[-1] >> _SHIFT, _UUID_HASH_MAX))
            low = 0
        else:
            low = points[index - 1] >> _SHIFT
        arcs.append((low, max(point - 1, 0) >> _SHIFT))
    merged = []
    for low, high in sorted(arcs):
        if merged and low <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], high))
        else:
            merged.append((low, high))
    return merged


class Share:
    """What the rings give one host, from one look at them: the rings it
    is in with its arcs on each (to select its nodes in SQL) and, for a
    node, the final word (:meth:`owns`)."""

    def __init__(self, rings, host):
        self.host = host
        self._rings = {key: ring for key, ring in rings.items()
                       if host in ring.nodes}

    def selection(self):
        """``[(keys, arcs)]``: ``keys`` the (hardware type, conductor
        group) pairs whose rings give this host the ``uuid_hash`` ranges
        ``arcs`` (pairs with the same arcs together); [] when the host is
        in no ring."""
        by_arcs = {}
        for key, ring in sorted(self._rings.items()):
            by_arcs.setdefault(tuple(_arcs(ring, self.host)), []).append(key)
        return [(keys, list(arcs)) for arcs, keys in by_arcs.items()]

    def owns(self, node_uuid, hardware_type, conductor_group=''):
        """Whether the rings give this host the node."""
        ring = self._rings.get((hardware_type, conductor_group or ''))
        return ring is not None and next(iter(
            ring.get_nodes(node_uuid.encode('utf-8')))) == self.host


class HashRingManager:
    """The rings of one process (an API, a conductor).

    :param clock: a monotonic clock (seconds).
    :param db_link: the LinkWatch of this process's database link
        (default: the one the DB API keeps).
    """

    def __init__(self, reset_interval, partition_exponent,
                 heartbeat_timeout, clock=time.monotonic, db_link=None):
        self.reset_interval = reset_interval
        self.partitions = 2 ** partition_exponent
        self.heartbeat_timeout = heartbeat_timeout
        self._clock = clock
        self._rings = None
        self._members = {}
        self._releases = {}
        self._suspects = {}
        self._built_at = 0.0
        self._link = db_link or retry.DATABASE_LINK
        self._lock = threading.Lock()

    @property
    def rings(self):
        """``{(hardware type, group): tooz HashRing}``.

        :raises: DatabaseUnavailable when no ring was ever built and the
            database does not answer.
        """
        with self._lock:
            if (self._rings is None or
                    self._clock() - self._built_at > self.reset_interval):
                self._rebuild()
            return self._rings

    def _rebuild(self):
        try:
            members = self._load()
        except exception.DatabaseUnavailable:
            self._link.failed()
            if self._rings is None:
                raise
            LOG.warning('Cannot rebuild the hash rings: the database is '
                        'unreachable; keeping them as they are')
        else:
            self._link.worked()
            self._members, self._releases = members
            self._rings = self._make_rings()
        self._built_at = self._clock()

    def _load(self):
        dbapi = db_api.get_instance()
        members = dbapi.get_active_hardware_types(self.heartbeat_timeout)
        if (self._members and
                self._link.steady_for() < self.heartbeat_timeout):
            # Heartbeats written while this process could not see the
            # database may look stale: keep the members still online.
            online = dbapi.get_active_hardware_types(None)
            for key, hosts in self._members.items():
                kept = hosts & online.get(key, set())
                if kept:
                    members.setdefault(key, set()).update(kept)
        self._review_suspects(dbapi)
        return members, dbapi.get_conductor_releases()

    def _review_suspects(self, dbapi):
        if not self._suspects:
            return
        beats = dbapi.get_last_heartbeats(self._suspects)
        for host, seen in list(self._suspects.items()):
            last = beats.get(host)
            if seen is None:
                self._suspects[host] = last
            elif last is not None and last > seen:
                LOG.info('Conductor %s heartbeats again; back in the hash '
                         'rings', host)
                del self._suspects[host]

    def _make_rings(self):
        rings = {}
        for key, hosts in self._members.items():
            hosts = hosts - set(self._suspects)
            if hosts:
                rings[key] = hashring.HashRing(hosts,
                                               partitions=self.partitions)
        return rings

    def reset(self):
        """Rebuild from the database at the next look (keeping the rings
        as they are if the database does not answer)."""
        with self._lock:
            self._built_at = float('-inf')

    def suspect(self, host):
        """Leave ``host`` out of this process's rings now, until its
        heartbeat shows it alive after this moment."""
        try:
            seen = db_api.get_instance().get_last_heartbeats([host]).get(
                host)
        except exception.DatabaseUnavailable:
            seen = None   # read at the next rebuild
        with self._lock:
            if host in self._suspects:
                return
            LOG.warning('Conductor %s does not answer; leaving it out of '
                        'the hash rings until it heartbeats again', host)
            self._suspects[host] = seen
            if self._rings is not None:
                self._rings = self._make_rings()

    def suspects(self):
        with self._lock:
            return set(self._suspects)

    def get_host(self, node_uuid, hardware_type, conductor_group=''):
        """The conductor that manages the node.

        :raises: NoValidHost when no live conductor serves the node's
            hardware type in its group.
        """
        key = (hardware_type, conductor_group or '')
        ring = self.rings.get(key)
        if ring is None:
            # A conductor may have just joined: look again before failing.
            self.reset()
            ring = self.rings.get(key)
        if ring is None:
            raise exception.NoValidHost(
                reason='no live conductor serves hardware type %s in '
                       'conductor group "%s"' % key)
        return next(iter(ring.get_nodes(node_uuid.encode('utf-8'))))

    def release_of(self, host):
        """The release ``host`` registered with at the last rebuild (None:
        1.0, or unknown)."""
        self.rings  # rebuilt if old
        with self._lock:
            return self._releases.get(host)

    def get_host_serving(self, serves, node_uuid=None, hardware_type=None,
                         conductor_group=''):
        """A live conductor for which ``serves(host, release)`` is true: for a
        node, chosen by a ring over those of its hardware type and group;
        for a hardware type, any of them; else any live conductor.

        :raises: NoValidHost when there is none.
        """
        self.rings  # rebuilt if old
        with self._lock:
            members, releases = dict(self._members), dict(self._releases)
            suspects = set(self._suspects)
        if hardware_type is None:
            hosts = set().union(*members.values()) if members else set()
        elif node_uuid is None:
            hosts = set().union(*[h for (hw, _g), h in members.items()
                                  if hw == hardware_type])
        else:
            hosts = members.get((hardware_type, conductor_group or ''),
                                set())
        hosts = {host for host in hosts - suspects
                 if serves(host, releases.get(host))}
        if not hosts:
            raise exception.NoValidHost(
                reason='no live conductor of a release that can carry out '
                       'this request%s' % (
                           ' serves hardware type %s' % hardware_type
                           if hardware_type else ''))
        if node_uuid is None:
            return sorted(hosts)[0]
        ring = hashring.HashRing(hosts, partitions=self.partitions)
        return next(iter(ring.get_nodes(node_uuid.encode('utf-8'))))

    def get_host_for_driver(self, hardware_type):
        """Any live conductor serving ``hardware_type`` (any group)."""
        for (hw_type, _group), ring in sorted(self.rings.items()):
            if hw_type == hardware_type:
                return sorted(ring.nodes)[0]
        raise exception.NoValidHost(
            reason='no live conductor serves hardware type %s'
                   % hardware_type)

    def share(self, host):
        """The :class:`Share` of ``host`` in the rings as they are now."""
        return Share(self.rings, host)

    def manages(self, host, node_uuid, hardware_type, conductor_group=''):
        try:
            return self.get_host(node_uuid, hardware_type,
                                 conductor_group) == host
        except exception.NoValidHost:
            return False
