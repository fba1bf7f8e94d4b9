"""Hardware types: which interface implementations a kind of machine takes.

A hardware type holds no logic; it lists, per interface type, the names of
the implementations it supports, the preferred first. The first one that
is enabled (``[DEFAULT]enabled_<type>_interfaces``) is a node's default.
Every name must be an entry point of its type: the driver factory refuses
to load a hardware type listing an unknown one.
"""

from ironic_lite.drivers import base


class HardwareType:
    #: ``{interface type: (implementation names, preferred first)}``.
    supported_interfaces = {}

    @classmethod
    def supported(cls, interface_type):
        return tuple(cls.supported_interfaces.get(interface_type, ()))


def with_optional(**listed):
    """``listed`` (``{interface type: names}``) plus, for each interface
    type left out that has one, its no-op implementation alone."""
    lists = {name: (cls.noop_implementation,)
             for name, cls in base.INTERFACE_TYPES.items()
             if cls.noop_implementation}
    lists.update(listed)
    return lists


class FakeHardware(HardwareType):
    """Fake hardware: every interface is simulated. For tests and demos."""

    supported_interfaces = with_optional(
        bios=('fake', 'no-bios'), boot=('fake',), console=('fake',
                                                           'no-console'),
        deploy=('fake',), inspect=('fake', 'no-inspect'),
        management=('fake',), power=('fake',), raid=('fake', 'no-raid'),
        rescue=('fake', 'no-rescue'), vendor=('fake', 'no-vendor'))
