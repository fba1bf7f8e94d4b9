"""POST /v1/heartbeat/{node} (API 1.22): a node's ramdisk calls back.

Public (no credentials), as the ramdisk has none. So that nobody can
learn which nodes exist or change a node by calling it, only a node
waiting for its ramdisk (provision state in ``states.WAIT_STATES``) takes
a heartbeat; any other node answers exactly as a node that does not
exist: 404 with the same message, after the same single small query and
without asking a conductor.

The node's conductor takes the heartbeat (RPC call from conductor RPC
1.1, so a locked node answers 409 and the ramdisk retries; a cast when
capped at 1.0): 202. The conductor applies the same state rule, for
APIs of older releases.

Newer fields, each refused (406) below its version: ``agent_token``
(1.62; once the node's lookup issued a token, the conductor takes no
heartbeat without it: 400, nothing changed), ``agent_verify_ca`` (1.68,
recorded), ``agent_status`` and ``agent_status_message`` (1.72; start,
end or error: recorded, and ``error`` fails the operation the node waits
in). A heartbeat with any of them goes to a conductor of RPC 2.3.
"""

from ironic_lite.api.controllers.v1 import node as node_api
from ironic_lite.api.controllers.v1 import utils
from ironic_lite.api import microversion as mv
from ironic_lite.api import types
from ironic_lite.common import exception
from ironic_lite.common import states
from ironic_lite.db import api as db_api

SCHEMA = {
    'type': 'object',
    'properties': {
        'callback_url': {'type': 'string', 'minLength': 1,
                         'maxLength': 2048},
        'agent_version': {'type': ['string', 'null'], 'maxLength': 255},
        'agent_token': {'type': ['string', 'null'], 'maxLength': 255},
        'agent_verify_ca': {'type': ['string', 'null'],
                            'maxLength': 16384},
        'agent_status': {'type': ['string', 'null'], 'maxLength': 16,
                         'enum': ['start', 'end', 'error', None]},
        'agent_status_message': {'type': ['string', 'null'],
                                 'maxLength': 4096},
    },
    'required': ['callback_url'],
    'additionalProperties': False,
}


#: Body fields newer than 1.22 and the gate of each.
_FIELD_GATES = (
    ('agent_version', mv.allow_agent_version),
    ('agent_token', mv.allow_agent_token),
    ('agent_verify_ca', mv.allow_agent_verify_ca),
    ('agent_status', mv.allow_agent_status),
    ('agent_status_message', mv.allow_agent_status),
)
#: The fields sent to the conductor from RPC 2.3.
_AGENT_FIELDS = ('agent_token', 'agent_verify_ca', 'agent_status',
                 'agent_status_message')


def _waiting_node(request, node_ident):
    """The node if it waits for its ramdisk. :raises: NodeNotFound"""
    try:
        if not types.is_uuid(node_ident) and not mv.allow_node_name(
                request.version):
            raise exception.NodeNotFound(node=node_ident)
        # NOTE: one small query whether the node exists or not, so that
        # the answer takes about the same time.
        state = db_api.get_instance().get_node_provision_state(node_ident)
        if state not in states.WAIT_STATES:
            raise exception.NodeNotFound(node=node_ident)
        return node_api.get_node(request, node_ident)
    except exception.NodeNotFound:
        raise exception.NodeNotFound(node=node_ident)


def heartbeat(request, node_ident):
    if not mv.allow_heartbeat(request.version):
        raise exception.NotFound()
    utils.authorize(request, 'baremetal:node:ipa_heartbeat')
    utils.Query(request, ())
    body = utils.json_body(request, SCHEMA)
    for name, gate in _FIELD_GATES:
        if name in body and not gate(request.version):
            raise utils.not_acceptable()
    node = _waiting_node(request, node_ident)
    agent = {name: body.get(name) for name in _AGENT_FIELDS}
    try:
        request.rpcapi.heartbeat(request.context, node.uuid,
                                 body['callback_url'],
                                 agent_version=body.get('agent_version'),
                                 topic=node_api.topic_for(request, node),
                                 **agent)
    except exception.NodeNotFound:
        # It stopped waiting (or went away) meanwhile.
        raise exception.NodeNotFound(node=node_ident)
    return utils.Reply(202)
