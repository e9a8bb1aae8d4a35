"""Violations: make the named checks fail, and only them.

A :class:`Target` is one result id to fail. Its *shape* says how:

* ``row`` — some rows get values that fail the check (most checks);
* ``pair`` — two rows together fail it (``unique``: a repeated key; ``tone_style_consistent``:
  one name in both tone-mark styles);
* ``row_count`` — the number of rows is out of range;
* ``drop`` — a required column is left out.

A check with a pass-rate threshold below 1 (or a ``warn`` band) needs enough failing rows to
get status ``fail``: ``floor(n × (1 − cut)) + 1`` of ``n`` rows, where ``cut`` is ``warn`` if
set, else ``threshold``.

For each failing row the proposer builds candidate values from the row's valid ones (a value
just outside a range, a broken check digit, a tax code's ``-000`` branch, NFD text, a legacy
unit code, …), and the :class:`~datacheck.testing._verify.Judge` keeps those that fail the
target and pass every other check of the same columns. The frame-level verification then
catches what the judge cannot see (keys, references), and a violation that keeps breaking
another check is proposed again, then reported.
"""

from __future__ import annotations

import math
import random
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Any, Literal

import polars as pl

from datacheck.checks import (
    AgreesWith,
    Between,
    Check,
    ExistsIn,
    Expression,
    Fresh,
    InSet,
    Lifecycle,
    NormalizedText,
    NotBlank,
    NotFuture,
    NotNull,
    Pattern,
    RequiredColumns,
    RowCount,
    Unique,
)
from datacheck.checks.shared import InCatalogue
from datacheck.errors import did_you_mean
from datacheck.testing._domains import PlainText, bhyt_for, cccd_for_year
from datacheck.testing._generate import Generator, Unit
from datacheck.testing._groups import UNSET, UnitGroup, parse_cccd
from datacheck.testing._model import GenerationError, Model, RefSpec, _check_columns
from datacheck.testing._sources import Source
from datacheck.vn import strategies as vn
from datacheck.vn.admin_units import (
    AdminUnit,
    AdminUnitCurrent,
    NoDistrictLevel,
    UnitInProvince,
    codes,
)
from datacheck.vn.identifiers import (
    BhxhCode,
    BhytCard,
    Cccd,
    CccdConsistent,
    IdPlaceholder,
    Mst,
    PhoneVn,
    PlateVn,
)
from datacheck.vn.text import LookalikeChars, Mojibake, NameVn, ToneStyleConsistent

__all__ = ["Target", "plan_rows", "propose", "targets"]

Shape = Literal["row", "pair", "row_count", "drop"]


@dataclass
class Target:
    """One result id the frame must fail, and how."""

    rid: str
    check: Check
    columns: tuple[str, ...]
    shape: Shape
    cut: Fraction
    collateral: set[str] = field(default_factory=set)

    def needed(self, rows: int) -> int:
        """Failing rows needed among ``rows`` for status ``fail``."""
        if self.shape in ("row_count", "drop"):
            return 1
        return math.floor(rows * (1 - self.cut)) + 1

    def rows_used(self, rows: int) -> int:
        """Rows the violation occupies among ``rows``."""
        if self.shape == "pair":
            return 2 * math.ceil(self.needed(rows) / 2)
        if self.shape == "row":
            return self.needed(rows)
        return 0


def targets(model: Model, violating: tuple[str, ...]) -> list[Target]:
    """The targets of ``violating`` (result ids), validated."""
    ids = model.suite.result_ids()
    out: list[Target] = []
    for rid in dict.fromkeys(violating):
        if rid not in ids:
            raise GenerationError(
                f"violating: suite '{model.suite.name}' has no result {rid!r}"
                f"{did_you_mean(rid, ids)}; its results are {', '.join(ids)}",
                f"violating: bộ '{model.suite.name}' không có kết quả {rid!r}",
            )
        planned = next(p for p in model.plan.results if p.id == rid)
        check = planned.check
        cut = Fraction(str(check.warn if check.warn is not None else check.threshold))
        if cut <= 0:
            raise GenerationError(
                f"check '{rid}' can never fail: its threshold{' and warn' if check.warn else ''}"
                " is 0",
                f"phép kiểm tra '{rid}' không bao giờ trượt: ngưỡng bằng 0",
            )
        shape: Shape = "row"
        if isinstance(check, RowCount):
            shape = "row_count"
        elif isinstance(check, RequiredColumns):
            shape = "drop"
        elif isinstance(check, Unique) or (
            isinstance(check, ToneStyleConsistent) and check.style == "any"
        ):
            shape = "pair"
        out.append(Target(rid, check, planned.columns, shape, cut))
    return out


def plan_rows(model: Model, chosen: list[Target], drawn: int) -> int:
    """The number of rows: ``drawn``, moved into what the row count and violations need."""
    low, high = model.row_count
    count_target = next((t for t in chosen if t.shape == "row_count"), None)
    rows = drawn
    if count_target is None:
        rows = max(rows, low or 0)
        if high is not None and rows > high:
            rows = high
    for _ in range(50):
        used = sum(t.rows_used(rows) for t in chosen)
        if any(t.shape == "pair" for t in chosen):
            used = max(used, 2)
        if used <= rows:
            break
        rows = used
    else:  # pragma: no cover - the fixed point is reached quickly
        rows = used
    used = sum(t.rows_used(rows) for t in chosen)
    if count_target is not None:
        check = count_target.check
        assert isinstance(check, RowCount)
        if check.min is not None and check.min > 0 and used < check.min:
            rows = min(max(rows, used), check.min - 1)
        elif check.max is not None:
            rows = max(rows, used, check.max + 1)
        else:
            raise GenerationError(
                f"check '{count_target.rid}' cannot fail with the other violations: they need "
                f"{used} rows and row_count has no maximum",
                f"không thể làm '{count_target.rid}' trượt cùng các vi phạm khác",
            )
        return rows
    if high is not None and used > high:
        raise GenerationError(
            f"the violations need {used} rows but row_count allows at most {high}",
            f"các vi phạm cần {used} dòng nhưng row_count cho phép tối đa {high}",
        )
    return rows


def dropped_columns(model: Model, target: Target) -> list[str]:
    """Columns a ``required_columns`` violation can leave out: read by no other check."""
    check = target.check
    assert isinstance(check, RequiredColumns)
    read = {c for other in model.suite.checks if other is not check for c in _check_columns(other)}
    read |= set(model.suite.key)
    free = [c for c in check.columns if c not in read]
    if not free:
        raise GenerationError(
            f"check '{target.rid}' cannot fail alone: every column it requires is read by "
            "another check, which would then not run",
            f"phép kiểm tra '{target.rid}' không thể trượt riêng: mọi cột nó yêu cầu đều được "
            "phép kiểm tra khác đọc",
        )
    return free


# ----------------------------------------------------------------------------- proposals


def propose(gen: Generator, target: Target, rows: tuple[int, ...], attempt: int) -> Unit:
    """A violation of ``target`` on ``rows`` (one row, or two for pair shapes).

    Raises
    ------
    GenerationError
        When no candidate fails the target without failing another check of its columns.
    """
    check = target.check
    # candidates come from the seeded random source; hypothesis only picks among those that
    # pass (so a violation shrinks towards the first, "just outside" candidate)
    src = gen.random
    if target.shape == "pair":
        unit = _pair(gen, target, rows, attempt)
    elif isinstance(check, ExistsIn | AgreesWith | Lifecycle):
        unit = _reference(gen, target, rows[0], src, attempt)
    else:
        unit = _row(gen, target, rows[0], src, attempt)
    if unit is None:
        if target.collateral:
            others = ", ".join(sorted(target.collateral))
            raise GenerationError(
                f"cannot make '{target.rid}' fail without also failing {others}: violate them "
                "together, or loosen one of them",
                f"không thể làm '{target.rid}' trượt mà không làm {others} trượt theo: hãy vi "
                "phạm chúng cùng nhau",
            )
        raise GenerationError(
            f"cannot generate a value failing '{target.rid}' (column(s): "
            f"{', '.join(target.columns) or 'none'}); datacheck.testing found no candidate the "
            "check rejects",
            f"không sinh được giá trị làm '{target.rid}' trượt",
        )
    return unit


def _current(gen: Generator, column: str, row: int) -> Any:
    """The row's value, or a fresh non-null one when null."""
    value = gen.value(column, row)
    if value is None or value is UNSET:
        value = gen.draw_nonnull(column, row)
    return value


def _choose(
    gen: Generator,
    target: Target,
    candidates: list[dict[str, Any]],
    src: Source,
    *,
    judge_target: bool = True,
) -> dict[str, Any] | None:
    """A candidate failing the target and passing the other checks of its columns."""
    schema = gen.model.schema
    candidates = [c for c in candidates if c and all(_fits(v, schema[k]) for k, v in c.items())]
    if not candidates:
        return None
    columns = list(dict.fromkeys(col for c in candidates for col in c))
    full = [c for c in candidates if set(c) == set(columns)]
    partial = [c for c in candidates if set(c) != set(columns)]
    judged: list[dict[str, Any]] = []
    for group in (full, partial):
        if not group:
            continue
        names = list(group[0])
        if any(set(c) != set(names) for c in group):
            # mixed column sets: judge each candidate on its own columns
            for candidate in group:
                judged.extend(_judged(gen, target, [candidate], list(candidate), judge_target))
        else:
            judged.extend(_judged(gen, target, group, names, judge_target))
    if not judged:
        return None
    return src.pick(judged)


def _judged(
    gen: Generator,
    target: Target,
    candidates: list[dict[str, Any]],
    columns: list[str],
    judge_target: bool,
) -> list[dict[str, Any]]:
    judge = gen.model.judge(columns)
    values = {c: [cand[c] for cand in candidates] for c in columns}
    try:
        failures = judge.failures(values)
    except (pl.exceptions.PolarsError, TypeError, ValueError, OverflowError):
        return []
    kept = []
    for index, candidate in enumerate(candidates):
        others = [
            rid for rid, flags in failures.items() if rid not in gen.violated and flags[index]
        ]
        if others:
            target.collateral.update(others)
            continue
        if judge_target and target.rid in failures and not failures[target.rid][index]:
            continue
        kept.append(candidate)
    return kept


def _row(gen: Generator, target: Target, row: int, src: Source, attempt: int) -> Unit | None:
    candidates = _row_candidates(gen, target, row, src, attempt)
    chosen = _choose(gen, target, candidates, gen.source(row))
    if chosen is None:
        return None
    return Unit(target.rid, (row,), {(c, row): v for c, v in chosen.items()})


def _row_candidates(
    gen: Generator, target: Target, row: int, src: Source, attempt: int
) -> list[dict[str, Any]]:
    check = target.check
    model = gen.model
    if isinstance(check, NotNull):
        return [{target.columns[0]: None}]
    if isinstance(check, Expression):
        return _expression(gen, target, row, src, attempt)
    if isinstance(check, CccdConsistent):
        return _cccd_consistent(gen, check, target.columns[0], row, src)
    if isinstance(check, UnitInProvince):
        return _unit_in_province(gen, check, target.columns[0], src)
    column = target.columns[0] if target.columns else None
    if column is None or column not in model.columns:
        return []
    if isinstance(check, NotBlank):
        if model.columns[column].dtype != pl.String:
            return [{column: None}]
        marks = [*model.suite.placeholders, *check.placeholders]
        texts = [
            "",
            " ",
            "  ",
            "\t",
            *marks,
            *(m.upper() for m in marks),
            *(f" {m} " for m in marks),
        ]
        return [{column: t} for t in dict.fromkeys(texts)] + [{column: None}]
    base = _current(gen, column, row)
    values = _bad_values(gen, target, column, base, src)
    out = [{column: v} for v in values]
    if isinstance(check, BhytCard) and check.bhxh_column is not None:
        code = _current(gen, check.bhxh_column, row)
        text = f"{code:010d}" if isinstance(code, int) else str(code)
        other = str((int(text) + 1) % 10**10).zfill(10) if text.isdigit() else "0000000001"
        out += [
            {column: _card(src, other), check.bhxh_column: code},
        ]
    return out


def _card(src: Source, code: str) -> str:
    """A well-formed health insurance card ending in ``code``."""
    return src.either(vn.bhyt_card(code), lambda rng: bhyt_for(rng, code))


def _strings(base: Any) -> list[str]:
    text = base if isinstance(base, str) else str(base)
    half = len(text) // 2
    out = [
        text + "x",
        "x" + text,
        text + "0",
        text[:-1],
        text[1:],
        text + " ",
        " " + text,
        text.lower(),
        text.upper(),
        text.swapcase(),
        text + "#",
        text[:half] + "@" + text[half:],
        text + text,
        text.replace(" ", ""),
        "",
        "?",
        "N/A",
        "Khác",
    ]
    for index, char in enumerate(text):
        if char.isdigit():
            out.append(text[:index] + "O" + text[index + 1 :])
            break
    return [v for v in dict.fromkeys(out) if v != text]


def _outside(gen: Generator, target: Target, column: str) -> list[Any]:
    """Values just outside (and further outside) the target check's allowed range."""
    spec = gen.model.columns[column]
    low, high = gen.model.check_bounds.get(target.rid, (None, None))
    out: list[Any] = []
    steps: list[Any]
    if isinstance(spec.dtype, pl.Date):
        steps = [timedelta(days=1), timedelta(days=30), timedelta(days=366), timedelta(days=3660)]
    elif isinstance(spec.dtype, pl.Datetime):
        steps = [
            spec.step,
            timedelta(seconds=1),
            timedelta(hours=1),
            timedelta(days=1),
            timedelta(days=366),
        ]
    elif spec.dtype.is_integer():
        steps = [1, 2, 10, 1000]
    elif spec.dtype.is_float():
        steps = [1e-6, 0.5, 1.0, 1000.0]
    else:
        return out
    for step in steps:
        for bound, sign in ((low, -1), (high, 1)):
            if bound is None:
                continue
            try:
                out.append(bound + step if sign > 0 else bound - step)
            except OverflowError:
                continue
    return out


def _bad_values(gen: Generator, target: Target, column: str, base: Any, src: Source) -> list[Any]:
    """Candidate values failing ``target`` on ``column``, built from the valid ``base``."""
    check = target.check
    dtype = gen.model.columns[column].dtype
    if isinstance(check, Between | Fresh | NotFuture) and dtype != pl.String:
        return _outside(gen, target, column)
    if isinstance(dtype, pl.Enum):
        return [c for c in dtype.categories.to_list() if c != base]
    if isinstance(check, InSet) and dtype != pl.String:
        return _non_members(check.values, dtype)
    if not isinstance(base, str):
        if isinstance(check, AdminUnit | AdminUnitCurrent):
            return [*(int(c) for c in _unit_codes_outside(check)[:40]), 999_999]
        return _non_members((base,), dtype) if base is not None else []
    for kind, edit in _TEXT_EDITS:
        if isinstance(check, kind):
            return edit(check, base, gen)
    # a check datacheck.testing has no specific knowledge of: edits and arbitrary text
    plain = PlainText(max_size=8)
    return [*_strings(base), *(src.draw(plain) for _ in range(10))]


def _in_set_edits(check: InSet, text: str, gen: Generator) -> list[Any]:
    del gen
    return [*_strings(text), *(f"{v}x" for v in check.values if isinstance(v, str))]


def _normalized_edits(check: Check, text: str, gen: Generator) -> list[Any]:
    del check, gen
    return [
        f" {text}",
        f"{text} ",
        text.replace(" ", "  ", 1),
        unicodedata.normalize("NFD", text),
        text.replace(" ", "\t", 1),
        f"{text}\u00a0",
    ]


def _phone_edits(check: Check, text: str, gen: Generator) -> list[Any]:
    del check, gen
    return [
        "0162" + text[-7:],
        "011" + text[-7:],
        text[:-1],
        text + "1",
        "0" + "1" * 9,
        text.replace(text[-4:], " " + text[-4:]),
        "+84 " + text[-9:],
        "84" + text[-10:],
    ]


def _plate_edits(check: Check, text: str, gen: Generator) -> list[Any]:
    del check, gen
    fixed = ["13A-123.45", "30I-123.45", "30O-12345", "30A123", "99Q-12345"]
    return [*fixed, text.lower(), text.replace("-", "_"), text + "9"]


def _placeholder_edits(check: IdPlaceholder, text: str, gen: Generator) -> list[Any]:
    del gen
    size = max(check.min_length, len(text))
    runs = [str(d) * size for d in range(10)]
    runs += [("0123456789" * 4)[d : d + size] for d in range(10)]
    runs += [("9876543210" * 4)[d : d + size] for d in range(10)]
    return [*check.values, *runs]


def _lookalike_edits(check: Check, text: str, gen: Generator) -> list[Any]:
    del check, gen
    spaced = text.replace(" ", "\u00a0", 1) if " " in text else text + "\u00a0x"
    eth = text.replace("Đ", "Ð").replace("đ", "ð") if "đ" in text.lower() else "Ð" + text
    return [eth, spaced, text[:1] + "\u200b" + text[1:], text + "\x01"]


def _mojibake_edits(check: Check, text: str, gen: Generator) -> list[Any]:
    del check, gen
    sources = [text, "Nguyễn Văn Đức", "Trần Thị Hương", "Phạm Hồng Thủy"]
    damaged = [vn.mojibake(s, encoding) for s in sources for encoding in vn.MOJIBAKE_ENCODINGS]
    return [d for d in damaged if d not in sources]


def _name_edits(check: Check, text: str, gen: Generator) -> list[Any]:
    del check, gen
    nfd = unicodedata.normalize("NFD", text)
    return [text.lower(), text + " 2", "nguyễn văn an", text.replace(" ", "  ", 1), nfd, text + "."]


def _tone_edits(check: ToneStyleConsistent, text: str, gen: Generator) -> list[Any]:
    del gen
    other: Literal["old", "new"] = "new" if check.style == "old" else "old"
    return [vn.to_tone_style(n, other) for n in (text, "Lê Thị Hòa", "Trần Thủy", "Nguyễn Khỏe")]


def _district_edits(check: Check, text: str, gen: Generator) -> list[Any]:
    del check, gen
    return [
        f"{text}, Quận 1",
        f"Huyện Củ Chi, {text}",
        f"12 Lê Lợi, Q.3, {text}",
        f"Thị trấn Đông Anh, {text}",
    ]


def _unit_edits(check: AdminUnit | AdminUnitCurrent, text: str, gen: Generator) -> list[Any]:
    del gen
    return [*_unit_codes_outside(check)[:40], "99999", "00000", text[:-1], text + "0"]


def _catalogue_edits(check: Check, text: str, gen: Generator) -> list[Any]:
    del check, gen
    return [text.lower(), text + "0", "XX", "ZZZ", "99", "000", text[:-1]]


#: Per kind of check, how to turn a valid text value into candidates that fail it.
_TEXT_EDITS: tuple[tuple[type[Check], Callable[[Any, str, Generator], list[Any]]], ...] = (
    (Between, lambda _c, t, _g: _strings(t)),
    (Fresh, lambda _c, t, _g: _strings(t)),
    (NotFuture, lambda _c, t, _g: _strings(t)),
    (InSet, _in_set_edits),
    (NormalizedText, _normalized_edits),
    (Cccd, lambda c, t, g: _bad_cccd(t, g.model.as_of.year, c.allow_abroad)),
    (Mst, lambda _c, t, _g: _bad_mst(t)),
    (PhoneVn, _phone_edits),
    (PlateVn, _plate_edits),
    (BhxhCode, lambda _c, t, _g: [t[:-1], t + "1", "BH" + t[2:], t[:5] + " " + t[5:]]),
    (BhytCard, lambda _c, t, _g: [t.lower(), t[:2] + "6" + t[3:], t[:-1], t + "1", "1" + t[1:]]),
    (IdPlaceholder, _placeholder_edits),
    (LookalikeChars, _lookalike_edits),
    (Mojibake, _mojibake_edits),
    (NameVn, _name_edits),
    (ToneStyleConsistent, _tone_edits),
    (NoDistrictLevel, _district_edits),
    (AdminUnit, _unit_edits),
    (AdminUnitCurrent, _unit_edits),
    (InCatalogue, _catalogue_edits),
    (Pattern, lambda _c, t, _g: _strings(t)),
)


def _non_members(values: Sequence[Any], dtype: pl.DataType) -> list[Any]:
    if isinstance(dtype, pl.Boolean):
        return [v for v in (True, False) if v not in values]
    numbers = [v for v in values if isinstance(v, int | float) and not isinstance(v, bool)]
    if dtype.is_numeric() and numbers:
        top, bottom = max(numbers), min(numbers)
        return [top + 1, bottom - 1, top + 1000, 0, -1]
    dates = [v for v in values if isinstance(v, date)]
    if dates:
        return [max(dates) + timedelta(days=1), min(dates) - timedelta(days=1)]
    return []


def _unit_codes_outside(check: AdminUnit | AdminUnitCurrent) -> list[str]:
    level = check.level
    if isinstance(check, AdminUnit):
        other = "legacy" if check.vintage == "2025" else "2025"
        mine = (
            set(codes(check.vintage, level))
            if level != "district" or check.vintage != "2025"
            else set()
        )
        return [c for c in codes(other, level) if c not in mine] if level != "district" else []
    new = set(codes("2025", level)) if level != "district" else set()
    return [c for c in codes("legacy", level) if c not in new]


def _bad_cccd(text: str, year: int, allow_abroad: bool) -> list[str]:
    out = [text[:-1], text + "0", text[:5] + "A" + text[6:], " " + text, text[:4] + "０" + text[5:]]
    out += [f"{place}{text[3:]}" for place in ("003", "005", "007", "009", "000", "099", "050")]
    if not allow_abroad:
        out.append("101" + text[3:])
    out += [text[:3] + digit + text[4:] for digit in "456789"]  # a century not yet begun
    if year < 2099:  # born after the as-of year
        out += [f"{text[:3]}2{yy:02d}{text[6:]}" for yy in range(year % 100 + 1, year % 100 + 6)]
    return out


def _bad_mst(text: str) -> list[str]:
    code = text[:10]
    out = [f"{code[:9]}{(int(code[9]) + k) % 10}" for k in range(1, 10) if code[9:10].isdigit()]
    out += [
        code[:9],
        code + "1",
        code + "-000",
        code + "-01",
        "A" + code[1:],
        code[:5] + " " + code[5:],
    ]
    return out


def _expression(
    gen: Generator, target: Target, row: int, src: Source, attempt: int
) -> list[dict[str, Any]]:
    check = target.check
    assert isinstance(check, Expression)
    model = gen.model
    referenced = [c for c in dict.fromkeys(_check_columns(check)) if c in model.columns]
    current = {c: _current(gen, c, row) for c in referenced}
    candidates: list[dict[str, Any]] = []
    comparison = model.comparisons.get(target.rid)
    if comparison is not None:
        left, op, right = comparison
        a, b = current[left], current[right]
        step = model.columns[left].step
        candidates.append({**current, left: b, right: a})
        if step is not None and a is not None and b is not None:
            try:
                shifted = b - step if op in (">=", ">") else b + step
                candidates.append({**current, left: shifted})
                if op in (">", "<"):
                    candidates.append({**current, left: b})
            except (TypeError, OverflowError):
                pass
    literals = _literals(check.expr)
    for _ in range(40 + 10 * attempt):
        candidate = {}
        for column in referenced:
            spec = model.columns[column]
            options = [v for v in literals if _literal_fits(v, spec.dtype)]
            if options and src.chance(0.5):
                candidate[column] = src.pick(options)
            else:
                candidate[column] = gen.draw_nonnull(column, row)
        candidates.append(candidate)
    return [c for c in candidates if all(v is not None for v in c.values())]


def _literals(expr: str) -> list[Any]:
    """The string and number literals of a SQL expression (candidate values)."""
    out: list[Any] = [m.replace("''", "'") for m in re.findall(r"'((?:[^']|'')*)'", expr)]
    numbers = re.findall(r"(?<![\w.'])-?\d+(?:\.\d+)?(?![\w.'])", expr)
    out += [float(n) if "." in n else int(n) for n in numbers]
    return list(dict.fromkeys(out))


def _literal_fits(value: Any, dtype: pl.DataType) -> bool:
    """Whether an expression's literal is a candidate value for a column of ``dtype``."""
    if dtype == pl.String:
        return isinstance(value, str)
    if dtype.is_integer():
        return isinstance(value, int) and not isinstance(value, bool)
    if dtype.is_float():
        return isinstance(value, int | float) and not isinstance(value, bool)
    return False


def _fits(value: Any, dtype: pl.DataType) -> bool:
    """Whether a column of ``dtype`` holds ``value`` as it is (an Enum only its categories)."""
    if value is None:
        return True
    try:
        series = pl.Series([value], dtype=dtype, strict=True)
    except (pl.exceptions.PolarsError, TypeError, ValueError, OverflowError):
        return False
    return series.null_count() == 0


def _cccd_consistent(
    gen: Generator, check: CccdConsistent, column: str, row: int, src: Source
) -> list[dict[str, Any]]:
    model = gen.model
    birth = _current(gen, check.birth_date, row)
    year = (
        birth.year
        if isinstance(birth, date | datetime)
        else birth
        if isinstance(birth, int)
        else None
    )
    sex = _current(gen, check.sex, row) if check.sex is not None else None
    current_id = gen.value(column, row)
    parsed = parse_cccd(current_id)
    if year is None or not 1900 <= year <= model.as_of.year:
        if parsed is None:
            return []
        year = parsed[0]
    male = str(sex) == str(check.male) if sex is not None else src.chance(0.5)
    candidates = []
    for other_year, other_male in (
        (year + 1, male),
        (year - 1, male),
        (year, not male),
        (year + 2, male),
        (year - 10, male),
    ):
        if not 1900 <= other_year <= model.as_of.year:
            continue
        value = src.either(
            vn.cccd_for(other_year, other_male), _cccd_sampler(other_year, other_male)
        )
        candidate = {column: value, check.birth_date: birth}
        if check.sex is not None:
            candidate[check.sex] = (
                sex if sex is not None else (check.male if male else check.female)
            )
        candidates.append(candidate)
    return candidates


def _cccd_sampler(year: int, male: bool) -> Callable[[random.Random], str]:
    return lambda rng: cccd_for_year(rng, year, male)


def _unit_in_province(
    gen: Generator, check: UnitInProvince, column: str, src: Source
) -> list[dict[str, Any]]:
    group = next(
        (g for g in gen.model.groups if isinstance(g, UnitGroup) and g.commune == column), None
    )
    if group is None or not group.units:
        return []
    provinces = list(group.by_province)
    candidates = []
    for _ in range(12):
        unit = src.pick(group.units)
        others = [p for p in provinces if p != unit[1]]
        if not others:
            continue
        candidate = {column: unit[0], check.province: src.pick(others)}
        if check.district is not None:
            candidate[check.district] = unit[2]
        candidates.append(candidate)
    return candidates


# ----------------------------------------------------------------------------- pairs


def _pair(gen: Generator, target: Target, rows: tuple[int, ...], attempt: int) -> Unit | None:
    first, second = rows
    check = target.check
    if isinstance(check, Unique):
        cells: dict[tuple[str, int], Any] = {}
        for column in check.columns:
            value = gen.value(column, first)
            if value is None or value is UNSET:
                value = gen.draw_nonnull(column, first)
                if value is None:
                    return None
            cells[(column, first)] = value
            cells[(column, second)] = value
        # copy what goes with the key (its groups, values that must agree) unpinned
        follow = {m for c in check.columns for m in gen.model.components.get(c, (c,))}
        for spec in gen.model.ref_specs:
            if set(spec.own_key) <= set(check.columns):
                follow |= {own for own, _ in spec.agreed}
        for column in follow - set(check.columns):
            if second not in gen.pinned[column] and first not in gen.pinned[column]:
                gen.put(column, second, gen.value(column, first))
        return Unit(target.rid, rows, cells)
    assert isinstance(check, ToneStyleConsistent)
    column = target.columns[0]
    names = [_current(gen, column, first) for _ in range(1)]
    names += [gen.draw_nonnull(column, first) for _ in range(10 + 5 * attempt)]
    names += ["Lê Thị Hòa", "Trần Thị Thủy", "Nguyễn Văn Khỏe", "Phạm Thị Thụy"]
    candidates = []
    for name in names:
        if not isinstance(name, str):
            continue
        old, new = vn.to_tone_style(name, "old"), vn.to_tone_style(name, "new")
        if old != new:
            candidates.append((old, new))
    judge = gen.model.judge([column])
    for old, new in candidates:
        flags = judge.failures({column: [old]})
        flags_new = judge.failures({column: [new]})
        if any(f[0] for rid, f in flags.items() if rid != target.rid) or any(
            f[0] for rid, f in flags_new.items() if rid != target.rid
        ):
            continue
        return Unit(target.rid, rows, {(column, first): old, (column, second): new})
    return None


# ----------------------------------------------------------------------------- references


def _spec_for(model: Model, check: Check) -> RefSpec:
    own: tuple[str, ...]
    theirs: tuple[str, ...]
    if isinstance(check, ExistsIn):
        own, theirs = (check.column,), (check.reference_column or check.column,)
    else:
        assert isinstance(check, AgreesWith | Lifecycle)
        own, theirs = tuple(check.key), tuple(check.reference_key or check.key)
    reference = check.reference
    return next(
        s
        for s in model.ref_specs
        if s.reference == reference and s.own_key == own and s.ref_key == theirs
    )


def _reference(gen: Generator, target: Target, row: int, src: Source, attempt: int) -> Unit | None:
    check = target.check
    spec = _spec_for(gen.model, check)
    if isinstance(check, ExistsIn):
        return _exists_in(gen, target, spec, row, attempt)
    found = _keyed(gen, target, spec, row, src)
    if found is None:
        return None
    unit, entry = found
    if isinstance(check, AgreesWith):
        return _agrees_with(gen, target, spec, unit, entry, attempt=attempt)
    assert isinstance(check, Lifecycle)
    return _lifecycle(gen, target, spec, unit, src)


def _passes_others(gen: Generator, column: str, value: Any) -> bool:
    """Whether ``value`` passes every check of ``column`` that must pass."""
    failures = gen.model.judge([column]).failures({column: [value]})
    return not any(f[0] for rid, f in failures.items() if rid not in gen.violated)


def _exists_in(
    gen: Generator, target: Target, spec: RefSpec, row: int, attempt: int
) -> Unit | None:
    """A value absent from the reference (kept out of a generated one)."""
    check = target.check
    assert isinstance(check, ExistsIn)
    column = check.column
    index = gen.model.ref_indexes.get(spec)
    used = set(gen.data[column])
    for _ in range(30 + 10 * attempt):
        value = gen.draw_nonnull(column, row)
        if value is None:
            return None
        known = (value,) in index.keys if index is not None else value in used
        if known or not _passes_others(gen, column, value):
            continue
        unit = Unit(target.rid, (row,), {(column, row): value})
        if index is None:
            unit.excluded.append((spec.reference, spec.ref_key, (value,)))
        return unit
    return None


Entry = tuple[tuple[Any, ...], Mapping[str, Any], tuple[bool, ...]] | None


def _keyed(
    gen: Generator, target: Target, spec: RefSpec, row: int, src: Source
) -> tuple[Unit, Entry] | None:
    """A unit pinning the row's key: one of the given reference, or the row's own."""
    check = target.check
    entry: Entry = None
    if gen.model.given is not None:
        index = gen.model.ref_indexes[spec]
        pool = index.entries
        if isinstance(check, Lifecycle):
            pool = tuple(index.entries[i] for i in index.ended)
            if not pool:
                raise GenerationError(
                    f"check '{target.rid}' cannot fail: reference '{spec.reference}' has no "
                    f"subject whose status is one of {list(check.ended)}",
                    f"phép kiểm tra '{target.rid}' không thể trượt: tham chiếu "
                    f"'{spec.reference}' không có đối tượng nào đã kết thúc",
                )
        if not pool:
            return None
        entry = src.pick(pool)
        key = entry[0]
        for own, value in entry[1].items():
            if _writable(gen, own, row):
                gen.put(own, row, value)
    else:
        key = tuple(_current(gen, c, row) for c in spec.own_key)
        if any(v is None for v in key):
            return None
    cells = {(column, row): value for column, value in zip(spec.own_key, key, strict=True)}
    return Unit(target.rid, (row,), cells), entry


def _agrees_with(
    gen: Generator, target: Target, spec: RefSpec, unit: Unit, entry: Entry, *, attempt: int
) -> Unit | None:
    """The row's value differs from the reference's (a given one, or an overridden one)."""
    check = target.check
    assert isinstance(check, AgreesWith)
    (row,) = unit.rows
    (column,) = target.columns
    theirs = dict(zip(check.columns, check.reference_columns or check.columns, strict=True))[column]
    mine = _current(gen, column, row)
    key = tuple(unit.cells[(c, row)] for c in spec.own_key)
    reference_value = entry[1].get(column) if entry is not None else mine
    for _ in range(30 + 10 * attempt):
        other = gen.draw_nonnull(column, row)
        if other is None or str(other) == str(reference_value):
            continue
        if entry is not None:
            if not _passes_others(gen, column, other):
                continue
            unit.cells[(column, row)] = other
        else:
            unit.cells[(column, row)] = mine
            unit.overrides[(spec.reference, spec.ref_key, key, theirs)] = other
        return unit
    return None


def _lifecycle(
    gen: Generator, target: Target, spec: RefSpec, unit: Unit, src: Source
) -> Unit | None:
    """An active status for a subject the reference says has ended."""
    check = target.check
    assert isinstance(check, Lifecycle)
    (row,) = unit.rows
    active = [v for v in check.active if _passes_others(gen, check.status, v)]
    if not active:
        return None
    unit.cells[(check.status, row)] = src.pick(active)
    if gen.model.given is None:
        key = tuple(unit.cells[(c, row)] for c in spec.own_key)
        life = next(life for life in spec.lifecycles if life.status == check.status)
        unit.overrides[(spec.reference, spec.ref_key, key, life.ref_status)] = check.ended[0]
    return unit


def _writable(gen: Generator, column: str, row: int) -> bool:
    """Whether a cell may be overwritten (not pinned)."""
    return row not in gen.pinned[column]
