"""The search for the CPU throttling rate that makes a page run like a slower device
(tests/browser/_devices.py, used by the browser test of a slow laptop), on machines made up here:
each scores ``host / rate ** slope``, as Chromium's throttling does, with the index falling a
little faster than the rate rises."""
from __future__ import annotations

import pytest
from browser import _devices


def _machine(host: float, slope: float = 1.1):
    rates = []

    def measure(rate: float) -> float:
        rates.append(rate)
        return host / rate ** slope

    return measure, rates


@pytest.mark.parametrize("host", [300, 1046, 1423, 4000, 9000])
@pytest.mark.parametrize("slope", [1.0, 1.1, 1.25])
def test_the_rate_found_makes_the_page_score_the_device(host, slope):
    measure, rates = _machine(host, slope)
    found = _devices.find_rate(measure, _devices.LOW_TIER_MOBILE)
    assert abs(found.index / _devices.LOW_TIER_MOBILE - 1) <= _devices.TOLERANCE
    assert found.index == pytest.approx(host / found.rate ** slope)
    assert found.host == host and rates[0] == 1.0
    assert len(rates) <= 4, f"{len(rates)} measurements: {rates}"


def test_a_machine_slower_than_the_device_is_not_throttled():
    measure, rates = _machine(200)
    found = _devices.find_rate(measure, _devices.LOW_TIER_MOBILE)
    assert (found.rate, found.index, rates) == (1.0, 200, [1.0])


def test_a_machine_as_fast_as_the_device_is_not_throttled():
    measure, rates = _machine(280)
    found = _devices.find_rate(measure, _devices.LOW_TIER_MOBILE)
    assert (found.rate, rates) == (1.0, [1.0])


def test_the_rate_stops_at_its_limit_on_a_machine_far_faster_than_the_device():
    measure, rates = _machine(1e6)
    found = _devices.find_rate(measure, _devices.LOW_TIER_MOBILE)
    assert found.rate == _devices.MAX_RATE and found.index > _devices.LOW_TIER_MOBILE
    assert rates == [1.0, _devices.MAX_RATE]
    assert "40.0x" in found.describe()
