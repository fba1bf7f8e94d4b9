"""RPC endpoints of RAID configuration (RPC 1.5, API 1.12).

A mixin of :class:`ironic_lite.conductor.manager.ConductorManager`. The
target RAID configuration of a node is checked by the node's RAID
interface and saved under the node's exclusive lock, in the RPC thread:
neither method talks to a BMC. Nothing applies the target yet; it is
kept, shown (``target_raid_config``) and validated
(``POST /v1/nodes/{node}/validate`` checks it again).
"""

import logging


from ironic_lite.common import exception
from ironic_lite.conductor import utils
from ironic_lite.drivers import factory

LOG = logging.getLogger(__name__)

#: The marker of an RPC method (see conductor.utils).
expected = utils.expected


class RaidMethods:
    """set_target_raid_config and get_raid_logical_disk_properties."""

    @expected
    def set_target_raid_config(self, context, node_id, target_raid_config):
        """(RPC 1.5) Check and store the node's target RAID configuration;
        an empty one (``{}``) clears it.

        :raises: InvalidParameterValue (the node's RAID interface refuses
            it), UnsupportedDriverExtension (its RAID interface takes
            none), NodeLocked, NodeNotFound
        """
        if not isinstance(target_raid_config, dict):
            raise exception.InvalidParameterValue(
                err='The target RAID configuration must be an object')
        with self._acquire(context, node_id,
                           purpose='setting the target RAID '
                                   'configuration') as task:
            if target_raid_config:
                task.driver.raid.validate_raid_config(task,
                                                      target_raid_config)
            task.node.target_raid_config = target_raid_config
            task.node.save()
            LOG.info('Target RAID configuration of node %s %s', task.node.uuid,
                     'set' if target_raid_config else 'cleared')

    @expected
    def get_raid_logical_disk_properties(self, context, driver_name):
        """(RPC 1.5) ``{property: description}`` a logical disk may have
        for the RAID interface a new node of ``driver_name`` gets.

        :raises: DriverNotFound
        """
        return factory.default_interface(
            driver_name, 'raid').get_logical_disk_properties()
