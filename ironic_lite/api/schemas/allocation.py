"""Request bodies of /v1/allocations (API 1.52; PATCH 1.57, ``node``
1.58, ``owner`` 1.60)."""

from ironic_lite.api.schemas import common
from ironic_lite.api.schemas import node as node_schema

#: A node named by UUID or name (candidate_nodes, the backfilled node).
_NODE_IDENT = {'type': 'string', 'minLength': 1, 'maxLength': 255}

#: What a PATCH may change (``owner`` from 1.60).
WRITABLE = {
    'name': common.NAME,
    'extra': common.DICT,
    'owner': common.NULLABLE_STRING_255,
}

CREATE = {
    'type': 'object',
    'properties': dict(
        WRITABLE,
        uuid=common.NULLABLE_UUID,
        resource_class={'type': ['string', 'null'], 'minLength': 1,
                        'maxLength': 80},
        traits={'type': ['array', 'null'], 'items': node_schema.TRAIT,
                'maxItems': 50},
        candidate_nodes={'type': ['array', 'null'], 'items': _NODE_IDENT,
                         'maxItems': 1000},
        node=dict(_NODE_IDENT, type=['string', 'null'])),
    'additionalProperties': False,
}

PATCHED = {
    'type': 'object',
    'properties': WRITABLE,
}

#: Longest value of each list filter on a text column.
FILTER_MAX_LENGTH = {'resource_class': 80, 'owner': 255, 'node': 255,
                     'state': 15}
