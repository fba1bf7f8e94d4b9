"""/v1/nodes/{node}/bios (API 1.40): a node's BIOS settings, as the
node's BIOS interface last read them (when the node was verified and
after each cleaning). Read-only, straight from the database: the
conductor writes the settings under the node's lock, the API asks no
conductor. Below 1.40 the paths answer 404, as in Ironic, where the
resource does not exist there.
"""

from ironic_lite.api.controllers.v1 import node as node_api
from ironic_lite.api.controllers.v1 import utils
from ironic_lite.api import microversion as mv
from ironic_lite.common import exception
from ironic_lite import objects

_RULE = 'baremetal:node:bios:get'


def _node(request, node_ident):
    if not mv.allow_bios_settings(request.version):
        raise exception.NotFound()
    utils.authorize(request, _RULE)
    utils.Query(request, ())
    return node_api.get_node(request, node_ident)


def _view(request, node, setting):
    return {
        'name': setting.name,
        'value': setting.value,
        'created_at': utils.format_time(setting.created_at),
        'updated_at': utils.format_time(setting.updated_at),
        'links': utils.links(request, 'nodes',
                             '%s/bios/%s' % (node.uuid, setting.name)),
    }


def list_settings(request, node_ident):
    """GET: ``{"bios": [{"name", "value", "created_at", "updated_at",
    "links"}, ...]}`` by name."""
    node = _node(request, node_ident)
    settings = objects.BIOSSettingList.get_by_node_id(request.context,
                                                      node.id)
    return {'bios': [_view(request, node, setting)
                     for setting in settings]}


def show_setting(request, node_ident, setting_name):
    """GET .../bios/{name}: ``{"<name>": {...}}``.

    :raises: BIOSSettingNotFound (404) when the node has no such setting.
    """
    node = _node(request, node_ident)
    setting = objects.BIOSSetting.get(request.context, node.id, setting_name)
    return {setting_name: _view(request, node, setting)}
