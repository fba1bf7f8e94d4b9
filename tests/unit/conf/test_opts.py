"""The sample configuration is generated from the option definitions."""

import os
import subprocess
import sys

from ironic_lite.conf import opts

GENERATOR_CONF = os.path.join(os.path.dirname(__file__), '..', '..', '..',
                              'etc', 'ironic-lite',
                              'ironic-lite-config-generator.conf')


def test_list_opts_covers_every_group():
    groups = dict(opts.list_opts())
    assert {'DEFAULT', 'database'} <= set(groups)
    names = {opt.name for opt in groups['DEFAULT']}
    assert {'host', 'pin_release_version', 'state_path'} <= names


def test_every_option_has_help():
    for group, options in opts.list_opts():
        for opt in options:
            assert opt.help, '%s.%s has no help text' % (group, opt.name)


def test_sample_config_generates(tmp_path):
    out = tmp_path / 'sample.conf'
    result = subprocess.run(
        [sys.executable, '-m', 'oslo_config.generator',
         '--config-file', GENERATOR_CONF,
         '--output-file', str(out)],
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    text = out.read_text()
    assert '#pin_release_version = auto' in text
    assert '[database]' in text
    # oslo.messaging's options, with ironic-lite's defaults applied.
    assert '#transport_url = rabbit://' in text
    assert '#control_exchange = ironic-lite' in text
    assert '#enabled_storage_interfaces = noop' in text
