"""Digit keys grouped by capturing their codes during the scan and sorting them after it.

The captured frame must equal the sort node's (:func:`sorted_groups`, itself proven equal to
the hash ``group_by``) on adversarial keys, the codes must come back in file order, and a
capture Polars did not feed exactly once per row must be refused, the engine then falling
back to the sort node with the same answers.
"""

from __future__ import annotations

import sys
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import datacheck as dc
from datacheck import runner
from datacheck.checks import InSet, Unique
from datacheck.engine import digit_capture, local
from datacheck.engine.digit_capture import (
    NO_CODE,
    CaptureError,
    CodeCapture,
    captured_groups,
    repeated_runs,
)
from datacheck.engine.digit_keys import (
    MAX_CODE_DIGITS,
    PACKED_COLUMN,
    sorted_groups,
)
from tests.engine.test_digit_keys import (
    SETTINGS,
    keyed_rows,
    packed_in_file_order,
    ranked_unique,
)


def frame_of(keys: list[str | None], ranks: list[int]) -> pl.LazyFrame:
    return pl.LazyFrame(
        {"k": pl.Series(keys, dtype=pl.String), "r": pl.Series(ranks, dtype=pl.UInt8)}
    ).cache()


def run_captured(
    frame: pl.LazyFrame, **options: object
) -> tuple[pl.DataFrame, pl.DataFrame | None]:
    captured = captured_groups(frame, "k", "n", **options)  # type: ignore[arg-type]
    groups = captured.finish(captured.query.collect(engine="streaming"))
    codes = None if groups.codes is None else groups.codes.collect(engine="streaming")
    return groups.frame.collect(engine="streaming"), codes


@SETTINGS
@given(keyed_rows(), st.booleans())
def test_the_captured_frame_is_the_sort_nodes_frame(
    rows: tuple[list[str | None], list[int]], ranked: bool
) -> None:
    keys, ranks = rows
    frame = frame_of(keys, ranks)
    options = {"rank": "r", "rank_counts": {"needs": 1, "unusable": 2}} if ranked else {}
    got, codes = run_captured(frame, with_codes=True, **options)
    expected = sorted_groups(frame, "k", "n", **options).frame.collect()  # type: ignore[arg-type]
    assert got.columns == expected.columns
    assert Counter(got.rows()) == Counter(expected.rows())
    # the codes, in file order, for the records' lookup
    assert codes is not None
    in_file_order = packed_in_file_order(keys, ranks if ranked else None)
    assert codes[PACKED_COLUMN].to_list() == in_file_order


def in_groups(packed: list[int]) -> list[int]:
    """Plain Python: the sorted packed codes whose code is also another row's."""
    plain = [value // 4 for value in packed]
    return [value for value, code in zip(packed, plain, strict=True) if plain.count(code) > 1]


@SETTINGS
@given(st.lists(st.integers(0, 40), max_size=80))
def test_repeated_runs_are_the_codes_shared_whatever_their_ranks(packed: list[int]) -> None:
    codes = np.array(sorted(packed), dtype=np.uint64)
    assert repeated_runs(codes).tolist() == in_groups(sorted(packed))
    assert codes.tolist() == sorted(packed)  # the codes themselves intact


@SETTINGS
@given(st.lists(st.integers(0, 40), max_size=40), st.integers(1, 5), st.integers(1, 4))
def test_repeated_runs_are_the_same_across_blocks_and_threads(
    packed: list[int], block: int, threads: int
) -> None:
    # a pair straddling two blocks, or two threads' ranges, is seen from both sides
    codes = np.array(sorted(packed), dtype=np.uint64)
    original = digit_capture._BLOCK, digit_capture._MIN_SEGMENT
    try:
        digit_capture._BLOCK, digit_capture._MIN_SEGMENT = block, 1
        found = repeated_runs(codes, threads=threads).tolist()
    finally:
        digit_capture._BLOCK, digit_capture._MIN_SEGMENT = original
    assert found == in_groups(sorted(packed))


def test_the_largest_packed_codes_are_compared_exactly() -> None:
    largest = (int("9" * MAX_CODE_DIGITS) * 20 + MAX_CODE_DIGITS) * 4 + 3
    codes = np.array([largest - 4, largest - 1, largest], dtype=np.uint64)
    assert repeated_runs(codes).tolist() == [largest - 1, largest]


@SETTINGS
@given(
    st.lists(st.one_of(st.integers(0, 12), st.integers(0, NO_CODE)), max_size=60),
    st.integers(1, 5),
)
def test_the_threaded_sort_sorts_every_array(values: list[int], threads: int) -> None:
    # segments of one row at least (the real minimum keeps small arrays on one thread)
    codes = np.array(values, dtype=np.uint64)
    original = digit_capture._MIN_SEGMENT
    try:
        digit_capture._MIN_SEGMENT = 1
        digit_capture.sort_in_place(codes, threads=threads)
    finally:
        digit_capture._MIN_SEGMENT = original
    assert codes.tolist() == sorted(values)


def test_a_large_array_is_sorted_by_several_threads(monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[int] = []
    real_start = digit_capture.threading.Thread.start

    def start(self: digit_capture.threading.Thread) -> None:
        started.append(1)
        real_start(self)

    monkeypatch.setattr(digit_capture.threading.Thread, "start", start)
    rows = 3 * digit_capture._MIN_SEGMENT
    codes = np.random.default_rng(7).integers(0, 1000, rows).astype(np.uint64)
    expected = np.sort(codes)
    digit_capture.sort_in_place(codes, threads=3)
    assert len(started) == 2  # the calling thread sorts the first segment
    assert np.array_equal(codes, expected)


def test_codes_without_a_code_sort_last_and_are_left_out() -> None:
    capture = CodeCapture()
    codes = pl.Series([NO_CODE, 12, NO_CODE, 4], dtype=pl.UInt64)
    assert capture.sorted_codes(codes).tolist() == [4, 12]
    assert capture.sorted_codes(pl.Series([], dtype=pl.UInt64)).tolist() == []


# ---------------------------------------------------------------------------- the capture


def seen(rows: int) -> pl.DataFrame:
    return pl.DataFrame({"__datacheck_capture_rows": [rows]})


def part(*values: int) -> pl.Series:
    return pl.Series(PACKED_COLUMN, values, dtype=pl.UInt64)


def test_morsels_received_out_of_order_come_back_in_file_order() -> None:
    capture = CodeCapture([(3, part(7, 8)), (0, part(4, 5, 6))])
    assert capture.file_order(seen(5)).to_list() == [4, 5, 6, 7, 8]


@pytest.mark.parametrize(
    ("parts", "rows", "message"),
    [
        ([(0, part(4, 5)), (0, part(4, 5))], 4, "start at row 0, expected row 2"),  # twice
        ([(0, part(4)), (2, part(6))], 3, "start at row 2, expected row 1"),  # a gap
        ([(0, part(4, 5))], 3, "captured 2 codes for 3 rows"),  # a morsel missing at the end
        ([], 1, "captured 0 codes for 1 rows"),  # never called
    ],
)
def test_a_capture_not_fed_exactly_once_per_row_is_refused(
    parts: list[tuple[int, pl.Series]], rows: int, message: str
) -> None:
    with pytest.raises(CaptureError, match=message):
        CodeCapture(parts).file_order(seen(rows))


def test_rank_counts_that_disagree_with_the_capture_are_refused() -> None:
    frame = frame_of(["1", "2", "2", None], [0, 1, 2, 0])
    captured = captured_groups(frame, "k", "n", rank="r", rank_counts={"needs": 1})
    seen = captured.query.collect(engine="streaming")
    ranked = [c for c in seen.columns if c.startswith(digit_capture._RANKED)]
    assert seen.select(ranked).row(0) == (1, 1, 1, 0)  # the three coded rows, by rank
    tampered = seen.with_columns(pl.lit(2, dtype=pl.UInt32).alias(ranked[0]))
    with pytest.raises(CaptureError, match="counted 4 coded rows by rank, the capture 3"):
        captured.finish(tampered)


def parquet_keys(tmp_path: Path) -> tuple[Path, list[str | None]]:
    rows = 60_000
    keys: list[str | None] = [f"{i % 45_000:012d}" for i in range(rows)]
    keys[::97] = [f"ID{i}" for i in range(len(keys[::97]))]  # keys without a digit code
    keys[::101] = [None] * len(keys[::101])
    frame = pl.DataFrame({"id": keys, "g": ["a", "b", "c"] * (rows // 3)})
    path = tmp_path / "keys.parquet"
    frame.write_parquet(path, row_group_size=5_000)
    return path, keys


def expected_duplicates(keys: list[str | None]) -> tuple[int, int]:
    counts = Counter(k for k in keys if k is not None)
    duplicated = {k: n for k, n in counts.items() if n > 1}
    return sum(duplicated.values()), len(duplicated)


@pytest.fixture
def capture(monkeypatch: pytest.MonkeyPatch) -> None:
    """The digit key sorted after the scan whatever the rows (see the last tests)."""
    monkeypatch.setattr(local, "sorts_after_scan", lambda rows: True)


SUITE = dc.Suite(
    name="s", key=("id",), checks=[Unique(columns=["id"]), InSet(columns=["g"], values=["a"])]
)


def test_the_codes_are_taken_morsel_by_morsel_while_the_scan_runs(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capfd: pytest.CaptureFixture[str],
    capture: None,
) -> None:
    # no sort node holds the rows until the scan ends: each morsel's codes are handed over
    # as it passes (the metrics query sorts nothing), and the sort runs after the scan
    path, keys = parquet_keys(tmp_path)
    taken: list[int] = []
    real_take = CodeCapture._take

    def take(self: CodeCapture, batch: pl.Series) -> pl.Series:
        taken.append(len(batch))
        return real_take(self, batch)

    monkeypatch.setattr(CodeCapture, "_take", take)
    capfd.readouterr()
    with pl.Config(verbose=True):
        result = dc.run(SUITE, path, as_of="2026-01-01")
    phases = capfd.readouterr().err.split("done running graph phase")
    scanning = [p for p in phases if "running multi-scan[parquet] in subgraph" in p]
    assert scanning, "no streaming phase read the file"
    assert not any("running sort in subgraph" in p for p in scanning)
    assert len(taken) > 1, taken  # morsels, not one column gathered at the end
    assert sum(taken) == len(keys)
    failed, groups = expected_duplicates(keys)
    unique = result.check("unique:id")
    assert (unique.failed, unique.details["groups"]) == (failed, groups)


@pytest.mark.parametrize("fault", ["twice", "dropped"])
def test_a_faulty_capture_falls_back_to_the_sort_node_with_the_same_answers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fault: str, capture: None
) -> None:
    path, keys = parquet_keys(tmp_path)
    expected = dc.run(SUITE, path, as_of="2026-01-01")
    real_take = CodeCapture._take
    calls = []
    counting = threading.Lock()  # morsels arrive on several threads: number them atomically

    def faulty(self: CodeCapture, batch: pl.Series) -> pl.Series:
        with counting:
            calls.append(len(batch))
            call = len(calls)
        out = real_take(self, batch)
        if call == 2:  # exactly one call is faulty, whatever the threads' interleaving
            if fault == "twice":
                real_take(self, batch)
            else:
                self.parts.pop()
        return out

    monkeypatch.setattr(CodeCapture, "_take", faulty)
    logs = []
    real_execute = runner.execute

    def execute(*args: object, **kwargs: object) -> object:
        execution = real_execute(*args, **kwargs)
        logs.append(execution.log)
        return execution

    monkeypatch.setattr(runner, "execute", execute)
    result = dc.run(SUITE, path, as_of="2026-01-01")
    assert [(log.captures, log.capture_fallbacks) for log in logs] == [(1, 1)]
    assert result.check("unique:id").to_dict() == expected.check("unique:id").to_dict()
    assert expected_duplicates(keys)[0] == result.check("unique:id").failed


def test_the_groups_built_from_memory_are_built_again_for_each_branch_not_cached(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capture: None
) -> None:
    # a cache node would hold the whole group frame (a row per key) while the sample keys'
    # top-k waits: 100-190 MiB at 20M rows; Polars' common-subplan elimination would put
    # one back, so the query after the scan runs without it
    path, _ = parquet_keys(tmp_path)
    plans: list[str] = []
    real_collect = pl.LazyFrame.collect

    def collect(self: pl.LazyFrame, **kwargs: Any) -> Any:
        flags = kwargs.get("optimizations", pl.QueryOptFlags())
        plan = self.explain(engine="streaming", optimizations=flags)
        if "_sample_keys" in plan and str(path) not in plan:
            plans.append(plan)
        return real_collect(self, **kwargs)

    monkeypatch.setattr(pl.LazyFrame, "collect", collect)
    dc.run(SUITE, path, as_of="2026-01-01")
    (plan,) = plans
    lines = plan.splitlines()
    first: dict[str, str] = {}  # each cache's input (printed under its first reader only)
    for i, line in enumerate(lines):
        if "CACHE[" in line:
            first.setdefault(line.strip(), lines[i + 1].strip())
    # the only cache holds the five sample keys (read by their list and the records' join)
    assert len(first) == 1, plan
    (cached,) = first.values()
    assert cached.startswith("SORT BY [slice: (0, 5)]"), cached
    assert plan.count('DF ["__datacheck_digit_packed"]') >= 3  # each branch reads the codes


# ---------------------------------------------------------------------------- which sort


def test_numpy_sorts_when_loaded_when_the_rows_are_unknown_or_many(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delitem(sys.modules, "numpy")  # as in a new process: importing costs ~50 ms
    assert not local.sorts_after_scan(5_000_000)
    assert not local.sorts_after_scan(local.NUMPY_SORT_MIN_ROWS - 1)
    assert local.sorts_after_scan(local.NUMPY_SORT_MIN_ROWS)
    assert local.sorts_after_scan(None)  # unknown rows: the lean way
    monkeypatch.setitem(sys.modules, "numpy", np)
    assert local.sorts_after_scan(5)


@SETTINGS
@given(keyed_rows(), st.booleans())
def test_the_sort_node_and_the_capture_give_the_same_results(
    rows: tuple[list[str | None], list[int]], critical: bool
) -> None:
    keys, ranks = rows
    frame, suite = ranked_unique(keys, ranks, critical=critical)
    real = local.sorts_after_scan
    try:
        local.sorts_after_scan = lambda rows: True  # type: ignore[assignment]
        captured = dc.run(suite, frame, as_of="2026-01-01")
        local.sorts_after_scan = lambda rows: False  # type: ignore[assignment]
        sorted_in_query = dc.run(suite, frame, as_of="2026-01-01")
    finally:
        local.sorts_after_scan = real  # type: ignore[assignment]
    assert sorted_in_query.check("unique:k").to_dict() == captured.check("unique:k").to_dict()
    assert sorted_in_query.tiers == captured.tiers


@pytest.mark.parametrize("has_flags", [True, False])
def test_the_codes_array_is_writable_and_exactly_sized(
    monkeypatch: pytest.MonkeyPatch, has_flags: bool
) -> None:
    if not has_flags:  # as on Windows: no private anonymous mappings
        monkeypatch.delattr(digit_capture.mmap, "MAP_PRIVATE")
    for rows in (0, 1, 1000):
        codes = digit_capture._codes_array(rows)
        assert codes.dtype == np.uint64
        assert len(codes) == rows
        codes[:] = np.arange(rows, dtype=np.uint64)[::-1]
        codes.sort()
        assert codes.tolist() == list(range(rows))
