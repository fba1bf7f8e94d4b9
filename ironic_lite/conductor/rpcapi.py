"""The conductor's RPC client, used by the API (and by conductors).

Every method names the RPC version that introduced its current form. The
client is capped at the pinned release's RPC version (release mapping),
which it follows as the pin moves (``auto``, see
:mod:`ironic_lite.upgrade.pinning`);
where a method's form is newer than the cap it sends the older form, or
raises RPCVersionTooOld when the older form cannot carry the request.
When the cap allows 2.0 (unpinned, or pinned to a release that speaks
2.0) every method is sent at 2.0, which has every 1.x method without the
forms kept for callers of release 1.0 (see :class:`ConductorAPI`'s
History and :mod:`ironic_lite.conductor.rpc_v2`).

A call to a conductor that died must not hang its caller for the whole
``rpc_response_timeout`` (the broker keeps the dead conductor's queue):
see :class:`_Call` for how calls are timed, and how a host that does not
answer is told apart from a slow one (``ping``, RPC 1.2) and replaced by
the node's next conductor.
"""

import logging
import random
import time

import oslo_messaging as messaging

from ironic_lite.common import exception
from ironic_lite.common import hash_ring
from ironic_lite.common import rpc
from ironic_lite.conf import CONF
from ironic_lite.objects import base as objects_base
from ironic_lite.upgrade import pinning
from ironic_lite.upgrade import release_mappings

LOG = logging.getLogger(__name__)

TOPIC = 'ironic-lite.conductor_manager'

#: Methods whose conductor talks to a BMC before it answers: they keep the
#: long [DEFAULT]rpc_response_timeout.
HARDWARE_IO_METHODS = frozenset(['get_boot_device', 'set_boot_device',
                                 'get_supported_boot_devices', 'inject_nmi',
                                 'get_supported_indicators',
                                 'get_indicator_state',
                                 'set_indicator_state'])

#: Times a send reconnects to an unreachable broker before it fails
#: (MessageDeliveryFailure, 503): a few seconds, not oslo.messaging's
#: default of forever.
SEND_RETRIES = 1

#: Seconds after an answer during which a host counts as answering.
ANSWERED_RECENTLY = 30

#: What a conductor answers to a message it does not have the method or
#: version of (refused before anything is done).
NOT_SERVED = frozenset(['UnsupportedVersion', 'NoSuchMethod'])

#: Seconds a host that refused a version is not chosen for it again.
REFUSAL_MEMORY = 60

#: The first version of the newest major: every method is sent in it when
#: the cap allows it.
LATEST_MAJOR = '2.0'


class Topic(str):
    """A conductor's topic that remembers how it was chosen: calling
    ``choose_again()`` picks the node's (or driver's) conductor anew, so a
    call that finds its conductor dead can be sent to the next one."""

    def __new__(cls, value, choose_again=None, node=None, driver=None):
        topic = super().__new__(cls, value)
        topic.choose_again = choose_again
        #: (uuid, hardware type, conductor group) of the node it was
        #: chosen for, or None.
        topic.node = node
        #: The hardware type it was chosen for, or None.
        topic.driver = driver or (node[1] if node else None)
        return topic


class _Call:
    """One RPC call to a conductor, routed so that a dead conductor costs
    its caller seconds, not minutes.

    1. A method that does no hardware I/O in the conductor's RPC thread is
       sent with the short ``[DEFAULT]rpc_short_timeout``. One that talks
       to a BMC keeps ``rpc_response_timeout``, but first pings the host
       (short timeout) unless it answered within ``ANSWERED_RECENTLY`` s.
    2. When the call (or that ping) times out, the host is pinged: if it
       answers, it is alive but slow, and the caller gets ConductorBusy
       (503, retry) -- the request is not sent elsewhere, since the slow
       host may still carry it out. If it does not answer (or this client
       is capped below the ping's RPC version 1.2 and cannot ask), the
       host is a suspect: left out of this process's hash rings until it
       heartbeats again, and the call goes once to the node's next
       conductor.
    """

    def __init__(self, api, topic, version, version_cap=None):
        self.api = api
        self.topic = topic
        self.version = version
        # Above the client's cap only for a host chosen for its release.
        self.version_cap = version_cap

    def _client(self, topic, timeout=None):
        if not rpc.replies_ready(CONF.rpc_short_timeout):
            raise messaging.MessageDeliveryFailure(
                'The message broker cannot be reached')
        extra = {} if self.version_cap is None else {
            'version_cap': self.version_cap}
        return self.api.client.prepare(topic=topic, version=self.version,
                                       timeout=timeout, retry=SEND_RETRIES,
                                       **extra)

    def cast(self, ctxt, method, **kwargs):
        return self.api.client.prepare(
            topic=self.topic, version=self.version,
            retry=SEND_RETRIES).cast(ctxt, method, **kwargs)

    def call(self, ctxt, method, **kwargs):
        host = self.api.host_of(self.topic)
        if host is None:
            return self._client(self.topic).call(ctxt, method, **kwargs)
        if method in HARDWARE_IO_METHODS:
            if (not self.api.answered_recently(host)
                    and not self.api.ping(ctxt, host)):
                return self._elsewhere(ctxt, method, kwargs, host)
            timeout = None
        else:
            timeout = CONF.rpc_short_timeout
        try:
            client = self._client(self.topic, timeout)
            result = client.call(ctxt, method, **kwargs)
        except messaging.MessagingTimeout:
            if self.api.ping(ctxt, host):
                LOG.warning('Conductor %s is alive but did not answer %s in '
                            'time', host, method)
                raise exception.ConductorBusy(host=host) from None
            return self._elsewhere(ctxt, method, kwargs, host)
        self.api.answered(host)
        return result

    def _elsewhere(self, ctxt, method, kwargs, host):
        self.api.ring.suspect(host)
        choose_again = getattr(self.topic, 'choose_again', None)
        topic = choose_again() if choose_again is not None else None
        if topic is None or self.api.host_of(topic) == host:
            raise exception.NoValidHost(
                reason='conductor %s does not answer' % host)
        LOG.warning('Conductor %s does not answer; sending %s to %s',
                    host, method, self.api.host_of(topic))
        timeout = (None if method in HARDWARE_IO_METHODS
                   else CONF.rpc_short_timeout)
        result = self._client(topic, timeout).call(ctxt, method, **kwargs)
        self.api.answered(self.api.host_of(topic))
        return result


class _RoutedCall(_Call):
    """A call sent to a host chosen for its recorded release (see
    :meth:`ConductorAPI._since`). The record can be out of date: a
    conductor of release 1.0, which records no release, may have been
    started under the name of a newer one that was killed. Such a host
    refuses the message before doing anything (UnsupportedVersion or
    NoSuchMethod); it is then remembered as not serving that version and
    the call is chosen again, once per host at most."""

    def __init__(self, api, topic, version, choose_again):
        super().__init__(api, topic, version, version_cap=version)
        self._choose_again = choose_again

    def call(self, ctxt, method, **kwargs):
        try:
            return super().call(ctxt, method, **kwargs)
        except (messaging.RemoteError, messaging.UnsupportedVersion,
                messaging.NoSuchMethod) as e:
            # Through a broker the refusal comes back as a RemoteError
            # naming it; in-process (fake://) as itself.
            if getattr(e, 'exc_type', type(e).__name__) not in NOT_SERVED:
                raise
            host = self.api.host_of(self.topic)
            LOG.warning('Conductor %s does not serve RPC %s (%s): its '
                        'recorded release is out of date; choosing another',
                        host, self.version, method)
            self.api.refused(host, self.version)
            return self._choose_again().call(ctxt, method, **kwargs)


class ConductorAPI:
    """Client side of the conductor RPC API.

    History (the 2.x line first, then 1.x):

    | 2.0 - release 2.0: every method of 1.x, without the forms 1.x
    |       keeps for callers of release 1.0: update_node, update_port,
    |       update_portgroup, update_volume_connector and
    |       update_volume_target require ``expected`` ({} when the change
    |       was based on nothing; the conductor refuses a 2.0 update
    |       without it, MissingParameterValue, where 1.x saves it
    |       unchecked); heartbeat is a call, never the 1.0 cast. Until
    |       release 2.0 is cut, a method added on the 1.x line is in 2.0
    |       too (the conductor serves its manager's RPC methods at 2.0 by
    |       name); after the cut new methods come as 2.x only, and release
    |       3.0 drops 1.x.
    | 2.1 - release 3.0: do_node_deploy takes ``deploy_steps`` (API
    |       1.69) and do_node_clean ``disable_ramdisk`` (API 1.70); sent
    |       at 2.1 only when a request uses them
    | 2.2 - release 3.0: create_allocation, destroy_allocation (API 1.52)
    | 2.3 - release 3.0: get_node_with_token (the ramdisk's lookup, which
    |       issues the agent token, API 1.62); heartbeat takes
    |       agent_token, agent_verify_ca, agent_status and
    |       agent_status_message (API 1.62, 1.68, 1.72); do_node_deploy
    |       takes a configdrive given as a JSON object (API 1.56), built
    |       into an image by the conductor
    | 2.4 - release 3.0: get_supported_indicators, get_indicator_state,
    |       set_indicator_state (API 1.63)

    | 1.0 - release 1.0: create/update/destroy_node,
    |       change_node_power_state, do_provisioning_action,
    |       do_node_deploy, do_node_tear_down, do_node_clean,
    |       validate_driver_interfaces, get/set_boot_device,
    |       get_supported_boot_devices, set/add/remove_node_traits,
    |       create/update/destroy_port, create/update/destroy_portgroup,
    |       get_driver_properties, heartbeat
    | 1.1 - release 2.0: heartbeat is a call, so that the caller learns
    |       when the node is locked (NodeLocked) or cannot be found; as a
    |       1.0 cast those heartbeats were dropped without a word
    | 1.2 - release 2.0: ping, so that a caller tells a slow conductor
    |       from a dead one, and a conductor checks it can reach itself
    |       through the broker; update_node, update_port and
    |       update_portgroup take ``expected``, the values the change was
    |       based on; the conductor refuses the change (ConcurrentUpdate)
    |       when the stored row no longer holds them
    | 1.3 - release 2.0: create/update/destroy_volume_connector and
    |       create/update/destroy_volume_target (API 1.32); the updates
    |       take ``expected`` as in 1.2
    | 1.4 - release 2.0: vif_list, vif_attach, vif_detach (API 1.28)
    | 1.5 - release 2.0: set_target_raid_config and
    |       get_raid_logical_disk_properties (API 1.12)
    | 1.6 - release 2.0: inject_nmi (API 1.29)
    """

    RPC_API_VERSION = '2.4'

    def __init__(self, topic=TOPIC, version_cap=False):
        """:param version_cap: the RPC version cap (default: the pin's;
            None: uncapped, for a conductor talking to itself)."""
        self.topic = topic
        self._target = messaging.Target(topic=topic, version='1.0')
        self._fixed_cap = version_cap
        self._client = None
        self._client_cap = None
        self._refusals = {}
        self.ring = hash_ring.HashRingManager(
            CONF.hash_ring_reset_interval, CONF.hash_partition_exponent,
            CONF.conductor.heartbeat_timeout)
        self._answers = {}

    @property
    def version_cap(self):
        """The RPC version cap now: the pin's (it follows the pin, which
        ``auto`` moves without a restart) unless given at creation."""
        if self._fixed_cap is False:
            return pinning.rpc_version_cap()
        return self._fixed_cap

    @property
    def client(self):
        """The RPC client at the current cap (made anew when it moves)."""
        cap = self.version_cap
        if self._client is None or cap != self._client_cap:
            if self._client is not None:
                LOG.info('Conductor RPC cap changes from %s to %s',
                         self._client_cap or 'none', cap or 'none')
            self._client = rpc.get_client(
                self._target, cap, objects_base.IronicLiteObjectSerializer())
            self._client_cap = cap
        return self._client

    # -- is a conductor there? --

    def host_of(self, topic):
        """The conductor host a topic names, or None (the shared topic)."""
        prefix = self.topic + '.'
        if rpc.is_local() or not topic or not topic.startswith(prefix):
            return None
        return topic[len(prefix):]

    def answered(self, host):
        self._answers[host] = time.monotonic()

    def answered_recently(self, host):
        last = self._answers.get(host)
        return last is not None and time.monotonic() - last < (
            ANSWERED_RECENTLY)

    def ping(self, context, host, timeout=None):
        """Whether ``host`` answers a ping within ``timeout`` seconds
        (default ``[DEFAULT]rpc_short_timeout``).

        False when it does not, when the broker cannot be reached, or when
        this client is capped below 1.2 and the host's release lacks it
        (then a host that does not answer a call counts as dead).
        """
        extra = {}
        version = self._wire_version('1.2')
        if not self.can_send_version('1.2'):
            # Capped below it: only a host of a release that has it.
            if not release_mappings.serves_rpc(self.ring.release_of(host),
                                               '1.2'):
                return False
            extra['version_cap'] = '1.2'
        if not rpc.replies_ready(CONF.rpc_short_timeout):
            return False
        client = self.client.prepare(
            topic='%s.%s' % (self.topic, host), version=version,
            timeout=timeout or CONF.rpc_short_timeout, retry=SEND_RETRIES,
            **extra)
        try:
            client.call(context, 'ping')
        except (messaging.MessagingTimeout,
                messaging.MessageDeliveryFailure):
            return False
        self.answered(host)
        return True

    # -- choosing the conductor --

    def get_topic_for(self, node):
        """The topic of the conductor that manages ``node``.

        :raises: NoValidHost
        """
        if rpc.is_local():
            return self.topic
        uuid, driver, group = node.uuid, node.driver, node.conductor_group

        def choose():
            return Topic('%s.%s' % (self.topic, self.ring.get_host(
                uuid, driver, group)), choose, node=(uuid, driver, group))
        return choose()

    def get_topic_for_driver(self, driver_name):
        """The topic of a conductor serving ``driver_name``.

        :raises: NoValidHost
        """
        if rpc.is_local():
            return self.topic

        def choose():
            return Topic('%s.%s' % (
                self.topic, self.ring.get_host_for_driver(driver_name)),
                choose, driver=driver_name)
        return choose()

    def get_random_topic(self):
        if rpc.is_local():
            return self.topic
        hosts = sorted({host for ring in self.ring.rings.values()
                        for host in ring.nodes})
        if not hosts:
            raise exception.NoValidHost(reason='no conductor is alive')
        return '%s.%s' % (self.topic, random.choice(hosts))

    def _wire_version(self, version):
        """The version a method whose form 1.x ``version`` introduced is
        sent in: 2.0 (it has every 1.x method) when the cap allows it,
        else ``version``."""
        if (release_mappings.version_tuple(version)[0] <
                release_mappings.version_tuple(LATEST_MAJOR)[0]
                and self.client.can_send_version(LATEST_MAJOR)):
            return LATEST_MAJOR
        return version

    def _prepare(self, topic, version):
        """A call of the form ``version`` introduced, at 2.0 when the
        cap allows it (see :meth:`_wire_version`)."""
        return _Call(self, topic or self.topic, self._wire_version(version))

    def _since(self, topic, version):
        """A call of a method that RPC ``version`` introduced, whatever the
        cap.

        Under the cap it goes where ``topic`` says (at 2.0 when the cap
        allows 2.0, as every method). Above it (the fleet is
        pinned to a release older than the method) it goes to a conductor
        whose release serves ``version``: the node's own if it does, else
        one chosen among those for the node (its lock is in the database,
        any conductor can take it). A conductor of the pinned release
        never receives a method it does not know; when no newer one is
        alive the call fails with NoValidHost (503).
        """
        if self.can_send_version(version):
            return self._prepare(topic, version)
        if rpc.is_local():
            # This process's conductor is this code: it serves it.
            return _Call(self, self.topic, version, version_cap=version)

        def serves(host, release):
            return (release_mappings.serves_rpc(release, version)
                    and not self._refused(host, version))
        host = self.host_of(topic)
        node = getattr(topic, 'node', None)
        driver = getattr(topic, 'driver', None)
        if host is None or not serves(host, self.ring.release_of(host)):
            if node is not None:
                host = self.ring.get_host_serving(serves, *node)
            else:
                host = self.ring.get_host_serving(serves,
                                                  hardware_type=driver)
            topic = Topic('%s.%s' % (self.topic, host), node=node,
                          driver=driver)
        return _RoutedCall(self, topic, version,
                           lambda: self._since(topic, version))

    def refused(self, host, version):
        """``host`` answered that it does not serve RPC ``version``: for
        ``REFUSAL_MEMORY`` seconds, do not choose it for that version."""
        self._refusals[(host, version)] = time.monotonic()

    def _refused(self, host, version):
        when = self._refusals.get((host, version))
        return when is not None and time.monotonic() - when < REFUSAL_MEMORY

    def can_send_version(self, version):
        """Whether the cap allows the form RPC ``version`` introduced
        (a 1.x form is in 2.0 too)."""
        return self.client.can_send_version(self._wire_version(version))

    # -- nodes --

    def create_node(self, context, node_obj, topic=None):
        """Create a node (its interfaces resolved by the conductor)."""
        return self._prepare(topic, '1.0').call(
            context, 'create_node', node_obj=node_obj)

    def _update_call(self, context, topic, method, expected, **kwargs):
        """Call an update method; with ``expected`` from 1.2 on (capped
        lower, the older form: the conductor writes without checking),
        always at 2.0 (None is sent as {}: based on nothing)."""
        version = '1.0'
        if self.can_send_version(LATEST_MAJOR):
            version = LATEST_MAJOR
            kwargs['expected'] = self._expected(expected)
        elif expected is not None and self.can_send_version('1.2'):
            version = '1.2'
            kwargs['expected'] = expected
        return self._prepare(topic, version).call(context, method, **kwargs)

    def _expected(self, expected):
        """``expected`` as the version sent carries it: 2.0 requires it,
        {} when the change was based on nothing."""
        if expected is None and self.can_send_version(LATEST_MAJOR):
            return {}
        return expected

    def update_node(self, context, node_obj, topic=None,
                    reset_interfaces=False, expected=None):
        """Save the changes of ``node_obj`` under the node's lock.

        :param expected: {field: value} the changes were based on (see
            :meth:`_update_call`). :raises: ConcurrentUpdate (1.2)
        """
        return self._update_call(context, topic, 'update_node', expected,
                                 node_obj=node_obj,
                                 reset_interfaces=reset_interfaces)

    def destroy_node(self, context, node_id, topic=None):
        return self._prepare(topic, '1.0').call(
            context, 'destroy_node', node_id=node_id)

    def change_node_power_state(self, context, node_id, new_state,
                                topic=None, timeout=None):
        """Start a power action; returns once it is accepted."""
        return self._prepare(topic, '1.0').call(
            context, 'change_node_power_state', node_id=node_id,
            new_state=new_state, timeout=timeout)

    def do_provisioning_action(self, context, node_id, action, topic=None):
        """manage, provide, inspect, abort or adopt."""
        return self._prepare(topic, '1.0').call(
            context, 'do_provisioning_action', node_id=node_id,
            action=action)

    def do_node_deploy(self, context, node_id, rebuild=False,
                       configdrive=None, topic=None, deploy_steps=None):
        """Deploy (or rebuild). ``deploy_steps`` (RPC 2.1) and a
        configdrive given as a JSON object (2.3) go only to a conductor
        whose release serves them (see :meth:`_since`)."""
        kwargs = dict(node_id=node_id, rebuild=rebuild,
                      configdrive=configdrive)
        needs = []
        if deploy_steps:
            needs.append('2.1')
            kwargs['deploy_steps'] = deploy_steps
        if isinstance(configdrive, dict):
            needs.append('2.3')
        call = (self._since(topic, max(needs,
                                       key=release_mappings.version_tuple))
                if needs else self._prepare(topic, '1.0'))
        return call.call(context, 'do_node_deploy', **kwargs)

    def do_node_tear_down(self, context, node_id, topic=None):
        return self._prepare(topic, '1.0').call(
            context, 'do_node_tear_down', node_id=node_id)

    def do_node_clean(self, context, node_id, clean_steps, topic=None,
                      disable_ramdisk=False):
        """Start manual cleaning; ``disable_ramdisk`` (RPC 2.1) only on a
        conductor whose release serves 2.1."""
        if disable_ramdisk:
            return self._since(topic, '2.1').call(
                context, 'do_node_clean', node_id=node_id,
                clean_steps=clean_steps, disable_ramdisk=True)
        return self._prepare(topic, '1.0').call(
            context, 'do_node_clean', node_id=node_id,
            clean_steps=clean_steps)

    def validate_driver_interfaces(self, context, node_id, topic=None):
        return self._prepare(topic, '1.0').call(
            context, 'validate_driver_interfaces', node_id=node_id)

    def set_boot_device(self, context, node_id, device, persistent=False,
                        topic=None):
        return self._prepare(topic, '1.0').call(
            context, 'set_boot_device', node_id=node_id, device=device,
            persistent=persistent)

    def get_boot_device(self, context, node_id, topic=None):
        return self._prepare(topic, '1.0').call(
            context, 'get_boot_device', node_id=node_id)

    def get_supported_boot_devices(self, context, node_id, topic=None):
        return self._prepare(topic, '1.0').call(
            context, 'get_supported_boot_devices', node_id=node_id)

    def set_node_traits(self, context, node_id, traits, topic=None):
        return self._prepare(topic, '1.0').call(
            context, 'set_node_traits', node_id=node_id, traits=traits)

    def add_node_traits(self, context, node_id, traits, topic=None):
        return self._prepare(topic, '1.0').call(
            context, 'add_node_traits', node_id=node_id, traits=traits)

    def remove_node_traits(self, context, node_id, traits, topic=None):
        """Remove ``traits`` (a list), or all of them when None."""
        return self._prepare(topic, '1.0').call(
            context, 'remove_node_traits', node_id=node_id, traits=traits)

    def heartbeat(self, context, node_id, callback_url, agent_version=None,
                  topic=None, agent_token=None, agent_verify_ca=None,
                  agent_status=None, agent_status_message=None):
        """The node's ramdisk calls back.

        From 1.1 (and at 2.0) a call: errors (NodeLocked ...) reach the
        caller. Capped at 1.0, the old fire-and-forget cast. With any of
        ``agent_token``, ``agent_verify_ca``, ``agent_status``,
        ``agent_status_message`` (None: not given) a 2.3 call, only to a
        conductor that checks and records them.
        """
        agent = {name: value for name, value in (
            ('agent_token', agent_token),
            ('agent_verify_ca', agent_verify_ca),
            ('agent_status', agent_status),
            ('agent_status_message', agent_status_message))
            if value is not None}
        if agent:
            send = self._since(topic, '2.3').call
        elif self.can_send_version('1.1'):
            send = self._prepare(topic, '1.1').call
        else:
            send = self._prepare(topic, '1.0').cast
        return send(context, 'heartbeat', node_id=node_id,
                    callback_url=callback_url, agent_version=agent_version,
                    **agent)

    def get_node_with_token(self, context, node_id, topic=None):
        """(2.3) The node a ramdisk looks up, and its agent token when
        this lookup issued it: ``{'node': Node, 'agent_token': str or
        None}``.

        :raises: NodeNotFound, NodeLocked, NoValidHost
        """
        return self._since(topic, '2.3').call(
            context, 'get_node_with_token', node_id=node_id)

    # -- ports and port groups (changed under their node's lock) --

    def create_port(self, context, port_obj, topic=None):
        return self._prepare(topic, '1.0').call(
            context, 'create_port', port_obj=port_obj)

    def update_port(self, context, port_obj, topic=None, expected=None):
        """As :meth:`update_node`, under the port's node's lock."""
        return self._update_call(context, topic, 'update_port', expected,
                                 port_obj=port_obj)

    def destroy_port(self, context, port_obj, topic=None):
        return self._prepare(topic, '1.0').call(
            context, 'destroy_port', port_obj=port_obj)

    def create_portgroup(self, context, portgroup_obj, topic=None):
        return self._prepare(topic, '1.0').call(
            context, 'create_portgroup', portgroup_obj=portgroup_obj)

    def update_portgroup(self, context, portgroup_obj, topic=None,
                         expected=None):
        """As :meth:`update_node`, under the group's node's lock."""
        return self._update_call(context, topic, 'update_portgroup',
                                 expected, portgroup_obj=portgroup_obj)

    def destroy_portgroup(self, context, portgroup_obj, topic=None):
        return self._prepare(topic, '1.0').call(
            context, 'destroy_portgroup', portgroup_obj=portgroup_obj)

    # -- volume connectors and targets (RPC 1.3, under the node's lock) --

    # NOTE: a client capped below 1.3 (the fleet pinned to release 1.0,
    # whose conductors do not have them) sends them to a conductor whose
    # release serves 1.3 (see _since); uncapped, at 2.0.
    def _volume_call(self, context, topic, method, **kwargs):
        return self._since(topic, '1.3').call(context, method, **kwargs)

    def create_volume_connector(self, context, connector_obj, topic=None):
        return self._volume_call(context, topic, 'create_volume_connector',
                                 connector_obj=connector_obj)

    def update_volume_connector(self, context, connector_obj, topic=None,
                                expected=None):
        """Save a connector's changes if the stored row still holds
        ``expected``. :raises: ConcurrentUpdate, NodeNotPoweredOff"""
        return self._volume_call(context, topic, 'update_volume_connector',
                                 connector_obj=connector_obj,
                                 expected=self._expected(expected))

    def destroy_volume_connector(self, context, connector_obj, topic=None):
        return self._volume_call(context, topic, 'destroy_volume_connector',
                                 connector_obj=connector_obj)

    def create_volume_target(self, context, target_obj, topic=None):
        return self._volume_call(context, topic, 'create_volume_target',
                                 target_obj=target_obj)

    def update_volume_target(self, context, target_obj, topic=None,
                             expected=None):
        """As :meth:`update_volume_connector`, for a target."""
        return self._volume_call(context, topic, 'update_volume_target',
                                 target_obj=target_obj,
                                 expected=self._expected(expected))

    def destroy_volume_target(self, context, target_obj, topic=None):
        return self._volume_call(context, topic, 'destroy_volume_target',
                                 target_obj=target_obj)

    # -- VIFs (RPC 1.4): attach and detach under the node's lock --

    def vif_list(self, context, node_id, topic=None):
        """``[{'id': vif id}, ...]``: the node's VIFs."""
        return self._since(topic, '1.4').call(context, 'vif_list',
                                              node_id=node_id)

    def vif_attach(self, context, node_id, vif_info, topic=None):
        """Attach the VIF ``vif_info['id']`` (``vif_info``: the request's
        body, every key passed on to the network interface).

        :raises: VifAlreadyAttached, NoFreePhysicalPorts, NodeLocked
        """
        return self._since(topic, '1.4').call(context, 'vif_attach',
                                              node_id=node_id,
                                              vif_info=vif_info)

    def vif_detach(self, context, node_id, vif_id, topic=None):
        """:raises: VifNotAttached, NodeLocked"""
        return self._since(topic, '1.4').call(context, 'vif_detach',
                                              node_id=node_id, vif_id=vif_id)

    # -- RAID (RPC 1.5) --

    def set_target_raid_config(self, context, node_id, target_raid_config,
                               topic=None):
        """Check and store the node's target RAID configuration under its
        lock (``{}`` clears it).

        :raises: InvalidParameterValue, UnsupportedDriverExtension (the
            node's RAID interface takes none), NodeLocked, NoValidHost
        """
        return self._since(topic, '1.5').call(
            context, 'set_target_raid_config', node_id=node_id,
            target_raid_config=target_raid_config)

    def get_raid_logical_disk_properties(self, context, driver_name,
                                         topic=None):
        """``{property: description}`` of a logical disk for the default
        RAID interface of hardware type ``driver_name``.

        :raises: DriverNotFound, NoValidHost
        """
        return self._since(topic, '1.5').call(
            context, 'get_raid_logical_disk_properties',
            driver_name=driver_name)

    # -- NMI (RPC 1.6) --

    def inject_nmi(self, context, node_id, topic=None):
        """Send a non-maskable interrupt to the node, under its lock.

        :raises: UnsupportedDriverExtension, BMCError, NodeLocked,
            NoValidHost
        """
        return self._since(topic, '1.6').call(context, 'inject_nmi',
                                              node_id=node_id)

    # -- indicators (RPC 2.4) --

    def get_supported_indicators(self, context, node_id, topic=None):
        """``{component: {indicator: {'readonly': bool, 'states':
        [...]}}}``: the node's indicators, as its management interface
        lists them.

        :raises: NodeNotFound, BMCError, NoValidHost
        """
        return self._since(topic, '2.4').call(
            context, 'get_supported_indicators', node_id=node_id)

    def get_indicator_state(self, context, node_id, component, indicator,
                            topic=None):
        """The state (``ON``, ``OFF``, ``BLINKING``, ``UNKNOWN``) of
        ``indicator`` of ``component``.

        :raises: IndicatorNotFound, UnsupportedDriverExtension, BMCError,
            NoValidHost
        """
        return self._since(topic, '2.4').call(
            context, 'get_indicator_state', node_id=node_id,
            component=component, indicator=indicator)

    def set_indicator_state(self, context, node_id, component, indicator,
                            state, topic=None):
        """Set ``indicator`` of ``component`` to ``state``, under the
        node's lock.

        :raises: IndicatorNotFound, InvalidParameterValue, NodeLocked,
            BMCError, NoValidHost
        """
        return self._since(topic, '2.4').call(
            context, 'set_indicator_state', node_id=node_id,
            component=component, indicator=indicator, state=state)

    # -- allocations (RPC 2.2) --

    def create_allocation(self, context, allocation, topic=None):
        """Store ``allocation`` and have the conductor fill it (returns at
        once, ``allocating``), or, with ``node_id`` set, backfill it for
        that deployed node (``active``).

        :raises: AllocationDuplicateName, AllocationAlreadyExists,
            NoFreeConductorWorker; backfill: InvalidParameterValue,
            NodeAssociated, NodeLocked
        """
        return self._since(topic, '2.2').call(
            context, 'create_allocation', allocation=allocation)

    def destroy_allocation(self, context, allocation, topic=None):
        """Delete ``allocation`` and free its node under the node's lock.

        :raises: InvalidState, NodeLocked, AllocationNotFound
        """
        return self._since(topic, '2.2').call(
            context, 'destroy_allocation', allocation=allocation)

    # -- drivers --

    def get_driver_properties(self, context, driver_name, topic=None):
        return self._prepare(topic, '1.0').call(
            context, 'get_driver_properties', driver_name=driver_name)
