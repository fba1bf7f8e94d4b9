"""The ``pxe`` boot interface: network boot of the deploy ramdisk, then
local disk.

While a node is to boot its deploy ramdisk, a PXE (pxelinux) configuration
file named after the node's UUID is kept in ``[pxe]config_dir``, for a
TFTP server exporting that directory's parent to serve. It loads the
kernel and initrd named by the node's ``deploy_kernel`` and
``deploy_ramdisk`` driver_info (optional: without them the file says
nothing can be booted, which is enough for emulated machines). The boot
device is set through the node's management interface: ``pxe`` once for
the ramdisk, ``disk`` persistently for the instance.
"""

import os
import tempfile

from oslo_config import cfg

from ironic_lite.common import exception
from ironic_lite.drivers import base

CONF = cfg.CONF

PROPERTIES = {
    'deploy_kernel': 'Kernel of the deploy ramdisk (path under the TFTP '
                     'root or URL), written into the node\'s PXE '
                     'configuration. Optional.',
    'deploy_ramdisk': 'Initrd of the deploy ramdisk, likewise. Optional.',
}

_TEMPLATE = """\
# Written by ironic-lite for node %(uuid)s: boot the deploy ramdisk.
default deploy
label deploy
  kernel %(kernel)s
  append initrd=%(ramdisk)s ironic_lite_node=%(uuid)s
"""


def config_path(node):
    """Where the node's PXE configuration file lives."""
    return os.path.join(CONF.pxe.config_dir, node.uuid)


def _write_config(node):
    info = node.driver_info or {}
    text = _TEMPLATE % {'uuid': node.uuid,
                        'kernel': info.get('deploy_kernel') or 'none',
                        'ramdisk': info.get('deploy_ramdisk') or 'none'}
    directory = CONF.pxe.config_dir
    os.makedirs(directory, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=directory, prefix='.%s-' % node.uuid)
    try:
        with os.fdopen(fd, 'w') as f:
            f.write(text)
        os.chmod(tmp, 0o644)
        os.replace(tmp, config_path(node))
    except BaseException:
        os.unlink(tmp)
        raise


def _remove_config(node):
    try:
        os.unlink(config_path(node))
    except FileNotFoundError:
        pass


class PXEBoot(base.BootInterface):
    """Boot the deploy ramdisk over the network, the instance from disk."""

    def get_properties(self):
        return dict(PROPERTIES)

    def validate(self, task):
        """Check the optional deploy image keys are strings without
        spaces (they go into the PXE configuration as they are).

        :raises: InvalidParameterValue
        """
        info = task.node.driver_info or {}
        for key in PROPERTIES:
            value = info.get(key)
            if value is None:
                continue
            if not isinstance(value, str) or not value or any(
                    c.isspace() for c in value):
                raise exception.InvalidParameterValue(
                    err='%s of node %s must be a path or URL without '
                        'spaces, not %r.' % (key, task.node.uuid, value))

    def prepare_ramdisk(self, task):
        """Write the node's PXE configuration and make it boot from the
        network once.

        :raises: InvalidParameterValue, MissingParameterValue, BMCError
            (from the management interface); OSError if the file cannot
            be written.
        """
        self.validate(task)
        _write_config(task.node)
        task.driver.management.set_boot_device(task, 'pxe',
                                               persistent=False)

    def clean_up_ramdisk(self, task):
        """Remove the node's PXE configuration."""
        _remove_config(task.node)

    def prepare_instance(self, task):
        """Make the node boot from its disk from now on.

        :raises: InvalidParameterValue, MissingParameterValue, BMCError
        """
        _remove_config(task.node)
        task.driver.management.set_boot_device(task, 'disk',
                                               persistent=True)

    def clean_up_instance(self, task):
        """Nothing is kept for an instance; remove any leftover file."""
        _remove_config(task.node)
