"""Tests for datacheck.sources: every kind of source, and every way one can be bad."""

from __future__ import annotations

import gzip
import os
import stat
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pyarrow.dataset as pads
import pyarrow.feather as feather
import pytest
from polars.testing import assert_frame_equal

from datacheck.errors import SourceError
from datacheck.sources import describe_source, known_rows, source_files, to_lazyframe

DATA = pl.DataFrame(
    {
        "id": [1, 2, 3, 4],
        "name": ["An", "Bình", "Chi", None],
        "score": [1.5, 2.0, None, 4.25],
    }
)


def _same(lf: pl.LazyFrame, expected: pl.DataFrame = DATA, *, sort: str | None = None) -> None:
    assert isinstance(lf, pl.LazyFrame)
    for engine in ("in-memory", "streaming"):
        got = lf.collect(engine=engine)
        if sort is not None:
            got = got.sort(sort)
        assert_frame_equal(got, expected)


def _error(source: object, *fragments: str, **kwargs: object) -> SourceError:
    """Assert ``to_lazyframe`` raises a one-line, bilingual SourceError naming ``fragments``."""
    with pytest.raises(SourceError) as info:
        to_lazyframe(source, **kwargs)  # type: ignore[arg-type]
    err = info.value
    message = str(err)
    for fragment in fragments:
        assert fragment in message, (fragment, message)
        assert fragment in err.message("vi"), (fragment, err.message("vi"))
    assert err.message("vi") != message
    assert err.message("en") == message
    assert "\n" not in message
    assert "\n" not in err.message("vi")
    return err


# --- accepted sources --------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["data.parquet", "data.pq", "DATA.PARQUET"])
def test_parquet_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    DATA.write_parquet(path)
    _same(to_lazyframe(path))
    _same(to_lazyframe(str(path)))


@pytest.mark.parametrize("name", ["data.arrow", "data.feather", "data.ipc"])
def test_ipc_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    DATA.write_ipc(path)
    _same(to_lazyframe(path))


def test_feather_written_by_pyarrow(tmp_path: Path) -> None:
    path = tmp_path / "data.feather"
    feather.write_feather(DATA.to_arrow(), str(path))
    _same(to_lazyframe(path))


def test_csv_file(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    DATA.write_csv(path)
    _same(to_lazyframe(path))


def test_tsv_file_defaults_to_tab(tmp_path: Path) -> None:
    path = tmp_path / "data.tsv"
    DATA.write_csv(path, separator="\t")
    _same(to_lazyframe(path))


def test_csv_gz_file(tmp_path: Path) -> None:
    plain = tmp_path / "plain.csv"
    DATA.write_csv(plain)
    path = tmp_path / "data.csv.gz"
    path.write_bytes(gzip.compress(plain.read_bytes()))
    _same(to_lazyframe(path))


def test_csv_options_are_passed_through(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    DATA.write_csv(path, separator=";")
    _same(to_lazyframe(path, csv_options={"separator": ";"}))
    lf = to_lazyframe(path, csv_options={"separator": ";", "schema_overrides": {"id": pl.Int32}})
    assert lf.collect_schema()["id"] == pl.Int32


def test_csv_options_are_ignored_for_other_formats(tmp_path: Path) -> None:
    path = tmp_path / "data.parquet"
    DATA.write_parquet(path)
    _same(to_lazyframe(path, csv_options={"separator": ";"}))


def test_path_with_glob_characters_in_its_name(tmp_path: Path) -> None:
    folder = tmp_path / "run[1]"
    folder.mkdir()
    path = folder / "data[2024].parquet"
    DATA.write_parquet(path)
    _same(to_lazyframe(path))
    _same(to_lazyframe(folder))


def test_home_is_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    DATA.write_parquet(tmp_path / "data.parquet")
    _same(to_lazyframe("~/data.parquet"))
    assert describe_source("~/data.parquet") == "~/data.parquet"


def test_polars_lazyframe_is_returned_as_is() -> None:
    lf = DATA.lazy()
    assert to_lazyframe(lf) is lf


def test_polars_dataframe() -> None:
    _same(to_lazyframe(DATA))


def test_pyarrow_table_and_record_batch() -> None:
    table = DATA.to_arrow()
    _same(to_lazyframe(table))
    _same(to_lazyframe(table.to_batches()[0]))


def test_pyarrow_dataset(tmp_path: Path) -> None:
    path = tmp_path / "data.parquet"
    DATA.write_parquet(path)
    _same(to_lazyframe(pads.dataset(str(path))))


def test_pandas_dataframe() -> None:
    pytest.importorskip("pandas")
    _same(to_lazyframe(DATA.to_pandas()))


def test_pandas_named_index_becomes_a_column() -> None:
    pytest.importorskip("pandas")
    frame = DATA.to_pandas().set_index("id")
    assert to_lazyframe(frame).collect_schema().names() == ["id", "name", "score"]


def test_folder_of_parquet_files_recursively(tmp_path: Path) -> None:
    (tmp_path / "sub" / "deeper").mkdir(parents=True)
    DATA[:1].write_parquet(tmp_path / "a.parquet")
    DATA[1:2].write_parquet(tmp_path / "sub" / "b.parquet")
    DATA[2:].write_parquet(tmp_path / "sub" / "deeper" / "c.parquet")
    _same(to_lazyframe(tmp_path), sort="id")


def test_folder_skips_hidden_and_underscore_files(tmp_path: Path) -> None:
    DATA.write_parquet(tmp_path / "part-0.parquet")
    (tmp_path / "_SUCCESS").touch()
    (tmp_path / ".part-0.parquet.crc").write_bytes(b"junk")
    (tmp_path / "_temporary").mkdir()
    (tmp_path / "_temporary" / "half.parquet").write_bytes(b"half-written")
    _same(to_lazyframe(tmp_path))


def test_folder_with_other_files_and_mixed_extensions(tmp_path: Path) -> None:
    DATA[:2].write_parquet(tmp_path / "a.parquet")
    DATA[2:].write_parquet(tmp_path / "b.pq")
    (tmp_path / "README.txt").write_text("notes about the data")
    _same(to_lazyframe(tmp_path), sort="id")


def test_hive_partitioned_folder(tmp_path: Path) -> None:
    for year, part in ((2023, DATA[:2]), (2024, DATA[2:])):
        folder = tmp_path / f"year={year}"
        folder.mkdir()
        part.write_parquet(folder / "part-0.parquet")
    expected = DATA.with_columns(year=pl.Series([2023, 2023, 2024, 2024]))
    _same(to_lazyframe(tmp_path), expected, sort="id")
    # the same with a stray file, read from an explicit list of files
    (tmp_path / "notes.md").write_text("x")
    _same(to_lazyframe(tmp_path), expected, sort="id")
    # a partition filter prunes (and still works)
    got = to_lazyframe(tmp_path).filter(pl.col("year") == 2024).collect()
    assert got["id"].sort().to_list() == [3, 4]


def test_hive_partitioned_folder_below_a_key_value_folder(tmp_path: Path) -> None:
    root = tmp_path / "run=7" / "dataset"
    for year, part in ((2023, DATA[:2]), (2024, DATA[2:])):
        (root / f"year={year}").mkdir(parents=True)
        part.write_parquet(root / f"year={year}" / "p.parquet")
    names = to_lazyframe(root).collect_schema().names()
    assert names == ["id", "name", "score", "year"]


def test_folder_of_ipc_files(tmp_path: Path) -> None:
    DATA[:2].write_ipc(tmp_path / "a.arrow")
    DATA[2:].write_ipc(tmp_path / "b.arrow")
    _same(to_lazyframe(tmp_path), sort="id")


def test_folder_of_csv_files(tmp_path: Path) -> None:
    DATA[:2].write_csv(tmp_path / "a.csv")
    DATA[2:].write_csv(tmp_path / "b.csv")
    _same(to_lazyframe(tmp_path), sort="id")


def test_glob(tmp_path: Path) -> None:
    DATA[:2].write_parquet(tmp_path / "a.parquet")
    DATA[2:].write_parquet(tmp_path / "b.parquet")
    (tmp_path / "c.txt").write_text("not data")
    _same(to_lazyframe(f"{tmp_path}/*.parquet"), sort="id")
    _same(to_lazyframe(f"{tmp_path}/*"), sort="id")


def test_recursive_glob_reads_hive_partitions(tmp_path: Path) -> None:
    for year, part in ((2023, DATA[:2]), (2024, DATA[2:])):
        (tmp_path / f"year={year}").mkdir()
        part.write_parquet(tmp_path / f"year={year}" / "p.parquet")
    expected = DATA.with_columns(year=pl.Series([2023, 2023, 2024, 2024]))
    _same(to_lazyframe(f"{tmp_path}/**/*.parquet"), expected, sort="id")


@pytest.mark.parametrize(
    ("name", "write", "scan"),
    [
        ("a.parquet", pl.DataFrame.write_parquet, "Parquet SCAN"),
        ("a.arrow", pl.DataFrame.write_ipc, "Ipc SCAN"),
        ("a.csv", pl.DataFrame.write_csv, "Csv SCAN"),
    ],
)
def test_paths_are_scanned_not_loaded(
    tmp_path: Path, name: str, write: Callable[..., object], scan: str
) -> None:
    write(DATA, tmp_path / name)
    suffix = Path(name).suffix
    for source in (tmp_path / name, tmp_path, f"{tmp_path}/*{suffix}"):
        assert to_lazyframe(source).explain().startswith(scan)


def test_many_files_are_validated_in_parallel(tmp_path: Path) -> None:
    for i in range(20):
        DATA.with_columns(id=pl.col("id") + 10 * i).write_parquet(tmp_path / f"p{i:02}.parquet")
    assert to_lazyframe(tmp_path).select(pl.len()).collect().item() == 80
    (tmp_path / "p13.parquet").write_bytes(b"PAR1 garbage")
    _error(tmp_path, "p13.parquet", "Parquet")


def test_inputs_are_not_modified(tmp_path: Path) -> None:
    paths = {
        "p": tmp_path / "data.parquet",
        "i": tmp_path / "data.arrow",
        "c": tmp_path / "data.csv",
    }
    DATA.write_parquet(paths["p"])
    DATA.write_ipc(paths["i"])
    DATA.write_csv(paths["c"])
    for path in paths.values():
        os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in paths.values()}
    listing = sorted(tmp_path.rglob("*"))
    for path in paths.values():
        lf = to_lazyframe(path)
        lf.collect()
        lf.collect(engine="streaming")
        describe_source(path)
    to_lazyframe(f"{tmp_path}/*.parquet").collect()
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in paths.values()}
    assert after == before
    assert sorted(tmp_path.rglob("*")) == listing


# --- describe_source ---------------------------------------------------------------------------


def test_describe_source(tmp_path: Path) -> None:
    assert describe_source("data/x.parquet") == "data/x.parquet"
    assert describe_source(Path("data") / "x.parquet") == str(Path("data") / "x.parquet")
    assert describe_source(DATA) == "polars.DataFrame (4 rows)"
    assert describe_source(DATA[:1]) == "polars.DataFrame (1 row)"
    assert describe_source(DATA.lazy()) == "polars.LazyFrame"
    assert describe_source(DATA.to_arrow()) == "pyarrow.Table (4 rows)"
    assert describe_source(DATA.to_arrow().to_batches()[0]) == "pyarrow.RecordBatch (4 rows)"
    path = tmp_path / "d.parquet"
    DATA.write_parquet(path)
    assert describe_source(pads.dataset(str(path))) == "pyarrow.dataset"
    assert describe_source(42) == "builtins.int"


def test_describe_pandas() -> None:
    pytest.importorskip("pandas")
    assert describe_source(DATA.to_pandas()) == "pandas.DataFrame (4 rows)"


# --- errors ------------------------------------------------------------------------------------


def test_missing_file_suggests_a_sibling(tmp_path: Path) -> None:
    DATA.write_parquet(tmp_path / "dan_cu.parquet")
    path = tmp_path / "dan_cuu.parquet"
    err = _error(path, str(path), "dan_cu.parquet")
    assert "did you mean" in str(err)
    assert "có phải ý bạn là" in err.message("vi")


def test_missing_file_without_a_close_sibling(tmp_path: Path) -> None:
    err = _error(tmp_path / "zzz.parquet", str(tmp_path / "zzz.parquet"))
    assert "did you mean" not in str(err)


def test_missing_folder_is_named(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    path = tmp_path / "dta" / "x.parquet"
    err = _error(path, str(path), str(tmp_path / "dta"), "'data'")
    assert "does not exist" in str(err)


def test_glob_matching_nothing(tmp_path: Path) -> None:
    pattern = f"{tmp_path}/*.parquet"
    err = _error(pattern, pattern)
    assert "no files match" in str(err)


def test_glob_matching_only_folders(tmp_path: Path) -> None:
    (tmp_path / "year=2024").mkdir()
    pattern = f"{tmp_path}/year=*"
    err = _error(pattern, pattern, "/**/*.parquet")
    assert "1 folder" in str(err)


def test_glob_matching_no_data_files(tmp_path: Path) -> None:
    (tmp_path / "a.json").write_text("{}")
    pattern = f"{tmp_path}/*"
    _error(pattern, pattern, "a.json", ".parquet")


def test_empty_folder(tmp_path: Path) -> None:
    err = _error(tmp_path, str(tmp_path))
    assert "empty" in str(err)


def test_folder_of_hidden_files_says_they_were_skipped(tmp_path: Path) -> None:
    """Not "(it is empty)": a folder holding only ``_tmp.parquet`` names the skipped file."""
    DATA.write_parquet(tmp_path / "_tmp.parquet")
    err = _error(tmp_path, str(tmp_path), "_tmp.parquet", "'.'", "'_'")
    assert "empty" not in str(err)
    assert "trống" not in err.message("vi")
    assert "skipped 1 hidden" in str(err)


def test_folder_without_data_files(tmp_path: Path) -> None:
    (tmp_path / "notes.json").write_text("{}")
    (tmp_path / "_SUCCESS").touch()
    _error(tmp_path, str(tmp_path), "notes.json", ".parquet", ".csv", ".arrow")


def test_folder_mixing_formats(tmp_path: Path) -> None:
    DATA.write_parquet(tmp_path / "a.parquet")
    DATA.write_parquet(tmp_path / "b.parquet")
    DATA.write_csv(tmp_path / "c.csv")
    err = _error(tmp_path, str(tmp_path), "2 Parquet", "1 CSV")
    assert "**/*.parquet" in str(err)


def test_glob_mixing_formats(tmp_path: Path) -> None:
    DATA.write_parquet(tmp_path / "a.parquet")
    DATA.write_ipc(tmp_path / "b.arrow")
    pattern = f"{tmp_path}/*"
    _error(pattern, pattern, "Parquet", "Arrow IPC")


def test_files_with_different_columns(tmp_path: Path) -> None:
    DATA.write_parquet(tmp_path / "a.parquet")
    DATA.drop("score").write_parquet(tmp_path / "b.parquet")
    _error(tmp_path, "b.parquet", "a.parquet", "score")


def test_files_with_different_types(tmp_path: Path) -> None:
    DATA.write_parquet(tmp_path / "a.parquet")
    DATA.with_columns(pl.col("id").cast(pl.Int32)).write_parquet(tmp_path / "b.parquet")
    err = _error(tmp_path, "b.parquet", "a.parquet", "Int32", "Int64")
    assert "id is Int32" in str(err)


def test_files_with_the_same_columns_in_another_order(tmp_path: Path) -> None:
    DATA.write_parquet(tmp_path / "a.parquet")
    DATA.select(reversed(DATA.columns)).write_parquet(tmp_path / "b.parquet")
    assert to_lazyframe(tmp_path).collect().height == 8


def test_csv_files_with_columns_in_another_order(tmp_path: Path) -> None:
    DATA.write_csv(tmp_path / "a.csv")
    DATA.select(reversed(DATA.columns)).write_csv(tmp_path / "b.csv")
    err = _error(tmp_path, "b.csv", "a.csv")
    assert "order" in str(err)


def test_unknown_extension(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_text("{}")
    err = _error(path, str(path), "'.json'", ".parquet", ".arrow", ".csv")
    assert "unsupported" in str(err)


def test_no_extension_sniffs_the_format(tmp_path: Path) -> None:
    path = tmp_path / "data"
    DATA.write_parquet(path)
    err = _error(path, str(path), "Parquet", ".parquet")
    assert "no file extension" in str(err)
    assert "rename it to .parquet" in str(err)


@pytest.mark.parametrize(
    "obj", [42, b"data.parquet", [1, 2], {"id": [1]}, DATA["id"]], ids=lambda o: type(o).__name__
)
def test_unsupported_object(obj: object) -> None:
    err = _error(obj, type(obj).__qualname__, "polars.DataFrame", "pandas.DataFrame", "os.PathLike")
    assert "cannot use" in str(err)


def test_remote_url_is_refused() -> None:
    err = _error("s3://bucket/data.parquet", "s3://bucket/data.parquet")
    assert "remote" in str(err)


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs /dev/null")
def test_not_a_regular_file() -> None:
    err = _error("/dev/null", "/dev/null")
    assert "not a regular file" in str(err)


@pytest.mark.parametrize("name", ["x.parquet", "x.arrow", "x.csv", "x.tsv"])
def test_empty_file(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    path.touch()
    err = _error(path, str(path), "0 byte")
    assert "empty" in str(err)


def test_empty_file_inside_a_folder(tmp_path: Path) -> None:
    DATA.write_parquet(tmp_path / "a.parquet")
    (tmp_path / "b.parquet").touch()
    _error(tmp_path, str(tmp_path / "b.parquet"), "0 byte")


def test_corrupt_parquet_is_detected_eagerly(tmp_path: Path) -> None:
    path = tmp_path / "x.parquet"
    path.write_bytes(os.urandom(4096))
    err = _error(path, str(path), "Parquet")
    assert "not a valid Parquet file" in str(err)


def test_truncated_parquet_is_detected_eagerly(tmp_path: Path) -> None:
    path = tmp_path / "x.parquet"
    DATA.write_parquet(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    _error(path, str(path), "Parquet")


def test_corrupt_parquet_in_a_folder_is_named(tmp_path: Path) -> None:
    DATA.write_parquet(tmp_path / "a.parquet")
    (tmp_path / "year=2024").mkdir()
    bad = tmp_path / "year=2024" / "b.parquet"
    DATA.write_parquet(bad)
    bad.write_bytes(bad.read_bytes()[:-20])
    _error(tmp_path, str(bad), "Parquet")


def test_corrupt_parquet_in_a_glob_is_named(tmp_path: Path) -> None:
    DATA.write_parquet(tmp_path / "a.parquet")
    (tmp_path / "b.parquet").write_bytes(os.urandom(100))
    _error(f"{tmp_path}/*.parquet", str(tmp_path / "b.parquet"))


def test_truncated_ipc(tmp_path: Path) -> None:
    path = tmp_path / "x.arrow"
    DATA.write_ipc(path)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])
    err = _error(path, str(path), "Arrow IPC")
    assert "not a valid Arrow IPC file" in str(err)


def test_corrupt_ipc(tmp_path: Path) -> None:
    path = tmp_path / "x.feather"
    path.write_bytes(os.urandom(300))
    _error(path, str(path), "Arrow IPC")


def test_ipc_stream_is_explained(tmp_path: Path) -> None:
    path = tmp_path / "x.arrow"
    DATA.write_ipc_stream(path)
    _error(path, str(path), "stream", "read_ipc_stream")


def test_binary_data_in_a_csv(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes(bytes(range(256)) * 4)
    _error(path, str(path), "CSV", "NUL")


def test_csv_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_bytes("id,tên\n1,Nguyễn\n".encode("utf-16"))
    _error(path, str(path))
    path.write_bytes("id,name\n1,café\n".encode("latin-1"))
    err = _error(path, str(path), "UTF-8", "utf8-lossy", "iconv")
    # what to do from the command line first; the Python-only option is labelled as such
    assert "save it again as UTF-8" in str(err)
    assert "or pass csv_options" not in str(err)
    assert "from Python, csv_options" in str(err)
    assert "trong Python, csv_options" in err.message("vi")
    lf = to_lazyframe(path, csv_options={"encoding": "utf8-lossy"})
    assert lf.collect().height == 1


def test_corrupt_csv_gz(tmp_path: Path) -> None:
    path = tmp_path / "x.csv.gz"
    path.write_bytes(b"\x1f\x8b" + os.urandom(200))
    _error(path, str(path), "gzip")


def test_unknown_csv_option(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    DATA.write_csv(path)
    err = _error(path, "'seperator'", "'separator'", csv_options={"seperator": ";"})
    assert "unknown CSV option" in str(err)


def test_reserved_csv_option(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    DATA.write_csv(path)
    _error(path, "'glob'", csv_options={"glob": True})


def test_invalid_csv_option_value(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    DATA.write_csv(path)
    _error(path, str(path), csv_options={"separator": ";;"})


def test_unreadable_lazyframe_schema_is_wrapped() -> None:
    lf = DATA.lazy().select(pl.col("no_such_column"))
    _error(lf, "polars.LazyFrame", "no_such_column")


def test_pandas_frame_that_cannot_convert() -> None:
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame({"mixed": [1, "x", 2.5]})
    _error(frame, "pandas.DataFrame")


def test_pandas_is_not_imported_by_the_module() -> None:
    code = "import sys, datacheck.sources; print('pandas' in sys.modules)"
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.strip() == "False"


def test_permission_denied_is_a_source_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "x.parquet"
    DATA.write_parquet(path)

    def denied(self: Path, *args: object, **kwargs: object) -> object:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "open", denied)
    err = _error(path, str(path))
    assert "permission denied" in str(err)


def test_permission_denied_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "x.parquet"
    DATA.write_parquet(path)
    folder = tmp_path / "data"
    (folder / "locked").mkdir(parents=True)
    DATA.write_parquet(folder / "ok.parquet")
    DATA.write_parquet(folder / "locked" / "y.parquet")
    path.chmod(0)
    (folder / "locked").chmod(0)
    try:
        try:
            path.open("rb").close()
        except PermissionError:
            pass
        else:
            pytest.skip("this user may read any file (root)")
        err = _error(path, str(path))
        assert "permission denied" in str(err)
        err = _error(folder, str(folder / "locked"))
        assert "permission denied" in str(err)
    finally:
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)
        (folder / "locked").chmod(stat.S_IRWXU)


# ---------------------------------------------------------------- rows known without reading


def test_known_rows_are_counted_from_memory_and_footers_only(tmp_path: Path) -> None:
    import pandas as pd  # noqa: PLC0415

    frame = pl.DataFrame({"id": list(range(7)), "g": ["a"] * 7})
    frame.write_parquet(tmp_path / "one.parquet")
    (tmp_path / "folder").mkdir()
    frame.write_parquet(tmp_path / "folder" / "a.parquet")
    frame.head(3).write_parquet(tmp_path / "folder" / "b.parquet")
    frame.write_ipc(tmp_path / "one.arrow")
    frame.write_csv(tmp_path / "one.csv")
    sources: list[object] = [
        frame,
        frame.to_pandas(),
        frame.to_arrow(),
        str(tmp_path / "one.parquet"),
        tmp_path / "folder",
        str(tmp_path / "one.arrow"),
    ]
    assert [known_rows(s, to_lazyframe(s)) for s in sources] == [7, 7, 7, 7, 10, 7]
    assert isinstance(frame.to_pandas(), pd.DataFrame)
    # a CSV file would have to be read, a lazy frame or a dataset may cost a query
    for source in (str(tmp_path / "one.csv"), frame.lazy(), pads.dataset(tmp_path / "folder")):
        assert known_rows(source, to_lazyframe(source)) is None


def test_known_rows_of_a_file_gone_since_it_was_opened_are_unknown(tmp_path: Path) -> None:
    path = tmp_path / "gone.parquet"
    pl.DataFrame({"id": [1, 2]}).write_parquet(path)
    lazy = to_lazyframe(path)
    path.unlink()
    assert known_rows(path, lazy) is None


def test_source_files_finds_what_a_scan_reads_without_reading_it(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    (folder / "x=1").mkdir(parents=True)
    DATA.write_parquet(folder / "b.parquet")
    DATA.write_parquet(folder / "x=1" / "a.parquet")
    DATA.write_parquet(folder / "_skipped.parquet")
    (folder / "notes.txt").write_text("not data", encoding="utf-8")
    assert source_files(folder) == [folder / "b.parquet", folder / "x=1" / "a.parquet"]
    assert source_files(str(folder / "*.parquet")) == [folder / "b.parquet"]
    assert source_files(folder / "b.parquet") == [folder / "b.parquet"]
    assert source_files("postgresql://db.example/x?table=t") == []
    with pytest.raises(SourceError, match="source not found"):
        source_files(tmp_path / "nowhere.parquet")
