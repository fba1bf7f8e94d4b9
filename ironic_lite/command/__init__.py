"""Console entry points.

Every command turns an expected failure (bad arguments, a bad option
value, a missing directory, an unreachable database ...) into ONE line on
stderr, ``<prog>: error: <what and what to do>``, and an exit code of this
scheme, within seconds; never a traceback:

====  =================================================================
code  meaning
====  =================================================================
0     success; a service stopped cleanly; nothing left to migrate
1     not finished: ``online_data_migrations`` has rows left (run it
      again); a service stopped with work cut off or handed back
2     error: the command could not do what was asked (configuration,
      database, a failed migration, an upgrade refused)
127   bad command-line arguments
====  =================================================================

``ironic-lite-status`` keeps oslo.upgradecheck's codes instead (0 success,
1 warning, 2 failure, 255 the checks could not run); see its module.

Start-up checks shared by the commands are in :mod:`.startup`.
"""

import argparse
import logging
import os
import sys
import threading

SUCCESS = 0
UNFINISHED = 1
ERROR = 2
BAD_ARGUMENTS = 127

LOG = logging.getLogger(__name__)


class Failure(Exception):
    """An expected failure: its message is the one line to print."""


def fail(prog, message, code=ERROR):
    """Print ``prog: error: message`` on stderr and exit with ``code``."""
    line = ' '.join(str(message).split())
    sys.stderr.write('%s: error: %s\n' % (prog, line))
    sys.stderr.flush()
    sys.exit(code)


def reason(exc):
    """The first line of what went wrong in ``exc`` (for a database error,
    the driver's message, without the SQL and its parameters)."""
    inner = getattr(exc, 'orig', None) or getattr(exc, 'inner_exception',
                                                  None)
    if inner is not None and inner is not exc:
        return reason(inner)
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__


class ArgumentParser(argparse.ArgumentParser):
    """argparse, with a bad argument as one line and exit 127."""

    def error(self, message):
        # A subcommand's parser is named "<prog> <subcommand>".
        fail(self.prog.split()[0], message, BAD_ARGUMENTS)


def parse_service_args(prog, argv, description):
    """The arguments of a service: ``--config-file``, ``--config-dir``."""
    parser = ArgumentParser(prog=prog, description=description)
    parser.add_argument('--config-file', action='append', default=[])
    parser.add_argument('--config-dir', action='append', default=[])
    return parser.parse_args(argv)


def log_to_stdout():
    """Send warnings of a one-shot command (a key file created, a
    database retry) to stdout with its other output, so that stderr holds
    only the one line of an error. oslo.log puts a console handler on the
    root logger when its options are registered; it is replaced."""
    root = logging.getLogger()
    for handler in list(root.handlers):
        root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(logging.Formatter('%(levelname)s: %(message)s'))
    root.addHandler(handler)
    root.setLevel(logging.WARNING)


#: Seconds a service that got SIGTERM or SIGINT while starting may go on
#: starting before the process exits regardless.
START_STOP_MARGIN = 10


class StopSignals(object):
    """SIGTERM and SIGINT as a stop request, from before a service starts.

    A signal that arrives while the service starts asks it to stop as
    soon as it is up (:meth:`wait` returns at once); if the start hangs
    (an unreachable broker, say) the process exits ``START_STOP_MARGIN``
    seconds after the signal. Without this, a signal before the handler
    was installed killed the process mid-way.
    """

    def __init__(self, prog):
        import signal
        self._prog = prog
        self._stop = threading.Event()
        self._starting = True
        self._deadline = None
        for signum in (signal.SIGTERM, signal.SIGINT):
            signal.signal(signum, self._handle)

    def _handle(self, *_):
        if self._starting and self._deadline is None:
            self._deadline = stop_deadline(self._prog, START_STOP_MARGIN)
        self._stop.set()

    def wait(self):
        """Block until SIGTERM or SIGINT (return at once if one came while
        the service started)."""
        self._starting = False
        if self._deadline is not None:
            self._deadline.cancel()
        # NOTE: the kernel may deliver the signal to any thread; Python runs
        # the handler only when the main thread runs bytecode, so wake it
        # often rather than block it in one long wait.
        while not self._stop.wait(0.2):
            pass


def stop_deadline(prog, seconds, code=UNFINISHED):
    """Exit with ``code`` if the process has not exited ``seconds`` from
    now: the last resort that keeps a stopping service within its
    documented time whatever a thread is stuck on."""
    def expire():
        LOG.error('%s did not stop within %d s; exiting', prog, seconds)
        os._exit(code)
    timer = threading.Timer(seconds, expire)
    timer.daemon = True
    timer.start()
    return timer


def exit_now(code):
    """Exit without waiting for worker threads handed back already.

    Flushing the logs may block behind a thread holding a handler's lock;
    a watchdog exits anyway after a few seconds.
    """
    watchdog = threading.Timer(5, os._exit, (code,))
    watchdog.daemon = True
    watchdog.start()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
