"""Emulated IPMI BMCs for tests, run in a separate process.

:class:`IpmiBmcs` starts ``python -m tools.emulators.ipmi_server`` (see
that module), which serves ``count`` BMCs on 127.0.0.1 UDP ports, and
talks to its HTTP/JSON control port to read and change the emulated
machines.  The test process itself loads no pyghmi server code.

Example::

    with IpmiBmcs(count=2, password='s3cret') as bmcs:
        info = bmcs.driver_info(0)          # ipmi_* keys for BMC 0
        bmcs.state(0)                       # {'power': 'off', ...}
        bmcs.set_state(0, power='on')
        bmcs.pause(0)                       # BMC 0 stops answering
"""

import json
import os
import select
import subprocess
import sys
import time
import urllib.request

_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(
    os.path.abspath(__file__))))


class IpmiBmcs:
    """Several emulated BMCs in one child process.

    :param count: how many BMCs.
    :param username: the user every BMC accepts.
    :param password: that user's password.
    """

    def __init__(self, count=1, username='admin', password='password'):
        self.count = count
        self.username = username
        self.password = password
        self.ports = []
        self.control_port = None
        self.process = None

    def start(self, timeout=30):
        """Start the child process and wait until the BMCs listen.

        :param timeout: seconds to wait.
        :returns: self.
        :raises: RuntimeError if the process fails or is not ready in time.
        """
        env = dict(os.environ, IPMI_EMULATOR_PASSWORD=self.password,
                   PYTHONPATH=os.pathsep.join(
                       [_ROOT] + [p for p in [os.environ.get('PYTHONPATH')]
                                  if p]))
        self.process = subprocess.Popen(
            [sys.executable, '-m', 'tools.emulators.ipmi_server',
             '--count', str(self.count), '--username', self.username],
            stdout=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env,
            cwd=_ROOT, start_new_session=True)
        ready, _, _ = select.select([self.process.stdout], [], [], timeout)
        line = self.process.stdout.readline() if ready else b''
        try:
            hello = json.loads(line)
        except ValueError:
            self.stop()
            raise RuntimeError('IPMI emulator did not start: %r' % line)
        self.control_port = hello['control_port']
        self.ports = hello['bmcs']
        return self

    def stop(self):
        """End the child process."""
        if self.process is not None:
            if self.process.poll() is None:
                self.process.terminate()
                try:
                    self.process.wait(5)
                except subprocess.TimeoutExpired:
                    self.process.kill()
                    self.process.wait()
            self.process.stdout.close()
            self.process = None

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()

    def driver_info(self, index=0, **overrides):
        """:returns: an ipmi driver_info dict for BMC ``index``."""
        info = {'ipmi_address': '127.0.0.1', 'ipmi_port': self.ports[index],
                'ipmi_username': self.username,
                'ipmi_password': self.password}
        info.update(overrides)
        return info

    def _request(self, method, path, body=None):
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(
            'http://127.0.0.1:%d%s' % (self.control_port, path), data=data,
            method=method, headers={'Content-Type': 'application/json'})
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.loads(resp.read())

    def state(self, index=0):
        """Read BMC ``index``'s emulated machine.

        :returns: dict with ``power`` ('on'/'off'), ``boot_device``,
            ``persistent``, ``power_cycles``, ``resets``, ``paused``.
        """
        return self._request('GET', '/bmcs/%d' % self.ports[index])

    def states(self):
        """:returns: every BMC's state, in index order."""
        by_port = self._request('GET', '/bmcs')
        return [by_port[str(p)] for p in self.ports]

    def set_state(self, index=0, **changes):
        """Change BMC ``index``'s machine (power, boot_device, ...).

        :returns: the new state.
        """
        return self._request('PATCH', '/bmcs/%d' % self.ports[index],
                             changes)

    def pause(self, index=0):
        """Make BMC ``index`` drop every packet (stop answering)."""
        return self.set_state(index, paused=True)

    def resume(self, index=0):
        """Undo :meth:`pause`."""
        return self.set_state(index, paused=False)


def wait_for(predicate, timeout=10, interval=0.1):
    """Poll ``predicate()`` until it is true.

    :returns: True if it became true within ``timeout`` seconds.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(interval)
    return bool(predicate())
