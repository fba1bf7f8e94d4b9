"""Guard: the node fields the API shows and their microversion gates
(api/controllers/v1/node.py) follow the Node object and the interface
types."""

from ironic_lite.api.controllers.v1 import node as node_api
from ironic_lite.api import microversion as mv
from ironic_lite.drivers import base as drivers_base
from ironic_lite import objects


def test_every_interface_type_has_a_gate():
    missing = sorted(set(drivers_base.INTERFACES) - set(mv.INTERFACE_GATES))
    assert not missing, (
        'interface types %s have no gate: add them to INTERFACE_GATES in '
        'api/microversion.py' % ', '.join(missing))
    for iface in drivers_base.INTERFACES:
        assert drivers_base.node_field(iface) in node_api.DETAIL_FIELDS


def test_fields_newer_than_the_first_node_version_are_gated():
    """A field a later Node version added is new to API clients too: it
    appears from a microversion on, never below."""
    versions = sorted(objects.Node.VERSIONS,
                      key=lambda v: tuple(map(int, v.split('.'))))
    added = {field for version in versions[1:]
             for field in objects.Node.VERSIONS[version]}
    ungated = sorted((added & set(node_api.DETAIL_FIELDS)) -
                     set(node_api.GATES))
    assert not ungated, (
        'node fields %s are shown at every microversion: give each a gate '
        'in GATES of api/controllers/v1/node.py (an allow_<feature>() of '
        'api/microversion.py)' % ', '.join(ungated))


def test_every_gate_opens_by_the_maximum_microversion():
    closed = sorted(field for field, gate in node_api.GATES.items()
                    if not gate(mv.MAX_VERSION))
    assert not closed, (
        'the gates of node fields %s are closed at the maximum '
        'microversion %s: raise MAX_VERSION in api/microversion.py with '
        'RELEASE_MAPPING["master"]["api"] and a row in '
        'doc/api-microversions.md' % (', '.join(closed),
                                      mv.to_string(mv.MAX_VERSION)))
