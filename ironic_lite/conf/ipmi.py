"""Options of the [ipmi] group: the ipmitool power and management
interfaces (read by the conductor)."""

from oslo_config import cfg

group = cfg.OptGroup('ipmi', title='IPMI (ipmitool) interfaces')

opts = [
    cfg.FloatOpt('command_retry_timeout',
                 default=10, min=0,
                 help='Seconds an IPMI call keeps being retried while the '
                      'BMC does not answer or is busy. Wrong credentials are '
                      'never retried. Together with command_timeout this '
                      'bounds how long one call can take.'),
    cfg.FloatOpt('command_retry_interval',
                 default=1, min=0,
                 help='Seconds between two attempts of a failing IPMI '
                      'call.'),
    cfg.IntOpt('command_max_attempts',
               min=1,
               help='Attempts of a failing IPMI call at most. Unset: only '
                    'command_retry_timeout limits them.'),
    cfg.FloatOpt('command_timeout',
                 default=10, min=1,
                 help='Wall-clock limit, in seconds, of one ipmitool run; '
                      'the process is killed past it.'),
    cfg.IntOpt('ipmitool_timeout',
               default=1, min=1,
               help='ipmitool\'s own per-packet timeout (its -N option), in '
                    'seconds.'),
    cfg.IntOpt('ipmitool_retries',
               default=1, min=0,
               help='ipmitool\'s own packet retries (its -R option).'),
    cfg.FloatOpt('power_state_change_timeout',
                 default=30, min=1,
                 help='Seconds to wait for a power change to show on the '
                      'BMC before the action fails. A caller may give its '
                      'own timeout instead.'),
]


def register_opts(conf):
    conf.register_group(group)
    conf.register_opts(opts, group=group)


def list_opts():
    return [(group.name, opts)]
