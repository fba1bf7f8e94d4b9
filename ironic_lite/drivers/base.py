"""Driver interfaces: what the conductor asks of a node's hardware.

This module is the one declaration of the interface types. Each type is a
``class <Type>Interface`` below with its name (``interface_type``), the
methods the conductor calls, and the name of the implementation that does
nothing (``noop_implementation``; None for a type every node needs a real
implementation of). :data:`INTERFACE_TYPES` lists them, and everything
else derives from it: the Node object's ``<type>_interface`` fields, the
``[DEFAULT]enabled_<type>_interfaces`` and ``default_<type>_interface``
options, the API's node fields (their microversion gates are in
``api/microversion.py``, keyed by type), the driver factory and the
hardware types' defaults. Adding a type means a class here, a Node
version (``objects/node.py``), a gate, and the entry points in setup.cfg.

A node names one implementation per interface type. Implementations are
stateless singletons registered under entry points
``ironic_lite.hardware.interfaces.<type>``; they receive the
:class:`~ironic_lite.conductor.task_manager.TaskManager` holding the
node's lock and read what they need from ``task.node``.

Methods that change hardware raise an :class:`IronicLiteException` with a
message fit for the node's ``last_error``.

It imports nothing from ironic-lite but the exceptions and the step
marks of :mod:`ironic_lite.drivers.steps` (the RAID schema
of :mod:`ironic_lite.drivers.raid` is loaded when first used), so that
the configuration and the objects can read it without loading each
other.
"""

import abc

from ironic_lite.common import exception
from ironic_lite.drivers import steps


def require_driver_info(node, keys, what):
    """Check the node's driver_info has a value for each of ``keys``.

    :param what: the protocol, for the message (e.g. 'IPMI').
    :raises: MissingParameterValue naming every missing key.
    """
    info = node.driver_info or {}
    missing = [key for key in keys if info.get(key) in (None, '')]
    if missing:
        raise exception.MissingParameterValue(
            err='Node %s is missing %s driver_info: %s.'
                % (node.uuid, what, ', '.join(missing)))


class DriverInfoMixin:
    """``get_properties`` and ``validate`` of an interface whose needs are
    the node's driver_info as one protocol module reads it.

    :cvar driver_info: that module; it has ``PROPERTIES`` (``{key:
        description}``) and ``parse_node(node)``.
    """

    driver_info = None

    def get_properties(self):
        return dict(self.driver_info.PROPERTIES)

    def validate(self, task):
        """Check the node's driver_info; does not contact the BMC.

        :raises: MissingParameterValue, InvalidParameterValue
        """
        self.driver_info.parse_node(task.node)


class BaseInterface(abc.ABC):
    """Common ground of all interfaces."""

    #: The interface type, e.g. 'power': the entry point namespace
    #: ``ironic_lite.hardware.interfaces.<type>`` and the node field
    #: ``<type>_interface``.
    interface_type = None

    #: Entry point name of the implementation that does nothing, which a
    #: hardware type gets unless it lists others; None when every node
    #: needs a real implementation of the type.
    noop_implementation = None

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # The clean and deploy steps the class declares (drivers/steps.py).
        cls._step_marks = steps.collect_marks(cls)

    def get_properties(self):
        """``{driver_info key: description}`` this implementation reads."""
        return {}

    @abc.abstractmethod
    def validate(self, task):
        """Check ``task.node`` carries what this interface needs.

        :raises: InvalidParameterValue, MissingParameterValue
        """


class PowerInterface(BaseInterface):
    """Turns the node on and off through its BMC."""

    interface_type = 'power'

    @abc.abstractmethod
    def get_power_state(self, task):
        """The power state the BMC reports (a states.POWER_* value)."""

    @abc.abstractmethod
    def set_power_state(self, task, power_state, timeout=None):
        """Turn the node to ``power_state`` and return once it is there.

        :param timeout: seconds to wait for the BMC to apply it, or None
            for the implementation's default.
        """

    @abc.abstractmethod
    def reboot(self, task, timeout=None):
        """Power cycle the node (it ends powered on)."""

    def get_supported_power_states(self, task):
        """The states :meth:`set_power_state` accepts (states.* values)."""
        from ironic_lite.common import states
        return [states.POWER_ON, states.POWER_OFF, states.REBOOT]


class ManagementInterface(BaseInterface):
    """Chooses the device the node boots from; sends it an NMI; reads
    and sets its indicators."""

    interface_type = 'management'

    @abc.abstractmethod
    def get_supported_boot_devices(self, task):
        """The boot devices (``pxe``, ``disk`` ...) this node accepts."""

    @abc.abstractmethod
    def set_boot_device(self, task, device, persistent=False):
        """Boot the node from ``device`` next time (or always)."""

    @abc.abstractmethod
    def get_boot_device(self, task):
        """``{'boot_device': name or None, 'persistent': bool or None}``."""

    def inject_nmi(self, task):
        """Send a non-maskable interrupt to the node (API 1.29), which
        its operating system may answer with a crash dump.

        :raises: UnsupportedDriverExtension when the implementation cannot
            send one (this default); BMCError when the BMC fails.
        """
        raise exception.UnsupportedDriverExtension(
            driver=task.node.driver, extension='inject_nmi')

    def get_supported_indicators(self, task):
        """The node's indicators (API 1.63): ``{component: {indicator:
        {'readonly': bool, 'states': [state, ...]}}}``, components and
        states from :mod:`ironic_lite.common.indicators`. This default:
        none.

        :raises: BMCError when the BMC fails.
        """
        return {}

    def get_indicator_state(self, task, component, indicator):
        """The state of an indicator :meth:`get_supported_indicators`
        lists.

        :raises: UnsupportedDriverExtension when the implementation has
            no indicators (this default); BMCError when the BMC fails.
        """
        raise exception.UnsupportedDriverExtension(
            driver=task.node.driver, extension='indicators')

    def set_indicator_state(self, task, component, indicator, state):
        """Set an indicator that is not read-only to one of its states
        (the conductor checks both before calling).

        :raises: UnsupportedDriverExtension when the implementation has
            no indicators (this default); BMCError when the BMC fails.
        """
        raise exception.UnsupportedDriverExtension(
            driver=task.node.driver, extension='indicators')


class BootInterface(BaseInterface):
    """Gets the ramdisk or the deployed instance booted."""

    interface_type = 'boot'

    @abc.abstractmethod
    def prepare_ramdisk(self, task):
        """Make the node boot the deploy/cleaning ramdisk next."""

    @abc.abstractmethod
    def clean_up_ramdisk(self, task):
        """Undo :meth:`prepare_ramdisk`."""

    @abc.abstractmethod
    def prepare_instance(self, task):
        """Make the node boot its deployed instance."""

    @abc.abstractmethod
    def clean_up_instance(self, task):
        """Undo :meth:`prepare_instance`."""


class DeployInterface(BaseInterface):
    """Puts an instance on the node, takes it off; its clean steps
    (``drivers/steps.py``) clean the node, with those of the other
    interfaces."""

    interface_type = 'deploy'

    @abc.abstractmethod
    def deploy(self, task):
        """Start or do the deploy: an implementation marks it as its
        deploy step of priority 100 (``drivers/steps.py``), which the
        node's other deploy steps run before (higher) or after.

        :returns: None when the node is deployed, or states.DEPLOYWAIT when
            the node's ramdisk will call back (:meth:`heartbeat`).
        """

    @abc.abstractmethod
    def tear_down(self, task):
        """Undo the deploy; the node ends powered off."""

    def heartbeat(self, task, callback_url, agent_version=None):
        """The node's ramdisk reports in; may finish a wait state.

        :returns: None, or the event ('done' or 'fail') that ends the
            node's wait state.
        :raises: UnsupportedDriverExtension when no ramdisk calls back.
        """
        raise exception.UnsupportedDriverExtension(
            driver=task.node.driver, node=task.node.uuid,
            extension='heartbeat')

    def take_over(self, task):
        """This conductor now manages an active node another one ran."""


class InspectInterface(BaseInterface):
    """Finds out the node's hardware properties."""

    interface_type = 'inspect'
    noop_implementation = 'no-inspect'

    @abc.abstractmethod
    def inspect_hardware(self, task):
        """Inspect the node and record what was found on it.

        :returns: None when done, or states.INSPECTWAIT when the result
            comes later.
        :raises: UnsupportedDriverExtension when the implementation
            cannot inspect.
        """


class OptionalInterface(BaseInterface):
    """An interface type a node names an implementation of, but which no
    operation of ironic-lite drives yet: the conductor only validates it
    (``POST /v1/nodes/{node}/validate``) and reads its properties."""

    def validate(self, task):
        """Nothing to check unless an implementation says otherwise."""


class BiosInterface(OptionalInterface):
    """BIOS settings of the node.

    The conductor asks it to cache the node's current settings (shown by
    the API, 1.40) when the node is verified and after each cleaning,
    under the node's exclusive lock; no operation of ironic-lite changes
    settings yet.
    """

    interface_type = 'bios'
    noop_implementation = 'no-bios'

    @abc.abstractmethod
    def cache_bios_settings(self, task):
        """Read the node's BIOS settings and store them as the node's
        (replacing what was stored), or store nothing when the
        implementation cannot read them.

        :raises: IronicLiteException (a BMC error) when they cannot be
            read; the conductor logs it and goes on.
        """


class ConsoleInterface(OptionalInterface):
    """The node's serial console."""

    interface_type = 'console'
    noop_implementation = 'no-console'


class NetworkInterface(OptionalInterface):
    """Plugging the node's ports into networks, and the VIFs (virtual
    network interfaces) attached to the node (API 1.28). The conductor
    calls the VIF methods under the node's lock (exclusive for attach and
    detach); ``task.ports`` and ``task.portgroups`` are the node's."""

    interface_type = 'network'
    noop_implementation = 'noop'

    @abc.abstractmethod
    def vif_list(self, task):
        """The node's VIFs: ``[{'id': vif id}, ...]``."""

    @abc.abstractmethod
    def vif_attach(self, task, vif_info):
        """Attach the VIF ``vif_info['id']`` to the node.

        :param vif_info: the API's request body: ``id`` and any other
            keys the client sent.
        :raises: VifAlreadyAttached, NoFreePhysicalPorts
        """

    @abc.abstractmethod
    def vif_detach(self, task, vif_id):
        """Detach a VIF from the node. :raises: VifNotAttached"""


class RaidInterface(OptionalInterface):
    """RAID configuration of the node's disks.

    It checks the node's target RAID configuration (API 1.12) against the
    logical disk properties it accepts, and lists them; no operation of
    ironic-lite applies a configuration yet (cleaning steps of this
    interface do nothing).
    """

    interface_type = 'raid'
    noop_implementation = 'no-raid'

    def get_logical_disk_properties(self):
        """``{property: description}`` a logical disk of a target RAID
        configuration may have (the Bare Metal API's set)."""
        from ironic_lite.drivers import raid
        return raid.logical_disk_properties()

    def validate_raid_config(self, task, raid_config):
        """Check ``raid_config``, a target RAID configuration that is not
        empty, for the node of ``task``.

        :raises: InvalidParameterValue saying what is wrong;
            UnsupportedDriverExtension when the implementation takes none.
        """
        from ironic_lite.drivers import raid
        raid.validate(raid_config)

    def validate(self, task):
        """Check the node's target RAID configuration, when it has one.

        :raises: InvalidParameterValue
        """
        if task.node.target_raid_config:
            self.validate_raid_config(task, task.node.target_raid_config)


class RescueInterface(OptionalInterface):
    """Booting a deployed node into a rescue ramdisk."""

    interface_type = 'rescue'
    noop_implementation = 'no-rescue'


class StorageInterface(OptionalInterface):
    """Attaching remote volumes to the node."""

    interface_type = 'storage'
    noop_implementation = 'noop'


class VendorInterface(OptionalInterface):
    """Vendor-specific passthru methods."""

    interface_type = 'vendor'
    noop_implementation = 'no-vendor'


#: Every interface type, by name, in alphabetical order: the one list.
INTERFACE_TYPES = {cls.interface_type: cls for cls in (
    BiosInterface, BootInterface, ConsoleInterface, DeployInterface,
    InspectInterface, ManagementInterface, NetworkInterface, PowerInterface,
    RaidInterface, RescueInterface, StorageInterface, VendorInterface)}

#: The names of the interface types.
INTERFACES = tuple(INTERFACE_TYPES)

#: Interface types every node must have a real implementation of.
CORE_INTERFACES = tuple(name for name, cls in INTERFACE_TYPES.items()
                        if cls.noop_implementation is None)


#: The argument of a BIOS ``apply_configuration`` step.
BIOS_SETTINGS_ARGSINFO = {
    'settings': {
        'description': 'A list of BIOS settings to apply, each an object '
                       'with "name" and "value".',
        'required': True,
    },
}

#: The arguments of a RAID ``create_configuration`` step.
RAID_CREATE_ARGSINFO = {
    'create_root_volume': {
        'description': 'Whether to create the root volume of the target '
                       'RAID configuration (default: true).',
        'required': False,
    },
    'create_nonroot_volumes': {
        'description': 'Whether to create the other volumes of the target '
                       'RAID configuration (default: true).',
        'required': False,
    },
}


def bios_settings_arg(settings):
    """``{name: value as text}`` of a BIOS step's ``settings`` argument.

    :raises: InvalidParameterValue when it is not a list of objects with
        a string "name" and a "value".
    """
    if not isinstance(settings, list) or not all(
            isinstance(item, dict) and isinstance(item.get('name'), str)
            and item['name'] and 'value' in item for item in settings):
        raise exception.InvalidParameterValue(
            err='BIOS settings must be a list of objects with "name" and '
                '"value"')
    return {item['name']: None if item['value'] is None
            else str(item['value']) for item in settings}


def node_field(interface_type):
    """The Node field naming the implementation of ``interface_type``."""
    return '%s_interface' % interface_type
