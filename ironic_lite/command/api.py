"""ironic-lite-api: serve the REST API with cheroot (threads).

Listens on ``[api]host_ip``:``[api]port`` with ``[api]threads`` worker
threads. SIGTERM or SIGINT stops taking connections, closes idle
keep-alive connections, gives the requests in progress up to
:data:`SHUTDOWN_TIMEOUT` seconds to finish and exits. To restart behind a
load balancer without failing a request, drain first: create
``[api]healthcheck_disable_file`` so /healthcheck answers 503, wait for
the balancer to take this API out, then stop it.

Exit codes (the scheme of :mod:`ironic_lite.command`): 0 stopped with
every request answered; 1 stopped with requests cut off after
:data:`SHUTDOWN_TIMEOUT`; 2 could not start (one line on stderr:
configuration, database, broker, port in use); 127 bad arguments.
"""

import logging
import sys
import threading

PROG = 'ironic-lite-api'
LOG = logging.getLogger(__name__)

#: Seconds a stopping API gives the requests in flight; one still running
#: then is cut off (its client sees the connection close).
SHUTDOWN_TIMEOUT = 10


def build_server(conf, app):
    """A cheroot server for ``app`` on ``[api]host_ip:[api]port``, not yet
    listening: call ``prepare()`` to bind, then ``serve()`` (blocking)
    and :func:`stop_server` from another thread."""
    from cheroot import wsgi
    return wsgi.Server((conf.api.host_ip, conf.api.port), app,
                       numthreads=conf.api.threads,
                       server_name='ironic-lite-api',
                       request_queue_size=conf.api.backlog,
                       shutdown_timeout=SHUTDOWN_TIMEOUT)


def listen_or_fail(prog, server):
    """Bind ``server``; a port in use is one line and exit 2."""
    from ironic_lite import command
    try:
        server.prepare()
    except OSError as e:
        host, port = server.bind_addr[:2]
        command.fail(prog, 'cannot listen on %s:%s: %s' % (host, port, e))


def serve_in_thread(server):
    thread = threading.Thread(target=server.serve, name='api-server',
                              daemon=True)
    thread.start()
    return thread


def stop_server(server, thread):
    """Stop ``server`` serving in ``thread`` within SHUTDOWN_TIMEOUT (and
    a little); returns whether every request in flight finished.

    cheroot waits for its worker threads without end once its own
    timeout has passed (a request stuck in the application, such as a
    BMC call that does not answer, would keep the process alive), so its
    stop runs in a thread of its own that is left behind when late.
    """
    stopper = threading.Thread(target=server.stop, name='api-stop',
                               daemon=True)
    stopper.start()
    stopper.join(SHUTDOWN_TIMEOUT + 2)
    thread.join(2)
    if stopper.is_alive():
        LOG.warning('Requests still ran %d s after the API stopped taking '
                    'connections; they are cut off', SHUTDOWN_TIMEOUT)
        return False
    return True


def main(argv=None):
    from ironic_lite import command
    from ironic_lite.command import startup
    args = command.parse_service_args(
        PROG, sys.argv[1:] if argv is None else argv,
        'ironic-lite REST API service')
    conf = startup.parse_config(PROG, args.config_file, args.config_dir)
    if conf.rpc_transport != 'oslo':
        command.fail(PROG, '[DEFAULT]rpc_transport = %s: the API service '
                           'reaches conductors through a broker and needs '
                           '"oslo"; "none" is for the all-in-one '
                           'ironic-lite command' % conf.rpc_transport)
    startup.setup_service(PROG, conf, api=True)
    signals = command.StopSignals(PROG)
    from ironic_lite.api import app as app_mod
    server = build_server(conf, command_app(PROG, conf, app_mod))
    listen_or_fail(PROG, server)
    from ironic_lite.api import fleet
    from ironic_lite.api import microversion
    registration = fleet.Registration(
        '%s:%s' % (conf.host, server.bind_addr[1]),
        microversion.own_max_version, conf.api.fleet_heartbeat_interval)
    startup.start_or_fail(PROG, registration.start)
    thread = serve_in_thread(server)
    LOG.info('%s serving on http://%s:%s', PROG, conf.api.host_ip,
             server.bind_addr[1])
    signals.wait()
    LOG.info('%s stopping', PROG)
    command.stop_deadline(PROG, SHUTDOWN_TIMEOUT + 15)
    finished = stop_server(server, thread)
    registration.stop()
    command.exit_now(command.SUCCESS if finished else command.UNFINISHED)


def command_app(prog, conf, app_mod):
    """The WSGI app, or one line and exit 2 on a configuration error."""
    from oslo_config import cfg

    from ironic_lite import command
    from ironic_lite.common import exception
    try:
        return app_mod.setup_app(conf)
    except (exception.IronicLiteException, cfg.Error, OSError) as e:
        command.fail(prog, command.reason(e))
