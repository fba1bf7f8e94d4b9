"""IPMI through the ``ipmitool`` program: driver_info, runner, commands.

This module is the only place that builds ipmitool command lines.  The
power and management interfaces call the functions at the bottom
(``get_power_state``, ``set_boot_device``, ...) with the
:class:`IPMIInfo` that :func:`parse_driver_info` returns (both live in
``driver_info.py`` and are re-exported here).

Contracts:

* The password never reaches the command line, the logs or an error
  message: it is written to a temporary file (mode 0600, removed after the
  call) that ipmitool reads with ``-f``.
* Every call is bounded: each ipmitool run has a wall-clock limit, and
  failures that may pass (no answer, busy BMC) are retried at a fixed
  interval until a total deadline; failures that cannot pass (wrong
  credentials, unsupported cipher suite) are raised at once.  The limits
  come from a :class:`CallPolicy`.
* Calls to one BMC (address and port) from this process run one at a
  time: many BMCs accept only a few sessions and misbehave when asked
  several things at once.  Waiting for that turn counts against the
  caller's deadline.
* Failures become :class:`~ironic_lite.drivers.modules.errors.BMCError`
  subclasses with one line naming the BMC and the reason.
"""

import dataclasses
import logging
import os
import subprocess
import tempfile
import threading
import time

from ironic_lite.common import exception
from ironic_lite.drivers.modules import errors
from ironic_lite.drivers.modules.ipmitool import driver_info

LOG = logging.getLogger(__name__)

IPMIInfo = driver_info.IPMIInfo
parse_driver_info = driver_info.parse_driver_info

POWER_ON = 'power on'
POWER_OFF = 'power off'
REBOOT = 'rebooting'
SOFT_POWER_OFF = 'soft power off'

BOOT_DEVICES = ('pxe', 'disk', 'cdrom', 'bios', 'safe')

# Boot device selector of boot flags (IPMI 2.0 table 28-14, data byte 2,
# bits 5..2) -> our name.  Selectors without a name here read as None.
_BOOT_SELECTORS = {0x1: 'pxe', 0x2: 'disk', 0x3: 'safe', 0x5: 'cdrom',
                   0x6: 'bios'}

# stderr fragments (lower case) -> (error class, reason, retry?)
_FAILURES = (
    (('hmac is invalid', 'unauthorized name', 'invalid user name',
      'invalid integrity check', 'invalid role'),
     errors.BMCCredentialsError, 'wrong credentials', False),
    (('requested privilege level exceeds', 'insufficient privilege'),
     errors.BMCCredentialsError,
     'privilege level not allowed for this user', False),
    # The BMC answered the first steps but not the login of this user:
    # real BMCs say "unauthorized name", some just stay silent.
    (('no response from rakp 1',), errors.BMCCredentialsError,
     'login not answered (unknown user name?)', True),
    (('is not what we requested', 'no matching cipher suite',
      'unsupported cipher suite'),
     errors.BMCError, 'cipher suite not supported by the BMC', False),
    (('get auth capabilities error', 'no response', 'unable to establish',
      'insufficient resources', 'node busy', 'timeout'),
     errors.BMCNotResponding, 'no answer from the BMC', True),
)
# ipmitool -v chatter that is never the reason of a failure.
_NOISE = ('loading iana', 'using best available cipher', 'running get vso',
          'invalid completion code received: invalid command',
          'discovered ipmb', 'set session privilege level')


@dataclasses.dataclass(frozen=True)
class CallPolicy:
    """Time limits of IPMI calls (all in seconds).

    :ivar retry_timeout: total time to keep retrying a failing call.
    :ivar retry_interval: pause between two attempts.
    :ivar max_attempts: at most this many attempts (None: only the
        deadline limits them).
    :ivar call_timeout: wall-clock limit of one ipmitool run.
    :ivar ipmitool_timeout: ipmitool's own ``-N`` (per packet).
    :ivar ipmitool_retries: ipmitool's own ``-R`` (packet retries).
    :ivar power_wait: how long a power change may take to show.
    """

    retry_timeout: float = 10.0
    retry_interval: float = 1.0
    max_attempts: int | None = None
    call_timeout: float = 10.0
    ipmitool_timeout: int = 1
    ipmitool_retries: int = 1
    power_wait: float = 30.0

    @classmethod
    def from_conf(cls, group, power_wait=None):
        """Build a policy from the ``[ipmi]`` option group.

        :param group: the option group (``CONF.ipmi``).
        :param power_wait: seconds to wait for a power change, instead of
            ``power_state_change_timeout``.
        """
        return cls(retry_timeout=group.command_retry_timeout,
                   retry_interval=group.command_retry_interval,
                   max_attempts=group.command_max_attempts,
                   call_timeout=group.command_timeout,
                   ipmitool_timeout=group.ipmitool_timeout,
                   ipmitool_retries=group.ipmitool_retries,
                   power_wait=(group.power_state_change_timeout
                               if power_wait is None else power_wait))


DEFAULT_POLICY = CallPolicy()


def _invalid(msg):
    return exception.InvalidParameterValue(err=msg)


def build_command(info, args, password_file, policy=DEFAULT_POLICY):
    """Build the ipmitool argument list for one call.

    :param info: an :class:`IPMIInfo`.
    :param args: the ipmitool command words, e.g. ``['power', 'status']``.
    :param password_file: path of the file holding the password.
    :param policy: a :class:`CallPolicy`.
    :returns: a list of strings; it never contains the password.
    """
    interface = 'lanplus' if info.protocol_version == '2.0' else 'lan'
    cmd = ['ipmitool', '-I', interface, '-H', info.address,
           '-p', str(info.port), '-L', info.priv_level,
           '-N', str(policy.ipmitool_timeout),
           '-R', str(policy.ipmitool_retries), '-v']
    if info.cipher_suite is not None:
        cmd += ['-C', str(info.cipher_suite)]
    if info.username:
        cmd += ['-U', info.username]
    cmd += ['-f', password_file]
    return cmd + list(args)


def classify_failure(stderr, password=None):
    """Explain a failed ipmitool run.

    :param stderr: ipmitool's standard error.
    :param password: the password, to scrub from the text if it ever
        appears there.
    :returns: a tuple (error class, reason, retry?); the reason is one
        line and never contains the password.
    """
    lines = [ln.strip(' >\t') for ln in (stderr or '').splitlines()]
    lines = [ln for ln in lines if ln]
    if password:
        lines = [ln.replace(password, '***') for ln in lines]
    lowered = [ln.lower() for ln in lines]
    for fragments, cls, reason, retry in _FAILURES:
        for line, low in zip(lines, lowered):
            if any(f in low for f in fragments):
                return cls, '%s (%s)' % (reason, line), retry
    useful = [ln for ln, low in zip(lines, lowered)
              if not any(n in low for n in _NOISE)]
    detail = useful[-1] if useful else 'no error output'
    return errors.BMCError, detail, False


def _classify_timeout(exc, limit, password):
    # NOTE: run() keeps what ipmitool wrote before it was killed (always
    # bytes); it often tells which step of the login went unanswered.
    partial = exc.stderr or b''
    if isinstance(partial, bytes):
        partial = partial.decode('utf-8', 'replace')
    cls, reason, retry = classify_failure(partial, password)
    if cls is errors.BMCError:
        return (errors.BMCNotResponding,
                'no answer, timed out after %.1f s' % limit, True)
    return cls, '%s, timed out after %.1f s' % (reason, limit), retry


_BMC_LOCKS = {}
_BMC_LOCKS_GUARD = threading.Lock()


def _bmc_lock(info):
    key = (info.address, info.port)
    with _BMC_LOCKS_GUARD:
        return _BMC_LOCKS.setdefault(key, threading.Lock())


def _write_password_file(password):
    fd, path = tempfile.mkstemp(prefix='ipmi-')
    # NOTE: mkstemp creates the file with mode 0600; ipmitool reads the
    # first line. An empty password is written as a NUL byte, which
    # ipmitool reads as an empty password instead of failing.
    with os.fdopen(fd, 'w') as f:
        f.write(password if password else '\0')
    return path


def _run_once(info, args, policy, limit):
    """One ipmitool run: ``(stdout, None)`` or ``(None, failure)``."""
    path = _write_password_file(info.password)
    try:
        cmd = build_command(info, args, path, policy)
        proc = subprocess.run(
            cmd, capture_output=True, text=True, stdin=subprocess.DEVNULL,
            timeout=limit)
    except subprocess.TimeoutExpired as exc:
        return None, _classify_timeout(exc, limit, info.password)
    except OSError as exc:
        raise errors.BMCError(reason='cannot run ipmitool: %s'
                              % exc.strerror)
    finally:
        os.unlink(path)
    if proc.returncode == 0:
        return proc.stdout, None
    return None, classify_failure(proc.stderr, info.password)


def run(info, args, policy=DEFAULT_POLICY):
    """Run one ipmitool command with retries and time limits.

    :param info: an :class:`IPMIInfo`.
    :param args: the ipmitool command words.
    :param policy: a :class:`CallPolicy`.
    :returns: ipmitool's standard output.
    :raises: BMCCredentialsError, BMCNotResponding or BMCError.
    """
    start = time.monotonic()
    deadline = start + policy.retry_timeout
    lock = _bmc_lock(info)
    attempt = 0
    while True:
        attempt += 1
        if not lock.acquire(timeout=max(deadline - time.monotonic(), 0.5)):
            raise errors.BMCNotResponding(
                'IPMI call to %s failed: other calls to this BMC did not '
                'finish within %.0f s' % (info.target, policy.retry_timeout))
        try:
            limit = min(policy.call_timeout,
                        max(deadline - time.monotonic(), 0.5))
            output, failure = _run_once(info, args, policy, limit)
        finally:
            lock.release()
        if failure is None:
            return output
        cls, reason, retry = failure
        now = time.monotonic()
        if (not retry or now + policy.retry_interval >= deadline
                or attempt == policy.max_attempts):
            if attempt > 1:
                reason += '; %d attempts in %.1f s' % (attempt, now - start)
            msg = 'IPMI call to %s failed: %s' % (info.target, reason)
            LOG.warning('%s (command: %s)', msg, ' '.join(args))
            raise cls(msg)
        LOG.debug('IPMI call to %s failed (%s), retrying', info.target,
                  reason)
        time.sleep(policy.retry_interval)


def parse_power_status(output):
    """Read the answer of ``power status``.

    :param output: ipmitool's standard output.
    :returns: ``'power on'`` or ``'power off'``.
    :raises: BMCError if the answer is not understood.
    """
    words = output.strip().lower().split()
    if words[-1:] == ['on']:
        return POWER_ON
    if words[-1:] == ['off']:
        return POWER_OFF
    raise errors.BMCError(reason='unexpected power status answer %r'
                          % output.strip())


def parse_boot_flags(output):
    """Read the answer of ``chassis bootparam get 5``.

    :param output: ipmitool's standard output.
    :returns: ``{'boot_device': name or None, 'persistent': bool or
        None}``; both are None when the flags are not valid (no override
        is set).
    :raises: BMCError if the answer has no boot parameter data.
    """
    for line in output.splitlines():
        key, sep, value = line.partition(':')
        if sep and key.strip().lower() == 'boot parameter data':
            try:
                data = bytes.fromhex(value.strip())
            except ValueError:
                break
            if len(data) < 2:
                break
            if not data[0] & 0x80:
                return {'boot_device': None, 'persistent': None}
            selector = (data[1] >> 2) & 0xf
            return {'boot_device': _BOOT_SELECTORS.get(selector),
                    'persistent': bool(data[0] & 0x40)}
    raise errors.BMCError(reason='unexpected boot parameter answer %r'
                          % output.strip()[:200])


def get_power_state(info, policy=DEFAULT_POLICY):
    """Read a machine's power state.

    :param info: an :class:`IPMIInfo`.
    :param policy: a :class:`CallPolicy`.
    :returns: ``'power on'`` or ``'power off'``.
    :raises: BMCError (or a subclass).
    """
    return parse_power_status(run(info, ['power', 'status'], policy))


def _wait_for(info, target, policy):
    deadline = time.monotonic() + policy.power_wait
    while True:
        state = get_power_state(info, policy)
        if state == target:
            return
        if time.monotonic() >= deadline:
            raise errors.BMCError(reason='IPMI: %s did not reach %r within '
                                  '%.0f s (still %r)' % (info.target, target,
                                                         policy.power_wait,
                                                         state))
        time.sleep(1)


def set_power_state(info, state, policy=DEFAULT_POLICY):
    """Change a machine's power state and wait until the BMC shows it.

    ``rebooting`` power-cycles a running machine and powers on a stopped
    one; ``soft power off`` asks the operating system to shut down.

    :param info: an :class:`IPMIInfo`.
    :param state: ``'power on'``, ``'power off'``, ``'soft power off'`` or
        ``'rebooting'``.
    :param policy: a :class:`CallPolicy` (``power_wait`` bounds the wait).
    :raises: InvalidParameterValue for an unknown state; BMCError (or a
        subclass) if the BMC fails or the state does not show in time.
    """
    if state == POWER_ON:
        words, target = ['power', 'on'], POWER_ON
    elif state == POWER_OFF:
        words, target = ['power', 'off'], POWER_OFF
    elif state == SOFT_POWER_OFF:
        words, target = ['power', 'soft'], POWER_OFF
    elif state == REBOOT:
        target = POWER_ON
        if get_power_state(info, policy) == POWER_OFF:
            words = ['power', 'on']
        else:
            words = ['power', 'cycle']
    else:
        raise _invalid('Unsupported power state %r.' % (state,))
    run(info, words, policy)
    _wait_for(info, target, policy)


def supported_boot_devices():
    """:returns: the boot device names :func:`set_boot_device` accepts."""
    return list(BOOT_DEVICES)


def get_boot_device(info, policy=DEFAULT_POLICY):
    """Read the boot device override.

    :param info: an :class:`IPMIInfo`.
    :param policy: a :class:`CallPolicy`.
    :returns: ``{'boot_device': ..., 'persistent': ...}``, see
        :func:`parse_boot_flags`.
    :raises: BMCError (or a subclass).
    """
    return parse_boot_flags(run(info, ['chassis', 'bootparam', 'get', '5'],
                                policy))


def set_boot_device(info, device, persistent=False, policy=DEFAULT_POLICY):
    """Set the device the machine boots from next (or always).

    :param info: an :class:`IPMIInfo`.
    :param device: one of :func:`supported_boot_devices`.
    :param persistent: True for every boot, False for the next one only.
    :param policy: a :class:`CallPolicy`.
    :raises: InvalidParameterValue for an unknown device; BMCError (or a
        subclass).
    """
    if device not in BOOT_DEVICES:
        raise _invalid('Boot device %r is not one of %s.'
                       % (device, ', '.join(BOOT_DEVICES)))
    words = ['chassis', 'bootdev', device]
    if persistent:
        words.append('options=persistent')
    run(info, words, policy)


def inject_nmi(info, policy=DEFAULT_POLICY):
    """Send a diagnostic interrupt (NMI) to the machine: ``chassis power
    diag``, IPMI's "pulse diagnostic interrupt".

    :param info: an :class:`IPMIInfo`.
    :param policy: a :class:`CallPolicy`.
    :raises: BMCError (or a subclass).
    """
    run(info, ['power', 'diag'], policy)
