"""Failing-record exports: exact, masked, streaming, one row per failing record."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pytest

import datacheck as dc
from datacheck import checks as c
from datacheck.failures import failures, write_failures
from datacheck.pii import mask_value
from samples import generate_samples, write_samples

ROOT = Path(__file__).resolve().parents[1]
AS_OF = "2026-06-30"
SUITES = sorted(p.stem for p in (ROOT / "suites").glob("*.yaml") if p.stem != "national")
DATASET_LEVEL = {"row_count", "required_columns"}


@pytest.fixture(scope="module")
def linked(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, Any]]:
    """The twelve linked sample databases and their suites, paths pointing at them."""
    folder = tmp_path_factory.mktemp("linked")
    samples = generate_samples(rows=20_000, seed=21, as_of=AS_OF, defect_rate=0.005)
    write_samples(samples, folder / "data")
    for name in SUITES:
        text = (ROOT / "suites" / f"{name}.yaml").read_text(encoding="utf-8")
        (folder / f"{name}.yaml").write_text(
            text.replace("../samples/out/", "data/"), encoding="utf-8"
        )
    return folder, samples.manifest


def listed(frame: pl.DataFrame) -> dict[str, int]:
    """How many export rows list each result id."""
    ids = frame.select(pl.col("failed_checks").explode().drop_nulls()).to_series()
    return dict(ids.value_counts().iter_rows())


@pytest.mark.parametrize("name", SUITES)
def test_export_lists_exactly_the_failed_records_of_every_check(
    linked: tuple[Path, dict[str, Any]], name: str, tmp_path: Path
) -> None:
    folder, manifest = linked
    result = dc.run(folder / f"{name}.yaml", as_of=AS_OF)
    out = result.write_failures(tmp_path / f"{name}.parquet")
    frame = pl.read_parquet(out)
    counts = listed(frame)
    truth = manifest["suites"][name]["checks"]
    assert not [c.id for c in result.checks if c.status == "error"]
    for check in result.checks:
        if check.check in DATASET_LEVEL:
            assert check.id not in counts
            continue
        # exact: rows listing the check == the result's failed == the injected defects
        assert counts.get(check.id, 0) == check.failed == truth[check.id]["failed"], check.id
    assert sum(counts.values()) > 0, "the sample must contain defects"
    # one row per record, in source order
    assert frame["_row"].is_sorted()
    assert frame["_row"].n_unique() == frame.height
    assert frame.filter(pl.col("failed_checks").list.len() == 0).is_empty()
    # ids in suite order
    order = {rid: i for i, rid in enumerate(c.id for c in result.checks)}
    for ids in frame["failed_checks"].head(200).to_list():
        assert ids == sorted(ids, key=order.__getitem__)
    # the tiers of the export agree with the tier counts of the run (one query)
    assert result.tiers is not None
    tiers = dict(frame["tier"].value_counts().iter_rows())
    assert tiers.get("needs_correction", 0) == result.tiers.needs_correction
    assert tiers.get("unusable", 0) == result.tiers.unusable
    assert result.tiers.records == result.rows


def test_function_api_equals_the_result_handle(
    linked: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    folder, _ = linked
    suite = dc.Suite.from_yaml(folder / "bao_hiem.yaml")
    result = dc.run(suite, as_of=AS_OF)
    by_handle = pl.read_parquet(result.write_failures(tmp_path / "a.parquet"))
    by_function = pl.read_parquet(write_failures(suite, None, tmp_path / "b.parquet", as_of=AS_OF))
    lazy = failures(suite, as_of=AS_OF)
    assert isinstance(lazy, pl.LazyFrame)
    assert by_handle.equals(by_function)
    assert lazy.collect(engine="streaming").equals(by_function)
    assert by_function.columns == ["_row", "bhxh_code", "tier", "failed_checks", "values"]
    assert by_function.schema["_row"] == pl.Int64
    assert by_function.schema["failed_checks"] == pl.List(pl.String)


def test_personal_data_is_masked_unless_unmasked(
    linked: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    folder, _ = linked
    suite = dc.Suite.from_yaml(folder / "bao_hiem.yaml")
    source = pl.read_parquet(folder / "data" / "bao_hiem").with_row_index("_row")
    masked = pl.read_parquet(write_failures(suite, None, tmp_path / "m.parquet", as_of=AS_OF))
    plain = pl.read_parquet(
        write_failures(suite, None, tmp_path / "u.parquet", as_of=AS_OF, unmask=True)
    )
    assert masked["_row"].equals(plain["_row"])
    truth = source.join(masked.select("_row"), on="_row", how="semi").sort("_row")
    # the key (bhxh_code is personal data in this suite) is masked exactly like samples
    assert masked["bhxh_code"].to_list() == [mask_value(v) for v in truth["bhxh_code"]]
    assert plain["bhxh_code"].to_list() == truth["bhxh_code"].to_list()
    # offending names are masked; unmasked they are the source values
    names = masked.select("_row", name=pl.col("values").struct.field("full_name")).drop_nulls()
    assert names.height > 0
    original = dict(truth.select("_row", "full_name").iter_rows())
    for row, name in names.iter_rows():
        assert name == mask_value(original[row])
    raw = plain.select("_row", name=pl.col("values").struct.field("full_name")).drop_nulls()
    assert all(name == original[row] for row, name in raw.iter_rows())


def test_group_checks_mark_every_record_of_a_failing_group() -> None:
    data = pl.DataFrame({"id": [1, 2, 2, 3, 3, 3, None, None], "x": ["a"] * 8})
    suite = dc.Suite(name="s", key=["id"], checks=[c.Unique(columns=["id"])])
    result = dc.run(suite, data, as_of=AS_OF)
    frame = result.failures().collect()
    assert frame["_row"].to_list() == [1, 2, 3, 4, 5]  # null keys are not evaluated
    assert frame["id"].to_list() == [2, 2, 3, 3, 3]
    assert result.check("unique:id").failed == frame.height
    assert frame["values"].to_list() == [{"id": str(v)} for v in [2, 2, 3, 3, 3]]


def test_cross_dataset_checks_mark_the_records_under_test() -> None:
    people = pl.DataFrame(
        {
            "pid": ["1", "2", "3", "3"],
            "born": [date(1990, 1, 1), date(1991, 1, 1), date(1992, 1, 1), date(1992, 1, 1)],
            "status": ["alive", "deceased", "alive", "alive"],
        }
    )
    cards = pl.DataFrame(
        {
            "card": ["a", "b", "c", "d", "e"],
            "pid": ["1", "2", "9", "3", None],
            "born": [date(1990, 1, 1), date(1999, 9, 9), None, date(1992, 1, 1), None],
            "state": ["active", "active", "active", "closed", "active"],
        }
    )
    suite = dc.Suite(
        name="cards",
        key=["card"],
        references={"people": people},
        checks=[
            c.ExistsIn(column="pid", reference="people"),
            c.AgreesWith(key=["pid"], reference="people", columns=["born"]),
            c.Lifecycle(
                key=["pid"],
                reference="people",
                status="state",
                active=["active"],
                reference_status="status",
                ended=["deceased"],
                severity="critical",
            ),
        ],
    )
    result = dc.run(suite, cards, as_of=AS_OF)
    frame = result.failures().collect()
    rows = {r["card"]: r for r in frame.to_dicts()}
    assert set(rows) == {"b", "c"}
    assert rows["b"]["failed_checks"] == ["agrees_with:born", "lifecycle:state"]
    assert rows["b"]["tier"] == "unusable"
    assert rows["b"]["values"]["born"] == "1999-09-09"
    assert rows["b"]["values"]["born (reference)"] == "1991-01-01"
    assert rows["c"]["failed_checks"] == ["exists_in:pid"]
    assert rows["c"]["values"]["pid"] == "9"
    assert rows["c"]["values"]["born (reference)"] is None  # not shown for exists_in
    for check in result.checks:
        assert listed(frame).get(check.id, 0) == check.failed


def test_a_suite_without_key_identifies_records_by_row() -> None:
    data = pl.DataFrame({"a": [1, None, 3, None], "b": ["x", "y", "bad", "z"]})
    suite = dc.Suite(
        name="s", checks=[c.NotNull(columns=["a"]), c.InSet(columns=["b"], values=["x", "y", "z"])]
    )
    frame = dc.failures(suite, data, as_of=AS_OF).collect()
    assert frame.columns == ["_row", "tier", "failed_checks", "values"]
    assert frame.rows() == [
        (1, "needs_correction", ["not_null:a"], {"a": None, "b": None}),
        (2, "needs_correction", ["in_set:b"], {"a": None, "b": "bad"}),
        (3, "needs_correction", ["not_null:a"], {"a": None, "b": None}),
    ]


def test_no_failures_and_no_record_checks_give_empty_files(tmp_path: Path) -> None:
    data = pl.DataFrame({"a": [1, 2]})
    clean = dc.Suite(name="s", key=["a"], checks=[c.NotNull(columns=["a"])])
    out = pl.read_parquet(write_failures(clean, data, tmp_path / "clean.parquet", as_of=AS_OF))
    assert out.is_empty()
    assert out.columns == ["_row", "a", "tier", "failed_checks", "values"]
    dataset_only = dc.Suite(name="s", checks=[c.RowCount(min=5)])
    result = dc.run(dataset_only, data, as_of=AS_OF)
    assert result.check("row_count").failed == 1
    out = pl.read_parquet(result.write_failures(tmp_path / "none.parquet"))
    assert out.is_empty()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clean.parquet", "none.parquet"]


def test_checks_that_errored_are_left_out(tmp_path: Path) -> None:
    data = pl.DataFrame({"code": ["1", "2", "x"], "a": [None, 1, 2]})
    suite = dc.Suite(
        name="s",
        checks=[
            c.NotNull(columns=["a"]),
            c.Expression(name="positive", column="code", expr="CAST(code AS INTEGER) > 1"),
            c.Pattern(columns=["missing"], pattern="x"),
        ],
    )
    result = dc.run(suite, data, as_of=AS_OF)
    assert result.check("positive").status == "error"  # fails on "x" at run time
    assert result.check("pattern:missing").status == "error"  # no such column
    frame = result.failures().collect()
    assert frame["failed_checks"].to_list() == [["not_null:a"]]
    assert result.tiers is not None
    assert result.tiers.counts() == {"usable": 2, "needs_correction": 1, "unusable": 0}
    # called directly, the export does not know which check fails: it says so
    with pytest.raises(dc.DatacheckError, match="cannot list the failing records"):
        write_failures(suite, data, tmp_path / "out.parquet", as_of=AS_OF)
    assert list(tmp_path.iterdir()) == []


def test_a_result_read_from_json_cannot_list_records(tmp_path: Path) -> None:
    result = dc.run(
        dc.Suite(name="s", checks=[c.NotNull(columns=["a"])]), pl.DataFrame({"a": [None]})
    )
    again = dc.Result.read_json(result.write_json(tmp_path / "r.json"))
    assert again == result
    with pytest.raises(dc.DatacheckError, match=r"datacheck\.failures\(suite, source"):
        again.failures()


def test_the_run_as_of_decides_freshness() -> None:
    data = pl.DataFrame({"updated": [date(2026, 1, 1), date(2026, 6, 1)]})
    suite = dc.Suite(name="s", checks=[c.Fresh(columns=["updated"], max_age="30d")])
    early = dc.run(suite, data, as_of="2026-06-15")
    late = dc.run(suite, data, as_of="2027-01-01")
    assert early.failures().collect()["_row"].to_list() == [0]
    assert late.failures().collect()["_row"].to_list() == [0, 1]


CHILD = textwrap.dedent(
    """
    import sys
    import polars as pl
    import datacheck as dc
    from datacheck import checks as c

    mode, path, out = sys.argv[1:]
    suite = dc.Suite(name="big", key=["id"], pii=["name"], checks=[
        c.NotNull(columns=["id", "name"], severity="critical"),
        c.Pattern(columns=["phone"], pattern=r"^0\\d{9}$"),
    ])
    if mode == "collect":
        rows = pl.read_parquet(path, columns=["id", "name", "phone"]).height
    elif mode == "export":
        written = dc.write_failures(suite, path, out, as_of="2026-06-30")
        rows = pl.scan_parquet(written).select(pl.len()).collect().item()
    else:
        rows = 0
    # the process's own high-water mark (ru_maxrss would inherit the parent's across exec)
    status = open("/proc/self/status").read().split("VmHWM:")[1]
    print(rows, int(status.split()[0]) * 1024)
    """
)


def _peak(mode: str, data: Path, out: Path) -> tuple[int, int]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", CHILD, mode, str(data), str(out)],
        capture_output=True,
        text=True,
        check=True,
        env=env,
        cwd=ROOT,
    )
    rows, peak = done.stdout.split()
    return int(rows), int(peak)


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs Linux /proc")
def test_the_export_streams_in_bounded_memory(tmp_path: Path) -> None:
    """Exporting never holds the data: its memory stays far below collecting the columns.

    No key check here: a key check's ``group_by`` holds its keys (as the run does), which
    would blur what this test is about — the pass over the records streams.
    """
    n = 2_000_000
    i = pl.int_range(0, n)
    data = tmp_path / "big.parquet"
    pl.select(
        id=pl.when(i % 1001 == 0).then(pl.lit("1")).otherwise(pl.format("{}", i + 10**11)),
        name=pl.format("Nguyễn Văn {} " + "Thị" * 60, i),
        phone=pl.when(i % 997 == 0).then(pl.lit("12")).otherwise(pl.lit("0912345678")),
    ).write_parquet(data, row_group_size=50_000)
    out = tmp_path / "failures.parquet"
    _, idle = _peak("idle", data, out)
    rows, collect = _peak("collect", data, out)
    failing, export = _peak("export", data, out)
    assert rows == n
    assert failing == pl.select((i % 997 == 0).sum()).item()  # the bad phones
    # the columns read, collected, cost `collect - idle` (~730 MiB); the export streams them
    # (measured ~110-180 MiB over idle, flat from 1M to 4M rows)
    assert export - idle < 0.4 * (collect - idle), (idle, collect, export)


def test_json_of_a_national_run_carries_tier_counts(
    linked: tuple[Path, dict[str, Any]], tmp_path: Path
) -> None:
    folder, _ = linked
    national = folder / "national.yaml"
    national.write_text(
        "national: t\ndatabases:\n  - suite: dan_cu.yaml\n  - suite: bao_hiem.yaml\n",
        encoding="utf-8",
    )
    result = dc.run_national(national, as_of=AS_OF, out=tmp_path)
    data = json.loads((tmp_path / "national.json").read_text(encoding="utf-8"))
    for database, run in zip(data["databases"], result.results, strict=True):
        assert run.tiers is not None
        assert database["tiers"] == run.tiers.counts()
        assert sum(database["tiers"].values()) == database["rows"]


def test_where_scopes_the_listed_records_like_the_counts() -> None:
    data = pl.DataFrame(
        {"kind": ["person", "company", "person", None], "pid": [None, None, "1", None]}
    )
    suite = dc.Suite(
        name="s", checks=[c.NotNull(columns=["pid"], where="kind = 'person'", severity="critical")]
    )
    result = dc.run(suite, data, as_of=AS_OF)
    frame = result.failures().collect()
    assert result.check("not_null:pid").failed == 1
    assert frame.select("_row", "tier").rows() == [(0, "unusable")]
    assert result.tiers is not None
    assert result.tiers.counts() == {"usable": 3, "needs_correction": 0, "unusable": 1}


def test_the_export_gets_the_permissions_of_a_plain_write(tmp_path: Path) -> None:
    """The temporary file is 0600 (mkstemp); the export must not stay hidden from the team."""
    data = pl.DataFrame({"a": [1, None]})
    suite = dc.Suite(name="s", key=["a"], checks=[c.NotNull(columns=["a"])])
    old = os.umask(0o022)
    try:
        path = write_failures(suite, data, tmp_path / "f.parquet", as_of=AS_OF)
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o644
    assert [p.name for p in tmp_path.iterdir()] == ["f.parquet"]  # no temporary file left
