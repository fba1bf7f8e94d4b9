"""/v1/conductors (API 1.49): the registered conductor services.

Read from the conductors table; ``drivers``, the hardware types a
conductor serves, from conductor_hardware_interfaces (what it registered
when it last started, kept once it stops), not from the column
``conductors.drivers`` (see ironic_lite.objects.conductor). A conductor
is ``alive`` while it is registered online and its last heartbeat is
younger than ``[conductor]heartbeat_timeout``, the rule the hash rings
use. Besides
Ironic's fields, ironic-lite shows each conductor's ``release_version``
and ``pin_release_version`` so that operators see where the fleet is
during a rolling upgrade. Below 1.49 the paths answer 404.
"""

import datetime

from ironic_lite.api.controllers.v1 import utils
from ironic_lite.api import microversion as mv
from ironic_lite.common import exception
from ironic_lite.db import api as db_api
from ironic_lite import objects

LIST_FIELDS = ['hostname', 'conductor_group', 'alive']
DETAIL_FIELDS = LIST_FIELDS + ['drivers', 'release_version',
                               'pin_release_version', 'created_at',
                               'updated_at']
_TIME_FIELDS = ('created_at', 'updated_at')
_RULE = 'baremetal:conductor:get'


def _check_version(request):
    if not mv.allow_conductors(request.version):
        raise exception.NotFound()


def _alive(request, conductor):
    last = conductor.updated_at or conductor.created_at
    if not conductor.online or last is None:
        return False
    # NOTE: judged by the database's clock, as heartbeats are written by
    # it; read once per request.
    now = request.environ.get('ironic_lite.db_time')
    if now is None:
        now = db_api.get_instance().database_time()
        request.environ['ironic_lite.db_time'] = now
    timeout = request.conf.conductor.heartbeat_timeout
    return (now - last.replace(tzinfo=None)
            <= datetime.timedelta(seconds=timeout))


def view(request, conductor, fields):
    """The API form of a conductor: the fields asked for, and links."""
    data = {}
    for name in fields:
        if name == 'alive':
            value = _alive(request, conductor)
        else:
            value = getattr(conductor, name)
        if name in _TIME_FIELDS:
            value = utils.format_time(value)
        data[name] = value
    data['links'] = utils.links(request, 'conductors', conductor.hostname)
    return data


def _get(request, hostname):
    """The conductor registered as ``hostname``, online or not.

    :raises: ConductorNotFound (404)
    """
    return objects.Conductor.get_by_hostname(request.context, hostname,
                                             online=None)


def list_conductors(request):
    _check_version(request)
    utils.authorize(request, _RULE)
    query = utils.Query(request, utils.PAGE_PARAMS + ('detail',))
    fields = utils.list_fields(query, DETAIL_FIELDS, LIST_FIELDS)
    limit, marker, sort_key, sort_dir = utils.page(
        query, objects.Conductor.fields, request.conf.api.max_limit,
        ('drivers',), uuid_marker=False)
    if marker is not None:
        # NOTE: a conductor's marker is its hostname; the DB pages by id.
        marker = _get(request, marker).id
    conductors = objects.Conductor.list(
        request.context, limit=limit, marker=marker, sort_key=sort_key,
        sort_dir=sort_dir)
    items = [view(request, conductor, fields) for conductor in conductors]
    return utils.collection(request, 'conductors', items, limit,
                            'conductors', query, marker_field='hostname')


def show_conductor(request, hostname):
    _check_version(request)
    utils.authorize(request, _RULE)
    query = utils.Query(request, ('fields',))
    fields = utils.fields_param(query, DETAIL_FIELDS, DETAIL_FIELDS)
    return view(request, _get(request, hostname), fields)
