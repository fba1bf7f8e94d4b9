"""What the resource controllers share: replies, request bodies, query
parameters, links, pagination and JSON-Patch."""

import copy
import random
import time

import jsonpatch
import jsonpointer
from oslo_utils import uuidutils

from ironic_lite.api import microversion
from ironic_lite.api import types
from ironic_lite.api import validation
from ironic_lite.common import exception
from ironic_lite.common import policy


class Reply:
    """A controller's answer other than 200 with a JSON body."""

    def __init__(self, status, body=None, location=None):
        self.status = status
        self.body = body
        self.location = location


class NotAcceptable(exception.IronicLiteException):
    _msg_fmt = ('The requested feature is not available at this API '
                'version; ask for a higher one in the '
                'X-OpenStack-Ironic-API-Version header.')
    code = 406


def not_acceptable():
    return NotAcceptable()


def authorize(request, rule):
    policy.authorize(rule, request.context)


# -- request bodies --

def json_body(request, schema):
    """The request's JSON body, checked against ``schema``.

    :raises: Invalid (400) when it is not JSON, holds what no database
        can store or does not match (see :mod:`ironic_lite.api.validation`).
    """
    data = validation.decode_body(request.body)
    validate(data, schema)
    return data


def validate(data, schema, what='request body'):
    """:raises: Invalid (400) naming the place and the rule broken."""
    validation.validate(data, schema, what)


# -- query parameters --

class Query:
    """The query string, checked against the parameters a route takes."""

    def __init__(self, request, allowed):
        self.params = request.GET
        unknown = sorted(set(self.params) - set(allowed))
        if unknown:
            raise exception.InvalidParameterValue(
                err='Unknown argument(s): %s' % ', '.join(unknown))
        self.request = request

    def get(self, name, default=None):
        value = self.params.get(name)
        return default if value is None else value

    def text(self, name, max_length):
        """The value of filter ``name`` (see :func:`text_filter`)."""
        return text_filter(name, self.params.get(name), max_length)

    def __contains__(self, name):
        return name in self.params

    def boolean(self, name, default=None):
        value = self.params.get(name)
        return default if value is None else types.boolean(name, value)


def text_filter(name, value, max_length):
    """``value`` of the filter ``name`` on a column of ``max_length``
    characters (the schema's length of the field, which is the column's).

    :raises: Invalid (400) when longer: no stored value could match, and
        the database should not be asked.
    """
    if value is not None and len(value) > max_length:
        raise exception.InvalidParameterValue(
            err='The %s filter is longer than %d characters.'
            % (name, max_length))
    return value


PAGE_PARAMS = ('limit', 'marker', 'sort_key', 'sort_dir', 'fields')


def fields_param(query, allowed_fields, default_fields):
    """The fields to return: ``?fields=`` (1.8) or ``default_fields``.

    :raises: 406 below 1.8, 400 for unknown fields.
    """
    value = query.get('fields')
    if value is None:
        return default_fields
    if not microversion.allow_fields(query.request.version):
        raise not_acceptable()
    fields = [f.strip() for f in value.split(',') if f.strip()]
    invalid = sorted(set(fields) - set(allowed_fields))
    if invalid:
        raise exception.InvalidParameterValue(
            err='Field(s) "%s" are not valid' % ', '.join(invalid))
    return fields


def page(query, model_fields, max_limit, sortable_excluded=(),
         uuid_marker=True):
    """(limit, marker, sort_key, sort_dir) from the query string.

    :param uuid_marker: whether the marker must be a UUID (else it is
        returned as given, for the caller to look up).
    :raises: Invalid (400) for a bad limit, sort key or direction.
    """
    limit = max_limit
    if query.get('limit') is not None:
        limit = min(types.positive_int('limit', query.get('limit')),
                    max_limit)
    marker = query.get('marker')
    if marker is not None and uuid_marker:
        marker = types.uuid('marker', marker)
    sort_key = query.get('sort_key', 'id')
    if sort_key not in model_fields or sort_key in sortable_excluded:
        raise exception.InvalidParameterValue(
            err='The sort_key value "%s" is an invalid field for sorting'
            % sort_key)
    sort_dir = types.sort_dir(query.get('sort_dir', 'asc'))
    return limit, marker, sort_key, sort_dir


# -- links and collections --

def base_url(request):
    return (request.conf.api.public_endpoint or request.host_url).rstrip('/')


def links(request, resource, ident, bookmark=True):
    url = base_url(request)
    result = [{'href': '%s/v1/%s/%s' % (url, resource, ident),
               'rel': 'self'}]
    if bookmark:
        result.append({'href': '%s/%s/%s' % (url, resource, ident),
                       'rel': 'bookmark'})
    return result


def collection(request, key, items, limit, path, query,
               marker_field='uuid'):
    """``{key: items}`` plus a ``next`` link when the page is full.

    :param marker_field: the field of an item the ``next`` link's marker
        is (a conductor's is its hostname).
    """
    body = {key: items}
    if (items and limit and len(items) >= limit
            and marker_field in items[-1]):
        params = [(name, value) for name, value in query.params.items()
                  if name not in ('marker', 'limit')]
        params += [('limit', str(limit)),
                   ('marker', items[-1][marker_field])]
        body['next'] = '%s/v1/%s?%s' % (
            base_url(request), path,
            '&'.join('%s=%s' % (name, value) for name, value in params))
    return body


def filter_fields(data, fields):
    return {name: value for name, value in data.items()
            if name in fields or name == 'links'} if fields else data


def format_time(value):
    return value.isoformat() if value is not None else None


# -- lookups --

def check_uuid(ident, not_found):
    """``ident`` when it is a UUID; else raise ``not_found``."""
    if not uuidutils.is_uuid_like(ident):
        raise not_found
    return ident


# -- JSON-Patch --

def apply_patch(document, patch, read_only, patch_schema):
    """Apply a JSON-Patch to ``document`` (a dict of the API fields).

    :param read_only: top-level fields a patch may not touch.
    :returns: the patched copy.
    :raises: Invalid (400) on a malformed patch, a read-only field or a
        path that cannot be applied; the message names the operation and
        its path, never the document's values.
    """
    validate(patch, patch_schema)
    for op in patch:
        top = op['path'].lstrip('/').split('/')[0]
        if top in read_only:
            raise exception.InvalidParameterValue(
                err="'%s' is an internal attribute and can not be updated"
                % op['path'])
    result = copy.deepcopy(document)
    for number, op in enumerate(patch, 1):
        try:
            result = jsonpatch.apply_patch(result, [op], in_place=True)
        except (jsonpatch.JsonPatchException,
                jsonpointer.JsonPointerException,
                KeyError, IndexError, TypeError):
            raise exception.InvalidParameterValue(
                err='Cannot apply operation %d of the patch (%s %s): %s'
                % (number, op['op'], validation.quote_path(op['path']),
                   _patch_failure(result, op['path'])))
    return result


def check_patch_values(patch, properties, what):
    """Check the values a patch sets whole on top-level fields against
    their schemas (``properties``) before anything is read: a bad value
    is refused without a database round trip, in the words the check of
    the patched document would use.

    :raises: Invalid (400)
    """
    for op in patch:
        name = op['path'][1:]
        if op['op'] != 'remove' and name in properties:
            validate({name: op['value']}, {
                'type': 'object', 'properties': {name: properties[name]}},
                what)


def _patch_failure(document, path):
    """Why ``path`` cannot be applied to ``document``, in words."""
    try:
        tokens = jsonpointer.JsonPointer(path).parts
    except jsonpointer.JsonPointerException:
        return 'the path is not a valid JSON pointer'
    target = document
    for token in tokens[:-1]:
        if isinstance(target, dict) and token in target:
            target = target[token]
        elif isinstance(target, list) and token.isdigit() and \
                int(token) < len(target):
            target = target[int(token)]
        elif isinstance(target, (dict, list)):
            return 'the path does not exist'
        else:
            return 'the path goes through a value that is not an object ' \
                   'or a list'
    if not isinstance(target, (dict, list)):
        return 'the path goes through a value that is not an object or ' \
               'a list'
    return 'the path does not exist'


PATCH_SCHEMA = {
    'type': 'array',
    'minItems': 1,
    'items': {
        'type': 'object',
        'properties': {
            'op': {'enum': ['add', 'replace', 'remove']},
            'path': {'type': 'string', 'maxLength': 1024,
                     'pattern': '^/[^/]+(/.*)?$',
                     'description': 'must be a JSON pointer to a field, '
                                    'such as /extra/rack'},
            'value': {},
        },
        'required': ['op', 'path'],
        'additionalProperties': False,
        'if': {'properties': {'op': {'enum': ['add', 'replace']}}},
        'then': {'required': ['op', 'path', 'value']},
    },
}


def changed_fields(before, after, fields):
    """Names in ``fields`` whose value differs between the two dicts."""
    return [name for name in fields if before.get(name) != after.get(name)]


# -- no lost update --

#: Times a PATCH is applied to a fresh read when the resource changed
#: between the read and the write (ConcurrentUpdate) before answering 409.
UPDATE_ATTEMPTS = 4


def snapshot(obj):
    """Copies of the values of ``obj``'s set fields (but its traits), as
    read: what a change of the object is based on."""
    return {name: copy.deepcopy(getattr(obj, name)) for name in obj.fields
            if name != 'traits' and obj.obj_attr_is_set(name)}


def expected_values(obj, original):
    """{field: value read} for every field of ``obj`` that will be
    written: the writer refuses the change (ConcurrentUpdate) when the
    stored row no longer holds these values."""
    return {name: original.get(name) for name in obj.obj_what_changed()
            if name != 'traits'}


def retry_on_concurrent_update(apply):
    """``apply()`` (read, patch, write), again on a fresh read while its
    write loses the race with another writer, at most UPDATE_ATTEMPTS
    times; then the ConcurrentUpdate (409) reaches the client."""
    for attempt in range(1, UPDATE_ATTEMPTS + 1):
        try:
            return apply()
        except exception.ConcurrentUpdate:
            if attempt == UPDATE_ATTEMPTS:
                raise
        # NOTE: a short random pause, so that writers who collided do
        # not collide again in step.
        time.sleep(random.uniform(0, 0.02 * attempt))


class UuidCache:
    """UUIDs of rows referenced by id (a node's chassis, a port's node),
    looked up once per request."""

    def __init__(self, context):
        self.context = context
        self._cache = {}

    def uuid_of(self, obj_class, row_id):
        if row_id is None:
            return None
        key = (obj_class.obj_name(), row_id)
        if key not in self._cache:
            try:
                self._cache[key] = obj_class.get(self.context, row_id).uuid
            except exception.NotFound:
                self._cache[key] = None
        return self._cache[key]


def check_gates(request, values, gates):
    """406 when ``values`` names a field newer than the request's version.

    :param gates: {field: gate function}.
    """
    for name in values:
        gate = gates.get(name)
        if gate is not None and not gate(request.version):
            raise not_acceptable()


def hidden_fields(version, gates):
    """Fields too new for ``version``."""
    return {name for name, gate in gates.items() if not gate(version)}
