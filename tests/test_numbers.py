"""One rule reads a number everywhere (careerkit.text.number): checks, plans, the model."""
from __future__ import annotations

import doctest

import numpy as np
import pytest

from careerkit import check, model, text
from careerkit.plan import _propose


def test_text_doctests():
    assert doctest.testmod(text).failed == 0


@pytest.mark.parametrize("value, expected", [
    (45000, 45000.0), ("45000", 45000.0), ("$12,500", 12500.0), ("€ 1,234.5", 1234.5), ("38 000", 38000.0),
    (np.float64(2.5), 2.5), (np.int64(3), 3.0),
    ("12,5", None), ("1,2345", None), ("about 40k", None), ("", None), (None, None), (float("nan"), None),
    ("inf", None), (True, None), ([1], None),
])
def test_every_reader_uses_the_same_rule(value, expected):
    assert text.number(value) == expected
    assert check._number(value) == expected
    assert _propose._number(value) == expected
    got = model._num({"pay": value}, "pay")
    assert (np.isnan(got) if expected is None else got == expected)
