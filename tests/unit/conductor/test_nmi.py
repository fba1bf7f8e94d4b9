"""NMI injection through the conductor's RPC 1.6 method, in-process: the
node's management interface is validated and called under the node's
exclusive lock; nothing about the node changes."""

from unittest import mock

import pytest

from ironic_lite.common import exception
from ironic_lite.common import rpc
from ironic_lite.conductor import rpcapi
from ironic_lite.drivers import base
from ironic_lite.drivers.modules import fake
from ironic_lite import objects
from tests.unit.db import utils


def test_fake_succeeds_and_changes_nothing(ctx, api):
    node = utils.create_test_node()
    before = objects.Node.get(ctx, node.uuid)
    assert api.inject_nmi(ctx, node.uuid) is None
    after = objects.Node.get(ctx, node.uuid)
    # Taking and releasing the lock touches updated_at, nothing else.
    fields = set(objects.Node.fields) - {'updated_at', 'traits'}
    assert {f: getattr(after, f) for f in fields} == {
        f: getattr(before, f) for f in fields}
    assert after.reservation is None


def test_the_interface_is_called_under_the_exclusive_lock(ctx, api,
                                                          conductor):
    node = utils.create_test_node()
    seen = []

    def inject(iface, task):
        stored = objects.Node.get(ctx, node.uuid)
        seen.append((task.shared, task.node.uuid, stored.reservation))

    with mock.patch.object(fake.FakeManagement, 'inject_nmi', inject):
        api.inject_nmi(ctx, node.name)
    assert seen == [(False, node.uuid, conductor.host)]
    assert objects.Node.get(ctx, node.uuid).reservation is None


def test_a_locked_node_is_refused_before_the_bmc_is_asked(ctx, api):
    node = utils.create_test_node()
    objects.Node.reserve(ctx, 'other-host', node.id)
    with mock.patch.object(fake.FakeManagement, 'inject_nmi') as inject:
        with pytest.raises(exception.NodeLocked):
            api.inject_nmi(ctx, node.uuid)
    inject.assert_not_called()
    objects.Node.release(ctx, 'other-host', node.id)


def test_unknown_node(ctx, api):
    with pytest.raises(exception.NodeNotFound):
        api.inject_nmi(ctx, 'no-such-node')


def test_an_interface_without_it_is_unsupported(ctx, api):
    node = utils.create_test_node()
    with mock.patch.object(fake.FakeManagement, 'inject_nmi',
                           base.ManagementInterface.inject_nmi):
        with pytest.raises(exception.UnsupportedDriverExtension) as e:
            api.inject_nmi(ctx, node.uuid)
    assert e.value.code == 400
    assert str(e.value) == ('Driver fake-hardware does not support '
                            'inject_nmi (disabled or not implemented).')
    assert objects.Node.get(ctx, node.uuid).reservation is None


def test_the_management_interface_is_validated_first(ctx, api, drivers,
                                                     monkeypatch):
    from ironic_lite.drivers.modules.ipmitool import command
    monkeypatch.setattr(command, 'run', pytest.fail)
    node = utils.create_test_node(driver='ipmi', driver_info={})
    with pytest.raises(exception.MissingParameterValue) as e:
        api.inject_nmi(ctx, node.uuid)
    assert 'ipmi_address' in str(e.value)
    assert objects.Node.get(ctx, node.uuid).reservation is None


@pytest.mark.parametrize('pin, version', [(None, '2.0'), ('1.0', '1.6')])
def test_the_method_is_rpc_1_6_pinned_or_not(ctx, conf, pin, version):
    """Pinned below 1.6, the all-in-one's own conductor (this code) still
    gets the call, at 1.6; unpinned at 2.0."""
    conf.config(rpc_transport='none', pin_release_version=pin)
    sent = []
    with mock.patch.object(rpc.LocalClient, '_dispatch',
                           lambda self, incoming: sent.append(incoming)):
        rpcapi.ConductorAPI().inject_nmi(ctx, 'n1')
    assert [(m.message['method'], m.message['version'],
             m.message['args']) for m in sent] == [
        ('inject_nmi', version, {'node_id': 'n1'})]


def test_it_keeps_the_long_timeout_of_hardware_calls():
    assert 'inject_nmi' in rpcapi.HARDWARE_IO_METHODS
