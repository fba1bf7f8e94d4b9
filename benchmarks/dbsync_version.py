"""Time ``ironic-lite-dbsync version`` (process start to exit).

Usage: python benchmarks/dbsync_version.py [runs]
Prints the median and best wall time over the runs on a SQLite database
at the schema head.
"""

import os
import statistics
import subprocess
import sys
import tempfile
import time


def main(runs=10):
    with tempfile.TemporaryDirectory() as tmp:
        conf = os.path.join(tmp, 'ironic-lite.conf')
        with open(conf, 'w') as f:
            f.write('[DEFAULT]\nstate_path = %s\n' % tmp)
        command = [os.path.join(os.path.dirname(sys.executable),
                                'ironic-lite-dbsync'), '--config-file', conf]
        subprocess.run(command + ['upgrade'], check=True,
                       stdout=subprocess.DEVNULL)
        times = []
        for _ in range(runs):
            start = time.perf_counter()
            subprocess.run(command + ['version'], check=True,
                           stdout=subprocess.DEVNULL)
            times.append(time.perf_counter() - start)
    print('dbsync version: median %.3f s, best %.3f s over %d runs'
          % (statistics.median(times), min(times), runs))


if __name__ == '__main__':
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10)
