"""API microversions: the supported range and one gate per feature.

Version numbers and their meaning are the Bare Metal API's. Each line
below says what the version changes in ironic-lite; versions whose
resources ironic-lite does not have are kept (the number moves on) but
change nothing here: their paths answer 404 at every version. The
operator-facing table is doc/api-microversions.md.

 1.1   the base API (no header = 1.1)
 1.2   the provision state "available" (shown as null before)
 1.3   node driver_internal_info
 1.4   the "manageable" state and the verbs manage and provide
 1.5   node names (also accepted wherever a node UUID is)
 1.6   node inspection: verb inspect, inspection_*_at fields
 1.7   node clean_step
 1.8   ``fields=`` on GET of one resource or a collection
 1.9   node list filter provision_state
 1.10  node names may use every RFC 3986 unreserved character
 1.11  new nodes start in "enroll" (before: "available")
 1.12  node raid_config and target_raid_config; PUT
       /v1/nodes/{id}/states/raid and
       GET /v1/drivers/{name}/raid/logical_disk_properties
 1.13  verb abort
 1.14  GET /v1/nodes/{id}/states and /v1/drivers/{name}/properties are
       linked from their parents
 1.15  verb clean with clean_steps (manual cleaning)
 1.16  node list filter driver
 1.17  verb adopt
 1.18  port internal_info
 1.19  port local_link_connection and pxe_enabled
 1.20  node network_interface
 1.21  node resource_class and its list filter
 1.22  POST /v1/heartbeat/{node} and GET /v1/lookup (the ramdisk's
       heartbeat and lookup)
 1.23  port groups (/v1/portgroups)
 1.24  /v1/nodes/{id}/portgroups, /v1/portgroups/{id}/ports, port
       portgroup_uuid
 1.25  a node's chassis_uuid may be removed
 1.26  port group mode and properties
 1.27  power targets "soft rebooting" and "soft power off", power timeout
 1.28  node VIFs (/v1/nodes/{id}/vifs)
 1.29  PUT /v1/nodes/{id}/management/inject_nmi
 1.30  driver type and detail (dynamic drivers only)
 1.31  node boot/console/deploy/inspect/management/power/raid/vendor
       interface fields
 1.32  volume connectors and targets (/v1/volume, /v1/nodes/{id}/volume)
 1.33  node storage_interface
 1.34  port physical_network
 1.35  configdrive with the verb rebuild
 1.36  agent_version in the heartbeat
 1.37  node traits (/v1/nodes/{id}/traits and the traits field)
 1.38  node rescue_interface (the rescue and unrescue verbs: 400, not
       supported)
 1.39  the "inspect wait" state (shown as "inspecting" before)
 1.40  node bios_interface; a node's BIOS settings
       (/v1/nodes/{id}/bios, read-only)
 1.41  verb abort during "inspect wait"
 1.42  node fault and its list filter
 1.43  ``detail=True`` on collection GETs
 1.44  node deploy_step
 1.45  ``reset_interfaces`` on node PATCH
 1.46  node conductor_group and its list filter
 1.47  node automated_clean
 1.48  node protected and protected_reason
 1.49  GET /v1/conductors and /v1/conductors/{hostname}; node conductor
 1.50  node owner and its list filter
 1.51  node description
 1.52  allocations (/v1/allocations, /v1/nodes/{id}/allocation): the
       conductor picks a node by resource class, traits and candidate
       nodes; node allocation_uuid
 1.53  port is_smartnic; a Smart NIC port's local_link_connection names
       port_id and hostname (hostname is accepted there from 1.53)
 1.54  POST /v1/events: network events from the networking service,
       checked and logged (204)
 1.55  deploy templates (/v1/deploy_templates), matched to a deploy by
       the node's instance_info traits
 1.56  configdrive given as a JSON object (meta_data, network_data,
       user_data), built into a config-2 ISO image by the conductor
 1.57  PATCH /v1/allocations/{id} (name, extra)
 1.58  backfilling: POST /v1/allocations with ``node``, a deployed node
 1.59  vendor_data in a configdrive given as JSON
 1.60  allocation owner and its list filter
 1.61  node retired and retired_reason; a retired node goes to
       manageable after cleaning and cannot be provided
 1.62  agent token: the first lookup of a node issues it, heartbeats
       carry it (agent_token)
 1.63  node indicators: GET /v1/nodes/{id}/management/indicators and
       GET/PUT .../indicators/{indicator}@{component}
 1.64  network_type ("managed" or "unmanaged") in a port's
       local_link_connection; an unmanaged one needs nothing else
 1.65  node lessee and its list filter
 1.66  node network_data
 1.67  port_uuid or portgroup_uuid in the VIF attach body: the VIF goes
       to that port or port group
 1.68  agent_verify_ca in the heartbeat
 1.69  deploy_steps with the verbs active and rebuild
 1.70  disable_ramdisk with the verb clean
 1.71  signifier of support for scoped access (informational, as in
       Ironic; ironic-lite has no Keystone scopes and answers as before)
 1.72  agent_status and agent_status_message in the heartbeat
"""

import re

from ironic_lite.common import exception
from ironic_lite.upgrade import pinning
from ironic_lite.upgrade import release_mappings

MIN_VERSION = (1, 1)
#: The highest version this code implements. Must equal the release
#: mapping's 'master' api entry (a unit test checks).
MAX_VERSION = (1, 72)

HEADER = 'X-OpenStack-Ironic-API-Version'
MIN_HEADER = 'X-OpenStack-Ironic-API-Minimum-Version'
MAX_HEADER = 'X-OpenStack-Ironic-API-Maximum-Version'
GENERIC_HEADER = 'OpenStack-API-Version'
SERVICE_TYPE = 'baremetal'

#: Two numbers joined by a dot (as Ironic, leading zeros are taken).
_VERSION_RE = re.compile(r'^([0-9]+)\.([0-9]+)$')


def to_string(version):
    return '%d.%d' % version


def own_max_version():
    """The highest version this service can serve: the code's, or the
    pinned release's while ``[DEFAULT]pin_release_version`` is set."""
    pinned = release_mappings.version_tuple(pinning.api_max_version())
    return min(pinned, MAX_VERSION)


def max_version():
    """The highest version this service serves now: its own, or lower
    while another live API of the deployment serves less (see fleet)."""
    from ironic_lite.api import fleet
    own = own_max_version()
    cap = fleet.cap()
    return min(own, cap) if cap else own


class VersionNotAcceptable(exception.IronicLiteException):
    _msg_fmt = ('Version %(version)s was requested but the minor version is '
                'not supported by this service. The supported version range '
                'is: [%(min)s, %(max)s].')
    code = 406


class MajorVersionNotAcceptable(VersionNotAcceptable):
    _msg_fmt = ('Mutually exclusive versions requested. Version '
                '%(version)s requested but not supported by this service. '
                'The supported version range is: [%(min)s, %(max)s].')


class InvalidVersionHeader(exception.IronicLiteException):
    """A version that is not two numbers joined by a dot: 406, as
    Ironic answers it."""
    _msg_fmt = 'Invalid value for %(header)s header'
    code = 406


def requested_header(headers):
    """The version string a request asks for, or None.

    ``X-OpenStack-Ironic-API-Version`` wins over
    ``OpenStack-API-Version: baremetal X.Y``.
    """
    value = headers.get(HEADER)
    if value:
        return HEADER, value.strip()
    generic = headers.get(GENERIC_HEADER)
    if generic:
        for item in generic.split(','):
            parts = item.strip().split(None, 1)
            if len(parts) == 2 and parts[0].lower() == SERVICE_TYPE:
                return GENERIC_HEADER, parts[1].strip()
    return None, None


def parse(headers, maximum):
    """The version tuple a request asks for.

    :param headers: the request's headers.
    :param maximum: the version ``latest`` means.
    :raises: InvalidVersionHeader (406) for a malformed value,
        VersionNotAcceptable (406) outside [MIN_VERSION, maximum].
    """
    header, value = requested_header(headers)
    if value is None:
        return MIN_VERSION
    if value.lower() == 'latest':
        return maximum
    match = _VERSION_RE.match(value)
    if not match:
        raise InvalidVersionHeader(header=header)
    version = release_mappings.version_tuple(value)
    if version[0] != MIN_VERSION[0]:
        raise MajorVersionNotAcceptable(version=value,
                                        min=to_string(MIN_VERSION),
                                        max=to_string(maximum))
    if not MIN_VERSION <= version <= maximum:
        raise VersionNotAcceptable(version=value,
                                   min=to_string(MIN_VERSION),
                                   max=to_string(maximum))
    return version


# -- gates: one per feature, named after what it allows --

def _at_least(minor):
    return lambda version: version >= (1, minor)


allow_available_state = _at_least(2)
allow_driver_internal_info = _at_least(3)
allow_manageable = _at_least(4)
allow_node_name = _at_least(5)
allow_inspect = _at_least(6)
allow_clean_step = _at_least(7)
allow_fields = _at_least(8)
allow_provision_state_filter = _at_least(9)
allow_enroll_default = _at_least(11)
allow_raid_config = _at_least(12)
allow_abort = _at_least(13)
allow_links_to_states = _at_least(14)
allow_manual_clean = _at_least(15)
allow_driver_filter = _at_least(16)
allow_adopt = _at_least(17)
allow_port_internal_info = _at_least(18)
allow_port_link_fields = _at_least(19)
allow_network_interface = _at_least(20)
allow_resource_class = _at_least(21)
allow_heartbeat = _at_least(22)
allow_lookup = _at_least(22)
allow_portgroups = _at_least(23)
allow_portgroup_subresources = _at_least(24)
allow_remove_chassis_uuid = _at_least(25)
allow_portgroup_mode_properties = _at_least(26)
allow_soft_power = _at_least(27)
allow_vifs = _at_least(28)
allow_inject_nmi = _at_least(29)
allow_driver_detail = _at_least(30)
allow_dynamic_interfaces = _at_least(31)
allow_volume = _at_least(32)
allow_storage_interface = _at_least(33)
allow_physical_network = _at_least(34)
allow_rebuild_configdrive = _at_least(35)
allow_agent_version = _at_least(36)
allow_traits = _at_least(37)
allow_rescue_interface = _at_least(38)
allow_inspect_wait = _at_least(39)
allow_bios_interface = _at_least(40)
allow_bios_settings = _at_least(40)
allow_inspect_abort = _at_least(41)
allow_fault = _at_least(42)
allow_detail_query = _at_least(43)
allow_deploy_step = _at_least(44)
allow_reset_interfaces = _at_least(45)
allow_conductor_group = _at_least(46)
allow_automated_clean = _at_least(47)
allow_protected = _at_least(48)
allow_conductors = _at_least(49)
allow_owner = _at_least(50)
allow_description = _at_least(51)
allow_allocations = _at_least(52)
allow_port_is_smartnic = _at_least(53)
allow_events = _at_least(54)
allow_deploy_templates = _at_least(55)
allow_configdrive_json = _at_least(56)
allow_allocation_update = _at_least(57)
allow_allocation_backfill = _at_least(58)
allow_configdrive_vendor_data = _at_least(59)
allow_allocation_owner = _at_least(60)
allow_retired = _at_least(61)
allow_agent_token = _at_least(62)
allow_indicators = _at_least(63)
allow_local_link_network_type = _at_least(64)
allow_lessee = _at_least(65)
allow_network_data = _at_least(66)
allow_vif_attach_port = _at_least(67)
allow_agent_verify_ca = _at_least(68)
allow_deploy_steps = _at_least(69)
allow_disable_ramdisk = _at_least(70)
allow_agent_status = _at_least(72)

#: The gate of each node ``<type>_interface`` field, by interface type
#: (every type of ironic_lite.drivers.base.INTERFACE_TYPES has one).
INTERFACE_GATES = {
    'bios': allow_bios_interface,
    'boot': allow_dynamic_interfaces,
    'console': allow_dynamic_interfaces,
    'deploy': allow_dynamic_interfaces,
    'inspect': allow_dynamic_interfaces,
    'management': allow_dynamic_interfaces,
    'network': allow_network_interface,
    'power': allow_dynamic_interfaces,
    'raid': allow_dynamic_interfaces,
    'rescue': allow_rescue_interface,
    'storage': allow_storage_interface,
    'vendor': allow_dynamic_interfaces,
}
