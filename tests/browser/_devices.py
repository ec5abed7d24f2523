"""A slower device, emulated with Chromium's CPU throttling at a rate found for the machine the tests run on.

A fixed throttling rate emulates a different device on every machine: on the slower of this
project's test hosts, where a page scored 1,046-1,208 in five runs, 8 times slower scored 140 (a
budget phone), and the test that used it took 168 of its 240 s. Chrome DevTools' calibrated CPU
presets avoid this: they score the page with Lighthouse's BenchmarkIndex and look for the throttling rate at which
it scores the target device's index. :func:`throttle_to` does the same.

:data:`BENCHMARK` runs the two workloads of Lighthouse's BenchmarkIndex (``computeBenchmarkIndex``
in GoogleChrome/lighthouse, ``core/lib/page-functions.js``), written here from their description:
building a 10,000-character string over and over (the garbage collector runs) and copying 100,000
integers between two arrays (it does not), each for the given time; each scores the number of
times per second divided by 10, and the index is their mean. Higher is faster.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

#: The index of Chrome DevTools' calibrated "low-tier mobile" preset (a Moto G4 Power, 2022):
#: ``lowScore`` in devtools-frontend's ``panels/mobile_throttling/CalibrationController.ts``.
LOW_TIER_MOBILE = 264
#: Close enough to the target (DevTools' own calibration stops within about 10 %).
TOLERANCE = 0.1
#: The throttling rates tried, at most.
MAX_RATE = 40.0
#: How long each workload of one measurement runs (ms).
RUN_MS = 500

BENCHMARK = """async (ms) => {
  const perSecond = (step) => {
    const start = Date.now();
    let n = 0;
    while (n % 10 !== 0 || Date.now() - start < ms) { step(n); n++; }
    return Math.round(n / 10 / ((Date.now() - start) / 1000));
  };
  const strings = perSecond(() => {
    let s = '';
    for (let j = 0; j < 10000; j++) s += 'a';
    if (s.length === 1) throw new Error('kept so that the loop is not optimised away');
  });
  const a = [], b = [];
  for (let i = 0; i < 100000; i++) a[i] = b[i] = i;
  const arrays = perSecond((n) => {
    const [from, to] = n % 2 ? [b, a] : [a, b];
    for (let j = 0; j < from.length; j++) to[j] = from[j];
  });
  return (strings + arrays) / 2;
}"""


@dataclass(frozen=True)
class Throttle:
    rate: float        # Chromium's CPU throttling rate (1 = none)
    host: float        # the page's BenchmarkIndex without throttling
    index: float       # its index at ``rate``
    target: float      # the device's index

    def describe(self) -> str:
        return (f"CPU throttled {self.rate:.1f}x: BenchmarkIndex {self.host:.0f} on this machine, "
                f"{self.index:.0f} throttled, for a device of {self.target:.0f}")


def find_rate(measure: Callable[[float], float], target: float) -> Throttle:
    """The throttling rate at which ``measure(rate)`` (an index) comes within :data:`TOLERANCE` of
    ``target``.

    The index falls a little faster than the rate rises (Chromium's throttling adds its own cost),
    so the first guess, the unthrottled index over the target, is corrected by what it measured,
    a few times. A machine slower than the device is not throttled (rate 1)."""
    host = measure(1.0)
    rate, index = 1.0, host
    for _ in range(5):
        if abs(index / target - 1) <= TOLERANCE or (rate == 1.0 and index < target):
            break
        rate = min(max(rate * index / target, 1.0), MAX_RATE)
        index = measure(rate)
        if rate == MAX_RATE and index > target:
            break
    return Throttle(rate=rate, host=host, index=index, target=target)


def throttle_to(page, target: float = LOW_TIER_MOBILE):
    """Throttle ``page``'s CPU to a device of BenchmarkIndex ``target``; returns the CDP session
    (``.send("Emulation.setCPUThrottlingRate", {"rate": 1})`` ends it) and the :class:`Throttle`.

    The page is measured where it is (an empty page is best: nothing else runs on it)."""
    cdp = page.context.new_cdp_session(page)

    def measure(rate: float) -> float:
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": rate})
        return float(page.evaluate(BENCHMARK, RUN_MS))

    page.evaluate(BENCHMARK, RUN_MS)  # the first run also compiles the loops
    found = find_rate(measure, target)
    cdp.send("Emulation.setCPUThrottlingRate", {"rate": found.rate})
    return cdp, found
