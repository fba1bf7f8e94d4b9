"""Null implementations: the ``noop_implementation`` of each interface type
that has one (``no-<type>``, or ``noop`` where doing nothing is the right
answer), for hardware types that do not support the type."""

from ironic_lite.common import exception
from ironic_lite.drivers import base
from ironic_lite.drivers.modules import network


class NoInspect(base.InspectInterface):
    """No inspection support (``no-inspect``): inspecting is refused."""

    def validate(self, task):
        pass

    def inspect_hardware(self, task):
        raise exception.UnsupportedDriverExtension(
            driver=task.node.driver, node=task.node.uuid,
            extension='inspect')


class NoBios(base.BiosInterface):
    """No BIOS settings support (``no-bios``): nothing is cached, the
    node shows no settings."""

    def cache_bios_settings(self, task):
        pass


class NoConsole(base.ConsoleInterface):
    """No console support (``no-console``)."""


class NoRaid(base.RaidInterface):
    """No RAID support (``no-raid``): a node keeps no target RAID
    configuration (setting one is refused; clearing it is not). As in
    Ironic, its logical disk properties are still listed."""

    def validate_raid_config(self, task, raid_config):
        raise exception.UnsupportedDriverExtension(
            driver=task.node.driver, node=task.node.uuid, extension='raid')

    def validate(self, task):
        pass


class NoRescue(base.RescueInterface):
    """No rescue support (``no-rescue``)."""


class NoVendor(base.VendorInterface):
    """No vendor passthru (``no-vendor``)."""


class NoopNetwork(base.NetworkInterface):
    """Ports are not plugged anywhere (``noop``): the network is set up
    outside ironic-lite.

    VIFs are recorded on the node's ports and port groups
    (:mod:`.network`: ``internal_info['tenant_vif_port_id']``), as
    Ironic's ``flat`` interface records them, without telling a network
    service: a VIF has no physical network here, so every free port or
    group can take one. (Ironic's own ``noop`` keeps no record at all.)
    """

    def vif_list(self, task):
        return network.list_vifs(task)

    def vif_attach(self, task, vif_info):
        network.attach(task, vif_info)

    def vif_detach(self, task, vif_id):
        network.detach(task, vif_id)


class NoopStorage(base.StorageInterface):
    """No remote volumes (``noop``): the node boots from its own disks.

    The node's volume connectors and targets (API 1.32) are kept and
    shown, and ignored: validation passes whatever they are, deploys
    write the image to the node's disk as for a node without any."""
