"""A configdrive given as a JSON object in a deploy or rebuild request
(API 1.56; ``vendor_data`` from 1.59).

The API only checks its shape; the node's conductor builds the image
(:mod:`ironic_lite.conductor.configdrive`), so such a request goes to a
conductor of RPC 2.3.
"""

from ironic_lite.api.controllers.v1 import utils
from ironic_lite.api import microversion as mv
from ironic_lite.common import exception

SCHEMA = {
    'type': 'object',
    'properties': {
        'meta_data': {'type': ['object', 'null']},
        'network_data': {'type': ['object', 'null']},
        'user_data': {'type': ['object', 'array', 'string', 'null']},
        'vendor_data': {'type': ['object', 'null']},
    },
    'additionalProperties': False,
}


def check(request, configdrive):
    """:raises: InvalidParameterValue (400) below 1.56 or for a shape
        other than SCHEMA's; NotAcceptable (406) for vendor_data below
        1.59."""
    if not mv.allow_configdrive_json(request.version):
        raise exception.InvalidParameterValue(
            err='Providing a JSON object for configdrive is only supported '
                'starting with API version 1.56')
    if 'vendor_data' in configdrive and not mv.allow_configdrive_vendor_data(
            request.version):
        raise utils.not_acceptable()
    utils.validate(configdrive, SCHEMA, what='configdrive')
