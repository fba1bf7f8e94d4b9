"""ironic-lite's exceptions.

Each exception carries a message template and the HTTP status the API
answers with when it reaches a client. RPC passes them through
oslo.messaging by name, so keep names and arguments stable across
releases.
"""

import http.client as http


class IronicLiteException(Exception):
    """Base class: format ``_msg_fmt`` with the keyword arguments."""

    _msg_fmt = 'An unknown exception occurred.'
    code = http.INTERNAL_SERVER_ERROR
    safe = False

    def __init__(self, message=None, **kwargs):
        self.kwargs = kwargs
        if not message:
            try:
                message = self._msg_fmt % kwargs
            except (KeyError, TypeError):
                message = self._msg_fmt
        super().__init__(message)

    def __str__(self):
        return self.args[0]


class ConfigError(IronicLiteException):
    _msg_fmt = 'Configuration error: %(reason)s'


class ObjectNotInRelease(IronicLiteException):
    _msg_fmt = ('Object %(obj_name)s does not exist in the pinned release '
                '%(release)s; remove or change [DEFAULT]pin_release_version '
                'to use it.')
    code = http.NOT_ACCEPTABLE


class IncompatibleObjectVersion(IronicLiteException):
    _msg_fmt = ('Version %(version)s of %(obj_name)s cannot be handled by '
                'this release (it handles %(supported)s).')


class DatabaseError(IronicLiteException):
    _msg_fmt = 'Database error: %(reason)s'


class Invalid(IronicLiteException):
    _msg_fmt = 'Unacceptable parameters: %(reason)s'
    code = http.BAD_REQUEST


class InvalidParameterValue(Invalid):
    _msg_fmt = '%(err)s'


class AgentTokenRefused(Invalid):
    # NOTE: 400, as Ironic answers a heartbeat without the node's token;
    # the message never carries the token.
    _msg_fmt = ('Invalid or missing agent token received for node '
                '%(node)s.')


class NotFound(IronicLiteException):
    _msg_fmt = 'Resource could not be found.'
    code = http.NOT_FOUND


class NodeNotFound(NotFound):
    _msg_fmt = 'Node %(node)s could not be found.'


class IndicatorNotFound(NotFound):
    _msg_fmt = ('Node %(node)s has no indicator %(indicator)s; it has: '
                '%(known)s.')


class PortNotFound(NotFound):
    _msg_fmt = 'Port %(port)s could not be found.'


class PortgroupNotFound(NotFound):
    _msg_fmt = 'Portgroup %(portgroup)s could not be found.'


class ChassisNotFound(NotFound):
    _msg_fmt = 'Chassis %(chassis)s could not be found.'


class ConductorNotFound(NotFound):
    _msg_fmt = 'Conductor %(conductor)s could not be found.'


class NodeTraitNotFound(NotFound):
    _msg_fmt = 'Node %(node_id)s doesn\'t have a trait \'%(trait)s\''


class VolumeConnectorNotFound(NotFound):
    _msg_fmt = 'Volume connector %(connector)s could not be found.'


class VolumeTargetNotFound(NotFound):
    _msg_fmt = 'Volume target %(target)s could not be found.'


class BIOSSettingNotFound(NotFound):
    _msg_fmt = 'Node %(node)s doesn\'t have a BIOS setting \'%(name)s\''


class Conflict(IronicLiteException):
    _msg_fmt = 'Conflict.'
    code = http.CONFLICT


class DeployTemplateNotFound(NotFound):
    _msg_fmt = 'Deploy template %(template)s could not be found.'


class DeployTemplateAlreadyExists(Conflict):
    _msg_fmt = 'A deploy template with UUID %(uuid)s already exists.'


class DeployTemplateDuplicateName(Conflict):
    _msg_fmt = 'A deploy template with name %(name)s already exists.'


class DuplicateName(Conflict):
    _msg_fmt = 'A node with name %(name)s already exists.'


class NodeAlreadyExists(Conflict):
    _msg_fmt = 'A node with UUID %(uuid)s already exists.'


class InstanceAssociated(Conflict):
    _msg_fmt = ('Instance %(instance_uuid)s is already associated with a '
                'node, it cannot be associated with this other node %(node)s')


class PortAlreadyExists(Conflict):
    _msg_fmt = 'A port with UUID %(uuid)s already exists.'


class MACAlreadyExists(Conflict):
    _msg_fmt = 'A port with MAC address %(mac)s already exists.'


class PortgroupAlreadyExists(Conflict):
    _msg_fmt = 'A portgroup with UUID %(uuid)s already exists.'


class PortgroupDuplicateName(Conflict):
    _msg_fmt = 'A portgroup with name %(name)s already exists.'


class PortgroupMACAlreadyExists(Conflict):
    _msg_fmt = 'A portgroup with MAC address %(mac)s already exists.'


class ChassisAlreadyExists(Conflict):
    _msg_fmt = 'A chassis with UUID %(uuid)s already exists.'


class VolumeConnectorAlreadyExists(Conflict):
    _msg_fmt = 'A volume connector with UUID %(uuid)s already exists.'


class VolumeConnectorTypeAndIdAlreadyExists(Conflict):
    _msg_fmt = ('A volume connector with type %(type)s and connector ID '
                '%(connector_id)s already exists.')


class VolumeTargetAlreadyExists(Conflict):
    _msg_fmt = 'A volume target with UUID %(uuid)s already exists.'


class VolumeTargetBootIndexAlreadyExists(Conflict):
    _msg_fmt = ('A volume target with boot index \'%(boot_index)s\' for the '
                'same node already exists.')


class VifAlreadyAttached(Conflict):
    # Ironic's text; object_type is Port or Portgroup.
    _msg_fmt = ('Unable to attach VIF because VIF %(vif)s is already '
                'attached to Ironic %(object_type)s %(object_uuid)s')


class ConductorAlreadyRegistered(Conflict):
    _msg_fmt = 'Conductor %(conductor)s already registered.'


class NodeLocked(Conflict):
    _msg_fmt = ('Node %(node)s is locked by host %(host)s, please retry '
                'after the current operation is completed.')


class NodeNotLocked(Invalid):
    _msg_fmt = ('Node %(node)s found not to be locked by host %(host)s '
                'while releasing its lock.')


class NodeAssociated(Conflict):
    _msg_fmt = ('Node %(node)s is associated with instance '
                '%(instance)s.')


class ChassisNotEmpty(Invalid):
    _msg_fmt = ('Cannot complete the requested action because chassis '
                '%(chassis)s contains nodes.')


class PortgroupNotEmpty(Invalid):
    _msg_fmt = ('Cannot complete the requested action because portgroup '
                '%(portgroup)s contains ports.')


class NoFreePhysicalPorts(Invalid):
    _msg_fmt = ('Unable to attach VIF %(vif)s, not enough free physical '
                'ports.')


class VifNotAttached(Invalid):
    _msg_fmt = ('Unable to detach VIF %(vif)s from node %(node)s because '
                'it is not attached to it.')


class InvalidStateRequested(Invalid):
    _msg_fmt = ('The requested action "%(action)s" cannot be performed on a '
                'node in state "%(state)s".')


class NodeNotPoweredOff(Invalid):
    """An action allowed only while the node is powered off (changing its
    volume connectors and targets); Ironic's words and status (400)."""
    _msg_fmt = ('The requested action "%(action)s" can not be performed on '
                'node "%(node)s" while it is in state "%(state)s".')


class NodeInMaintenance(Invalid):
    _msg_fmt = ("The %(action)s operation can't be performed on node "
                "%(node)s because it's in maintenance mode.")


class NodeInWrongPowerState(Invalid):
    _msg_fmt = ('Cannot %(action)s node %(node)s while it is in power '
                'state "%(pstate)s".')


class UnsupportedDriverExtension(Invalid):
    _msg_fmt = ('Driver %(driver)s does not support %(extension)s '
                '(disabled or not implemented).')


class InterfaceNotFoundInEntrypoint(Invalid):
    _msg_fmt = ("Could not find the following interface in the "
                "'%(entrypoint)s' entrypoint: %(iface)s. Valid interfaces "
                "are %(valid)s.")


class IncompatibleInterface(Invalid):
    _msg_fmt = ("%(interface_type)s interface implementation "
                "'%(interface)s' is not supported by hardware type "
                "%(hardware_type)s. Supported: %(supported)s.")


class NoValidDefaultForInterface(Invalid):
    _msg_fmt = ("For hardware type '%(driver)s', no default value found "
                "for %(interface_type)s interface could be determined. "
                "Please ensure the interfaces are enabled.")


class MissingParameterValue(Invalid):
    _msg_fmt = '%(err)s'


class DriverNotFound(NotFound):
    _msg_fmt = ('Could not find the following driver(s) or hardware '
                'type(s): %(driver_name)s.')


class NoValidHost(IronicLiteException):
    _msg_fmt = 'No valid host was found. Reason: %(reason)s'
    code = http.SERVICE_UNAVAILABLE


class NoFreeConductorWorker(IronicLiteException):
    _msg_fmt = ('Requested action cannot be performed due to lack of free '
                'conductor workers.')
    code = http.SERVICE_UNAVAILABLE


class ConductorShuttingDown(IronicLiteException):
    _msg_fmt = ('Conductor %(host)s is shutting down and takes no new work; '
                'please retry.')
    code = http.SERVICE_UNAVAILABLE


class ConductorBusy(IronicLiteException):
    """A conductor that is alive did not answer in time; the request was
    not sent elsewhere, since that conductor may still carry it out."""
    _msg_fmt = ('Conductor %(host)s is alive but did not answer in time; '
                'the request may still be carried out. Please check and '
                'retry later.')
    code = http.SERVICE_UNAVAILABLE


class DatabaseUnavailable(IronicLiteException):
    """The database could not be reached (or answered with a transient
    error) while serving a request; nothing was changed. Answered 503 with
    ``Retry-After``. The message never carries SQL or its parameters."""
    _msg_fmt = ('The database is not reachable at the moment; please retry '
                'later.')
    code = http.SERVICE_UNAVAILABLE


class ConcurrentUpdate(Conflict):
    """A write based on what a request read earlier lost a race with
    another writer of the same resource; nothing was changed."""
    _msg_fmt = ('%(resource)s %(ident)s was changed by another request '
                'while this one was applied; nothing was changed, please '
                'retry.')


class NodeLockLost(IronicLiteException):
    """A worker found that the node's lock it worked under is no longer
    its own (another conductor broke it); it must stop touching the
    node."""
    _msg_fmt = ('Conductor %(host)s no longer holds the lock of node '
                '%(node)s; its work on the node stops.')
    code = http.CONFLICT


class PowerStateFailure(IronicLiteException):
    _msg_fmt = 'Failed to set node power state to %(pstate)s.'


class DriverOperationError(IronicLiteException):
    _msg_fmt = '%(reason)s'


class RPCVersionTooOld(IronicLiteException):
    _msg_fmt = ('%(what)s needs conductor RPC version %(needed)s, but this '
                'deployment is capped at %(cap)s by [DEFAULT]'
                'pin_release_version=%(pin)s.')
    code = http.NOT_ACCEPTABLE


class InvalidState(Conflict):
    _msg_fmt = 'Invalid resource state.'


class OperationNotPermitted(IronicLiteException):
    """A change asked of a read-only path (a node's volume sub-resources:
    changes go through /v1/volume)."""
    _msg_fmt = 'Not authorized.'
    code = http.FORBIDDEN


class NodeProtected(IronicLiteException):
    _msg_fmt = ('Node %(node)s is protected and cannot be undeployed, '
                'rebuilt or deleted')
    code = http.FORBIDDEN


# -- allocations (API 1.52) and retired nodes (API 1.61) --

class AllocationNotFound(NotFound):
    _msg_fmt = 'Allocation %(allocation)s could not be found.'


class AllocationDuplicateName(Conflict):
    _msg_fmt = 'An allocation with name %(name)s already exists.'


class AllocationAlreadyExists(Conflict):
    _msg_fmt = 'An allocation with UUID %(uuid)s already exists.'


class AllocationFailed(IronicLiteException):
    """Why a conductor could not fill an allocation; it becomes the
    allocation's ``last_error`` (the allocation goes to ``error``)."""
    _msg_fmt = 'Failed to process allocation %(uuid)s: %(error)s'


class NodeIsRetired(Invalid):
    _msg_fmt = ('The %(op)s operation cannot be performed on node %(node)s: '
                'the node is retired.')
