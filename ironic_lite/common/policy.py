"""Policy (oslo.policy): who may do what through the API.

Defaults: the ``admin`` role (and the noauth context, which is admin) may
do everything; the ``reader`` role may read (every GET). An operator
overrides rules in the file named by ``[oslo_policy]policy_file``; the
generated sample lists every rule (``oslopolicy-sample-generator
--namespace ironic_lite``).
"""

import http.client
import threading

from oslo_policy import policy

from ironic_lite.common import exception

ADMIN = 'rule:admin_api'
READER = 'rule:reader_api'

_BASE_RULES = [
    policy.RuleDefault('admin_api', 'role:admin or is_admin:True',
                       description='Full access to the Bare Metal API.'),
    policy.RuleDefault('reader_api', 'role:reader or rule:admin_api',
                       description='Read access to the Bare Metal API.'),
]

#: (rule, check string, what it guards)
_API_RULES = [
    ('baremetal:node:get', READER, 'read nodes and their sub-resources'),
    ('baremetal:node:create', ADMIN, 'create nodes'),
    ('baremetal:node:update', ADMIN, 'update nodes, their maintenance '
                                     'mode and traits'),
    ('baremetal:node:delete', ADMIN, 'delete nodes'),
    ('baremetal:node:change_state', ADMIN, 'change power and provision '
                                           'states and the boot device'),
    ('baremetal:node:validate', ADMIN, 'validate a node\'s interfaces'),
    ('baremetal:node:inject_nmi', ADMIN, 'send a non-maskable interrupt '
                                         'to a node'),
    ('baremetal:node:set_raid_state', ADMIN, 'set or clear a node\'s '
                                             'target RAID configuration'),
    ('baremetal:node:get_indicator_state', READER, 'list and read a '
                                                   'node\'s indicators'),
    ('baremetal:node:set_indicator_state', ADMIN, 'set a node\'s '
                                                  'indicators'),
    ('baremetal:node:bios:get', READER, 'read a node\'s BIOS settings'),
    ('baremetal:node:vif:list', READER, 'list a node\'s VIFs'),
    ('baremetal:node:vif:attach', ADMIN, 'attach a VIF to a node'),
    ('baremetal:node:vif:detach', ADMIN, 'detach a VIF from a node'),
    ('baremetal:node:ipa_heartbeat', '', 'heartbeat of a node\'s ramdisk '
                                         '(public)'),
    ('baremetal:events:post', ADMIN, 'send events of other services '
                                     '(network port events)'),
    ('baremetal:driver:ipa_lookup', '', 'lookup of a node by its ramdisk '
                                        '(public)'),
    ('baremetal:port:get', READER, 'read ports'),
    ('baremetal:port:create', ADMIN, 'create ports'),
    ('baremetal:port:update', ADMIN, 'update ports'),
    ('baremetal:port:delete', ADMIN, 'delete ports'),
    ('baremetal:portgroup:get', READER, 'read port groups'),
    ('baremetal:portgroup:create', ADMIN, 'create port groups'),
    ('baremetal:portgroup:update', ADMIN, 'update port groups'),
    ('baremetal:portgroup:delete', ADMIN, 'delete port groups'),
    ('baremetal:chassis:get', READER, 'read chassis'),
    ('baremetal:chassis:create', ADMIN, 'create chassis'),
    ('baremetal:chassis:update', ADMIN, 'update chassis'),
    ('baremetal:chassis:delete', ADMIN, 'delete chassis'),
    ('baremetal:driver:get', READER, 'read drivers and their properties'),
    ('baremetal:driver:get_raid_logical_disk_properties', READER,
     'read the RAID logical disk properties of a driver'),
    ('baremetal:conductor:get', READER, 'read conductors'),
    ('baremetal:deploy_template:get', READER, 'read deploy templates'),
    ('baremetal:deploy_template:create', ADMIN, 'create deploy templates'),
    ('baremetal:deploy_template:update', ADMIN, 'update deploy templates'),
    ('baremetal:deploy_template:delete', ADMIN, 'delete deploy templates'),
    ('baremetal:volume:get', READER, 'read volume connectors and targets'),
    ('baremetal:volume:create', ADMIN, 'create volume connectors and '
                                       'targets'),
    ('baremetal:volume:update', ADMIN, 'update volume connectors and '
                                       'targets'),
    ('baremetal:volume:delete', ADMIN, 'delete volume connectors and '
                                       'targets'),
    ('baremetal:allocation:get', READER, 'read allocations'),
    ('baremetal:allocation:create', ADMIN, 'create allocations'),
    ('baremetal:allocation:update', ADMIN, 'update allocations'),
    ('baremetal:allocation:delete', ADMIN, 'delete allocations'),
]

_enforcer = None
_lock = threading.Lock()


class PolicyNotAuthorized(exception.IronicLiteException):
    _msg_fmt = 'Policy doesn\'t allow %(action)s to be performed.'
    code = http.client.FORBIDDEN


def list_rules():
    """Every rule with its default (oslo.policy.policies entry point)."""
    return _BASE_RULES + [policy.RuleDefault(name, check, description=doc)
                          for name, check, doc in _API_RULES]


def get_enforcer(conf=None):
    global _enforcer
    with _lock:
        if _enforcer is None:
            if conf is None:
                from ironic_lite.conf import CONF as conf
            _enforcer = policy.Enforcer(conf)
            _enforcer.register_defaults(list_rules())
        return _enforcer


def reset():
    """Forget the enforcer (tests that change the policy)."""
    global _enforcer
    with _lock:
        _enforcer = None


def authorize(rule, context):
    """Check ``rule`` for the request's context.

    :raises: PolicyNotAuthorized (403)
    """
    if not get_enforcer().authorize(rule, {}, context.to_policy_values(),
                                    do_raise=False):
        raise PolicyNotAuthorized(action=rule)
