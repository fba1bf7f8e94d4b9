"""/v1/nodes/{node}/management/indicators (API 1.63): a node's
indicators (LEDs), listed, read and set through its conductor.

An indicator is named ``<indicator>@<component>`` (``led@system``), as in
Ironic. Every call goes to the node's conductor (RPC 2.4), which asks the
node's management interface; setting one happens under the node's lock.
Below 1.63 the paths answer 404, as in Ironic, where they do not exist.
"""

from ironic_lite.api.controllers.v1 import node as node_api
from ironic_lite.api.controllers.v1 import utils
from ironic_lite.api import microversion as mv
from ironic_lite.api.schemas import indicator as schema
from ironic_lite.api import types
from ironic_lite.common import exception
from ironic_lite.common import indicators


def _node(request, node_ident, rule):
    if not mv.allow_indicators(request.version):
        raise exception.NotFound()
    utils.authorize(request, rule)
    return node_api.get_node(request, node_ident)


def _split(name):
    """(indicator, component) of ``name``. :raises: Invalid (400)"""
    try:
        return indicators.split_name(name)
    except ValueError:
        raise exception.InvalidParameterValue(
            err='Malformed indicator name %s: expected '
                '<indicator>@<component>' % types.shown(name))


def list_indicators(request, node_ident):
    """GET: ``{"indicators": [{"name": "led@system", "component":
    "system", "readonly": false, "states": [...], "links": [...]}]}``."""
    node = _node(request, node_ident, 'baremetal:node:get_indicator_state')
    utils.Query(request, ())
    found = request.rpcapi.get_supported_indicators(
        request.context, node.uuid, topic=node_api.topic_for(request, node))
    items = []
    for component in sorted(found):
        for name in sorted(found[component]):
            info = found[component][name]
            unique = indicators.unique_name(name, component)
            items.append({
                'name': unique, 'component': component,
                'readonly': info.get('readonly', True),
                'states': list(info.get('states', [])),
                'links': utils.links(
                    request, 'nodes', '%s/management/indicators/%s'
                    % (node.uuid, unique))})
    return {'indicators': items}


def get_indicator_state(request, node_ident, indicator_ident):
    """GET: ``{"state": "ON"}``."""
    node = _node(request, node_ident, 'baremetal:node:get_indicator_state')
    utils.Query(request, ())
    indicator, component = _split(indicator_ident)
    state = request.rpcapi.get_indicator_state(
        request.context, node.uuid, component, indicator,
        topic=node_api.topic_for(request, node))
    return {'state': state}


def set_indicator_state(request, node_ident, indicator_ident):
    """PUT ``{"state": "ON"}`` (``OFF``, ``BLINKING``): 204."""
    node = _node(request, node_ident, 'baremetal:node:set_indicator_state')
    utils.Query(request, ())
    body = utils.json_body(request, schema.SET_STATE)
    indicator, component = _split(indicator_ident)
    request.rpcapi.set_indicator_state(
        request.context, node.uuid, component, indicator, body['state'],
        topic=node_api.topic_for(request, node))
    return utils.Reply(204)
