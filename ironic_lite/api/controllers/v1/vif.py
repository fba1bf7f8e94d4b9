"""/v1/nodes/{node}/vifs (API 1.28): list, attach and detach a node's
VIFs (virtual network interfaces, such as Neutron ports).

Every call goes to the node's conductor (RPC 1.4), which asks the node's
network interface under the node's lock; the ``noop`` interface records
a VIF on a free port or port group of the node (see
``ironic_lite/drivers/modules/network.py`` for which one). Below 1.28 the
paths answer 404, as in Ironic, where the resource does not exist there.
"""

import json
import re

from ironic_lite.api.controllers.v1 import node as node_api
from ironic_lite.api.controllers.v1 import utils
from ironic_lite.api import microversion as mv
from ironic_lite.api.schemas import vif as schema
from ironic_lite.api import types
from ironic_lite.api import validation
from ironic_lite.common import exception

#: A VIF is named by a UUID or a logical name (RFC 3986 unreserved
#: characters), as Ironic checks the ``id`` of a VIF to attach.
_NAME_RE = re.compile('^[a-zA-Z0-9._~-]+$')


def _node(request, node_ident, rule):
    if not mv.allow_vifs(request.version):
        raise exception.NotFound()
    utils.authorize(request, rule)
    utils.Query(request, ())
    return node_api.get_node(request, node_ident)


def _check_vif_id(value):
    """:raises: InvalidParameterValue (400), Ironic's text, unless
    ``value`` is a UUID or a logical name."""
    if isinstance(value, str) and (
            types.is_uuid(value) or (len(value) <= schema.ID_MAX_LENGTH
                                     and _NAME_RE.match(value))):
        return
    shown = value if isinstance(value, str) else json.dumps(value)
    raise exception.InvalidParameterValue(
        err='Expected a logical name or UUID but received %s.'
        % types.shown(shown))


def list_vifs(request, node_ident):
    """GET: ``{"vifs": [{"id": ...}, ...]}``."""
    node = _node(request, node_ident, 'baremetal:node:vif:list')
    vifs = request.rpcapi.vif_list(request.context, node.uuid,
                                   topic=node_api.topic_for(request, node))
    return {'vifs': [{'id': vif['id']} for vif in vifs]}


#: Keys of the attach body that name where the VIF goes (API 1.67).
_TARGET_KEYS = ('port_uuid', 'portgroup_uuid')


def _check_target(request, body):
    """From 1.67 the VIF goes to the port or port group the body names
    (one of them: both is 400); below, those keys mean nothing and are
    not passed on, as before 1.67."""
    if not mv.allow_vif_attach_port(request.version):
        for key in _TARGET_KEYS:
            body.pop(key, None)
        return
    if all(key in body for key in _TARGET_KEYS):
        raise exception.Invalid(
            'Cannot specify both port_uuid and portgroup_uuid')
    for key in _TARGET_KEYS:
        if key in body:
            types.uuid(key, body[key])


def attach_vif(request, node_ident):
    """POST ``{"id": "<vif>", ...}``: 204. The other keys go to the
    network interface with the id; from 1.67 ``port_uuid`` or
    ``portgroup_uuid`` names where the VIF goes."""
    node = _node(request, node_ident, 'baremetal:node:vif:attach')
    body = validation.decode_body(request.body)
    if not isinstance(body, dict) or 'id' not in body:
        raise exception.Invalid('Missing mandatory keys: id')
    _check_vif_id(body['id'])
    _check_target(request, body)
    utils.validate(body, schema.ATTACH)
    request.rpcapi.vif_attach(request.context, node.uuid, body,
                              topic=node_api.topic_for(request, node))
    return utils.Reply(204)


def detach_vif(request, node_ident, vif_id):
    """DELETE .../vifs/{vif_id}: 204; 400 when the node lacks it."""
    node = _node(request, node_ident, 'baremetal:node:vif:detach')
    request.rpcapi.vif_detach(request.context, node.uuid, vif_id,
                              topic=node_api.topic_for(request, node))
    return utils.Reply(204)
