"""DB API queries of volume connectors and volume targets (release 2.0).

A mixin of :class:`ironic_lite.db.sqlalchemy.api.Connection`, kept apart
so that module stays small. The rows belong to a node: their foreign keys
cascade when the node is deleted, whichever release deletes it.
"""

from ironic_lite.common import exception
from ironic_lite.db.sqlalchemy import models


def not_found(model, ident):
    """The NotFound of a volume model, or None for another model."""
    if model is models.VolumeConnector:
        return exception.VolumeConnectorNotFound(connector=ident)
    if model is models.VolumeTarget:
        return exception.VolumeTargetNotFound(target=ident)
    return None


def conflict(error, model, values):
    """The Conflict a duplicate entry of a volume model means, or None
    for another model.

    :param error: oslo.db's DBDuplicateEntry (its ``columns`` name the
        constraint that refused the row).
    """
    columns = set(error.columns or ())
    if model is models.VolumeConnector:
        if columns & {'type', 'connector_id'}:
            return exception.VolumeConnectorTypeAndIdAlreadyExists(
                type=values.get('type'),
                connector_id=values.get('connector_id'))
        return exception.VolumeConnectorAlreadyExists(uuid=values.get('uuid'))
    if model is models.VolumeTarget:
        if 'boot_index' in columns:
            return exception.VolumeTargetBootIndexAlreadyExists(
                boot_index=values.get('boot_index'))
        return exception.VolumeTargetAlreadyExists(uuid=values.get('uuid'))
    return None


class VolumeQueries:
    """Create, read, update and delete volume connectors and targets.

    Filters of the lists are exact column matches (``node_id``). Creating
    or updating raises the Conflict of the unique constraint that refused
    the row (see :func:`conflict`); a lookup of a missing row raises
    VolumeConnectorNotFound or VolumeTargetNotFound.
    """

    def create_volume_connector(self, values):
        return self._create(models.VolumeConnector, values)

    def get_volume_connector(self, ident):
        """By id or UUID. :raises: VolumeConnectorNotFound"""
        return self._get(models.VolumeConnector, ident)

    def get_volume_connector_list(self, filters=None, **page):
        return self._list(models.VolumeConnector, filters, **page)

    def update_volume_connector(self, ident, values):
        return self._update(models.VolumeConnector, ident, values)

    def destroy_volume_connector(self, ident):
        self._destroy(models.VolumeConnector, ident)

    def create_volume_target(self, values):
        return self._create(models.VolumeTarget, values)

    def get_volume_target(self, ident):
        """By id or UUID. :raises: VolumeTargetNotFound"""
        return self._get(models.VolumeTarget, ident)

    def get_volume_target_list(self, filters=None, **page):
        return self._list(models.VolumeTarget, filters, **page)

    def update_volume_target(self, ident, values):
        return self._update(models.VolumeTarget, ident, values)

    def destroy_volume_target(self, ident):
        self._destroy(models.VolumeTarget, ident)

    @staticmethod
    def delete_node_volumes(session, node_id):
        """Delete a node's volume connectors and targets in ``session``
        (the node's deletion; the foreign keys would cascade, this says
        it where it happens)."""
        for model in (models.VolumeConnector, models.VolumeTarget):
            session.query(model).filter_by(node_id=node_id).delete()
