"""Deploy templates in the database: a row and its ordered steps."""

import pytest

from ironic_lite.common import exception

STEPS = [
    {'interface': 'raid', 'step': 'create_configuration',
     'args': {'create_root_volume': True}, 'priority': 20},
    {'interface': 'bios', 'step': 'apply_configuration',
     'args': {'settings': []}, 'priority': 30},
]


def _steps(row):
    return [{name: getattr(step, name)
             for name in ('interface', 'step', 'args', 'priority')}
            for step in row.steps]


def _create(dbapi, name='CUSTOM_A', steps=STEPS, **values):
    return dbapi.create_deploy_template(dict(values, name=name,
                                             steps=steps, version='1.0'))


def test_create_and_read_keep_the_order(dbapi):
    row = _create(dbapi)
    assert _steps(row) == STEPS
    for ident in (row.id, row.uuid, 'CUSTOM_A'):
        assert _steps(dbapi.get_deploy_template(ident)) == STEPS


def test_duplicates(dbapi):
    row = _create(dbapi)
    with pytest.raises(exception.DeployTemplateDuplicateName):
        _create(dbapi)
    with pytest.raises(exception.DeployTemplateAlreadyExists):
        _create(dbapi, name='CUSTOM_B', uuid=row.uuid)


def test_update_replaces_the_steps(dbapi):
    row = _create(dbapi)
    updated = dbapi.update_deploy_template(
        row.id, {'steps': STEPS[1:], 'name': 'CUSTOM_C'},
        expected={'steps': STEPS, 'name': 'CUSTOM_A'})
    assert (updated.name, _steps(updated)) == ('CUSTOM_C', STEPS[1:])
    assert _steps(dbapi.get_deploy_template('CUSTOM_C')) == STEPS[1:]


def test_update_based_on_old_values_is_refused(dbapi):
    row = _create(dbapi)
    with pytest.raises(exception.ConcurrentUpdate):
        dbapi.update_deploy_template(row.id, {'steps': []},
                                     expected={'steps': STEPS[1:]})
    assert _steps(dbapi.get_deploy_template(row.id)) == STEPS


def test_by_names_and_destroy(dbapi):
    _create(dbapi, name='CUSTOM_B')
    _create(dbapi, name='CUSTOM_A')
    assert [row.name for row in dbapi.get_deploy_templates_by_names(
        ['CUSTOM_B', 'CUSTOM_A', 'CUSTOM_Z'])] == ['CUSTOM_A', 'CUSTOM_B']
    dbapi.destroy_deploy_template('CUSTOM_A')
    with pytest.raises(exception.DeployTemplateNotFound):
        dbapi.get_deploy_template('CUSTOM_A')
    assert [row.name for row in dbapi.get_deploy_template_list()] == [
        'CUSTOM_B']
