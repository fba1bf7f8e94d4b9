"""Options of the [conductor] group."""

from oslo_config import cfg

group = cfg.OptGroup('conductor', title='Conductor service options')

opts = [
    cfg.IntOpt('workers_pool_size',
               default=100, min=2,
               help='Threads that run node operations (power, deploy, '
                    'clean ...). A request that finds them all busy is '
                    'refused with 503 rather than queued.'),
    cfg.IntOpt('heartbeat_interval',
               default=10, min=1,
               help='Seconds between two heartbeats of a conductor in the '
                    'conductors table.'),
    cfg.IntOpt('heartbeat_timeout',
               default=60, min=2,
               help='Seconds without a heartbeat after which a conductor is '
                    'taken for dead: the hash ring drops it, its nodes go to '
                    'the others and the locks it held are broken. Heartbeats '
                    'are written and judged by the database\'s clock, and '
                    'only by a service that has itself used the database '
                    'without a break for this long (right after a database '
                    'outage every heartbeat looks stale). Must be larger '
                    'than twice heartbeat_interval. Read by: API, '
                    'conductor.'),
    cfg.IntOpt('check_takeover_interval',
               default=10, min=1,
               help='Seconds between two looks for nodes this conductor '
                    'has to take over, for locks held by dead conductors, '
                    'and for locks the database says this conductor holds '
                    'although none of its operations does (a release that '
                    'failed while the database was unreachable): those are '
                    'released and their operation failed with a '
                    'last_error.'),
    cfg.IntOpt('sync_power_state_interval',
               default=60, min=0,
               help='Seconds between two power state syncs of the nodes this '
                    'conductor manages; 0 disables the sync.'),
    cfg.IntOpt('power_state_sync_max_retries',
               default=3, min=1,
               help='Consecutive failures to read a node\'s power state '
                    'after which the sync puts the node in maintenance with '
                    'the fault "power failure".'),
    cfg.IntOpt('sync_power_state_workers',
               default=8, min=1,
               help='Threads a power state sync uses to reach BMCs in '
                    'parallel.'),
    cfg.IntOpt('periodic_page_size',
               default=300, min=1,
               help='Nodes a periodic task (power state sync, takeover, '
                    'wait timeouts) reads from the database in one query: '
                    'it pages through the nodes of this conductor\'s share '
                    'of the hash rings. Read by: conductor.'),
    cfg.IntOpt('check_provision_state_interval',
               default=60, min=1,
               help='Seconds between two looks for nodes stuck in a wait '
                    'state (wait call-back, clean wait, inspect wait) past '
                    'their timeout.'),
    cfg.IntOpt('deploy_callback_timeout',
               default=1800, min=0,
               help='Seconds a node may stay in "wait call-back" before its '
                    'deploy fails; 0 waits forever.'),
    cfg.IntOpt('clean_callback_timeout',
               default=1800, min=0,
               help='Seconds a node may stay in "clean wait" before its '
                    'cleaning fails; 0 waits forever.'),
    cfg.IntOpt('inspect_wait_timeout',
               default=1800, min=0,
               help='Seconds a node may stay in "inspect wait" before its '
                    'inspection fails; 0 waits forever.'),
    cfg.BoolOpt('automated_clean',
                default=True,
                help='Clean nodes when they are provided and after '
                     'tear-down. When False they go straight to '
                     '"available".'),
    cfg.StrOpt('conductor_group',
               default='',
               regex=r'^[a-zA-Z0-9_\-\.]*$',
               help='The group this conductor serves: it only manages nodes '
                    'whose conductor_group is the same. Letters, digits, '
                    '"_", "-" and "." only.'),
    cfg.IntOpt('worker_db_retry_timeout',
               default=600, min=0,
               help='Seconds an operation running in a worker (power, '
                    'deploy, clean ...) keeps retrying while the database is '
                    'unreachable, so that it records how it ended and '
                    'releases the node\'s lock once the database is back. '
                    'Retries pause at most 2 s, so a node settles within '
                    'seconds of the database\'s return. Past this bound '
                    'the operation gives up; the lock it still holds is '
                    'found by the sweep of this conductor\'s reservations '
                    '(check_takeover_interval) and its operation failed. '
                    'The default rides out outages of several minutes. '
                    'RPC calls never wait: they answer 503 while the '
                    'database is unreachable. 0 disables waiting. Read by: '
                    'conductor.'),
    cfg.IntOpt('self_ping_interval',
               default=10, min=0,
               help='Seconds between two checks that this conductor can '
                    'reach itself through the broker (an RPC ping to its '
                    'own topic, waiting [DEFAULT]rpc_short_timeout). After '
                    'self_ping_failures failures in a row it marks itself '
                    'offline: the hash rings of every service leave it out '
                    'within [DEFAULT]hash_ring_reset_interval, while it '
                    'keeps heartbeating and finishes the work it holds '
                    'locks for; it goes back online at the first ping that '
                    'succeeds. At start it registers online only once a '
                    'ping succeeds. 0 disables the check (the conductor is '
                    'online from the start). Not used by the all-in-one '
                    'ironic-lite (no broker). Read by: conductor.'),
    cfg.IntOpt('self_ping_failures',
               default=3, min=1,
               help='Failed self pings in a row (see self_ping_interval) '
                    'after which a conductor marks itself offline. Read '
                    'by: conductor.'),
    cfg.IntOpt('rpc_prefetch_count',
               default=8, min=1,
               help='Messages a conductor takes from RabbitMQ ahead of '
                    'processing them. Bounded so that a stopping conductor '
                    'has little in flight and the broker hands the rest to '
                    'its next consumer.'),
]


def register_opts(conf):
    conf.register_group(group)
    conf.register_opts(opts, group=group)


def list_opts():
    return [(group.name, opts)]
