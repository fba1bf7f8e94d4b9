"""The ramdisk deploy and pxe boot interfaces, with fake power and
management underneath (they act on the node only)."""

import os

import pytest

from ironic_lite.common import exception
from ironic_lite.common import states
from ironic_lite.drivers.modules import pxe
from ironic_lite.drivers.modules import ramdisk
from ironic_lite.drivers import steps
from tests.fixtures import driver_task as make_task

URL = 'http://192.0.2.50:9999/agent'


@pytest.fixture
def task(drivers, conf, tmp_path):
    conf.config(config_dir=str(tmp_path / 'pxelinux.cfg'), group='pxe')
    task = make_task(driver='ipmi', power_interface='fake',
                     management_interface='fake',
                     driver_info={'deploy_kernel': 'deploy.kernel',
                                  'deploy_ramdisk': 'deploy.initrd'},
                     provision_state=states.DEPLOYING)
    assert (task.node.deploy_interface, task.node.boot_interface) == (
        'ramdisk', 'pxe')
    return task


def _boot(task):
    return task.driver.management.get_boot_device(task)


def test_deploy_boots_the_ramdisk_from_the_network_and_waits(task):
    assert task.driver.deploy.deploy(task) == states.DEPLOYWAIT
    assert _boot(task) == {'boot_device': 'pxe', 'persistent': False}
    assert task.node.power_state == states.POWER_ON
    with open(pxe.config_path(task.node)) as f:
        text = f.read()
    assert 'kernel deploy.kernel' in text
    assert 'initrd=deploy.initrd' in text
    assert task.node.uuid in text


def test_heartbeat_in_wait_call_back_finishes_the_deploy(task):
    task.driver.deploy.deploy(task)
    task.node.provision_state = states.DEPLOYWAIT
    assert task.driver.deploy.heartbeat(task, URL, '1.0') == 'done'
    assert _boot(task) == {'boot_device': 'disk', 'persistent': True}
    info = task.node.driver_internal_info
    assert info[ramdisk.AGENT_URL] == URL
    assert info[ramdisk.AGENT_VERSION] == '1.0'
    assert info[ramdisk.AGENT_LAST_HEARTBEAT]
    assert not os.path.exists(pxe.config_path(task.node))


def test_heartbeat_elsewhere_only_records(task):
    task.node.provision_state = states.ACTIVE
    assert task.driver.deploy.heartbeat(task, URL) is None
    assert task.node.driver_internal_info[ramdisk.AGENT_URL] == URL
    assert _boot(task)['boot_device'] is None


@pytest.mark.parametrize('url', [None, '', 'ftp://x/', 'not a url'])
def test_heartbeat_with_a_bad_callback_url_fails(task, url):
    task.node.provision_state = states.DEPLOYWAIT
    with pytest.raises(exception.InvalidParameterValue) as raised:
        task.driver.deploy.heartbeat(task, url)
    assert 'callback URL' in str(raised.value)


def test_tear_down_powers_off_and_forgets_the_agent(task):
    task.driver.deploy.deploy(task)
    task.node.provision_state = states.DEPLOYWAIT
    task.driver.deploy.heartbeat(task, URL)
    task.driver.deploy.tear_down(task)
    assert task.node.power_state == states.POWER_OFF
    assert ramdisk.AGENT_URL not in task.node.driver_internal_info
    assert not os.path.exists(pxe.config_path(task.node))


def test_tear_down_after_a_failed_deploy_removes_the_pxe_config(task):
    task.driver.deploy.deploy(task)
    task.driver.deploy.tear_down(task)
    assert not os.path.exists(pxe.config_path(task.node))


def test_steps_are_the_deploy_alone(task):
    assert steps.interface_steps(task.driver.deploy, steps.CLEAN) == []
    assert [(s['step'], s['priority']) for s in steps.interface_steps(
        task.driver.deploy, steps.DEPLOY)] == [('deploy', 100)]


@pytest.mark.parametrize('value', ['a b', 42, ''])
def test_validate_rejects_bad_deploy_images(task, value):
    task.node.driver_info = {'deploy_kernel': value}
    with pytest.raises(exception.InvalidParameterValue) as raised:
        task.driver.deploy.validate(task)
    assert 'deploy_kernel' in str(raised.value)


def test_validate_without_deploy_images(task):
    task.node.driver_info = {}
    task.driver.deploy.validate(task)
    assert set(task.driver.boot.get_properties()) == {'deploy_kernel',
                                                      'deploy_ramdisk'}


def test_deploy_validate_checks_power_too(drivers):
    task = make_task(driver='redfish', driver_info={})
    with pytest.raises(exception.MissingParameterValue) as raised:
        task.driver.deploy.validate(task)
    assert 'redfish_address' in str(raised.value)


def test_failed_boot_device_change_leaves_the_node_powered_as_it_was(
        task, monkeypatch):
    def refuse(*args, **kwargs):
        raise exception.InvalidParameterValue(err='no pxe here')
    monkeypatch.setattr(task.driver.management, 'set_boot_device', refuse)
    with pytest.raises(exception.InvalidParameterValue):
        task.driver.deploy.deploy(task)
    assert task.node.power_state == states.POWER_OFF
