"""/v1/deploy_templates (API 1.55): named sets of deploy steps, run by
the deploy of a node whose ``instance_info['traits']`` name them.

A template involves no node's lock (the conductor reads templates when a
deploy starts), so its changes go straight to the database through the
objects layer, as a chassis's do; a PATCH is written only if the
template still holds what it was applied to. Below 1.55 every path
answers 404, and 406 while the API is pinned to a release without them.
"""

from ironic_lite.api.controllers.v1 import generic
from ironic_lite.api import microversion as mv
from ironic_lite.api.schemas import deploy_template as schema
from ironic_lite.common import exception
from ironic_lite import objects

RESOURCE = generic.Resource(
    path='deploy_templates', obj_class=objects.DeployTemplate,
    not_found=lambda ident: exception.DeployTemplateNotFound(
        template=ident),
    rule='baremetal:deploy_template',
    detail_fields=['uuid', 'name', 'steps', 'extra', 'created_at',
                   'updated_at'],
    list_fields=['uuid', 'name'],
    gates={}, refs={},
    schemas={'create': schema.CREATE, 'patched': schema.PATCHED},
    names=True, ident_param='deploy_template',
    # NOTE: ?detail= came with the resource (1.55), not with 1.43.
    detail_gate=mv.allow_deploy_templates)


def _check_version(request):
    """:raises: NotFound (404) below API 1.55, where Ironic has no such
    path; 406 when the version asked is above what the API serves is
    answered before any handler."""
    if not mv.allow_deploy_templates(request.version):
        raise exception.NotFound()


def _check_steps(values, changed=None):
    """A template names each step (interface and step) once."""
    if changed is not None and 'steps' not in changed:
        return
    seen = set()
    for step in values.get('steps') or ():
        key = (step['interface'], step['step'])
        if key in seen:
            raise exception.InvalidParameterValue(
                err='Duplicate deploy steps for %s.%s; a deploy template '
                    'names each step once' % key)
        seen.add(key)


def list_templates(request):
    _check_version(request)
    return generic.list_(request, RESOURCE, False, {}, (),
                         'deploy_templates')


def list_templates_detail(request):
    _check_version(request)
    return generic.list_(request, RESOURCE, True, {}, (),
                         'deploy_templates/detail')


def show_template(request, template_ident):
    _check_version(request)
    return generic.show(request, RESOURCE, template_ident)


def _save_new(template):
    _check_steps({'steps': template.steps})
    template.create()
    return template


def _save(template, expected):
    template.save(expected=expected)
    return template


def create_template(request):
    _check_version(request)
    return generic.create(request, RESOURCE, _save_new)


def update_template(request, template_ident):
    _check_version(request)
    return generic.update(request, RESOURCE, template_ident, _save,
                          check=_check_steps)


def delete_template(request, template_ident):
    _check_version(request)
    return generic.delete(request, RESOURCE, template_ident,
                          lambda template: template.destroy())
