"""The initial schema of release 1.0.

Revision ID: 2a1f1c0e3b7d
Revises: None
"""

from alembic import op
from oslo_db.sqlalchemy import types as db_types
import sqlalchemy as sa

revision = '2a1f1c0e3b7d'
down_revision = None

MYSQL = {'mysql_engine': 'InnoDB', 'mysql_charset': 'utf8mb4'}


def _common():
    return [sa.Column('created_at', sa.DateTime, nullable=True),
            sa.Column('updated_at', sa.DateTime, nullable=True),
            sa.Column('version', sa.String(15), nullable=True)]


def upgrade():
    op.create_table(
        'chassis',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('uuid', sa.String(36), nullable=False),
        sa.Column('description', sa.String(255), nullable=True),
        sa.Column('extra', db_types.JsonEncodedDict, nullable=True),
        *_common(),
        sa.UniqueConstraint('uuid', name='uniq_chassis0uuid'),
        **MYSQL)
    op.create_table(
        'conductors',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('hostname', sa.String(255), nullable=False),
        sa.Column('drivers', db_types.JsonEncodedList, nullable=True),
        sa.Column('online', sa.Boolean, nullable=False),
        sa.Column('conductor_group', sa.String(255), nullable=False,
                  server_default=''),
        *_common(),
        sa.UniqueConstraint('hostname', name='uniq_conductors0hostname'),
        sa.Index('conductors_online_idx', 'online'),
        **MYSQL)
    op.create_table(
        'conductor_hardware_interfaces',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('conductor_id', sa.Integer,
                  sa.ForeignKey('conductors.id', ondelete='CASCADE'),
                  nullable=False),
        sa.Column('hardware_type', sa.String(255), nullable=False),
        sa.Column('interface_type', sa.String(16), nullable=False),
        sa.Column('interface_name', sa.String(255), nullable=False),
        sa.Column('default', sa.Boolean, nullable=False),
        sa.Column('created_at', sa.DateTime, nullable=True),
        sa.Column('updated_at', sa.DateTime, nullable=True),
        sa.UniqueConstraint('conductor_id', 'hardware_type',
                            'interface_type', 'interface_name',
                            name='uniq_conductorhardwareinterfaces0'),
        **MYSQL)
    iface_columns = [sa.Column('%s_interface' % name, sa.String(255),
                               nullable=True)
                     for name in ('bios', 'boot', 'console', 'deploy',
                                  'inspect', 'management', 'network',
                                  'power', 'raid', 'rescue', 'storage',
                                  'vendor')]
    op.create_table(
        'nodes',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('uuid', sa.String(36), nullable=False),
        sa.Column('name', sa.String(255), nullable=True),
        sa.Column('chassis_id', sa.Integer, sa.ForeignKey('chassis.id'),
                  nullable=True),
        sa.Column('instance_uuid', sa.String(36), nullable=True),
        sa.Column('driver', sa.String(255), nullable=False),
        sa.Column('driver_info', db_types.JsonEncodedDict, nullable=True),
        sa.Column('driver_internal_info', db_types.JsonEncodedDict,
                  nullable=True),
        sa.Column('properties', db_types.JsonEncodedDict, nullable=True),
        sa.Column('instance_info', db_types.JsonEncodedDict, nullable=True),
        sa.Column('extra', db_types.JsonEncodedDict, nullable=True),
        sa.Column('power_state', sa.String(15), nullable=True),
        sa.Column('target_power_state', sa.String(15), nullable=True),
        sa.Column('provision_state', sa.String(15), nullable=True),
        sa.Column('target_provision_state', sa.String(15), nullable=True),
        sa.Column('provision_updated_at', sa.DateTime, nullable=True),
        sa.Column('last_error', sa.Text, nullable=True),
        sa.Column('maintenance', sa.Boolean, nullable=False,
                  server_default=sa.false()),
        sa.Column('maintenance_reason', sa.Text, nullable=True),
        sa.Column('fault', sa.String(255), nullable=True),
        sa.Column('console_enabled', sa.Boolean, nullable=False,
                  server_default=sa.false()),
        sa.Column('reservation', sa.String(255), nullable=True),
        sa.Column('conductor_affinity', sa.Integer,
                  sa.ForeignKey('conductors.id',
                                name='nodes_conductor_affinity_fk'),
                  nullable=True),
        sa.Column('conductor_group', sa.String(255), nullable=False,
                  server_default=''),
        sa.Column('inspection_started_at', sa.DateTime, nullable=True),
        sa.Column('inspection_finished_at', sa.DateTime, nullable=True),
        sa.Column('clean_step', db_types.JsonEncodedDict, nullable=True),
        sa.Column('deploy_step', db_types.JsonEncodedDict, nullable=True),
        sa.Column('raid_config', db_types.JsonEncodedDict, nullable=True),
        sa.Column('target_raid_config', db_types.JsonEncodedDict,
                  nullable=True),
        sa.Column('resource_class', sa.String(80), nullable=True),
        *iface_columns,
        *_common(),
        sa.UniqueConstraint('uuid', name='uniq_nodes0uuid'),
        sa.UniqueConstraint('instance_uuid', name='uniq_nodes0instance_uuid'),
        sa.UniqueConstraint('name', name='uniq_nodes0name'),
        sa.Index('nodes_reservation_idx', 'reservation'),
        sa.Index('nodes_driver_idx', 'driver'),
        sa.Index('nodes_provision_state_idx', 'provision_state'),
        sa.Index('nodes_conductor_group_idx', 'conductor_group'),
        sa.Index('nodes_resource_class_idx', 'resource_class'),
        sa.Index('nodes_version_idx', 'version'),
        **MYSQL)
    op.create_table(
        'node_traits',
        sa.Column('node_id', sa.Integer,
                  sa.ForeignKey('nodes.id', ondelete='CASCADE'),
                  primary_key=True, nullable=False),
        sa.Column('trait', sa.String(255), primary_key=True, nullable=False),
        *_common(),
        sa.Index('node_traits_idx', 'trait'),
        **MYSQL)
    op.create_table(
        'portgroups',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('uuid', sa.String(36), nullable=False),
        sa.Column('name', sa.String(255), nullable=True),
        sa.Column('node_id', sa.Integer, sa.ForeignKey('nodes.id'),
                  nullable=True),
        sa.Column('address', sa.String(18), nullable=True),
        sa.Column('extra', db_types.JsonEncodedDict, nullable=True),
        sa.Column('internal_info', db_types.JsonEncodedDict, nullable=True),
        sa.Column('standalone_ports_supported', sa.Boolean, nullable=True),
        sa.Column('mode', sa.String(255), nullable=True),
        sa.Column('properties', db_types.JsonEncodedDict, nullable=True),
        *_common(),
        sa.UniqueConstraint('uuid', name='uniq_portgroups0uuid'),
        sa.UniqueConstraint('address', name='uniq_portgroups0address'),
        sa.UniqueConstraint('name', name='uniq_portgroups0name'),
        **MYSQL)
    op.create_table(
        'ports',
        sa.Column('id', sa.Integer, primary_key=True),
        sa.Column('uuid', sa.String(36), nullable=False),
        sa.Column('address', sa.String(18), nullable=True),
        sa.Column('node_id', sa.Integer, sa.ForeignKey('nodes.id'),
                  nullable=True),
        sa.Column('portgroup_id', sa.Integer, sa.ForeignKey('portgroups.id'),
                  nullable=True),
        sa.Column('extra', db_types.JsonEncodedDict, nullable=True),
        sa.Column('local_link_connection', db_types.JsonEncodedDict,
                  nullable=True),
        sa.Column('pxe_enabled', sa.Boolean, nullable=False,
                  server_default=sa.true()),
        sa.Column('internal_info', db_types.JsonEncodedDict, nullable=True),
        sa.Column('physical_network', sa.String(64), nullable=True),
        *_common(),
        sa.UniqueConstraint('uuid', name='uniq_ports0uuid'),
        sa.UniqueConstraint('address', name='uniq_ports0address'),
        sa.Index('ports_node_id_idx', 'node_id'),
        **MYSQL)
