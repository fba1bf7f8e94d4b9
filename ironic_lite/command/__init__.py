"""Console entry points. Each one turns expected failures into one line on
stderr and a non-zero exit, never a traceback."""

import sys


def fail(prog, message, code=1):
    """Print ``prog: error: message`` on stderr and exit with ``code``."""
    sys.stderr.write('%s: error: %s\n' % (prog, message))
    sys.exit(code)


def parse_config(prog, config_files, config_dirs=()):
    """Load the configuration files, or exit with one line on an error."""
    from oslo_config import cfg

    import ironic_lite.conf
    from ironic_lite.common import exception
    from ironic_lite.upgrade import pinning

    args = []
    for path in config_files or ():
        args += ['--config-file', path]
    for path in config_dirs or ():
        args += ['--config-dir', path]
    try:
        ironic_lite.conf.CONF(args, project='ironic-lite', prog=prog,
                              default_config_files=[] if args else None)
        pinning.validate()
    except (cfg.Error, exception.ConfigError) as e:
        fail(prog, str(e).splitlines()[0])
    return ironic_lite.conf.CONF
