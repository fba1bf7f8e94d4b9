"""POST /v1/heartbeat/{node} (API 1.22): a node's ramdisk calls back.

Public (no credentials), as the ramdisk has none. The node's conductor
takes it (RPC call from conductor RPC 1.1, so a locked node answers 409
and the ramdisk retries; a cast when capped at 1.0): 202.
"""

from ironic_lite.api.controllers.v1 import node as node_api
from ironic_lite.api.controllers.v1 import utils
from ironic_lite.api import microversion as mv
from ironic_lite.common import exception

SCHEMA = {
    'type': 'object',
    'properties': {
        'callback_url': {'type': 'string', 'minLength': 1,
                         'maxLength': 2048},
        'agent_version': {'type': ['string', 'null'], 'maxLength': 255},
    },
    'required': ['callback_url'],
    'additionalProperties': False,
}


def heartbeat(request, node_ident):
    if not mv.allow_heartbeat(request.version):
        raise exception.NotFound()
    utils.authorize(request, 'baremetal:node:ipa_heartbeat')
    utils.Query(request, ())
    body = utils.json_body(request, SCHEMA)
    if 'agent_version' in body and not mv.allow_agent_version(
            request.version):
        raise utils.not_acceptable()
    node = node_api.get_node(request, node_ident)
    request.rpcapi.heartbeat(request.context, node.uuid,
                             body['callback_url'],
                             agent_version=body.get('agent_version'),
                             topic=node_api.topic_for(request, node))
    return utils.Reply(202)
