"""The sort-based grouping of digit keys equals the hash ``group_by`` it replaces.

Hypothesis draws keys that collide often (a small pool of short strings), mixing ASCII digit
strings with leading zeros and different lengths, 17- and 18-digit strings (the edge of the
code), signs, spaces, full-width and other Unicode digits, empty strings and nulls, and
random tier ranks; every ``unique`` result and tier count must equal the hash path's and a
plain-Python count.
"""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import datacheck as dc
from datacheck.checks import InSet, Unique
from datacheck.checks.base import CompileContext
from datacheck.engine.digit_keys import (
    MAX_CODE_DIGITS,
    PACKED_COLUMN,
    decode_digit_code,
    digit_code,
    records_by_code,
    sorted_groups,
)
from datacheck.engine.plan import compile_plan
from datacheck.engine.stages import GroupStage

SETTINGS = settings(
    max_examples=200,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

TRICKY = ["+", "-", " ", "\u00a0", "\u200b", "０", "１", "٣", "९", "𝟎", "a", "Đ", "_", "\x00"]
DIGIT_STRINGS = st.text(alphabet="0123456789", min_size=1, max_size=MAX_CODE_DIGITS)


def is_digit_string(value: str) -> bool:
    return 1 <= len(value) <= MAX_CODE_DIGITS and all(c in "0123456789" for c in value)


def packed_in_file_order(keys: list[str | None], ranks: list[int] | None) -> list[int | None]:
    """Plain Python: each row's code (value * 20 + length) times 4 plus its rank, or None."""
    return [
        (int(key) * 20 + len(key)) * 4 + (ranks[row] if ranks is not None else 0)
        if key is not None and is_digit_string(key)
        else None
        for row, key in enumerate(keys)
    ]


@st.composite
def tricky_strings(draw: st.DrawFn) -> str:
    """A digit string, possibly too long, with up to two adversarial characters inserted."""
    chars = list(draw(st.text(alphabet="0123456789", min_size=0, max_size=MAX_CODE_DIGITS + 2)))
    for _ in range(draw(st.integers(min_value=0, max_value=2))):
        position = draw(st.integers(min_value=0, max_value=len(chars)))
        chars.insert(position, draw(st.sampled_from(TRICKY)))
    return "".join(chars)


@st.composite
def keyed_rows(draw: st.DrawFn) -> tuple[list[str | None], list[int]]:
    """Keys drawn from a small pool (so they repeat) and a tier rank per row."""
    pool = draw(
        st.lists(st.one_of(DIGIT_STRINGS, tricky_strings(), st.none()), min_size=1, max_size=12)
    )
    keys = draw(st.lists(st.sampled_from(pool), min_size=0, max_size=60))
    ranks = draw(st.lists(st.integers(0, 2), min_size=len(keys), max_size=len(keys)))
    return keys, ranks


# ---------------------------------------------------------------------------- the code


@SETTINGS
@given(st.lists(st.one_of(DIGIT_STRINGS, tricky_strings()), min_size=1, max_size=40))
@example(["0", "00", "000", "1", "01", "+1", "-1", " 1", "１", "", "9" * 17, "9" * 18])
def test_the_code_is_exactly_the_digit_strings_and_tells_them_apart(values: list[str]) -> None:
    codes = pl.select(digit_code(pl.lit(pl.Series(values, dtype=pl.String)))).to_series()
    for value, code in zip(values, codes.to_list(), strict=True):
        assert (code is not None) == is_digit_string(value), value
    coded = {v: c for v, c in zip(values, codes.to_list(), strict=True) if c is not None}
    assert len(set(coded.values())) == len(coded)  # distinct strings, distinct codes


@SETTINGS
@given(st.lists(DIGIT_STRINGS, min_size=1, max_size=40))
def test_decoding_gives_the_string_back(values: list[str]) -> None:
    series = pl.Series(values, dtype=pl.String)
    back = pl.select(decode_digit_code(digit_code(pl.lit(series)))).to_series().to_list()
    assert back == values


def test_the_largest_code_leaves_room_for_a_rank() -> None:
    largest = int("9" * MAX_CODE_DIGITS) * 20 + MAX_CODE_DIGITS
    assert largest * 4 + 3 < 2**64


# ---------------------------------------------------------------------------- the frame


def hash_frame(keys: list[str | None], ranks: list[int]) -> Counter[tuple[object, ...]]:
    """The hash ``group_by``'s frame, one-row digit groups keyed "" (what the sort gives)."""
    counts: dict[str | None, list[int]] = {}
    for key, rank in zip(keys, ranks, strict=True):
        size, needs, unusable = counts.get(key, [0, 0, 0])
        counts[key] = [size + 1, needs + (rank == 1), unusable + (rank == 2)]
    return Counter(
        ("" if key is not None and is_digit_string(key) and size == 1 else key, size, n, u)
        for key, (size, n, u) in counts.items()
    )


@SETTINGS
@given(keyed_rows(), st.booleans(), st.booleans())
def test_the_sorted_frame_is_the_hash_frame_up_to_one_row_digit_keys(
    rows: tuple[list[str | None], list[int]], ranked: bool, cached: bool
) -> None:
    keys, ranks = rows
    frame = pl.LazyFrame(
        {"k": pl.Series(keys, dtype=pl.String), "r": pl.Series(ranks, dtype=pl.UInt8)}
    )
    frame = frame.cache() if cached else frame  # as the engine passes it
    if ranked:
        counts = {"needs": 1, "unusable": 2}
        got = sorted_groups(frame, "k", "n", rank="r", rank_counts=counts).frame.collect()
        assert got.columns == ["k", "n", "needs", "unusable"]
        assert Counter(got.rows()) == hash_frame(keys, ranks)
    else:
        got = sorted_groups(frame, "k", "n").frame.collect()
        assert got.columns == ["k", "n"]
        expected = Counter(row[:2] for row in hash_frame(keys, ranks).elements())
        assert Counter(got.rows()) == expected


@SETTINGS
@given(keyed_rows(), st.booleans())
def test_the_codes_come_in_file_order_beside_the_same_frame(
    rows: tuple[list[str | None], list[int]], ranked: bool
) -> None:
    keys, ranks = rows
    frame = pl.LazyFrame(
        {"k": pl.Series(keys, dtype=pl.String), "r": pl.Series(ranks, dtype=pl.UInt8)}
    ).cache()
    options = {"rank": "r", "rank_counts": {"needs": 1, "unusable": 2}} if ranked else {}
    groups = sorted_groups(frame, "k", "n", with_codes=True, **options)
    assert groups.codes is not None
    frame_alone = sorted_groups(frame, "k", "n", **options).frame
    got_frame, got_codes = pl.collect_all([groups.frame, groups.codes])
    assert Counter(got_frame.rows()) == Counter(frame_alone.collect().rows())
    expected = packed_in_file_order(keys, ranks if ranked else None)
    assert got_codes[PACKED_COLUMN].to_list() == expected
    assert sorted_groups(frame, "k", "n").codes is None


def first_rows_with(keys: list[str | None], wanted: list[str]) -> list[str]:
    """The keys, in file order, of the rows whose key is wanted (plain Python)."""
    return [k for k in keys if k is not None and k in set(wanted)]


@SETTINGS
@given(keyed_rows(), st.data())
def test_records_by_code_are_the_rows_of_the_keys_in_file_order(
    rows: tuple[list[str | None], list[int]], data: st.DataObject
) -> None:
    keys, ranks = rows
    present = sorted({k for k in keys if k is not None})
    wanted = data.draw(
        st.lists(st.one_of(st.sampled_from(present), tricky_strings()), max_size=5)
        if present
        else st.lists(tricky_strings(), max_size=5)
    )
    frame = pl.LazyFrame(
        {"k": pl.Series(keys, dtype=pl.String), "r": pl.Series(ranks, dtype=pl.UInt8)}
    )
    groups = sorted_groups(frame, "k", "n", rank="r", with_codes=True)
    assert groups.codes is not None
    got = records_by_code(
        groups.codes, pl.LazyFrame({"k": pl.Series(wanted, dtype=pl.String)}), "k"
    )
    found = got.collect()["k"].to_list()
    if all(is_digit_string(k) for k in wanted):
        assert found == first_rows_with(keys, wanted)
    else:  # a key without a code: nothing, so that the caller looks up by the strings
        assert found == []


def test_rank_counts_outside_the_two_low_bits_are_refused() -> None:
    frame = pl.LazyFrame({"k": ["1"], "r": [0]})
    with pytest.raises(ValueError, match="rank values must be 0 to 3"):
        sorted_groups(frame, "k", "n", rank="r", rank_counts={"x": 4})
    with pytest.raises(ValueError, match="rank_counts needs the rank column"):
        sorted_groups(frame, "k", "n", rank_counts={"x": 1})


# ---------------------------------------------------------------------------- unique


def python_unique(keys: list[str | None]) -> tuple[int, int, int, int, list[str]]:
    """evaluated, failed, duplicated groups, surplus and the 5 smallest duplicated keys."""
    present = Counter(k for k in keys if k is not None)
    duplicated = {k: n for k, n in present.items() if n > 1}
    failed = sum(duplicated.values())
    return (
        sum(present.values()),
        failed,
        len(duplicated),
        failed - len(duplicated),
        sorted(duplicated)[:5],
    )


FLAGS = ("ok", "fix", "drop")  # row rank 0, 1 (a normal check fails), 2 (a critical one fails)


def ranked_unique(
    keys: list[str | None], ranks: list[int], *, critical: bool
) -> tuple[pl.DataFrame, dc.Suite]:
    """The keys with a flag per row that gives the record its rank, and a suite checking both."""
    frame = pl.DataFrame({"k": pl.Series(keys, dtype=pl.String), "flag": [FLAGS[r] for r in ranks]})
    suite = dc.Suite(
        name="s",
        key=["k"],
        checks=[
            Unique(columns=["k"], severity="critical" if critical else "normal"),
            InSet(columns=["flag"], values=["ok"], name="fix"),
            InSet(columns=["flag"], values=["ok", "fix"], severity="critical", name="drop"),
        ],
    )
    return frame, suite


def python_tiers(keys: list[str | None], ranks: list[int], unique_rank: int) -> tuple[int, int]:
    """Records needing correction and unusable: each record's worst rank."""
    present = Counter(k for k in keys if k is not None)
    final = [
        max(rank, unique_rank if key is not None and present[key] > 1 else 0)
        for key, rank in zip(keys, ranks, strict=True)
    ]
    return final.count(1), final.count(2)


@SETTINGS
@given(keyed_rows(), st.booleans())
@example(
    (["1", "01", "1", None, None, "x", "x", "9" * 18, "9" * 18], [0, 1, 2, 1, 0, 2, 0, 1, 0]), True
)
def test_unique_over_string_keys_equals_python_and_the_hash_path(
    rows: tuple[list[str | None], list[int]], critical: bool
) -> None:
    keys, ranks = rows
    frame, suite = ranked_unique(keys, ranks, critical=critical)
    result = dc.run(suite, frame, as_of="2026-01-01")
    check = result.check("unique:k")
    evaluated, failed, groups, surplus, smallest = python_unique(keys)
    assert (check.evaluated, check.failed) == (evaluated, failed)
    assert (check.details["groups"], check.details["surplus"]) == (groups, surplus)
    # samples: the first records, in file order, of the smallest duplicated keys
    assert [s.key["k"] for s in check.samples] == [k for k in keys if k in smallest][:5]
    assert result.tiers is not None
    expected = python_tiers(keys, ranks, 2 if critical else 1)
    assert (result.tiers.needs_correction, result.tiers.unusable) == expected
    # the same run with the key as categorical text takes the hash path: same answers
    hashed = dc.run(suite, frame.with_columns(pl.col("k").cast(pl.Categorical)), as_of="2026-01-01")
    assert hashed.check("unique:k").to_dict() == check.to_dict()
    assert hashed.tiers == result.tiers


@SETTINGS
@given(keyed_rows(), keyed_rows(), st.booleans())
def test_two_unique_keys_and_untiered_runs_equal_python(
    first: tuple[list[str | None], list[int]],
    second: tuple[list[str | None], list[int]],
    tiered: bool,
) -> None:
    # two ranked keys, or no tiers at all, take the plain stage queries (no rank column)
    size = min(len(first[0]), len(second[0]))
    a, b = first[0][:size], second[0][:size]
    frame = pl.DataFrame({"a": pl.Series(a, dtype=pl.String), "b": pl.Series(b, dtype=pl.String)})
    rules = None if tiered else {"unusable": [], "needs_correction": []}
    suite = dc.Suite(name="s", checks=[Unique(columns=["a"]), Unique(columns=["b"])], tiers=rules)
    result = dc.run(suite, frame, as_of="2026-01-01")
    for column, keys in (("a", a), ("b", b)):
        check = result.check(f"unique:{column}")
        evaluated, failed, groups, surplus, _ = python_unique(keys)
        assert (check.evaluated, check.failed) == (evaluated, failed), column
        assert (check.details["groups"], check.details["surplus"]) == (groups, surplus)
    assert result.tiers is not None
    if tiered:  # two ranked keys: the tiers come from their own exact passes
        counts = Counter(a), Counter(b)
        duplicated = [
            (x is not None and counts[0][x] > 1) or (y is not None and counts[1][y] > 1)
            for x, y in zip(a, b, strict=True)
        ]
        assert (result.tiers.needs_correction, result.tiers.unusable) == (sum(duplicated), 0)
    else:
        assert (result.tiers.needs_correction, result.tiers.unusable) == (0, 0)


def test_string_keys_are_sorted_and_other_keys_hashed() -> None:
    frame = pl.LazyFrame({"k": ["1", "2", "2"], "i": [1, 2, 2]})
    context = CompileContext(schema=frame.collect_schema(), as_of=datetime(2026, 1, 1, tzinfo=UTC))

    def explained(column: str) -> str:
        return compile_plan([Unique(columns=[column])], context).explain(frame, {})

    assert "SORT BY" in explained("k")
    assert "SORT BY" not in explained("i")


def test_the_sort_is_fed_while_the_scan_runs(
    tmp_path: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Polars runs one memory-intensive pipeline blocker per phase: if the non-digit keys'
    # group_by took the scan's phase, the sort would wait and a cache would hold every
    # (key, rank, code) row until the scan ends (130-180 MiB more at 20M rows). The engine
    # sorts captured codes after the scan (tests/engine/test_digit_capture.py); the sort
    # node is its fallback, forced here.
    monkeypatch.setattr(GroupStage, "captured", lambda *args, **kwargs: None)
    rows = 60_000
    keys = [f"{i % 45_000:012d}" for i in range(rows)]
    keys[::97] = [f"ID{i}" for i in range(len(keys[::97]))]  # keys without a digit code
    keys[::101] = [None] * len(keys[::101])
    frame = pl.DataFrame({"id": keys, "g": ["a", "b", "c"] * (rows // 3)})
    path = tmp_path / "keys.parquet"
    frame.write_parquet(path, row_group_size=5_000)
    suite = dc.Suite(
        name="s", key=("id",), checks=[Unique(columns=["id"]), InSet(columns=["g"], values=["a"])]
    )
    capfd.readouterr()
    with pl.Config(verbose=True):
        result = dc.run(suite, path, as_of="2026-01-01")
    phases = capfd.readouterr().err.split("done running graph phase")
    scanning = [p for p in phases if "running multi-scan[parquet] in subgraph" in p]
    assert scanning, "no streaming phase read the file"
    assert any("running sort in subgraph" in p for p in scanning)
    expected = Counter(k for k in keys if k is not None)
    duplicated = sum(n for n in expected.values() if n > 1)
    assert result.check("unique:id").failed == duplicated
