"""Workers of the provision operations.

Each runs in the conductor's worker pool holding the node's lock, after the
manager has moved the node into the operation's working state. Each ends
the operation with the machine's 'done' (or 'wait' when the node's ramdisk
will call back) or, on any failure, 'fail' with a clear ``last_error``.
"""

import logging

from ironic_lite.common import exception
from ironic_lite.common import states
from ironic_lite.conductor import allocations
from ironic_lite.conductor import configdrive as configdrive_image
from ironic_lite.conductor import steps
from ironic_lite.conductor import utils

LOG = logging.getLogger(__name__)


def _validate(task, *interfaces):
    for name in interfaces:
        getattr(task.driver, name).validate(task)


def cache_bios_settings(task, operation):
    """Have the node's BIOS interface cache its settings (API 1.40).

    A failure (the BMC, a BIOS the interface cannot read) is logged and
    does not fail ``operation``, as in Ironic: the node keeps the
    settings it had.
    """
    try:
        task.driver.bios.cache_bios_settings(task)
    except Exception as e:
        LOG.warning('Caching the BIOS settings of node %(node)s failed '
                    '(%(error)s); going on with %(operation)s.',
                    {'node': task.node.uuid, 'error': e,
                     'operation': operation})


def verify(task):
    """enroll -> verifying -> manageable: the BMC can be reached; the
    node's BIOS settings are cached."""
    try:
        _validate(task, 'power', 'management')
        power_state = task.driver.power.get_power_state(task)
    except exception.IronicLiteException as e:
        return utils.provisioning_error(
            task, 'Failed to verify node %s' % task.node.uuid, e)
    task.node.power_state = power_state
    cache_bios_settings(task, 'verify')
    task.process_event('done')


def inspect(task):
    try:
        _validate(task, 'inspect', 'power')
        result = task.driver.inspect.inspect_hardware(task)
    except exception.IronicLiteException as e:
        return utils.provisioning_error(
            task, 'Failed to inspect node %s' % task.node.uuid, e)
    task.process_event('wait' if result == states.INSPECTWAIT else 'done')


def clean(task, automated_clean=True, clean_steps=None,
          disable_ramdisk=False):
    """Automated cleaning (after provide or tear-down) or manual cleaning
    (``clean_steps`` given; ends in manageable): plan the clean steps
    (``conductor/steps.py``) and run them."""
    manual = clean_steps is not None
    if not manual and not automated_clean:
        LOG.info('Automated cleaning is disabled, node %s is available',
                 task.node.uuid)
        return task.process_event('done')
    try:
        _validate(task, 'power', 'deploy')
        plan = steps.clean_plan(task, clean_steps, disable_ramdisk)
    except exception.IronicLiteException as e:
        return clean_failed(task, e)
    steps.start(task, steps.CLEAN, plan)
    continue_cleaning(task)


def continue_cleaning(task):
    """Run the node's clean steps from the next one; finish the cleaning
    when they are done, or wait for the ramdisk."""
    try:
        result = steps.execute(task, steps.CLEAN)
    except exception.IronicLiteException as e:
        return clean_failed(task, e)
    if result == states.CLEANWAIT:
        return task.process_event('wait')
    finish_cleaning(task)


def finish_cleaning(task):
    """The end of a successful cleaning: the node's BIOS settings are
    cached again (cleaning may have changed them)."""
    cache_bios_settings(task, 'cleaning')
    node = task.node
    steps.finish(task, steps.CLEAN)
    manual = node.target_provision_state == states.MANAGEABLE
    # A retired node (API 1.61) goes back to manageable, not available.
    task.process_event('manage' if manual or node.retired else 'done')


def clean_failed(task, exc):
    node = task.node
    steps.finish(task, steps.CLEAN)
    node.maintenance = True
    node.fault = 'clean failure'
    node.maintenance_reason = 'Cleaning failed: %s' % exc
    utils.provisioning_error(task, 'Failed to clean node %s' % node.uuid,
                             exc)


def deploy(task, conductor_id, configdrive=None, deploy_steps=None):
    """Deploy the node: plan its deploy steps (the interfaces', its
    deploy templates', ``deploy_steps`` of the request) and run them."""
    node = task.node
    try:
        _validate(task, 'power', 'deploy', 'boot')
        if isinstance(configdrive, dict):
            # API 1.56: given as JSON, built here.
            configdrive = configdrive_image.build(configdrive, node)
        if configdrive:
            info = dict(node.instance_info)
            info['configdrive'] = configdrive
            node.instance_info = info
        plan = steps.deploy_plan(task, deploy_steps)
    except exception.IronicLiteException as e:
        return deploy_failed(task, e)
    steps.start(task, steps.DEPLOY, plan)
    continue_deploying(task, conductor_id)


def continue_deploying(task, conductor_id):
    """Run the node's deploy steps from the next one; the node is active
    when they are done, or waits for the ramdisk."""
    try:
        result = steps.execute(task, steps.DEPLOY)
    except exception.IronicLiteException as e:
        return deploy_failed(task, e)
    if result == states.DEPLOYWAIT:
        return task.process_event('wait')
    finish_deploy(task, conductor_id)


def deploy_failed(task, exc):
    """Fail the deploy (``exc``: an exception or a reason), forgetting
    its steps."""
    steps.finish(task, steps.DEPLOY)
    utils.provisioning_error(
        task, 'Failed to deploy node %s' % task.node.uuid, exc)


def finish_deploy(task, conductor_id):
    task.node.conductor_affinity = conductor_id
    task.process_event('done')
    LOG.info('Node %s is active', task.node.uuid)


def tear_down(task, automated_clean=True):
    """deleting -> cleaning -> available (or error if tear-down fails)."""
    node = task.node
    try:
        task.driver.deploy.tear_down(task)
    except exception.IronicLiteException as e:
        return utils.provisioning_error(
            task, 'Failed to tear down node %s' % node.uuid, e)
    node.instance_info = {}
    node.instance_uuid = None
    allocations.free_node(task)
    info = dict(node.driver_internal_info)
    info.pop('agent_url', None)
    node.driver_internal_info = info
    task.process_event('clean')
    clean(task, automated_clean)


def adopt(task, conductor_id):
    try:
        _validate(task, 'power', 'deploy', 'boot')
    except exception.IronicLiteException as e:
        return utils.provisioning_error(
            task, 'Failed to adopt node %s' % task.node.uuid, e)
    finish_deploy(task, conductor_id)


def heartbeat(task, conductor_id, callback_url, agent_version,
              agent_status=None, agent_status_message=None):
    """Worker: let the deploy interface handle a heartbeat of a node in a
    wait state, and finish the wait when it says so. A ramdisk that
    reports ``agent_status`` ``error`` (API 1.72) fails the wait with its
    message, without asking the deploy interface."""
    if agent_status == 'error':
        event = 'fail'
        task.node.last_error = 'the agent reported an error: %s' % (
            agent_status_message or 'no message')
    else:
        try:
            event = task.driver.deploy.heartbeat(task, callback_url,
                                                 agent_version)
        except exception.IronicLiteException as e:
            event = 'fail'
            task.node.last_error = str(e)
    task.node.save()
    if event in ('done', 'fail'):
        continue_after_heartbeat(task, conductor_id, event,
                                 task.node.last_error)


def continue_after_heartbeat(task, conductor_id, event, reason=None):
    """The deploy interface said the wait is over (``event`` 'done' or
    'fail'); finish the operation the node waits in."""
    node = task.node
    waiting = node.provision_state
    if event == 'fail':
        reason = 'Failed while waiting for node %s (%s): %s' % (
            node.uuid, waiting, reason or 'the ramdisk reported a failure')
        if waiting == states.CLEANWAIT:
            return clean_failed(task, reason)
        if waiting == states.DEPLOYWAIT:
            steps.finish(task, steps.DEPLOY)
        return utils.provisioning_error(task, reason)
    task.process_event('resume' if waiting != states.INSPECTWAIT
                       else 'done')
    if waiting == states.DEPLOYWAIT:
        continue_deploying(task, conductor_id)
    elif waiting == states.CLEANWAIT:
        continue_cleaning(task)
