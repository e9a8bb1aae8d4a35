"""dc.run on data that cannot be read: bad input naming the file, not an error per check."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest

import datacheck as dc
from datacheck.checks import ExistsIn, Expression, NotNull, Pattern

SUITE = dc.Suite(
    name="s",
    checks=[NotNull(columns=["a", "s"]), Pattern(columns=["s"], pattern="^name")],
)


def write_people(path: Path) -> Path:
    frame = pl.DataFrame({"a": list(range(2000)), "s": [f"name {i}" for i in range(2000)]})
    frame.write_parquet(path, compression="snappy", statistics=False)
    return path


def corrupt_a_data_page(path: Path) -> Path:
    """Overwrite bytes inside the compressed data of column ``s`` (footer and headers intact)."""
    column = pq.read_metadata(path).row_group(0).column(1)
    start = column.dictionary_page_offset or column.data_page_offset
    raw = bytearray(path.read_bytes())
    raw[start + 100 : start + 140] = b"\xff" * 40
    path.write_bytes(bytes(raw))
    return path


def test_a_file_whose_pages_cannot_be_read_is_bad_input_named(tmp_path: Path) -> None:
    path = corrupt_a_data_page(write_people(tmp_path / "people.parquet"))
    assert pl.scan_parquet(path).select(pl.len()).collect().item() == 2000  # footer reads
    with pytest.raises(dc.SourceError) as info:
        dc.run(SUITE, path, as_of="2026-06-30")
    message = str(info.value)
    assert message.startswith(f"{path}: cannot read the data:"), message
    assert "snappy" in message.lower()


@pytest.mark.parametrize("engine", ["local", "partitioned", "dask"])
def test_the_corrupt_file_of_a_folder_is_named(tmp_path: Path, engine: str) -> None:
    # every engine: the partitioned ones read the files as partitions (the dask engine used
    # to recount its tiers without end when a partition could not be read)
    folder = tmp_path / "parts"
    folder.mkdir()
    write_people(folder / "p1.parquet")
    bad = corrupt_a_data_page(write_people(folder / "p2.parquet"))
    write_people(folder / "p3.parquet")
    with pytest.raises(dc.SourceError) as info:
        dc.run(SUITE, folder, as_of="2026-06-30", engine=engine)
    assert str(info.value).startswith(f"{bad}: cannot read the data:"), str(info.value)
    assert "không đọc được dữ liệu" in info.value.message("vi")


def test_a_check_that_fails_on_readable_data_stays_a_check_error(tmp_path: Path) -> None:
    # the data reads; the check's own expression fails at run time: an error result, and
    # the run goes on
    path = write_people(tmp_path / "people.parquet")
    suite = dc.Suite(
        name="s",
        checks=[NotNull(columns=["a"]), Expression(name="e", expr="CAST(s AS INTEGER) > 0")],
    )
    result = dc.run(suite, path, as_of="2026-06-30")
    assert result.check("not_null:a").status == "pass"
    assert result.check("e").status == "error"
    assert "failed while reading the data" in (result.check("e").reason("en") or "")


def test_a_misspelt_reference_name_is_refused_not_ignored(tmp_path: Path) -> None:
    # the suite's own reference would otherwise be used, silently
    people = pl.DataFrame({"a": [1]})
    suite = dc.Suite(
        name="s",
        references={"population": people},
        checks=[ExistsIn(column="a", reference="population")],
    )
    data = pl.DataFrame({"a": [1, 2]})
    with pytest.raises(dc.SuiteError) as info:
        dc.run(suite, data, as_of="2026-06-30", references={"populaton": people})
    assert "'populaton' is not a reference of suite 's' (did you mean 'population'?)" in str(
        info.value
    )
    other = pl.DataFrame({"a": [2]})
    result = dc.run(suite, data, as_of="2026-06-30", references={"population": other})
    assert result.check("exists_in:a").failed == 1


def test_a_reference_the_suite_does_not_declare_is_a_note() -> None:
    # one mapping may serve several suites: a name that is no near miss is noted, not refused
    suite = dc.Suite(name="s", checks=[NotNull(columns=["a"])])
    data = pl.DataFrame({"a": [1, None]})
    result = dc.run(suite, data, as_of="2026-06-30", references={"enterprises": data})
    (note,) = [n for n in result.notes if "enterprises" in n["en"]]
    assert "suite 's' declares no such reference: it is not used" in note["en"]
    assert result.check("not_null:a").failed == 1


def test_a_record_key_missing_from_the_data_is_a_note() -> None:
    suite = dc.Suite(name="s", key=["person_idd"], checks=[NotNull(columns=["person_id"])])
    result = dc.run(suite, pl.DataFrame({"person_id": ["1", None]}), as_of="2026-06-30")
    (note,) = [n for n in result.notes if "record key" in n["en"]]
    assert "'person_idd' is not in the data (did you mean 'person_id'?)" in note["en"]
    assert "khoá bản ghi" in note["vi"]
    assert result.check("not_null:person_id").samples[0].key == {}
