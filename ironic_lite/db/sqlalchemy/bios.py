"""DB API queries of nodes' cached BIOS settings (release 2.0).

A mixin of :class:`ironic_lite.db.sqlalchemy.api.Connection`, as the
volume queries are. A node's settings are written all at once, by the
conductor that holds the node's lock, from what the node's BIOS
interface read; the API only reads them.
"""

from ironic_lite.common import exception
from ironic_lite.db.sqlalchemy import enginefacade
from ironic_lite.db.sqlalchemy import models


def _node(session, node_id, locked_by=None):
    """The node row, locked for the transaction when ``locked_by`` must
    hold it. :raises: NodeNotFound, NodeLockLost"""
    query = session.query(models.Node).filter(models.Node.id == node_id)
    if locked_by is not None:
        query = query.with_for_update()
    node = query.first()
    if node is None:
        raise exception.NodeNotFound(node=node_id)
    if locked_by is not None and node.reservation != locked_by:
        raise exception.NodeLockLost(node=node.uuid, host=locked_by)
    return node


class BIOSQueries:
    """Replace and read a node's BIOS settings."""

    def set_bios_settings(self, node_id, settings, version, locked_by=None):
        """Make the node's settings exactly ``settings`` in one
        transaction: new names are added, changed values updated (their
        ``updated_at`` moves), names no longer there deleted; unchanged
        rows are left alone (their timestamps stay).

        :param settings: ``{name: value}``.
        :param version: the object version the written rows carry.
        :param locked_by: write only while this host holds the node's
            lock (checked in the same transaction).
        :returns: the node's rows after the change, by name.
        :raises: NodeNotFound, NodeLockLost
        """
        with enginefacade.writer() as session:
            _node(session, node_id, locked_by)
            rows = {row.name: row for row in session.query(
                models.BIOSSetting).filter_by(node_id=node_id)}
            for name, row in rows.items():
                if name not in settings:
                    session.delete(row)
            for name, value in settings.items():
                row = rows.get(name)
                if row is None:
                    session.add(models.BIOSSetting(
                        node_id=node_id, name=name, value=value,
                        version=version))
                elif row.value != value or row.version != version:
                    row.update({'value': value, 'version': version})
            session.flush()
            return (session.query(models.BIOSSetting)
                    .filter_by(node_id=node_id)
                    .order_by(models.BIOSSetting.name).all())

    def get_bios_settings_by_node_id(self, node_id):
        """The node's settings by name. :raises: NodeNotFound"""
        with enginefacade.reader() as session:
            _node(session, node_id)
            return (session.query(models.BIOSSetting)
                    .filter_by(node_id=node_id)
                    .order_by(models.BIOSSetting.name).all())

    def get_bios_setting(self, node_id, name):
        """:raises: NodeNotFound, BIOSSettingNotFound"""
        with enginefacade.reader() as session:
            node = _node(session, node_id)
            row = session.get(models.BIOSSetting, (node_id, name))
            if row is None:
                raise exception.BIOSSettingNotFound(node=node.uuid,
                                                    name=name)
            return row

    @staticmethod
    def delete_node_bios_settings(session, node_id):
        """Delete a node's settings in ``session`` (the node's deletion;
        the foreign key would cascade, this says it where it happens)."""
        session.query(models.BIOSSetting).filter_by(node_id=node_id).delete()
