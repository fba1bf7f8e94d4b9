"""Node states and the provision state machine.

The machine below is the single source of truth for which provision
action is allowed in which state and where it leads. It is built once on
automaton and frozen; every node operation works on a copy positioned at
the node's current state (see :func:`machine_at`).

State names are the Bare Metal API's, so clients see the values they know.
"""

from automaton import exceptions as automaton_exc
from automaton import machines

from ironic_lite.common import exception

# Power states.
POWER_ON = 'power on'
POWER_OFF = 'power off'
REBOOT = 'rebooting'
SOFT_REBOOT = 'soft rebooting'
SOFT_POWER_OFF = 'soft power off'
ERROR = 'error'
#: Power states a client may ask for, and the state each one ends in.
POWER_TARGETS = {POWER_ON: POWER_ON, POWER_OFF: POWER_OFF, REBOOT: POWER_ON,
                 SOFT_REBOOT: POWER_ON, SOFT_POWER_OFF: POWER_OFF}

# Provision states.
ENROLL = 'enroll'
VERIFYING = 'verifying'
MANAGEABLE = 'manageable'
INSPECTING = 'inspecting'
INSPECTWAIT = 'inspect wait'
INSPECTFAIL = 'inspect failed'
CLEANING = 'cleaning'
CLEANWAIT = 'clean wait'
CLEANFAIL = 'clean failed'
AVAILABLE = 'available'
DEPLOYING = 'deploying'
DEPLOYWAIT = 'wait call-back'
DEPLOYFAIL = 'deploy failed'
ACTIVE = 'active'
DELETING = 'deleting'
ADOPTING = 'adopting'
ADOPTFAIL = 'adopt failed'
# ERROR ('error') is also a provision state: a tear-down that failed.

#: States in which a worker of the conductor holding the node's lock is
#: running. A node found in one of them with nobody holding its lock was
#: abandoned (its conductor died) and is failed with the 'fail' event.
WORKING_STATES = frozenset([VERIFYING, INSPECTING, CLEANING, DEPLOYING,
                            DELETING, ADOPTING])
#: States that wait for the machine (its ramdisk) to call back; no lock is
#: held meanwhile and a timeout applies.
WAIT_STATES = frozenset([INSPECTWAIT, CLEANWAIT, DEPLOYWAIT])
#: States in which a node's ramdisk runs and may look the node up
#: (GET /v1/lookup): an agent token lives only in these.
LOOKUP_STATES = frozenset([DEPLOYING, DEPLOYWAIT, CLEANING, CLEANWAIT,
                           INSPECTING, INSPECTWAIT])
#: States a node can rest in.
STABLE_STATES = frozenset([ENROLL, MANAGEABLE, AVAILABLE, ACTIVE, ERROR,
                           INSPECTFAIL, CLEANFAIL, DEPLOYFAIL, ADOPTFAIL])
#: States in which a node may be deleted.
DELETE_ALLOWED_STATES = frozenset([ENROLL, MANAGEABLE, AVAILABLE,
                                   INSPECTFAIL, CLEANFAIL, ADOPTFAIL])

#: The state a node in a working or wait state is heading for (the API's
#: target_provision_state). Manual cleaning heads for MANAGEABLE instead of
#: AVAILABLE; the conductor passes that explicitly.
TARGETS = {
    VERIFYING: MANAGEABLE,
    INSPECTING: MANAGEABLE, INSPECTWAIT: MANAGEABLE,
    CLEANING: AVAILABLE, CLEANWAIT: AVAILABLE,
    DEPLOYING: ACTIVE, DEPLOYWAIT: ACTIVE,
    DELETING: AVAILABLE,
    ADOPTING: ACTIVE,
}

#: Provision verbs of the API and the machine event each one fires.
VERBS = {
    'manage': 'manage',
    'provide': 'provide',
    'inspect': 'inspect',
    'clean': 'clean',
    'active': 'deploy',
    'deleted': 'delete',
    'rebuild': 'rebuild',
    'abort': 'abort',
    'adopt': 'adopt',
}

# (from state, event, to state); 'done', 'fail', 'wait' and 'resume' are
# fired by the conductor, the others by API verbs.
_TRANSITIONS = [
    (ENROLL, 'manage', VERIFYING),
    (VERIFYING, 'done', MANAGEABLE),
    (VERIFYING, 'fail', ENROLL),

    (MANAGEABLE, 'provide', CLEANING),
    (MANAGEABLE, 'clean', CLEANING),
    (MANAGEABLE, 'inspect', INSPECTING),
    (MANAGEABLE, 'adopt', ADOPTING),

    (INSPECTING, 'done', MANAGEABLE),
    (INSPECTING, 'wait', INSPECTWAIT),
    (INSPECTING, 'fail', INSPECTFAIL),
    (INSPECTWAIT, 'done', MANAGEABLE),
    (INSPECTWAIT, 'fail', INSPECTFAIL),
    (INSPECTWAIT, 'abort', INSPECTFAIL),
    (INSPECTFAIL, 'manage', MANAGEABLE),
    (INSPECTFAIL, 'inspect', INSPECTING),

    (CLEANING, 'done', AVAILABLE),
    (CLEANING, 'manage', MANAGEABLE),
    (CLEANING, 'wait', CLEANWAIT),
    (CLEANING, 'fail', CLEANFAIL),
    (CLEANWAIT, 'resume', CLEANING),
    (CLEANWAIT, 'fail', CLEANFAIL),
    (CLEANWAIT, 'abort', CLEANFAIL),
    (CLEANFAIL, 'manage', MANAGEABLE),

    (AVAILABLE, 'deploy', DEPLOYING),
    (AVAILABLE, 'manage', MANAGEABLE),

    (DEPLOYING, 'done', ACTIVE),
    (DEPLOYING, 'wait', DEPLOYWAIT),
    (DEPLOYING, 'fail', DEPLOYFAIL),
    (DEPLOYWAIT, 'resume', DEPLOYING),
    (DEPLOYWAIT, 'fail', DEPLOYFAIL),
    (DEPLOYWAIT, 'delete', DELETING),
    (DEPLOYFAIL, 'deploy', DEPLOYING),
    (DEPLOYFAIL, 'rebuild', DEPLOYING),
    (DEPLOYFAIL, 'delete', DELETING),

    (ACTIVE, 'rebuild', DEPLOYING),
    (ACTIVE, 'delete', DELETING),

    (DELETING, 'clean', CLEANING),
    (DELETING, 'fail', ERROR),
    (ERROR, 'rebuild', DEPLOYING),
    (ERROR, 'delete', DELETING),

    (ADOPTING, 'done', ACTIVE),
    (ADOPTING, 'fail', ADOPTFAIL),
    (ADOPTFAIL, 'adopt', ADOPTING),
    (ADOPTFAIL, 'manage', MANAGEABLE),
]


def _build():
    machine = machines.FiniteMachine()
    for state in sorted(STABLE_STATES | WORKING_STATES | WAIT_STATES):
        machine.add_state(state)
    for start, event, end in _TRANSITIONS:
        machine.add_transition(start, end, event)
    machine.default_start_state = ENROLL
    machine.freeze()
    return machine


MACHINE = _build()


def machine_at(state):
    """A fresh machine positioned at ``state``."""
    machine = MACHINE.copy(shallow=True)
    machine.initialize(start_state=state)
    return machine


def next_state(state, event):
    """The state ``event`` leads to from ``state``.

    :raises: InvalidStateRequested when the machine has no such transition.
    """
    machine = machine_at(state)
    try:
        machine.process_event(event)
    except (automaton_exc.NotFound, automaton_exc.InvalidState):
        raise exception.InvalidStateRequested(action=event, state=state)
    return machine.current_state


def allowed_events(state):
    """The events the machine accepts in ``state``, sorted."""
    return sorted(event for start, event, _ in _TRANSITIONS
                  if start == state)
