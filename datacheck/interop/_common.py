"""What the pandera and Great Expectations bridges share.

- :class:`InteropWarning` and the :class:`Notes` collector: every part of a schema or suite
  that is skipped, or converted with a difference in meaning, is listed in ONE warning per
  conversion, with the reason — never dropped silently.
- :func:`require`: the lazy import of an optional library, failing with one line that names
  the extra to install.
- :class:`UnmappableError` and the helpers both directions use: the suite's settings kept as
  YAML text, the as-of instant, ``between`` bounds relative to it (``today``, ``now``).
- Atoms and origins: a datacheck check is split into *atoms* (one per result, e.g. one per
  column of a ``not_null``); each atom becomes one pandera or GX element. The element keeps
  the original check as YAML text (its *origin*) where the library has room for metadata, so
  converting back restores the check exactly (name, threshold, severity, dimension, and kinds
  the library has no word for, such as ``in_catalogue``) — provided the element still says
  what the origin says (an edited element is converted as it now reads).
"""

from __future__ import annotations

import dataclasses
import importlib
import json
import re
import unicodedata
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any

import yaml

from datacheck._time import zone
from datacheck.checks.base import Check, RowCheck, check_class
from datacheck.checks.correct import Between
from datacheck.errors import DatacheckError

if TYPE_CHECKING:
    from datacheck.suite import Suite

__all__ = [
    "Atom",
    "InteropError",
    "InteropWarning",
    "MissingDependencyError",
    "Notes",
    "Skipped",
    "UnmappableError",
    "assemble",
    "atoms",
    "between_bounds",
    "check_from_origin",
    "local_time",
    "note_warn_band",
    "origin_text",
    "parse_instant",
    "plain_value",
    "relative_bound",
    "require",
    "restore_settings",
    "settings_text",
    "snake_name",
]


class InteropError(DatacheckError):
    """A schema, suite or file given to a bridge cannot be read at all."""


class MissingDependencyError(DatacheckError, ImportError):
    """An optional library a bridge needs is not installed (names the extra to install)."""


class UnmappableError(Exception):
    """One check, expectation or schema part has no counterpart (reasons in English, Vietnamese).

    Raised inside a conversion and turned into a :class:`Skipped` note; never leaves a bridge.
    """

    def __init__(self, en: str, vi: str) -> None:
        super().__init__(en)
        self.en = en
        self.vi = vi


@dataclass(frozen=True)
class Skipped:
    """One part of a schema or suite a conversion skipped or converted approximately.

    Parameters
    ----------
    part
        What it is (``"column 'age': check greater_than(0) grouped by 'sex'"``).
    reason, reason_vi
        Why, in English and Vietnamese.
    approximate
        ``True`` when the part was converted but means something slightly different;
        ``False`` when it was skipped.
    """

    part: str
    reason: str
    reason_vi: str
    approximate: bool = False

    def line(self, lang: str = "en") -> str:
        """One line: ``skipped`` or ``approximated``, the part and the reason."""
        if lang == "vi":
            head = "chuyển gần đúng" if self.approximate else "bỏ qua"
            return f"{head} {self.part}: {self.reason_vi}"
        head = "approximated" if self.approximate else "skipped"
        return f"{head} {self.part}: {self.reason}"


class InteropWarning(UserWarning):
    """Parts of a pandera schema, GX suite or datacheck suite that did not convert exactly.

    ``skipped`` lists every such part (:class:`Skipped`); the message lists them one per
    line, and ``message_vi`` gives the same in Vietnamese.
    """

    def __init__(self, message: str, skipped: Sequence[Skipped] = (), message_vi: str = "") -> None:
        super().__init__(message)
        self.skipped = tuple(skipped)
        self.message_vi = message_vi or message


class Notes:
    """Collects the skipped and approximated parts of one conversion.

    Examples
    --------
    >>> import warnings
    >>> notes = Notes("from_gx")
    >>> notes.skip("expectation 'expect_column_mean_to_be_between'", "an aggregate", "tổng hợp")
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     notes.emit()
    >>> print(caught[0].message)
    from_gx: 1 part not converted exactly:
      - skipped expectation 'expect_column_mean_to_be_between': an aggregate
    """

    def __init__(self, what: str) -> None:
        self.what = what
        self.items: list[Skipped] = []

    def skip(self, part: str, reason: str, reason_vi: str) -> None:
        """Record a part that was not converted."""
        self.items.append(Skipped(part, reason, reason_vi))

    def approx(self, part: str, reason: str, reason_vi: str) -> None:
        """Record a part converted with a difference in meaning."""
        self.items.append(Skipped(part, reason, reason_vi, approximate=True))

    def emit(self, stacklevel: int = 3) -> None:
        """Warn once, listing every recorded part (nothing when all converted exactly)."""
        if not self.items:
            return
        n = len(self.items)
        head = f"{self.what}: {n} part{'s' if n > 1 else ''} not converted exactly:"
        head_vi = f"{self.what}: {n} phần không chuyển đổi chính xác:"
        message = "\n".join([head, *(f"  - {item.line()}" for item in self.items)])
        message_vi = "\n".join([head_vi, *(f"  - {item.line('vi')}" for item in self.items)])
        warnings.warn(InteropWarning(message, self.items, message_vi), stacklevel=stacklevel)


_PYSPARK_PANDAS = "PySpark does not yet fully support pandas"


def require(module: str, extra: str, purpose: str) -> ModuleType:
    """Import an optional library or fail with one line naming the extra to install.

    Raises
    ------
    MissingDependencyError
        If the library is not installed.

    Examples
    --------
    >>> require("json", "gx", "reading JSON").__name__
    'json'
    """
    try:
        with warnings.catch_warnings():
            # GX and pandera import PySpark when it is installed (the spark extra), which warns
            # about pandas 3 at import: a warning about their optional Spark support, not ours
            warnings.filterwarnings("ignore", message=_PYSPARK_PANDAS, category=FutureWarning)
            return importlib.import_module(module)
    except ImportError:
        top = module.split(".", maxsplit=1)[0]
        raise MissingDependencyError(
            f"{purpose} needs {top}, which is not installed: pip install 'datacheck[{extra}]'",
            f"{purpose} cần thư viện {top} nhưng chưa được cài: pip install 'datacheck[{extra}]'",
        ) from None


def snake_name(text: str | None, fallback: str) -> str:
    """A suite id (snake_case, ASCII) from a schema's or suite's name.

    Examples
    --------
    >>> snake_name("Dân cư v2", "x")
    'dan_cu_v2'
    >>> snake_name("2024 people", "schema")
    'schema_2024_people'
    >>> snake_name(None, "schema")
    'schema'
    """
    if not text:
        return fallback
    ascii_text = unicodedata.normalize("NFKD", text.replace("đ", "d").replace("Đ", "D"))
    ascii_text = "".join(ch for ch in ascii_text if not unicodedata.combining(ch))
    name = re.sub(r"[^a-z0-9]+", "_", ascii_text.lower()).strip("_")
    if not name:
        return fallback
    if not name[0].isalpha():
        name = f"{fallback}_{name}"
    return name


def plain_value(value: Any) -> Any:
    """A value from pandas, numpy or pandera as plain Python (for checks and YAML).

    Examples
    --------
    >>> import numpy as np
    >>> plain_value(np.int64(3)), plain_value({"b", "a"})
    (3, ['a', 'b'])
    """
    if isinstance(value, bool | int | float | str | Decimal) or value is None:
        return value
    if isinstance(value, datetime):
        to_py = getattr(value, "to_pydatetime", None)  # pandas.Timestamp
        result = to_py() if to_py is not None else value
        return datetime(
            result.year,
            result.month,
            result.day,
            result.hour,
            result.minute,
            result.second,
            result.microsecond,
            tzinfo=result.tzinfo,
        )
    if isinstance(value, date):
        return date(value.year, value.month, value.day)
    item = getattr(value, "item", None)  # numpy scalars
    if callable(item) and type(value).__module__ == "numpy":
        return plain_value(item())
    if isinstance(value, set | frozenset):
        items = [plain_value(v) for v in value]
        try:
            return sorted(items)
        except TypeError:
            return items
    if isinstance(value, list | tuple):
        return [plain_value(v) for v in value]
    return value


# ---------------------------------------------------------------------------- settings and time


def settings_text(suite: Suite) -> str:
    """The suite without its checks (name, key, references given as paths …) as YAML text.

    Kept in a pandera schema's or GX suite's metadata, so converting back restores it.
    """
    refs = {k: str(v) for k, v in suite.references.items() if isinstance(v, str | Path)}
    # references in memory cannot be written: the settings keep those given as paths
    data = dataclasses.replace(suite, checks=(), references=refs).to_dict()
    data.pop("checks", None)
    if not refs:
        data.pop("references", None)
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True)


def restore_settings(text: Any) -> dict[str, Any]:
    """The settings :func:`settings_text` wrote (empty when ``text`` is not such YAML).

    Examples
    --------
    >>> restore_settings("{name: people, key: [id]}")
    {'name': 'people', 'key': ['id']}
    >>> restore_settings("[not, a, mapping]"), restore_settings(None)
    ({}, {})
    """
    if not isinstance(text, str):
        return {}
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        return {}
    return dict(data) if isinstance(data, Mapping) else {}


def parse_instant(text: Any) -> datetime | None:
    """An ISO date-time kept in metadata, or ``None`` when ``text`` is not one.

    Examples
    --------
    >>> parse_instant("2026-06-30T00:00:00+07:00").isoformat()
    '2026-06-30T00:00:00+07:00'
    >>> parse_instant("yesterday") is None
    True
    """
    if not isinstance(text, str):
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def local_time(instant: datetime, timezone: str) -> datetime:
    """An aware instant as naive wall-clock time in ``timezone``.

    Examples
    --------
    >>> from datetime import timezone as tz
    >>> local_time(datetime(2026, 6, 30, 17, 0, tzinfo=tz.utc), "Asia/Ho_Chi_Minh")
    datetime.datetime(2026, 7, 1, 0, 0)
    """
    return instant.astimezone(zone(timezone)).replace(tzinfo=None)


def relative_bound(value: Any, instant: datetime | None, timezone: str, target: str) -> Any:
    """A ``between`` bound with ``today`` and ``now`` fixed at the as-of instant.

    ``today`` becomes the local date, ``now`` the local date-time; any other value is
    returned as it is.

    Raises
    ------
    UnmappableError
        For ``today`` or ``now`` when no as-of instant was given (``target`` names what the
        conversion makes: ``"suite"``, ``"schema"``).
    """
    if not isinstance(value, str):
        return value
    word = value.strip().lower()
    if word not in ("today", "now"):
        return value
    if instant is None:
        raise UnmappableError(
            f"bound '{word}' is relative to the run's as-of instant; pass as_of= to "
            f"fix it in the converted {target}",
            f"mốc '{word}' phụ thuộc thời điểm kiểm tra; truyền as_of= để cố định nó",
        )
    local = local_time(instant, timezone)
    return local if word == "now" else local.date()


def between_bounds(
    atom: Between, bound: Callable[[Any, str], tuple[Any, bool]]
) -> tuple[Any, bool, Any, bool]:
    """``(low, low_strict, high, high_strict)`` of a ``between`` check, each side converted.

    ``bound(value, side)`` converts one given bound (``side`` is ``"min"`` or ``"max"``); a
    missing side is ``(None, False)``.
    """
    low, low_strict = bound(atom.min, "min") if atom.min is not None else (None, False)
    high, high_strict = bound(atom.max, "max") if atom.max is not None else (None, False)
    return low, low_strict, high, high_strict


def note_warn_band(notes: Notes, where: str, warn: float, library: str) -> None:
    """Note a warn band the library cannot express (it cannot warn below a threshold)."""
    notes.approx(
        where,
        f"warn band {warn}: {library} cannot warn below a threshold",
        f"dải cảnh báo {warn}: {library} không cảnh báo dưới ngưỡng",
    )


# ---------------------------------------------------------------------------- origins


def _flow_dumper() -> type[yaml.SafeDumper]:
    class Dumper(yaml.SafeDumper):
        pass

    def represent_str(dumper: yaml.SafeDumper, text: str) -> yaml.ScalarNode:
        style = '"' if any(ch in text for ch in "\x85\u2028\u2029\n") else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)

    Dumper.add_representer(str, represent_str)
    return Dumper


_FLOW = _flow_dumper()


def origin_text(check: Check) -> str:
    """A check as one line of YAML (flow style), kept in a pandera or GX element's metadata.

    Examples
    --------
    >>> from datacheck.checks import Between
    >>> from datetime import date
    >>> origin_text(Between(columns=["d"], min=date(1900, 1, 1), max="today"))
    '{check: between, columns: [d], min: 1900-01-01, max: today}'
    """
    text = yaml.dump(
        check.params(),
        Dumper=_FLOW,
        default_flow_style=True,
        sort_keys=False,
        allow_unicode=True,
        width=1_000_000,
    )
    return text.strip()


def check_from_origin(text: Any) -> Check | None:
    """Rebuild a check from :func:`origin_text`, or ``None`` if it is not a valid check."""
    if not isinstance(text, str):
        return None
    try:
        params = yaml.safe_load(text)
        if not isinstance(params, dict) or "check" not in params:
            return None
        params = dict(params)
        cls = check_class(str(params.pop("check")))
        return cls(**params)
    except (DatacheckError, yaml.YAMLError, TypeError, ValueError):
        return None


# ---------------------------------------------------------------------------- atoms


def atoms(check: Check) -> list[Check]:
    """The check split into one check per result (row checks: one per column).

    Examples
    --------
    >>> from datacheck.checks import NotNull
    >>> [a.result_ids() for a in atoms(NotNull(columns=["a", "b"], name="filled"))]
    [['filled:a'], ['filled:b']]
    """
    if not isinstance(check, RowCheck) or len(check.columns) == 1:
        return [check]
    out: list[Check] = []
    for column in check.columns:
        name = f"{check.name}:{column}" if check.name is not None else None
        out.append(dataclasses.replace(check, columns=(column,), name=name))
    return out


def _restrict(check: Check, column: str | None) -> Check | None:
    """The atom of ``check`` about ``column`` (``None`` when it has no such result)."""
    for atom in atoms(check):
        if column is None or (isinstance(atom, RowCheck) and atom.columns == (column,)):
            return atom
        if not isinstance(atom, RowCheck):
            return atom
    return None


@dataclass
class Atom:
    """One converted element: the datacheck check it became and, if restored, its origin.

    ``origin`` is the original (whole) check when the element's metadata named one that
    still agrees with the element; ``column`` is the column of a row-check atom.
    """

    check: Check
    origin: Check | None = None
    column: str | None = None


def restore(
    natural: Check | None,
    origin: Check | None,
    column: str | None,
    same: Callable[[Check], bool],
) -> Atom | None:
    """Prefer the origin's atom when converting it forward gives the same element.

    Parameters
    ----------
    natural
        What the element converts to on its own (``None`` if it does not convert).
    origin
        The check named in the element's metadata, if any.
    column
        The column the element is about (for row checks).
    same
        Whether an atom converts to exactly this element.
    """
    if origin is not None:
        atom = _restrict(origin, column)
        if atom is not None and same(atom):
            return Atom(atom, origin, column if isinstance(atom, RowCheck) else None)
    if natural is None:
        return None
    return Atom(natural)


def _options(check: Check) -> dict[str, Any]:
    params = check.params()
    params.pop("columns", None)
    return params


def assemble(items: Sequence[Atom]) -> list[Check]:
    """Turn converted atoms back into suite checks.

    Atoms restored from the same origin are merged back into that check (all its columns
    present: the check itself); unnamed ``not_null`` atoms with equal options are merged into
    one check; result ids made unique by suffixing ``#2``, ``#3`` … to a name.
    """
    groups: dict[str, list[Atom]] = {}
    order: list[str] = []
    for index, item in enumerate(items):
        if item.origin is not None:
            key = "origin:" + origin_text(item.origin)
        elif item.check.kind == "not_null" and item.check.name is None:
            key = "not_null:" + json.dumps(_options(item.check), sort_keys=True, default=str)
        else:
            key = f"single:{index}"
        if key not in groups:
            groups[key] = []
            order.append(key)
        groups[key].append(item)
    checks: list[Check] = []
    for key in order:
        members = groups[key]
        first = members[0]
        if first.origin is not None and isinstance(first.origin, RowCheck):
            columns = tuple(dict.fromkeys(m.column for m in members if m.column is not None))
            if set(columns) == set(first.origin.columns):
                checks.append(first.origin)
            else:
                checks.extend(m.check for m in members)
        elif first.origin is not None:
            checks.append(first.origin)
        elif len(members) > 1 and isinstance(first.check, RowCheck):
            columns = tuple(
                dict.fromkeys(
                    c for m in members if isinstance(m.check, RowCheck) for c in m.check.columns
                )
            )
            checks.append(dataclasses.replace(first.check, columns=columns))
        else:
            checks.append(first.check)
    return _dedupe(checks)


def _dedupe(checks: Sequence[Check]) -> list[Check]:
    taken: set[str] = set()
    out = []
    for check in checks:
        ids = check.result_ids()
        if any(rid in taken for rid in ids) or len(set(ids)) < len(ids):
            base = check.name or (ids[0] if len(ids) == 1 else check.kind)
            n = 2
            candidate = dataclasses.replace(check, name=f"{base}#{n}")
            while any(rid in taken for rid in candidate.result_ids()):
                n += 1
                candidate = dataclasses.replace(check, name=f"{base}#{n}")
            check = candidate  # noqa: PLW2901
        taken.update(check.result_ids())
        out.append(check)
    return out
