"""What the resource controllers share: replies, request bodies, query
parameters, links, pagination and JSON-Patch."""

import copy
import random
import re
import time

import jsonpatch
import jsonpointer

from ironic_lite.api import coercion
from ironic_lite.api import microversion
from ironic_lite.api import types
from ironic_lite.api import validation
from ironic_lite.common import exception
from ironic_lite.common import policy


_NAME_RE = re.compile('^[a-zA-Z0-9._~-]+$')


class Reply:
    """A controller's answer other than 200 with a JSON body."""

    def __init__(self, status, body=None, location=None):
        self.status = status
        self.body = body
        self.location = location


class NotAcceptable(exception.IronicLiteException):
    _msg_fmt = ('Request not acceptable. The requested feature is not '
                'available at this API version; ask for a higher one in the '
                'X-OpenStack-Ironic-API-Version header.')
    code = 406


class OperationNotPermitted(exception.IronicLiteException):
    _msg_fmt = 'Operation not permitted.'
    code = 403


def not_acceptable(minimum=None):
    """406; with ``minimum`` (a version tuple), in the words Ironic uses
    for a list filter newer than the request."""
    if minimum is None:
        return NotAcceptable()
    return NotAcceptable(
        'Request not acceptable. The minimal required API version should '
        'be %s' % microversion.to_string(minimum))


def authorize(request, rule):
    policy.authorize(rule, request.context)


# -- request bodies --

def json_body(request, schema):
    """The request's JSON body, checked against ``schema``.

    :raises: Invalid (400) when it is not JSON, holds what no database
        can store, a value that cannot be converted to its field's type
        (:mod:`ironic_lite.api.coercion`) or does not match (see
        :mod:`ironic_lite.api.validation`).
    """
    data = validation.decode_body(request.body)
    coercion.coerce(data, schema)
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
                err='Unexpected arguments: %s'
                % ', '.join(types.shown(name) for name in unknown))
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


def fields_param(query, allowed_fields, default_fields, gates=None):
    """The fields to return: ``?fields=`` (1.8; names in any case, each
    once) or ``default_fields``.

    :param gates: {field: gate} of the fields newer than 1.1.
    :raises: 406 below 1.8 or for a field newer than the request, 400 for
        unknown fields.
    """
    value = query.get('fields')
    if value is None:
        return default_fields
    if not microversion.allow_fields(query.request.version):
        raise not_acceptable()
    fields = []
    for name in value.split(','):
        name = name.strip().lower()
        if name and name not in fields:
            fields.append(name)
    check_gates(query.request, fields, gates or {})
    invalid = sorted(set(fields) - set(allowed_fields))
    if invalid:
        raise exception.InvalidParameterValue(
            err='Field(s) "%s" are not valid'
            % ', '.join(types.shown(name) for name in invalid))
    return fields


def list_fields(query, allowed_fields, list_default, gates=None,
                detail_gate=None):
    """The fields a collection GET returns: ``?fields=``, all of them
    with ``?detail=True`` (1.43, or ``detail_gate``), else
    ``list_default``.

    :raises: 400 for ``detail`` below its gate or with ``fields``; see
        :func:`fields_param`.
    """
    detail = query.boolean('detail')
    gate = detail_gate or microversion.allow_detail_query
    if detail is not None and not gate(query.request.version):
        raise exception.InvalidParameterValue(
            err='Invalid query parameter ?detail=%s received.' % detail)
    fields = fields_param(query, allowed_fields, None, gates)
    if fields is not None:
        if detail:
            raise exception.InvalidParameterValue(
                err='Can not specify ?detail=True and fields in the same '
                    'request.')
        return fields
    return allowed_fields if detail else list_default


def page(query, model_fields, max_limit, sortable_excluded=(),
         uuid_marker=True, gates=None):
    """(limit, marker, sort_key, sort_dir) from the query string.

    :param uuid_marker: whether the marker must be a UUID (else it is
        returned as given, for the caller to look up).
    :param gates: {field: gate}: sorting by a field newer than the
        request is 406.
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
    check_gates(query.request, [sort_key], gates or {})
    if sort_key in sortable_excluded:
        raise exception.InvalidParameterValue(
            err='The sort_key value %s is an invalid field for sorting'
            % sort_key)
    if sort_key not in model_fields:
        raise exception.InvalidParameterValue(
            err='The sort_key value "%s" is an invalid field for sorting'
            % types.shown(sort_key))
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

def check_ident(ident, param, names=False):
    """Refuse a path identifier that is neither a UUID nor (``names``) a
    name (RFC 3986 unreserved characters), as Ironic does: 400 naming the
    parameter (``port_uuid``, ``node``) and the identifier.

    :raises: InvalidParameterValue
    """
    if types.is_uuid(ident) or (names and _NAME_RE.match(ident)):
        return ident
    raise exception.InvalidParameterValue(
        err='Expected UUID%s for %s: %s'
        % (' or name' if names else '', param, types.shown(ident)))


# -- JSON-Patch --

def apply_patch(document, patch, read_only, patch_schema):
    """Apply a JSON-Patch to ``document`` (a dict of the API fields).

    :param read_only: top-level fields of ``document`` a patch may not
        touch; the others are the fields it may.
    :returns: the patched copy.
    :raises: Invalid (400) on a malformed patch, a field that may not be
        patched (Ironic's words: "Cannot patch /x. Only the following can
        be updated: ...") or an operation that cannot be applied
        ("Couldn't apply patch '...'. Reason: can't remove a non-existent
        object 'k'"); the messages show the operations and their paths,
        never a value of the patch or of the document.
    """
    validate(patch, patch_schema)
    allowed = sorted(set(document) - set(read_only))
    for op in patch:
        top = op['path'].lstrip('/').split('/')[0]
        if top not in allowed:
            raise exception.InvalidParameterValue(
                err='Cannot patch %s. Only the following can be updated: '
                    '%s' % (validation.cut_path(op['path']),
                            ', '.join(allowed)))
    result = copy.deepcopy(document)
    for op in patch:
        try:
            result = jsonpatch.apply_patch(result, [op], in_place=True)
        except (jsonpatch.JsonPatchException,
                jsonpointer.JsonPointerException,
                KeyError, IndexError, TypeError):
            raise exception.InvalidParameterValue(
                err="Couldn't apply patch '%s'. Reason: %s"
                % (_op_text(op), _patch_failure(result, op)))
    return result


def check_mandatory(document, schema):
    """Refuse a patched document that lost a field ``schema`` requires,
    in Ironic's words. :raises: Invalid (400)"""
    for name in schema.get('required', ()):
        if name not in document:
            raise exception.InvalidParameterValue(
                err="'%s' is a mandatory attribute and can not be removed"
                % name)


def _op_text(op):
    """An operation as Ironic shows it, without its value."""
    return "{'op': '%s', 'path': '%s'}" % (
        op['op'], validation.cut_path(op['path']))


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
            schema = {'type': 'object',
                      'properties': {name: properties[name]}}
            document = coercion.coerce({name: op['value']}, schema)
            validate(document, schema, what)


def _patch_failure(document, op):
    """Why ``op`` cannot be applied to ``document``, in jsonpatch's words
    where they name no value."""
    try:
        tokens = jsonpointer.JsonPointer(op['path']).parts
    except jsonpointer.JsonPointerException:
        return 'the path is not a valid JSON pointer'
    target = document
    for token in tokens[:-1]:
        if isinstance(target, dict):
            if token not in target:
                return "member '%s' not found" % token
            target = target[token]
        elif isinstance(target, list):
            if not token.isdigit() or int(token) >= len(target):
                return "index '%s' is out of bounds" % token
            target = target[int(token)]
        else:
            return 'the path goes through a value that is not an object ' \
                   'or a list'
    last = tokens[-1]
    if isinstance(target, list):
        if op['op'] == 'add':
            return "can't insert outside of list"
        if op['op'] == 'replace':
            return "can't replace outside of list"
    elif not isinstance(target, dict):
        return 'the path goes through a value that is not an object or ' \
               'a list'
    if op['op'] == 'replace':
        return "can't replace a non-existent object '%s'" % last
    return "can't remove a non-existent object '%s'" % last


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


def _is_empty(value):
    return value is None or value in ('', {}, [])


def check_body_gates(request, body, gates):
    """406 when a request body sets a field newer than the request's
    version; as Ironic, a field given its empty value (null, "", {}) is
    no use of the newer feature and passes.

    :param gates: {field: gate function}.
    """
    check_gates(request, [name for name, value in body.items()
                          if not _is_empty(value)], gates)


def check_patch_gates(request, patch, gates):
    """406 when a JSON-Patch changes a field newer than the request's
    version: sets it (or a part of it) to a value that is not empty, or
    removes it.

    :param gates: {field: gate function}.
    """
    touched = []
    for op in patch:
        parts = op['path'].lstrip('/').split('/')
        if (op['op'] == 'remove' or len(parts) > 1
                or not _is_empty(op.get('value'))):
            touched.append(parts[0])
    check_gates(request, touched, gates)


def hidden_fields(version, gates):
    """Fields too new for ``version``."""
    return {name for name, gate in gates.items() if not gate(version)}
