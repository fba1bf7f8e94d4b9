"""ironic-lite-api: serve the REST API with cheroot (threads).

Listens on ``[api]host_ip``:``[api]port`` with ``[api]threads`` worker
threads. SIGTERM or SIGINT stops taking connections, finishes the
requests in progress and exits 0. To restart behind a load balancer
without failing a request, drain first: create
``[api]healthcheck_disable_file`` so /healthcheck answers 503, wait for
the balancer to take this API out, then stop it.
"""

import logging
import sys
import threading

PROG = 'ironic-lite-api'
LOG = logging.getLogger(__name__)


def build_server(conf, app):
    """A cheroot server for ``app`` on ``[api]host_ip:[api]port``, not yet
    listening: call ``prepare()`` to bind, then ``serve()`` (blocking)
    and ``stop()`` from another thread."""
    from cheroot import wsgi
    return wsgi.Server((conf.api.host_ip, conf.api.port), app,
                       numthreads=conf.api.threads,
                       server_name='ironic-lite-api',
                       request_queue_size=conf.api.backlog,
                       shutdown_timeout=10)


def listen_or_fail(prog, server):
    """Bind ``server``; a port in use is one line and exit 1."""
    from ironic_lite import command
    try:
        server.prepare()
    except OSError as e:
        host, port = server.bind_addr[:2]
        command.fail(prog, 'cannot listen on %s:%s: %s' % (host, port, e))


def main(argv=None):
    from ironic_lite import command
    from ironic_lite.command import conductor as conductor_command
    args = conductor_command.parse_args(
        PROG, sys.argv[1:] if argv is None else argv,
        'ironic-lite REST API service')
    conf = command.parse_config(PROG, args.config_file, args.config_dir)
    if conf.rpc_transport != 'oslo':
        command.fail(PROG, '[DEFAULT]rpc_transport = %s: the API service '
                           'reaches conductors through a broker and needs '
                           '"oslo"; "none" is for the all-in-one '
                           'ironic-lite command' % conf.rpc_transport)
    check_options(PROG, conf)
    command.setup_service(PROG, conf)
    from ironic_lite.api import app as app_mod
    app = command_app(PROG, conf, app_mod)
    server = build_server(conf, app)
    listen_or_fail(PROG, server)
    from ironic_lite.api import fleet
    from ironic_lite.api import microversion
    registration = fleet.Registration(
        '%s:%s' % (conf.host, server.bind_addr[1]),
        microversion.own_max_version(), conf.api.fleet_heartbeat_interval)
    command.start_or_fail(PROG, registration.start)
    thread = threading.Thread(target=server.serve, name='api-server',
                              daemon=True)
    thread.start()
    LOG.info('%s serving on http://%s:%s', PROG, conf.api.host_ip,
             server.bind_addr[1])
    conductor_command.wait_for_signal()
    LOG.info('%s stopping', PROG)
    server.stop()
    thread.join(15)
    registration.stop()
    command.exit_now(0)


def check_options(prog, conf):
    """Read every [api] option now: oslo.config checks values when they
    are first read, and a bad one must stop the service at start."""
    from oslo_config import cfg

    from ironic_lite import command
    try:
        for opt in conf.api:
            getattr(conf.api, opt)
    except (cfg.Error, ValueError) as e:
        command.fail(prog, str(e).splitlines()[0])


def command_app(prog, conf, app_mod):
    """The WSGI app, or one line and exit 1 on a configuration error."""
    from oslo_config import cfg

    from ironic_lite import command
    from ironic_lite.common import exception
    try:
        return app_mod.setup_app(conf)
    except (exception.IronicLiteException, cfg.Error, OSError) as e:
        command.fail(prog, str(e).splitlines()[0])
