"""ironic-lite-conductor: the conductor service.

SIGTERM or SIGINT stops it gracefully (``ironic_lite.conductor.service``
says in which order) within ``[DEFAULT]graceful_shutdown_timeout``
seconds: work still running then is handed back. If the stop itself
hangs, the process exits anyway 10 s later.

Exit codes (the scheme of :mod:`ironic_lite.command`): 0 stopped with all
accepted work done; 1 stopped with work handed back or cut off; 2 could
not start (one line on stderr: configuration, database, broker); 127 bad
arguments.
"""

import sys

PROG = 'ironic-lite-conductor'
#: Seconds past the graceful timeout a stop may take (handing work back)
#: before the process exits regardless.
STOP_MARGIN = 10


def main(argv=None):
    from ironic_lite import command
    from ironic_lite.command import startup
    args = command.parse_service_args(
        PROG, sys.argv[1:] if argv is None else argv,
        'ironic-lite conductor service')
    conf = startup.parse_config(PROG, args.config_file, args.config_dir)
    if conf.rpc_transport != 'oslo':
        command.fail(PROG, '[DEFAULT]rpc_transport = %s: the conductor '
                           'service needs "oslo" (a broker); "none" is for '
                           'the all-in-one ironic-lite command'
                     % conf.rpc_transport)
    startup.setup_service(PROG, conf)
    signals = command.StopSignals(PROG)
    from ironic_lite.conductor import service
    conductor = service.ConductorService(conf.host)
    startup.start_or_fail(PROG, conductor.start)
    signals.wait()
    command.stop_deadline(PROG, conf.graceful_shutdown_timeout + STOP_MARGIN)
    running = conductor.stop()
    command.exit_now(command.UNFINISHED if running else command.SUCCESS)
