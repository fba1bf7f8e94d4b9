"""DB API queries of allocations (release 3.0, API 1.52).

A mixin of :class:`ironic_lite.db.sqlalchemy.api.Connection`, kept apart
so that module stays small. An allocation and its node point at each
other (``allocations.node_id``, ``nodes.allocation_id``); a node is
claimed for an allocation by one conditional UPDATE
(:meth:`AllocationQueries.claim_node`), so two allocations never get the
same node, whichever conductors fill them.
"""

import sqlalchemy as sa

from ironic_lite.common import exception
from ironic_lite.db.sqlalchemy import enginefacade
from ironic_lite.db.sqlalchemy import models

#: The provision state a node must be in to be allocated.
AVAILABLE = 'available'


def not_found(model, ident):
    """The NotFound of the allocation model, or None for another model."""
    if model is models.Allocation:
        return exception.AllocationNotFound(allocation=ident)
    return None


def conflict(error, model, values):
    """The Conflict a duplicate allocation means, or None for another
    model (``error``: oslo.db's DBDuplicateEntry)."""
    if model is not models.Allocation:
        return None
    if 'name' in set(error.columns or ()):
        return exception.AllocationDuplicateName(name=values.get('name'))
    return exception.AllocationAlreadyExists(uuid=values.get('uuid'))


def _get_row(session, ident):
    from ironic_lite.db.sqlalchemy import api as sql_api
    return sql_api._get_one(session, models.Allocation, ident)


class AllocationQueries:
    """Create, read, update and delete allocations; claim and free nodes.

    Filters of the list are exact column matches (``node_id``,
    ``resource_class``, ``state``, ``owner``).
    """

    def create_allocation(self, values):
        """:raises: AllocationDuplicateName, AllocationAlreadyExists"""
        values = dict(values)
        values.setdefault('state', 'allocating')
        return self._create(models.Allocation, values)

    def get_allocation(self, ident):
        """By id, UUID or name. :raises: AllocationNotFound"""
        return self._get(models.Allocation, ident)

    def get_allocation_list(self, filters=None, **page):
        return self._list(models.Allocation, filters, **page)

    def update_allocation(self, ident, values, expected=None):
        """Update an allocation; returns the row.

        :param expected: {column: value} the change was based on, checked
            and written in one transaction (None: no check).
        :raises: AllocationNotFound, AllocationDuplicateName,
            ConcurrentUpdate
        """
        if expected is None:
            return self._update(models.Allocation, ident, values)
        from ironic_lite.db.sqlalchemy import api as sql_api
        try:
            with enginefacade.writer() as session:
                row = session.query(models.Allocation).filter(
                    sql_api._ident_filter(models.Allocation, ident)
                ).with_for_update().first()
                if row is None:
                    raise exception.AllocationNotFound(allocation=ident)
                if any(row[name] != value
                       for name, value in expected.items()):
                    raise exception.ConcurrentUpdate(resource='Allocation',
                                                     ident=row.uuid)
                row.update(values)
                session.flush()
                return row
        except sql_api.db_exc.DBDuplicateEntry as e:
            raise sql_api._duplicate_to_conflict(e, models.Allocation,
                                                 values)

    def destroy_allocation(self, ident):
        """Delete an allocation and free its node (the node's
        ``allocation_id`` and the ``instance_uuid`` the allocation set),
        in one transaction. :raises: AllocationNotFound"""
        with enginefacade.writer() as session:
            row = _get_row(session, ident)
            node = models.Node
            session.execute(
                sa.update(node).where(node.allocation_id == row.id)
                .values(allocation_id=None)
                .execution_options(synchronize_session=False))
            session.execute(
                sa.update(node).where(node.id == row.node_id,
                                      node.instance_uuid == row.uuid)
                .values(instance_uuid=None)
                .execution_options(synchronize_session=False))
            session.delete(row)

    @staticmethod
    def delete_node_allocations(session, node_id):
        """Delete a node's allocations in ``session`` (the node's
        deletion; the foreign key would cascade, this says it where it
        happens)."""
        session.query(models.Allocation).filter_by(node_id=node_id).delete()

    def claim_node(self, node_id, values, locked_by, backfill=False):
        """Give a node to an allocation: write ``values`` (the node's
        ``allocation_id``, ``instance_uuid`` ...) only if, in the same
        UPDATE, the node is still held by ``locked_by`` and free for an
        allocation: no allocation, and either (a new allocation)
        available, not in maintenance, not retired and with no instance,
        or (``backfill``) no instance other than ``values``'
        ``instance_uuid``.

        :returns: whether the node was claimed (False: another writer
            took it, or its lock, first).
        """
        node = models.Node
        conditions = [node.id == node_id, node.reservation == locked_by,
                      node.allocation_id.is_(None)]
        if backfill:
            conditions.append(sa.or_(
                node.instance_uuid.is_(None),
                node.instance_uuid == values['instance_uuid']))
        else:
            conditions += [node.instance_uuid.is_(None),
                           node.provision_state == AVAILABLE,
                           node.maintenance.is_(False),
                           node.retired.is_(False)]
        with enginefacade.writer() as session:
            count = session.execute(
                sa.update(node).where(*conditions).values(**values)
                .execution_options(synchronize_session=False)).rowcount
        return count == 1
