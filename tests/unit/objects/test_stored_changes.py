"""Online migrations convert stored rows without building objects
(``stored_changes``): what they write must be what a read and a save in
the target version write."""

import pytest
import sqlalchemy as sa

from ironic_lite.common import context
from ironic_lite.db import api as db_api
from ironic_lite.db.sqlalchemy import enginefacade
from ironic_lite import objects
from ironic_lite.upgrade import release_mappings
from tests import fixtures
from tests.unit.db import utils

ALL_VERSIONS = [None, '1.0', '1.1', '1.2']


def _rows(conf):
    """Rows of every version a release wrote, some with their newer
    columns NULL, some with no version at all."""
    for pin in release_mappings.pin_choices() + [None]:
        conf.config(pin_release_version=pin)
        utils.create_test_node(driver_info={'ipmi_password': 'p',
                                            'ipmi_address': 'a'})
        utils.create_test_node(driver_info={}, protected=True,
                               retired=True, network_data={'x': 1})
    conf.config(pin_release_version=None)
    db_api.get_instance().create_node(utils.get_test_node(version=None))
    with enginefacade.writer() as session:
        session.execute(sa.text(
            'UPDATE nodes SET network_data = NULL, automated_clean = NULL, '
            'driver_info = NULL WHERE id % 2 = 1'))
    return db_api.get_instance().get_rows_at_versions('Node', ALL_VERSIONS,
                                                      100)


def _as_read(values, changes):
    """The row after ``changes``, as this code reads it."""
    row = dict(values, **changes)
    stored_encrypted = {key: str(value).startswith('fernet:')
                        for key, value in (row['driver_info'] or {}).items()}
    obj = objects.Node._from_db_object(context.get_admin_context(),
                                       objects.Node(), dict(row, traits=[]))
    read = obj.as_dict()
    read.pop('traits')
    return read, stored_encrypted, row['version']


@pytest.mark.parametrize('pin', release_mappings.pin_choices() + [None])
def test_stored_changes_write_what_an_object_saves(db, conf, pin):
    rows = _rows(conf)
    assert {values['version'] for values, _ in rows} == set(ALL_VERSIONS)
    conf.config(pin_release_version=pin)
    target = objects.Node.get_target_version()
    ctx = context.get_admin_context()
    for values, _stored in rows:
        fast = objects.Node.stored_changes(values, target)
        obj = objects.Node._from_db_object(ctx, objects.Node(),
                                           dict(values, traits=[]))
        slow = obj.do_version_changes_for_db()
        slow.pop('traits', None)
        assert _as_read(values, fast) == _as_read(values, slow), values
        # Nothing written that the save would not write.
        assert set(fast) <= set(slow)


def test_a_class_that_converts_only_by_object_says_so(db):
    with fixtures.next_release() as next_class:
        assert next_class.stored_changes({'version': '1.0'}, '1.0') is None
    assert objects.Node.stored_changes(
        {'version': objects.Node.VERSION}, objects.Node.VERSION) == {
            'version': objects.Node.VERSION}
