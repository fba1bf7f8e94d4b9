"""The step framework: what interfaces declare, how the conductor orders
and routes the steps, and how a failing step ends the operation."""

from unittest import mock

import pytest

from ironic_lite.common import exception
from ironic_lite.common import states
from ironic_lite.conductor import steps
from ironic_lite.drivers import base
from ironic_lite.drivers.modules import fake
from ironic_lite.drivers import steps as driver_steps
from ironic_lite import objects
from tests.fixtures import driver_task
from tests.unit.conductor import utils
from tests.unit.db import utils as db_utils


def _node(ctx, api, **kw):
    node = objects.Node(ctx, **db_utils.get_test_node(**kw))
    return api.create_node(ctx, node)


def _names(plan):
    return ['%s.%s' % (step['interface'], step['step']) for step in plan]


def _template(ctx, name, *planned):
    template = objects.DeployTemplate(ctx, name=name, steps=[
        {'interface': i, 'step': s, 'args': a, 'priority': p}
        for i, s, a, p in planned])
    template.create()
    return template


# -- declaring --

def test_marks_are_kept_by_the_class():
    marks = driver_steps.collect_marks(fake.FakeRaid)
    assert set(marks[steps.CLEAN]) == {'create_configuration',
                                       'delete_configuration'}
    assert marks[steps.DEPLOY]['create_configuration']['argsinfo'] == (
        base.RAID_CREATE_ARGSINFO)


def test_an_override_without_a_mark_is_no_step():
    class Plain(fake.FakeDeploy):
        def erase_devices(self, task):
            """Not a step any more."""
    assert 'erase_devices' not in Plain._step_marks[steps.CLEAN]
    assert 'deploy' in Plain._step_marks[steps.DEPLOY]


@pytest.mark.parametrize('priority', [-1, 1.5, True, None])
def test_a_bad_priority_is_refused_at_import(priority):
    with pytest.raises(ValueError):
        driver_steps.clean_step(priority)


def test_argsinfo_needs_descriptions():
    with pytest.raises(ValueError):
        driver_steps.deploy_step(1, argsinfo={'x': {'required': True}})


def test_interface_steps_name_their_interface():
    task = driver_task()
    found = driver_steps.interface_steps(task.driver.bios, steps.DEPLOY)
    assert found == [{'interface': 'bios', 'step': 'apply_configuration',
                      'priority': 0, 'requires_ramdisk': False,
                      'argsinfo': base.BIOS_SETTINGS_ARGSINFO}]


# -- ordering --

def test_driver_steps_by_priority_then_interface_order(monkeypatch):
    task = driver_task()
    marks = {'bios': 10, 'raid': 10, 'deploy': 10, 'power': 10,
             'management': 20}

    def fake_steps(interface, kind):
        name = interface.interface_type
        if name not in marks:
            return []
        return [{'interface': name, 'step': 'x', 'priority': marks[name],
                 'argsinfo': {}, 'requires_ramdisk': False}]
    monkeypatch.setattr(driver_steps, 'interface_steps', fake_steps)
    assert _names(steps.driver_steps_of(task, steps.CLEAN)) == [
        'management.x', 'power.x', 'deploy.x', 'bios.x', 'raid.x']
    assert _names(steps.driver_steps_of(task, steps.DEPLOY)) == [
        'management.x', 'deploy.x', 'power.x', 'bios.x', 'raid.x']


def test_automated_clean_plan_runs_steps_above_zero():
    task = driver_task()
    assert steps.clean_plan(task) == [
        {'interface': 'deploy', 'step': 'erase_devices', 'args': {},
         'priority': 10}]


def test_manual_clean_plan_keeps_the_order_given():
    task = driver_task()
    plan = steps.clean_plan(task, [
        {'interface': 'raid', 'step': 'delete_configuration'},
        {'interface': 'bios', 'step': 'apply_configuration',
         'args': {'settings': []}},
        {'interface': 'deploy', 'step': 'erase_devices'}])
    assert _names(plan) == ['raid.delete_configuration',
                            'bios.apply_configuration',
                            'deploy.erase_devices']
    assert plan[1]['args'] == {'settings': []}


def test_deploy_plan_merges_templates_and_request(ctx, db):
    task = driver_task(instance_info={'traits': ['CUSTOM_B', 'CUSTOM_A',
                                                 'CUSTOM_NONE']})
    _template(ctx, 'CUSTOM_A',
              ('raid', 'create_configuration', {}, 100),
              ('bios', 'apply_configuration', {'settings': []}, 200))
    _template(ctx, 'CUSTOM_B', ('raid', 'delete_configuration', {}, 150))
    _template(ctx, 'CUSTOM_UNUSED', ('raid', 'delete_configuration', {}, 1))
    plan = steps.deploy_plan(task, [
        {'interface': 'bios', 'step': 'apply_configuration',
         'args': {'settings': [{'name': 'a', 'value': 'b'}]},
         'priority': 50}])
    # deploy.deploy (100) and raid.create_configuration (100): the deploy
    # interface first on a tie.
    assert [(name, step['priority']) for name, step in zip(
        _names(plan), plan)] == [
        ('raid.delete_configuration', 150), ('deploy.deploy', 100),
        ('raid.create_configuration', 100),
        ('bios.apply_configuration', 50)]
    assert plan[3]['args'] == {'settings': [{'name': 'a', 'value': 'b'}]}


def test_priority_zero_removes_a_step(ctx, db):
    task = driver_task(instance_info={'traits': ['CUSTOM_A']})
    _template(ctx, 'CUSTOM_A', ('raid', 'create_configuration', {}, 100))
    plan = steps.deploy_plan(task, [
        {'interface': 'raid', 'step': 'create_configuration', 'args': {},
         'priority': 0}])
    assert _names(plan) == ['deploy.deploy']


def test_two_templates_setting_one_step_are_refused(ctx, db):
    task = driver_task(instance_info={'traits': ['CUSTOM_A', 'CUSTOM_B']})
    _template(ctx, 'CUSTOM_A', ('raid', 'create_configuration', {}, 100))
    _template(ctx, 'CUSTOM_B', ('raid', 'create_configuration', {}, 90))
    with pytest.raises(exception.InvalidParameterValue) as e:
        steps.deploy_plan(task)
    assert 'CUSTOM_A and CUSTOM_B' in str(e.value)


@pytest.mark.parametrize('requested, words', [
    ({'interface': 'power', 'step': 'nothing'}, 'has no clean step'),
    ({'interface': 'bios', 'step': 'apply_configuration'},
     'needs argument(s) settings'),
    ({'interface': 'raid', 'step': 'delete_configuration',
      'args': {'x': 1}}, 'takes no argument(s) x'),
])
def test_requested_steps_are_checked(requested, words):
    with pytest.raises(exception.InvalidParameterValue) as e:
        steps.check_requested(driver_task(), steps.CLEAN, [requested])
    assert words in str(e.value)


def test_disable_ramdisk_refuses_in_band_steps():
    task = driver_task()
    requested = [{'interface': 'raid', 'step': 'delete_configuration'}]
    steps.check_requested(task, steps.CLEAN, requested)
    with pytest.raises(exception.InvalidParameterValue) as e:
        steps.check_requested(task, steps.CLEAN, requested,
                              disable_ramdisk=True)
    assert 'requires booting a ramdisk' in str(e.value)


# -- running, through the conductor --

def test_manual_clean_routes_each_step_to_its_interface(ctx, api):
    node = _node(ctx, api, provision_state=states.MANAGEABLE)
    calls = []

    def record(name):
        return lambda task, **args: calls.append((name, args, dict(
            objects.Node.get(ctx, task.node.uuid).clean_step)))
    with mock.patch.object(fake.FakeRaid, 'delete_configuration',
                           side_effect=record('raid')), \
            mock.patch.object(fake.FakeBios, 'apply_configuration',
                              side_effect=record('bios')), \
            mock.patch.object(fake.FakeDeploy, 'erase_devices',
                              side_effect=record('deploy')):
        api.do_node_clean(ctx, node.uuid, [
            {'interface': 'bios', 'step': 'apply_configuration',
             'args': {'settings': []}},
            {'interface': 'raid', 'step': 'delete_configuration'}])
        node = utils.wait_settled(node.uuid)
    assert node.provision_state == states.MANAGEABLE
    assert [(name, args) for name, args, _ in calls] == [
        ('bios', {'settings': []}), ('raid', {})]
    # Each step was the node's clean_step while it ran.
    assert calls[0][2]['step'] == 'apply_configuration'
    assert calls[1][2] == {'interface': 'raid',
                           'step': 'delete_configuration', 'args': {},
                           'priority': 0}
    assert node.clean_step == {}
    assert 'clean_steps' not in node.driver_internal_info


def test_failing_clean_step(ctx, api):
    node = _node(ctx, api, provision_state=states.MANAGEABLE)
    with mock.patch.object(fake.FakeRaid, 'delete_configuration',
                           side_effect=exception.DriverOperationError(
                               reason='disk on fire')):
        api.do_node_clean(ctx, node.uuid, [
            {'interface': 'raid', 'step': 'delete_configuration'}])
        node = utils.wait_settled(node.uuid)
    assert node.provision_state == states.CLEANFAIL
    assert node.reservation is None
    assert 'raid.delete_configuration failed' in node.last_error
    assert 'disk on fire' in node.last_error
    assert node.maintenance and node.fault == 'clean failure'
    assert node.clean_step == {}
    assert 'clean_steps' not in node.driver_internal_info


def test_failing_deploy_step_stops_the_deploy(ctx, api):
    node = _node(ctx, api, provision_state=states.AVAILABLE,
                 target_raid_config={'logical_disks': [
                     {'size_gb': 10, 'raid_level': '1'}]})
    with mock.patch.object(fake.FakeDeploy, 'deploy',
                           side_effect=exception.DriverOperationError(
                               reason='no image')), \
            mock.patch.object(fake.FakeRaid, 'create_configuration') as raid:
        api.do_node_deploy(ctx, node.uuid, deploy_steps=[
            {'interface': 'raid', 'step': 'create_configuration',
             'args': {}, 'priority': 10}])
        node = utils.wait_settled(node.uuid)
    assert node.provision_state == states.DEPLOYFAIL
    assert node.reservation is None
    assert 'Deploy step deploy.deploy failed: ' in node.last_error
    assert not raid.called
    assert node.deploy_step == {}
    assert 'deploy_steps' not in node.driver_internal_info


def test_deploy_runs_template_steps(ctx, api):
    node = _node(ctx, api, provision_state=states.AVAILABLE,
                 instance_info={'traits': ['CUSTOM_RAID']},
                 target_raid_config={'logical_disks': [
                     {'size_gb': 10, 'raid_level': '1',
                      'is_root_volume': True},
                     {'size_gb': 99, 'raid_level': '0'}]})
    _template(ctx, 'CUSTOM_RAID', ('raid', 'create_configuration',
                                   {'create_nonroot_volumes': False}, 120))
    api.do_node_deploy(ctx, node.uuid)
    node = utils.wait_settled(node.uuid)
    assert node.provision_state == states.ACTIVE
    assert node.raid_config == {'logical_disks': [
        {'size_gb': 10, 'raid_level': '1', 'is_root_volume': True}]}


def test_deploy_with_an_unknown_requested_step_changes_nothing(ctx, api):
    node = _node(ctx, api, provision_state=states.AVAILABLE)
    with pytest.raises(exception.InvalidParameterValue):
        api.do_node_deploy(ctx, node.uuid, deploy_steps=[
            {'interface': 'raid', 'step': 'format_everything', 'args': {},
             'priority': 10}])
    node = objects.Node.get(ctx, node.uuid)
    assert node.provision_state == states.AVAILABLE
    assert node.reservation is None


def test_a_waiting_step_resumes_with_the_next_after_heartbeat(ctx, api):
    node = _node(ctx, api, provision_state=states.AVAILABLE)
    with mock.patch.object(fake.FakeDeploy, 'deploy',
                           return_value=states.DEPLOYWAIT), \
            mock.patch.object(fake.FakeRaid, 'delete_configuration') as raid:
        api.do_node_deploy(ctx, node.uuid, deploy_steps=[
            {'interface': 'raid', 'step': 'delete_configuration',
             'args': {}, 'priority': 10}])
        node = utils.wait_settled(node.uuid)
        assert node.provision_state == states.DEPLOYWAIT
        assert node.deploy_step['step'] == 'deploy'
        assert not raid.called
        with mock.patch.object(fake.FakeDeploy, 'heartbeat',
                               return_value='done', create=True):
            api.heartbeat(ctx, node.uuid, 'http://10.0.0.5:9999', '1.0')
            node = utils.wait_for_node(
                node.uuid, lambda n: n.provision_state == states.ACTIVE
                and utils.settled(n))
    assert raid.call_count == 1
    assert node.deploy_step == {}


def test_unexpected_error_of_a_step_fails_the_clean(ctx, api):
    node = _node(ctx, api, provision_state=states.MANAGEABLE)
    with mock.patch.object(fake.FakeRaid, 'delete_configuration',
                           side_effect=KeyError('s3cret')):
        api.do_node_clean(ctx, node.uuid, [
            {'interface': 'raid', 'step': 'delete_configuration'}])
        node = utils.wait_settled(node.uuid)
    assert node.provision_state == states.CLEANFAIL
    assert node.reservation is None
    assert 'raid.delete_configuration failed: unexpected KeyError' in \
        node.last_error
    assert 's3cret' not in node.last_error
