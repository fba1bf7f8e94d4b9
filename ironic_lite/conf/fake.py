"""Options of the [fake] group: the fake-hardware interfaces."""

from oslo_config import cfg

group = cfg.OptGroup('fake', title='fake-hardware interfaces')

opts = [
    cfg.FloatOpt('power_delay', default=0, min=0,
                 help='Seconds the fake power interface takes to change a '
                      'power state.'),
    cfg.FloatOpt('management_delay', default=0, min=0,
                 help='Seconds the fake management interface takes per '
                      'call.'),
    cfg.FloatOpt('deploy_delay', default=0, min=0,
                 help='Seconds the fake deploy interface takes to deploy, '
                      'tear down or clean.'),
    cfg.FloatOpt('inspect_delay', default=0, min=0,
                 help='Seconds the fake inspect interface takes.'),
]


def register_opts(conf):
    conf.register_group(group)
    conf.register_opts(opts, group=group)


def list_opts():
    return [(group.name, opts)]
