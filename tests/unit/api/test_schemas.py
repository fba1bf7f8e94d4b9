"""Guard: what the schemas let through fits the columns it is stored in.

A string field's ``maxLength`` is its column's length (a TEXT column:
at most ``validation.TEXT_MAX_LENGTH``); a dict stored as JSON has
``maxStoredBytes`` within a TEXT column; the list filters on text
columns are bounded by the column's length. A new field, or a column
resized by a migration, fails here until the schema says the same.
"""

import pytest
import sqlalchemy as sa

from ironic_lite.api.schemas import chassis
from ironic_lite.api.schemas import node
from ironic_lite.api.schemas import port
from ironic_lite.api.schemas import portgroup
from ironic_lite.api.schemas import volume_connector
from ironic_lite.api.schemas import volume_target
from ironic_lite.api import validation
from ironic_lite.db.sqlalchemy import models

#: API fields that name another row (their columns hold ids).
_REFERENCES = {'chassis_uuid', 'node_uuid', 'portgroup_uuid'}

SCHEMAS = [(node, models.Node), (port, models.Port),
           (portgroup, models.Portgroup), (chassis, models.Chassis),
           (volume_connector, models.VolumeConnector),
           (volume_target, models.VolumeTarget)]


def _kinds(prop):
    kinds = prop.get('type', [])
    return kinds if isinstance(kinds, list) else [kinds]


@pytest.mark.parametrize('module, model', SCHEMAS,
                         ids=[m.__name__ for _, m in SCHEMAS])
def test_writable_fields_fit_their_columns(module, model):
    for name, prop in dict(module.WRITABLE,
                           **module.CREATE['properties']).items():
        if name in _REFERENCES:
            continue
        column = model.__table__.c[name]
        kinds = _kinds(prop)
        if 'string' in kinds:
            length = getattr(column.type, 'length', None)
            if length is not None:
                assert prop.get('maxLength') == length, name
            else:
                assert isinstance(column.type, sa.Text), name
                assert prop['maxLength'] <= validation.TEXT_MAX_LENGTH, name
        if 'object' in kinds:
            assert prop['maxStoredBytes'] <= validation.TEXT_BYTES, name
        if 'integer' in kinds:
            # An INTEGER column: 32 bits on the three databases.
            assert -2 ** 31 <= prop['minimum'] <= prop['maximum'] < 2 ** 31, \
                name


def test_node_filters_fit_their_columns():
    columns = {'conductor': models.Conductor.__table__.c.hostname}
    for name, length in node.FILTER_MAX_LENGTH.items():
        column = columns.get(name, models.Node.__table__.c.get(name))
        assert column.type.length == length, name


def test_traits_fit_their_column():
    assert node.TRAIT['maxLength'] == \
        models.NodeTrait.__table__.c.trait.type.length


def test_every_pattern_is_explained():
    """A ``pattern`` comes with a ``description``: the error message."""
    stack = [module.CREATE for module, _ in SCHEMAS] + [
        node.POWER, node.PROVISION, node.BOOT_DEVICE, node.TRAITS]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if 'pattern' in item:
                assert item.get('description', '').startswith('must'), item
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
