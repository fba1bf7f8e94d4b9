"""Option discovery for oslo-config-generator.

Every module of this package that defines ``list_opts()`` contributes its
options; a new option module is picked up without touching this file.
"""

import importlib
import pkgutil

import ironic_lite.conf


def _option_modules():
    for info in pkgutil.iter_modules(ironic_lite.conf.__path__):
        if info.name == 'opts':
            continue
        module = importlib.import_module('ironic_lite.conf.' + info.name)
        if hasattr(module, 'list_opts'):
            yield module


def list_opts():
    """Return [(group, [opts])] for the sample config, groups merged."""
    groups = {}
    for module in _option_modules():
        for group, opts in module.list_opts():
            groups.setdefault(group, []).extend(opts)
    return sorted(groups.items(),
                  key=lambda item: (item[0] != 'DEFAULT', item[0]))
