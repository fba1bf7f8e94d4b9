"""Redfish through sushy: driver_info, cached connections, commands.

The power and management interfaces call the functions at the bottom
(``get_power_state``, ``set_boot_device``, ...) with the
:class:`RedfishInfo` that :func:`parse_driver_info` returns (both live in
``driver_info.py`` and are re-exported here).

Contracts:

* One sushy connection (and so one Redfish session) is kept per BMC
  address, user, password and TLS setting; it is created under a lock so
  that parallel callers do not open several sessions, and dropped when the
  BMC rejects its credentials or stops answering, so the next call starts
  afresh.
* Every sushy failure becomes a
  :class:`~ironic_lite.drivers.modules.errors.BMCError` subclass with one
  line naming the BMC and the reason; passwords never appear in it.
* A power change is only done when the BMC shows it: BMCs apply resets
  late, so :func:`set_power_state` polls until the new state is visible or
  its timeout expires.
"""

import collections
import dataclasses
import hashlib
import logging
import threading
import time

import sushy
from sushy import exceptions as sushy_exc

from ironic_lite.common import exception
from ironic_lite.common import indicators
from ironic_lite.drivers.modules import errors
from ironic_lite.drivers.modules.redfish import driver_info

LOG = logging.getLogger(__name__)

RedfishInfo = driver_info.RedfishInfo
parse_driver_info = driver_info.parse_driver_info

POWER_ON = 'power on'
POWER_OFF = 'power off'
REBOOT = 'rebooting'
SOFT_POWER_OFF = 'soft power off'
SOFT_REBOOT = 'soft rebooting'

_POWER_STATES = {
    sushy.PowerState.ON: POWER_ON,
    sushy.PowerState.POWERING_OFF: POWER_ON,
    sushy.PowerState.OFF: POWER_OFF,
    sushy.PowerState.POWERING_ON: POWER_OFF,
}
BOOT_DEVICES = {
    'pxe': sushy.BootSource.PXE,
    'disk': sushy.BootSource.HDD,
    'cdrom': sushy.BootSource.CD,
    'bios': sushy.BootSource.BIOS_SETUP,
    'usb': sushy.BootSource.USB,
    'floppy': sushy.BootSource.FLOPPY,
}
_BOOT_NAMES = {v: k for k, v in BOOT_DEVICES.items()}

# NOTE: the cache is bounded so that a conductor that saw many BMCs over
# its life does not keep a session with each of them forever.
MAX_CACHED_CONNECTIONS = 1000


@dataclasses.dataclass(frozen=True)
class CallPolicy:
    """Time limits of Redfish calls (seconds).

    :ivar connect_timeout: TCP connect limit of one request.
    :ivar read_timeout: answer limit of one request.
    :ivar retries: attempts of a request that fails to connect or gets a
        server-side error.
    :ivar retry_delay: pause between those attempts.
    :ivar poll_interval: pause between two reads while waiting for a
        power change to show.
    """

    connect_timeout: float = 5.0
    read_timeout: float = 15.0
    retries: int = 2
    retry_delay: float = 1.0
    poll_interval: float = 1.0

    @classmethod
    def from_conf(cls, group):
        """Build a policy from the ``[redfish]`` option group.

        :param group: the option group (``CONF.redfish``).
        """
        return cls(connect_timeout=group.connect_timeout,
                   read_timeout=group.read_timeout,
                   retries=group.connection_attempts,
                   retry_delay=group.connection_retry_interval,
                   poll_interval=group.power_poll_interval)


DEFAULT_POLICY = CallPolicy()


def _invalid(msg):
    return exception.InvalidParameterValue(err=msg)


class _ConnectionCache:
    """Sushy connections keyed by BMC and credentials, created once."""

    def __init__(self):
        self._lock = threading.Lock()
        self._entries = collections.OrderedDict()  # key -> [lock, conn]

    @staticmethod
    def key(info):
        digest = hashlib.sha256((info.password or '').encode()).hexdigest()
        return (info.address, info.username, digest, info.verify_ca,
                info.auth_type)

    def get(self, info, policy):
        # NOTE: sushy fixes time limits when it connects, so connections
        # made under different policies are kept apart.
        key = self.key(info) + (policy,)
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                entry = self._entries[key] = [threading.Lock(), None]
                while len(self._entries) > MAX_CACHED_CONNECTIONS:
                    self._entries.popitem(last=False)
            else:
                self._entries.move_to_end(key)
        with entry[0]:
            if entry[1] is None:
                entry[1] = _connect(info, policy)
            return entry[1]

    def evict(self, info):
        key = self.key(info)
        with self._lock:
            for cached in [k for k in self._entries if k[:-1] == key]:
                del self._entries[cached]

    def clear(self):
        with self._lock:
            self._entries.clear()


_CACHE = _ConnectionCache()


def clear_connection_cache():
    """Forget every cached connection (for tests and reconfiguration)."""
    _CACHE.clear()


def _connect(info, policy):
    if info.auth_type == 'basic':
        auth = sushy.auth.BasicAuth(info.username, info.password)
    elif info.auth_type == 'session':
        auth = sushy.auth.SessionAuth(info.username, info.password)
    else:
        auth = sushy.auth.SessionOrBasicAuth(info.username, info.password)
    return sushy.Sushy(info.address, auth=auth, verify=info.verify_ca,
                       server_side_retries=policy.retries,
                       server_side_retries_delay=policy.retry_delay,
                       connect_timeout=policy.connect_timeout,
                       read_timeout=policy.read_timeout)


def _connection_reason(exc):
    text = str(exc).lower()
    if 'timed out' in text or 'timeout' in text:
        return 'timed out'
    if 'refused' in text:
        return 'connection refused'
    if 'name or service not known' in text or 'nodename nor' in text:
        return 'unknown host name'
    if 'certificate' in text or 'ssl' in text:
        return 'TLS error (check redfish_verify_ca)'
    return 'cannot connect'


def _translate(info, exc):
    """Map a sushy exception to a BMCError for ``info``."""
    where = 'Redfish call to %s' % info.address
    if isinstance(exc, sushy_exc.AccessError):
        return errors.BMCCredentialsError(
            '%s failed: wrong credentials or not allowed (HTTP %s)'
            % (where, exc.status_code))
    if isinstance(exc, sushy_exc.ResourceNotFoundError):
        if info.system_path in str(exc):
            return errors.BMCSystemNotFound(
                '%s failed: system %s not found' % (where, info.system_id))
        return errors.BMCError('%s failed: no Redfish service there (%s)'
                               % (where, exc))
    if isinstance(exc, sushy_exc.ConnectionError):
        return errors.BMCNotResponding('%s failed: %s'
                                       % (where, _connection_reason(exc)))
    if isinstance(exc, sushy_exc.HTTPError):
        detail = exc.detail or exc.code
        return errors.BMCError('%s failed: HTTP %s %s'
                               % (where, exc.status_code, detail))
    text = str(exc)
    if info.password:
        text = text.replace(info.password, '***')
    first = text.splitlines()[0] if text else type(exc).__name__
    return errors.BMCError('%s failed: %s' % (where, first))


def _call(info, policy, fn):
    """Run ``fn(connection)`` and translate failures.

    :raises: BMCError (or a subclass).
    """
    try:
        return fn(_CACHE.get(info, policy))
    except sushy_exc.SushyError as exc:
        err = _translate(info, exc)
        if isinstance(err, (errors.BMCCredentialsError,
                            errors.BMCNotResponding)):
            # NOTE: the session may have expired or the BMC restarted;
            # the next call must log in again rather than reuse it.
            _CACHE.evict(info)
        LOG.warning('%s', err)
        raise err from None


def get_system(info, policy=DEFAULT_POLICY):
    """Fetch the sushy System resource of a node.

    :param info: a :class:`RedfishInfo`.
    :param policy: a :class:`CallPolicy`.
    :returns: a ``sushy.resources.system.system.System``.
    :raises: BMCError (or a subclass; BMCSystemNotFound if the BMC has no
        such system).
    """
    return _call(info, policy, lambda conn: conn.get_system(info.system_path))


def _power_of(info, system):
    state = _POWER_STATES.get(system.power_state)
    if state is None:
        raise errors.BMCError('Redfish system %s at %s reports power state '
                              '%r' % (info.system_id, info.address,
                                      system.power_state))
    return state


def get_power_state(info, policy=DEFAULT_POLICY):
    """Read a system's power state.

    :param info: a :class:`RedfishInfo`.
    :param policy: a :class:`CallPolicy`.
    :returns: ``'power on'`` or ``'power off'`` (a system powering on
        still counts as off, one powering off as on).
    :raises: BMCError (or a subclass).
    """
    return _power_of(info, get_system(info, policy))


def set_power_state(info, state, timeout=60, policy=DEFAULT_POLICY):
    """Request a power change and wait until the system shows it.

    ``rebooting`` restarts a running system and powers on a stopped one;
    ``soft rebooting`` does the same but asks the operating system to
    restart; ``soft power off`` asks the operating system to shut down.
    A change to the state the system is already in sends nothing.

    :param info: a :class:`RedfishInfo`.
    :param state: ``'power on'``, ``'power off'``, ``'soft power off'``,
        ``'rebooting'`` or ``'soft rebooting'``.
    :param timeout: seconds to wait for the new state to show.
    :param policy: a :class:`CallPolicy`.
    :raises: InvalidParameterValue for an unknown state; BMCError (or a
        subclass) if the BMC fails or the state does not show in time.
    """
    if state not in (POWER_ON, POWER_OFF, SOFT_POWER_OFF, REBOOT,
                     SOFT_REBOOT):
        raise _invalid('Unsupported power state %r.' % (state,))
    system = get_system(info, policy)
    current = _power_of(info, system)
    if state == POWER_ON:
        reset, target = sushy.ResetType.ON, POWER_ON
    elif state == POWER_OFF:
        reset, target = sushy.ResetType.FORCE_OFF, POWER_OFF
    elif state == SOFT_POWER_OFF:
        reset, target = sushy.ResetType.GRACEFUL_SHUTDOWN, POWER_OFF
    else:
        target = POWER_ON
        restart = (sushy.ResetType.FORCE_RESTART if state == REBOOT
                   else sushy.ResetType.GRACEFUL_RESTART)
        reset = sushy.ResetType.ON if current == POWER_OFF else restart
        current = None
    if current == target:
        return
    _call(info, policy, lambda conn: system.reset_system(reset))
    deadline = time.monotonic() + timeout
    while True:
        time.sleep(policy.poll_interval)
        _call(info, policy, lambda conn: system.refresh(force=True))
        current = _power_of(info, system)
        if current == target:
            return
        if time.monotonic() >= deadline:
            raise errors.BMCError(
                'Redfish system %s at %s did not reach %r within %s s '
                '(still %r)' % (info.system_id, info.address, target,
                                timeout, current))


def supported_boot_devices(info, policy=DEFAULT_POLICY):
    """List the boot devices the system accepts.

    :param info: a :class:`RedfishInfo`.
    :param policy: a :class:`CallPolicy`.
    :returns: a sorted list of names among ``pxe``, ``disk``, ``cdrom``,
        ``bios``, ``usb``, ``floppy``.
    :raises: BMCError (or a subclass).
    """
    system = get_system(info, policy)
    return _supported(info, policy, system)


def _supported(info, policy, system):
    allowed = _call(
        info, policy,
        lambda conn: system.get_allowed_system_boot_source_values())
    return sorted(_BOOT_NAMES[v] for v in allowed if v in _BOOT_NAMES)


def get_boot_device(info, policy=DEFAULT_POLICY):
    """Read the boot override of a system.

    :param info: a :class:`RedfishInfo`.
    :param policy: a :class:`CallPolicy`.
    :returns: ``{'boot_device': name or None, 'persistent': bool or
        None}``; both None when no override is enabled.
    :raises: BMCError (or a subclass).
    """
    boot = get_system(info, policy).boot
    enabled = boot.enabled if boot else None
    if enabled in (None, sushy.BootSourceOverrideEnabled.DISABLED):
        return {'boot_device': None, 'persistent': None}
    return {'boot_device': _BOOT_NAMES.get(boot.target),
            'persistent':
                enabled == sushy.BootSourceOverrideEnabled.CONTINUOUS}


def set_boot_device(info, device, persistent=False, policy=DEFAULT_POLICY):
    """Set the device the system boots from next (or always).

    :param info: a :class:`RedfishInfo`.
    :param device: a name from :func:`supported_boot_devices`.
    :param persistent: True for every boot, False for the next one only.
    :param policy: a :class:`CallPolicy`.
    :raises: InvalidParameterValue if the system does not offer the
        device; BMCError (or a subclass).
    """
    system = get_system(info, policy)
    supported = _supported(info, policy, system)
    if device not in supported:
        raise _invalid('Boot device %r is not one of %s for system %s.'
                       % (device, ', '.join(supported), info.system_id))
    enabled = (sushy.BootSourceOverrideEnabled.CONTINUOUS if persistent
               else sushy.BootSourceOverrideEnabled.ONCE)
    _call(info, policy, lambda conn: system.set_system_boot_options(
        target=BOOT_DEVICES[device], enabled=enabled))


def get_bios_attributes(info, policy=DEFAULT_POLICY):
    """Read a system's current BIOS attributes.

    :param info: a :class:`RedfishInfo`.
    :param policy: a :class:`CallPolicy`.
    :returns: ``{name: value}`` as the BMC reports them (values are
        strings, numbers, booleans or None).
    :raises: BMCError (or a subclass; also when the system has no BIOS
        resource).
    """
    system = get_system(info, policy)
    return dict(_call(info, policy, lambda conn: system.bios.attributes))


def inject_nmi(info, policy=DEFAULT_POLICY):
    """Send a non-maskable interrupt to the system (reset type ``Nmi``).

    :param info: a :class:`RedfishInfo`.
    :param policy: a :class:`CallPolicy`.
    :returns: True once the BMC accepted it; False, sending nothing, when
        the system does not list ``Nmi`` among its reset types.
    :raises: BMCError (or a subclass) if the BMC refuses or fails it.
    """
    system = get_system(info, policy)
    allowed = _call(info, policy,
                    lambda conn: system.get_allowed_reset_system_values())
    if sushy.ResetType.NMI not in allowed:
        return False
    _call(info, policy,
          lambda conn: system.reset_system(sushy.ResetType.NMI))
    return True


#: Redfish IndicatorLED values and the API's indicator states.
_LED_STATES = {
    sushy.IndicatorLED.LIT: indicators.ON,
    sushy.IndicatorLED.OFF: indicators.OFF,
    sushy.IndicatorLED.BLINKING: indicators.BLINKING,
    sushy.IndicatorLED.UNKNOWN: indicators.UNKNOWN,
}
_LED_VALUES = {state: led for led, state in _LED_STATES.items()
               if state in indicators.SETTABLE_STATES}
#: The name of the one indicator a system or chassis has: its LED.
LED = 'led'


def _led_holders(info, policy):
    """{component: sushy resource} of the system and its first chassis
    (the Redfish resources that may have an ``IndicatorLED``)."""
    system = get_system(info, policy)
    holders = {indicators.SYSTEM: system}

    def chassis_of(conn):
        try:
            return system.chassis
        except sushy_exc.MissingAttributeError:
            return []
    chassis = _call(info, policy, chassis_of)
    if chassis:
        holders[indicators.CHASSIS] = chassis[0]
    return holders


def supported_indicators(info, policy=DEFAULT_POLICY):
    """The indicator LEDs of the system and its chassis that the BMC
    reports (a resource without ``IndicatorLED`` has none).

    :returns: ``{component: {'led': {'readonly': False, 'states':
        [...]}}}``.
    :raises: BMCError (or a subclass).
    """
    return {component: {LED: {'readonly': False,
                              'states': list(indicators.SETTABLE_STATES)}}
            for component, holder in _led_holders(info, policy).items()
            if holder.indicator_led is not None}


def get_indicator_state(info, component, policy=DEFAULT_POLICY):
    """The state of the LED of ``component`` ('system' or 'chassis').

    :raises: BMCError (or a subclass; also when there is no such LED).
    """
    holder = _led_holders(info, policy).get(component)
    led = holder.indicator_led if holder is not None else None
    if led is None:
        raise errors.BMCError('Redfish %s of system %s at %s has no '
                              'indicator LED' % (component, info.system_id,
                                                 info.address))
    return _LED_STATES.get(led, indicators.UNKNOWN)


def set_indicator_state(info, component, state, policy=DEFAULT_POLICY):
    """Light, blink or turn off the LED of ``component``.

    :param state: 'ON', 'OFF' or 'BLINKING'.
    :raises: InvalidParameterValue for another state; BMCError (or a
        subclass).
    """
    if state not in _LED_VALUES:
        raise _invalid('Indicator state %r is not one of %s.'
                       % (state, ', '.join(_LED_VALUES)))
    holder = _led_holders(info, policy).get(component)
    if holder is None:
        raise errors.BMCError('Redfish system %s at %s has no %s'
                              % (info.system_id, info.address, component))
    _call(info, policy,
          lambda conn: holder.set_indicator_led(_LED_VALUES[state]))
