"""Real BMC emulators for tests and for trying drivers by hand.

* :class:`SushyEmulator` (``redfish.py``): sushy-tools' Redfish emulator
  with fake systems, in a subprocess.
* :class:`IpmiBmcs` (``ipmi.py``): pyghmi-based IPMI BMCs, served by
  ``ipmi_server.py`` in a subprocess, with a control port to read and
  change the emulated machines.

Run ``python -m tools.emulators --help`` to start them by hand.
"""

from tools.emulators.ipmi import IpmiBmcs  # noqa: F401
from tools.emulators.ipmi import wait_for  # noqa: F401
from tools.emulators.redfish import SushyEmulator  # noqa: F401
