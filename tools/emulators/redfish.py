"""A real Redfish service for tests: sushy-tools' emulator, fake driver.

:class:`SushyEmulator` writes a sushy-tools configuration file (Python
syntax) describing N fake systems, starts ``sushy-emulator --config F`` on
127.0.0.1 and a free TCP port, waits until it answers, and on ``stop()``
ends it and removes its files.  State (power, boot device) lives in a
fresh ``SUSHY_EMULATOR_STATE_DIR`` per instance.  With ``username`` set,
HTTP basic authentication is required (bcrypt htpasswd file given to
``SUSHY_EMULATOR_AUTH_FILE``).

The fake driver applies a power change 1 to 11 seconds after it is
requested; clients must poll.  It reports every boot override as
``Continuous``.  It has no BIOS: with ``bios_attributes`` given, the
emulator runs with a fake driver that keeps those attributes per system
(``/redfish/v1/Systems/<uuid>/BIOS``; a PATCH of ``BIOS/Settings``
applies at once), see ``_BIOS_MAIN``.
"""

import base64
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid as uuid_mod

import bcrypt


class _PortTaken(Exception):
    pass


def free_tcp_port():
    """:returns: a TCP port on 127.0.0.1 that is free right now."""
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


#: The emulator's main with BIOS attributes on the fake driver: each
#: system keeps them under its ``bios`` key (none: no BIOS resource).
_BIOS_MAIN = """
import sys
from sushy_tools import error
from sushy_tools.emulator import main
from sushy_tools.emulator.resources.systems import fakedriver


def get_bios(self, identity):
    attributes = self._get(identity).get('bios')
    if attributes is None:
        raise error.NotSupportedError('Not implemented')
    return dict(attributes)


def set_bios(self, identity, attributes):
    system = self._get(identity)
    self._update(system, bios=dict(system.get('bios') or {}, **attributes))


fakedriver.FakeDriver.get_bios = get_bios
fakedriver.FakeDriver.set_bios = set_bios
sys.exit(main.main())
"""


def _emulator_command():
    exe = shutil.which('sushy-emulator',
                       path=os.path.dirname(sys.executable))
    return [exe] if exe else [sys.executable, '-m',
                              'sushy_tools.emulator.main']


class SushyEmulator:
    """Run sushy-emulator with fake systems in a subprocess.

    :param count: how many systems to emulate.
    :param uuids: their UUIDs (default: random); ``count`` is ignored when
        given.
    :param power_state: initial power state of every system, ``On`` or
        ``Off``.
    :param username: with ``password``, require HTTP basic auth.
    :param password: the user's password.
    :param bios_attributes: BIOS attributes every system starts with
        (``{name: value}``); None: the systems have no BIOS resource.
    """

    def __init__(self, count=1, uuids=None, power_state='Off',
                 username=None, password=None, bios_attributes=None):
        self.uuids = list(uuids) if uuids else [str(uuid_mod.uuid4())
                                                for _ in range(count)]
        self.power_state = power_state
        self.bios_attributes = bios_attributes
        self.username = username
        self.password = password
        self.port = None
        self.workdir = None
        self.process = None

    @property
    def address(self):
        """The base URL, e.g. ``http://127.0.0.1:8123``."""
        return 'http://127.0.0.1:%d' % self.port

    def driver_info(self, index=0, **overrides):
        """:returns: a redfish driver_info dict for system ``index``."""
        info = {'redfish_address': self.address,
                'redfish_system_id': self.uuids[index]}
        if self.username:
            info.update(redfish_username=self.username,
                        redfish_password=self.password)
        info.update(overrides)
        return info

    def _request(self, path, body=None, method=None):
        req = urllib.request.Request(
            self.address + path,
            method=method or ('GET' if body is None else 'POST'),
            data=None if body is None else json.dumps(body).encode(),
            headers={'Content-Type': 'application/json'})
        if self.username:
            token = base64.b64encode(('%s:%s' % (
                self.username, self.password)).encode()).decode()
            req.add_header('Authorization', 'Basic ' + token)
        with urllib.request.urlopen(req, timeout=10) as resp:
            raw = resp.read()
        return json.loads(raw) if raw.strip() else None

    def system(self, index=0):
        """The system's JSON as the emulator serves it (read with plain
        HTTP, independently of any Redfish client).

        :returns: the decoded ``/redfish/v1/Systems/<uuid>`` document.
        """
        return self._request('/redfish/v1/Systems/%s' % self.uuids[index])

    def reset(self, index=0, reset_type='On'):
        """Ask for a power change of system ``index`` behind the back of
        any client (it lands 1 to 11 s later).

        :param reset_type: a Redfish ResetType, e.g. ``On``, ``ForceOff``.
        """
        self._request('/redfish/v1/Systems/%s/Actions/ComputerSystem.Reset'
                      % self.uuids[index], {'ResetType': reset_type})

    def bios(self, index=0):
        """The system's current BIOS attributes as the emulator serves
        them (plain HTTP)."""
        return self._request('/redfish/v1/Systems/%s/BIOS'
                             % self.uuids[index])['Attributes']

    def set_bios(self, index=0, **attributes):
        """Change BIOS attributes of system ``index`` behind the back of
        any client (a PATCH of its BIOS settings; applied at once)."""
        self._request('/redfish/v1/Systems/%s/BIOS/Settings'
                      % self.uuids[index], {'Attributes': attributes},
                      method='PATCH')

    def _write_config(self):
        systems = [{'uuid': u, 'name': 'fake-%d' % i,
                    'power_state': self.power_state,
                    'external_notifier': False,
                    'nics': [{'mac': '52:54:00:%02x:%02x:%02x'
                              % (i >> 16 & 0xff, i >> 8 & 0xff, i & 0xff),
                              'ip': '192.0.2.%d' % (i % 250 + 1)}]}
                   for i, u in enumerate(self.uuids)]
        if self.bios_attributes is not None:
            for system in systems:
                system['bios'] = dict(self.bios_attributes)
        lines = ['SUSHY_EMULATOR_FAKE_DRIVER = True',
                 'SUSHY_EMULATOR_LISTEN_IP = %r' % '127.0.0.1',
                 'SUSHY_EMULATOR_LISTEN_PORT = %d' % self.port,
                 'SUSHY_EMULATOR_STATE_DIR = %r'
                 % os.path.join(self.workdir, 'state'),
                 'SUSHY_EMULATOR_FAKE_SYSTEMS = %r' % (systems,)]
        if self.username:
            hashed = bcrypt.hashpw(self.password.encode(),
                                   bcrypt.gensalt(rounds=4)).decode()
            auth_file = os.path.join(self.workdir, 'htpasswd')
            with open(auth_file, 'w') as f:
                f.write('%s:%s\n' % (self.username, hashed))
            lines.append('SUSHY_EMULATOR_AUTH_FILE = %r' % auth_file)
        path = os.path.join(self.workdir, 'emulator.conf')
        with open(path, 'w') as f:
            f.write('\n'.join(lines) + '\n')
        return path

    def start(self, timeout=30):
        """Start the emulator and wait until it answers.

        :param timeout: seconds to wait for it.
        :returns: self.
        :raises: RuntimeError if it exits or does not answer in time.
        """
        # NOTE: the free port may be taken by someone else before the
        # emulator binds it; then it exits at once and we try another.
        for _ in range(3):
            try:
                return self._start_once(timeout)
            except _PortTaken:
                continue
        raise RuntimeError('sushy-emulator found no free port')

    def _start_once(self, timeout):
        self.workdir = tempfile.mkdtemp(prefix='sushy-emulator-')
        self.port = free_tcp_port()
        config = self._write_config()
        log = open(os.path.join(self.workdir, 'emulator.log'), 'wb')
        command = (_emulator_command() if self.bios_attributes is None
                   else [sys.executable, '-c', _BIOS_MAIN])
        self.process = subprocess.Popen(
            command + ['--config', config],
            stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True)
        log.close()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                output = self.log()
                self.stop()
                if 'Address already in use' in output:
                    raise _PortTaken()
                raise RuntimeError('sushy-emulator exited: %s' % output)
            try:
                urllib.request.urlopen(self.address + '/redfish/v1',
                                       timeout=1).close()
                return self
            except (urllib.error.URLError, OSError):
                time.sleep(0.1)
        self.stop()
        raise RuntimeError('sushy-emulator did not answer in %s s' % timeout)

    def log(self):
        """:returns: the emulator's output so far."""
        try:
            with open(os.path.join(self.workdir, 'emulator.log')) as f:
                return f.read()
        except (OSError, TypeError):
            return ''

    def pause(self):
        """Freeze the emulator: connections are accepted, never answered."""
        os.kill(self.process.pid, signal.SIGSTOP)

    def resume(self):
        """Undo :meth:`pause`."""
        os.kill(self.process.pid, signal.SIGCONT)

    def stop(self):
        """End the emulator and remove its files."""
        if self.process is not None:
            if self.process.poll() is None:
                try:
                    os.kill(self.process.pid, signal.SIGCONT)
                except ProcessLookupError:
                    pass
                self.process.terminate()
                try:
                    self.process.wait(5)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            self.process = None
        if self.workdir:
            shutil.rmtree(self.workdir, ignore_errors=True)
            self.workdir = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
