"""Emulated IPMI BMCs served by one process (pyghmi's BMC server).

This module is the program that :class:`tools.emulators.ipmi.IpmiBmcs`
starts with ``python -m tools.emulators.ipmi_server``.  It serves several
BMCs, each on its own UDP port on 127.0.0.1, from one pyghmi event loop,
and a small HTTP/JSON control port through which a test (or a person with
curl) reads and changes the emulated machines:

* ``GET /bmcs``: the state of every BMC, keyed by UDP port;
* ``GET /bmcs/<port>``: one BMC's state;
* ``PATCH /bmcs/<port>`` with a JSON object: change ``power`` (``on`` or
  ``off``), ``boot_device``, ``persistent`` or ``paused`` (a paused BMC
  drops every packet, like a BMC that stopped answering).

When it is ready the process prints one JSON line on stdout:
``{"control_port": P, "bmcs": [udp ports]}``.

The emulated machine keeps its power state, a boot device with its
persistence flag (a one-time device is cleared when the machine next
powers on), and counters of power cycles, resets and diagnostic
interrupts (NMIs, ``chassis power diag``) it received while on.
"""

import argparse
import http.server
import json
import os
import sys
import threading

from pyghmi.ipmi import bmc as pyghmi_bmc

# Boot device selector (bits 5..2 of boot flags data byte 2) <-> name.
BOOT_DEVICE_CODES = {
    0x0: None,
    0x1: 'pxe',
    0x2: 'disk',
    0x3: 'safe',
    0x4: 'diag',
    0x5: 'cdrom',
    0x6: 'bios',
    0xf: 'floppy',
}
BOOT_DEVICE_NAMES = {v: k for k, v in BOOT_DEVICE_CODES.items()}

# Boot flags data byte 1: bit 7 "flags valid", bit 6 "persistent".
_VALID = 0x80
_PERSISTENT = 0x40


class EmulatedBmc(pyghmi_bmc.Bmc):
    """One emulated machine: power, boot device and a pause switch."""

    def __init__(self, username, password):
        super().__init__({username: password}, port=0, address='127.0.0.1')
        self.port = self.serversocket.getsockname()[1]
        self.lock = threading.Lock()
        self.power = 'off'
        self.boot_device = None
        self.persistent = False
        self.power_cycles = 0
        self.resets = 0
        self.nmis = 0
        self.paused = False

    def state(self):
        with self.lock:
            return {'port': self.port, 'power': self.power,
                    'boot_device': self.boot_device,
                    'persistent': self.persistent,
                    'power_cycles': self.power_cycles,
                    'resets': self.resets, 'nmis': self.nmis,
                    'paused': self.paused}

    def update(self, changes):
        with self.lock:
            for key in ('power', 'boot_device', 'persistent', 'paused'):
                if key in changes:
                    setattr(self, key, changes[key])

    # NOTE: a paused BMC drops packets both before a session exists and
    # inside an open one, so a client sees a silent BMC either way.
    def sessionless_data(self, data, sockaddr):
        if not self.paused:
            super().sessionless_data(data, sockaddr)

    def handle_raw_request(self, request, session):
        if not self.paused:
            super().handle_raw_request(request, session)

    def _booted(self):
        # Called with the lock held whenever the machine starts.
        if not self.persistent:
            self.boot_device = None

    def get_power_state(self):
        with self.lock:
            return self.power

    def power_on(self):
        with self.lock:
            if self.power == 'off':
                self.power = 'on'
                self._booted()

    def power_off(self):
        with self.lock:
            self.power = 'off'

    def power_shutdown(self):
        self.power_off()

    def power_cycle(self):
        with self.lock:
            if self.power == 'on':
                self.power_cycles += 1
                self._booted()

    def power_reset(self):
        with self.lock:
            if self.power == 'on':
                self.resets += 1
                self._booted()

    def pulse_diag(self):
        # An NMI reaches a running machine only; the power stays as is.
        with self.lock:
            if self.power == 'on':
                self.nmis += 1

    def get_system_boot_options(self, request, session):
        if request['data'][0] != 5:
            return session.send_ipmi_response(code=0x80)
        with self.lock:
            flags = 0
            if self.boot_device is not None:
                flags = _VALID | (_PERSISTENT if self.persistent else 0)
            device = BOOT_DEVICE_NAMES.get(self.boot_device, 0)
        session.send_ipmi_response(data=[1, 5, flags, device << 2, 0, 0, 0])

    def set_system_boot_options(self, request, session):
        data = request['data']
        if data[0] != 5:
            # Set-in-progress and acknowledge parameters: accept quietly.
            return session.send_ipmi_response()
        code = (data[2] >> 2) & 0xf
        if code not in BOOT_DEVICE_CODES:
            return session.send_ipmi_response(code=0xcc)
        with self.lock:
            if data[1] & _VALID:
                self.boot_device = BOOT_DEVICE_CODES[code]
                self.persistent = bool(data[1] & _PERSISTENT)
            else:
                self.boot_device = None
                self.persistent = False
        session.send_ipmi_response()


def _control_handler(bmcs):
    by_port = {b.port: b for b in bmcs}

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, fmt, *args):
            pass

        def _reply(self, code, body):
            raw = json.dumps(body).encode()
            self.send_response(code)
            self.send_header('Content-Type', 'application/json')
            self.send_header('Content-Length', str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def _bmc(self):
            parts = self.path.strip('/').split('/')
            if len(parts) == 2 and parts[0] == 'bmcs':
                try:
                    return by_port.get(int(parts[1]))
                except ValueError:
                    return None

        def do_GET(self):
            if self.path.strip('/') == 'bmcs':
                return self._reply(200, {str(b.port): b.state()
                                         for b in bmcs})
            bmc = self._bmc()
            if bmc is None:
                return self._reply(404, {'error': 'no such BMC'})
            self._reply(200, bmc.state())

        def do_PATCH(self):
            bmc = self._bmc()
            if bmc is None:
                return self._reply(404, {'error': 'no such BMC'})
            length = int(self.headers.get('Content-Length') or 0)
            try:
                changes = json.loads(self.rfile.read(length) or b'{}')
            except ValueError:
                return self._reply(400, {'error': 'body is not JSON'})
            bmc.update(changes)
            self._reply(200, bmc.state())

    return Handler


def serve(count, username, password):
    """Start ``count`` BMCs and the control port; never returns.

    :param count: number of BMCs to emulate.
    :param username: the user every BMC accepts.
    :param password: that user's password.
    """
    bmcs = [EmulatedBmc(username, password) for _ in range(count)]
    control = http.server.ThreadingHTTPServer(
        ('127.0.0.1', 0), _control_handler(bmcs))
    control.daemon_threads = True
    threading.Thread(target=control.serve_forever, daemon=True).start()
    print(json.dumps({'control_port': control.server_address[1],
                      'bmcs': [b.port for b in bmcs]}), flush=True)
    pyghmi_bmc.Bmc.listen(timeout=1)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--count', type=int, default=1)
    parser.add_argument('--username', default='admin')
    parser.add_argument('--password-env', default='IPMI_EMULATOR_PASSWORD',
                        help='environment variable holding the password '
                             '(default "password" when unset)')
    args = parser.parse_args(argv)
    serve(args.count, args.username,
          os.environ.get(args.password_env, 'password'))


if __name__ == '__main__':
    sys.exit(main())
