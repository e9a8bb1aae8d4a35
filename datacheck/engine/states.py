"""Mergeable metric states: what one partition of a run leaves behind, merged exactly.

A partitioned run (:mod:`datacheck.engine.partitioned`) evaluates the same compiled plan on
each partition of the data. What each partition yields is a :class:`RunState`; states merge
with :meth:`RunState.merge`, which is associative and commutative, and a merged state
finishes into exactly the result of one run over all the partitions.

A state holds

* ``rows`` — a count (sum);
* ``leaves`` — the partial aggregates of every row-level measure (:class:`LeafState`:
  sums, distinct values, min/max, the n smallest values; see
  :mod:`datacheck.engine.decompose`);
* ``samples`` — per result, the failing records with the smallest *order*: a record's order
  is ``seq << 40 | row``, its partition's sequence number and its row within the partition,
  so the smallest orders are the first failing records of the whole data, as a one-pass run
  finds them;
* ``errors`` — per result, the error of the first partition (by sequence) where it failed;
* ``routes`` — per key (a ``group_by`` key, or a window's key), tables of per-key partial
  counts (``unique``, ``admin_unit_current``) or of the rows a window needs: merged by
  concatenation here, compacted and finished key by key later (routed by the key's hash);
* ``tier_sums`` / ``tier_tables`` — the record-tier counts: sums when every ranked check is
  row-level, else per-key counts of records by their row-level tier, finished against the
  failing keys of the key checks;
* ``failed`` — per row-level result, each partition's failure count (which partitions hold
  the first failing records); ``about`` — the suite and as-of, for messages.

States serialise to plain JSON (:meth:`RunState.to_dict`; tables inline as base64 Arrow IPC)
and to a folder (:meth:`RunState.save`: ``state.json`` plus one Parquet file per table, the
JSON written last and atomically, so a crash leaves the previous state intact). Every state
carries :data:`STATE_VERSION` and the fingerprint of its plan; merging states of different
plans is refused.

Examples
--------
>>> a = RunState(fingerprint="f", rows=2, parts={0: "a.parquet"},
...              leaves={"m0_failed_0": LeafState("sum", 1)})
>>> b = RunState(fingerprint="f", rows=3, parts={1: "b.parquet"},
...              leaves={"m0_failed_0": LeafState("sum", 2)})
>>> merged = a.merge(b)
>>> merged.rows, merged.leaves["m0_failed_0"].value, sorted(merged.parts)
(5, 3, [0, 1])
>>> RunState.from_dict(merged.to_dict()) == merged
True
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import hashlib
import io
import json
import math
import reprlib
import shutil
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any, Final
from zoneinfo import ZoneInfo

import polars as pl

from datacheck._atomic import write_text_atomic
from datacheck.errors import DatacheckError, polars_reason

__all__ = [
    "READABLE_VERSIONS",
    "STATE_VERSION",
    "ErrorState",
    "LeafState",
    "RunState",
    "StateError",
    "decode_value",
    "encode_value",
    "load_state",
]

STATE_VERSION: Final = 3
"""Version of the state format a state is written in.

Version 3 holds ``min`` and ``max`` leaves as Arrow IPC too (one Polars value each, exact);
version 2 held ``smallest`` leaves as Arrow IPC (Polars values, exact: nanoseconds and dates
beyond Python's calendar are kept) and ``min``/``max`` leaves as JSON-encoded Python values;
version 1 held both as JSON-encoded Python values. A reader of an older version would take a
version-3 ``min``/``max`` leaf for something it is not, so the version tells it to refuse.
"""

READABLE_VERSIONS: Final = (1, 2, 3)
"""Versions of the state format this datacheck reads; any other is refused with a clear error.

A version-1 state's ``smallest`` values, and a version-1 or version-2 state's ``min`` and
``max`` values, are read as they were written (Python values: a nanosecond value had already
been rounded to microseconds when it was saved).
"""

ORDER_SHIFT: Final = 40
"""A record's order is ``seq << ORDER_SHIFT | row``: up to 2**40 rows per partition."""


class StateError(DatacheckError):
    """A state that cannot be read or merged (version, plan or partitions do not match)."""


# ---------------------------------------------------------------------------- value codec


def encode_value(value: Any) -> Any:
    r"""A Python value (as Polars returns it) as plain JSON, types kept.

    Examples
    --------
    >>> from datetime import date
    >>> encode_value({"d": date(2026, 1, 2), "n": [1, None], "x": float("nan")})
    {'$struct': {'d': {'$date': '2026-01-02'}, 'n': [1, None], 'x': {'$float': 'nan'}}}
    >>> v = {"d": date(2026, 1, 2), "b": b"\x00", "t": time(1, 2)}
    >>> decode_value(encode_value(v)) == v
    True
    """
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else {"$float": repr(value)}
    if isinstance(value, datetime):
        out: dict[str, Any] = {"$datetime": value.isoformat()}
        if isinstance(value.tzinfo, ZoneInfo):
            out["tz"] = value.tzinfo.key
        return out
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, time):
        return {"$time": value.isoformat()}
    if isinstance(value, timedelta):
        return {"$timedelta": [value.days, value.seconds, value.microseconds]}
    if isinstance(value, Decimal):
        return {"$decimal": str(value)}
    if isinstance(value, bytes | bytearray | memoryview):
        return {"$bytes": base64.b64encode(bytes(value)).decode("ascii")}
    if isinstance(value, Mapping):
        return {"$struct": {str(k): encode_value(v) for k, v in value.items()}}
    if isinstance(value, list | tuple):
        return [encode_value(v) for v in value]
    msg = f"cannot encode a value of type {type(value).__name__} in a state"
    raise TypeError(msg)


def decode_value(data: Any) -> Any:
    """The inverse of :func:`encode_value`."""
    if isinstance(data, list):
        return [decode_value(v) for v in data]
    if not isinstance(data, dict):
        return data
    if "$struct" in data:
        return {k: decode_value(v) for k, v in data["$struct"].items()}
    if "$float" in data:
        return float(data["$float"])
    if "$datetime" in data:
        parsed = datetime.fromisoformat(data["$datetime"])
        if "tz" in data:
            parsed = parsed.astimezone(ZoneInfo(data["tz"]))
        return parsed
    if "$date" in data:
        return date.fromisoformat(data["$date"])
    if "$time" in data:
        return time.fromisoformat(data["$time"])
    if "$timedelta" in data:
        days, seconds, micros = data["$timedelta"]
        return timedelta(days=days, seconds=seconds, microseconds=micros)
    if "$decimal" in data:
        return Decimal(data["$decimal"])
    if "$bytes" in data:
        return base64.b64decode(data["$bytes"])
    msg = f"unknown encoded value {data!r}"
    raise ValueError(msg)


def _frame_to_text(frame: pl.DataFrame) -> str:
    buffer = io.BytesIO()
    frame.write_ipc(buffer, compression="zstd")
    return base64.b64encode(buffer.getvalue()).decode("ascii")


def _frame_from_text(text: str) -> pl.DataFrame:
    return pl.read_ipc(io.BytesIO(base64.b64decode(text)))


def dtype_to_text(dtype: pl.DataType) -> str:
    """A Polars data type as text (the Arrow schema of an empty column, base64).

    Examples
    --------
    >>> dtype_from_text(dtype_to_text(pl.List(pl.Struct({"a": pl.Date})))) == pl.List(
    ...     pl.Struct({"a": pl.Date}))
    True
    """
    return _frame_to_text(pl.DataFrame(schema={"v": dtype}))


def dtype_from_text(text: str) -> pl.DataType:
    """The inverse of :func:`dtype_to_text`."""
    return _frame_from_text(text).schema["v"]


# ---------------------------------------------------------------------------- leaves


@dataclass(frozen=True)
class LeafState:
    """The merged value of one leaf (see :mod:`datacheck.engine.decompose`).

    ``value`` is an ``int`` for ``sum``, a Series of distinct values for ``distinct``, a
    one-value Series for ``min``/``max`` (null: no value yet; ``dtype`` is the value's type),
    a sorted Series for ``smallest`` (``descending``, ``nulls_last`` and ``limit`` say which
    values it keeps; ``dtype`` is the leaf's list type) and any value for ``whole`` (an
    aggregate evaluated once over everything: it never merges with another).

    ``distinct``, ``min``, ``max`` and ``smallest`` values stay Polars values, in memory and
    in the state's JSON (Arrow IPC): a trip through Python would round nanoseconds to
    microseconds and fail on dates beyond year 9999. ``min`` and ``max`` merge as Polars'
    ``min`` and ``max`` do (nulls, and NaN unless every value is NaN, are skipped). A
    ``smallest`` leaf given a list, or a ``min``/``max`` leaf given a Python value (an older
    state's, or one built by hand), holds it as a Series of the leaf's type.

    Examples
    --------
    >>> ns = pl.Series("v", [3, 1]).cast(pl.Datetime("ns"))
    >>> a = LeafState("smallest", ns.sort(), pl.List(pl.Datetime("ns")), limit=2)
    >>> b = LeafState("smallest", [], pl.List(pl.Datetime("ns")), limit=2)
    >>> a.merge(b).value.dt.nanosecond().to_list()
    [1, 3]
    >>> low = LeafState("min", ns.head(1), pl.Datetime("ns"))
    >>> low.merge(LeafState("min", ns.tail(1), pl.Datetime("ns"))).value.dt.nanosecond()[0]
    1
    >>> low.merge(LeafState("min", None, pl.Datetime("ns"))).value.dt.nanosecond()[0]
    3
    """

    kind: str
    value: Any
    dtype: pl.DataType | None = None
    descending: bool = False
    nulls_last: bool = False
    limit: int = 0

    def __post_init__(self) -> None:
        if self.kind == "smallest" and not isinstance(self.value, pl.Series):
            object.__setattr__(self, "value", _smallest_series(self.value, self.dtype))
        elif self.kind in _EXTREME_KINDS:
            object.__setattr__(self, "value", _extreme_series(self.kind, self.value, self.dtype))

    def merge(self, other: LeafState) -> LeafState:
        """The leaf over both states' rows."""
        if other.kind != self.kind:
            msg = f"cannot merge a '{self.kind}' leaf with a '{other.kind}' leaf"
            raise StateError(msg, msg)
        a, b = self.value, other.value
        if self.kind == "sum":
            value: Any = a + b
        elif self.kind == "distinct":
            value = pl.concat([a, b.cast(a.dtype)]).unique(maintain_order=False)
        elif self.kind in _EXTREME_KINDS:
            both = _stack(a, b, self.dtype).to_frame("v")
            pick = pl.col("v").min() if self.kind == "min" else pl.col("v").max()
            value = both.select(pick).to_series()
        elif self.kind == "smallest":
            value = (
                _stack(a, b, _inner(self.dtype))
                .sort(descending=self.descending, nulls_last=self.nulls_last)
                .head(self.limit)
            )
        else:
            msg = "an aggregate evaluated over everything at once cannot merge"
            raise StateError(msg, "một phép tổng hợp tính trên toàn bộ dữ liệu không gộp được")
        return dataclasses.replace(self, value=value)

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON (a Series leaf's values as base64 Arrow IPC: ``distinct``, ``min``, …)."""
        out: dict[str, Any] = {"kind": self.kind}
        if self.kind in _SERIES_KINDS:
            out["values"] = _frame_to_text(self.value.to_frame("v"))
        else:
            out["value"] = encode_value(self.value)
        if self.dtype is not None and self.kind != "distinct":
            out["dtype"] = dtype_to_text(self.dtype)
        if self.kind == "smallest":
            out |= {"descending": self.descending, "nulls_last": self.nulls_last}
            out["limit"] = self.limit
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> LeafState:
        """Rebuild from :meth:`to_dict` output."""
        kind = str(data["kind"])
        if kind == "distinct":
            values = _frame_from_text(data["values"]).to_series().rename("v")
            return cls(kind, values, values.dtype)
        dtype = dtype_from_text(data["dtype"]) if "dtype" in data else None
        if "values" in data:  # a smallest leaf (version 2), a min or max leaf (version 3)
            value = _frame_from_text(data["values"]).to_series().rename("v")
        else:  # any other leaf; older smallest, min and max leaves (Python values, made Series)
            value = decode_value(data["value"])
        return cls(
            kind,
            value,
            dtype,
            descending=bool(data.get("descending", False)),
            nulls_last=bool(data.get("nulls_last", False)),
            limit=int(data.get("limit", 0)),
        )

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, LeafState):
            return NotImplemented
        if self.kind != other.kind:
            return False
        a, b = self.value, other.value
        if self.kind == "distinct":
            return bool(a.len() == b.len() and a.dtype == b.dtype and a.sort().equals(b.sort()))
        if self.kind in _EXTREME_KINDS or self.kind == "smallest":
            return bool(a.equals(b, check_dtypes=True) and self.limit == other.limit)
        return bool(a == b and self.limit == other.limit)

    def __hash__(self) -> int:
        return hash(self.kind)


_SERIES_KINDS: Final = frozenset({"distinct", "min", "max", "smallest"})
"""Leaf kinds whose value is a Series (Arrow IPC in the state's JSON)."""

_EXTREME_KINDS: Final = frozenset({"min", "max"})
"""Leaf kinds whose value is one value (a one-value Series, null when there is none)."""


def _inner(dtype: pl.DataType | None) -> pl.DataType | None:
    return dtype.inner if isinstance(dtype, pl.List) else dtype  # type: ignore[return-value]


def _stack(a: pl.Series, b: pl.Series, dtype: pl.DataType | None) -> pl.Series:
    """Two leaves' values as one Series of the leaf's element type (``dtype``, if known)."""
    if dtype is None:  # their common supertype (frames: Series concatenate strictly only)
        frames = [a.to_frame("v"), b.to_frame("v")]
        return pl.concat(frames, how="vertical_relaxed").to_series()
    return pl.concat([a.cast(dtype), b.cast(dtype)])


def _extreme_series(kind: str, value: Any, dtype: pl.DataType | None) -> pl.Series:
    """A ``min`` or ``max`` leaf's value as a one-value Series of the leaf's type ``dtype``.

    A Series is kept as it is (exact); a Python value (``None``: no value yet), as an older
    state holds it, is made one.

    Raises
    ------
    StateError
        A Series of other than one value, or a Python value that does not fit ``dtype``.
    """
    if isinstance(value, pl.Series):
        if value.len() != 1:
            raise StateError(
                f"a '{kind}' leaf holds one value (a Series of length 1), found a Series of "
                f"{value.len()} values of type {value.dtype}",
                f"một lá '{kind}' chứa một giá trị (một Series độ dài 1), gặp một Series "
                f"{value.len()} giá trị kiểu {value.dtype}",
            )
        return value if value.name == "v" else value.rename("v")
    try:
        return pl.Series("v", [value], dtype=dtype)
    except (TypeError, ValueError, OverflowError, pl.exceptions.PolarsError) as error:
        found = reprlib.repr(value)
        reason = polars_reason(error)
        given = f"{found} ({type(value).__name__}; {reason})"
        if dtype is None:
            expected, expected_vi = "any Polars type", "kiểu Polars nào"
        else:
            expected, expected_vi = f"its type {dtype}", f"kiểu {dtype} của nó"
        raise StateError(
            f"the value of a '{kind}' leaf does not fit {expected}: found {given}",
            f"giá trị của một lá '{kind}' không khớp {expected_vi}: gặp {given}",
        ) from None


def _smallest_series(values: Any, dtype: pl.DataType | None) -> pl.Series:
    """A ``smallest`` leaf's values given as a list (or ``None``) as a Series.

    Raises
    ------
    StateError
        The values are not a list, or do not fit the leaf's element type.
    """
    inner = _inner(dtype)
    if values is None:
        return pl.Series("v", [], dtype=inner)
    if not isinstance(values, list | tuple):
        found = type(values).__name__
        raise StateError(
            f"a 'smallest' leaf holds a list or a Series of values, found a {found}: {values!r}",
            f"một lá 'smallest' chứa một danh sách hoặc một Series giá trị, gặp {found}: "
            f"{values!r}",
        )
    try:
        return pl.Series("v", list(values), dtype=inner)
    except (TypeError, ValueError, OverflowError, pl.exceptions.PolarsError) as error:
        found = reprlib.repr(list(values))
        reason = polars_reason(error)
        raise StateError(
            f"the values of a 'smallest' leaf do not fit its type {inner}: found {found} "
            f"({reason})",
            f"các giá trị của một lá 'smallest' không khớp kiểu {inner} của nó: gặp {found} "
            f"({reason})",
        ) from None


# ----------------------------------------------------------------------------- the state

Sample = tuple[int, dict[str, Any]]
"""A failing record as ``(order, shown values)``."""


@dataclass(frozen=True)
class ErrorState:
    """The first error (by partition sequence) a result hit."""

    seq: int
    en: str
    vi: str

    def error(self) -> DatacheckError:
        """The error, as the result reports it."""
        return DatacheckError(self.en, self.vi)


def _merge_samples(a: Sequence[Sample], b: Sequence[Sample], limit: int) -> list[Sample]:
    merged = sorted([*a, *b], key=lambda item: item[0])
    return merged[:limit]


@dataclass
class RunState:
    """What a run (or some partitions of it) has measured so far; see the module docs."""

    fingerprint: str
    sample_size: int = 5
    rows: int = 0
    parts: dict[int, str] = field(default_factory=dict)
    leaves: dict[str, LeafState] = field(default_factory=dict)
    samples: dict[int, list[Sample]] = field(default_factory=dict)
    errors: dict[int, ErrorState] = field(default_factory=dict)
    routes: dict[str, list[pl.DataFrame]] = field(default_factory=dict)
    tier_sums: tuple[int, int] = (0, 0)
    tier_tables: list[pl.DataFrame] = field(default_factory=list)
    tiers_failed: bool = False
    failed: dict[int, dict[int, int]] = field(default_factory=dict)
    about: dict[str, str] = field(default_factory=dict)
    version: int = STATE_VERSION

    # ------------------------------------------------------------------------ merging

    def merge(self, other: RunState) -> RunState:
        """The state over both states' partitions (associative and commutative).

        Raises
        ------
        StateError
            The states come from different plans or share a partition.
        """
        if other.fingerprint != self.fingerprint:
            raise StateError(
                "cannot merge states of different runs (suite, as-of, schema or references differ)",
                "không gộp được trạng thái của hai lần chạy khác nhau (bộ kiểm tra, thời điểm "
                "as-of, lược đồ hoặc dữ liệu tham chiếu khác nhau)",
            )
        shared = sorted(set(self.parts) & set(other.parts))
        if shared:
            names = ", ".join(self.parts[s] for s in shared[:3])
            raise StateError(
                f"the state already holds partition(s) {names}: a partition counts once",
                f"trạng thái đã có phân vùng {names}: mỗi phân vùng chỉ được tính một lần",
            )
        leaves = dict(self.leaves)
        for name, leaf in other.leaves.items():
            leaves[name] = leaves[name].merge(leaf) if name in leaves else leaf
        samples = {k: list(v) for k, v in self.samples.items()}
        for index, rows in other.samples.items():
            samples[index] = _merge_samples(samples.get(index, []), rows, self.sample_size)
        errors = dict(self.errors)
        for index, error in other.errors.items():
            if index not in errors or error.seq < errors[index].seq:
                errors[index] = error
        routes = {k: list(v) for k, v in self.routes.items()}
        for route, tables in other.routes.items():
            routes.setdefault(route, []).extend(tables)
        failed = {k: dict(v) for k, v in self.failed.items()}
        for index, counts in other.failed.items():
            failed.setdefault(index, {}).update(counts)
        return RunState(
            fingerprint=self.fingerprint,
            sample_size=self.sample_size,
            rows=self.rows + other.rows,
            parts={**self.parts, **other.parts},
            leaves=leaves,
            samples=samples,
            errors=errors,
            routes=routes,
            tier_sums=(
                self.tier_sums[0] + other.tier_sums[0],
                self.tier_sums[1] + other.tier_sums[1],
            ),
            tier_tables=[*self.tier_tables, *other.tier_tables],
            tiers_failed=self.tiers_failed or other.tiers_failed,
            failed=failed,
            about={**other.about, **self.about},
        )

    @classmethod
    def merge_all(cls, states: Iterable[RunState]) -> RunState:
        """Merge any number of states (at least one)."""
        iterator = iter(states)
        merged = next(iterator)
        for state in iterator:
            merged = merged.merge(state)
        return merged

    def add_samples(self, found: Mapping[int, Sequence[Sample]]) -> None:
        """Merge sampled records into the state (the smallest orders are kept)."""
        for index, rows in found.items():
            self.samples[index] = _merge_samples(
                self.samples.get(index, []), rows, self.sample_size
            )

    @property
    def next_seq(self) -> int:
        """The sequence number the next partition gets (after every partition held)."""
        return max(self.parts, default=-1) + 1

    # ---------------------------------------------------------------------- plain JSON

    def _scalars(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "fingerprint": self.fingerprint,
            "about": dict(sorted(self.about.items())),
            "sample_size": self.sample_size,
            "rows": self.rows,
            "parts": {str(k): v for k, v in sorted(self.parts.items())},
            "leaves": {k: v.to_dict() for k, v in sorted(self.leaves.items())},
            "samples": {
                str(k): [[order, encode_value(row)] for order, row in v]
                for k, v in sorted(self.samples.items())
            },
            "errors": {
                str(k): {"seq": e.seq, "en": e.en, "vi": e.vi}
                for k, e in sorted(self.errors.items())
            },
            "tier_sums": list(self.tier_sums),
            "tiers_failed": self.tiers_failed,
            "failed": {
                str(k): {str(s): n for s, n in sorted(v.items())}
                for k, v in sorted(self.failed.items())
            },
        }

    def to_dict(self) -> dict[str, Any]:
        """The state as plain JSON (tables inline as base64 Arrow IPC)."""
        return {
            **self._scalars(),
            "routes": {k: [_frame_to_text(t) for t in v] for k, v in sorted(self.routes.items())},
            "tier_tables": [_frame_to_text(t) for t in self.tier_tables],
        }

    @classmethod
    def _from_scalars(cls, data: Mapping[str, Any]) -> RunState:
        version = data.get("version")
        if type(version) is not int or version not in READABLE_VERSIONS:
            readable = [str(v) for v in READABLE_VERSIONS]
            raise StateError(
                f"state version {version!r} is not supported (this datacheck reads versions "
                f"{' and '.join(readable)}); start a new state",
                f"không hỗ trợ phiên bản trạng thái {version!r} (datacheck này đọc các phiên "
                f"bản {' và '.join(readable)}); hãy tạo trạng thái mới",
            )
        return cls(
            fingerprint=str(data["fingerprint"]),
            about={str(k): str(v) for k, v in data.get("about", {}).items()},
            sample_size=int(data["sample_size"]),
            rows=int(data["rows"]),
            parts={int(k): str(v) for k, v in data["parts"].items()},
            leaves=_read_leaves(data["leaves"]),
            samples={
                int(k): [(int(order), decode_value(row)) for order, row in v]
                for k, v in data["samples"].items()
            },
            errors={
                int(k): ErrorState(int(e["seq"]), str(e["en"]), str(e["vi"]))
                for k, e in data["errors"].items()
            },
            tier_sums=(int(data["tier_sums"][0]), int(data["tier_sums"][1])),
            tiers_failed=bool(data.get("tiers_failed", False)),
            failed={
                int(k): {int(s): int(n) for s, n in v.items()}
                for k, v in data.get("failed", {}).items()
            },
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> RunState:
        """Rebuild from :meth:`to_dict` output."""
        state = cls._from_scalars(data)
        state.routes = {k: [_frame_from_text(t) for t in v] for k, v in data["routes"].items()}
        state.tier_tables = [_frame_from_text(t) for t in data["tier_tables"]]
        return state

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, RunState):
            return NotImplemented
        if self._scalars() != other._scalars():
            return False
        if sorted(self.routes) != sorted(other.routes):
            return False
        pairs = [(self.routes[k], other.routes[k]) for k in self.routes]
        pairs.append((self.tier_tables, other.tier_tables))
        return all(
            len(a) == len(b) and all(x.equals(y) for x, y in zip(a, b, strict=True))
            for a, b in pairs
        )

    __hash__ = None  # type: ignore[assignment]

    # --------------------------------------------------------------------- on disk

    def save(self, path: str | Path) -> Path:
        """Write the state: ``path`` (JSON) and its tables as Parquet files beside it.

        The tables go to a new folder ``<path>.tables/<generation>/``; the JSON, which
        names that folder, is replaced atomically last; older generations are then removed.
        A crash at any point leaves a readable state (the old one or the new one).
        """
        path = Path(path)
        root = path.with_name(f"{path.name}.tables")
        generation = uuid.uuid4().hex[:12]
        folder = root / generation
        folder.mkdir(parents=True, exist_ok=True)
        tables: dict[str, list[str]] = {}
        for route, frames in sorted(self.routes.items()):
            tables[route] = [
                _write_table(frame, folder, f"route-{_slug(route)}-{i}")
                for i, frame in enumerate(frames)
            ]
        tier = [_write_table(t, folder, f"tiers-{i}") for i, t in enumerate(self.tier_tables)]
        listed: dict[str, Any] = {
            "folder": f"{root.name}/{generation}",
            "routes": tables,
            "tiers": tier,
        }
        data = {**self._scalars(), "tables": listed}
        write_text_atomic(path, json.dumps(data, ensure_ascii=False, indent=1))
        for old in root.iterdir():
            if old.name != generation:
                with contextlib.suppress(OSError):
                    shutil.rmtree(old)
        return path


def _read_leaves(data: Mapping[str, Any]) -> dict[str, LeafState]:
    """A state's leaves from its JSON; an unreadable leaf's error names the leaf.

    Raises
    ------
    StateError
        A leaf does not hold what its kind holds (the message names the leaf).
    """
    leaves = {}
    for name, leaf in data.items():
        try:
            leaves[name] = LeafState.from_dict(leaf)
        except StateError as error:
            raise StateError(
                f"the state's leaf '{name}': {error.en}", f"lá '{name}' của trạng thái: {error.vi}"
            ) from None
    return leaves


def _slug(name: str) -> str:
    return hashlib.sha1(name.encode()).hexdigest()[:10]  # noqa: S324  (a file name, not security)


def _write_table(frame: pl.DataFrame, folder: Path, stem: str) -> str:
    target = folder / f"{stem}.parquet"
    frame.write_parquet(target, compression="zstd")
    return target.name


def load_state(path: str | Path) -> RunState:
    """Read a state written by :meth:`RunState.save`.

    Raises
    ------
    StateError
        The file is not a datacheck state, of another version, or its tables are missing.
    """
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise StateError(
            f"cannot read the state {path}: {error}",
            f"không đọc được trạng thái {path}: {error}",
        ) from None
    if not isinstance(data, dict) or "fingerprint" not in data:
        raise StateError(
            f"{path} is not a datacheck state",
            f"{path} không phải tệp trạng thái của datacheck",
        )
    state = RunState._from_scalars(data)
    tables = data.get("tables", {})
    folder = path.parent / str(tables.get("folder", ""))
    try:
        state.routes = {
            route: [pl.read_parquet(folder / name) for name in names]
            for route, names in tables.get("routes", {}).items()
        }
        state.tier_tables = [pl.read_parquet(folder / name) for name in tables.get("tiers", [])]

    except (OSError, pl.exceptions.PolarsError) as error:
        raise StateError(
            f"cannot read the tables of the state {path}: {error}",
            f"không đọc được các bảng của trạng thái {path}: {error}",
        ) from None
    return state
