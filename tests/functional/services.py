"""Real ironic-lite processes for functional tests: config files, a
RabbitMQ vhost of their own, start/stop/kill and log checks."""

import configparser
import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid

BIN = os.path.dirname(sys.executable)


@contextlib.contextmanager
def rabbit_vhost():
    """A fresh RabbitMQ vhost; yields its transport_url, deletes it after."""
    name = 'ironic-lite-test-%s' % uuid.uuid4().hex[:12]
    subprocess.run(['rabbitmqctl', '-q', 'add_vhost', name], check=True,
                   capture_output=True)
    subprocess.run(['rabbitmqctl', '-q', 'set_permissions', '-p', name,
                    'guest', '.*', '.*', '.*'], check=True,
                   capture_output=True)
    try:
        yield 'rabbit://guest:guest@127.0.0.1:5672/%s' % name
    finally:
        subprocess.run(['rabbitmqctl', '-q', 'delete_vhost', name],
                       capture_output=True)


def free_port():
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def write_config(path, sections):
    """Write ``{section: {option: value}}`` as an ini file at ``path``."""
    parser = configparser.ConfigParser(interpolation=None)
    for section, options in sections.items():
        if section != 'DEFAULT':
            parser.add_section(section)
        for key, value in options.items():
            parser.set(section, key, str(value))
    with open(path, 'w') as f:
        parser.write(f)
    return path


class Service:
    """One ironic-lite process, its output in a log file."""

    def __init__(self, command, config_file, log_path):
        self.command = command
        self.config_file = config_file
        self.log_path = log_path
        self.process = None

    def start(self):
        log = open(self.log_path, 'ab')
        # The log may hold earlier processes' output: this one's starts here.
        self._start_offset = log.tell()
        self.process = subprocess.Popen(
            [os.path.join(BIN, self.command), '--config-file',
             self.config_file], stdout=log, stderr=subprocess.STDOUT)
        log.close()
        return self

    def log(self):
        with open(self.log_path, errors='replace') as f:
            return f.read()

    def own_log(self):
        """What this process wrote (the log file may hold more)."""
        with open(self.log_path, errors='replace') as f:
            f.seek(self._start_offset)
            return f.read()

    def wait_for_log(self, text, timeout=30):
        """Until this process has written ``text``."""
        deadline = time.monotonic() + timeout
        while text not in self.own_log():
            if self.process.poll() is not None:
                raise AssertionError('%s exited (%s):\n%s' % (
                    self.command, self.process.returncode, self.log()))
            if time.monotonic() > deadline:
                raise AssertionError('%r not in the log of %s:\n%s' % (
                    text, self.command, self.log()))
            time.sleep(0.05)

    def terminate(self, timeout=60):
        """SIGTERM and wait; returns the exit code."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout)

    def kill(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait()
