"""Results: plain dataclasses with a stable, versioned JSON form.

Reports render results; they never recompute anything.

Examples
--------
>>> import polars as pl, datacheck as dc
>>> suite = dc.Suite(name="demo", checks=[dc.checks.NotNull(columns=["a"])])
>>> result = dc.run(suite, pl.DataFrame({"a": [1, None]}), as_of="2026-01-01")
>>> result.check("not_null:a").pass_rate
0.5
>>> result.to_dict()["schema_version"]
'1.2'
"""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from datacheck._atomic import write_text_atomic
from datacheck.dimensions import Dimension, Severity
from datacheck.errors import DatacheckError, Lang, ValidationFailed, did_you_mean
from datacheck.score import Band, Status, check_score, pass_rate
from datacheck.tiers import TierCounts

if TYPE_CHECKING:
    import polars as pl

    from datacheck.failures import Rerun
    from datacheck.report.html import DatabaseHistory

__all__ = ["SCHEMA_VERSION", "CheckResult", "DimensionResult", "Result", "Sample"]

SCHEMA_VERSION = "1.2"
"""``1.1`` added ``tiers`` (record quality tier counts); readers accept every ``1.x``."""


def plain(value: Any) -> Any:
    """Convert a value to JSON-friendly data (dates as ISO strings, tuples as lists)."""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, bytes):
        return value.hex()
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [plain(v) for v in value]
    return value


_TYPE_NAMES: dict[type, str] = {
    datetime: "datetime",
    date: "date",
    time: "time",
    timedelta: "duration",
    Decimal: "decimal",
    bytes: "bytes",
    float: "float",
}
"""Value types JSON cannot tell apart from text or numbers, by the name a sample records."""

_FROM_PLAIN: dict[str, Any] = {
    "datetime": datetime.fromisoformat,
    "date": date.fromisoformat,
    "time": time.fromisoformat,
    "duration": lambda seconds: timedelta(seconds=seconds),
    "decimal": Decimal,
    "bytes": bytes.fromhex,
    "float": float,
}


def _type_name(value: Any) -> str | None:
    """The recorded type of a value whose plain form loses it (``None``: plain is exact)."""
    if isinstance(value, float):
        return None if math.isfinite(value) else "float"  # 'nan', 'inf' are written as text
    return next((name for kind, name in _TYPE_NAMES.items() if isinstance(value, kind)), None)


@dataclass(frozen=True)
class Sample:
    """One failing record: its key and the offending values (masked where personal data).

    Examples
    --------
    >>> sample = Sample({"id": "a"}, {"born": date(2030, 1, 1)})
    >>> sample.to_dict()
    {'key': {'id': 'a'}, 'values': {'born': '2030-01-01'}, 'types': {'born': 'date'}}
    >>> Sample.from_dict(sample.to_dict()) == sample
    True
    """

    key: Mapping[str, Any]
    values: Mapping[str, Any]

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form; ``types`` names the columns whose values JSON would turn to text."""
        out: dict[str, Any] = {"key": plain(self.key), "values": plain(self.values)}
        types = {
            str(column): name
            for column, value in [*self.key.items(), *self.values.items()]
            if (name := _type_name(value)) is not None
        }
        if types:
            out["types"] = types
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Sample:
        """Rebuild a sample from :meth:`to_dict`, its dates and other typed values included."""
        types: Mapping[str, str] = data.get("types") or {}

        def typed(values: Mapping[str, Any]) -> dict[str, Any]:
            return {
                column: value
                if value is None or column not in types
                else _FROM_PLAIN[types[column]](value)
                for column, value in values.items()
            }

        return cls(typed(data["key"]), typed(data["values"]))


@dataclass(frozen=True)
class CheckResult:
    """The result of one check on one column (or key).

    ``pass_rate`` and ``score`` are ``None`` when nothing was evaluated
    (``not_applicable``) or the check could not run (``error``; ``message`` says why).
    """

    id: str
    check: str
    name: str | None
    columns: tuple[str, ...]
    dimension: Dimension
    evaluated: int
    failed: int
    status: Status
    threshold: float = 1.0
    warn: float | None = None
    severity: Severity = Severity.NORMAL
    weight: float = 1.0
    details: Mapping[str, Any] = field(default_factory=dict)
    samples: tuple[Sample, ...] = ()
    message: Mapping[str, str] | None = None

    @property
    def pass_rate(self) -> float | None:
        """``(evaluated − failed) / evaluated``, or ``None``."""
        return None if self.status == "error" else pass_rate(self.evaluated, self.failed)

    @property
    def score(self) -> float | None:
        """``100 × pass_rate``, or ``None``."""
        return None if self.status == "error" else check_score(self.evaluated, self.failed)

    @property
    def scoring_weight(self) -> float:
        """The weight in the dimension score: ``weight`` × 3 when critical."""
        return self.weight * self.severity.factor

    def reason(self, lang: Lang = "en") -> str | None:
        """Why the check could not run (status ``error``), in ``lang``."""
        if self.message is None:
            return None
        return self.message.get(lang) or self.message.get("en")

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form (the per-check object of the JSON result)."""
        return {
            "id": self.id,
            "check": self.check,
            "name": self.name,
            "columns": list(self.columns),
            "dimension": self.dimension.value,
            "evaluated": self.evaluated,
            "failed": self.failed,
            "pass_rate": self.pass_rate,
            "score": self.score,
            "status": self.status,
            "threshold": self.threshold,
            "warn": self.warn,
            "severity": self.severity.value,
            "weight": self.weight,
            "details": plain(self.details),
            "samples": [s.to_dict() for s in self.samples],
            "message": dict(self.message) if self.message else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CheckResult:
        """Rebuild from :meth:`to_dict` output."""
        return cls(
            id=data["id"],
            check=data["check"],
            name=data.get("name"),
            columns=tuple(data.get("columns", ())),
            dimension=Dimension(data["dimension"]),
            evaluated=int(data["evaluated"]),
            failed=int(data["failed"]),
            status=data["status"],
            threshold=float(data.get("threshold", 1.0)),
            warn=data.get("warn"),
            severity=Severity(data.get("severity", "normal")),
            weight=float(data.get("weight", 1.0)),
            details=dict(data.get("details") or {}),
            samples=tuple(Sample.from_dict(s) for s in data.get("samples", ())),
            message=data.get("message"),
        )


@dataclass(frozen=True)
class DimensionResult:
    """A dimension's score: the weighted mean of its applicable checks."""

    dimension: Dimension
    score: float | None
    weight: float
    checks: int
    applicable: int
    failing: int
    band: Band | None = None

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form."""
        return {
            "dimension": self.dimension.value,
            "label_vi": self.dimension.label("vi"),
            "label_en": self.dimension.label("en"),
            "score": self.score,
            "band": self.band.value if self.band else None,
            "weight": self.weight,
            "checks": self.checks,
            "applicable": self.applicable,
            "failing": self.failing,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DimensionResult:
        """Rebuild from :meth:`to_dict` output."""
        return cls(
            dimension=Dimension(data["dimension"]),
            score=data.get("score"),
            weight=float(data.get("weight", 1.0)),
            checks=int(data.get("checks", 0)),
            applicable=int(data.get("applicable", 0)),
            failing=int(data.get("failing", 0)),
            band=Band(data["band"]) if data.get("band") else None,
        )


@dataclass(frozen=True)
class Result:
    """The result of running a suite over a source.

    Attributes
    ----------
    score
        The dataset score (weighted mean of dimension scores), ``None`` if nothing applied.
    checks
        One :class:`CheckResult` per check and column, in suite order.
    dimensions
        One :class:`DimensionResult` per dimension the suite has checks in.
    tiers
        How many records are usable, need correction or are unusable (see
        :mod:`datacheck.tiers`); ``None`` when not computed (e.g. results of older versions).
    """

    suite: str
    as_of: datetime
    source: str
    score: float | None
    band: Band | None
    dimensions: tuple[DimensionResult, ...]
    checks: tuple[CheckResult, ...]
    rows: int | None = None
    seconds: float = 0.0
    title: str | None = None
    owner: str | None = None
    versions: Mapping[str, str] = field(default_factory=dict)
    notes: tuple[Mapping[str, str], ...] = ()
    tiers: TierCounts | None = None
    _rerun: Rerun | None = field(default=None, compare=False, repr=False)

    def failures(self) -> pl.LazyFrame:
        """One row per failing record of this run (see :func:`datacheck.failures.failures`).

        The records are read again from the run's source, with the run's suite, references,
        as-of instant and masking; the checks that errored are left out. Only a result made
        by :func:`datacheck.run` can do this: one read from JSON knows no data, so it raises
        :class:`DatacheckError` (call :func:`datacheck.failures` with the suite and source).
        """
        return self._require_rerun().failures()

    def write_failures(self, path: str | Path) -> Path:
        """Write :meth:`failures` to a Parquet file in one streaming pass (atomically)."""
        return self._require_rerun().write(path)

    def _require_rerun(self) -> Rerun:
        if self._rerun is None:
            raise DatacheckError(
                f"this result of suite '{self.suite}' does not know its data (it was read "
                "from JSON, built by hand or merged from partial runs): call "
                "datacheck.failures(suite, source, as_of=result.as_of) instead",
                f"kết quả này của bộ '{self.suite}' không gắn với dữ liệu (đọc từ JSON, tự tạo "
                "hoặc gộp từ các lần chạy từng phần): hãy gọi datacheck.failures(suite, source, "
                "as_of=result.as_of)",
            )
        return self._rerun

    def check(self, result_id: str) -> CheckResult:
        """The result with id ``result_id`` (e.g. ``"not_null:person_id"``).

        Raises
        ------
        KeyError
            If no result has that id; the message lists the closest id.
        """
        for item in self.checks:
            if item.id == result_id:
                return item
        ids = [c.id for c in self.checks]
        msg = f"no check result with id {result_id!r}{did_you_mean(result_id, ids)}"
        raise KeyError(msg)

    def dimension(self, dimension: str | Dimension) -> DimensionResult:
        """The score of one dimension (``"correct"``, ``"clean"`` …).

        Raises
        ------
        ValueError
            If ``dimension`` names none of the six; the message lists the closest.
        """
        try:
            wanted = Dimension(dimension)
        except ValueError:
            names = [d.value for d in Dimension]
            msg = (
                f"no dimension {dimension!r}{did_you_mean(str(dimension), names)}; "
                f"expected one of: {', '.join(names)}"
            )
            raise ValueError(msg) from None
        for item in self.dimensions:
            if item.dimension is wanted:
                return item
        return DimensionResult(wanted, None, 0.0, 0, 0, 0)

    def by_status(self, *statuses: Status) -> list[CheckResult]:
        """The check results whose status is one of ``statuses``."""
        return [c for c in self.checks if c.status in statuses]

    @property
    def passed(self) -> bool:
        """True when no check failed or errored (warnings allowed)."""
        return not self.by_status("fail", "error")

    def raise_on_failure(self, *, on: Status = "fail") -> None:
        """Raise :class:`ValidationFailed` if any check failed (or errored).

        Parameters
        ----------
        on
            ``"fail"`` (default) raises on failed or errored checks; ``"warn"`` also on
            warnings.
        """
        levels: tuple[Status, ...] = ("fail", "error") + (("warn",) if on == "warn" else ())
        bad = self.by_status(*levels)
        if bad:
            ids = ", ".join(c.id for c in bad[:5]) + (" …" if len(bad) > 5 else "")
            raise ValidationFailed(
                self,
                f"{len(bad)} check(s) of suite '{self.suite}' did not pass: {ids}",
                f"{len(bad)} phép kiểm tra của bộ '{self.suite}' không đạt: {ids}",
            )

    def to_dict(self) -> dict[str, Any]:
        """The versioned JSON form."""
        return {
            "schema_version": SCHEMA_VERSION,
            "suite": self.suite,
            "title": self.title,
            "owner": self.owner,
            "as_of": self.as_of.isoformat(),
            "source": self.source,
            "score": self.score,
            "band": self.band.value if self.band else None,
            "dimensions": [d.to_dict() for d in self.dimensions],
            "checks": [c.to_dict() for c in self.checks],
            "notes": [dict(n) for n in self.notes],
            "tiers": self.tiers.to_dict() if self.tiers is not None else None,
            "run": {
                "rows": self.rows,
                "seconds": self.seconds,
                "versions": dict(self.versions),
            },
        }

    def to_json(self, *, indent: int | None = 2) -> str:
        """The JSON result as text."""
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=indent, allow_nan=False)

    def write_json(self, path: str | Path) -> Path:
        """Write the JSON result atomically (temp file + rename); return the path."""
        return write_text_atomic(Path(path), self.to_json() + "\n")

    def write_html(
        self, path: str | Path, lang: Lang = "vi", *, history: DatabaseHistory | None = None
    ) -> Path:
        """Write the HTML scorecard of this run atomically; return the path.

        A thin wrapper of :func:`datacheck.report.html.write_database` (imported lazily).

        Parameters
        ----------
        path
            The HTML file to write (its folder is created if needed).
        lang
            ``"vi"`` (default) or ``"en"``.
        history
            The trend input (:class:`datacheck.report.html.DatabaseHistory`), if any.
        """
        if lang not in ("vi", "en"):
            raise DatacheckError(
                f"write_html: lang expected 'vi' or 'en', found {lang!r}",
                f"write_html: lang cần 'vi' hoặc 'en', nhận được {lang!r}",
            )
        from datacheck.report.html import write_database  # noqa: PLC0415 (Jinja2 only on use)

        return write_database(self, path, lang, history=history)

    def to_gx_validation(self, suite: Any = None) -> dict[str, Any]:
        """The result as a Great Expectations 1.x validation result (a JSON-ready dict).

        A thin wrapper of :func:`datacheck.interop.gx.validation_result` (imported lazily;
        GX itself is not needed).

        Parameters
        ----------
        suite
            The :class:`~datacheck.Suite` that was run: gives each result its full GX
            expectation config; without it the configs name the columns only.

        Returns
        -------
        dict
            ``success``, ``statistics`` and ``results`` (``expectation_config``, ``success``
            and ``result`` with ``element_count``, ``unexpected_count``,
            ``unexpected_percent``, ``partial_unexpected_list``) as GX writes them.

        Examples
        --------
        >>> import polars as pl, datacheck as dc
        >>> suite = dc.Suite(name="s", checks=[dc.checks.NotNull(columns=["a"])])
        >>> result = dc.run(suite, pl.DataFrame({"a": [1, None]}), as_of="2026-01-01")
        >>> result.to_gx_validation(suite)["statistics"]["unsuccessful_expectations"]
        1
        """
        from datacheck.interop.gx import validation_result  # noqa: PLC0415 (on use only)

        return validation_result(self, suite)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Result:
        """Rebuild a result from its JSON form."""
        version = str(data.get("schema_version", ""))
        if version.split(".", maxsplit=1)[0] != SCHEMA_VERSION.split(".", maxsplit=1)[0]:
            raise DatacheckError(
                f"unsupported result schema_version {version!r}: expected {SCHEMA_VERSION}",
                f"schema_version {version!r} không được hỗ trợ: cần {SCHEMA_VERSION}",
            )
        run = data.get("run") or {}
        return cls(
            suite=data["suite"],
            as_of=datetime.fromisoformat(data["as_of"]),
            source=data.get("source", ""),
            score=data.get("score"),
            band=Band(data["band"]) if data.get("band") else None,
            dimensions=tuple(DimensionResult.from_dict(d) for d in data.get("dimensions", ())),
            checks=tuple(CheckResult.from_dict(c) for c in data.get("checks", ())),
            rows=run.get("rows"),
            seconds=float(run.get("seconds", 0.0)),
            title=data.get("title"),
            owner=data.get("owner"),
            versions=run.get("versions") or {},
            notes=tuple(data.get("notes") or ()),
            tiers=TierCounts.from_dict(data["tiers"]) if data.get("tiers") else None,
        )

    @classmethod
    def read_json(cls, path: str | Path) -> Result:
        """Read a result written by :meth:`write_json`.

        Raises
        ------
        DatacheckError
            If the file cannot be read or holds no datacheck result, naming the file and
            what is wrong (one line).
        """
        try:
            data = json.loads(Path(path).read_text(encoding="utf-8"))
        except OSError as error:
            reason = error.strerror or type(error).__name__
            raise DatacheckError(
                f"{path}: cannot read the result file: {reason}",
                f"{path}: không đọc được tệp kết quả: {reason}",
            ) from None
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise DatacheckError(
                f"{path}: not a datacheck JSON result (invalid JSON: {error})",
                f"{path}: không phải kết quả JSON của datacheck (JSON không hợp lệ: {error})",
            ) from None
        if not isinstance(data, Mapping) or "schema_version" not in data:
            raise DatacheckError(
                f"{path}: not a datacheck JSON result (expected an object with "
                "'schema_version', 'suite', 'checks' …)",
                f"{path}: không phải kết quả JSON của datacheck (cần một đối tượng có "
                "'schema_version', 'suite', 'checks' …)",
            )
        try:
            return cls.from_dict(data)
        except DatacheckError as error:
            raise DatacheckError(f"{path}: {error.en}", f"{path}: {error.vi}") from None
        except (KeyError, TypeError, ValueError) as error:
            what = f"missing field {error}" if isinstance(error, KeyError) else str(error)
            raise DatacheckError(
                f"{path}: not a valid datacheck JSON result ({what})",
                f"{path}: kết quả JSON của datacheck không hợp lệ ({what})",
            ) from None
