"""Steps: the methods of an interface the conductor runs one after the
other while it cleans or deploys a node.

An implementation marks a method as a step with :func:`clean_step` or
:func:`deploy_step` (a method may be both). The mark carries what the
conductor needs to plan: the step's default ``priority`` (0: it runs only
when asked for by name), ``argsinfo`` (``{arg: {'description': ...,
'required': bool}}``: the keyword arguments it takes beside the task) and
``requires_ramdisk`` (it runs inside the node's ramdisk, so it cannot run
when manual cleaning is asked with ``disable_ramdisk``).

A step is called as ``method(task, **args)`` under the node's exclusive
lock and returns None when it is done, or ``states.CLEANWAIT`` /
``states.DEPLOYWAIT`` when the node's ramdisk will finish it and call
back. It raises an IronicLiteException (fit for the node's
``last_error``) when it fails.

:func:`interface_steps` lists the steps of one interface implementation
in the API's form (``{'interface', 'step', 'priority', 'argsinfo',
'requires_ramdisk'}``); the conductor (``conductor/steps.py``) collects
them over the node's interfaces and orders them.
"""

#: The kinds of step, and the attribute each mark is stored under.
CLEAN = 'clean'
DEPLOY = 'deploy'
_ATTRIBUTE = {CLEAN: '_clean_step', DEPLOY: '_deploy_step'}


def _check(kind, priority, argsinfo):
    if not isinstance(priority, int) or isinstance(priority, bool) or (
            priority < 0):
        raise ValueError('%s step priority must be an integer >= 0, not %r'
                         % (kind, priority))
    for name, info in (argsinfo or {}).items():
        if not isinstance(info, dict) or 'description' not in info:
            raise ValueError('argsinfo of %s step argument %r needs a '
                             'description' % (kind, name))


def _marker(kind, priority, argsinfo, requires_ramdisk):
    _check(kind, priority, argsinfo)

    def mark(method):
        setattr(method, _ATTRIBUTE[kind], {
            'priority': priority, 'argsinfo': dict(argsinfo or {}),
            'requires_ramdisk': bool(requires_ramdisk)})
        return method
    return mark


def clean_step(priority, argsinfo=None, requires_ramdisk=True):
    """Mark an interface method as a clean step (see the module doc)."""
    return _marker(CLEAN, priority, argsinfo, requires_ramdisk)


def deploy_step(priority, argsinfo=None, requires_ramdisk=True):
    """Mark an interface method as a deploy step (see the module doc)."""
    return _marker(DEPLOY, priority, argsinfo, requires_ramdisk)


def collect_marks(cls):
    """``{kind: {method name: mark}}`` of an interface class, through its
    bases; a method overridden without a mark is no step. Interface
    classes keep it from their creation on (``BaseInterface``), so that
    the steps stay declared while a test replaces a method."""
    marks = {kind: {} for kind in _ATTRIBUTE}
    for klass in reversed(cls.__mro__):
        for name, value in vars(klass).items():
            if name.startswith('_'):
                continue
            for kind, attribute in _ATTRIBUTE.items():
                mark = getattr(value, attribute, None)
                if isinstance(mark, dict):
                    marks[kind][name] = mark
                else:
                    marks[kind].pop(name, None)
    return marks


def interface_steps(interface, kind):
    """The ``kind`` steps of ``interface`` (an implementation), sorted by
    name: dicts with ``interface`` (its type), ``step`` (the method's
    name), ``priority``, ``argsinfo`` and ``requires_ramdisk``."""
    marks = getattr(type(interface), '_step_marks', None) or {}
    return [dict(mark, interface=interface.interface_type, step=name,
                 argsinfo=dict(mark['argsinfo']))
            for name, mark in sorted(marks.get(kind, {}).items())]


def run(interface, task, step):
    """Run ``step`` (``{'step': name, 'args': {...}}``) of ``interface``.

    :returns: what the step returns (None, or a wait state).
    """
    return getattr(interface, step['step'])(task, **(step.get('args') or {}))
