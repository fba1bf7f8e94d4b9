"""Options of the [pxe] group: the pxe boot interface (read by the
conductor)."""

from oslo_config import cfg

group = cfg.OptGroup('pxe', title='PXE boot interface')

opts = [
    cfg.StrOpt('config_dir',
               default='$state_path/tftpboot/pxelinux.cfg',
               help='Directory where the pxe boot interface writes one '
                    'PXE configuration file per node (named after the '
                    'node\'s UUID) while the node is to boot its deploy '
                    'ramdisk; a TFTP server exporting its parent '
                    'directory serves them. Created when missing.'),
]


def register_opts(conf):
    conf.register_group(group)
    conf.register_opts(opts, group=group)


def list_opts():
    return [(group.name, opts)]
