"""RPC endpoints of a node's VIFs (RPC 1.4, API 1.28).

A mixin of :class:`ironic_lite.conductor.manager.ConductorManager`. The
node's network interface keeps the VIFs (the ``noop`` one on the node's
ports and port groups, see :mod:`ironic_lite.drivers.modules.network`).
Attach and detach run under the node's exclusive lock, so that two
requests never pick the same free port; the list only reads (a shared
task), and answers while another task holds the lock. None talks to a
BMC: each finishes in the RPC thread.
"""

from ironic_lite.conductor import utils

#: The marker of an RPC method (see conductor.utils).
expected = utils.expected


class VifMethods:
    """vif_list, vif_attach and vif_detach."""

    @expected
    def vif_list(self, context, node_id):
        """(RPC 1.4) The node's VIFs, ``[{'id': ...}, ...]``.

        :raises: NodeNotFound
        """
        with self._acquire(context, node_id, shared=True,
                           purpose='list vifs') as task:
            task.driver.network.validate(task)
            return task.driver.network.vif_list(task)

    @expected
    def vif_attach(self, context, node_id, vif_info):
        """(RPC 1.4) Attach the VIF ``vif_info['id']`` to the node.

        :param vif_info: the request's body (``id`` and any other keys).
        :raises: NodeLocked, NodeNotFound, VifAlreadyAttached,
            NoFreePhysicalPorts
        """
        with self._acquire(context, node_id, purpose='attach vif') as task:
            task.driver.network.validate(task)
            task.driver.network.vif_attach(task, vif_info)

    @expected
    def vif_detach(self, context, node_id, vif_id):
        """(RPC 1.4) :raises: NodeLocked, NodeNotFound, VifNotAttached"""
        with self._acquire(context, node_id, purpose='detach vif') as task:
            task.driver.network.validate(task)
            task.driver.network.vif_detach(task, vif_id)
