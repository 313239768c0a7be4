"""Checking time grows in proportion to a page's size, whatever its shape: for each shape that once
grew faster (label words hit thousands of times in one block, a tag with ever more attributes,
suppression comments that never close, dense inline markup), ten times the size may take at most
fifteen times the time. Both sizes are measured in this process, one after the other, each the
fastest of five runs; the sizes are modest so the test stays quick (bench/bench_hostile.py checks
the full-size documents)."""

from __future__ import annotations

import pytest

from tests.adversarial import GROWTH, growth

MAX_RATIO = 15.0
SMALL = {  # bytes of the smaller page; the larger is ten times that
    "one-5mb-line-of-label-words": 100_000,
    "5mb-of-sponsored-by": 100_000,
    "a-million-attributes": 240_000,  # 20,000 attributes, then 200,000
    "8000-unclosed-suppressions": 60_000,  # 2,000 comments, then 20,000
    "5mb-of-inline-labels": 50_000,
}


@pytest.mark.parametrize("name", list(GROWTH))
def test_ten_times_the_size_takes_at_most_fifteen_times_the_time(name):
    small, large = growth(GROWTH[name], SMALL[name])
    assert large <= MAX_RATIO * small, f"{name}: {small:.3f} s, then {large:.3f} s ({large / small:.1f}x)"
