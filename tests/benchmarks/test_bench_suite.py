"""The benchmark's reference suite, data generator and harness (fast; no timing assertions).

The manifest's counts come from the generator's injection bookkeeping; here they are
checked twice: against an independent evaluation with plain Polars and Python ``re``, and
against datacheck's reference suite. The harness's floor and datacheck runners are run
in-process (and the floor once as a child process) on a tiny file.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from datetime import date, datetime
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import datacheck as dc
from benchmarks import spec, tool, vn_checks
from benchmarks.data import Dataset, ensure_dataset, generate, parse_rows
from benchmarks.harness import (
    PROJECT_ROOT,
    Mismatch,
    RunSample,
    Stats,
    compare_counts,
    spawn_tool,
)
from benchmarks.per_check import CheckTiming, markdown_table
from benchmarks.run import (
    FLOORS,
    SizeResult,
    Startup,
    ToolSummary,
    _shown_path,
    compile_bytecode,
    evaluate_targets,
)
from benchmarks.suites import datacheck_suite

ROWS = 50_000
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def dataset(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return ensure_dataset(ROWS, 42, tmp_path_factory.mktemp("bench-data"))


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> Dataset:
    return ensure_dataset(2_000, 3, tmp_path_factory.mktemp("bench-tiny"))


def independent_counts(frame: pl.DataFrame) -> dict[str, dict[str, int]]:
    """Every reference check's counts with plain Polars and Python, following DESIGN.md."""
    rows = frame.height
    out: dict[str, dict[str, int]] = {}
    column = {name: frame[name].to_list() for name in frame.columns}
    for name in spec.NOT_NULL:
        out[f"not_null:{name}"] = {"evaluated": rows, "failed": frame[name].null_count()}
    for name, pattern in spec.PATTERNS.items():
        values = [v for v in column[name] if v is not None]
        bad = sum(1 for v in values if re.search(pattern, v) is None)
        out[f"pattern:{name}"] = {"evaluated": len(values), "failed": bad}
    for name, allowed in spec.SETS.items():
        values = [v for v in column[name] if v is not None]
        out[f"in_set:{name}"] = {
            "evaluated": len(values),
            "failed": sum(1 for v in values if v not in allowed),
        }
    births: list[date] = [v for v in column["birth_date"] if v is not None]
    out["between:birth_date"] = {
        "evaluated": len(births),
        "failed": sum(1 for v in births if not spec.BIRTH_MIN <= v <= spec.BIRTH_MAX),
    }
    updates: list[datetime] = [v for v in column["updated_at"] if v is not None]
    out["fresh:updated_at"] = {
        "evaluated": len(updates),
        "failed": sum(1 for v in updates if v < spec.FRESH_CUTOFF),
    }
    ids = [v for v in column["person_id"] if v is not None]
    seen = Counter(ids)
    out["unique:person_id"] = {
        "evaluated": len(ids),
        "failed": sum(n for n in seen.values() if n > 1),
    }
    out["row_count"] = {
        "evaluated": 1,
        "failed": int(not spec.ROW_COUNT_MIN <= rows <= spec.ROW_COUNT_MAX),
    }
    return out


def test_manifest_agrees_with_an_independent_evaluation(dataset: Dataset) -> None:
    frame = pl.read_parquet(dataset.path)
    assert frame.columns == list(spec.COLUMNS)
    assert frame.height == ROWS
    assert independent_counts(frame) == dataset.manifest["checks"]


def test_datacheck_reference_suite_counts_equal_the_manifest(dataset: Dataset) -> None:
    result = dc.run(datacheck_suite(), dataset.path, as_of=spec.AS_OF)
    got = {c.id: {"evaluated": c.evaluated, "failed": c.failed} for c in result.checks}
    assert got == dataset.manifest["checks"]
    unique = result.check("unique:person_id")
    injected = dataset.manifest["injected"]["person_id"]
    assert unique.details["groups"] == injected["duplicate_groups"]
    assert unique.details["surplus"] == injected["duplicate"]


def test_every_check_has_failures_to_find(dataset: Dataset) -> None:
    failing = {k for k, v in dataset.manifest["checks"].items() if v["failed"] > 0}
    assert failing == set(spec.CHECK_IDS) - {"row_count"}


def test_reference_suite_has_exactly_the_fifteen_checks() -> None:
    suite = datacheck_suite()
    assert len(suite.checks) == 15
    assert Counter(c.kind for c in suite.checks) == {
        "not_null": 5,
        "pattern": 3,
        "in_set": 3,
        "between": 1,
        "fresh": 1,
        "unique": 1,
        "row_count": 1,
    }
    assert tuple(r for c in suite.checks for r in c.result_ids()) == spec.CHECK_IDS
    patterns = {c.columns[0]: c.pattern for c in suite.checks if isinstance(c, dc.checks.Pattern)}
    assert patterns["person_id"] == "^[0-9]{12}$"


def test_suite_can_be_cut_to_one_check() -> None:
    suite = datacheck_suite(["unique:person_id"])
    assert [c.kind for c in suite.checks] == ["unique"]
    with pytest.raises(ValueError, match="unknown check ids"):
        datacheck_suite(["nope"])


def test_generator_is_reproducible_and_seeded() -> None:
    a, manifest_a = generate(3_000, seed=5)
    b, manifest_b = generate(3_000, seed=5)
    c, _ = generate(3_000, seed=6)
    assert a.equals(b)
    assert manifest_a == manifest_b
    assert not a.equals(c)


def test_ids_are_twelve_digit_strings_with_duplicates() -> None:
    frame, manifest = generate(3_000, seed=1)
    ids = frame["person_id"].drop_nulls()
    assert ids.str.contains(r"^[0-9]{12}$").sum() == ids.len() - 9  # 0.3% malformed
    assert ids.is_duplicated().sum() == manifest["injected"]["person_id"]["duplicated_rows"]


def test_dataset_is_cached(tmp_path: Path) -> None:
    first = ensure_dataset(1_500, 2, tmp_path)
    stamp = first.path.stat().st_mtime_ns
    again = ensure_dataset(1_500, 2, tmp_path)
    assert again.path == first.path
    assert again.path.stat().st_mtime_ns == stamp
    assert again.manifest == first.manifest
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "people-v1-1500-s2.manifest.json",
        "people-v1-1500-s2.parquet",
    ]


@pytest.mark.parametrize(
    ("text", "rows"), [("50000", 50_000), ("200k", 200_000), ("5M", 5_000_000)]
)
def test_parse_rows(text: str, rows: int) -> None:
    assert parse_rows(text) == rows


def test_floor_and_datacheck_runners_in_process(tiny: Dataset) -> None:
    floor = tool.run_floor(tiny.path)
    assert floor.rows == tiny.rows
    assert floor.counts == {}
    assert tool.run_floor(tiny.path, columns=[]).rows == tiny.rows
    keys = tool.run_floor_key(tiny.path)
    assert (keys.rows, keys.counts) == (tiny.rows, {})
    outcome = tool.run_datacheck(tiny.path)
    assert outcome.rows == tiny.rows
    assert outcome.counts == tiny.expected_failed()
    assert {"metrics", "samples"} <= set(outcome.phases)
    measured = tool.measure("datacheck", tiny.path, only=["not_null:gender"])
    assert measured.counts == {"not_null:gender": tiny.expected_failed()["not_null:gender"]}
    assert measured.wall >= 0
    assert measured.cpu >= 0
    assert measured.peak_rss_kib > 0
    with pytest.raises(ValueError, match="unknown tool"):
        tool.measure("nope", tiny.path)


def test_floor_runs_as_a_measured_child_process(tiny: Dataset) -> None:
    # the harness holding a lot of memory must not show up as the child's peak
    ballast = bytearray(512 * 2**20)
    ballast[:: 2**12] = b"x" * len(ballast[:: 2**12])
    sample = spawn_tool("floor", tiny.path, timeout=120)
    del ballast
    assert sample.ok, sample.error
    assert sample.run["rows"] == tiny.rows
    assert 0 < sample.peak_rss_mib < 400
    assert sample.process_wall >= sample.wall >= 0
    keys = spawn_tool("floor-key", tiny.path, timeout=120)
    assert keys.ok, keys.error
    assert keys.run["rows"] == tiny.rows


def test_datacheck_import_time_covers_its_engine(tiny: Dataset) -> None:
    """``import datacheck`` alone loads nothing heavy: the harness imports the engine too, so
    its loading is timed as import (like the peers'), not inside datacheck's wall time."""
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from benchmarks import tool\n"
        "modules, runner = tool.TOOLS['datacheck']\n"
        "for m in modules: __import__(m)\n"
        "loaded = all(m in sys.modules for m in"
        " ('polars', 'datacheck.runner', 'datacheck.engine.local', 'datacheck.checks'))\n"
        "before = set(sys.modules)\n"
        f"runner(Path({str(tiny.path)!r}))\n"
        "late = sorted(m for m in set(sys.modules) - before if m.startswith('datacheck'))\n"
        "print(loaded, late)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False, cwd=REPO
    )
    assert done.returncode == 0, done.stderr
    # nothing of datacheck is first imported inside the timed run
    assert done.stdout.strip() == "True []"
    run = tool.measure("datacheck", tiny.path)
    assert run.import_s > 0
    assert run.counts


def test_start_up_is_measured_with_compiled_bytecode() -> None:
    """Every module of the package has its bytecode, as in an installed wheel, so the
    start-up measured is not that of compiling the sources."""
    import importlib.util  # noqa: PLC0415

    package = Path(dc.__file__).parent
    cached = Path(importlib.util.cache_from_source(str(package / "_fast.py")))
    cached.unlink(missing_ok=True)  # imports fall back to the source meanwhile
    assert compile_bytecode()
    assert cached.is_file()
    sources = sorted(package.rglob("*.py"))
    assert len(sources) > 50
    missing = [
        str(source.relative_to(package))
        for source in sources
        if not Path(importlib.util.cache_from_source(str(source))).is_file()
    ]
    assert missing == []


def test_compare_counts_shows_disagreements() -> None:
    expected = {"a": 1, "b": 2, "c": 3}
    assert compare_counts(dict(expected), expected) == []
    got = compare_counts({"a": 1, "b": 5}, expected, {"b": "nulls count"})
    assert got == [Mismatch("b", 2, 5, "nulls count"), Mismatch("c", 3, None, "not reported")]


def fake_size(rows: int, seconds: dict[str, float], mib: dict[str, float]) -> SizeResult:
    tools = {}
    for name, wall in seconds.items():
        run: dict[str, Any] = {"wall": wall, "cpu": wall, "import_s": 0.1, "version": "x"}
        sample = RunSample(name, ok=True, error=None, run=run, peak_rss_mib=mib[name])
        tools[name] = ToolSummary(name, [sample], None if name in FLOORS else [])
    manifest = {"rows": rows, "checks": {}}
    return SizeResult(Dataset(Path(f"/nowhere/{rows}.parquet"), manifest), tools)


def test_targets_are_evaluated_from_medians() -> None:
    size = fake_size(
        5_000_000,
        {"floor": 1.0, "floor-key": 0.2, "datacheck": 1.8, "pandera": 4.0, "gx": 30.0},
        {"floor": 500, "floor-key": 150, "datacheck": 600, "pandera": 900, "gx": 4000},
    )
    scale = fake_size(
        20_000_000,
        {"floor": 4.0, "floor-key": 0.8, "datacheck": 8.0},
        {"floor": 2000, "floor-key": 400, "datacheck": 850},
    )
    quick = Stats.of([0.2])
    startup = Startup(
        python=quick, import_datacheck=quick, cli_help=Stats.of([0.7]), cli_command="datacheck"
    )
    verdicts = [(t.name, t.verdict) for t in evaluate_targets([size], scale, startup)]
    assert [v for _, v in verdicts] == [
        "HOLDS",  # 1.8× ≤ 2.0×
        "HOLDS",  # 1.2× ≤ 1.5×
        "HOLDS",  # pandera 4.0 / 1.8 = 2.2× ≥ 2×
        "MISSES",  # 8.0 / 1.8 = 4.4× > 4× rows
        "HOLDS",  # +250 MiB ≤ the key columns' +250 MiB
        "HOLDS",  # import 0.2 s
        "MISSES",  # --help 0.7 s
    ]
    assert "stretch 1.5×: MISSES" in evaluate_targets([size], None, None)[0].detail
    missing = evaluate_targets([size], None, None)
    assert [t.verdict for t in missing[3:]] == ["NOT MEASURED"] * 3


def test_ratios_are_also_shown_by_cpu_and_round_by_round() -> None:
    walls = {"floor": [1.0, 1.2, 1.1], "datacheck": [1.9, 2.0, 2.3], "dataframely": [4.0, 3.6, 4.4]}
    cpus = {"floor": 2.0, "datacheck": 3.0, "dataframely": 6.3}
    tools = {}
    for name, runs in walls.items():
        samples = [
            RunSample(
                name,
                ok=True,
                error=None,
                run={"wall": wall, "cpu": cpus[name], "import_s": 0.1, "version": "x"},
                peak_rss_mib=100.0,
            )
            for wall in runs
        ]
        tools[name] = ToolSummary(name, samples, None if name in FLOORS else [])
    size = SizeResult(Dataset(Path("/nowhere/5.parquet"), {"rows": 5_000_000, "checks": {}}), tools)
    wall, _, peer, *_ = evaluate_targets([size], None, None)
    # per round: 1.9 / 1.0, 2.0 / 1.2, 2.3 / 1.1
    assert "round by round 1.67–2.09×" in wall.detail
    # medians 4.0 / 2.0; per round 4.0 / 1.9, 3.6 / 2.0, 4.4 / 2.3; CPU 6.3 / 3.0
    assert peer.verdict == "HOLDS"
    assert "= 2.00× faster (by CPU seconds 2.10×; round by round 1.80–2.11×)" in peer.detail


def memory_growth(datacheck: tuple[float, float], keys: tuple[float, float] | None) -> Any:
    """The memory growth target for datacheck's and floor-key's peaks at 5M and 20M rows."""
    small = {"floor": 500.0, "datacheck": datacheck[0]}
    large = {"floor": 2000.0, "datacheck": datacheck[1]}
    if keys is not None:
        small["floor-key"], large["floor-key"] = keys
    size = fake_size(5_000_000, dict.fromkeys(small, 1.0), small)
    scale = fake_size(20_000_000, dict.fromkeys(large, 4.0), large)
    return evaluate_targets([size], scale, None)[4]


def test_memory_may_grow_at_most_by_the_key_columns() -> None:
    # linear growth is not enough: the bound is what holding the keys costs
    linear = memory_growth((400, 1000), (150, 400))
    assert linear.name == "5M→20M peak memory grows at most by the key columns"
    assert linear.verdict == "MISSES"
    assert "+600 MiB" in linear.detail
    assert "(floor-key, person_id) 150 → 400 MiB (+250 MiB)" in linear.detail
    assert memory_growth((400, 650), (150, 400)).verdict == "HOLDS"  # exactly the keys' +250
    assert memory_growth((400, 651), (150, 400)).verdict == "MISSES"
    unmeasured = memory_growth((400, 650), None)
    assert unmeasured.verdict == "NOT MEASURED"
    assert "floor-key" in unmeasured.detail


def test_per_check_table_keeps_failed_checks() -> None:
    ok = CheckTiming("pattern:email", ("email",), Stats.of([0.7]), Stats.of([0.3]), 0.4, 0.3, 500.0)
    cheap = CheckTiming("row_count", (), Stats.of([0.02]), Stats.of([0.01]))
    broken = CheckTiming("unique:person_id", ("person_id",), None, Stats.of([0.1]), error="boom")
    lines = markdown_table([cheap, broken, ok])
    assert [line.split("|")[1].strip() for line in lines[2:]] == [
        "`pattern:email`",
        "`row_count`",
        "`unique:person_id`",
    ]
    assert "+0.400" in lines[2]
    assert "failed: boom" in lines[4]
    assert broken.as_dict()["overhead_s"] is None


def test_vn_check_timing_runs_on_a_small_sample(tmp_path, monkeypatch):
    monkeypatch.setattr(vn_checks, "DATA", tmp_path)
    path = vn_checks.dataset(2_000)
    timings = vn_checks.time_vn_checks(path, repeat=1)
    assert [t.check for t in timings] == [c.result_ids()[0] for c, _ in vn_checks.VN_CHECKS]
    assert all(t.wall > 0 and t.floor_wall > 0 for t in timings)


def test_report_names_data_inside_and_outside_the_project(tmp_path: Path) -> None:
    inside = PROJECT_ROOT / "benchmarks" / "data" / "x.parquet"
    assert _shown_path(inside) == str(Path("benchmarks") / "data" / "x.parquet")
    outside = tmp_path / "x.parquet"
    assert _shown_path(outside) == str(outside.resolve())
