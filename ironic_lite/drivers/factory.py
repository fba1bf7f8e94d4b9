"""Load hardware types and interface implementations; build a node's
driver; resolve and check a node's ``*_interface`` fields.

Implementations come from entry points (``ironic_lite.hardware.types`` and
``ironic_lite.hardware.interfaces.<type>``) and are kept filtered by the
``enabled_*`` options. They are loaded once per process.
"""

import threading
import types

import stevedore

from ironic_lite.common import exception
from ironic_lite.drivers import base

HARDWARE_TYPES_NAMESPACE = 'ironic_lite.hardware.types'
INTERFACES_NAMESPACE = 'ironic_lite.hardware.interfaces.%s'

_lock = threading.Lock()
_loaded = None


class _Loaded:
    """What this process has enabled: hardware types and implementations.

    Loading checks what the code declares as well as the configuration:
    an implementation that is not an instance of its type's base class,
    or a hardware type listing an interface type or implementation that
    does not exist, is a ConfigError naming it.
    """

    def __init__(self, conf):
        self.hardware_types = _enabled(
            _load_all(HARDWARE_TYPES_NAMESPACE, invoke=False),
            conf.enabled_hardware_types, 'enabled_hardware_types')
        #: ``{interface type: {name: implementation}}``, every entry point.
        self.available = {}
        #: The enabled part of :attr:`available`.
        self.interfaces = {}
        self.defaults = {}
        for iface, iface_base in base.INTERFACE_TYPES.items():
            namespace = INTERFACES_NAMESPACE % iface
            found = _load_all(namespace, invoke=True)
            for name, impl in sorted(found.items()):
                if not isinstance(impl, iface_base):
                    raise exception.ConfigError(
                        reason='%s of %s is a %s, not a %s' % (
                            name, namespace, type(impl).__name__,
                            iface_base.__name__))
            self.available[iface] = found
            option = 'enabled_%s_interfaces' % iface
            self.interfaces[iface] = _enabled(found, getattr(conf, option),
                                              option)
            self.defaults[iface] = getattr(conf, 'default_%s_interface'
                                           % iface)
        for hw_name, hw_type in sorted(self.hardware_types.items()):
            self._check_lists(hw_name, hw_type)
            for iface in base.INTERFACES:
                try:
                    self.default_for(hw_name, iface)
                except exception.IronicLiteException as e:
                    raise exception.ConfigError(reason=str(e))

    def _check_lists(self, hw_name, hw_type):
        """:raises: ConfigError naming what ``hw_type`` lists that does
        not exist (an unknown name would otherwise just never match)."""
        unknown = sorted(set(hw_type.supported_interfaces)
                         - set(base.INTERFACES))
        if unknown:
            raise exception.ConfigError(
                reason='hardware type %s lists unknown interface types %s; '
                       'known: %s' % (hw_name, ', '.join(unknown),
                                      ', '.join(base.INTERFACES)))
        for iface in base.INTERFACES:
            missing = [name for name in hw_type.supported(iface)
                       if name not in self.available[iface]]
            if missing:
                raise exception.ConfigError(
                    reason='hardware type %s lists %s interface %s, which '
                           'is not an entry point of %s; available: %s'
                           % (hw_name, iface, ', '.join(missing),
                              INTERFACES_NAMESPACE % iface,
                              ', '.join(sorted(self.available[iface]))))

    def enabled_for(self, hw_name, iface):
        """Enabled implementations of ``iface`` for a hardware type, in
        the type's order of preference."""
        hw_type = self.hardware_types[hw_name]
        return [name for name in hw_type.supported(iface)
                if name in self.interfaces[iface]]

    def default_for(self, hw_name, iface):
        enabled = self.enabled_for(hw_name, iface)
        default = self.defaults[iface]
        if default:
            if default not in enabled:
                raise exception.IncompatibleInterface(
                    interface_type=iface, interface=default,
                    hardware_type=hw_name, supported=', '.join(enabled))
            return default
        if not enabled:
            raise exception.NoValidDefaultForInterface(
                interface_type=iface, driver=hw_name)
        return enabled[0]


def _load_all(namespace, invoke):
    """``{name: plugin}`` of every entry point of ``namespace`` (instances
    when ``invoke``). :raises: ConfigError when one cannot be loaded."""
    manager = stevedore.ExtensionManager(
        namespace, invoke_on_load=invoke, on_load_failure_callback=_failed)
    return {ext.name: (ext.obj if invoke else ext.plugin)
            for ext in manager}


def _enabled(found, names, option):
    """The part of ``found`` that ``[DEFAULT]<option>`` names.

    :raises: ConfigError naming what the option names that does not exist.
    """
    names = [name for name in names if name]
    missing = [name for name in names if name not in found]
    if missing:
        raise exception.ConfigError(
            reason='[DEFAULT]%s names %s, which ironic-lite does not have; '
                   'available: %s' % (option, ', '.join(missing),
                                      ', '.join(sorted(found))))
    return {name: found[name] for name in names}


def _failed(manager, entrypoint, error):
    raise exception.ConfigError(reason='cannot load %s from %s: %s' % (
        entrypoint.name, manager.namespace, error))


def load(conf):
    """Load (once) and check the enabled drivers. :raises: ConfigError"""
    global _loaded
    with _lock:
        if _loaded is None:
            _loaded = _Loaded(conf)
        return _loaded


def reset():
    """Forget what was loaded (tests that change the enabled options)."""
    global _loaded
    with _lock:
        _loaded = None


def _get():
    if _loaded is None:
        from ironic_lite.conf import CONF
        return load(CONF)
    return _loaded


def enabled_hardware_types():
    return sorted(_get().hardware_types)


def hardware_interfaces():
    """What this process serves, as rows of the conductor's registration."""
    loaded = _get()
    rows = []
    for hw_name in sorted(loaded.hardware_types):
        for iface in base.INTERFACES:
            default = loaded.default_for(hw_name, iface)
            for name in loaded.enabled_for(hw_name, iface):
                rows.append({'hardware_type': hw_name,
                             'interface_type': iface,
                             'interface_name': name,
                             'default': name == default})
    return rows


def check_and_update_node_interfaces(node, reset_interfaces=False):
    """Fill a node's unset ``*_interface`` fields with their defaults and
    check the set ones.

    :param reset_interfaces: reset the interfaces the caller did not
        change to their defaults (the driver changed).
    :raises: DriverNotFound, InterfaceNotFoundInEntrypoint,
        IncompatibleInterface, NoValidDefaultForInterface
    """
    loaded = _get()
    if node.driver not in loaded.hardware_types:
        raise exception.DriverNotFound(driver_name=node.driver)
    changed = node.obj_what_changed()
    for iface in base.INTERFACES:
        field = base.node_field(iface)
        value = getattr(node, field) if node.obj_attr_is_set(field) else None
        if reset_interfaces and field not in changed:
            value = None
        if value is None:
            setattr(node, field, loaded.default_for(node.driver, iface))
            continue
        if value not in loaded.interfaces[iface]:
            raise exception.InterfaceNotFoundInEntrypoint(
                entrypoint=INTERFACES_NAMESPACE % iface, iface=value,
                valid=sorted(loaded.interfaces[iface]))
        if value not in loaded.enabled_for(node.driver, iface):
            raise exception.IncompatibleInterface(
                interface_type=iface, interface=value,
                hardware_type=node.driver,
                supported=', '.join(loaded.enabled_for(node.driver, iface)))


def build_driver(node):
    """A namespace with one attribute per interface type (``.power`` ...)
    holding the implementations the node names.

    :raises: DriverNotFound, InterfaceNotFoundInEntrypoint
    """
    loaded = _get()
    if node.driver not in loaded.hardware_types:
        raise exception.DriverNotFound(driver_name=node.driver)
    driver = types.SimpleNamespace(name=node.driver)
    for iface in base.INTERFACES:
        field = base.node_field(iface)
        name = (node.obj_attr_is_set(field) and getattr(node, field)) or \
            loaded.default_for(node.driver, iface)
        impl = loaded.interfaces[iface].get(name)
        if impl is None:
            raise exception.InterfaceNotFoundInEntrypoint(
                entrypoint=INTERFACES_NAMESPACE % iface, iface=name,
                valid=sorted(loaded.interfaces[iface]))
        setattr(driver, iface, impl)
    return driver


def driver_properties(hw_name):
    """``{key: description}`` of the hardware type's default interfaces."""
    loaded = _get()
    if hw_name not in loaded.hardware_types:
        raise exception.DriverNotFound(driver_name=hw_name)
    properties = {}
    for iface in base.INTERFACES:
        impl = loaded.interfaces[iface][loaded.default_for(hw_name, iface)]
        properties.update(impl.get_properties())
    return properties


def default_interface(hw_name, iface):
    """The implementation of ``iface`` a new node of hardware type
    ``hw_name`` gets.

    :raises: DriverNotFound
    """
    loaded = _get()
    if hw_name not in loaded.hardware_types:
        raise exception.DriverNotFound(driver_name=hw_name)
    return loaded.interfaces[iface][loaded.default_for(hw_name, iface)]


def validate_interfaces(task):
    """``{interface type: {'result': bool, 'reason': str}}`` for a node."""
    results = {}
    for iface in base.INTERFACES:
        impl = getattr(task.driver, iface)
        try:
            impl.validate(task)
        except exception.IronicLiteException as e:
            results[iface] = {'result': False, 'reason': str(e)}
        else:
            results[iface] = {'result': True}
    return results
