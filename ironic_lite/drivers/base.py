"""Driver interfaces: what the conductor asks of a node's hardware.

A node names one implementation per interface type (``power_interface``,
``deploy_interface`` ...). Implementations are stateless singletons
registered under entry points ``ironic_lite.hardware.interfaces.<type>``;
they receive the :class:`~ironic_lite.conductor.task_manager.TaskManager`
holding the node's lock and read what they need from ``task.node``.

Methods that change hardware raise an :class:`IronicLiteException` with a
message fit for the node's ``last_error``.
"""

import abc

from ironic_lite.common import exception

#: Interface types every node must have a real implementation of.
CORE_INTERFACES = ('boot', 'deploy', 'management', 'power')


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

    #: The interface type, e.g. 'power'.
    interface_type = None

    def get_properties(self):
        """``{driver_info key: description}`` this implementation reads."""
        return {}

    @abc.abstractmethod
    def validate(self, task):
        """Check ``task.node`` carries what this interface needs.

        :raises: InvalidParameterValue, MissingParameterValue
        """


class PowerInterface(BaseInterface):
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
        from ironic_lite.common import states
        return [states.POWER_ON, states.POWER_OFF, states.REBOOT]


class ManagementInterface(BaseInterface):
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


class BootInterface(BaseInterface):
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
    interface_type = 'deploy'

    @abc.abstractmethod
    def deploy(self, task):
        """Start or do the deploy.

        :returns: None when the node is deployed, or states.DEPLOYWAIT when
            the node's ramdisk will call back (:meth:`heartbeat`).
        """

    @abc.abstractmethod
    def tear_down(self, task):
        """Undo the deploy; the node ends powered off."""

    def clean(self, task, clean_steps=None):
        """Clean the node (all automated steps, or ``clean_steps``).

        :returns: None when done, or states.CLEANWAIT when the ramdisk will
            call back.
        """
        return None

    def heartbeat(self, task, callback_url, agent_version=None):
        """The node's ramdisk reports in; may finish a wait state.

        :returns: None, or the event ('done' or 'fail') that ends the
            node's wait state.
        """
        raise exception.UnsupportedDriverExtension(
            driver=task.node.driver, node=task.node.uuid,
            extension='heartbeat')

    def take_over(self, task):
        """This conductor now manages an active node another one ran."""


class InspectInterface(BaseInterface):
    interface_type = 'inspect'

    @abc.abstractmethod
    def inspect_hardware(self, task):
        """:returns: None when done, or states.INSPECTWAIT."""


class OptionalInterface(BaseInterface):
    """An interface type ironic-lite names but drives no operation with
    (bios, console, network, raid, rescue, storage, vendor)."""

    def validate(self, task):
        pass


def _optional(name):
    return type('%sInterface' % name.capitalize(), (OptionalInterface,),
                {'interface_type': name, '__module__': __name__,
                 '__doc__': 'The %s interface type.' % name})


BiosInterface = _optional('bios')
ConsoleInterface = _optional('console')
NetworkInterface = _optional('network')
RaidInterface = _optional('raid')
RescueInterface = _optional('rescue')
StorageInterface = _optional('storage')
VendorInterface = _optional('vendor')
