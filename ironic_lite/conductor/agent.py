"""RPC endpoints a node's ramdisk reaches through the API: its lookup
(``get_node_with_token``, RPC 2.3) and its heartbeat.

A mixin of :class:`ironic_lite.conductor.manager.ConductorManager`.
Callers are not authenticated (the ramdisk has no credentials), so both
answer as for a missing node (NodeNotFound) unless the node is in a
state where its ramdisk is expected, and change nothing then. The agent
token (:mod:`ironic_lite.common.agent_token`) is issued and checked here,
under the node's exclusive lock.
"""

import logging

from ironic_lite.common import agent_token as tokens
from ironic_lite.common import exception
from ironic_lite.common import states
from ironic_lite.conductor import provisioning
from ironic_lite.conductor import utils
from ironic_lite import objects

LOG = logging.getLogger(__name__)

#: The marker of an RPC method (see conductor.utils).
expected = utils.expected

#: driver_internal_info keys a heartbeat records besides the callback URL
#: and the agent's version.
AGENT_VERIFY_CA = 'agent_verify_ca'
AGENT_STATUS = 'agent_status'
AGENT_STATUS_MESSAGE = 'agent_status_message'
#: The values ``agent_status`` may take (API 1.72).
AGENT_STATUSES = ('start', 'end', 'error')


class AgentMethods:
    """get_node_with_token, heartbeat."""

    @expected
    def get_node_with_token(self, context, node_id):
        """(RPC 2.3) The node a ramdisk looks up, with its agent token the
        first time: ``{'node': Node, 'agent_token': str or None}``; None
        when the node already had a token (it is never given twice).

        :raises: NodeNotFound (also for a node in a state where no
            ramdisk runs), NodeLocked
        """
        with self._acquire(context, node_id, purpose='lookup') as task:
            node = task.node
            if node.provision_state not in states.LOOKUP_STATES:
                raise exception.NodeNotFound(node=node_id)
            token = None
            if not tokens.present(node):
                token = tokens.issue(node)
                node.save()
                LOG.info('Agent token issued for node %s', node.uuid)
            else:
                LOG.warning('Node %s was looked up again while its agent '
                            'token exists; the token is not given again',
                            node.uuid)
            return {'node': node, 'agent_token': token}

    @expected
    def heartbeat(self, context, node_id, callback_url, agent_version=None,
                  agent_token=None, agent_verify_ca=None, agent_status=None,
                  agent_status_message=None):
        """Take a heartbeat of the node's ramdisk (the arguments after
        ``agent_version`` from RPC 2.3).

        A node that does not wait for its ramdisk is not changed and
        answers as a missing one, whatever the API that calls (older ones
        do not check). A node with an agent token takes the heartbeat only
        with that token: AgentTokenRefused otherwise, nothing changed.

        ``agent_status`` (start, end, error) and its message are recorded;
        ``error`` fails the operation the node waits in.

        :raises: NodeNotFound, NodeLocked, AgentTokenRefused,
            InvalidParameterValue (an unknown agent_status)
        """
        if objects.Node.get(context, node_id).provision_state not in \
                states.WAIT_STATES:
            raise exception.NodeNotFound(node=node_id)
        if agent_status is not None and agent_status not in AGENT_STATUSES:
            raise exception.InvalidParameterValue(
                err='Unknown agent_status %r; expected one of %s'
                    % (agent_status, ', '.join(AGENT_STATUSES)))
        with self._acquire(context, node_id, purpose='heartbeat') as task:
            node = task.node
            if node.provision_state not in states.WAIT_STATES:
                raise exception.NodeNotFound(node=node_id)
            if (tokens.present(node)
                    and not tokens.matches(node, agent_token)):
                LOG.warning('Heartbeat of node %s refused: %s agent token',
                            node.uuid,
                            'a wrong' if agent_token else 'no')
                raise exception.AgentTokenRefused(node=node.uuid)
            info = dict(node.driver_internal_info)
            info['agent_url'] = callback_url
            info['agent_version'] = agent_version
            if agent_verify_ca is not None:
                info[AGENT_VERIFY_CA] = agent_verify_ca
            if agent_status is not None:
                info[AGENT_STATUS] = agent_status
                info[AGENT_STATUS_MESSAGE] = agent_status_message
            node.driver_internal_info = info
            node.save()
            # The deploy interface may drive the BMC (reboots): in a
            # worker, not in the RPC thread.
            task.spawn_after(provisioning.heartbeat, task,
                             self.conductor.id, callback_url, agent_version,
                             agent_status, agent_status_message)
