"""GET /v1/lookup (API 1.22): a node's ramdisk finds its node.

Public (no credentials), as the ramdisk has none, so it tells nothing
about nodes whose ramdisk is not expected: only a node in a state where
one runs (``states.LOOKUP_STATES``) is found; any other, like a missing
one, answers 404 with the same message.

The ramdisk names its node by ``node_uuid`` or by the MAC addresses of
its network cards (``addresses``, comma-separated, those of one node's
ports). From API 1.62 the lookup goes through the node's conductor,
which issues the agent token under the node's lock the first time
(``config.agent_token``; ``******`` afterwards, the token is never given
twice) and the ramdisk must send it with every heartbeat.
"""

from oslo_utils import netutils

from ironic_lite.api.controllers.v1 import node as node_api
from ironic_lite.api.controllers.v1 import utils
from ironic_lite.api import microversion as mv
from ironic_lite.api import types
from ironic_lite.common import exception
from ironic_lite.common import states
from ironic_lite.db import api as db_api

#: The node's fields an agent reads (Ironic's).
NODE_FIELDS = ('uuid', 'properties', 'instance_info',
               'driver_internal_info')
#: How many MAC addresses a lookup may name.
MAX_ADDRESSES = 64
_NOT_FOUND = 'Node could not be found.'


def _addresses(value):
    """The valid MAC addresses of ``addresses``, in lower case (invalid
    ones are ignored, as a ramdisk sends every card it has)."""
    items = [item.strip() for item in (value or '').split(',')]
    if len(items) > MAX_ADDRESSES:
        raise exception.InvalidParameterValue(
            err='At most %d addresses may be looked up' % MAX_ADDRESSES)
    return {item.lower() for item in items if netutils.is_valid_mac(item)}


def _find(request, node_uuid, addresses):
    """The node the ramdisk asks for, if a ramdisk is expected on it.

    :raises: NotFound (404, the same for every reason)
    """
    not_found = exception.NotFound(_NOT_FOUND)
    if node_uuid:
        uuid = node_uuid
    else:
        uuids = db_api.get_instance().get_node_uuids_by_port_addresses(
            addresses)
        if len(uuids) != 1:
            raise not_found
        uuid = uuids.pop()
    try:
        node = node_api.get_node(request, uuid)
    except exception.NodeNotFound:
        raise not_found from None
    if node.provision_state not in states.LOOKUP_STATES:
        raise not_found
    return node


def _config(request, token):
    config = {'heartbeat_timeout': request.conf.api.ramdisk_heartbeat_timeout}
    if mv.allow_agent_token(request.version):
        config['agent_token'] = token or node_api.MASK
        config['agent_token_required'] = True
    return config


def lookup(request):
    if not mv.allow_lookup(request.version):
        raise exception.NotFound()
    utils.authorize(request, 'baremetal:driver:ipa_lookup')
    query = utils.Query(request, ('addresses', 'node_uuid'))
    node_uuid = query.get('node_uuid')
    if node_uuid is not None and not types.is_uuid(node_uuid):
        raise exception.InvalidParameterValue(
            err='Expected a UUID for node_uuid, got %s'
                % types.shown(node_uuid))
    addresses = _addresses(query.get('addresses'))
    if not node_uuid and not addresses:
        raise exception.InvalidParameterValue(
            err='Either a node UUID or a list of valid MAC addresses is '
                'required to look up a node')
    node = _find(request, node_uuid, addresses)
    token = None
    if mv.allow_agent_token(request.version):
        try:
            found = request.rpcapi.get_node_with_token(
                request.context, node.uuid,
                topic=node_api.topic_for(request, node))
        except exception.NodeNotFound:
            # It left the lookup states meanwhile.
            raise exception.NotFound(_NOT_FOUND) from None
        node, token = found['node'], found['agent_token']
    data = node_api.view(request, node, NODE_FIELDS, None,
                         show_links=False)
    return {'node': data, 'config': _config(request, token)}
