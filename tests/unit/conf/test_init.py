"""What importing the configuration loads (conf/__init__.py)."""

import subprocess
import sys


def _modules_after(statement):
    code = ('import sys; %s; print(" ".join(sorted(sys.modules)))'
            % statement)
    return set(subprocess.run([sys.executable, '-c', code], check=True,
                              capture_output=True, text=True).stdout.split())


def test_import_loads_neither_messaging_nor_objects():
    loaded = _modules_after('import ironic_lite.conf')
    assert 'oslo_messaging' not in loaded
    unwanted = {name for name in loaded if name.startswith((
        'ironic_lite.objects', 'ironic_lite.db', 'ironic_lite.common.rpc',
        'ironic_lite.common.secrets'))}
    assert not unwanted


def test_every_option_group_registers():
    loaded = _modules_after('import ironic_lite.conf; '
                            'ironic_lite.conf.CONF.enabled_power_interfaces')
    assert 'ironic_lite.conf.drivers' in loaded
