"""ironic-lite: the API and a conductor in one process, with no broker.

The API calls the conductor through the same RPC client and serializer
as between processes ([DEFAULT]rpc_transport = none, the default here),
on the database of [database]connection (SQLite under [DEFAULT]state_path
by default).

SIGTERM or SIGINT stops the API as ``ironic-lite-api`` does (requests in
flight get up to 10 s), then the conductor as ``ironic-lite-conductor``
does (its accepted work gets up to ``[DEFAULT]graceful_shutdown_timeout``
seconds, then is handed back); if a stop hangs, the process exits anyway
10 s after both times have passed.

Exit codes (the scheme of :mod:`ironic_lite.command`): 0 stopped with
every request answered and all work done; 1 stopped with requests cut off
or work handed back; 2 could not start (one line on stderr); 127 bad
arguments.
"""

import logging
import sys

PROG = 'ironic-lite'
LOG = logging.getLogger(__name__)


def main(argv=None):
    from ironic_lite import command
    from ironic_lite.command import api as api_command
    from ironic_lite.command import conductor as conductor_command
    from ironic_lite.command import startup
    from ironic_lite.conf import CONF

    args = command.parse_service_args(
        PROG, sys.argv[1:] if argv is None else argv,
        'ironic-lite all-in-one: API and conductor in one process')
    CONF.set_default('rpc_transport', 'none')
    conf = startup.parse_config(PROG, args.config_file, args.config_dir)
    if conf.rpc_transport != 'none':
        command.fail(PROG, '[DEFAULT]rpc_transport = %s: the all-in-one '
                           'process calls its conductor directly and needs '
                           '"none"; run ironic-lite-api and '
                           'ironic-lite-conductor for a broker'
                     % conf.rpc_transport)
    startup.setup_service(PROG, conf, api=True)
    signals = command.StopSignals(PROG)

    from ironic_lite.api import app as app_mod
    from ironic_lite.conductor import service
    server = api_command.build_server(
        conf, api_command.command_app(PROG, conf, app_mod))
    api_command.listen_or_fail(PROG, server)
    conductor = service.ConductorService(conf.host)
    startup.start_or_fail(PROG, conductor.start)
    thread = api_command.serve_in_thread(server)
    LOG.info('%s serving on http://%s:%s (database %s)', PROG,
             conf.api.host_ip, server.bind_addr[1],
             startup.database_name(conf))
    signals.wait()
    LOG.info('%s stopping', PROG)
    command.stop_deadline(PROG, api_command.SHUTDOWN_TIMEOUT
                          + conf.graceful_shutdown_timeout
                          + conductor_command.STOP_MARGIN)
    finished = api_command.stop_server(server, thread)
    running = conductor.stop(drain=False)
    command.exit_now(command.SUCCESS if finished and not running
                     else command.UNFINISHED)
