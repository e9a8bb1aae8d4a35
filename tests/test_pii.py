"""Personal data: masked everywhere unless ``--unmask``; unlisted personal columns are flagged.

* The columns a suite lists in ``pii`` are masked in samples, JSON, HTML and failure exports;
  a demo-like run (generated samples, the national scorecard with ``--failures`` and
  ``--history``, a single-suite run with every output) is searched, file by file, for the
  personal values of the source data (ids, phone numbers, names, passport and plate numbers):
  none may appear. With ``--unmask`` they do (so the search is proven to work).
* :mod:`datacheck.pii_heuristics` warns (run notes, and one line on the CLI's stderr,
  Vietnamese by default) about columns that look like personal ids, phone numbers or full
  names but are not in ``pii``.
"""

from __future__ import annotations

import contextlib
import io
import re
import shutil
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

import datacheck as dc
from datacheck.cli import main
from datacheck.pii import mask_value
from datacheck.pii_heuristics import MIN_VALUES, pii_hints
from datacheck.vn.identifiers import CCCD_PROVINCES
from samples import generate_samples, write_samples

REPO = Path(__file__).resolve().parents[1]
AS_OF = "2026-06-30"
PREVIOUS = "2026-05-31"


@pytest.fixture(autouse=True)
def _hints_on(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("DATACHECK_PII_HINTS", "DATACHECK_LANG"):
        monkeypatch.delenv(name, raising=False)


def _cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


# ---------------------------------------------------------------------------- heuristics

PLACES = sorted(CCCD_PROVINCES)
IDS = [f"{PLACES[i % len(PLACES)]}2030{i:05d}" for i in range(10)]
PHONES = [f"09{i:08d}" if i % 2 else f"+84 3{i:02d} 123 {i:03d}" for i in range(10)]
NAMES = ["Nguyễn Văn An", "trần thị bình", "LÊ HOÀNG NAM", "Phạm  Minh", "Đặng Thị Thu Hà"]
OTHERS = {
    "enterprise": ["Công ty TNHH Vận tải Vinh Lan", "Doanh nghiệp tư nhân Lâm Trâm", "Hợp tác xã"],
    "address": ["Số 198 Nguyễn Văn Cừ, Hà Nội", "Số 2 Lê Lợi, Huế", "Thôn 3, xã Na Sang"],
    "mst": ["0101234567", "0101234567-001", "4201234567"],
    "bhxh": ["0112345678", "7912345678", "0212345678"],
    "street": ["Nguyễn Huệ 12", "Lê Lợi 3", "Trần Phú 44"],
    "status": ["active", "deceased", "moved"],
}


def test_personal_ids_phones_and_names_are_recognised() -> None:
    hints = pii_hints({"cccd": IDS, "sdt": PHONES, "ho_ten": NAMES}, pii=())
    assert [(h.column, h.kind, h.matching, h.examined) for h in hints] == [
        ("cccd", "personal_id", 10, 10),
        ("sdt", "phone", 10, 10),
        ("ho_ten", "full_name", 5, 5),
    ]


@pytest.mark.parametrize("column", sorted(OTHERS))
def test_other_text_is_not_personal_data(column: str) -> None:
    assert pii_hints({column: OTHERS[column]}, pii=()) == []


def test_columns_in_pii_numbers_and_too_few_values_give_no_hint() -> None:
    assert pii_hints({"cccd": IDS, "sdt": PHONES}, pii=("cccd", "sdt")) == []
    assert pii_hints({"n": [int(v) for v in IDS]}, pii=()) == []
    few = IDS[: MIN_VALUES - 1] * 5 + [None, "  ", ""]  # distinct non-blank values count
    assert pii_hints({"cccd": few}, pii=()) == []


def test_the_share_decides() -> None:
    assert [h.column for h in pii_hints({"c": [*IDS[:3], "x", "y"]}, pii=())] == ["c"]  # 60 %
    assert pii_hints({"c": [*IDS[:2], "x", "y"]}, pii=()) == []


def test_a_column_named_for_phones_or_ids_needs_only_numbers_of_the_right_length() -> None:
    failing = ["0995O04413", "+84703283395", "0983 063 949", "090116928", "05247725977"]
    assert pii_hints({"contact": failing}, pii=()) == []
    assert [h.kind for h in pii_hints({"so_dien_thoai": failing}, pii=())] == ["phone"]
    ids = ["00120300567", "123456789", "001203005678", "N/A"]
    assert pii_hints({"ma": ids}, pii=()) == []
    assert [h.kind for h in pii_hints({"so_cccd": ids}, pii=())] == ["personal_id"]
    # a tax code column is no phone column, whatever its digits
    assert pii_hints({"hotel_code": OTHERS["mst"]}, pii=()) == []


def test_the_hint_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATACHECK_PII_HINTS", "0")
    assert pii_hints({"cccd": IDS}, pii=()) == []


def test_notes_in_both_languages_name_the_column_and_the_suite() -> None:
    (hint,) = pii_hints({"sdt": PHONES}, pii=())
    note = hint.note("dan_cu")
    assert note["kind"] == "pii"
    assert note["column"] == "sdt"
    assert "'sdt'" in note["en"]
    assert "phone numbers (10/10)" in note["en"]
    assert "'dan_cu'" in note["en"]
    assert "số điện thoại" in note["vi"]
    assert "hãy thêm cột vào 'pii'" in note["vi"]


def _frame() -> pl.DataFrame:
    """A key of personal ids, phones and names, each failing a check (so samples show them)."""
    return pl.DataFrame(
        {
            "cccd": IDS,
            "sdt": PHONES,
            "ho_ten": [NAMES[i % len(NAMES)] for i in range(10)],
            "loai": ["x"] * 10,
        }
    )


SUITE = dc.Suite(
    name="s",
    key=["cccd"],
    pii=["ho_ten"],
    checks=[
        dc.checks.InSet(columns=["loai", "sdt", "ho_ten"], values=["y"]),
    ],
)


def test_a_run_warns_from_the_values_its_samples_show(tmp_path: Path) -> None:
    result = dc.run(SUITE, _frame(), as_of=AS_OF)
    assert [n["column"] for n in result.notes if n.get("kind") == "pii"] == ["cccd", "sdt"]
    again = dc.Result.from_dict(result.to_dict())
    assert again.notes == result.notes
    page = result.write_html(tmp_path / "r.html").read_text(encoding="utf-8")
    assert "có thể là dữ liệu cá nhân" in page


def test_values_not_shown_are_not_examined() -> None:
    """A column no sample shows is never in an output: nothing to warn about."""
    suite = dc.Suite(name="s", checks=[dc.checks.NotNull(columns=["loai"])])
    assert not [n for n in dc.run(suite, _frame(), as_of=AS_OF).notes if n.get("kind")]


def test_reference_values_count_as_their_column() -> None:
    frame = _frame()
    population = frame.with_columns(ho_ten=pl.lit("Khác Hẳn"))
    suite = dc.Suite(
        name="s",
        key=["cccd"],
        pii=["cccd"],
        references={"population": population},
        checks=[
            dc.checks.AgreesWith(key=["cccd"], reference="population", columns=["ho_ten"]),
        ],
    )
    result = dc.run(suite, frame, as_of=AS_OF)
    assert [n["column"] for n in result.notes if n.get("kind") == "pii"] == ["ho_ten"]


def test_the_cli_warns_on_stderr_in_vietnamese_by_default(tmp_path: Path) -> None:
    _frame().write_parquet(tmp_path / "d.parquet")
    (tmp_path / "s.yaml").write_text(
        "suite: s\nkey: cccd\npii: [ho_ten]\nchecks:\n  - check: in_set\n"
        "    columns: [loai, sdt, ho_ten]\n    values: [y]\n",
        encoding="utf-8",
    )
    args = ("run", str(tmp_path / "s.yaml"), str(tmp_path / "d.parquet"), "--quiet")
    code, out, err = _cli(*args)
    assert code == 1
    lines = err.splitlines()
    assert len(lines) == 2
    assert all(line.startswith("Cảnh báo: có thể là dữ liệu cá nhân: ") for line in lines)
    assert "cột 'cccd'" in lines[0]
    assert "cột 'sdt'" in lines[1]
    assert "Cảnh báo" not in out
    code, _, err = _cli(*args, "--lang", "en")
    assert err.splitlines()[0].startswith(
        "Warning: possible personal data: the values of column 'cccd'"
    )


# ---------------------------------------------------------------------------- masking


def test_pii_columns_are_masked_in_every_output_of_a_run(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {
            "cccd": ["001203005678", "001203005678", "079188123456", None],
            "ho_ten": ["Nguyễn Văn An", "nguyễn văn an", "Trần Thị Bình", "Lê Văn Tám"],
            "sdt": ["0912345678", "12345", "0987654321", None],
        }
    )
    frame.write_parquet(tmp_path / "d.parquet")
    (tmp_path / "s.yaml").write_text(
        "suite: s\nkey: cccd\npii: [cccd, ho_ten, sdt]\nchecks:\n"
        "  - check: unique\n    columns: [cccd]\n"
        "  - check: name_vn\n    column: ho_ten\n"
        "  - check: phone_vn\n    column: sdt\n"
        "  - check: not_null\n    columns: [cccd, sdt]\n",
        encoding="utf-8",
    )
    secrets = ["001203005678", "Nguyễn Văn An", "nguyễn văn an", "12345", "079188123456"]
    for unmask in (False, True):
        out = tmp_path / ("unmasked" if unmask else "masked")
        args = [
            "run",
            str(tmp_path / "s.yaml"),
            str(tmp_path / "d.parquet"),
            "--as-of",
            AS_OF,
            "--json",
            str(out / "r.json"),
            "--html",
            str(out / "r.html"),
            "--failures",
            str(out / "r.failures.parquet"),
            "--history",
            str(out / "history"),
        ]
        code, stdout, stderr = _cli(*args, *(["--unmask"] if unmask else []))
        assert code == 1, stderr
        texts = {**_decoded(out), "stdout": stdout, "stderr": stderr}
        found = _found(texts, secrets)
        if unmask:
            assert {"001203005678", "nguyễn văn an", "12345"} <= set().union(*found.values())
        else:
            assert not any(found.values()), found
            assert "0012****5678" in texts["r.json"]


# ---------------------------------------------------------------------------- the demo


@dataclass(frozen=True)
class Demo:
    root: Path
    masked: Path
    unmasked: Path
    console: dict[str, str]
    secrets: list[str]


def _decoded(folder: Path) -> dict[str, str]:
    """Every output file under ``folder`` as text (Parquet decoded to NDJSON)."""
    texts = {}
    for path in sorted(folder.rglob("*")):
        if not path.is_file():
            continue
        name = str(path.relative_to(folder))
        if path.suffix == ".parquet":
            texts[name] = pl.read_parquet(path).write_ndjson()
        else:
            texts[name] = path.read_text(encoding="utf-8")
    return texts


def _found(texts: dict[str, str], values: Iterable[str]) -> dict[str, set[str]]:
    """Which of ``values`` occur in each text (Aho-Corasick in Polars, so thousands are fast)."""
    patterns = sorted(set(values))
    names = list(texts)
    matches = pl.Series([texts[n] for n in names]).str.extract_many(patterns, overlapping=True)
    return {name: set(hits) for name, hits in zip(names, matches.to_list(), strict=True)}


def _personal_values(data: Path, suites: Path) -> list[str]:
    """The personal values of the source data: every text value of a ``pii`` column.

    Values also found in a column that is *not* personal data (an enterprise's tax code in
    the business register, a name that is also a street in an address) are public and left
    out, as are values shorter than 6 characters (they occur anywhere by chance).
    """
    personal: set[str] = set()
    public: list[str] = []
    for path in sorted(suites.glob("*.yaml")):
        if path.name == "national.yaml":
            continue
        suite = dc.Suite.from_yaml(path)
        assert suite.source is not None
        frame = pl.read_parquet(data / Path(suite.source).name / "*.parquet")
        for column, dtype in frame.schema.items():
            if dtype != pl.String:
                continue
            values = frame.get_column(column).drop_nulls().unique().to_list()
            if column in suite.pii:
                personal.update(v for v in values if len(v.strip()) >= 6)
            else:
                public.extend(values)
    collisions = _found({"public": "\n".join(public)}, personal)["public"]
    return sorted(personal - collisions)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Demo:
    """``make demo`` in small: samples, two monthly scorecards with history and failures,
    and a single-suite run with every output — masked, and again with ``--unmask``."""
    root = tmp_path_factory.mktemp("demo")
    data = root / "samples" / "out"
    write_samples(generate_samples(rows=4_000, seed=7, as_of=AS_OF), data)
    shutil.copytree(REPO / "suites", root / "suites")
    national = str(root / "suites" / "national.yaml")
    dan_cu = str(root / "suites" / "dan_cu.yaml")
    console = {}
    for name, extra in (("masked", []), ("unmasked", ["--unmask"])):
        out = root / name
        history = str(out / "history")
        runs = [
            [
                "scorecard",
                national,
                "--out",
                str(out / "site"),
                "--as-of",
                PREVIOUS,
                "--fail-on",
                "never",
                "--quiet",
                "--history",
                history,
            ],
            [
                "scorecard",
                national,
                "--out",
                str(out / "site"),
                "--as-of",
                AS_OF,
                "--fail-on",
                "never",
                "--history",
                history,
                "--failures",
            ],
            [
                "run",
                dan_cu,
                "--as-of",
                AS_OF,
                "--fail-on",
                "never",
                "--json",
                str(out / "run" / "dan_cu.json"),
                "--html",
                str(out / "run" / "dan_cu.html"),
                "--failures",
                str(out / "run" / "dan_cu.failures.parquet"),
                "--history",
                history,
            ],
        ]
        for index, args in enumerate(runs):
            code, stdout, stderr = _cli(*args, *extra, "--lang", "en")
            assert code == 0, stderr
            console[f"{name} console {index} stdout"] = stdout
            console[f"{name} console {index} stderr"] = stderr
    return Demo(
        root=root,
        masked=root / "masked",
        unmasked=root / "unmasked",
        console=console,
        secrets=_personal_values(data, root / "suites"),
    )


def test_the_demo_writes_every_kind_of_output(demo: Demo) -> None:
    names = set(_decoded(demo.masked))
    assert "site/index.html" in names
    assert "site/national.json" in names
    assert any(n.endswith(".failures.parquet") and n.startswith("site/") for n in names)
    assert any(n.startswith("history/suite=") for n in names)
    assert {"run/dan_cu.json", "run/dan_cu.html", "run/dan_cu.failures.parquet"} <= names
    assert len(demo.secrets) > 1_000


def test_no_personal_value_appears_in_any_output_of_the_demo(demo: Demo) -> None:
    texts = _decoded(demo.masked)
    texts.update({k: v for k, v in demo.console.items() if k.startswith("masked")})
    leaks = {name: sorted(hits)[:5] for name, hits in _found(texts, demo.secrets).items() if hits}
    assert not leaks, leaks
    # and the masked forms are there: the samples and exports did show (masked) values
    assert "****" in texts["site/dan_cu.json"]
    exports = [n for n in texts if n.endswith(".failures.parquet")]
    assert any("****" in texts[n] for n in exports)


def test_with_unmask_the_personal_values_do_appear(demo: Demo) -> None:
    """The search above is not blind: unmasked, the same outputs hold personal values."""
    texts = _decoded(demo.unmasked)
    found = _found(texts, demo.secrets)
    for kind in ("json", "html", "failures.parquet"):
        hits = set().union(*(h for n, h in found.items() if n.endswith(kind)))
        assert len(hits) > 10, (kind, len(hits))
    failing = pl.read_parquet(demo.unmasked / "run" / "dan_cu.failures.parquet")
    source = pl.read_parquet(demo.root / "samples" / "out" / "dan_cu" / "*.parquet")
    rows = source.with_row_index("_row").join(failing.select("_row"), on="_row", how="semi")
    ids = {v for v in rows.get_column("person_id").to_list() if v in set(demo.secrets)}
    assert ids
    assert ids <= found["run/dan_cu.failures.parquet"]


# ------------------------------------------------------------------------------ masking

name_words = st.text(alphabet="NguyễnVănAnThịHồngĐỗ", min_size=1, max_size=8)
separators = st.sampled_from([" ", "  ", "\u00a0", "\t", " \u3000"])
telltales = st.sampled_from(["", "\u200b", "\u0303", "\ufeff"])


@given(
    words=st.lists(st.tuples(name_words, telltales), min_size=2, max_size=4),
    gaps=st.lists(separators, min_size=5, max_size=5),
    ends=st.tuples(st.sampled_from(["", " ", "\u00a0"]), st.sampled_from(["", " ", "  "])),
)
def test_a_masked_name_keeps_its_spaces_and_invisible_characters(
    words: list[tuple[str, str]], gaps: list[str], ends: tuple[str, str]
) -> None:
    tokens = [word[:1] + mark + word[1:] for word, mark in words]
    name = ends[0] + "".join(f"{t}{gaps[i]}" for i, t in enumerate(tokens[:-1]))
    name += tokens[-1] + ends[1]
    masked = mask_value(name)
    assert re.findall(r"\s+", masked) == re.findall(r"\s+", name)
    assert masked.startswith(ends[0] + tokens[0])
    for original, shown in zip(tokens[1:], masked.split()[1:], strict=True):
        assert shown[0] == original[0]  # the initial
        assert shown.endswith(".")
        kept = [c for c in original[1:] if unicodedata.category(c) in {"Mn", "Cf"}]
        assert list(shown[1:-1]) == kept  # only what holds nothing personal


@given(st.text(alphabet="0123456789\u200b", min_size=1, max_size=20))
def test_a_masked_identifier_shows_no_more_digits_than_the_rule(value: str) -> None:
    masked = mask_value(value)
    assert len(masked) == len(value)
    assert [i for i, c in enumerate(masked) if c == "\u200b"] == [
        i for i, c in enumerate(value) if c == "\u200b"
    ]
    digits = sum(c.isdigit() for c in value)
    shown = sum(c.isdigit() for c in masked)
    assert shown <= (8 if len(value) >= 12 else 4 if len(value) >= 6 else 0)
    assert shown <= digits


def test_masking_examples() -> None:
    nfd = unicodedata.normalize("NFD", "Nữ")
    assert mask_value("Nguyễn Văn An") == "Nguyễn V. A."
    assert mask_value("Nguyễn  Văn An ") == "Nguyễn  V. A. "
    assert mask_value(f"Lê Thị {nfd}") == f"Lê T. N{nfd[2:]}."
    assert mask_value(nfd) == f"N*{nfd[2:]}"
    assert mask_value(" Nam") == " N**"
    assert mask_value("001203005678") == "0012****5678"
