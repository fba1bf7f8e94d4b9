"""RPC endpoints of a node's indicators (RPC 2.4, API 1.63).

A mixin of :class:`ironic_lite.conductor.manager.ConductorManager`. The
node's management interface lists its indicators and reads or sets
them; the conductor checks a request against that list first, so an
interface is only asked for an indicator it has, and only set to one of
its states. Reads take a shared lock (they answer while another task
holds the node); setting takes the exclusive lock. Each talks to the BMC
in the RPC thread (the client keeps the long RPC timeout for them, see
``rpcapi.HARDWARE_IO_METHODS``).
"""

import logging

from ironic_lite.common import exception
from ironic_lite.common import indicators
from ironic_lite.conductor import utils

LOG = logging.getLogger(__name__)

#: The marker of an RPC method (see conductor.utils).
expected = utils.expected


def _indicator(task, component, indicator):
    """What the management interface says of ``indicator`` of
    ``component`` (``{'readonly': ..., 'states': [...]}``).

    :raises: IndicatorNotFound (404) when it does not list it.
    """
    supported = task.driver.management.get_supported_indicators(task)
    found = supported.get(component, {}).get(indicator)
    if found is None:
        known = sorted(indicators.unique_name(name, comp)
                       for comp, names in supported.items()
                       for name in names)
        raise exception.IndicatorNotFound(
            node=task.node.uuid,
            indicator=indicators.unique_name(indicator, component),
            known=', '.join(known) or 'none')
    return found


class IndicatorMethods:
    """get_supported_indicators, get_indicator_state and
    set_indicator_state."""

    @expected
    def get_supported_indicators(self, context, node_id):
        """(RPC 2.4) ``{component: {indicator: {'readonly': bool,
        'states': [...]}}}`` of the node.

        :raises: NodeNotFound, MissingParameterValue,
            InvalidParameterValue (its driver_info), BMCError
        """
        with self._acquire(context, node_id, shared=True,
                           purpose='listing indicators') as task:
            task.driver.management.validate(task)
            return task.driver.management.get_supported_indicators(task)

    @expected
    def get_indicator_state(self, context, node_id, component, indicator):
        """(RPC 2.4) The state of one indicator of the node.

        :raises: IndicatorNotFound, UnsupportedDriverExtension,
            NodeNotFound, MissingParameterValue, InvalidParameterValue,
            BMCError
        """
        with self._acquire(context, node_id, shared=True,
                           purpose='reading an indicator') as task:
            task.driver.management.validate(task)
            _indicator(task, component, indicator)
            return task.driver.management.get_indicator_state(
                task, component, indicator)

    @expected
    def set_indicator_state(self, context, node_id, component, indicator,
                            state):
        """(RPC 2.4) Set one indicator of the node, under its exclusive
        lock.

        :raises: IndicatorNotFound, InvalidParameterValue (a read-only
            indicator, or a state it does not take), NodeLocked,
            NodeNotFound, MissingParameterValue, BMCError
        """
        with self._acquire(context, node_id,
                           purpose='setting an indicator') as task:
            task.driver.management.validate(task)
            found = _indicator(task, component, indicator)
            name = indicators.unique_name(indicator, component)
            if found.get('readonly', True):
                raise exception.InvalidParameterValue(
                    err='Indicator %s of node %s is read-only'
                    % (name, task.node.uuid))
            if state not in found.get('states', ()):
                raise exception.InvalidParameterValue(
                    err='Indicator %s of node %s cannot be set to %s; it '
                        'takes: %s' % (name, task.node.uuid, state,
                                       ', '.join(found.get('states', ()))))
            task.driver.management.set_indicator_state(
                task, component, indicator, state)
            task.node.save()
            LOG.info('Indicator %s of node %s set to %s', name,
                     task.node.uuid, state)
