"""The ramdisk's lookup and heartbeat through the conductor (RPC 2.3):
the agent token is issued once under the node's lock, kept only as a
digest, required by every later heartbeat, never logged, and dropped
when the node leaves the states where a ramdisk runs."""

import logging
import time

import pytest

from ironic_lite.common import agent_token
from ironic_lite.common import exception
from ironic_lite.common import states
from ironic_lite import objects
from tests.unit.db import utils

URL = 'http://10.0.0.5:9999'


def _waiting_node(**kw):
    values = dict(driver='ipmi', power_interface='fake',
                  management_interface='fake', boot_interface='fake',
                  deploy_interface='ramdisk',
                  provision_state=states.DEPLOYWAIT,
                  target_provision_state=states.ACTIVE)
    values.update(kw)
    return utils.create_test_node(**values)


def _settled(ctx, node):
    for _ in range(200):
        found = objects.Node.get(ctx, node.id)
        if found.reservation is None:
            return found
        time.sleep(0.02)
    raise AssertionError('node %s stays locked' % node.uuid)


def _row(ctx, node):
    """Every field of the node but those its lock touches."""
    found = objects.Node.get(ctx, node.id)
    return {name: getattr(found, name) for name in found.fields
            if name not in ('updated_at', 'reservation', 'traits')
            and found.obj_attr_is_set(name)}


def test_first_lookup_issues_the_token_once(ctx, api):
    node = _waiting_node()
    first = api.get_node_with_token(ctx, node.uuid)
    token = first['agent_token']
    assert isinstance(token, str) and len(token) >= 100
    assert first['node'].uuid == node.uuid
    stored = objects.Node.get(ctx, node.id).driver_internal_info
    # Only a digest is stored, never the token.
    assert token not in repr(stored)
    assert stored[agent_token.KEY].startswith('sha256:')
    second = api.get_node_with_token(ctx, node.uuid)
    assert second['agent_token'] is None
    assert token not in repr(second['node'].driver_internal_info)
    assert objects.Node.get(ctx, node.id).driver_internal_info == stored
    assert objects.Node.get(ctx, node.id).reservation is None


@pytest.mark.parametrize('state', [states.ACTIVE, states.AVAILABLE,
                                   states.ENROLL, states.DEPLOYFAIL])
def test_no_lookup_where_no_ramdisk_runs(ctx, api, state):
    node = _waiting_node(provision_state=state, target_provision_state=None)
    before = _row(ctx, node)
    with pytest.raises(exception.NodeNotFound):
        api.get_node_with_token(ctx, node.uuid)
    assert _row(ctx, node) == before


def test_lookup_of_a_locked_node_answers_locked(ctx, api):
    node = _waiting_node()
    objects.Node.reserve(ctx, 'other-host', node.id)
    with pytest.raises(exception.NodeLocked):
        api.get_node_with_token(ctx, node.uuid)
    objects.Node.release(ctx, 'other-host', node.id)
    assert not agent_token.present(objects.Node.get(ctx, node.id))


@pytest.mark.parametrize('given', [None, '', 'not-the-token'])
def test_heartbeat_without_the_token_is_refused_and_changes_nothing(
        ctx, api, given):
    node = _waiting_node()
    token = api.get_node_with_token(ctx, node.uuid)['agent_token']
    before = _row(ctx, node)
    with pytest.raises(exception.AgentTokenRefused) as e:
        api.heartbeat(ctx, node.uuid, 'http://10.6.6.6:6666',
                      agent_token=given, agent_status='error',
                      agent_verify_ca='evil')
    assert e.value.code == 400
    assert token not in str(e.value)
    assert _row(ctx, node) == before
    assert objects.Node.get(ctx, node.id).reservation is None


def test_heartbeat_with_a_token_of_another_node_is_refused(ctx, api):
    one, two = _waiting_node(), _waiting_node()
    token_one = api.get_node_with_token(ctx, one.uuid)['agent_token']
    api.get_node_with_token(ctx, two.uuid)
    before = _row(ctx, two)
    with pytest.raises(exception.AgentTokenRefused):
        api.heartbeat(ctx, two.uuid, URL, agent_token=token_one)
    assert _row(ctx, two) == before


def test_heartbeat_with_the_token_deploys_and_drops_it(ctx, api, caplog):
    caplog.set_level(logging.DEBUG)
    node = _waiting_node()
    token = api.get_node_with_token(ctx, node.uuid)['agent_token']
    api.heartbeat(ctx, node.uuid, URL, agent_version='9.0',
                  agent_token=token, agent_verify_ca='CA', agent_status='end',
                  agent_status_message='done here')
    found = _settled(ctx, node)
    assert found.provision_state == states.ACTIVE
    info = found.driver_internal_info
    assert info['agent_url'] == URL
    assert info['agent_verify_ca'] == 'CA'
    assert (info['agent_status'], info['agent_status_message']) == (
        'end', 'done here')
    assert agent_token.KEY not in info
    # The token went through no log line.
    assert token not in caplog.text


def test_heartbeat_without_a_token_on_a_node_without_one(ctx, api):
    """A node no lookup gave a token to takes heartbeats as before (a
    ramdisk of an older API)."""
    node = _waiting_node()
    api.heartbeat(ctx, node.uuid, URL)
    assert _settled(ctx, node).provision_state == states.ACTIVE


def test_agent_status_error_fails_the_deploy(ctx, api):
    node = _waiting_node()
    token = api.get_node_with_token(ctx, node.uuid)['agent_token']
    api.heartbeat(ctx, node.uuid, URL, agent_token=token,
                  agent_status='error', agent_status_message='no disk')
    found = _settled(ctx, node)
    assert found.provision_state == states.DEPLOYFAIL
    assert 'no disk' in found.last_error
    assert agent_token.KEY not in found.driver_internal_info


def test_unknown_agent_status_refused(ctx, api):
    node = _waiting_node()
    before = _row(ctx, node)
    with pytest.raises(exception.InvalidParameterValue):
        api.heartbeat(ctx, node.uuid, URL, agent_status='halfway')
    assert _row(ctx, node) == before


def test_token_survives_the_wait_and_goes_with_the_operation(ctx, api):
    """Dropped on every provision state change out of the lookup states,
    whatever made it (here an abort of a manual cleaning)."""
    node = _waiting_node(provision_state=states.CLEANWAIT,
                         target_provision_state=states.MANAGEABLE)
    api.get_node_with_token(ctx, node.uuid)
    assert agent_token.present(objects.Node.get(ctx, node.id))
    api.do_provisioning_action(ctx, node.uuid, 'abort')
    found = _settled(ctx, node)
    assert found.provision_state == states.CLEANFAIL
    assert not agent_token.present(found)


def test_rpc_versions(ctx, api, monkeypatch):
    sent = []
    real = api._since

    def since(topic, version):
        sent.append(version)
        return real(topic, version)
    monkeypatch.setattr(api, '_since', since)
    node = _waiting_node()
    token = api.get_node_with_token(ctx, node.uuid)['agent_token']
    api.heartbeat(ctx, node.uuid, URL, agent_token=token)
    assert sent == ['2.3', '2.3']
    _settled(ctx, node)
    other = _waiting_node()
    api.heartbeat(ctx, other.uuid, URL)
    # Without the new arguments, the 1.1 form (2.0 unpinned).
    assert sent == ['2.3', '2.3']
    _settled(ctx, other)


def test_a_reboot_drops_the_token_so_the_next_ramdisk_gets_one(ctx, api):
    """As when an operator reboots a node waiting for its ramdisk: the
    ramdisk that starts looks the node up again."""
    node = _waiting_node()
    first = api.get_node_with_token(ctx, node.uuid)['agent_token']
    api.change_node_power_state(ctx, node.uuid, states.REBOOT)
    found = _settled(ctx, node)
    assert found.provision_state == states.DEPLOYWAIT
    assert not agent_token.present(found)
    second = api.get_node_with_token(ctx, node.uuid)['agent_token']
    assert second and second != first
    with pytest.raises(exception.AgentTokenRefused):
        api.heartbeat(ctx, node.uuid, URL, agent_token=first)
