"""The conductor's RPC endpoint: checks a request, takes the node's lock,
records the intent and hands the work to a worker.

Methods that return quickly (reads, small updates) finish under the lock
in the RPC thread; hardware operations run in the bounded worker pool and
the RPC call returns as soon as they are accepted.
"""

import logging

import oslo_messaging as messaging

from ironic_lite.common import context as ironic_context
from ironic_lite.common import exception
from ironic_lite.common import rpc
from ironic_lite.common import states
from ironic_lite.conductor import agent
from ironic_lite.conductor import allocations
from ironic_lite.conductor import broker_check
from ironic_lite.conductor import indicators
from ironic_lite.conductor import nmi
from ironic_lite.conductor import periodics
from ironic_lite.conductor import provisioning
from ironic_lite.conductor import raid
from ironic_lite.conductor import rpcapi
from ironic_lite.conductor import steps
from ironic_lite.conductor import task_manager
from ironic_lite.conductor import utils
from ironic_lite.conductor import vifs
from ironic_lite.conductor import volumes
from ironic_lite.conf import CONF
from ironic_lite.drivers import factory
from ironic_lite import objects

LOG = logging.getLogger(__name__)

RPC_API_VERSION = '1.6'

#: The marker of an RPC method (see conductor.utils).
expected = utils.expected

#: States in which a node's driver and interfaces may change.
_INTERFACE_UPDATE_STATES = frozenset([
    states.ENROLL, states.INSPECTING, states.MANAGEABLE, states.AVAILABLE])


class ConductorManager(agent.AgentMethods,
                       vifs.VifMethods, volumes.VolumeMethods,
                       raid.RaidMethods, nmi.NmiMethods,
                       indicators.IndicatorMethods,
                       allocations.AllocationMethods,
                       periodics.PeriodicTasks):
    """Serves ``ironic-lite.conductor_manager`` for one host (volume
    connectors and targets: :mod:`.volumes`; VIFs: :mod:`.vifs`; RAID:
    :mod:`.raid`; NMI: :mod:`.nmi`; indicators: :mod:`.indicators`; the
    ramdisk's lookup and heartbeat: :mod:`.agent`; allocations:
    :mod:`.allocations`)."""

    target = messaging.Target(version=RPC_API_VERSION)

    def __init__(self, host):
        super().__init__()
        self.host = host
        self.conductor = None
        self._workers = None
        self._self_client = None

    # -- lifecycle (called by ironic_lite.conductor.service) --

    def init_host(self, context):
        """Load drivers, register, recover, start workers and periodics.

        With a broker, the conductor registers offline: it goes online
        once it answers a ping sent through the broker (see
        :meth:`check_broker` and ironic_lite.conductor.broker_check).
        """
        factory.load(CONF)
        self._workers = task_manager.WorkerPool(
            CONF.conductor.workers_pool_size,
            db_patience=CONF.conductor.worker_db_retry_timeout)
        if not rpc.is_local() and CONF.conductor.self_ping_interval:
            self.broker = broker_check.BrokerCheck(
                self._ping_self, CONF.conductor.self_ping_failures,
                self._online_changed)
        self.conductor = objects.Conductor.register(
            context, self.host, factory.enabled_hardware_types(),
            conductor_group=CONF.conductor.conductor_group,
            update_existing=True, online=self.is_online())
        self.conductor.register_hardware_interfaces(
            factory.hardware_interfaces())
        self._recover_own_nodes(context)
        self.fail_abandoned_allocations(context)
        self.start_periodics(context)
        LOG.info('Conductor %s started (hardware types: %s)', self.host,
                 ', '.join(factory.enabled_hardware_types()))

    def check_broker(self):
        """Ping this conductor through the broker now; returns whether it
        is online (always, without a broker check)."""
        return self.broker is None or self.broker.check()

    def _ping_self(self):
        if self._self_client is None:
            # Uncapped: it only talks to this very process.
            self._self_client = rpcapi.ConductorAPI(version_cap=None)
        return self._self_client.ping(ironic_context.get_admin_context(),
                                      self.host)

    def _online_changed(self, online):
        if online:
            LOG.info('Conductor %s serves RPC on topic %s', self.host,
                     rpcapi.TOPIC)
        else:
            LOG.warning('Conductor %s cannot reach itself through the '
                        'broker; it goes offline until it can', self.host)
        try:
            self.conductor.touch(online=online)
        except exception.DatabaseUnavailable:
            LOG.warning('Cannot record that conductor %s is %s: the '
                        'database is unreachable; the next heartbeat will',
                        self.host, 'online' if online else 'offline')

    def _recover_own_nodes(self, context):
        """Nodes this host held when it last stopped (a crash): unlock
        them and fail what was running."""
        for node in objects.Node.list(context,
                                      filters={'reservation': self.host}):
            self.fail_abandoned(
                context, node.uuid, self.host,
                'Conductor %s restarted while it was working on the node '
                '(%s); the operation did not finish.'
                % (self.host, node.provision_state))

    def fail_abandoned(self, context, node_uuid, holder, reason):
        """Take the lock ``holder`` left on a node, in one atomic step, and
        fail what it was doing. Returns whether the lock was taken."""
        try:
            with task_manager.acquire(
                    context, node_uuid, self.host, self._workers,
                    purpose='recover an abandoned node',
                    steal_from=holder) as task:
                utils.fail_abandoned(task, reason)
        except (exception.NodeNotLocked, exception.NodeNotFound):
            return False
        return True

    def unregister(self):
        """Mark this conductor offline: every hash ring drops it."""
        self.stop_periodics()
        try:
            self.conductor.unregister()
        except exception.ConductorNotFound:
            pass

    def wait_for_workers(self, timeout):
        """Stop accepting work and wait up to ``timeout`` s for the work
        already accepted; returns how many tasks are still running."""
        return self._workers.stop(timeout)

    def hand_back(self, context):
        """Release every lock this host still holds; fail what ran.

        With the database unreachable, the locks stay: this conductor
        recovers them when it starts again, or another one breaks them
        once this one's heartbeat is older than heartbeat_timeout.
        """
        try:
            nodes = objects.Node.list(context,
                                      filters={'reservation': self.host})
            for node in nodes:
                self.fail_abandoned(
                    context, node.uuid, self.host,
                    'Conductor %s stopped before the operation finished '
                    '(%s); it was handed back.'
                    % (self.host, node.provision_state))
        except exception.DatabaseUnavailable:
            LOG.error('Conductor %s could not hand back the nodes it still '
                      'holds: the database is unreachable', self.host)

    # -- liveness --

    @expected
    def ping(self, context):
        """Answer at once, doing nothing else (RPC 1.2): the caller learns
        that this conductor receives its calls through the broker.

        :returns: this conductor's host name.
        """
        return self.host

    # -- helpers --

    def _acquire(self, context, node_id, shared=False, purpose=''):
        return task_manager.acquire(context, node_id, self.host,
                                    self._workers, shared=shared,
                                    purpose=purpose)

    @staticmethod
    def _check_not_maintenance(task, action):
        if task.node.maintenance:
            raise exception.NodeInMaintenance(action=action,
                                              node=task.node.uuid)

    @staticmethod
    def _check_not_protected(task):
        if task.node.protected:
            raise exception.NodeProtected(node=task.node.uuid)

    @staticmethod
    def _automated_clean(task):
        return utils.automated_clean(task.node,
                                     CONF.conductor.automated_clean)

    # -- nodes --

    @expected
    def create_node(self, context, node_obj):
        factory.check_and_update_node_interfaces(node_obj)
        node_obj.create()
        return node_obj

    @expected
    def update_node(self, context, node_obj, reset_interfaces=False,
                    expected=None):
        """Save the changes of ``node_obj`` under the node's lock.

        :param expected: (RPC 1.2) {field: value} the changes were based
            on; checked against the node read under the lock.
        :raises: ConcurrentUpdate when the node no longer holds
            ``expected``; NodeLocked, InvalidState, NodeProtected ...
        """
        changed = node_obj.obj_what_changed()
        interfaces = {'driver'} | {'%s_interface' % i
                                   for i in objects.node.INTERFACES}
        with self._acquire(context, node_obj.id,
                           purpose='node update') as task:
            utils.check_unchanged(task.node, expected)
            if changed & interfaces or reset_interfaces:
                state = task.node.provision_state
                if state not in _INTERFACE_UPDATE_STATES:
                    raise exception.InvalidState(
                        'Cannot change the driver or interfaces of node %s '
                        'in state "%s"' % (node_obj.uuid, state))
                factory.check_and_update_node_interfaces(
                    node_obj, reset_interfaces=reset_interfaces)
            utils.check_protected_update(
                node_obj, task.node.provision_state, changed)
            utils.check_retired_update(
                node_obj, task.node.provision_state, changed)
            if 'maintenance' in changed and not node_obj.maintenance:
                node_obj.maintenance_reason = None
                node_obj.fault = None
            task.fence(node_obj)
            node_obj.save()
        return node_obj

    @expected
    def destroy_node(self, context, node_id):
        with self._acquire(context, node_id, purpose='node deletion') as task:
            node = task.node
            self._check_not_protected(task)
            if node.instance_uuid is not None:
                raise exception.NodeAssociated(node=node.uuid,
                                               instance=node.instance_uuid)
            if (node.provision_state not in states.DELETE_ALLOWED_STATES
                    and not node.maintenance):
                raise exception.InvalidState(
                    'Cannot delete node %s in state "%s" unless it is in '
                    'maintenance mode' % (node.uuid, node.provision_state))
            node.destroy()
            task.node = None

    @expected
    def change_node_power_state(self, context, node_id, new_state,
                                timeout=None):
        with self._acquire(context, node_id,
                           purpose='changing power state') as task:
            task.driver.power.validate(task)
            supported = task.driver.power.get_supported_power_states(task)
            if new_state not in supported:
                raise exception.InvalidParameterValue(
                    err='The requested power state "%s" is not supported by '
                        'the power interface of node %s; supported: %s'
                        % (new_state, task.node.uuid, ', '.join(supported)))
            task.node.target_power_state = states.POWER_TARGETS[new_state]
            task.node.last_error = None
            task.node.save()
            task.spawn_after(utils.node_power_action, task, new_state,
                             timeout)

            def restore():
                task.node.target_power_state = None
                task.node.save()
            task.set_spawn_error_handler(restore)

    @expected
    def do_provisioning_action(self, context, node_id, action):
        with self._acquire(context, node_id,
                           purpose='provision action %s' % action) as task:
            node = task.node
            if action == 'manage':
                if node.provision_state == states.ENROLL:
                    task.process_event('manage', callback=provisioning.verify,
                                       call_args=(task,))
                else:
                    task.process_event('manage')
            elif action == 'provide':
                self._check_not_maintenance(task, action)
                if node.retired:
                    raise exception.NodeIsRetired(op=action, node=node.uuid)
                task.process_event(
                    'provide', callback=provisioning.clean,
                    call_args=(task, self._automated_clean(task)))
            elif action == 'inspect':
                self._check_not_maintenance(task, action)
                task.driver.inspect.validate(task)
                task.process_event('inspect', callback=provisioning.inspect,
                                   call_args=(task,))
            elif action == 'adopt':
                task.process_event('adopt', callback=provisioning.adopt,
                                   call_args=(task, self.conductor.id))
            elif action == 'abort':
                if node.provision_state not in (states.CLEANWAIT,
                                                states.INSPECTWAIT):
                    raise exception.InvalidStateRequested(
                        action=action, state=node.provision_state)
                if node.provision_state == states.CLEANWAIT:
                    steps.finish(task, steps.CLEAN)
                task.process_event(
                    'abort', last_error='By request, the %s operation was '
                    'aborted' % ('clean' if node.provision_state ==
                                 states.CLEANWAIT else 'inspect'))
            else:
                raise exception.InvalidParameterValue(
                    err='Unknown provision action "%s"' % action)

    @expected
    def do_node_deploy(self, context, node_id, rebuild=False,
                       configdrive=None, deploy_steps=None):
        """Start deploying (or rebuilding) a node.

        :param deploy_steps: (RPC 2.1) deploy steps of the request (API
            1.69), run with the node's own and its deploy templates'.
        :raises: InvalidParameterValue when a requested or template step
            is not one of the node's (nothing changes then).
        """
        event = 'rebuild' if rebuild else 'deploy'
        with self._acquire(context, node_id,
                           purpose='node deployment') as task:
            self._check_not_maintenance(task, 'deploy')
            if rebuild:
                self._check_not_protected(task)
            states.next_state(task.node.provision_state, event)
            for iface in ('power', 'deploy', 'boot'):
                getattr(task.driver, iface).validate(task)
            steps.deploy_plan(task, deploy_steps)
            task.process_event(event, callback=provisioning.deploy,
                               call_args=(task, self.conductor.id,
                                          configdrive, deploy_steps))

    @expected
    def do_node_tear_down(self, context, node_id):
        with self._acquire(context, node_id,
                           purpose='node tear down') as task:
            self._check_not_protected(task)
            task.driver.power.validate(task)
            task.process_event(
                'delete', callback=provisioning.tear_down,
                call_args=(task, self._automated_clean(task)))

    @expected
    def do_node_clean(self, context, node_id, clean_steps,
                      disable_ramdisk=False):
        """Start manual cleaning with ``clean_steps``, in their order.

        :param disable_ramdisk: (RPC 2.1, API 1.70) clean without booting
            the ramdisk: refused when a step needs it.
        :raises: InvalidParameterValue when a step is not one of the
            node's, has bad arguments or needs the ramdisk it may not
            boot (nothing changes then).
        """
        if not isinstance(clean_steps, list) or not all(
                isinstance(step, dict) and step.get('interface') and
                step.get('step') for step in clean_steps):
            raise exception.InvalidParameterValue(
                err='clean_steps must be a list of objects with "interface" '
                    'and "step"')
        with self._acquire(context, node_id, purpose='node cleaning') as task:
            self._check_not_maintenance(task, 'clean')
            for iface in ('power', 'deploy'):
                getattr(task.driver, iface).validate(task)
            steps.check_requested(task, steps.CLEAN, clean_steps,
                                  disable_ramdisk=disable_ramdisk)
            task.process_event('clean', callback=provisioning.clean,
                               call_args=(task, True, clean_steps,
                                          disable_ramdisk),
                               target_state=states.MANAGEABLE)

    @expected
    def validate_driver_interfaces(self, context, node_id):
        with self._acquire(context, node_id, shared=True,
                           purpose='validate') as task:
            return factory.validate_interfaces(task)

    @expected
    def set_boot_device(self, context, node_id, device, persistent=False):
        with self._acquire(context, node_id,
                           purpose='setting boot device') as task:
            task.driver.management.validate(task)
            task.driver.management.set_boot_device(task, device,
                                                   persistent=persistent)
            task.node.save()

    @expected
    def get_boot_device(self, context, node_id):
        with self._acquire(context, node_id, shared=True,
                           purpose='getting boot device') as task:
            task.driver.management.validate(task)
            return task.driver.management.get_boot_device(task)

    @expected
    def get_supported_boot_devices(self, context, node_id):
        with self._acquire(context, node_id, shared=True,
                           purpose='getting supported boot devices') as task:
            return task.driver.management.get_supported_boot_devices(task)

    # -- traits --

    @expected
    def set_node_traits(self, context, node_id, traits):
        with self._acquire(context, node_id, purpose='setting traits') as task:
            return objects.TraitList.create(context, task.node.id, traits)

    @expected
    def add_node_traits(self, context, node_id, traits):
        with self._acquire(context, node_id, purpose='adding traits') as task:
            for trait in traits:
                objects.Trait(context, node_id=task.node.id,
                              trait=trait).create()
            return objects.TraitList.get_by_node_id(context, task.node.id)

    @expected
    def remove_node_traits(self, context, node_id, traits):
        with self._acquire(context, node_id,
                           purpose='removing traits') as task:
            if traits is None:
                objects.TraitList.create(context, task.node.id, [])
            for trait in traits or ():
                objects.Trait.destroy(context, task.node.id, trait)

    # -- ports and port groups: changed under their node's lock --

    def _under_node_lock(self, context, obj, purpose, change):
        with self._acquire(context, obj.node_id, purpose=purpose):
            change()
        return obj

    def _update_under_node_lock(self, context, obj, expected, obj_class,
                                purpose):
        """Save ``obj`` (a port or port group) under its node's lock if
        the stored row still holds ``expected`` (None: no check)."""
        def change():
            if expected is not None:
                utils.check_unchanged(obj_class.get(context, obj.id),
                                      expected)
            obj.save()
        left = (expected or {}).get('node_id')
        if left is None or left == obj.node_id:
            return self._under_node_lock(context, obj, purpose, change)
        with self._acquire(context, left, purpose=purpose):
            return self._under_node_lock(context, obj, purpose, change)

    @expected
    def create_port(self, context, port_obj):
        return self._under_node_lock(context, port_obj, 'port creation',
                                     port_obj.create)

    @expected
    def update_port(self, context, port_obj, expected=None):
        """Save a port's changes under its node's lock (and the lock of
        the node it leaves, when it moves).

        :param expected: (RPC 1.2) as for :meth:`update_node`.
        :raises: ConcurrentUpdate, NodeLocked
        """
        return self._update_under_node_lock(context, port_obj, expected,
                                            objects.Port, 'port update')

    @expected
    def destroy_port(self, context, port_obj):
        self._under_node_lock(context, port_obj, 'port deletion',
                              port_obj.destroy)

    @expected
    def create_portgroup(self, context, portgroup_obj):
        return self._under_node_lock(context, portgroup_obj,
                                     'port group creation',
                                     portgroup_obj.create)

    @expected
    def update_portgroup(self, context, portgroup_obj, expected=None):
        """As :meth:`update_port`, for a port group."""
        return self._update_under_node_lock(context, portgroup_obj,
                                            expected, objects.Portgroup,
                                            'port group update')

    @expected
    def destroy_portgroup(self, context, portgroup_obj):
        self._under_node_lock(context, portgroup_obj, 'port group deletion',
                              portgroup_obj.destroy)

    # -- drivers --

    @expected
    def get_driver_properties(self, context, driver_name):
        return factory.driver_properties(driver_name)
