"""/v1/nodes/{node}/states, management, maintenance and validate.

Every change is handed to the node's conductor (RPC) and answered with
202 and a Location of the node's states; the conductor does the work in
the background. No conductor for the node: 503.
"""

import json
import string

from ironic_lite.api.controllers.v1 import configdrive as configdrive_api
from ironic_lite.api.controllers.v1 import node as node_api
from ironic_lite.api.controllers.v1 import utils
from ironic_lite.api import microversion as mv
from ironic_lite.api.schemas import node as schema
from ironic_lite.api import types
from ironic_lite.api import validation
from ironic_lite.common import exception
from ironic_lite.common import states

_BASIC_POWER = (states.POWER_ON, states.POWER_OFF, states.REBOOT)
_SOFT_POWER = (states.SOFT_REBOOT, states.SOFT_POWER_OFF)

#: Verb -> the gate that allows it (None: from 1.1).
_VERB_GATES = {
    'active': None, 'deleted': None, 'rebuild': None,
    'manage': mv.allow_manageable, 'provide': mv.allow_manageable,
    'inspect': mv.allow_inspect, 'abort': mv.allow_abort,
    'clean': mv.allow_manual_clean, 'adopt': mv.allow_adopt,
}
_UNSUPPORTED_VERBS = ('rescue', 'unrescue')
#: What a configdrive given as text may hold (base64, with blanks).
_BASE64 = frozenset(string.ascii_letters + string.digits + '+/=\n\r\t ')


def _states_location(request, node):
    return '%s/v1/nodes/%s/states' % (utils.base_url(request), node.uuid)


def _accepted(request, node):
    return utils.Reply(202, location=_states_location(request, node))


def get_states(request, node_ident):
    utils.authorize(request, 'baremetal:node:get')
    utils.Query(request, ())
    node = node_api.get_node(request, node_ident)
    fields = ['power_state', 'target_power_state', 'provision_state',
              'target_provision_state', 'provision_updated_at',
              'last_error', 'console_enabled', 'raid_config',
              'target_raid_config']
    data = node_api.view(request, node, fields, None, show_links=False)
    data.pop('links')
    return data


def _invalid_state(action, node_ident, state):
    """400 in Ironic's words for an action the node's state forbids (or
    that does not exist)."""
    return exception.InvalidParameterValue(
        err='The requested action "%s" can not be performed on node "%s" '
            'while it is in state "%s".'
        % (types.shown(action), node_ident, state))


def set_power_state(request, node_ident):
    utils.authorize(request, 'baremetal:node:change_state')
    utils.Query(request, ())
    body = utils.json_body(request, schema.POWER)
    target, timeout = body['target'], body.get('timeout')
    node = node_api.get_node(request, node_ident)
    if ((target in _SOFT_POWER or timeout)
            and not mv.allow_soft_power(request.version)):
        raise utils.not_acceptable()
    if timeout is not None and timeout < 1:
        raise exception.InvalidParameterValue(
            err='timeout has to be positive integer')
    if target not in _BASIC_POWER + _SOFT_POWER:
        raise _invalid_state(target, node_ident, node.power_state)
    if node.provision_state in (states.CLEANING, states.CLEANWAIT):
        raise _invalid_state(target, node_ident, node.provision_state)
    request.rpcapi.change_node_power_state(
        request.context, node.uuid, target,
        topic=node_api.topic_for(request, node), timeout=timeout)
    return _accepted(request, node)


def _check_verb(request, node, target, body):
    """Ironic's checks of a provision request, in its order."""
    gate = _VERB_GATES.get(target)
    if gate is not None and not gate(request.version):
        raise utils.not_acceptable()
    _check_step_options(request, target, body)
    if target in _UNSUPPORTED_VERBS:
        if not mv.allow_rescue_interface(request.version):
            raise utils.not_acceptable()
        raise exception.InvalidParameterValue(
            err='The "%s" provision action is not supported by ironic-lite'
            % target)
    if target not in states.VERBS:
        # No state accepts it: refused whatever the node is doing.
        raise _invalid_state(target, node.uuid, node.provision_state)
    if target in ('active', 'rebuild') and node.maintenance:
        raise exception.NodeInMaintenance(action='provisioning',
                                          node=node.uuid)
    try:
        # NOTE: checked again by the conductor under the node's lock;
        # checking here answers an impossible request without a round
        # trip, in Ironic's words.
        states.next_state(node.provision_state, states.VERBS[target])
    except exception.InvalidStateRequested:
        if node.reservation:
            raise exception.NodeLocked(node=node.uuid,
                                       host=node.reservation)
        raise _invalid_state(target, node.uuid, node.provision_state)
    if body.get('configdrive'):
        _check_configdrive(request, node, target, body['configdrive'])
    if body.get('clean_steps') and target != 'clean':
        raise exception.InvalidParameterValue(
            err='"clean_steps" is only valid when setting target provision '
                'state to clean')
    if (target == 'abort' and node.provision_state == states.INSPECTWAIT
            and not mv.allow_inspect_abort(request.version)):
        raise utils.not_acceptable()
    if target == 'clean' and not body.get('clean_steps'):
        raise exception.InvalidParameterValue(
            err='"clean_steps" is required when setting target provision '
                'state to clean')
    _check_step_options(request, target, body)


def _check_step_options(request, target, body):
    """``deploy_steps`` (API 1.69) go with active and rebuild only,
    ``disable_ramdisk`` (API 1.70) with clean only."""
    if 'deploy_steps' in body:
        if not mv.allow_deploy_steps(request.version):
            raise utils.not_acceptable()
        if body['deploy_steps'] and target not in ('active', 'rebuild'):
            raise exception.InvalidParameterValue(
                err='"deploy_steps" is only valid when setting target '
                    'provision state to active or rebuild')
    if 'disable_ramdisk' in body:
        if not mv.allow_disable_ramdisk(request.version):
            raise utils.not_acceptable()
        if body['disable_ramdisk'] and target != 'clean':
            raise exception.InvalidParameterValue(
                err='"disable_ramdisk" is only valid when setting target '
                    'provision state to clean')


def _check_configdrive(request, node, target, configdrive):
    """A configdrive goes with ``active`` (and ``rebuild`` from 1.35), as
    a URL or base64 text (a JSON object, from API 1.56, is built into
    an image by the conductor), and must fit in the node's
    instance_info."""
    targets = ('active', 'rebuild') if mv.allow_rebuild_configdrive(
        request.version) else ('active',)
    if target not in targets:
        raise exception.InvalidParameterValue(
            err='Adding a config drive is only supported when setting '
                'provision state to %s' % ', '.join(targets))
    if isinstance(configdrive, dict):
        return configdrive_api.check(request, configdrive)
    if '://' not in configdrive and set(configdrive) - _BASE64:
        raise exception.InvalidParameterValue(
            err='Invalid configdrive format: it is neither a JSON, nor a '
                'URL, nor a base64 string')
    _check_configdrive_fits(node, configdrive)


def _check_configdrive_fits(node, configdrive):
    """The configdrive is stored in the node's instance_info, a JSON
    column: refuse one that would not fit there with the rest."""
    info = dict(node.instance_info or {}, configdrive=configdrive)
    if len(json.dumps(info)) > validation.TEXT_BYTES:
        raise exception.InvalidParameterValue(
            err='The configdrive is too large to be stored with the '
                'node\'s instance_info (%d bytes at most as JSON).'
                % validation.TEXT_BYTES)


def set_provision_state(request, node_ident):
    utils.authorize(request, 'baremetal:node:change_state')
    utils.Query(request, ())
    body = utils.json_body(request, schema.PROVISION)
    target = body['target']
    node = node_api.get_node(request, node_ident)
    _check_verb(request, node, target, body)
    if target == 'provide' and node.retired:
        # API 1.61, as Ironic: 400 (the conductor refuses it as well).
        raise exception.NodeIsRetired(op=target, node=node.uuid)
    topic = node_api.topic_for(request, node)
    rpcapi, context = request.rpcapi, request.context
    if target in ('active', 'rebuild'):
        rpcapi.do_node_deploy(context, node.uuid,
                              rebuild=(target == 'rebuild'),
                              configdrive=body.get('configdrive'),
                              topic=topic,
                              deploy_steps=body.get('deploy_steps'))
    elif target == 'deleted':
        rpcapi.do_node_tear_down(context, node.uuid, topic=topic)
    elif target == 'clean':
        rpcapi.do_node_clean(context, node.uuid, body['clean_steps'],
                             topic=topic, disable_ramdisk=bool(
                                 body.get('disable_ramdisk')))
    else:
        rpcapi.do_provisioning_action(context, node.uuid, target,
                                      topic=topic)
    return _accepted(request, node)


def set_raid_config(request, node_ident):
    """PUT /v1/nodes/{node}/states/raid (API 1.12): the node's target
    RAID configuration, checked by its RAID interface; ``{}`` clears it.
    204; 404 when the node's RAID interface takes none, as Ironic."""
    utils.authorize(request, 'baremetal:node:set_raid_state')
    utils.Query(request, ())
    node = node_api.get_node(request, node_ident)
    if not mv.allow_raid_config(request.version):
        raise utils.not_acceptable()
    config = utils.json_body(request, schema.RAID)
    try:
        request.rpcapi.set_target_raid_config(
            request.context, node.uuid, config,
            topic=node_api.topic_for(request, node))
    except exception.UnsupportedDriverExtension as e:
        # NOTE: Ironic's status: RAID is an interface a node may lack.
        e.code = 404
        raise
    return utils.Reply(204)


# -- management --

def _ask_conductor(request, node_ident, rule, method):
    """The answer of the node's conductor to ``method`` (a read)."""
    utils.authorize(request, rule)
    utils.Query(request, ())
    node = node_api.get_node(request, node_ident)
    return getattr(request.rpcapi, method)(
        request.context, node.uuid, topic=node_api.topic_for(request, node))


def get_boot_device(request, node_ident):
    return _ask_conductor(request, node_ident, 'baremetal:node:get',
                          'get_boot_device')


def set_boot_device(request, node_ident):
    utils.authorize(request, 'baremetal:node:change_state')
    query = utils.Query(request, ('boot_device', 'persistent'))
    if 'boot_device' in query:
        body = {'boot_device': query.text(
                    'boot_device',
                    schema.BOOT_DEVICE['properties']['boot_device'][
                        'maxLength']),
                'persistent': query.boolean('persistent', False)}
    else:
        body = utils.json_body(request, schema.BOOT_DEVICE)
    node = node_api.get_node(request, node_ident)
    request.rpcapi.set_boot_device(
        request.context, node.uuid, body['boot_device'],
        persistent=body.get('persistent', False),
        topic=node_api.topic_for(request, node))
    return utils.Reply(204)


def get_supported_boot_devices(request, node_ident):
    return {'supported_boot_devices': _ask_conductor(
        request, node_ident, 'baremetal:node:get',
        'get_supported_boot_devices')}


def inject_nmi(request, node_ident):
    """PUT /v1/nodes/{node}/management/inject_nmi (API 1.29): the node's
    conductor sends it a non-maskable interrupt through its management
    interface. The body is ``{}`` (or none, as Ironic reads none). 204;
    below 1.29 404, as Ironic, where the path does not exist."""
    if not mv.allow_inject_nmi(request.version):
        raise exception.NotFound()
    utils.authorize(request, 'baremetal:node:inject_nmi')
    utils.Query(request, ())
    if request.body:
        utils.json_body(request, schema.INJECT_NMI)
    node = node_api.get_node(request, node_ident)
    request.rpcapi.inject_nmi(request.context, node.uuid,
                              topic=node_api.topic_for(request, node))
    return utils.Reply(204)


# -- maintenance and validation --

def _set_maintenance(request, node_ident, on, reason):
    node = node_api.get_node(request, node_ident)
    node.maintenance = on
    node.maintenance_reason = reason
    if not on:
        node.fault = None
    request.rpcapi.update_node(request.context, node,
                               topic=node_api.topic_for(request, node))
    return utils.Reply(202)


def set_maintenance(request, node_ident):
    utils.authorize(request, 'baremetal:node:update')
    query = utils.Query(request, ('reason',))
    reason = query.text('reason', validation.TEXT_MAX_LENGTH)
    if reason is None and request.body:
        reason = utils.json_body(request, schema.MAINTENANCE).get('reason')
    return _set_maintenance(request, node_ident, True, reason)


def unset_maintenance(request, node_ident):
    utils.authorize(request, 'baremetal:node:update')
    utils.Query(request, ())
    return _set_maintenance(request, node_ident, False, None)


def validate(request, node_ident):
    return _ask_conductor(request, node_ident, 'baremetal:node:validate',
                          'validate_driver_interfaces')


def validate_by_query(request):
    """``GET /v1/nodes/validate?node=<ident>`` (or ``node_uuid=``), the
    collection form of :func:`validate` Ironic also serves."""
    utils.authorize(request, 'baremetal:node:validate')
    query = utils.Query(request, ('node', 'node_uuid'))
    if query.get('node_uuid'):
        ident = types.uuid('node_uuid', query.get('node_uuid'))
    elif query.get('node'):
        ident = query.get('node')
        if not types.is_uuid(ident) and not mv.allow_node_name(
                request.version):
            raise utils.not_acceptable()
    else:
        raise exception.MissingParameterValue(
            err='Missing mandatory parameter: node')
    node = node_api.get_node(request, ident)
    return request.rpcapi.validate_driver_interfaces(
        request.context, node.uuid, topic=node_api.topic_for(request, node))
