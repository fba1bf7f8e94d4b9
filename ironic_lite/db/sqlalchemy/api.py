"""SQLAlchemy implementation of the DB API.

Values passed in and returned are plain dicts and model rows; the objects
layer converts them. Every write of an object-backed row carries the
``version`` the objects layer chose (see ironic_lite.objects.base).
"""

import datetime
import inspect

from oslo_db import exception as db_exc
from oslo_db.sqlalchemy import utils as db_utils
from oslo_utils import timeutils
from oslo_utils import uuidutils
import sqlalchemy as sa

from ironic_lite.common import exception
from ironic_lite.common import hash_ring
from ironic_lite.db import retry
from ironic_lite.db.sqlalchemy import allocations
from ironic_lite.db.sqlalchemy import bios
from ironic_lite.db.sqlalchemy import deploy_templates
from ironic_lite.db.sqlalchemy import enginefacade
from ironic_lite.db.sqlalchemy import models
from ironic_lite.db.sqlalchemy import volumes

#: A value no caller passes (None is one to write).
_NOT_GIVEN = object()

_NODE_EXACT_FILTERS = ('driver', 'maintenance', 'provision_state',
                       'resource_class', 'conductor_group', 'fault',
                       'instance_uuid', 'chassis_id', 'reservation',
                       'power_state', 'owner', 'protected', 'retired',
                       'lessee', 'allocation_id')


def _not_found(model, ident):
    errors = {models.Node: exception.NodeNotFound(node=ident),
              models.Port: exception.PortNotFound(port=ident),
              models.Portgroup: exception.PortgroupNotFound(portgroup=ident),
              models.Chassis: exception.ChassisNotFound(chassis=ident)}
    return (volumes.not_found(model, ident) or
            deploy_templates.not_found(model, ident) or
            allocations.not_found(model, ident) or
            errors.get(model, exception.NotFound()))


def _ident_filter(model, ident):
    if isinstance(ident, int):
        return model.id == ident
    if uuidutils.is_uuid_like(ident):
        return model.uuid == ident
    if hasattr(model, 'name'):
        return model.name == ident
    raise _not_found(model, ident)


def _load_relationships(row):
    # NOTE: rows outlive their session; load relationships while it is open.
    for relationship in sa.inspect(type(row)).relationships:
        getattr(row, relationship.key)
    return row


def _get_one(session, model, ident):
    row = session.query(model).filter(_ident_filter(model, ident)).first()
    if row is None:
        raise _not_found(model, ident)
    return row


def _filter_nodes(query, filters):
    """``query`` narrowed by node filters (see Connection.get_node_list).

    :raises: InvalidParameterValue for an unknown filter.
    """
    filters = dict(filters or {})
    node = models.Node
    for key in _NODE_EXACT_FILTERS:
        if key in filters:
            query = query.filter(getattr(node, key) == filters.pop(key))
    if 'associated' in filters:
        query = query.filter(node.instance_uuid.isnot(None) if
                             filters.pop('associated')
                             else node.instance_uuid.is_(None))
    if 'reserved' in filters:
        query = query.filter(node.reservation.isnot(None) if
                             filters.pop('reserved')
                             else node.reservation.is_(None))
    if 'provision_state_in' in filters:
        query = query.filter(node.provision_state.in_(
            filters.pop('provision_state_in')))
    if 'provision_state_not_in' in filters:
        query = query.filter(sa.or_(
            node.provision_state.is_(None),
            node.provision_state.notin_(
                filters.pop('provision_state_not_in'))))
    if 'project' in filters:
        # Owner or lessee (allocations of a project, API 1.60).
        project = filters.pop('project')
        query = query.filter(sa.or_(node.owner == project,
                                    node.lessee == project))
    if 'uuid_in' in filters:
        query = query.filter(node.uuid.in_(filters.pop('uuid_in')))
    if 'provisioned_before' in filters:
        limit_at = timeutils.utcnow() - datetime.timedelta(
            seconds=filters.pop('provisioned_before'))
        query = query.filter(node.provision_updated_at < limit_at)
    if filters:
        raise exception.InvalidParameterValue(
            err='Unknown node filters: %s' % ', '.join(sorted(filters)))
    return query


def _in_share(selection):
    """The SQL condition for the nodes a hash ring share may hold
    (``selection`` of ironic_lite.common.hash_ring.Share): of one of its
    (hardware type, group) pairs, with a ``uuid_hash`` on one of that
    pair's arcs or none recorded yet."""
    node = models.Node
    clauses = []
    for keys, arcs in selection:
        of_keys = sa.or_(*[sa.and_(node.driver == hw_type,
                                   node.conductor_group == group)
                           for hw_type, group in keys])
        on_arcs = sa.or_(node.uuid_hash.is_(None),
                         *[node.uuid_hash.between(low, high)
                           for low, high in arcs])
        clauses.append(sa.and_(of_keys, on_arcs))
    return sa.or_(*clauses) if clauses else sa.false()


def _paginate(query, model, limit=None, marker=None, sort_key=None,
              sort_dir=None):
    sort_keys = [sort_key or 'id']
    if 'id' not in sort_keys:
        sort_keys.append('id')
    if sort_dir not in (None, 'asc', 'desc'):
        raise exception.InvalidParameterValue(
            err='Invalid sort direction: %s' % sort_dir)
    if not all(hasattr(model, key) for key in sort_keys):
        raise exception.InvalidParameterValue(
            err='The sort_key value "%s" is an invalid field for sorting'
            % sort_key)
    try:
        query = db_utils.paginate_query(query, model, limit, sort_keys,
                                        marker=marker,
                                        sort_dir=sort_dir or 'asc')
    except db_exc.InvalidSortKey:
        raise exception.InvalidParameterValue(
            err='The sort_key value "%s" is an invalid field for sorting'
            % sort_key)
    return query.all()


def _version_match(model, versions):
    match = model.version.in_([v for v in versions if v is not None])
    if None in versions:
        match = sa.or_(match, model.version.is_(None))
    return match


def _stored_type(column):
    """The type a column's value is stored in (a JSON column's: text)."""
    if isinstance(column.type, sa.types.TypeDecorator):
        return column.type.impl_instance
    return column.type


def _stored_value(column, dialect):
    """The column as stored, compared byte for byte (MySQL compares text
    without regard to case by default)."""
    value = sa.type_coerce(column, _stored_type(column))
    if dialect.name == 'mysql' and isinstance(_stored_type(column),
                                              sa.String):
        value = value.collate('utf8mb4_bin')
    return value


#: Rows one UPDATE of write_converted_rows writes at most: its CASEs grow
#: with it, and the database walks them for each row.
_CONVERTED_PER_STATEMENT = 100


def _converted_rows_update(table, keys, rows, dialect):
    """One UPDATE writing ``keys`` of ``rows`` ([(id, stored, values)]),
    each row only while ``keys`` and ``version`` still hold ``stored``
    and, where the table has locks, no one holds it."""
    idents = [ident for ident, _stored, _values in rows]
    guarded = sorted(set(keys) | {'version'})

    def was(key, stored):
        column = table.c[key]
        return _stored_value(column, dialect).is_not_distinct_from(
            sa.literal(stored[key], _stored_type(column)))

    still = sa.case({ident: sa.and_(*[was(key, stored) for key in guarded])
                     for ident, stored, _values in rows},
                    value=table.c.id, else_=sa.false())
    where = [table.c.id.in_(idents), still]
    if 'reservation' in table.c:
        where.append(table.c.reservation.is_(None))
    new = {}
    for key in keys:
        column = table.c[key]
        choices = [values[key] for _ident, _stored, values in rows]
        if all(choice == choices[0] for choice in choices):
            new[key] = sa.literal(choices[0], column.type)
        else:
            new[key] = sa.case({ident: sa.literal(values[key], column.type)
                                for ident, _stored, values in rows},
                               value=table.c.id)
    return table.update().where(*where).values(new)


#: When a conductor last heartbeat (rows of 1.0 may lack updated_at).
_LAST_HEARTBEAT = sa.func.coalesce(models.Conductor.updated_at,
                                   models.Conductor.created_at)


def _db_now(session):
    """The database's clock (UTC): heartbeats are written and judged by it,
    so hosts' clocks do not matter."""
    return session.execute(sa.select(enginefacade.utcnow())).scalar()


def _heartbeat_since(session, seconds):
    """Conductors that heartbeat at most ``seconds`` ago."""
    return _LAST_HEARTBEAT >= _db_now(session) - datetime.timedelta(
        seconds=seconds)


def _duplicate_to_conflict(error, model, values):
    cols = set(error.columns or ())
    if model is models.Node:
        if 'name' in cols:
            return exception.DuplicateName(name=values.get('name'))
        if 'instance_uuid' in cols:
            return exception.InstanceAssociated(
                instance_uuid=values.get('instance_uuid'),
                node=values.get('uuid'))
        return exception.NodeAlreadyExists(uuid=values.get('uuid'))
    if model is models.Port:
        if 'address' in cols:
            return exception.MACAlreadyExists(mac=values.get('address'))
        return exception.PortAlreadyExists(uuid=values.get('uuid'))
    if model is models.Portgroup:
        if 'name' in cols:
            return exception.PortgroupDuplicateName(name=values.get('name'))
        if 'address' in cols:
            return exception.PortgroupMACAlreadyExists(
                mac=values.get('address'))
        return exception.PortgroupAlreadyExists(uuid=values.get('uuid'))
    if model is models.Chassis:
        return exception.ChassisAlreadyExists(uuid=values.get('uuid'))
    return (volumes.conflict(error, model, values) or
            deploy_templates.conflict(error, model, values) or
            allocations.conflict(error, model, values) or
            exception.Conflict())


def _retried(cls):
    """Every method of the DB API rides out a busy or unreachable database
    (see ironic_lite.db.retry), except those that run several transactions
    in a row (``_SEVERAL_TRANSACTIONS``): running them again after a
    failure in their second transaction would repeat the first, so each
    of their transactions retries on its own."""
    seen = set()
    for klass in cls.__mro__[:-1]:
        # NOTE: the mixins' queries (volumes) as well as the class's own.
        for name, value in list(vars(klass).items()):
            if (name in seen or not inspect.isfunction(value)
                    or name.startswith('__')
                    or name in cls._SEVERAL_TRANSACTIONS):
                continue
            seen.add(name)
            setattr(cls, name, retry.retrying(value))
    return cls


@_retried
class Connection(volumes.VolumeQueries, bios.BIOSQueries,
                 deploy_templates.DeployTemplateQueries,
                 allocations.AllocationQueries):
    """The DB API used by the objects layer and the services (volume
    connectors and targets: :mod:`.volumes`; BIOS settings:
    :mod:`.bios`; deploy templates: :mod:`.deploy_templates`;
    allocations: :mod:`.allocations`)."""

    _SEVERAL_TRANSACTIONS = frozenset(['create_node', 'update_node'])

    # -- generic helpers shared by the object-backed tables --

    def _create(self, model, values):
        values = dict(values)
        if 'uuid' in model.__table__.c and not values.get('uuid'):
            values['uuid'] = uuidutils.generate_uuid()
        row = model()
        row.update(values)
        try:
            with enginefacade.writer() as session:
                session.add(row)
                session.flush()
                _load_relationships(row)
        except db_exc.DBDuplicateEntry as e:
            raise _duplicate_to_conflict(e, model, values)
        return row

    def _update(self, model, ident, values, locked_by=None):
        if 'uuid' in values:
            raise exception.InvalidParameterValue(
                err='Cannot overwrite UUID for an existing %s.'
                % model.__tablename__)
        try:
            with enginefacade.writer() as session:
                if locked_by is None:
                    row = _get_one(session, model, ident)
                else:
                    # NOTE: the row stays locked until the commit, so the
                    # lock cannot be broken between the check and the write.
                    row = session.query(model).filter(
                        _ident_filter(model, ident)).with_for_update().first()
                    if row is None:
                        raise _not_found(model, ident)
                    if row.reservation != locked_by:
                        raise exception.NodeLockLost(node=row.uuid,
                                                     host=locked_by)
                row.update(values)
                session.flush()
                _load_relationships(row)
        except db_exc.DBDuplicateEntry as e:
            raise _duplicate_to_conflict(e, model, dict(values, uuid=ident))
        return row

    def _get(self, model, ident):
        with enginefacade.reader() as session:
            return _get_one(session, model, ident)

    def _list(self, model, filters=None, limit=None, marker=None,
              sort_key=None, sort_dir=None):
        with enginefacade.reader() as session:
            query = session.query(model)
            for key, value in (filters or {}).items():
                query = query.filter(getattr(model, key) == value)
            if marker is not None:
                marker = _get_one(session, model, marker)
            return _paginate(query, model, limit, marker, sort_key, sort_dir)

    def _destroy(self, model, ident):
        with enginefacade.writer() as session:
            session.delete(_get_one(session, model, ident))

    # -- nodes --

    def create_node(self, values):
        """Create a node from a dict of columns; returns the row.

        :raises: NodeAlreadyExists, DuplicateName, InstanceAssociated
        """
        values = dict(values)
        traits = values.pop('traits', None)
        values.setdefault('provision_state', 'enroll')
        values.setdefault('power_state', None)
        if not values.get('uuid'):
            values['uuid'] = uuidutils.generate_uuid()
        values['uuid_hash'] = hash_ring.uuid_hash(values['uuid'])
        row = self._create(models.Node, values)
        if traits:
            self.set_node_traits(row.id, traits, values.get('version'))
            row = self.get_node(row.id)
        return row

    def get_node(self, ident):
        """A node by id, UUID or name. :raises: NodeNotFound"""
        return self._get(models.Node, ident)

    def get_node_provision_state(self, ident):
        """A node's provision state by id, UUID or name, in one small
        query (the public heartbeat answers a node that does not wait as
        a missing one, in about the same time). :raises: NodeNotFound"""
        with enginefacade.reader() as session:
            row = session.query(models.Node.provision_state).filter(
                _ident_filter(models.Node, ident)).first()
        if row is None:
            raise exception.NodeNotFound(node=ident)
        return row[0]

    def get_node_uuids_by_port_addresses(self, addresses):
        """The UUIDs of the nodes having a port with one of ``addresses``
        (MAC addresses in lower case), in one query; a set."""
        with enginefacade.reader() as session:
            rows = session.query(models.Node.uuid).join(
                models.Port, models.Port.node_id == models.Node.id).filter(
                models.Port.address.in_(list(addresses))).distinct().all()
        return {row[0] for row in rows}

    def get_node_list(self, filters=None, limit=None, marker=None,
                      sort_key=None, sort_dir=None):
        """Nodes matching ``filters``, one page of them.

        Exact filters: the columns in _NODE_EXACT_FILTERS. Others:
        ``associated`` (bool), ``provision_state_in`` and
        ``provision_state_not_in`` (lists), ``uuid_in`` (list),
        ``reserved`` (bool), ``provisioned_before`` (seconds),
        ``project`` (owner or lessee).
        """
        with enginefacade.reader() as session:
            query = _filter_nodes(session.query(models.Node), filters)
            if marker is not None:
                marker = _get_one(session, models.Node, marker)
            return _paginate(query, models.Node, limit, marker, sort_key,
                             sort_dir)

    def get_node_page(self, columns, filters=None, share=None, after=None,
                      limit=None):
        """Some columns of the nodes matching ``filters``, by id, for the
        conductors' periodic tasks: keyset paging, no objects.

        :param columns: the column names to read (``id`` always comes).
        :param share: the ``selection()`` of a hash ring share: only the
            nodes it may hold (None: every node).
        :param after: only nodes with a greater id (the last id of the
            previous page).
        :param limit: at most this many rows (None: all).
        :returns: rows with the columns as attributes.
        """
        node = models.Node
        wanted = [node.id] + [getattr(node, name) for name in columns
                              if name != 'id']
        with enginefacade.reader() as session:
            query = _filter_nodes(session.query(*wanted), filters)
            if share is not None:
                query = query.filter(_in_share(share))
            if after is not None:
                query = query.filter(node.id > after)
            query = query.order_by(node.id)
            if limit is not None:
                query = query.limit(limit)
            return query.all()

    def update_node(self, ident, values, locked_by=None):
        """Update a node's columns; returns the row.

        :param locked_by: write only while this host holds the node's lock
            (a conductor's task), in the same transaction.
        :raises: NodeNotFound, DuplicateName, InstanceAssociated,
            NodeLockLost (``locked_by`` no longer holds the lock)
        """
        values = dict(values)
        traits = values.pop('traits', None)
        if ('provision_state' in values
                and 'provision_updated_at' not in values):
            values['provision_updated_at'] = timeutils.utcnow()
        row = self._update(models.Node, ident, values, locked_by)
        if traits is not None:
            self.set_node_traits(row.id, traits, values.get('version'))
            row = self.get_node(row.id)
        return row

    def destroy_node(self, ident):
        """Delete a node with its traits, ports, port groups, volume
        connectors and targets and BIOS settings. :raises: NodeNotFound"""
        with enginefacade.writer() as session:
            node = _get_one(session, models.Node, ident)
            self.delete_node_volumes(session, node.id)
            self.delete_node_bios_settings(session, node.id)
            self.delete_node_allocations(session, node.id)
            session.query(models.Port).filter_by(node_id=node.id).delete()
            session.query(models.Portgroup).filter_by(
                node_id=node.id).delete()
            session.query(models.NodeTrait).filter_by(
                node_id=node.id).delete()
            session.query(models.Node).filter_by(id=node.id).delete()

    def reserve_node(self, tag, ident):
        """Atomically take a node's lock for ``tag`` (a conductor host).

        :returns: the node row, locked.
        :raises: NodeLocked when another holder has it, NodeNotFound.
        """
        with enginefacade.writer() as session:
            node = _get_one(session, models.Node, ident)
            count = session.execute(
                sa.update(models.Node)
                .where(models.Node.id == node.id,
                       models.Node.reservation.is_(None))
                .values(reservation=tag)
                .execution_options(synchronize_session=False)).rowcount
            session.refresh(node)
            if count != 1:
                raise exception.NodeLocked(node=node.uuid,
                                           host=node.reservation)
            return node

    def steal_node_lock(self, old_tag, new_tag, ident):
        """Atomically move a node's lock from ``old_tag`` (a dead holder)
        to ``new_tag``; returns the node row.

        :raises: NodeNotLocked when ``old_tag`` no longer holds it.
        """
        with enginefacade.writer() as session:
            node = _get_one(session, models.Node, ident)
            count = session.execute(
                sa.update(models.Node)
                .where(models.Node.id == node.id,
                       models.Node.reservation == old_tag)
                .values(reservation=new_tag)
                .execution_options(synchronize_session=False)).rowcount
            if count != 1:
                raise exception.NodeNotLocked(node=node.uuid, host=old_tag)
            session.refresh(node)
            return node

    def release_node(self, tag, ident):
        """Release a lock ``tag`` holds.

        :raises: NodeNotLocked when ``tag`` does not hold it, NodeNotFound.
        """
        with enginefacade.writer() as session:
            count = session.execute(
                sa.update(models.Node)
                .where(_ident_filter(models.Node, ident),
                       models.Node.reservation == tag)
                .values(reservation=None)
                .execution_options(synchronize_session=False)).rowcount
            if count != 1:
                node = _get_one(session, models.Node, ident)
                raise exception.NodeNotLocked(node=node.uuid, host=tag)

    def count_nodes_without_uuid_hash(self):
        """Nodes an older release created, without ``uuid_hash``."""
        with enginefacade.reader() as session:
            return session.query(sa.func.count(models.Node.id)).filter(
                models.Node.uuid_hash.is_(None)).scalar()

    def fill_node_uuid_hashes(self, max_count):
        """Record ``uuid_hash`` on at most ``max_count`` nodes without one,
        in one transaction (``updated_at`` kept: nothing a user set
        changed). :returns: how many."""
        node = models.Node
        table = node.__table__
        with enginefacade.writer() as session:
            rows = session.query(node.id, node.uuid).filter(
                node.uuid_hash.is_(None)).order_by(node.id).limit(
                max_count).all()
            if not rows:
                return 0
            statement = table.update().where(
                table.c.id == sa.bindparam('b_id'),
                table.c.uuid_hash.is_(None)).values(
                uuid_hash=sa.bindparam('b_hash'),
                updated_at=table.c.updated_at)
            session.execute(statement, [
                {'b_id': ident, 'b_hash': hash_ring.uuid_hash(node_uuid)}
                for ident, node_uuid in rows])
            return len(rows)

    # -- node traits --

    def set_node_traits(self, node_id, traits, version):
        """Replace all traits of a node; returns the new trait rows."""
        with enginefacade.writer() as session:
            _get_one(session, models.Node, node_id)
            session.query(models.NodeTrait).filter_by(
                node_id=node_id).delete()
            rows = [models.NodeTrait(node_id=node_id, trait=trait,
                                     version=version)
                    for trait in sorted(set(traits))]
            session.add_all(rows)
            session.flush()
            return rows

    def get_node_traits_by_node_id(self, node_id):
        with enginefacade.reader() as session:
            _get_one(session, models.Node, node_id)
            return (session.query(models.NodeTrait)
                    .filter_by(node_id=node_id)
                    .order_by(models.NodeTrait.trait).all())

    def add_node_trait(self, node_id, trait, version):
        """Add one trait (no-op when present); returns its row."""
        with enginefacade.writer() as session:
            _get_one(session, models.Node, node_id)
            row = session.get(models.NodeTrait, (node_id, trait))
            if row is None:
                row = models.NodeTrait(node_id=node_id, trait=trait,
                                       version=version)
                session.add(row)
                session.flush()
            return row

    def delete_node_trait(self, node_id, trait):
        """:raises: NodeNotFound, NodeTraitNotFound"""
        with enginefacade.writer() as session:
            _get_one(session, models.Node, node_id)
            count = session.query(models.NodeTrait).filter_by(
                node_id=node_id, trait=trait).delete()
            if not count:
                raise exception.NodeTraitNotFound(node_id=node_id,
                                                  trait=trait)

    # -- ports, portgroups, chassis --

    def create_port(self, values):
        return self._create(models.Port, values)

    def get_port(self, ident):
        return self._get(models.Port, ident)

    def get_port_list(self, filters=None, **page):
        return self._list(models.Port, filters, **page)

    def update_port(self, ident, values):
        return self._update(models.Port, ident, values)

    def destroy_port(self, ident):
        self._destroy(models.Port, ident)

    def create_portgroup(self, values):
        return self._create(models.Portgroup, values)

    def get_portgroup(self, ident):
        return self._get(models.Portgroup, ident)

    def get_portgroup_list(self, filters=None, **page):
        return self._list(models.Portgroup, filters, **page)

    def update_portgroup(self, ident, values):
        return self._update(models.Portgroup, ident, values)

    def destroy_portgroup(self, ident):
        """:raises: PortgroupNotEmpty when ports still belong to it."""
        with enginefacade.writer() as session:
            group = _get_one(session, models.Portgroup, ident)
            if session.query(models.Port).filter_by(
                    portgroup_id=group.id).count():
                raise exception.PortgroupNotEmpty(portgroup=group.uuid)
            session.delete(group)

    def create_chassis(self, values):
        return self._create(models.Chassis, values)

    def get_chassis(self, ident):
        return self._get(models.Chassis, ident)

    def get_chassis_list(self, filters=None, **page):
        return self._list(models.Chassis, filters, **page)

    def update_chassis(self, ident, values, expected=None):
        """Update a chassis; returns the row.

        :param expected: {column: value} the change was based on: checked
            and written in one transaction, on the row locked for update
            (on SQLite, a writer that committed meanwhile makes the write
            fail and the transaction run again).
        :raises: ChassisNotFound, ConcurrentUpdate
        """
        if expected is None:
            return self._update(models.Chassis, ident, values)
        with enginefacade.writer() as session:
            row = session.query(models.Chassis).filter(
                _ident_filter(models.Chassis, ident)).with_for_update(
            ).first()
            if row is None:
                raise _not_found(models.Chassis, ident)
            if any(row[name] != value for name, value in expected.items()):
                raise exception.ConcurrentUpdate(resource='Chassis',
                                                 ident=row.uuid)
            row.update(values)
            session.flush()
            return row

    def destroy_chassis(self, ident):
        """:raises: ChassisNotEmpty when nodes still belong to it."""
        with enginefacade.writer() as session:
            chassis = _get_one(session, models.Chassis, ident)
            if session.query(models.Node).filter_by(
                    chassis_id=chassis.id).count():
                raise exception.ChassisNotEmpty(chassis=chassis.uuid)
            session.delete(chassis)

    # -- conductors --

    def register_conductor(self, values, update_existing=False):
        """Register (or re-register) a conductor host, online unless
        ``values`` says ``online: False``; its heartbeat is now.

        :param values: column values; ``drivers`` (the column that repeats
            conductor_hardware_interfaces, not mapped) is written only
            when given.
        :raises: ConductorAlreadyRegistered when an online conductor has the
            hostname and ``update_existing`` is False.
        """
        values = dict(values)
        drivers = values.pop('drivers', _NOT_GIVEN)
        with enginefacade.writer() as session:
            row = session.query(models.Conductor).filter_by(
                hostname=values['hostname']).first()
            if row is None:
                row = models.Conductor()
                session.add(row)
            elif row.online and not update_existing:
                raise exception.ConductorAlreadyRegistered(
                    conductor=values['hostname'])
            row.update(dict({'online': True}, **values))
            row.updated_at = enginefacade.utcnow()
            session.flush()
            if drivers is not _NOT_GIVEN:
                table = models.Conductor.__table__
                session.execute(table.update().where(
                    table.c.id == row.id).values(drivers=drivers))
            session.refresh(row)
            return row

    def get_conductor(self, hostname, online=True):
        """:raises: ConductorNotFound (``online=None`` matches any)."""
        with enginefacade.reader() as session:
            query = session.query(models.Conductor).filter_by(
                hostname=hostname)
            if online is not None:
                query = query.filter_by(online=online)
            row = query.first()
            if row is None:
                raise exception.ConductorNotFound(conductor=hostname)
            return row

    def get_conductor_list(self, filters=None, **page):
        return self._list(models.Conductor, filters, **page)

    def update_conductor(self, hostname, values):
        with enginefacade.writer() as session:
            count = session.query(models.Conductor).filter_by(
                hostname=hostname).update(dict(values),
                                          synchronize_session=False)
            if not count:
                raise exception.ConductorNotFound(conductor=hostname)

    def touch_conductor(self, hostname, online=True, pin=_NOT_GIVEN,
                        pin_source=_NOT_GIVEN):
        """Record a heartbeat at the database's time, and whether the
        conductor takes new work (``online``: False while it stops or
        cannot reach the broker; the hash rings then leave it out, but its
        locks stay its own since it is alive); with ``pin`` and
        ``pin_source``, the pin it speaks now and where it comes from."""
        values = {'updated_at': enginefacade.utcnow(),
                  'online': bool(online)}
        if pin is not _NOT_GIVEN:
            values['pin_release_version'] = pin
        if pin_source is not _NOT_GIVEN:
            values['pin_source'] = pin_source
        self.update_conductor(hostname, values)

    def unregister_conductor(self, hostname):
        """Mark a conductor offline.

        Its interface list stays, as what it served when it last ran
        (the hardware types /v1/conductors shows); every reader of what
        the fleet serves takes online conductors only, and the next
        registration replaces the list. Its release and pin are cleared:
        a conductor of release 1.0 started next under the same name
        registers without them, and must not look like this one.
        """
        with enginefacade.writer() as session:
            row = session.query(models.Conductor).filter_by(
                hostname=hostname, online=True).first()
            if row is None:
                raise exception.ConductorNotFound(conductor=hostname)
            row.online = False
            row.release_version = None
            row.pin_release_version = None
            row.pin_source = None

    def register_conductor_hardware_interfaces(self, conductor_id,
                                               interfaces):
        """Replace what a conductor serves.

        :param interfaces: dicts with hardware_type, interface_type,
            interface_name and default.
        """
        with enginefacade.writer() as session:
            session.query(models.ConductorHardwareInterface).filter_by(
                conductor_id=conductor_id).delete()
            session.add_all(models.ConductorHardwareInterface(
                conductor_id=conductor_id, **iface) for iface in interfaces)

    def get_conductor_hardware_interfaces(self, conductor_id):
        with enginefacade.reader() as session:
            return session.query(models.ConductorHardwareInterface).filter_by(
                conductor_id=conductor_id).all()

    def get_conductor_hardware_types(self, conductor_ids):
        """``{conductor id: sorted hardware types it registered}`` for
        ``conductor_ids`` (an id that registered none is left out)."""
        iface = models.ConductorHardwareInterface
        if not conductor_ids:
            return {}
        with enginefacade.reader() as session:
            rows = session.query(iface.conductor_id,
                                 iface.hardware_type).filter(
                iface.conductor_id.in_(sorted(set(conductor_ids)))
            ).distinct().all()
        result = {}
        for conductor_id, hw_type in rows:
            result.setdefault(conductor_id, []).append(hw_type)
        return {key: sorted(value) for key, value in result.items()}

    def _alive_since(self, session, heartbeat_timeout):
        """Online conductors whose last heartbeat is at most
        ``heartbeat_timeout`` seconds old (None: any age)."""
        if heartbeat_timeout is None:
            return models.Conductor.online.is_(True)
        return sa.and_(models.Conductor.online.is_(True),
                       _heartbeat_since(session, heartbeat_timeout))

    def get_active_hardware_types(self, heartbeat_timeout):
        """``{(hardware type, conductor group): {hostname, ...}}`` over the
        online conductors that heartbeat within ``heartbeat_timeout``
        seconds by the database's clock (None: however long ago)."""
        with enginefacade.reader() as session:
            rows = session.query(
                models.ConductorHardwareInterface.hardware_type,
                models.Conductor.conductor_group,
                models.Conductor.hostname).join(
                models.Conductor,
                models.Conductor.id ==
                models.ConductorHardwareInterface.conductor_id).filter(
                self._alive_since(session, heartbeat_timeout)
            ).distinct().all()
        result = {}
        for hw_type, group, hostname in rows:
            result.setdefault((hw_type, group or ''), set()).add(hostname)
        return result

    def get_conductor_releases(self):
        """``{hostname: release}`` of the online conductors; the release is
        None for a conductor of 1.0, which does not record it."""
        with enginefacade.reader() as session:
            rows = session.query(
                models.Conductor.hostname,
                models.Conductor.release_version).filter(
                models.Conductor.online.is_(True)).all()
        return {hostname: release for hostname, release in rows}

    def get_hardware_type_interfaces(self, hardware_type,
                                     heartbeat_timeout):
        """What the live conductors serve for ``hardware_type``: dicts of
        interface_type, interface_name and default (duplicates across
        conductors merged)."""
        iface = models.ConductorHardwareInterface
        with enginefacade.reader() as session:
            rows = session.query(
                iface.interface_type, iface.interface_name,
                iface.default).join(
                models.Conductor,
                models.Conductor.id == iface.conductor_id).filter(
                iface.hardware_type == hardware_type,
                self._alive_since(session, heartbeat_timeout)
            ).distinct().all()
        return [{'interface_type': row[0], 'interface_name': row[1],
                 'default': bool(row[2])} for row in rows]

    def database_time(self):
        """The database's clock (UTC, naive): what heartbeats are judged
        by, for callers that judge them themselves."""
        with enginefacade.reader() as session:
            return _db_now(session)

    def get_alive_conductors(self, heartbeat_timeout):
        """Hostnames of the conductors seen within the timeout, online or
        not: one that went offline to stop gracefully still finishes the
        work it holds locks for, and heartbeats meanwhile, so its locks
        are not those of a dead conductor. Judged by the database's clock.
        """
        with enginefacade.reader() as session:
            rows = session.query(models.Conductor.hostname).filter(
                _heartbeat_since(session, heartbeat_timeout)).all()
        return {row[0] for row in rows}

    def get_last_heartbeats(self, hostnames):
        """``{hostname: time of its last heartbeat}`` (database clock) for
        the registered ones among ``hostnames``."""
        with enginefacade.reader() as session:
            rows = session.query(models.Conductor.hostname,
                                 _LAST_HEARTBEAT).filter(
                models.Conductor.hostname.in_(sorted(hostnames))).all()
        return {hostname: last for hostname, last in rows}

    def get_nodes_reserved_by_others(self, hostnames):
        """(node uuid, reservation, driver, conductor group) of the nodes
        locked by a host that is not in ``hostnames``."""
        with enginefacade.reader() as session:
            query = session.query(models.Node.uuid, models.Node.reservation,
                                  models.Node.driver,
                                  models.Node.conductor_group)
            query = query.filter(models.Node.reservation.isnot(None))
            if hostnames:
                query = query.filter(
                    models.Node.reservation.notin_(sorted(hostnames)))
            return [tuple(row) for row in query.all()]

    # -- API services (release 2.0) --

    def register_api_service(self, name, values):
        """Record (or refresh) a running API service."""
        with enginefacade.writer() as session:
            row = session.query(models.ApiService).filter_by(
                name=name).first()
            if row is None:
                row = models.ApiService(name=name)
                session.add(row)
            row.update(values)
            row.updated_at = enginefacade.utcnow()

    def unregister_api_service(self, name):
        with enginefacade.writer() as session:
            session.query(models.ApiService).filter_by(name=name).delete()

    def get_api_service_maxima(self, timeout):
        """The max_version of every API service seen within ``timeout``
        seconds (by the database's clock)."""
        with enginefacade.reader() as session:
            limit_at = _db_now(session) - datetime.timedelta(seconds=timeout)
            rows = session.query(models.ApiService.max_version).filter(
                models.ApiService.updated_at >= limit_at).all()
        return [row[0] for row in rows]

    # -- object versions (online migrations and upgrade checks) --

    def get_version_counts(self, obj_name):
        """{version: row count} for the table behind ``obj_name``."""
        model = models.VERSIONED_MODELS[obj_name]
        with enginefacade.reader() as session:
            rows = session.query(model.version, sa.func.count()).group_by(
                model.version).all()
        return {version: count for version, count in rows}

    def bump_versions(self, obj_name, from_versions, to_version, max_count):
        """Set ``version`` to ``to_version`` on at most ``max_count`` rows now
        in ``from_versions`` (None in it matches rows with no version).

        For versions whose stored data needs no change. :returns: the count.
        """
        model = models.VERSIONED_MODELS[obj_name]
        keys = list(model.__table__.primary_key.columns)
        match = _version_match(model, from_versions)
        with enginefacade.writer() as session:
            batch = session.query(*keys).filter(match).limit(max_count).all()
            if not batch:
                return 0
            key_match = sa.tuple_(*keys).in_([tuple(row) for row in batch])
            if len(keys) == 1:
                key_match = keys[0].in_([row[0] for row in batch])
            return session.query(model).filter(key_match, match).update(
                {'version': to_version}, synchronize_session=False)

    def get_rows_at_versions(self, obj_name, versions, max_count,
                             after=None):
        """At most ``max_count`` rows of ``obj_name`` written in ``versions``
        (None in it matches rows with no version), by id after ``after``
        (keyset paging), in one query, for online migrations that convert
        them: [(values, stored)] with ``values`` {column: value as the
        model reads it} and ``stored`` {column: value as stored}, what
        :meth:`write_converted_rows` checks. Relationships are not read.
        """
        model = models.VERSIONED_MODELS[obj_name]
        table = model.__table__
        match = _version_match(model, versions)
        raw = [sa.type_coerce(column, _stored_type(column)).label(column.key)
               for column in table.columns]
        query = sa.select(*raw).where(match).order_by(table.c.id)
        if after is not None:
            query = query.where(table.c.id > after)
        with enginefacade.reader() as session:
            dialect = session.bind.dialect
            rows = session.execute(query.limit(max_count)).mappings().all()
        decoders = {column.key: column.type.process_result_value
                    for column in table.columns
                    if isinstance(column.type, sa.types.TypeDecorator)}
        result = []
        for row in rows:
            values = dict(row)
            for key, decode in decoders.items():
                values[key] = decode(values[key], dialect)
            result.append((values, dict(row)))
        return result

    def write_converted_rows(self, obj_name, rows):
        """Write converted rows of ``obj_name`` in one transaction: one
        UPDATE per ``_CONVERTED_PER_STATEMENT`` rows that write the same
        columns (their values and checks chosen by id with CASE; statements
        of the same shape compile once).

        :param rows: [(id, stored, values)]: ``values`` the columns to
            write (``version`` among them), ``stored`` what
            :meth:`get_rows_at_versions` read. A row is written only while
            its version and the columns written still hold what was read
            and no conductor has it locked (``reservation``): a writer that
            changed it meanwhile keeps its change, and the row stays to
            migrate again.
        :returns: the number of rows written.
        """
        model = models.VERSIONED_MODELS[obj_name]
        table = model.__table__
        groups = {}
        for ident, stored, values in rows:
            groups.setdefault(tuple(sorted(values)), []).append(
                (ident, stored, values))
        # Built before the transaction: its row locks last only as long
        # as the statements run.
        dialect = enginefacade.get_engine().dialect
        statements = [
            _converted_rows_update(
                table, keys, group[start:start + _CONVERTED_PER_STATEMENT],
                dialect)
            for keys, group in sorted(groups.items())
            for start in range(0, len(group), _CONVERTED_PER_STATEMENT)]
        written = 0
        with enginefacade.writer() as session:
            for statement in statements:
                written += session.execute(statement).rowcount
        return written
