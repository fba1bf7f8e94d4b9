"""The ``baremetal`` CLI as the functional tests run it."""

import json
import os
import subprocess
import sys

BAREMETAL = os.path.join(os.path.dirname(sys.executable), 'baremetal')


def cli(url, *args):
    """Run ``baremetal <args>`` against the API at ``url`` (no auth);
    its JSON output decoded when ``-f`` is among the arguments, else its
    text. Fails the test on a non-zero exit, with the CLI's stderr."""
    result = subprocess.run(
        [BAREMETAL, '--os-auth-type', 'none', '--os-endpoint', url] +
        list(args), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout) if '-f' in args else result.stdout
