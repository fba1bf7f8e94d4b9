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
               choices=release_mappings.pin_choices(),
               mutable=True,
               help='During a rolling upgrade, the release the services of '
                    'the whole deployment are compatible with. When set, a '
                    'service of a newer release writes objects to the '
                    'database and sends RPC messages in the versions of that '
                    'release, caps its RPC version and advertises that '
                    'release\'s maximum API microversion, so services of the '
                    'older release keep working beside it. Leave it unset '
                    '(the default) once every service runs the new release. '
                    'Possible values: a release name from the release '
                    'mapping. An unknown value stops the service at start. '
                    'Related options: none. Read by: all services and '
                    'ironic-lite-dbsync.'),
]


def register_opts(conf):
    conf.register_opts(opts)


def list_opts():
    return [('DEFAULT', opts)]
