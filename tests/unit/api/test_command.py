"""ironic-lite-api refuses bad configuration with one line."""

import os
import subprocess
import sys

BIN = os.path.dirname(sys.executable)


def _run(tmp_path, text):
    config = tmp_path / 'api.conf'
    config.write_text(text)
    return subprocess.run([os.path.join(BIN, 'ironic-lite-api'),
                           '--config-file', str(config)],
                          capture_output=True, text=True, timeout=60)


def test_bad_option_value(tmp_path):
    result = _run(tmp_path, '[api]\nport = not-a-port\n')
    assert result.returncode != 0
    assert result.stderr.count('\n') == 1
    assert result.stderr.startswith('ironic-lite-api: error:')


def test_needs_a_broker(tmp_path):
    result = _run(tmp_path, '[DEFAULT]\nrpc_transport = none\n')
    assert result.returncode != 0
    assert 'rpc_transport' in result.stderr
    assert 'Traceback' not in result.stderr


def test_server_listens_with_the_configured_backlog(conf):
    """[api]backlog reaches the listening socket (cheroot's default of 5
    resets bursts of new connections; benchmarks/api_connection_burst.py
    measures what the default holds)."""
    from ironic_lite.command import api as api_command

    assert conf.conf.api.backlog >= 100
    conf.config(group='api', backlog=300, threads=7, port=0)
    server = api_command.build_server(conf.conf, app=None)
    assert server.request_queue_size == 300
    assert server.numthreads == 7
