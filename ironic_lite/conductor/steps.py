"""Planning and running the clean and deploy steps of a node.

The node's interfaces declare their steps (``drivers/steps.py``). For an
operation the conductor makes a plan, the ordered list of steps to run,
stores it in the node's ``driver_internal_info`` (``clean_steps`` or
``deploy_steps``, with the index of the running step in
``clean_step_index`` or ``deploy_step_index``) and runs it from there:
the running step is the node's ``clean_step`` or ``deploy_step`` field.
A step that hands over to the node's ramdisk (it returns a wait state)
pauses the plan; the next heartbeat that finishes the wait resumes it
with the following step, possibly on another conductor.

Plans:

* automated cleaning: every clean step of the node's interfaces whose
  priority is above 0;
* manual cleaning: the steps asked for, in the order given;
* deploying: the deploy steps of the interfaces whose priority is above
  0, then those of the deploy templates whose names are among the
  node's ``instance_info['traits']``, then those of the request; a later
  source replaces an earlier one's step of the same interface and name
  (priority 0 removes it).

Steps run by priority, highest first; on equal priorities the interface
order of :data:`INTERFACE_ORDER` decides, as Ironic does.
"""

import logging

from ironic_lite.common import exception
from ironic_lite.common import states
from ironic_lite.drivers import steps as driver_steps
from ironic_lite import objects

LOG = logging.getLogger(__name__)

CLEAN = driver_steps.CLEAN
DEPLOY = driver_steps.DEPLOY

#: The interface types that may have steps.
STEP_INTERFACES = ('deploy', 'boot', 'management', 'power', 'bios', 'raid')

#: Steps of equal priority run in this order of their interfaces, per
#: kind of step (higher first).
INTERFACE_ORDER = {
    CLEAN: {'power': 6, 'management': 5, 'deploy': 4, 'boot': 3,
            'bios': 2, 'raid': 1},
    DEPLOY: {'deploy': 6, 'power': 5, 'management': 4, 'boot': 3,
             'bios': 2, 'raid': 1},
}

#: The node field showing the running step, by kind.
NODE_FIELD = {CLEAN: 'clean_step', DEPLOY: 'deploy_step'}

#: The state a step that waits for the ramdisk returns, by kind.
WAIT_STATE = {CLEAN: states.CLEANWAIT, DEPLOY: states.DEPLOYWAIT}

_PLAN_KEY = {CLEAN: 'clean_steps', DEPLOY: 'deploy_steps'}
_INDEX_KEY = {CLEAN: 'clean_step_index', DEPLOY: 'deploy_step_index'}

#: The keys of a step in a plan (and in the node's step fields).
_PLAN_FIELDS = ('interface', 'step', 'args', 'priority')


class StepFailed(exception.IronicLiteException):
    _msg_fmt = '%(kind)s step %(interface)s.%(step)s failed: %(error)s'


def sort_key(kind):
    """The key ordering steps of ``kind``: priority, then interface."""
    order = INTERFACE_ORDER[kind]
    return lambda step: (-step.get('priority', 0),
                         -order.get(step['interface'], 0))


def driver_steps_of(task, kind):
    """Every ``kind`` step of the node's interfaces, in running order."""
    found = []
    for name in STEP_INTERFACES:
        found.extend(driver_steps.interface_steps(
            getattr(task.driver, name), kind))
    return sorted(found, key=sort_key(kind))


def _key(step):
    return step['interface'], step['step']


def _planned(step, priority, args):
    return {'interface': step['interface'], 'step': step['step'],
            'args': dict(args or {}), 'priority': priority}


def _check_args(kind, known, args):
    argsinfo = known['argsinfo']
    name = '%s.%s' % _key(known)
    unknown = sorted(set(args) - set(argsinfo))
    if unknown:
        return ('%s step %s takes no argument(s) %s' %
                (kind, name, ', '.join(unknown)))
    missing = sorted(arg for arg, info in argsinfo.items()
                     if info.get('required') and arg not in args)
    if missing:
        return ('%s step %s needs argument(s) %s' %
                (kind, name, ', '.join(missing)))
    return None


def check_requested(task, kind, requested, disable_ramdisk=False,
                    source='requested'):
    """Match steps named by a user (``{'interface', 'step', 'args',
    ['priority']}``) with the node's interfaces.

    :returns: {(interface, step): the driver's step} of the matches.
    :raises: InvalidParameterValue naming every step the node does not
        have, every bad argument and, with ``disable_ramdisk``, every
        step that needs the ramdisk.
    """
    known = {_key(step): step for step in driver_steps_of(task, kind)}
    problems = []
    for step in requested:
        found = known.get(_key(step))
        if found is None:
            problems.append('node %s has no %s step %s.%s' % (
                (task.node.uuid, kind) + _key(step)))
            continue
        problem = _check_args(kind, found, step.get('args') or {})
        if problem:
            problems.append(problem)
        if disable_ramdisk and found['requires_ramdisk']:
            problems.append('%s step %s.%s requires booting a ramdisk, '
                            'which disable_ramdisk forbids'
                            % ((kind,) + _key(step)))
    if problems:
        raise exception.InvalidParameterValue(
            err='Invalid %s %s steps: %s' % (source, kind,
                                             '; '.join(problems)))
    return known


def clean_plan(task, requested=None, disable_ramdisk=False):
    """The clean steps to run: automated cleaning when ``requested`` is
    None, else those steps in their order (manual cleaning).

    :raises: InvalidParameterValue (see :func:`check_requested`).
    """
    if requested is None:
        return [_planned(step, step['priority'], None)
                for step in driver_steps_of(task, CLEAN)
                if step['priority'] > 0]
    known = check_requested(task, CLEAN, requested, disable_ramdisk)
    return [_planned(step, known[_key(step)]['priority'], step.get('args'))
            for step in requested]


def templates_for(task):
    """The deploy templates matched by the node's
    ``instance_info['traits']``, ordered by name."""
    traits = (task.node.instance_info or {}).get('traits') or []
    if not isinstance(traits, list):
        raise exception.InvalidParameterValue(
            err='instance_info traits of node %s must be a list'
                % task.node.uuid)
    names = sorted({t for t in traits if isinstance(t, str)})
    if not names:
        return []
    return objects.DeployTemplate.list_by_names(task.context, names)


def deploy_plan(task, requested=None):
    """The deploy steps to run for the node's deploy: the driver's, the
    matched templates' and ``requested`` (API 1.69), merged and sorted.

    :raises: InvalidParameterValue when a template or ``requested``
        names a step the node does not have, with bad arguments, or two
        templates set the same step.
    """
    by_key = {_key(step): _planned(step, step['priority'], None)
              for step in driver_steps_of(task, DEPLOY)
              if step['priority'] > 0}
    from_templates = {}
    for template in templates_for(task):
        check_requested(task, DEPLOY, template.steps,
                        source='deploy template %s' % template.name)
        for step in template.steps:
            if _key(step) in from_templates:
                raise exception.InvalidParameterValue(
                    err='Deploy templates %s and %s of node %s both set '
                        'deploy step %s.%s' % (
                            (from_templates[_key(step)], template.name,
                             task.node.uuid) + _key(step)))
            from_templates[_key(step)] = template.name
            by_key[_key(step)] = _planned(step, step['priority'],
                                          step.get('args'))
    if requested:
        check_requested(task, DEPLOY, requested)
        for step in requested:
            by_key[_key(step)] = _planned(step, step['priority'],
                                          step.get('args'))
    plan = [step for step in by_key.values() if step['priority'] > 0]
    return sorted(plan, key=sort_key(DEPLOY))


def start(task, kind, plan):
    """Record ``plan`` as the node's ``kind`` steps, none run yet."""
    info = dict(task.node.driver_internal_info or {})
    info[_PLAN_KEY[kind]] = plan
    info.pop(_INDEX_KEY[kind], None)
    task.node.driver_internal_info = info


def finish(task, kind):
    """Forget the node's ``kind`` plan and running step."""
    info = dict(task.node.driver_internal_info or {})
    info.pop(_PLAN_KEY[kind], None)
    info.pop(_INDEX_KEY[kind], None)
    task.node.driver_internal_info = info
    setattr(task.node, NODE_FIELD[kind], {})


def planned(node, kind):
    """The node's recorded ``kind`` plan (a list; empty when none)."""
    return list((node.driver_internal_info or {}).get(_PLAN_KEY[kind])
                or [])


def execute(task, kind):
    """Run the node's ``kind`` plan from the step after the last one run.

    Each step becomes the node's ``clean_step`` or ``deploy_step`` (the
    node is saved) before it runs.

    :returns: None when every step is done; the wait state when a step
        hands over to the ramdisk (the plan resumes on its call back).
    :raises: StepFailed naming the step that failed.
    """
    node = task.node
    plan = planned(node, kind)
    index = (node.driver_internal_info or {}).get(_INDEX_KEY[kind])
    index = 0 if index is None else index + 1
    for index in range(index, len(plan)):
        step = plan[index]
        info = dict(node.driver_internal_info)
        info[_INDEX_KEY[kind]] = index
        node.driver_internal_info = info
        setattr(node, NODE_FIELD[kind],
                {name: step[name] for name in _PLAN_FIELDS})
        node.save()
        interface = getattr(task.driver, step['interface'])
        try:
            result = driver_steps.run(interface, task, step)
        except exception.IronicLiteException as e:
            raise StepFailed(kind=kind.capitalize(),
                             interface=step['interface'], step=step['step'],
                             error=e)
        except Exception as e:
            # A driver bug must fail the step too, not leave the node in
            # its working state. Its text may hold anything: not shown.
            LOG.exception('%s step %s.%s of node %s raised',
                          kind.capitalize(), step['interface'],
                          step['step'], node.uuid)
            raise StepFailed(kind=kind.capitalize(),
                             interface=step['interface'], step=step['step'],
                             error='unexpected %s (see the conductor log)'
                             % type(e).__name__)
        if result == WAIT_STATE[kind]:
            return result
    finish(task, kind)
    return None
