"""Null implementations: ``no-<type>`` for interface types a hardware type
does not support, and ``noop`` where doing nothing is the right answer."""

from ironic_lite.common import exception
from ironic_lite.drivers import base


class NoInspect(base.InspectInterface):
    def validate(self, task):
        pass

    def inspect_hardware(self, task):
        raise exception.UnsupportedDriverExtension(
            driver=task.node.driver, node=task.node.uuid,
            extension='inspect')


def _null(parent, prefix):
    name = prefix + parent.__name__.replace('Interface', '')
    return type(name, (parent,), {'__module__': __name__,
                                  '__doc__': 'No %s support.'
                                  % parent.interface_type})


NoBios = _null(base.BiosInterface, 'No')
NoConsole = _null(base.ConsoleInterface, 'No')
NoRaid = _null(base.RaidInterface, 'No')
NoRescue = _null(base.RescueInterface, 'No')
NoVendor = _null(base.VendorInterface, 'No')
NoopNetwork = _null(base.NetworkInterface, 'Noop')
NoopStorage = _null(base.StorageInterface, 'Noop')
