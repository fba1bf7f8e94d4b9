"""Hardware types: which interface implementations a kind of machine takes.

A hardware type holds no logic; it lists, per interface type, the names of
the implementations it supports, the preferred first. The first one that
is enabled (``[DEFAULT]enabled_<type>_interfaces``) is a node's default.
"""

from ironic_lite.objects import node as node_obj


class HardwareType:
    #: ``{interface type: (implementation names, preferred first)}``.
    supported_interfaces = {}

    @classmethod
    def supported(cls, interface_type):
        return tuple(cls.supported_interfaces.get(interface_type, ()))


def with_optional(**core):
    """Core interface lists plus the null implementations of the others."""
    lists = {'bios': ('no-bios',), 'console': ('no-console',),
             'inspect': ('no-inspect',), 'network': ('noop',),
             'raid': ('no-raid',), 'rescue': ('no-rescue',),
             'storage': ('noop',), 'vendor': ('no-vendor',)}
    lists.update(core)
    assert set(lists) == set(node_obj.INTERFACES), lists
    return lists


class FakeHardware(HardwareType):
    """Fake hardware: every interface is simulated. For tests and demos."""

    supported_interfaces = with_optional(
        bios=('fake', 'no-bios'), boot=('fake',), console=('fake',
                                                           'no-console'),
        deploy=('fake',), inspect=('fake', 'no-inspect'),
        management=('fake',), power=('fake',), raid=('fake', 'no-raid'),
        rescue=('fake', 'no-rescue'), vendor=('fake', 'no-vendor'))
