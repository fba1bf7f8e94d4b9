"""How the RPC client routes a call when its conductor does not answer:
a slow conductor (it answers a ping) is told apart from a dead one, whose
nodes go to their next conductor.

Conductors here are small RPC endpoints on oslo.messaging's in-memory
``fake://`` transport, each listening on its host's topic as a real
conductor does on RabbitMQ, at 1.x and (through the real 2.0 endpoint)
2.0.
"""

import threading
import time

import oslo_messaging as messaging
import pytest

from ironic_lite.common import context
from ironic_lite.common import exception
from ironic_lite.common import rpc
from ironic_lite.conductor import rpc_v2
from ironic_lite.conductor import rpcapi
from ironic_lite.objects import base as objects_base
from tests.unit.db import utils as db_utils


class Conductor:
    """Answers ping and a few calls; ``delay`` s late for the calls."""

    target = messaging.Target(version='1.5')

    def __init__(self, host, delay=0, version=None):
        if version:
            # As a conductor of an older release: only up to ``version``.
            self.target = messaging.Target(version=version)
        self.host = host
        self.delay = delay
        self.calls = []
        self.pings = 0

    @rpc_v2.expected
    def ping(self, context):
        self.pings += 1
        return self.host

    def _answer(self, method, node_id):
        self.calls.append((method, node_id))
        time.sleep(self.delay)
        return {'host': self.host}

    @rpc_v2.expected
    def validate_driver_interfaces(self, context, node_id):
        return self._answer('validate', node_id)

    @rpc_v2.expected
    def get_boot_device(self, context, node_id):
        return self._answer('get_boot_device', node_id)

    @rpc_v2.expected
    def destroy_volume_target(self, context, target_obj):
        return self._answer('destroy_volume_target', target_obj.node_id)

    def get_raid_logical_disk_properties(self, context, driver_name):
        return self._answer('raid_properties', driver_name)

    @rpc_v2.expected
    def get_indicator_state(self, context, node_id, component, indicator):
        return self._answer('get_indicator_state', node_id)


@pytest.fixture
def fleet(conf, db):
    """``fleet(host=delay or None, ...)``: registers the conductors; those
    with a delay (not None) serve, the others are dead."""
    # The client unpinned whatever the fleet runs (under the default,
    # auto, conductors of older releases would pin it).
    conf.config(rpc_transport='oslo', transport_url='fake://',
                rpc_short_timeout=1, hash_ring_reset_interval=60,
                pin_release_version='')
    rpc.init(conf.conf)
    servers = []

    def start(releases=None, serves=None, **hosts):
        """:param releases: {host: release} (default: none recorded,
            as a conductor of 1.0).
        :param serves: {host: the 1.x version it serves, nothing newer}
            (default: every version).
        """
        endpoints = {}
        for host, delay in sorted(hosts.items()):
            db_utils.register_test_conductor(
                host, release_version=(releases or {}).get(host))
            if delay is None:
                continue
            version = (serves or {}).get(host)
            endpoints[host] = Conductor(host, delay, version)
            server = rpc.get_server(
                messaging.Target(topic='%s.%s' % (rpcapi.TOPIC, host),
                                 server=host),
                [endpoints[host]] if version else
                rpc_v2.endpoints(endpoints[host]),
                objects_base.IronicLiteObjectSerializer())
            server.start()
            servers.append(server)
        return endpoints

    yield start
    for server in servers:
        server.stop()
        server.wait()
    rpc.cleanup()


def _node_of(api, host):
    """A node the hash ring gives to ``host``."""
    while True:
        node = db_utils.create_test_node()
        if api.ring.get_host(node.uuid, node.driver) == host:
            return node


def _ctx():
    return context.get_admin_context()


def test_ping_tells_who_answers(fleet):
    fleet(**{'c-a': 0, 'c-b': None})
    api = rpcapi.ConductorAPI()
    assert api.ping(_ctx(), 'c-a')
    started = time.monotonic()
    assert not api.ping(_ctx(), 'c-b')
    assert time.monotonic() - started < 5


def test_call_to_a_dead_conductor_goes_to_the_next_one(fleet):
    alive = fleet(**{'c-a': None, 'c-b': 0})['c-b']
    api = rpcapi.ConductorAPI()
    node = _node_of(api, 'c-a')
    started = time.monotonic()
    assert api.validate_driver_interfaces(
        _ctx(), node.uuid, topic=api.get_topic_for(node)) == {'host': 'c-b'}
    took = time.monotonic() - started
    assert 1 <= took < 8, took   # one short timeout, one ping, one call
    assert api.ring.suspects() == {'c-a'}
    assert alive.calls == [('validate', node.uuid)]
    # The next request goes to the live one at once.
    assert api.get_topic_for(node).endswith('.c-b')
    started = time.monotonic()
    api.validate_driver_interfaces(_ctx(), node.uuid,
                                   topic=api.get_topic_for(node))
    assert time.monotonic() - started < 1


def test_slow_conductor_is_busy_and_the_call_goes_nowhere_else(fleet):
    endpoints = fleet(**{'c-a': 2.5, 'c-b': 0})
    api = rpcapi.ConductorAPI()
    node = _node_of(api, 'c-a')
    with pytest.raises(exception.ConductorBusy) as e:
        api.validate_driver_interfaces(_ctx(), node.uuid,
                                       topic=api.get_topic_for(node))
    assert e.value.code == 503 and 'c-a' in str(e.value)
    assert endpoints['c-b'].calls == []
    assert api.ring.suspects() == set()


def test_capped_client_takes_a_timeout_for_a_dead_host(fleet, conf):
    """Capped below 1.2 the client cannot ping: a call that times out
    counts as sent to a dead conductor."""
    conf.config(pin_release_version='1.0')
    endpoints = fleet(**{'c-a': 2.5, 'c-b': 0})
    api = rpcapi.ConductorAPI()
    node = _node_of(api, 'c-a')
    assert api.validate_driver_interfaces(
        _ctx(), node.uuid, topic=api.get_topic_for(node)) == {'host': 'c-b'}
    assert endpoints['c-a'].pings == 0
    assert api.ring.suspects() == {'c-a'}


def test_hardware_calls_ping_a_host_that_did_not_answer_lately(fleet):
    endpoints = fleet(**{'c-a': None, 'c-b': 0})
    api = rpcapi.ConductorAPI()
    dead = _node_of(api, 'c-a')
    started = time.monotonic()
    assert api.get_boot_device(_ctx(), dead.uuid,
                               topic=api.get_topic_for(dead)) == {
        'host': 'c-b'}
    assert time.monotonic() - started < 5   # one ping, not a long call
    live = _node_of(api, 'c-b')
    pings = endpoints['c-b'].pings
    api.get_boot_device(_ctx(), live.uuid, topic=api.get_topic_for(live))
    assert endpoints['c-b'].pings == pings   # it answered just now


def test_no_conductor_left(fleet):
    fleet(**{'c-a': None})
    api = rpcapi.ConductorAPI()
    node = _node_of(api, 'c-a')
    with pytest.raises(exception.NoValidHost):
        api.validate_driver_interfaces(_ctx(), node.uuid,
                                       topic=api.get_topic_for(node))


def test_concurrent_calls_to_a_dead_conductor_all_get_answers(fleet):
    fleet(**{'c-a': None, 'c-b': 0})
    api = rpcapi.ConductorAPI()
    nodes = [_node_of(api, 'c-a') for _ in range(4)]
    topics = [api.get_topic_for(node) for node in nodes]
    answers = []

    def call(node, topic):
        answers.append(api.validate_driver_interfaces(_ctx(), node.uuid,
                                                      topic=topic))
    threads = [threading.Thread(target=call, args=pair)
               for pair in zip(nodes, topics)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert answers == [{'host': 'c-b'}] * 4


# -- a method newer than the pin goes to a conductor that has it --

def _target(node):
    from ironic_lite import objects
    return objects.VolumeTarget(_ctx(), id=1, node_id=node.id)


def test_pinned_call_of_a_newer_method_skips_old_conductors(fleet, conf):
    conf.config(pin_release_version='1.0')
    endpoints = fleet(releases={'c-new': '2.0'}, **{'c-old': 0, 'c-new': 0})
    api = rpcapi.ConductorAPI()
    node = _node_of(api, 'c-old')
    assert api.destroy_volume_target(
        _ctx(), _target(node), topic=api.get_topic_for(node)) == {
        'host': 'c-new'}
    assert endpoints['c-old'].calls == []
    # A node of the new conductor stays with it.
    own = _node_of(api, 'c-new')
    api.destroy_volume_target(_ctx(), _target(own),
                              topic=api.get_topic_for(own))
    assert endpoints['c-new'].calls[-1] == ('destroy_volume_target', own.id)


def test_pinned_call_of_a_newer_method_with_only_old_conductors(fleet,
                                                                conf):
    conf.config(pin_release_version='1.0')
    endpoints = fleet(**{'c-old': 0})
    api = rpcapi.ConductorAPI()
    node = _node_of(api, 'c-old')
    with pytest.raises(exception.NoValidHost) as e:
        api.destroy_volume_target(_ctx(), _target(node),
                                  topic=api.get_topic_for(node))
    assert e.value.code == 503
    assert endpoints['c-old'].calls == []


def test_unpinned_call_goes_to_the_nodes_conductor(fleet):
    endpoints = fleet(**{'c-a': 0, 'c-b': 0})
    api = rpcapi.ConductorAPI()
    node = _node_of(api, 'c-a')
    api.destroy_volume_target(_ctx(), _target(node),
                              topic=api.get_topic_for(node))
    assert endpoints['c-a'].calls == [('destroy_volume_target', node.id)]


def test_pinned_driver_call_of_a_newer_method_skips_old_conductors(fleet,
                                                                   conf):
    """A driver's call (no node) newer than the pin goes to a conductor
    of a release that has it, whichever the ring picked for the driver."""
    conf.config(pin_release_version='1.0')
    endpoints = fleet(releases={'c-new': '2.0'}, **{'c-old': 0, 'c-new': 0})
    api = rpcapi.ConductorAPI()
    for _ in range(5):
        assert api.get_raid_logical_disk_properties(
            _ctx(), 'fake-hardware',
            topic=api.get_topic_for_driver('fake-hardware')) == {
            'host': 'c-new'}
    assert endpoints['c-old'].calls == []
    assert endpoints['c-new'].calls == [('raid_properties',
                                         'fake-hardware')] * 5


def test_a_stale_release_record_costs_one_refusal(fleet, conf):
    """A conductor of 1.0 started under the name of a killed newer one
    keeps that one's recorded release: it refuses the newer method (before
    doing anything), the call goes to a conductor that has it, and the
    next call skips the refusing host at once."""
    conf.config(pin_release_version='1.0')
    endpoints = fleet(releases={'c-stale': '2.0', 'c-new': '2.0'},
                      serves={'c-stale': '1.0'},
                      **{'c-stale': 0, 'c-new': 0})
    api = rpcapi.ConductorAPI()
    node = _node_of(api, 'c-stale')
    for _ in range(2):
        assert api.destroy_volume_target(
            _ctx(), _target(node), topic=api.get_topic_for(node)) == {
            'host': 'c-new'}
    assert endpoints['c-stale'].calls == []
    assert api._refused('c-stale', '1.3')


def test_a_stale_release_record_and_no_other_conductor(fleet, conf):
    conf.config(pin_release_version='1.0')
    fleet(releases={'c-stale': '2.0'}, serves={'c-stale': '1.0'},
          **{'c-stale': 0})
    api = rpcapi.ConductorAPI()
    node = _node_of(api, 'c-stale')
    with pytest.raises(exception.NoValidHost) as e:
        api.destroy_volume_target(_ctx(), _target(node),
                                  topic=api.get_topic_for(node))
    assert e.value.code == 503


class StepsConductor(Conductor):
    """A conductor of release 3.0 or of 2.0 (``version='2.0'``): its
    do_node_deploy and do_node_clean take what the release knows."""

    @rpc_v2.expected
    def do_node_deploy(self, context, node_id, rebuild=False,
                       configdrive=None, deploy_steps=None):
        self.calls.append(('deploy', node_id, deploy_steps))

    @rpc_v2.expected
    def do_node_clean(self, context, node_id, clean_steps,
                      disable_ramdisk=False):
        self.calls.append(('clean', node_id, disable_ramdisk))


@pytest.fixture
def steps_fleet(conf, db):
    """c-old serves RPC 2.0 only (release 2.0), c-new 2.1 (this code)."""
    conf.config(rpc_transport='oslo', transport_url='fake://',
                rpc_short_timeout=1, hash_ring_reset_interval=60)
    rpc.init(conf.conf)
    servers, endpoints = [], {}
    for host, release, version in (('c-old', '2.0', '2.0'),
                                   ('c-new', '3.0', '2.1')):
        db_utils.register_test_conductor(host, release_version=release)
        endpoints[host] = StepsConductor(host)
        v2 = rpc_v2.ConductorEndpointV2(endpoints[host])
        v2.target = messaging.Target(version=version)
        server = rpc.get_server(
            messaging.Target(topic='%s.%s' % (rpcapi.TOPIC, host),
                             server=host),
            [v2], objects_base.IronicLiteObjectSerializer())
        server.start()
        servers.append(server)
    yield endpoints
    for server in servers:
        server.stop()
        server.wait()
    rpc.cleanup()


_STEP = [{'interface': 'deploy', 'step': 'deploy', 'args': {},
          'priority': 100}]


def test_pinned_to_2_0_deploy_steps_skip_2_0_conductors(steps_fleet,
                                                        conf):
    conf.config(pin_release_version='2.0')
    api = rpcapi.ConductorAPI()
    node = _node_of(api, 'c-old')
    topic = api.get_topic_for(node)
    api.do_node_deploy(_ctx(), node.uuid, topic=topic, deploy_steps=_STEP)
    api.do_node_clean(_ctx(), node.uuid, [], topic=topic,
                      disable_ramdisk=True)
    assert steps_fleet['c-old'].calls == []
    assert steps_fleet['c-new'].calls == [('deploy', node.uuid, _STEP),
                                          ('clean', node.uuid, True)]


def test_requests_without_steps_keep_the_2_0_form(steps_fleet, conf):
    conf.config(pin_release_version='2.0')
    api = rpcapi.ConductorAPI()
    node = _node_of(api, 'c-old')
    topic = api.get_topic_for(node)
    api.do_node_deploy(_ctx(), node.uuid, topic=topic)
    api.do_node_clean(_ctx(), node.uuid, [], topic=topic)
    assert steps_fleet['c-old'].calls == [('deploy', node.uuid, None),
                                          ('clean', node.uuid, False)]


# -- a 2.x method while pinned to 2.0: never to a conductor of 2.0 --

def test_pinned_to_2_0_a_2_4_call_skips_conductors_of_2_0(fleet, conf):
    conf.config(pin_release_version='2.0')
    endpoints = fleet(releases={'c-old': '2.0', 'c-new': '3.0'},
                      serves={'c-old': '2.0'}, **{'c-old': 0, 'c-new': 0})
    api = rpcapi.ConductorAPI()
    node = _node_of(api, 'c-old')
    assert api.get_indicator_state(
        _ctx(), node.uuid, 'system', 'led',
        topic=api.get_topic_for(node)) == {'host': 'c-new'}
    assert endpoints['c-old'].calls == []
    assert endpoints['c-new'].calls == [('get_indicator_state', node.uuid)]


def test_pinned_to_2_0_a_2_4_call_with_only_conductors_of_2_0(fleet, conf):
    conf.config(pin_release_version='2.0')
    endpoints = fleet(releases={'c-old': '2.0'}, serves={'c-old': '2.0'},
                      **{'c-old': 0})
    api = rpcapi.ConductorAPI()
    node = _node_of(api, 'c-old')
    with pytest.raises(exception.NoValidHost) as e:
        api.get_indicator_state(_ctx(), node.uuid, 'system', 'led',
                                topic=api.get_topic_for(node))
    assert e.value.code == 503
    assert endpoints['c-old'].calls == []
