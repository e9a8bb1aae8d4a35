"""Grouping a text key with digit keys as integers gives exactly the plain ``group_by``.

Hypothesis draws adversarial keys: ASCII digit strings with leading zeros, signs, spaces,
full-width and other Unicode digits, lengths around the 18-digit limit, empty strings and
nulls; the groups (key, size, per-group aggregates) must equal Polars' own ``group_by``, and
``unique`` must count what a Python oracle counts.
"""

from __future__ import annotations

from collections import Counter

import polars as pl
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import datacheck as dc
from datacheck.checks import Unique
from datacheck.engine.stages import MAX_KEY_DIGITS, GroupStage, group_by_text_key

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

TRICKY = ["+", "-", " ", "\u00a0", "\n", "０", "１", "٣", "९", "a", "ữ", "_", "."]
DIGITS = list("0123456789")


@st.composite
def keys(draw: st.DrawFn) -> str | None:
    """A key: often a digit string (some with one tricky edit), else text or null."""
    kind = draw(st.sampled_from(["digits", "digits", "edited", "text", "null", "long"]))
    if kind == "null":
        return None
    if kind == "text":
        return draw(st.text(st.sampled_from(DIGITS + TRICKY), max_size=5))
    size = MAX_KEY_DIGITS + draw(st.integers(-1, 2)) if kind == "long" else draw(st.integers(0, 4))
    chars = draw(st.lists(st.sampled_from(DIGITS[:3]), min_size=size, max_size=size))
    if kind == "edited":
        position = draw(st.integers(0, len(chars)))
        chars.insert(position, draw(st.sampled_from(TRICKY)))
    return "".join(chars)


def rows(frame: pl.DataFrame) -> list[tuple[object, ...]]:
    return sorted(frame.rows(), key=lambda r: (r[0] is None, str(r)))


EDGES = [
    "+12", "012", "12", "-12", "０12", " 12", "12 ", "", None, "0", "00", "+0", "-0",
    "1" * MAX_KEY_DIGITS, "0" * MAX_KEY_DIGITS, "9" * (MAX_KEY_DIGITS + 1), "+" + "1" * 17,
]  # fmt: skip


@SETTINGS
@given(st.lists(st.tuples(keys(), st.integers(0, 3)), min_size=0, max_size=60))
@example([(k, i) for i, k in enumerate(EDGES * 2)])
def test_groups_equal_the_plain_group_by(data: list[tuple[str | None, int]]) -> None:
    frame = pl.LazyFrame(
        {"k": [k for k, _ in data], "v": [v for _, v in data]},
        schema={"k": pl.String, "v": pl.Int64},
    )
    aggs = [pl.len().alias("n"), pl.col("v").sum().alias("total"), pl.col("v").max().alias("top")]
    fast = group_by_text_key(frame, "k", aggs).collect(engine="streaming")
    plain = frame.group_by("k").agg(aggs).collect()
    assert fast.schema == plain.schema
    assert rows(fast) == rows(plain)


@SETTINGS
@given(st.lists(keys(), min_size=0, max_size=60))
@example([*EDGES, "+12", "012", "-0", "0"])
def test_unique_counts_equal_a_python_oracle(values: list[str | None]) -> None:
    frame = pl.DataFrame({"k": pl.Series(values, dtype=pl.String)})
    result = dc.run(dc.Suite(name="s", checks=[Unique(columns=["k"])]), frame, as_of="2026-01-01")
    check = result.check("unique:k")
    counts = Counter(v for v in values if v is not None)
    duplicated = {k: n for k, n in counts.items() if n > 1}
    assert check.evaluated == sum(counts.values())
    assert check.failed == sum(duplicated.values())
    if counts:
        assert check.details["groups"] == len(duplicated)
        assert check.details["surplus"] == sum(n - 1 for n in duplicated.values())
    shown = [s.values["k"] for s in check.samples]
    first = [v for v in values if v in sorted(duplicated)[:5]][:5]
    assert shown == first


def test_only_single_text_keys_take_the_integer_path() -> None:
    frame = pl.LazyFrame({"k": ["01", "1", "01"], "i": [1, 1, 1]})
    one = GroupStage(("k",)).frame(frame, {}, [])
    assert "__datacheck_key_number" in one.explain()
    for key in (("i",), ("k", "i")):
        assert "__datacheck_key_number" not in GroupStage(key).frame(frame, {}, []).explain()
