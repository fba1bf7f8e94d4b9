"""RPC endpoints of volume connectors and targets (RPC 1.3, API 1.32).

A mixin of :class:`ironic_lite.conductor.manager.ConductorManager`. Each
method changes one row under the lock of the node it belongs to, in the
RPC thread: none talks to a BMC (the client's short RPC timeout fits).

The rules, as Ironic's: a connector or target is created on any node,
but updated or deleted only while its node is powered off
(NodeNotPoweredOff, 400); moving one to another node needs both nodes
powered off and both locks. The ``noop`` storage interface, the only one
here, ignores them: a node deploys and boots from its own disks whatever
volumes it lists.
"""

from ironic_lite.common import exception
from ironic_lite.common import states
from ironic_lite.conductor import utils

#: The marker of an RPC method (see conductor.utils).
expected = utils.expected


def _check_powered_off(node, action):
    """:raises: NodeNotPoweredOff unless ``node`` is powered off."""
    if node.power_state != states.POWER_OFF:
        raise exception.NodeNotPoweredOff(action=action, node=node.uuid,
                                          state=node.power_state)


class VolumeMethods:
    """create/update/destroy_volume_connector and _volume_target."""

    def _create_volume(self, context, obj, purpose):
        with self._acquire(context, obj.node_id, purpose=purpose):
            obj.create()
        return obj

    def _update_volume(self, context, obj, expected, purpose):
        """Save ``obj``'s changes under its node's lock (and the lock of
        the node it leaves), both nodes powered off, if the stored row
        still holds ``expected`` (None: no check)."""
        left = (expected or {}).get('node_id', obj.node_id)
        with self._acquire(context, left, purpose=purpose) as task:
            _check_powered_off(task.node, purpose)
            if left == obj.node_id:
                self._save_volume(context, obj, expected)
                return obj
            with self._acquire(context, obj.node_id,
                               purpose=purpose) as joined:
                _check_powered_off(joined.node, purpose)
                self._save_volume(context, obj, expected)
        return obj

    @staticmethod
    def _save_volume(context, obj, expected):
        if expected is not None:
            utils.check_unchanged(type(obj).get(context, obj.id), expected)
        obj.save()

    def _destroy_volume(self, context, obj, purpose):
        with self._acquire(context, obj.node_id, purpose=purpose) as task:
            _check_powered_off(task.node, purpose)
            # NOTE: moved to another node meanwhile: this is the wrong lock.
            utils.check_unchanged(type(obj).get(context, obj.id),
                                  {'node_id': task.node.id})
            obj.destroy()

    @expected
    def create_volume_connector(self, context, connector_obj):
        """(RPC 1.3) Create a connector under its node's lock.

        :raises: NodeLocked, NodeNotFound,
            VolumeConnectorTypeAndIdAlreadyExists,
            VolumeConnectorAlreadyExists
        """
        return self._create_volume(context, connector_obj,
                                   'volume connector creation')

    @expected
    def update_volume_connector(self, context, connector_obj,
                                expected=None):
        """(RPC 1.3) Save a connector's changes; ``expected`` as for
        ``update_node``.

        :raises: NodeNotPoweredOff, ConcurrentUpdate, NodeLocked,
            VolumeConnectorTypeAndIdAlreadyExists, VolumeConnectorNotFound
        """
        return self._update_volume(context, connector_obj, expected,
                                   'volume connector update')

    @expected
    def destroy_volume_connector(self, context, connector_obj):
        """(RPC 1.3) :raises: NodeNotPoweredOff, NodeLocked,
        ConcurrentUpdate (moved meanwhile), VolumeConnectorNotFound"""
        self._destroy_volume(context, connector_obj,
                             'volume connector deletion')

    @expected
    def create_volume_target(self, context, target_obj):
        """(RPC 1.3) Create a target under its node's lock.

        :raises: NodeLocked, NodeNotFound,
            VolumeTargetBootIndexAlreadyExists, VolumeTargetAlreadyExists
        """
        return self._create_volume(context, target_obj,
                                   'volume target creation')

    @expected
    def update_volume_target(self, context, target_obj, expected=None):
        """(RPC 1.3) As :meth:`update_volume_connector`, for a target.

        :raises: NodeNotPoweredOff, ConcurrentUpdate, NodeLocked,
            VolumeTargetBootIndexAlreadyExists, VolumeTargetNotFound
        """
        return self._update_volume(context, target_obj, expected,
                                   'volume target update')

    @expected
    def destroy_volume_target(self, context, target_obj):
        """(RPC 1.3) As :meth:`destroy_volume_connector`, for a target."""
        self._destroy_volume(context, target_obj, 'volume target deletion')
