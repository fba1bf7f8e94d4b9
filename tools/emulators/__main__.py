"""Start emulated BMCs by hand and print how to reach them.

Usage: ``python -m tools.emulators [--redfish N] [--ipmi N]
[--username U] [--password P] [--redfish-auth]``; stops on Ctrl-C.
"""

import argparse
import json
import signal
import sys

from tools.emulators.ipmi import IpmiBmcs
from tools.emulators.redfish import SushyEmulator


def main(argv=None):
    parser = argparse.ArgumentParser(
        prog='python -m tools.emulators',
        description='Start emulated Redfish systems and IPMI BMCs on '
                    '127.0.0.1 and print their driver_info.')
    parser.add_argument('--redfish', type=int, default=1,
                        help='number of Redfish systems (0 for none)')
    parser.add_argument('--ipmi', type=int, default=1,
                        help='number of IPMI BMCs (0 for none)')
    parser.add_argument('--username', default='admin')
    parser.add_argument('--password', default='password')
    parser.add_argument('--redfish-auth', action='store_true',
                        help='require HTTP basic auth on Redfish')
    args = parser.parse_args(argv)

    running = []
    try:
        if args.redfish:
            auth = ({'username': args.username, 'password': args.password}
                    if args.redfish_auth else {})
            sushy = SushyEmulator(count=args.redfish, **auth).start()
            running.append(sushy)
            for i in range(args.redfish):
                print(json.dumps(sushy.driver_info(i)))
        if args.ipmi:
            bmcs = IpmiBmcs(count=args.ipmi, username=args.username,
                            password=args.password).start()
            running.append(bmcs)
            for i in range(args.ipmi):
                print(json.dumps(bmcs.driver_info(i)))
            print('# IPMI control: curl http://127.0.0.1:%d/bmcs'
                  % bmcs.control_port)
        print('# running; Ctrl-C to stop', flush=True)
        signal.signal(signal.SIGTERM, lambda *a: sys.exit(0))
        signal.pause()
    except KeyboardInterrupt:
        pass
    finally:
        for emulator in reversed(running):
            emulator.stop()
    return 0


if __name__ == '__main__':
    sys.exit(main())
