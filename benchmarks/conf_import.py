"""Time ``import ironic_lite.conf`` in a fresh interpreter.

Usage: python benchmarks/conf_import.py [runs]

Every command-line tool pays this first. Prints the median and best of
the import's own cumulative time (``-X importtime``) and of the whole
process, and whether oslo.messaging or the objects were loaded (they
should not be).
"""

import os
import re
import statistics
import subprocess
import sys
import time


def main(runs=20):
    imports, walls, loaded = [], [], set()
    for _ in range(runs):
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, '-X', 'importtime', '-c',
             'import ironic_lite.conf'], check=True, capture_output=True,
            text=True, env=dict(os.environ, PYTHONWARNINGS='ignore'))
        walls.append(time.perf_counter() - start)
        for line in result.stderr.splitlines():
            match = re.match(r'import time:\s+\d+ \|\s+(\d+) \| (\s*)(\S+)',
                             line)
            if not match:
                continue
            name = match.group(3)
            if name == 'ironic_lite.conf' and not match.group(2):
                imports.append(int(match.group(1)) / 1e6)
            if name in ('oslo_messaging', 'ironic_lite.objects'):
                loaded.add(name)
    print('import ironic_lite.conf: median %.3f s, best %.3f s; process '
          'median %.3f s, best %.3f s over %d runs; loads %s'
          % (statistics.median(imports), min(imports),
             statistics.median(walls), min(walls), runs,
             ', '.join(sorted(loaded)) or 'neither oslo_messaging nor '
             'ironic_lite.objects'))


if __name__ == '__main__':
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
