"""The ``redfish`` BIOS interface: the system's BIOS attributes through
sushy, cached as the node's BIOS settings (API 1.40).

It reads the same ``driver_info`` as the redfish power interface and
shares its cached session. Setting attributes (Ironic's BIOS clean
steps) is not in ironic-lite.
"""

import json

from ironic_lite.drivers import base
from ironic_lite.drivers.modules.redfish import driver_info
from ironic_lite.drivers.modules.redfish import power
from ironic_lite.drivers.modules.redfish import utils
from ironic_lite import objects


def _as_text(value):
    """A setting's value as the API shows it: strings as they are, other
    JSON values (numbers, booleans) in their JSON spelling."""
    if value is None or isinstance(value, str):
        return value
    return json.dumps(value)


class RedfishBios(base.DriverInfoMixin, base.BiosInterface):
    """Caches the system's current BIOS attributes (``Bios`` resource,
    ``Attributes``)."""

    driver_info = driver_info

    def cache_bios_settings(self, task):
        """Replace the node's stored settings by the system's attributes,
        writing only while the task still holds the node's lock.

        :raises: MissingParameterValue, InvalidParameterValue, BMCError
            (nothing is stored then); NodeLockLost.
        """
        info = driver_info.parse_node(task.node)
        attributes = utils.get_bios_attributes(info, policy=power.policy())
        settings = {name: _as_text(value)
                    for name, value in attributes.items()}
        objects.BIOSSettingList.sync(task.context, task.node.id, settings,
                                     locked_by=task.host)
