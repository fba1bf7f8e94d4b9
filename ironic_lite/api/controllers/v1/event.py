"""POST /v1/events (API 1.54): events other services send.

Only network events are known (port bound, unbound or deleted, from the
networking service). ironic-lite has no network interface that waits
for them, so each event is checked and logged, and the request answered
204, as Ironic answers once it has taken them. Below 1.54 the path
answers 404.
"""

import logging

from ironic_lite.api import coercion
from ironic_lite.api.controllers.v1 import utils
from ironic_lite.api import microversion as mv
from ironic_lite.api.schemas import event as schema
from ironic_lite.api import types
from ironic_lite.common import exception

LOG = logging.getLogger(__name__)


def _check_event(index, event):
    """:raises: InvalidParameterValue (400) naming the event and field."""
    utils.validate(event, schema.EVENT_SCHEMAS[event['event']],
                   'events/%d' % index)
    for name in schema.UUID_FIELDS:
        value = event.get(name)
        if value is not None and not types.is_uuid(value):
            raise exception.InvalidParameterValue(
                err='Expected UUID for events/%d/%s: the value given is '
                    'not a UUID.' % (index, name))
    coercion.mac_address('events/%d/mac_address' % index,
                         event['mac_address'])


def post_events(request):
    """Take a batch of events: 204 once every one of them is valid; 400
    naming the first that is not (then none is taken)."""
    if not mv.allow_events(request.version):
        raise exception.NotFound()
    utils.authorize(request, 'baremetal:events:post')
    utils.Query(request, ())
    body = utils.json_body(request, schema.EVENTS)
    for index, event in enumerate(body['events']):
        _check_event(index, event)
    for event in body['events']:
        LOG.info('Event %s: port %s (MAC %s) is %s; device %s, host %s, '
                 'VNIC type %s', event['event'], event['port_id'],
                 coercion.mac_address('mac_address', event['mac_address']),
                 event['status'], event.get('device_id'),
                 event.get('binding:host_id'),
                 event.get('binding:vnic_type'))
    return utils.Reply(204)
