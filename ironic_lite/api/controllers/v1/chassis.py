"""/v1/chassis and /v1/chassis/{chassis}/nodes.

A chassis involves no node's lock, so its changes go straight to the
database through the objects layer (written in the pinned version); a
PATCH is written only if the chassis still holds what it was applied to.
"""

from ironic_lite.api.controllers.v1 import generic
from ironic_lite.api.schemas import chassis as schema
from ironic_lite.common import exception
from ironic_lite import objects

RESOURCE = generic.Resource(
    path='chassis', obj_class=objects.Chassis,
    not_found=lambda ident: exception.ChassisNotFound(chassis=ident),
    rule='baremetal:chassis',
    detail_fields=['uuid', 'description', 'extra', 'created_at',
                   'updated_at'],
    list_fields=['uuid', 'description'],
    gates={}, refs={},
    schemas={'create': schema.CREATE, 'patched': schema.PATCHED},
    sub_links={'nodes': None}, ident_param='chassis_uuid')


def list_chassis(request):
    return generic.list_(request, RESOURCE, False, {}, (), 'chassis')


def list_chassis_detail(request):
    return generic.list_(request, RESOURCE, True, {}, (), 'chassis/detail')


def show_chassis(request, chassis_ident):
    return generic.show(request, RESOURCE, chassis_ident)


def _save_new(chassis):
    chassis.create()
    return chassis


def _save(chassis, expected):
    # NOTE: no conductor lock guards a chassis: the database compares
    # and writes in one transaction.
    chassis.save(expected=expected)
    return chassis


def create_chassis(request):
    return generic.create(request, RESOURCE, _save_new)


def update_chassis(request, chassis_ident):
    return generic.update(request, RESOURCE, chassis_ident, _save)


def delete_chassis(request, chassis_ident):
    return generic.delete(request, RESOURCE, chassis_ident,
                          lambda chassis: chassis.destroy())
