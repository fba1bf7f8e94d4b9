"""Options of the [DEFAULT] group that every ironic-lite service reads."""

import socket

from oslo_config import cfg

from ironic_lite.upgrade import release_mappings

opts = [
    cfg.StrOpt('host',
               default=socket.gethostname(),
               sample_default='localhost',
               help='Name of this service host. Conductors register under '
                    'this name and use it as their RPC server name, so it '
                    'must be unique among the conductors sharing one '
                    'database. Read by: API, conductor.'),
    cfg.StrOpt('state_path',
               default='/var/lib/ironic-lite',
               help='Top-level directory for the state ironic-lite keeps on '
                    'local disk (the default SQLite database lives here). '
                    'Read by: all services.'),
    cfg.StrOpt('pin_release_version',
               default='auto',
               choices=['auto', ''] + release_mappings.pin_choices(),
               mutable=True,
               help='The release whose versions this service speaks: it '
                    'writes objects to the database and sends RPC messages '
                    'in that release\'s versions, caps its RPC version and '
                    'advertises that release\'s maximum API microversion, '
                    'so that services of that release keep working beside '
                    'it. "auto" (the default) derives it from the database '
                    'and follows it without a restart (every '
                    '[DEFAULT]pin_refresh_interval seconds): the oldest '
                    'release among the live conductors and APIs; when all '
                    'run this release, the previous release until the '
                    'operator runs "ironic-lite-dbsync finalize", then '
                    'none. A release name pins to it whatever the fleet '
                    'runs; empty: never pinned. Possible values: auto, a '
                    'release name from the release mapping, or empty. An '
                    'unknown value stops the service at start. Related '
                    'options: pin_refresh_interval. Read by: all services, '
                    'ironic-lite-dbsync and ironic-lite-status.'),
    cfg.IntOpt('pin_refresh_interval',
               default=5,
               min=1,
               help='With pin_release_version = auto, seconds between two '
                    'readings of the fleet\'s releases: a service moves to '
                    'its new versions at most this long after "finalize", '
                    'and back to older ones this long after an older '
                    'service starts. Read by: all services.'),
    cfg.StrOpt('driver_info_key_file',
               default='$state_path/driver_info.key',
               help='File holding the key (Fernet) that encrypts BMC '
                    'passwords in the database (release 2.0 on). Created '
                    'with a new key when missing. Every service sharing '
                    'the database must use the same key: copy the file to '
                    'every host. Read by: all services.'),
    cfg.StrOpt('rpc_transport',
               default='oslo',
               choices=[('oslo', 'oslo.messaging over [DEFAULT]transport_url '
                                 '(RabbitMQ): separate API and conductor '
                                 'processes'),
                        ('none', 'no broker: the API calls the conductor in '
                                 'the same process (the all-in-one '
                                 'ironic-lite command only)')],
               help='How the API reaches the conductors. Read by: API, '
                    'conductor.'),
    cfg.IntOpt('graceful_shutdown_timeout',
               default=60, min=0,
               help='Seconds a conductor stopping on SIGTERM waits for the '
                    'work it has accepted to finish. Work still running then '
                    'is handed back: its node is unlocked and moved to the '
                    'failed state matching what it was doing. Read by: '
                    'conductor.'),
    cfg.IntOpt('hash_ring_reset_interval',
               default=15, min=1,
               help='Seconds a service trusts its node-to-conductor hash ring '
                    'before rebuilding it from the conductors table. It also '
                    'bounds how long a stopping conductor keeps serving after '
                    'it has marked itself offline, so that no service still '
                    'sends it work. Read by: API, conductor.'),
    cfg.IntOpt('rpc_short_timeout',
               default=3, min=1,
               help='Seconds an RPC client waits for a conductor\'s answer '
                    'to a call that does no hardware I/O before it answers '
                    '(most calls: they lock the node, record the intent and '
                    'hand the work to a worker), and for the answer to a '
                    'ping. When it passes, the conductor is pinged: one that '
                    'answers is busy (503, retry), one that does not is '
                    'taken for dead and the call goes to the node\'s next '
                    'conductor. Short, so that requests for the nodes of a '
                    'conductor that died are answered within seconds; long '
                    'enough for a conductor under load to answer. Calls '
                    'that talk to a BMC before answering (boot device) wait '
                    '[DEFAULT]rpc_response_timeout instead. Read by: API '
                    '(and the conductor, to ping itself through the broker, '
                    'see [conductor]self_ping_interval).'),
    cfg.IntOpt('hash_partition_exponent',
               default=5, min=1, max=12,
               help='Each conductor gets 2^N points on the hash ring; more '
                    'points spread nodes more evenly. Read by: API, '
                    'conductor.'),
]


def register_opts(conf):
    conf.register_opts(opts)


def list_opts():
    return [('DEFAULT', opts)]
