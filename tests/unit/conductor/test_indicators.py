"""Node indicators through the conductor's RPC 2.4 methods, in-process:
the request is checked against what the node's management interface
lists; reads take a shared lock, setting the exclusive one."""

from unittest import mock

import pytest

from ironic_lite.common import exception
from ironic_lite.drivers import base
from ironic_lite.drivers.modules import fake
from ironic_lite import objects
from tests.unit.db import utils


def test_fake_lists_its_indicators(ctx, api):
    node = utils.create_test_node()
    assert api.get_supported_indicators(ctx, node.uuid) == {
        'system': {'led': {'readonly': False,
                           'states': ['OFF', 'ON', 'BLINKING']}},
        'chassis': {'led': {'readonly': True, 'states': ['OFF', 'ON']}}}


def test_set_then_read(ctx, api):
    node = utils.create_test_node()
    assert api.get_indicator_state(ctx, node.uuid, 'system', 'led') == 'OFF'
    api.set_indicator_state(ctx, node.name, 'system', 'led', 'ON')
    assert api.get_indicator_state(ctx, node.uuid, 'system', 'led') == 'ON'
    stored = objects.Node.get(ctx, node.uuid)
    assert stored.driver_internal_info['fake_indicators'] == {
        'led@system': 'ON'}
    assert stored.reservation is None


def test_set_under_the_exclusive_lock(ctx, api, conductor):
    node = utils.create_test_node()
    seen = []

    def set_state(iface, task, component, indicator, state):
        stored = objects.Node.get(ctx, node.uuid)
        seen.append((task.shared, stored.reservation, component, indicator,
                     state))

    with mock.patch.object(fake.FakeManagement, 'set_indicator_state',
                           set_state):
        api.set_indicator_state(ctx, node.uuid, 'system', 'led',
                                'BLINKING')
    assert seen == [(False, conductor.host, 'system', 'led', 'BLINKING')]


def test_a_locked_node_is_read_but_not_set(ctx, api):
    node = utils.create_test_node()
    objects.Node.reserve(ctx, 'other-host', node.id)
    try:
        assert api.get_indicator_state(ctx, node.uuid, 'system',
                                       'led') == 'OFF'
        with mock.patch.object(fake.FakeManagement,
                               'set_indicator_state') as set_state:
            with pytest.raises(exception.NodeLocked):
                api.set_indicator_state(ctx, node.uuid, 'system', 'led',
                                        'ON')
        set_state.assert_not_called()
    finally:
        objects.Node.release(ctx, 'other-host', node.id)


def test_read_only_and_unknown_states_are_refused(ctx, api):
    node = utils.create_test_node()
    with mock.patch.object(fake.FakeManagement,
                           'set_indicator_state') as set_state:
        with pytest.raises(exception.InvalidParameterValue) as e:
            api.set_indicator_state(ctx, node.uuid, 'chassis', 'led', 'ON')
        assert 'read-only' in str(e.value)
        with pytest.raises(exception.InvalidParameterValue) as e:
            api.set_indicator_state(ctx, node.uuid, 'system', 'led',
                                    'UNKNOWN')
        assert 'takes: OFF, ON, BLINKING' in str(e.value)
    set_state.assert_not_called()


def test_an_indicator_the_node_lacks(ctx, api):
    node = utils.create_test_node()
    with pytest.raises(exception.IndicatorNotFound) as e:
        api.get_indicator_state(ctx, node.uuid, 'disk', 'led')
    assert e.value.code == 404
    assert str(e.value) == (
        'Node %s has no indicator led@disk; it has: led@chassis, '
        'led@system.' % node.uuid)


def test_an_interface_without_indicators(ctx, api):
    node = utils.create_test_node()
    with mock.patch.object(fake.FakeManagement, 'get_supported_indicators',
                           base.ManagementInterface.get_supported_indicators):
        assert api.get_supported_indicators(ctx, node.uuid) == {}
        with pytest.raises(exception.IndicatorNotFound) as e:
            api.get_indicator_state(ctx, node.uuid, 'system', 'led')
    assert 'it has: none' in str(e.value)


def test_ipmi_has_none_and_says_so(ctx, api, drivers, monkeypatch):
    from ironic_lite.drivers.modules.ipmitool import command
    monkeypatch.setattr(command, 'run', pytest.fail)
    node = utils.create_test_node(driver='ipmi', driver_info={
        'ipmi_address': '127.0.0.1', 'ipmi_username': 'u',
        'ipmi_password': 'p'})
    assert api.get_supported_indicators(ctx, node.uuid) == {}
    with pytest.raises(exception.IndicatorNotFound):
        api.set_indicator_state(ctx, node.uuid, 'system', 'led', 'ON')
    assert objects.Node.get(ctx, node.uuid).reservation is None
