"""A configuration file with oslo.messaging options works for the
command-line tools, which never load oslo.messaging."""

import os
import subprocess

from tests.functional import services

BROKER = {'transport_url': 'rabbit://guest:guest@127.0.0.1:5672/',
          'rpc_response_timeout': '30'}


def _run(tool, *args):
    return subprocess.run([os.path.join(services.BIN, tool)] + list(args),
                          capture_output=True, text=True, timeout=120)


def test_dbsync_and_status_read_a_config_with_transport_url(tmp_path):
    config = services.write_config(str(tmp_path / 'ironic-lite.conf'), {
        'DEFAULT': dict(BROKER, state_path=str(tmp_path)),
        'oslo_messaging_rabbit': {'rabbit_qos_prefetch_count': '8'},
        'database': {'connection': 'sqlite:///%s/db.sqlite' % tmp_path}})
    upgrade = _run('ironic-lite-dbsync', '--config-file', config, 'upgrade')
    assert upgrade.returncode == 0, upgrade.stderr
    version = _run('ironic-lite-dbsync', '--config-file', config, 'version')
    assert version.returncode == 0, version.stderr
    assert version.stdout.strip() not in ('', 'None')
    status = _run('ironic-lite-status', 'upgrade', 'check', '--config-file',
                  config)
    assert status.returncode == 0, status.stdout + status.stderr
    assert 'Traceback' not in status.stderr
