"""Options of the [redfish] group: the redfish power and management
interfaces (read by the conductor)."""

from oslo_config import cfg

group = cfg.OptGroup('redfish', title='Redfish interfaces')

opts = [
    cfg.FloatOpt('connect_timeout',
                 default=5, min=0.1,
                 help='Seconds to wait for a TCP connection to a Redfish '
                      'service.'),
    cfg.FloatOpt('read_timeout',
                 default=15, min=0.1,
                 help='Seconds to wait for a Redfish service to answer one '
                      'request.'),
    cfg.IntOpt('connection_attempts',
               default=2, min=1,
               help='Attempts of a request that cannot connect or gets a '
                    'server-side error (HTTP 5xx).'),
    cfg.FloatOpt('connection_retry_interval',
                 default=1, min=0,
                 help='Seconds between those attempts.'),
    cfg.FloatOpt('power_poll_interval',
                 default=1, min=0.01,
                 help='Seconds between two reads of the power state while '
                      'waiting for a power change to show. BMCs apply '
                      'resets late (sushy-tools\' fake systems after 1 to '
                      '11 seconds).'),
    cfg.FloatOpt('power_state_change_timeout',
                 default=60, min=1,
                 help='Seconds to wait for a power change to show before '
                      'the action fails. A caller may give its own timeout '
                      'instead.'),
]


def register_opts(conf):
    conf.register_group(group)
    conf.register_opts(opts, group=group)


def list_opts():
    return [(group.name, opts)]
