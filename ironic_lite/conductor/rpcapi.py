"""The conductor's RPC client, used by the API (and by conductors).

Every method names the RPC version that introduced its current form. The
client is capped at the pinned release's RPC version (release mapping);
where a method's form is newer than the cap it sends the older form, or
raises RPCVersionTooOld when the older form cannot carry the request.
"""

import random

import oslo_messaging as messaging

from ironic_lite.common import exception
from ironic_lite.common import hash_ring
from ironic_lite.common import rpc
from ironic_lite.conf import CONF
from ironic_lite.objects import base as objects_base
from ironic_lite.upgrade import pinning

TOPIC = 'ironic-lite.conductor_manager'


class ConductorAPI:
    """Client side of the conductor RPC API.

    History:

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
    """

    RPC_API_VERSION = '1.1'

    def __init__(self, topic=TOPIC):
        self.topic = topic
        target = messaging.Target(topic=topic, version='1.0')
        self.version_cap = pinning.rpc_version_cap()
        self.client = rpc.get_client(
            target, self.version_cap,
            objects_base.IronicLiteObjectSerializer())
        self.ring = hash_ring.HashRingManager(
            CONF.hash_ring_reset_interval, CONF.hash_partition_exponent,
            CONF.conductor.heartbeat_timeout)

    # -- choosing the conductor --

    def get_topic_for(self, node):
        """The topic of the conductor that manages ``node``.

        :raises: NoValidHost
        """
        if rpc.is_local():
            return self.topic
        host = self.ring.get_host(node.uuid, node.driver,
                                  node.conductor_group)
        return '%s.%s' % (self.topic, host)

    def get_topic_for_driver(self, driver_name):
        """The topic of a conductor serving ``driver_name``.

        :raises: NoValidHost
        """
        if rpc.is_local():
            return self.topic
        return '%s.%s' % (self.topic,
                          self.ring.get_host_for_driver(driver_name))

    def get_random_topic(self):
        if rpc.is_local():
            return self.topic
        hosts = sorted({host for ring in self.ring.rings.values()
                        for host in ring.nodes})
        if not hosts:
            raise exception.NoValidHost(reason='no conductor is alive')
        return '%s.%s' % (self.topic, random.choice(hosts))

    def _prepare(self, topic, version):
        return self.client.prepare(topic=topic or self.topic,
                                   version=version)

    def can_send_version(self, version):
        return self.client.can_send_version(version)

    # -- nodes --

    def create_node(self, context, node_obj, topic=None):
        """Create a node (its interfaces resolved by the conductor)."""
        return self._prepare(topic, '1.0').call(
            context, 'create_node', node_obj=node_obj)

    def update_node(self, context, node_obj, topic=None,
                    reset_interfaces=False):
        """Save the changes of ``node_obj`` under the node's lock."""
        return self._prepare(topic, '1.0').call(
            context, 'update_node', node_obj=node_obj,
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
                       configdrive=None, topic=None):
        return self._prepare(topic, '1.0').call(
            context, 'do_node_deploy', node_id=node_id, rebuild=rebuild,
            configdrive=configdrive)

    def do_node_tear_down(self, context, node_id, topic=None):
        return self._prepare(topic, '1.0').call(
            context, 'do_node_tear_down', node_id=node_id)

    def do_node_clean(self, context, node_id, clean_steps, topic=None):
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
                  topic=None):
        """The node's ramdisk calls back.

        From 1.1 a call: errors (NodeLocked ...) reach the caller. Capped at
        1.0, the old fire-and-forget cast.
        """
        if self.can_send_version('1.1'):
            send = self._prepare(topic, '1.1').call
        else:
            send = self._prepare(topic, '1.0').cast
        return send(context, 'heartbeat', node_id=node_id,
                    callback_url=callback_url, agent_version=agent_version)

    # -- ports and port groups (changed under their node's lock) --

    def create_port(self, context, port_obj, topic=None):
        return self._prepare(topic, '1.0').call(
            context, 'create_port', port_obj=port_obj)

    def update_port(self, context, port_obj, topic=None):
        return self._prepare(topic, '1.0').call(
            context, 'update_port', port_obj=port_obj)

    def destroy_port(self, context, port_obj, topic=None):
        return self._prepare(topic, '1.0').call(
            context, 'destroy_port', port_obj=port_obj)

    def create_portgroup(self, context, portgroup_obj, topic=None):
        return self._prepare(topic, '1.0').call(
            context, 'create_portgroup', portgroup_obj=portgroup_obj)

    def update_portgroup(self, context, portgroup_obj, topic=None):
        return self._prepare(topic, '1.0').call(
            context, 'update_portgroup', portgroup_obj=portgroup_obj)

    def destroy_portgroup(self, context, portgroup_obj, topic=None):
        return self._prepare(topic, '1.0').call(
            context, 'destroy_portgroup', portgroup_obj=portgroup_obj)

    # -- drivers --

    def get_driver_properties(self, context, driver_name, topic=None):
        return self._prepare(topic, '1.0').call(
            context, 'get_driver_properties', driver_name=driver_name)
