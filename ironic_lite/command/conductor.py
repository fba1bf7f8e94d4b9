"""ironic-lite-conductor: the conductor service.

Stops gracefully on SIGTERM or SIGINT (see ironic_lite.conductor.service).
"""

import argparse
import signal
import sys
import threading

PROG = 'ironic-lite-conductor'


def parse_args(prog, argv, description):
    from ironic_lite import command

    class Parser(argparse.ArgumentParser):
        def error(self, message):
            command.fail(prog, message, 2)

    parser = Parser(prog=prog, description=description)
    parser.add_argument('--config-file', action='append', default=[])
    parser.add_argument('--config-dir', action='append', default=[])
    return parser.parse_args(argv)


def wait_for_signal():
    """Block until SIGTERM or SIGINT."""
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    # NOTE: the kernel may deliver the signal to any thread; Python runs the
    # handler only when the main thread runs bytecode, so wake it often
    # rather than block it in one long wait.
    while not stop.wait(0.2):
        pass


def main(argv=None):
    from ironic_lite import command
    args = parse_args(PROG, sys.argv[1:] if argv is None else argv,
                      'ironic-lite conductor service')
    conf = command.parse_config(PROG, args.config_file, args.config_dir)
    if conf.rpc_transport != 'oslo':
        command.fail(PROG, '[DEFAULT]rpc_transport = %s: the conductor '
                           'service needs "oslo" (a broker); "none" is for '
                           'the all-in-one ironic-lite command'
                     % conf.rpc_transport)
    command.setup_service(PROG, conf)
    from ironic_lite.conductor import service
    conductor = service.ConductorService(conf.host)
    command.start_or_fail(PROG, conductor.start)
    wait_for_signal()
    running = conductor.stop()
    command.exit_now(1 if running else 0)
