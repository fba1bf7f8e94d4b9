"""List, show, create, update and delete for the resources that are a
flat row each (ports, port groups, chassis), driven by a description of
the resource (:class:`Resource`). Nodes have their own module."""

from ironic_lite.api import coercion
from ironic_lite.api.controllers.v1 import utils
from ironic_lite.common import exception


class Resource:
    """What differs between the flat resources.

    :param path: the collection's path under /v1 ('ports').
    :param obj_class: the versioned object class.
    :param not_found: callable(ident) -> the NotFound exception.
    :param rule: policy rule prefix ('baremetal:port').
    :param detail_fields / list_fields: API fields shown.
    :param gates: {field: gate} for fields newer than 1.1.
    :param refs: {api field: (object class, id field)} for references
        shown as UUIDs (node_uuid -> node_id).
    :param schemas: {'create': ..., 'patched': ...}.
    :param names: whether the resource has a name usable as identifier.
    :param ident_param: the path parameter's name in Ironic's errors
        about a malformed identifier ('port_uuid').
    :param sub_links: links shown on show/detail ({name: gate or None}).
    :param defaults: {field: value shown when the stored value is null}.
    :param key: the key of a collection's items (default: ``path``).
    :param masks: {field: function} hiding the secrets of a field's value
        in what is shown (a PATCH applies to the stored value).
    :param detail_gate: the gate of ``?detail=`` on the collection
        (Ironic's 1.43, or the resource's first version when it came
        later with detail already allowed).
    """

    def __init__(self, path, obj_class, not_found, rule, detail_fields,
                 list_fields, gates, refs, schemas, names=False,
                 sub_links=None, time_fields=('created_at', 'updated_at'),
                 defaults=None, ident_param='uuid', key=None, masks=None,
                 detail_gate=None):
        self.path = path
        self.key = key or path
        self.masks = masks or {}
        self.detail_gate = detail_gate
        self.obj_class = obj_class
        self.not_found = not_found
        self.rule = rule
        self.detail_fields = detail_fields
        self.list_fields = list_fields
        self.gates = gates
        self.refs = refs
        self.schemas = schemas
        self.names = names
        self.ident_param = ident_param
        self.sub_links = sub_links or {}
        self.time_fields = time_fields
        self.defaults = defaults or {}
        self.writable = schemas['patched']['properties']

    def get(self, request, ident):
        """The row named by ``ident``. :raises: Invalid (400) for an
        identifier of the wrong form, the NotFound of the resource."""
        utils.check_ident(ident, self.ident_param, self.names)
        return self.obj_class.get(request.context, ident)

    def value(self, obj, name, cache):
        """The API value of field ``name`` of ``obj``."""
        if name in self.refs:
            ref_class, id_field = self.refs[name]
            value = cache.uuid_of(ref_class, getattr(obj, id_field))
        else:
            value = getattr(obj, name)
        if value is None:
            value = self.defaults.get(name)
        if name in self.time_fields:
            value = utils.format_time(value)
        return value

    def document(self, obj, cache):
        """What a JSON-Patch applies to: every writable field, whatever
        the request's version (a field a version does not show keeps its
        value unless the patch names it)."""
        return {name: self.value(obj, name, cache) for name in self.writable}

    def view(self, request, obj, fields, cache, show_links=True):
        """The API form of ``obj``: the ``fields`` the version shows,
        secrets masked, links added."""
        hidden = utils.hidden_fields(request.version, self.gates)
        data = {}
        for name in fields:
            if name in hidden:
                continue
            value = self.value(obj, name, cache)
            if name in self.masks:
                value = self.masks[name](value)
            data[name] = value
        data['links'] = utils.links(request, self.path, obj.uuid)
        if show_links:
            for sub, gate in self.sub_links.items():
                if gate is None or gate(request.version):
                    data[sub] = utils.links(
                        request, '%s/%s' % (self.path, obj.uuid), sub)
        return data

    def resolve_refs(self, request, values):
        """Turn the ``*_uuid`` fields of ``values`` into ids (in place).

        :raises: InvalidParameterValue when a referenced row is missing.
        """
        for name, (ref_class, id_field) in self.refs.items():
            if name not in values:
                continue
            ident = values.pop(name)
            if ident is None:
                values[id_field] = None
                continue
            try:
                values[id_field] = ref_class.get(request.context, ident).id
            except exception.NotFound as e:
                # NOTE: as Ironic: a missing row a body names is the
                # client's mistake, 400 with the not-found message.
                raise exception.InvalidParameterValue(err=str(e))

    def drop_nulls(self, values):
        """Drop (in place) the nulls of fields that cannot be null: the
        object's default applies, as Ironic's does for null booleans and
        dicts."""
        for name in list(values):
            field = self.obj_class.fields.get(name)
            if values[name] is None and field and not field.nullable:
                del values[name]


def list_(request, res, detail, filters, extra_params=(), path=None,
          filter_gates=None):
    """A page of ``res`` matching ``filters`` (column: value);
    ``extra_params`` are the query parameters the caller turned into
    filters."""
    utils.authorize(request, res.rule + ':get')
    params = utils.PAGE_PARAMS + tuple(extra_params)
    if detail:
        # NOTE: as Ironic: /detail takes neither fields nor detail.
        params = tuple(p for p in params if p != 'fields')
    else:
        params += ('detail',)
    query = utils.Query(request, params)
    for name, gate in (filter_gates or {}).items():
        if name in query and not gate(request.version):
            raise utils.not_acceptable()
    fields = (res.detail_fields if detail else utils.list_fields(
        query, res.detail_fields, res.list_fields, res.gates,
        detail_gate=res.detail_gate))
    limit, marker, sort_key, sort_dir = utils.page(
        query, res.obj_class.fields, request.conf.api.max_limit,
        ('extra', 'internal_info', 'properties', 'local_link_connection'),
        gates=res.gates)
    objs = res.obj_class.list(request.context, filters=filters, limit=limit,
                              marker=marker, sort_key=sort_key,
                              sort_dir=sort_dir)
    cache = utils.UuidCache(request.context)
    items = [res.view(request, obj, fields, cache, show_links=False)
             for obj in objs]
    return utils.collection(request, res.key, items, limit,
                            path or res.path, query)


def show(request, res, ident):
    utils.authorize(request, res.rule + ':get')
    query = utils.Query(request, ('fields',))
    fields = utils.fields_param(query, res.detail_fields, res.detail_fields,
                                res.gates)
    obj = res.get(request, ident)
    return res.view(request, obj, fields, utils.UuidCache(request.context),
                    show_links='fields' not in query)


def create(request, res, save):
    """Create from the body; ``save(obj)`` stores it, returns the result."""
    utils.authorize(request, res.rule + ':create')
    utils.Query(request, ())
    body = utils.json_body(request, res.schemas['create'])
    utils.check_body_gates(request, body, res.gates)
    values = dict(body)
    res.drop_nulls(values)
    res.resolve_refs(request, values)
    obj = save(res.obj_class(request.context, **values))
    data = res.view(request, obj, res.detail_fields,
                    utils.UuidCache(request.context))
    return utils.Reply(201, data, location=data['links'][0]['href'])


def update(request, res, ident, save, check=None):
    """Apply a JSON-Patch; ``save(obj, expected)`` stores it and returns
    the result, refusing with ConcurrentUpdate when the stored row no
    longer holds ``expected`` (the values the patch was applied to): the
    patch is then applied again to a fresh read.

    :param check: callable(patched document, changed field names) run
        before the values are set, for the resource's own rules.
    """
    utils.authorize(request, res.rule + ':update')
    utils.Query(request, ())
    patch = utils.json_body(request, utils.PATCH_SCHEMA)
    utils.check_patch_gates(request, patch, res.gates)
    utils.check_patch_values(patch, res.writable, _patched(res))
    return utils.retry_on_concurrent_update(
        lambda: _update_once(request, res, ident, patch, save, check))


def _patched(res):
    return 'patched %s' % res.obj_class.obj_name().lower()


def _update_once(request, res, ident, patch, save, check):
    obj = res.get(request, ident)
    original = utils.snapshot(obj)
    cache = utils.UuidCache(request.context)
    before = res.document(obj, cache)
    after = utils.apply_patch(before, patch, (), utils.PATCH_SCHEMA)
    utils.check_mandatory(after, res.schemas['patched'])
    coercion.coerce(after, res.schemas['patched'])
    utils.validate(after, res.schemas['patched'], _patched(res))
    for name in res.writable:
        # A removed field: null, or the object's default (see below).
        after.setdefault(name, None)
    changed = utils.changed_fields(before, after, res.writable)
    if check is not None:
        check(after, changed)
    values = {name: after[name] for name in changed}
    res.resolve_refs(request, values)
    for name, value in values.items():
        field = res.obj_class.fields[name]
        if value is None and not field.nullable:
            value = field.default
        setattr(obj, name, value)
    if values:
        obj = save(obj, utils.expected_values(obj, original))
    return res.view(request, obj, res.detail_fields, cache)


def delete(request, res, ident, destroy):
    utils.authorize(request, res.rule + ':delete')
    utils.Query(request, ())
    destroy(res.get(request, ident))
    return utils.Reply(204)
