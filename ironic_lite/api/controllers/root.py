"""Version discovery (``GET /`` and ``GET /v1``) and the Pecan root
controller that hands every request to the route table."""

from oslo_serialization import jsonutils
import pecan
import webob

from ironic_lite.api.controllers import v1
from ironic_lite.api.controllers.v1 import utils
from ironic_lite.api import errors
from ironic_lite.api import microversion
from ironic_lite.api import router as router_mod


def _version(request):
    return {
        'id': 'v1',
        'links': [{'href': '%s/v1/' % utils.base_url(request),
                   'rel': 'self'}],
        'status': 'CURRENT',
        'version': microversion.to_string(microversion.max_version()),
        'min_version': microversion.to_string(microversion.MIN_VERSION),
    }


def get_root(request):
    version = _version(request)
    return {'name': 'OpenStack Ironic API',
            'description': 'ironic-lite: a small bare-metal provisioning '
                           'service speaking the Bare Metal API v1.',
            'versions': [version],
            'default_version': version}


#: The specification the /v1 document points to (as Ironic's does).
_DESCRIBED_BY = {
    'href': 'https://docs.openstack.org/ironic/latest/contributor/'
            'webapi.html',
    'rel': 'describedby', 'type': 'text/html'}


def get_v1(request):
    version = _version(request)
    body = {'id': 'v1', 'links': version['links'] + [_DESCRIBED_BY],
            'version': version}
    body['media_types'] = [{'base': 'application/json',
                            'type': 'application/vnd.openstack.ironic.v1'
                                    '+json'}]
    for resource in v1.TOP_LEVEL_RESOURCES:
        gate = v1.TOP_LEVEL_RESOURCES[resource]
        if gate is None or gate(request.version):
            url = utils.base_url(request)
            body[resource] = [
                {'href': '%s/v1/%s/' % (url, resource), 'rel': 'self'},
                {'href': '%s/%s/' % (url, resource), 'rel': 'bookmark'}]
    return body


ROUTER = router_mod.Router(
    [('GET', '/', get_root), ('GET', '/v1', get_v1)] + v1.ROUTES)


def _to_response(result):
    if isinstance(result, utils.Reply):
        resp = webob.Response(status=result.status, charset=None)
        if result.body is not None:
            resp.content_type = 'application/json'
            resp.body = jsonutils.dump_as_bytes(result.body)
        else:
            resp.content_type = None
        if result.location:
            resp.location = result.location
        return resp
    return webob.Response(status=200, content_type='application/json',
                          charset=None, body=jsonutils.dump_as_bytes(result))


class RootController:

    @pecan.expose()
    def _route(self, args, request):
        # NOTE: every answer is JSON whatever the Accept header says (as
        # Ironic's); skip Pecan's negotiation, which would answer 406.
        request.pecan['content_type'] = 'application/json'
        return self.dispatch, []

    @pecan.expose(content_type='application/json')
    def dispatch(self, *args, **kwargs):
        request = pecan.request
        try:
            handler, params = ROUTER.match(request.method, request.path)
            result = handler(request, **params)
        except router_mod.MethodNotAllowed as e:
            return errors.response(405, str(e),
                                   headers={'Allow': ', '.join(e.allowed)})
        except Exception as e:
            error = e
        else:
            return _to_response(result)
        # NOTE: outside the except block (see errors.from_exception).
        return errors.from_exception(error,
                                     request.conf.api.debug_tracebacks_in_api)
