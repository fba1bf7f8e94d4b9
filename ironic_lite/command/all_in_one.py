"""ironic-lite: the API and a conductor in one process, with no broker.

The API calls the conductor through the same RPC client and serializer
as between processes ([DEFAULT]rpc_transport = none, the default here),
on the database of [database]connection (SQLite under [DEFAULT]state_path
by default). SIGTERM or SIGINT stops the API, then the conductor.
"""

import logging
import sys
import threading

PROG = 'ironic-lite'
LOG = logging.getLogger(__name__)


def main(argv=None):
    from ironic_lite import command
    from ironic_lite.command import api as api_command
    from ironic_lite.command import conductor as conductor_command
    from ironic_lite.conf import CONF

    args = conductor_command.parse_args(
        PROG, sys.argv[1:] if argv is None else argv,
        'ironic-lite all-in-one: API and conductor in one process')
    CONF.set_default('rpc_transport', 'none')
    conf = command.parse_config(PROG, args.config_file, args.config_dir)
    if conf.rpc_transport != 'none':
        command.fail(PROG, '[DEFAULT]rpc_transport = %s: the all-in-one '
                           'process calls its conductor directly and needs '
                           '"none"; run ironic-lite-api and '
                           'ironic-lite-conductor for a broker'
                     % conf.rpc_transport)
    api_command.check_options(PROG, conf)
    command.setup_service(PROG, conf)

    from ironic_lite.api import app as app_mod
    from ironic_lite.conductor import service
    server = api_command.build_server(
        conf, api_command.command_app(PROG, conf, app_mod))
    api_command.listen_or_fail(PROG, server)
    conductor = service.ConductorService(conf.host)
    command.start_or_fail(PROG, conductor.start)
    thread = threading.Thread(target=server.serve, name='api-server',
                              daemon=True)
    thread.start()
    LOG.info('%s serving on http://%s:%s (database %s)', PROG,
             conf.api.host_ip, server.bind_addr[1],
             conf.database.connection)
    conductor_command.wait_for_signal()
    LOG.info('%s stopping', PROG)
    server.stop()
    thread.join(15)
    running = conductor.stop(drain=False)
    command.exit_now(1 if running else 0)
