"""Indicators of a node's hardware (API 1.63): the LEDs and the like a
BMC lets an operator light to find a machine.

An indicator is named within a hardware component; the API names it
``<indicator>@<component>`` (``led@system``), as Ironic does.
"""

# Hardware components (Ironic's names).
SYSTEM = 'system'
CHASSIS = 'chassis'
DISK = 'disk'
POWER = 'power'
NIC = 'nic'
COMPONENTS = (SYSTEM, CHASSIS, DISK, POWER, NIC)

# Indicator states (Ironic's values).
OFF = 'OFF'
ON = 'ON'
BLINKING = 'BLINKING'
UNKNOWN = 'UNKNOWN'
STATES = (OFF, ON, BLINKING, UNKNOWN)
#: The states an indicator may be set to.
SETTABLE_STATES = (OFF, ON, BLINKING)


def unique_name(indicator, component):
    """The API's name of ``indicator`` of ``component``."""
    return '%s@%s' % (indicator, component)


def split_name(name):
    """(indicator, component) of an API name ``indicator@component``; the
    component is what follows the last ``@``.

    :raises: ValueError when ``name`` has no ``@`` or an empty part.
    """
    indicator, sep, component = name.rpartition('@')
    if not sep or not indicator or not component:
        raise ValueError('malformed indicator name')
    return indicator, component
