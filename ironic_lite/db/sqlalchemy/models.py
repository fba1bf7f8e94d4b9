"""SQLAlchemy models: the tables behind the versioned objects.

Every table behind a versioned object has a ``version`` column holding the
object version the row was written in (see ironic_lite.objects.base). These
models describe the schema at the alembic head; a test checks that they and
the migrations agree on SQLite, PostgreSQL and MariaDB.
"""

from oslo_db.sqlalchemy import models as oslo_models
from oslo_db.sqlalchemy import types as db_types
import sqlalchemy as sa
from sqlalchemy import orm

TABLE_ARGS = {'mysql_engine': 'InnoDB', 'mysql_charset': 'utf8mb4'}


class Base(oslo_models.TimestampMixin, oslo_models.ModelBase,
           orm.DeclarativeBase):
    """Base of every model: created_at/updated_at and dict-style access."""

    metadata = sa.MetaData()


class VersionMixin:
    """The object version a row was written in."""

    version = sa.Column(sa.String(15), nullable=True)


class Chassis(VersionMixin, Base):
    __tablename__ = 'chassis'
    __table_args__ = (sa.UniqueConstraint('uuid', name='uniq_chassis0uuid'),
                      TABLE_ARGS)
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False)
    description = sa.Column(sa.String(255), nullable=True)
    extra = sa.Column(db_types.JsonEncodedDict, nullable=True)


class Conductor(VersionMixin, Base):
    __tablename__ = 'conductors'
    __table_args__ = (
        sa.UniqueConstraint('hostname', name='uniq_conductors0hostname'),
        sa.Index('conductors_online_idx', 'online'),
        TABLE_ARGS)
    id = sa.Column(sa.Integer, primary_key=True)
    hostname = sa.Column(sa.String(255), nullable=False)
    # NOTE: the hardware types again (conductor_hardware_interfaces has
    # them). In the table, not mapped: no ORM query or write names it (so
    # release 3.0 may drop it); written only for release 1.0, by
    # Connection.register_conductor (see objects.Conductor.register).
    drivers = sa.Column(db_types.JsonEncodedList, nullable=True)
    __mapper_args__ = {'exclude_properties': ['drivers']}
    online = sa.Column(sa.Boolean, nullable=False, default=True)
    conductor_group = sa.Column(sa.String(255), nullable=False, default='',
                                server_default='')
    # Written at registration whatever the object version, so that the
    # fleet's releases and pins can be seen during an upgrade (2.0).
    release_version = sa.Column(sa.String(15), nullable=True)
    pin_release_version = sa.Column(sa.String(15), nullable=True)
    # Where the pin comes from: the configuration, or what ``auto``
    # derived from the fleet and why (release 3.0; written, like the two
    # above, whatever the object version).
    pin_source = sa.Column(sa.String(255), nullable=True)


class ApiService(Base):
    """A running API service and the maximum microversion it serves
    (release 2.0). Not behind a versioned object: only APIs of 2.0 on read
    and write it."""

    __tablename__ = 'api_services'
    __table_args__ = (
        sa.UniqueConstraint('name', name='uniq_api_services0name'),
        TABLE_ARGS)
    id = sa.Column(sa.Integer, primary_key=True)
    name = sa.Column(sa.String(255), nullable=False)
    release_version = sa.Column(sa.String(15), nullable=True)
    pin_release_version = sa.Column(sa.String(15), nullable=True)
    max_version = sa.Column(sa.String(10), nullable=False)
    pin_source = sa.Column(sa.String(255), nullable=True)


class FinalizedRelease(Base):
    """A release the operator finalized (``ironic-lite-dbsync
    finalize``, release 3.0): from then on, services of that release on
    ``pin_release_version = auto`` speak its versions. Not behind a
    versioned object: one row per finalize, only added."""

    __tablename__ = 'finalized_releases'
    __table_args__ = (TABLE_ARGS,)
    id = sa.Column(sa.Integer, primary_key=True)
    release_version = sa.Column(sa.String(15), nullable=False)


class ConductorHardwareInterface(Base):
    """One interface implementation a conductor can serve for a type."""

    __tablename__ = 'conductor_hardware_interfaces'
    __table_args__ = (
        sa.UniqueConstraint('conductor_id', 'hardware_type',
                            'interface_type', 'interface_name',
                            name='uniq_conductorhardwareinterfaces0'),
        TABLE_ARGS)
    id = sa.Column(sa.Integer, primary_key=True)
    conductor_id = sa.Column(
        sa.Integer, sa.ForeignKey('conductors.id', ondelete='CASCADE'),
        nullable=False)
    hardware_type = sa.Column(sa.String(255), nullable=False)
    interface_type = sa.Column(sa.String(16), nullable=False)
    interface_name = sa.Column(sa.String(255), nullable=False)
    default = sa.Column(sa.Boolean, nullable=False, default=False)


class Node(VersionMixin, Base):
    __tablename__ = 'nodes'
    __table_args__ = (
        sa.UniqueConstraint('uuid', name='uniq_nodes0uuid'),
        sa.UniqueConstraint('instance_uuid', name='uniq_nodes0instance_uuid'),
        sa.UniqueConstraint('name', name='uniq_nodes0name'),
        sa.Index('nodes_reservation_idx', 'reservation'),
        sa.Index('nodes_driver_idx', 'driver'),
        sa.Index('nodes_provision_state_idx', 'provision_state'),
        sa.Index('nodes_conductor_group_idx', 'conductor_group'),
        sa.Index('nodes_resource_class_idx', 'resource_class'),
        sa.Index('node_owner_idx', 'owner'),
        sa.Index('node_lessee_idx', 'lessee'),
        sa.Index('nodes_allocation_id_idx', 'allocation_id'),
        sa.Index('nodes_version_idx', 'version'),
        sa.Index('nodes_uuid_hash_idx', 'uuid_hash'),
        TABLE_ARGS)
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False)
    name = sa.Column(sa.String(255), nullable=True)
    chassis_id = sa.Column(sa.Integer, sa.ForeignKey('chassis.id'),
                           nullable=True)
    instance_uuid = sa.Column(sa.String(36), nullable=True)
    driver = sa.Column(sa.String(255), nullable=False)
    driver_info = sa.Column(db_types.JsonEncodedDict, nullable=True)
    driver_internal_info = sa.Column(db_types.JsonEncodedDict, nullable=True)
    properties = sa.Column(db_types.JsonEncodedDict, nullable=True)
    instance_info = sa.Column(db_types.JsonEncodedDict, nullable=True)
    extra = sa.Column(db_types.JsonEncodedDict, nullable=True)
    power_state = sa.Column(sa.String(15), nullable=True)
    target_power_state = sa.Column(sa.String(15), nullable=True)
    provision_state = sa.Column(sa.String(15), nullable=True)
    target_provision_state = sa.Column(sa.String(15), nullable=True)
    provision_updated_at = sa.Column(sa.DateTime, nullable=True)
    last_error = sa.Column(sa.Text, nullable=True)
    maintenance = sa.Column(sa.Boolean, nullable=False, default=False,
                            server_default=sa.false())
    maintenance_reason = sa.Column(sa.Text, nullable=True)
    fault = sa.Column(sa.String(255), nullable=True)
    console_enabled = sa.Column(sa.Boolean, nullable=False, default=False,
                                server_default=sa.false())
    reservation = sa.Column(sa.String(255), nullable=True)
    conductor_affinity = sa.Column(
        sa.Integer, sa.ForeignKey('conductors.id',
                                  name='nodes_conductor_affinity_fk'),
        nullable=True)
    conductor_group = sa.Column(sa.String(255), nullable=False, default='',
                                server_default='')
    inspection_started_at = sa.Column(sa.DateTime, nullable=True)
    inspection_finished_at = sa.Column(sa.DateTime, nullable=True)
    clean_step = sa.Column(db_types.JsonEncodedDict, nullable=True)
    deploy_step = sa.Column(db_types.JsonEncodedDict, nullable=True)
    raid_config = sa.Column(db_types.JsonEncodedDict, nullable=True)
    target_raid_config = sa.Column(db_types.JsonEncodedDict, nullable=True)
    resource_class = sa.Column(sa.String(80), nullable=True)
    bios_interface = sa.Column(sa.String(255), nullable=True)
    boot_interface = sa.Column(sa.String(255), nullable=True)
    console_interface = sa.Column(sa.String(255), nullable=True)
    deploy_interface = sa.Column(sa.String(255), nullable=True)
    inspect_interface = sa.Column(sa.String(255), nullable=True)
    management_interface = sa.Column(sa.String(255), nullable=True)
    network_interface = sa.Column(sa.String(255), nullable=True)
    power_interface = sa.Column(sa.String(255), nullable=True)
    raid_interface = sa.Column(sa.String(255), nullable=True)
    rescue_interface = sa.Column(sa.String(255), nullable=True)
    storage_interface = sa.Column(sa.String(255), nullable=True)
    vendor_interface = sa.Column(sa.String(255), nullable=True)
    # Release 2.0
    automated_clean = sa.Column(sa.Boolean, nullable=True)
    protected = sa.Column(sa.Boolean, nullable=False, default=False,
                          server_default=sa.false())
    protected_reason = sa.Column(sa.Text, nullable=True)
    owner = sa.Column(sa.String(255), nullable=True)
    description = sa.Column(sa.Text, nullable=True)
    # Release 3.0
    allocation_id = sa.Column(sa.Integer, nullable=True)
    retired = sa.Column(sa.Boolean, nullable=False, default=False,
                        server_default=sa.false())
    retired_reason = sa.Column(sa.Text, nullable=True)
    lessee = sa.Column(sa.String(255), nullable=True)
    network_data = sa.Column(db_types.JsonEncodedDict, nullable=True)
    # Not an object field: the first 32 bits of the md5 of uuid, where the
    # hash rings place the node (ironic_lite.common.hash_ring.uuid_hash).
    # Written by Connection.create_node; NULL on rows an older release
    # created until the online migration fill_node_uuid_hash ran.
    uuid_hash = sa.Column(sa.BigInteger, nullable=True)
    traits = orm.relationship('NodeTrait', lazy='selectin',
                              order_by='NodeTrait.trait',
                              passive_deletes=True)


class NodeTrait(VersionMixin, Base):
    __tablename__ = 'node_traits'
    __table_args__ = (sa.Index('node_traits_idx', 'trait'), TABLE_ARGS)
    node_id = sa.Column(sa.Integer,
                        sa.ForeignKey('nodes.id', ondelete='CASCADE'),
                        primary_key=True, nullable=False)
    trait = sa.Column(sa.String(255), primary_key=True, nullable=False)


class Portgroup(VersionMixin, Base):
    __tablename__ = 'portgroups'
    __table_args__ = (
        sa.UniqueConstraint('uuid', name='uniq_portgroups0uuid'),
        sa.UniqueConstraint('address', name='uniq_portgroups0address'),
        sa.UniqueConstraint('name', name='uniq_portgroups0name'),
        TABLE_ARGS)
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False)
    name = sa.Column(sa.String(255), nullable=True)
    node_id = sa.Column(sa.Integer, sa.ForeignKey('nodes.id'), nullable=True)
    address = sa.Column(sa.String(18), nullable=True)
    extra = sa.Column(db_types.JsonEncodedDict, nullable=True)
    internal_info = sa.Column(db_types.JsonEncodedDict, nullable=True)
    standalone_ports_supported = sa.Column(sa.Boolean, nullable=True,
                                           default=True)
    mode = sa.Column(sa.String(255), nullable=True)
    properties = sa.Column(db_types.JsonEncodedDict, nullable=True)


class Port(VersionMixin, Base):
    __tablename__ = 'ports'
    __table_args__ = (
        sa.UniqueConstraint('uuid', name='uniq_ports0uuid'),
        sa.UniqueConstraint('address', name='uniq_ports0address'),
        sa.Index('ports_node_id_idx', 'node_id'),
        TABLE_ARGS)
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False)
    address = sa.Column(sa.String(18), nullable=True)
    node_id = sa.Column(sa.Integer, sa.ForeignKey('nodes.id'), nullable=True)
    portgroup_id = sa.Column(sa.Integer, sa.ForeignKey('portgroups.id'),
                             nullable=True)
    extra = sa.Column(db_types.JsonEncodedDict, nullable=True)
    local_link_connection = sa.Column(db_types.JsonEncodedDict, nullable=True)
    pxe_enabled = sa.Column(sa.Boolean, nullable=False, default=True,
                            server_default=sa.true())
    internal_info = sa.Column(db_types.JsonEncodedDict, nullable=True)
    physical_network = sa.Column(sa.String(64), nullable=True)
    # Release 3.0 (API 1.53)
    is_smartnic = sa.Column(sa.Boolean, nullable=False, default=False,
                            server_default=sa.false())


class VolumeConnector(VersionMixin, Base):
    """A node's initiator for remote volumes (release 2.0). Rows go with
    their node: the foreign key cascades, so release 1.0, which deletes
    nodes without knowing this table, deletes them too."""

    __tablename__ = 'volume_connectors'
    __table_args__ = (
        sa.UniqueConstraint('uuid', name='uniq_volumeconnectors0uuid'),
        sa.UniqueConstraint('type', 'connector_id',
                            name='uniq_volumeconnectors0type0connector_id'),
        sa.Index('volume_connectors_node_id_idx', 'node_id'),
        TABLE_ARGS)
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False)
    node_id = sa.Column(sa.Integer,
                        sa.ForeignKey('nodes.id', ondelete='CASCADE'),
                        nullable=False)
    type = sa.Column(sa.String(32), nullable=False)
    connector_id = sa.Column(sa.String(255), nullable=False)
    extra = sa.Column(db_types.JsonEncodedDict, nullable=True)


class VolumeTarget(VersionMixin, Base):
    """A remote volume a node can boot from or use (release 2.0); goes
    with its node as :class:`VolumeConnector` does."""

    __tablename__ = 'volume_targets'
    __table_args__ = (
        sa.UniqueConstraint('uuid', name='uniq_volumetargets0uuid'),
        sa.UniqueConstraint('node_id', 'boot_index',
                            name='uniq_volumetargets0node_id0boot_index'),
        sa.Index('volume_targets_node_id_idx', 'node_id'),
        TABLE_ARGS)
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False)
    node_id = sa.Column(sa.Integer,
                        sa.ForeignKey('nodes.id', ondelete='CASCADE'),
                        nullable=False)
    volume_type = sa.Column(sa.String(64), nullable=False)
    properties = sa.Column(db_types.JsonEncodedDict, nullable=True)
    boot_index = sa.Column(sa.Integer, nullable=False)
    volume_id = sa.Column(sa.String(36), nullable=False)
    extra = sa.Column(db_types.JsonEncodedDict, nullable=True)


class BIOSSetting(VersionMixin, Base):
    """One BIOS setting of a node as its BIOS interface last read it
    (release 2.0). The primary key (node_id, name) makes a name unique per
    node; rows go with their node (the foreign key cascades, so release
    1.0, which does not know this table, deletes them too)."""

    __tablename__ = 'bios_settings'
    __table_args__ = (TABLE_ARGS,)
    node_id = sa.Column(sa.Integer,
                        sa.ForeignKey('nodes.id', ondelete='CASCADE'),
                        primary_key=True, nullable=False)
    name = sa.Column(sa.String(255), primary_key=True, nullable=False)
    value = sa.Column(sa.Text, nullable=True)


class DeployTemplate(VersionMixin, Base):
    """A named set of deploy steps (release 3.0, API 1.55), applied to
    the deploy of a node whose instance_info traits name it."""

    __tablename__ = 'deploy_templates'
    __table_args__ = (
        sa.UniqueConstraint('uuid', name='uniq_deploytemplates0uuid'),
        sa.UniqueConstraint('name', name='uniq_deploytemplates0name'),
        TABLE_ARGS)
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False)
    name = sa.Column(sa.String(255), nullable=False)
    extra = sa.Column(db_types.JsonEncodedDict, nullable=True)
    steps = orm.relationship('DeployTemplateStep', lazy='selectin',
                             order_by='DeployTemplateStep.id',
                             cascade='all, delete-orphan',
                             passive_deletes=True)


class DeployTemplateStep(Base):
    """One step of a deploy template, in the template's order (its
    ``id``); rows go with their template (the foreign key cascades)."""

    __tablename__ = 'deploy_template_steps'
    __table_args__ = (
        sa.Index('deploy_template_id', 'deploy_template_id'),
        TABLE_ARGS)
    id = sa.Column(sa.Integer, primary_key=True)
    deploy_template_id = sa.Column(
        sa.Integer, sa.ForeignKey('deploy_templates.id', ondelete='CASCADE'),
        nullable=False)
    interface = sa.Column(sa.String(255), nullable=False)
    step = sa.Column(sa.String(255), nullable=False)
    args = sa.Column(db_types.JsonEncodedDict, nullable=False)
    priority = sa.Column(sa.Integer, nullable=False)


class Allocation(VersionMixin, Base):
    """A request for a node by resource class and traits (release 3.0,
    API 1.52). The conductor fills ``node_id`` when it claims a node; the
    row goes with its node (the foreign key cascades, so release 2.0,
    which does not know this table, deletes it too)."""

    __tablename__ = 'allocations'
    __table_args__ = (
        sa.UniqueConstraint('uuid', name='uniq_allocations0uuid'),
        sa.UniqueConstraint('name', name='uniq_allocations0name'),
        sa.Index('allocations_node_id_idx', 'node_id'),
        sa.Index('allocations_state_idx', 'state'),
        TABLE_ARGS)
    id = sa.Column(sa.Integer, primary_key=True)
    uuid = sa.Column(sa.String(36), nullable=False)
    name = sa.Column(sa.String(255), nullable=True)
    node_id = sa.Column(sa.Integer,
                        sa.ForeignKey('nodes.id', ondelete='CASCADE'),
                        nullable=True)
    state = sa.Column(sa.String(15), nullable=False)
    owner = sa.Column(sa.String(255), nullable=True)
    last_error = sa.Column(sa.Text, nullable=True)
    resource_class = sa.Column(sa.String(80), nullable=True)
    traits = sa.Column(db_types.JsonEncodedList, nullable=True)
    candidate_nodes = sa.Column(db_types.JsonEncodedList, nullable=True)
    extra = sa.Column(db_types.JsonEncodedDict, nullable=True)
    conductor_affinity = sa.Column(
        sa.Integer, sa.ForeignKey('conductors.id',
                                  name='allocations_conductor_affinity_fk'),
        nullable=True)


#: Tables behind versioned objects, by object class name.
VERSIONED_MODELS = {
    'Chassis': Chassis,
    'Conductor': Conductor,
    'Node': Node,
    'Port': Port,
    'Portgroup': Portgroup,
    'Trait': NodeTrait,
    'BIOSSetting': BIOSSetting,
    'VolumeConnector': VolumeConnector,
    'VolumeTarget': VolumeTarget,
    'DeployTemplate': DeployTemplate,
    'Allocation': Allocation,
}
