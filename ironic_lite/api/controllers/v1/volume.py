"""/v1/volume and /v1/nodes/{node}/volume (API 1.32): the links to a
deployment's or a node's volume connectors and targets, and the
handlers both resources share (``volume_connector.py`` and
``volume_target.py`` describe each).

Connectors and targets change under their node's lock: writes go to the
node's conductor, which refuses to update or delete them unless the node
is powered off. The node's paths only read: a change asked there is 403,
as in Ironic. Below 1.32 every path answers 404.
"""

from ironic_lite.api.controllers.v1 import generic
from ironic_lite.api.controllers.v1 import node as node_api
from ironic_lite.api.controllers.v1 import utils
from ironic_lite.api import microversion as mv
from ironic_lite.api import types
from ironic_lite.common import exception
from ironic_lite import objects

#: The parts of /volume, linked from it.
PARTS = ('connectors', 'targets')


def check_version(request):
    """:raises: NotFound (404) below API 1.32."""
    if not mv.allow_volume(request.version):
        raise exception.NotFound()


def _links(request, base):
    body = {part: utils.links(request, base, part) for part in PARTS}
    body['links'] = utils.links(request, base, '')
    return body


def get_volume(request):
    """GET /v1/volume: links to the connectors and the targets."""
    check_version(request)
    utils.authorize(request, 'baremetal:volume:get')
    utils.Query(request, ())
    return _links(request, 'volume')


def get_node_volume(request, node_ident):
    """GET /v1/nodes/{node}/volume: links to the node's connectors and
    targets."""
    check_version(request)
    utils.authorize(request, 'baremetal:volume:get')
    utils.Query(request, ())
    node = node_api.get_node(request, node_ident)
    return _links(request, 'nodes/%s/volume' % node.uuid)


def not_permitted(request, node_ident, ident=None):
    """A node's volume paths only list: 403 for anything else."""
    check_version(request)
    raise exception.OperationNotPermitted()


def _node_topic(request, obj):
    node = objects.Node.get(request.context, obj.node_id)
    return node_api.topic_for(request, node)


class Handlers:
    """List, show, create, update and delete of one volume resource.

    :param res: the resource (:class:`generic.Resource`).
    :param rpc_name: the conductor methods' suffix: ``create_<rpc_name>``,
        ``update_<rpc_name>``, ``destroy_<rpc_name>``.
    """

    def __init__(self, res, rpc_name):
        self.res = res
        self.rpc_name = rpc_name

    def _list(self, request, filters, extra_params, path):
        check_version(request)
        detail = request.GET.get('detail')
        if ('fields' in request.GET and detail is not None
                and types.boolean('detail', detail)):
            raise exception.InvalidParameterValue(
                err="Can't fetch a subset of fields with 'detail' set")
        return generic.list_(request, self.res, False, filters,
                             extra_params, path)

    def _node(self, request, node_ident):
        """The node a list is of, looked up once the version and the
        policy allow the list."""
        check_version(request)
        utils.authorize(request, self.res.rule + ':get')
        return node_api.get_node(request, node_ident)

    def list(self, request):
        """GET /v1/volume/<resource>[?node=<node>]."""
        filters = {}
        if request.GET.get('node'):
            filters['node_id'] = self._node(request, request.GET['node']).id
        return self._list(request, filters, ('node',), self.res.path)

    def list_node(self, request, node_ident):
        """GET /v1/nodes/{node}/volume/<resource>."""
        node = self._node(request, node_ident)
        return self._list(request, {'node_id': node.id}, (),
                          'nodes/%s/%s' % (node.uuid, self.res.path))

    def show(self, request, ident):
        check_version(request)
        return generic.show(request, self.res, ident)

    def _rpc(self, request, verb, obj, **kwargs):
        method = getattr(request.rpcapi, '%s_%s' % (verb, self.rpc_name))
        return method(request.context, obj, topic=_node_topic(request, obj),
                      **kwargs)

    def create(self, request):
        check_version(request)
        return generic.create(
            request, self.res, lambda obj: self._rpc(request, 'create', obj))

    def update(self, request, ident):
        """JSON-Patch; the conductor writes it only if the row still holds
        what the patch was applied to (see ``generic.update``)."""
        check_version(request)

        def save(obj, expected):
            # NOTE: the conductor locks the node the resource belongs to:
            # if it was moved meanwhile, that is the wrong lock.
            expected.setdefault('node_id', obj.node_id)
            return self._rpc(request, 'update', obj, expected=expected)
        return generic.update(request, self.res, ident, save)

    def delete(self, request, ident):
        check_version(request)
        return generic.delete(
            request, self.res, ident,
            lambda obj: self._rpc(request, 'destroy', obj))
