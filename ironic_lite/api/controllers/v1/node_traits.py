"""/v1/nodes/{node}/traits (API 1.37). Changes go to the node's
conductor; below 1.37 the paths answer 404."""

from ironic_lite.api.controllers.v1 import node as node_api
from ironic_lite.api.controllers.v1 import utils
from ironic_lite.api import microversion as mv
from ironic_lite.api.schemas import node as schema
from ironic_lite.api import validation
from ironic_lite.common import exception


def _node(request, node_ident, rule):
    if not mv.allow_traits(request.version):
        raise exception.NotFound()
    utils.authorize(request, rule)
    utils.Query(request, ())
    return node_api.get_node(request, node_ident)


def get_traits(request, node_ident):
    node = _node(request, node_ident, 'baremetal:node:get')
    return {'traits': node.traits.get_trait_names() if node.traits else []}


def set_traits(request, node_ident):
    node = _node(request, node_ident, 'baremetal:node:update')
    body = utils.json_body(request, schema.TRAITS) if request.body else {}
    if 'traits' not in body:
        raise exception.InvalidParameterValue(
            err='A single node trait may be added via PUT /v1/nodes/<node '
                'identifier>/traits/<trait> with no body, or all node '
                'traits may be replaced via PUT /v1/nodes/<node '
                'identifier>/traits with the list of traits specified in '
                'the request body.')
    traits = body['traits']
    request.rpcapi.set_node_traits(request.context, node.uuid, traits,
                                   topic=node_api.topic_for(request, node))
    return utils.Reply(204)


def add_trait(request, node_ident, trait):
    node = _node(request, node_ident, 'baremetal:node:update')
    if request.body and validation.decode_body(request.body):
        raise exception.InvalidParameterValue(
            err='No body should be provided when adding a trait')
    utils.validate(trait, schema.TRAIT)
    request.rpcapi.add_node_traits(request.context, node.uuid, [trait],
                                   topic=node_api.topic_for(request, node))
    return utils.Reply(204, location='%s/v1/nodes/%s/traits/%s' % (
        utils.base_url(request), node.uuid, trait))


def delete_traits(request, node_ident):
    node = _node(request, node_ident, 'baremetal:node:update')
    request.rpcapi.remove_node_traits(request.context, node.uuid, None,
                                      topic=node_api.topic_for(request, node))
    return utils.Reply(204)


def delete_trait(request, node_ident, trait):
    node = _node(request, node_ident, 'baremetal:node:update')
    if trait not in (node.traits.get_trait_names() if node.traits else []):
        raise exception.NodeTraitNotFound(node_id=node.uuid, trait=trait)
    request.rpcapi.remove_node_traits(request.context, node.uuid, [trait],
                                      topic=node_api.topic_for(request, node))
    return utils.Reply(204)
