"""RPC endpoint of NMI injection (RPC 1.6, API 1.29).

A mixin of :class:`ironic_lite.conductor.manager.ConductorManager`. The
node's management interface is checked and asked to send the NMI under
the node's exclusive lock, in the RPC thread: the caller learns whether
the BMC took it (the client keeps the long RPC timeout for this method,
see ``rpcapi.HARDWARE_IO_METHODS``). Nothing about the node changes.
"""

import logging


from ironic_lite.conductor import utils

LOG = logging.getLogger(__name__)

#: The marker of an RPC method (see conductor.utils).
expected = utils.expected


class NmiMethods:
    """inject_nmi."""

    @expected
    def inject_nmi(self, context, node_id):
        """(RPC 1.6) Send a non-maskable interrupt to the node.

        :raises: UnsupportedDriverExtension (its management interface
            cannot), MissingParameterValue, InvalidParameterValue (its
            driver_info), BMCError, NodeLocked, NodeNotFound
        """
        with self._acquire(context, node_id,
                           purpose='injecting NMI') as task:
            task.driver.management.validate(task)
            task.driver.management.inject_nmi(task)
            LOG.info('NMI sent to node %s', task.node.uuid)
