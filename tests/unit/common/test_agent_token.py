"""The agent token's helpers: random, kept as a digest, compared in
constant time, dropped on demand."""

import types

from ironic_lite.common import agent_token


def _node(info=None):
    return types.SimpleNamespace(driver_internal_info=info or {})


def test_issue_keeps_only_a_digest():
    node = _node({'agent_url': 'http://x'})
    token = agent_token.issue(node)
    assert len(token) == 128
    stored = node.driver_internal_info[agent_token.KEY]
    assert token not in stored
    assert node.driver_internal_info['agent_url'] == 'http://x'
    assert agent_token.present(node)


def test_tokens_differ():
    assert agent_token.issue(_node()) != agent_token.issue(_node())


def test_matches():
    node = _node()
    token = agent_token.issue(node)
    assert agent_token.matches(node, token)
    for other in (None, '', token[:-1], token + 'x', 42, 'sha256:' + token):
        assert not agent_token.matches(node, other)
    # The stored digest is no token.
    assert not agent_token.matches(
        node, node.driver_internal_info[agent_token.KEY])


def test_a_node_without_a_token_matches_nothing():
    node = _node()
    assert not agent_token.present(node)
    assert not agent_token.matches(node, 'anything')


def test_drop():
    node = _node()
    agent_token.issue(node)
    agent_token.drop(node)
    assert not agent_token.present(node)
    agent_token.drop(node)
    assert node.driver_internal_info == {}
