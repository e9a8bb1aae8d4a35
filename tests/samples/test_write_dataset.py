"""Replacing a sample dataset folder: atomic exchange where the system has one, else renames.

The crash tests (``tests/test_crash_safety.py``) kill a writer between the renames; these
check the two replacement paths directly, on the folder and next to it.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl
import pytest

from samples import generator as g


def _dataset(folder: Path) -> pl.DataFrame:
    return pl.read_parquet(folder / "*.parquet")


def _siblings(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.parent.iterdir())


@pytest.fixture(params=["exchange", "two renames"])
def replacement(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Run a test with the atomic exchange and with the two-rename fallback."""
    if request.param == "exchange" and g._renameat2() is None:
        pytest.skip("no renameat2 here")
    if request.param == "two renames":
        monkeypatch.setattr(g, "_exchange", lambda a, b: False)
    return str(request.param)


def test_write_dataset_creates_then_replaces(tmp_path: Path, replacement: str) -> None:
    del replacement
    folder = tmp_path / "dan_cu"
    big = pl.DataFrame({"x": list(range(3 * g.PART_ROWS))})
    g._write_dataset(big, folder)
    assert len(list(folder.glob("*.parquet"))) == 3
    small = pl.DataFrame({"x": [1, 2, 3]})
    g._write_dataset(small, folder)
    assert sorted(p.name for p in folder.iterdir()) == ["part-00000.parquet", "part-00001.parquet"]
    assert _dataset(folder).equals(small)
    assert _siblings(folder) == ["dan_cu"]  # nothing staged or old is left


def test_write_dataset_replaces_a_file(tmp_path: Path) -> None:
    folder = tmp_path / "thue"
    folder.write_text("not a dataset", encoding="utf-8")
    frame = pl.DataFrame({"x": [1, 2]})
    g._write_dataset(frame, folder)
    assert _dataset(folder).equals(frame)
    assert _siblings(folder) == ["thue"]


def test_write_dataset_cleans_up_when_writing_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "ho_tich"
    frame = pl.DataFrame({"x": [1, 2]})
    g._write_dataset(frame, folder)

    def broken(self: pl.DataFrame, path: Path) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(pl.DataFrame, "write_parquet", broken)
    with pytest.raises(OSError, match="disk full"):
        g._write_dataset(pl.DataFrame({"x": [9]}), folder)
    assert _dataset(folder).equals(frame)
    assert _siblings(folder) == ["ho_tich"]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="renameat2 is Linux-only")
def test_exchange_swaps_two_folders(tmp_path: Path) -> None:
    if g._renameat2() is None:
        pytest.skip("no renameat2 in this libc")
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "from_a").touch()
    (b / "from_b").touch()
    assert g._exchange(a, b)
    assert [p.name for p in a.iterdir()] == ["from_b"]
    assert [p.name for p in b.iterdir()] == ["from_a"]
    with pytest.raises(FileNotFoundError):
        g._exchange(a, tmp_path / "missing")
