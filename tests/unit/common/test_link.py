"""How long the link to the database has worked without a break."""

from ironic_lite.common import link
from tests.unit.conductor import utils


def test_steady_since_the_first_success_after_a_failure():
    clock = utils.ManualClock()
    watch = link.LinkWatch(clock=clock)
    assert watch.steady_for() == 0
    watch.worked()
    clock.now += 30
    watch.worked()
    assert watch.steady_for() == 30
    watch.failed()
    assert watch.steady_for() == 0
    clock.now += 100
    watch.worked()
    clock.now += 5
    assert watch.steady_for() == 5


def test_a_gap_between_successes_breaks_the_link():
    clock = utils.ManualClock()
    watch = link.LinkWatch(max_gap=20, clock=clock)
    watch.worked()
    clock.now += 15
    watch.worked()
    assert watch.steady_for() == 15
    # A heartbeat that hung (or did not run) for longer than max_gap may
    # have missed an outage: the count starts again.
    clock.now += 25
    watch.worked()
    assert watch.steady_for() == 0
    clock.now += 10
    assert watch.steady_for() == 10
