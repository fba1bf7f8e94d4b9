"""A conductor's check that it reaches itself through the broker."""

from ironic_lite.common import context
from ironic_lite.conductor import broker_check
from ironic_lite.conductor import rpcapi


class Pings:
    """Answers pings as scripted (True: answered)."""

    def __init__(self, *answers):
        self.answers = list(answers)

    def __call__(self):
        return self.answers.pop(0)


def test_online_at_the_first_ping_offline_after_failures_in_a_row():
    changes = []
    check = broker_check.BrokerCheck(
        Pings(False, True, False, False, True, False, False, False, True),
        failures=3, on_change=changes.append)
    assert not check.online
    seen = [check.check() for _ in range(9)]
    assert seen == [False, True, True, True, True, True, True, False, True]
    assert changes == [True, False, True]


def test_conductor_answers_ping(conductor):
    api = rpcapi.ConductorAPI()
    assert api.ping(context.get_admin_context(), 'test-host')


def test_no_broker_check_without_a_broker(conductor):
    """The all-in-one has no broker: online from the start."""
    assert conductor.manager.broker is None
    assert conductor.manager.is_online()
    assert conductor.manager.conductor.online
