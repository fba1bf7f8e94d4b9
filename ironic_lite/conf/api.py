"""Options of the [api] group: the REST API service."""

from oslo_config import cfg

group = cfg.OptGroup('api', title='Bare Metal REST API service options')

opts = [
    cfg.HostAddressOpt('host_ip',
                       default='127.0.0.1',
                       help='IP address or host name the API service '
                            'listens on. Use 0.0.0.0 (or ::) to listen on '
                            'every interface. Read by: ironic-lite-api and '
                            'the all-in-one ironic-lite.'),
    cfg.PortOpt('port',
                default=6385,
                help='TCP port the API service listens on (6385 is the Bare '
                     'Metal API\'s usual port). Read by: ironic-lite-api, '
                     'ironic-lite.'),
    cfg.IntOpt('threads',
               default=16, min=1,
               help='Threads of the WSGI server that serve requests at the '
                    'same time; a request beyond them waits for a free '
                    'thread. Each thread may hold a database connection '
                    'and wait on a conductor, so more threads mostly add '
                    'contention on a small machine. Related options: '
                    'backlog. Read by: ironic-lite-api, ironic-lite.'),
    cfg.IntOpt('backlog',
               default=1024, min=1,
               help='Connections the kernel queues for the API while every '
                    'server thread is busy (the listen backlog). A burst of '
                    'new connections larger than this gets connection '
                    'resets; the default holds bursts of several hundred '
                    'clients. Linux caps it at net.core.somaxconn. Not read '
                    'when the API runs under another WSGI server. Related '
                    'options: threads. Read by: ironic-lite-api, '
                    'ironic-lite.'),
    cfg.IntOpt('max_limit',
               default=1000, min=1,
               help='The largest number of items one page of a collection '
                    'returns, whatever ``limit`` a client asks for. '
                    'Read by: API.'),
    cfg.IntOpt('max_request_body_size',
               default=114688, min=1024,
               help='Largest request body in bytes the API accepts; a '
                    'larger one gets 413 without being read. Read by: API.'),
    cfg.StrOpt('public_endpoint',
               help='Base URL clients reach this API at (e.g. '
                    'https://bm.example.com:6385), used in links of '
                    'responses. Unset: the URL the request came to. '
                    'Read by: API.'),
    cfg.StrOpt('auth_strategy',
               default='noauth',
               choices=[('noauth', 'no authentication; every request '
                                   'acts as an administrator'),
                        ('http_basic', 'HTTP basic authentication against '
                                       '[api]http_basic_auth_user_file')],
               help='How the API authenticates requests. Version discovery '
                    '(/ and /v1), /healthcheck and the ramdisk heartbeat '
                    'are always public. Read by: API.'),
    cfg.StrOpt('http_basic_auth_user_file',
               default='/etc/ironic-lite/htpasswd',
               help='Apache-style htpasswd file with one ``user:bcrypt '
                    'hash`` per line (``htpasswd -B``), read on every '
                    'authentication so edits apply at once. Related '
                    'options: auth_strategy, http_basic_reader_users. '
                    'Read by: API.'),
    cfg.ListOpt('http_basic_reader_users',
                default=[],
                help='Users of the htpasswd file who get the ``reader`` '
                     'role (read only: every GET) instead of ``admin``. '
                     'Related options: http_basic_auth_user_file. Read by: '
                     'API.'),
    cfg.BoolOpt('debug_tracebacks_in_api',
                default=False,
                help='Put the traceback of a server error (500) in the '
                     '``debuginfo`` of the error body. For debugging only: '
                     'it shows code internals to clients. Read by: API.'),
    cfg.BoolOpt('enable_healthcheck',
                default=True,
                help='Answer GET /healthcheck (no authentication) with 200 '
                     '"OK", or 503 "DISABLED BY FILE" while the file named '
                     'by healthcheck_disable_file exists. Read by: API.'),
    cfg.StrOpt('healthcheck_disable_file',
               default='$state_path/api-healthcheck-disabled',
               help='While this file exists /healthcheck answers 503, so a '
                    'load balancer drains this API before a restart: create '
                    'the file, wait for the balancer to notice, restart, '
                    'remove the file. Related options: enable_healthcheck. '
                    'Read by: API.'),
    cfg.IntOpt('fleet_heartbeat_interval',
               default=10, min=1,
               help='Seconds between two records of this API service in '
                    'the api_services table, and between two reads of the '
                    'others. While any live API serves a lower maximum '
                    'microversion (it is pinned or older), this one '
                    'advertises and serves that maximum too, so clients see '
                    'one maximum during a rolling upgrade. An API not seen '
                    'for three intervals no longer counts. Read by: API.'),
    cfg.IntOpt('ramdisk_heartbeat_timeout',
               default=300, min=1,
               help='Seconds a node\'s ramdisk may go without a heartbeat; '
                    'GET /v1/lookup hands it to the ramdisk '
                    '(config.heartbeat_timeout), which heartbeats well '
                    'within it. Read by: API.'),
]


def register_opts(conf):
    conf.register_group(group)
    conf.register_opts(opts, group=group)


def list_opts():
    return [(group.name, opts)]
