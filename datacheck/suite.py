"""Suites: a database's checks and settings, from YAML or built in Python.

Both paths give equal objects, and ``Suite.loads(suite.to_yaml()) == suite``.

Examples
--------
>>> import datacheck as dc
>>> suite = dc.Suite.loads('''
... suite: demo
... key: id
... checks:
...   - check: not_null
...     columns: [id, name]
...   - check: unique
...     columns: [id]
... ''')
>>> [r for c in suite.checks for r in c.result_ids()]
['not_null:id', 'not_null:name', 'unique:id']
>>> dc.Suite.loads(suite.to_yaml()) == suite
True
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from datacheck._coerce import kind_of, short_repr
from datacheck._located import LocatedList, line_of, read_yaml_file
from datacheck._time import zone
from datacheck.checks.base import Check, check_class
from datacheck.dimensions import Dimension
from datacheck.errors import (
    CheckDefinitionError,
    DatacheckError,
    SuiteError,
    did_you_mean,
    did_you_mean_vi,
)
from datacheck.score import Bands
from datacheck.sources_postgres import is_postgres_uri
from datacheck.tiers import TierRules

__all__ = ["Suite"]

_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
_TOP_KEYS = (
    "suite",
    "title",
    "owner",
    "description",
    "key",
    "timezone",
    "pii",
    "placeholders",
    "references",
    "source",
    "weights",
    "bands",
    "samples",
    "tiers",
    "checks",
)


def _strings(value: Any, what: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Sequence) and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise SuiteError(
        f"'{what}' expected a column name or a list of names, found {short_repr(value)}",
        f"'{what}' cần tên cột hoặc danh sách tên cột, nhận được {short_repr(value)}",
    )


@dataclass(frozen=True)
class Suite:
    """A suite of checks for one database.

    Parameters
    ----------
    name
        Suite id, snake_case.
    checks
        The checks, in report order.
    title, owner, description
        Display information (e.g. "Cơ sở dữ liệu quốc gia về dân cư", "Bộ Công an").
    key
        Record key column(s) shown with failing samples.
    timezone
        IANA timezone in which naive timestamps (data and as-of) are read.
    pii
        Columns holding personal data: masked in samples unless unmasked explicitly.
    placeholders
        Values meaning "missing" for ``not_blank`` (compared trimmed, case-folded).
    references
        Named datasets for cross-database checks: paths (relative to the suite's folder)
        or in-memory frames.
    source
        The default data to check (path relative to the suite's folder).
    weights
        Dimension weights for the dataset score (default equal).
    bands
        Score bands.
    samples
        How many failing records each result keeps.
    tiers
        Rules sorting records into quality tiers (usable, needs correction, unusable) by the
        checks they fail; see :mod:`datacheck.tiers`. A mapping is parsed as in YAML.

    Notes
    -----
    Two suites are equal when they define the same checks and settings; where they were read
    from (``base_dir``, ``file``) is not compared, so a suite equals its YAML round-trip. A
    suite hashes by its name and checks (its mappings, and frames among its references, are
    not hashable), so suites can key a dict or fill a set.
    """

    name: str
    checks: tuple[Check, ...] = ()
    title: str | None = None
    owner: str | None = None
    description: str | None = None
    key: tuple[str, ...] = ()
    timezone: str = "Asia/Ho_Chi_Minh"
    pii: tuple[str, ...] = ()
    placeholders: tuple[str, ...] = ()
    references: Mapping[str, Any] = field(default_factory=dict)
    source: str | None = None
    weights: Mapping[str, float] = field(default_factory=dict)
    bands: Bands = field(default_factory=Bands)
    samples: int = 5
    tiers: TierRules = field(default_factory=TierRules)
    base_dir: Path | None = field(default=None, compare=False, repr=False)
    file: str | None = field(default=None, compare=False, repr=False)

    if TYPE_CHECKING:
        # What callers may pass; __post_init__ stores the normal form the fields above name
        # (tuples, Bands, TierRules). Only type checkers read this: dataclass writes __init__.
        def __init__(  # noqa: PLR0917 (the generated __init__ it stands for is positional)
            self,
            name: str,
            checks: Sequence[Check] = (),
            title: str | None = None,
            owner: str | None = None,
            description: str | None = None,
            key: str | Sequence[str] = (),
            timezone: str = "Asia/Ho_Chi_Minh",
            pii: str | Sequence[str] = (),
            placeholders: str | Sequence[str] = (),
            references: Mapping[str, Any] = ...,
            source: str | Path | None = None,
            weights: Mapping[str, float] = ...,
            bands: Bands | Mapping[str, float] = ...,
            samples: int = 5,
            tiers: TierRules | Mapping[str, Any] = ...,
            base_dir: Path | None = None,
            file: str | None = None,
        ) -> None: ...

    def __post_init__(self) -> None:
        set_ = object.__setattr__
        set_(self, "checks", tuple(self.checks))
        set_(self, "key", _strings(self.key, "key") if self.key else ())
        set_(self, "pii", _strings(self.pii, "pii") if self.pii else ())
        set_(self, "placeholders", _strings(self.placeholders, "placeholders"))
        set_(self, "references", dict(self.references))
        bands: Any = self.bands  # a mapping is accepted too, as in YAML
        if isinstance(bands, Mapping):
            set_(self, "bands", _bands(bands, self.file))
        elif not isinstance(bands, Bands):
            raise SuiteError(
                f"'bands' expected 'meets' and 'improve' scores, found {short_repr(bands)}",
                f"'bands' cần điểm 'meets' và 'improve', nhận được {short_repr(bands)}",
                file=self.file,
                key="bands",
            )
        if self.source is not None and not isinstance(self.source, str | Path):
            raise SuiteError(
                f"'source' expected a path or a URI, found a {type(self.source).__name__} "
                "(pass data in memory to dc.run as its source instead)",
                f"'source' cần một đường dẫn hoặc URI, nhận được {type(self.source).__name__} "
                "(hãy truyền dữ liệu trong bộ nhớ cho dc.run làm nguồn)",
                file=self.file,
                key="source",
            )
        tiers: Any = self.tiers  # a mapping is accepted too, parsed as in YAML
        if not isinstance(tiers, TierRules):
            set_(self, "tiers", TierRules.parse(tiers, file=self.file))
        try:
            set_(self, "weights", {str(k): float(v) for k, v in self.weights.items()})
        except (TypeError, ValueError, OverflowError):
            raise SuiteError(
                f"'weights' expected numbers, found {short_repr(dict(self.weights))}",
                f"'weights' cần các số, nhận được {short_repr(dict(self.weights))}",
                file=self.file,
                key="weights",
            ) from None
        if not isinstance(self.name, str) or not _NAME.match(self.name):
            raise SuiteError(
                f"suite name must be snake_case (a-z, 0-9, _), found {short_repr(self.name)}",
                "tên bộ kiểm tra phải dạng snake_case (a-z, 0-9, _), nhận được "
                f"{short_repr(self.name)}",
                file=self.file,
                key="suite",
            )
        for check in self.checks:
            if not isinstance(check, Check):
                raise SuiteError(
                    f"suite '{self.name}': checks must be Check objects, found {short_repr(check)}",
                    f"bộ '{self.name}': checks phải là đối tượng Check, nhận được "
                    f"{short_repr(check)}",
                    file=self.file,
                )
        try:
            zone(self.timezone)
        except DatacheckError as error:
            raise SuiteError(error.en, error.vi, file=self.file, key="timezone") from None
        for dim, weight in self.weights.items():
            if dim not in Dimension._value2member_map_:
                names = [d.value for d in Dimension]
                raise SuiteError(
                    f"'weights': unknown dimension {dim!r}{did_you_mean(dim, names)}; "
                    f"expected one of {', '.join(names)}",
                    f"'weights': không có chiều {dim!r}{did_you_mean_vi(dim, names)}; "
                    f"cần một trong {', '.join(names)}",
                    file=self.file,
                    key="weights",
                )
            if not (0 <= weight < float("inf")):
                raise SuiteError(
                    f"'weights': weight of {dim!r} must be >= 0, found {weight}",
                    f"'weights': trọng số của {dim!r} phải >= 0, nhận được {weight}",
                    file=self.file,
                    key="weights",
                )
        if not 0 <= self.samples <= 1000:
            raise SuiteError(
                f"'samples' must be between 0 and 1000, found {self.samples}",
                f"'samples' phải trong khoảng 0 đến 1000, nhận được {self.samples}",
                file=self.file,
                key="samples",
            )
        self._validate_ids()
        self._validate_references()
        self._validate_tiers()

    def _validate_ids(self) -> None:
        seen: set[str] = set()
        for index, check in enumerate(self.checks):
            for result_id in check.result_ids():
                if result_id in seen:
                    raise SuiteError(
                        f"two checks produce the result id {result_id!r}: give one a 'name'",
                        f"hai phép kiểm tra cùng mã kết quả {result_id!r}: hãy đặt 'name'",
                        file=self.file,
                        check_index=index,
                    )
                seen.add(result_id)

    def _validate_references(self) -> None:
        for index, check in enumerate(self.checks):
            reference = getattr(check, "reference", None)
            if isinstance(reference, str) and reference not in self.references:
                known = list(self.references)
                raise SuiteError(
                    f"check '{check.kind}' uses reference {reference!r}, which the suite does "
                    f"not declare in 'references'{did_you_mean(reference, known)}",
                    f"phép kiểm tra '{check.kind}' dùng tham chiếu {reference!r} nhưng bộ kiểm tra "
                    f"không khai báo trong 'references'{did_you_mean_vi(reference, known)}",
                    file=self.file,
                    check_index=index,
                    key="reference",
                )

    def _validate_tiers(self) -> None:
        known = {*self.result_ids(), *(check.kind for check in self.checks)}
        for name in self.tiers.selected_checks():
            if name not in known:
                raise SuiteError(
                    f"'tiers': no check or result {name!r} in the suite"
                    f"{did_you_mean(name, known)}; 'checks' names result ids (e.g. "
                    "'not_null:person_id') or check names (e.g. 'unique')",
                    f"'tiers': bộ kiểm tra không có phép kiểm tra hay kết quả {name!r}"
                    f"{did_you_mean_vi(name, known)}; 'checks' nêu mã kết quả (ví dụ "
                    "'not_null:person_id') hoặc tên phép kiểm tra (ví dụ 'unique')",
                    file=self.file,
                    key="tiers",
                )

    # ------------------------------------------------------------------ paths

    def resolve(self, path: str | Path) -> Path | str:
        """Resolve a path from the suite against the suite file's folder.

        A database URI (``postgresql://…``) is no path: it is returned unchanged.
        """
        if isinstance(path, str) and is_postgres_uri(path):
            return path
        candidate = Path(path).expanduser()
        if candidate.is_absolute() or self.base_dir is None:
            return candidate
        return self.base_dir / candidate

    def __hash__(self) -> int:
        """Hash of the name and checks: equal suites hash alike (see Notes).

        Examples
        --------
        >>> from datacheck.checks import NotNull
        >>> suite = Suite(name="s", checks=[NotNull(columns=["a"])], weights={"clean": 2})
        >>> {suite: 1}[Suite(name="s", checks=[NotNull(columns=["a"])], weights={"clean": 2})]
        1
        """
        return hash((self.name, self.checks))

    def result_ids(self) -> list[str]:
        """Every result id the suite yields, in order."""
        return [rid for check in self.checks for rid in check.result_ids()]

    # ------------------------------------------------------------------ YAML

    @classmethod
    def from_yaml(cls, path: str | Path) -> Suite:
        """Load a suite from a YAML file; relative paths resolve against its folder."""
        file = Path(path)
        text = read_yaml_file(file, "suite file", "tệp bộ kiểm tra")
        return cls.loads(text, base_dir=file.resolve().parent, file=str(file))

    @classmethod
    def loads(cls, text: str, *, base_dir: Path | None = None, file: str | None = None) -> Suite:
        """Load a suite from YAML text."""
        from datacheck._yaml import load_yaml  # noqa: PLC0415  (PyYAML only when parsing)

        data = load_yaml(text, file)
        return cls.from_dict(data, base_dir=base_dir, file=file)

    @classmethod
    def from_dict(
        cls, data: Any, *, base_dir: Path | None = None, file: str | None = None
    ) -> Suite:
        """Build a suite from plain data (as parsed from YAML)."""
        if not isinstance(data, Mapping):
            raise SuiteError(
                f"a suite must be a mapping with 'suite' and 'checks', found {kind_of(data)}",
                f"bộ kiểm tra phải là ánh xạ có 'suite' và 'checks', nhận được "
                f"{kind_of(data, 'vi')}",
                file=file,
                line=line_of(data),
            )
        for key in data:
            if key not in _TOP_KEYS:
                raise SuiteError(
                    f"unknown key {key!r}{did_you_mean(str(key), _TOP_KEYS)}; expected one of "
                    f"{', '.join(_TOP_KEYS)}",
                    f"khoá không hợp lệ {key!r}{did_you_mean_vi(str(key), _TOP_KEYS)}; cần một "
                    f"trong {', '.join(_TOP_KEYS)}",
                    file=file,
                    line=line_of(data, key),
                )
        if "suite" not in data:
            raise SuiteError(
                "missing key 'suite' (the suite's snake_case id)",
                "thiếu khoá 'suite' (mã bộ kiểm tra dạng snake_case)",
                file=file,
                line=line_of(data),
            )
        # no 'checks' key: a suite without checks (as Suite(name=...) in Python; lint says
        # so); present, it must be a list ('checks: {}' or an empty 'checks:' is a mistake)
        raw_checks = data.get("checks", [])
        if not isinstance(raw_checks, list):
            raise SuiteError(
                f"'checks' expected a list of checks, found {_found(raw_checks)}",
                f"'checks' cần danh sách phép kiểm tra, nhận được {_found(raw_checks, 'vi')}",
                file=file,
                line=line_of(data, "checks"),
            )
        checks = [
            _check_from_entry(entry, file, _item_line(raw_checks, i))
            for i, entry in enumerate(raw_checks)
        ]
        kwargs = _settings(data, file)
        name = data["suite"]
        try:
            return cls(name=name, checks=tuple(checks), base_dir=base_dir, file=file, **kwargs)
        except SuiteError as error:
            if error.line is not None:
                raise
            line = line_of(data, error.key) if error.key in _TOP_KEYS else None
            if error.key == "tiers":
                line = _tier_line(data.get("tiers"), error.en) or line_of(data, "tiers")
            if error.check_index is not None:
                entry = raw_checks[error.check_index]
                line = line_of(entry, error.key) if error.key else None
                line = line or _item_line(raw_checks, error.check_index)
            raise SuiteError(
                error.en.removeprefix(f"{file}: "),
                error.vi.removeprefix(f"{file}: "),
                file=file,
                line=line,
                key=error.key,
                check_index=error.check_index,
            ) from None

    def to_dict(self) -> dict[str, Any]:
        """Plain data, as written to YAML."""
        out: dict[str, Any] = {"suite": self.name}
        for f in dataclasses.fields(self):
            if f.name in ("name", "checks", "base_dir", "file"):
                continue
            value = getattr(self, f.name)
            default: Any = f.default
            if f.default_factory is not dataclasses.MISSING:
                default = f.default_factory()
            if value == default:
                continue
            if isinstance(value, Bands):
                value = {"meets": value.meets, "improve": value.improve}
            elif isinstance(value, TierRules):
                value = value.to_dict()
            elif isinstance(value, tuple):
                value = list(value)
            elif isinstance(value, Mapping):
                value = {k: _plain_setting(f.name, k, v) for k, v in value.items()}
            out[f.name] = value
        out["checks"] = [check.params() for check in self.checks]
        return out

    def to_yaml(self) -> str:
        """The suite as YAML text (round-trips through :meth:`loads`).

        Raises
        ------
        SuiteError
            If a reference is a frame or dataset in memory: YAML can only name a path.
        """
        from datacheck._yaml import dump_yaml  # noqa: PLC0415  (PyYAML only when writing)

        return dump_yaml(self.to_dict())


def _plain_setting(setting: str, name: str, value: Any) -> Any:
    """A mapping setting's value as YAML holds it: a path, a URI or a number."""
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, str | int | float):
        return value
    raise SuiteError(
        f"'{setting}.{name}' is a {type(value).__name__} in memory, which YAML cannot hold: "
        "expected a path or a URI to write the suite as YAML (pass the frame to dc.run's "
        "references= instead)",
        f"'{setting}.{name}' là một {type(value).__name__} trong bộ nhớ, YAML không ghi được: "
        "cần một đường dẫn hoặc URI để ghi bộ kiểm tra ra YAML (hãy truyền bảng dữ liệu qua "
        "references= của dc.run)",
        key=setting,
    )


def _settings(data: Mapping[str, Any], file: str | None) -> dict[str, Any]:
    """The suite's settings (everything but its name and checks), validated."""
    kwargs: dict[str, Any] = {}
    simple = {
        "title": str,
        "owner": str,
        "description": str,
        "timezone": str,
        "source": str,
        "samples": int,
    }
    for key, kind in simple.items():
        if key in data and data[key] is not None:
            value = data[key]
            if not isinstance(value, kind) or isinstance(value, bool):
                raise _type_error(key, kind.__name__, value, file, line_of(data, key))
            kwargs[key] = value
    for key in ("key", "pii", "placeholders"):
        if key in data and data[key] is not None:
            try:
                kwargs[key] = _strings(data[key], key)
            except SuiteError as error:
                raise SuiteError(error.en, error.vi, file=file, line=line_of(data, key)) from None
    for key in ("references", "weights", "bands"):
        if key in data and data[key] is not None and not isinstance(data[key], Mapping):
            raise _type_error(key, "mapping", data[key], file, line_of(data, key))
    if data.get("references"):
        refs = data["references"]
        for name, path in refs.items():
            if not isinstance(path, str):
                raise _type_error(f"references.{name}", "path", path, file, line_of(refs, name))
        kwargs["references"] = dict(refs)
    if data.get("weights"):
        weights = data["weights"]
        for dim, weight in weights.items():
            if not isinstance(weight, int | float) or isinstance(weight, bool):
                raise _type_error(f"weights.{dim}", "number", weight, file, line_of(weights, dim))
        kwargs["weights"] = dict(weights)
    if "tiers" in data:
        kwargs["tiers"] = TierRules.parse(data["tiers"], file=file, line=line_of(data, "tiers"))
    if data.get("bands"):
        kwargs["bands"] = _bands(data["bands"], file, line_of(data, "bands"))
    return kwargs


def _bands(bands: Mapping[str, Any], file: str | None, line: int | None = None) -> Bands:
    """``{"meets": 95, "improve": 80}`` as :class:`Bands`, or a :class:`SuiteError`."""
    unknown = [k for k in bands if k not in ("meets", "improve")]
    if unknown:
        raise SuiteError(
            f"'bands': unknown key {unknown[0]!r}; expected 'meets' and 'improve' scores",
            f"'bands': khoá không hợp lệ {unknown[0]!r}; cần điểm 'meets' và 'improve'",
            file=file,
            line=line_of(bands, unknown[0]) or line,
            key="bands",
        )
    try:
        return Bands(**{k: float(v) for k, v in bands.items()})
    except (TypeError, ValueError, OverflowError) as error:
        raise SuiteError(
            f"'bands' expected 'meets' and 'improve' scores: {error}",
            f"'bands' cần điểm 'meets' và 'improve': {error}",
            file=file,
            line=line,
            key="bands",
        ) from None


def _item_line(items: Any, index: int) -> int | None:
    if isinstance(items, LocatedList) and index < len(items.item_lines):
        return items.item_lines[index]
    return line_of(items)


def _tier_line(tiers: Any, message: str) -> int | None:
    """The line of the ``checks`` selector naming the check a tier error is about."""
    if not isinstance(tiers, Mapping):
        return None
    for value in tiers.values():
        for rule in value if isinstance(value, list) else [value]:
            if not isinstance(rule, Mapping):
                continue
            names = rule.get("checks")
            names = [names] if isinstance(names, str) else names or []
            if any(f"{name!r}" in message for name in names):
                return line_of(rule, "checks")
    return None


def _found(value: Any, lang: str = "en") -> str:
    """What a wrong YAML value is, for "found …": ``mapping {'a': 1}``; no value: ``nothing``.

    Examples
    --------
    >>> _found({"a": 1}), _found(None), _found(None, "vi")
    ("mapping {'a': 1}", 'nothing (no value)', 'giá trị rỗng (không có giá trị)')
    """
    if value is None:
        return "giá trị rỗng (không có giá trị)" if lang == "vi" else "nothing (no value)"
    return f"{kind_of(value, lang)} {short_repr(value)}"


def _type_error(
    key: str, expected: str, value: Any, file: str | None, line: int | None
) -> SuiteError:
    return SuiteError(
        f"'{key}' expected {expected}, found {_found(value)}",
        f"'{key}' cần {expected}, nhận được {_found(value, 'vi')}",
        file=file,
        line=line,
    )


def _check_from_entry(entry: Any, file: str | None, line: int | None) -> Check:
    """Build one check from its YAML mapping; errors name the file, line and key."""
    if not isinstance(entry, Mapping):
        raise SuiteError(
            f"each check must be a mapping with a 'check' key, found {short_repr(entry)}",
            f"mỗi phép kiểm tra phải là ánh xạ có khoá 'check', nhận được {short_repr(entry)}",
            file=file,
            line=line,
        )
    if "check" not in entry:
        raise SuiteError(
            "check entry has no 'check' key naming the check (see `datacheck checks`)",
            "phép kiểm tra thiếu khoá 'check' (xem `datacheck checks`)",
            file=file,
            line=line,
        )
    kind = entry["check"]
    if not isinstance(kind, str):
        raise CheckDefinitionError(
            f"'check' expected the name of a check (see `datacheck checks`), found {_found(kind)}",
            f"'check' cần tên một phép kiểm tra (xem `datacheck checks`), nhận được "
            f"{_found(kind, 'vi')}",
            file=file,
            line=line_of(entry, "check"),
        )
    try:
        cls = check_class(kind)
    except CheckDefinitionError as error:
        raise CheckDefinitionError(
            error.en, error.vi, file=file, line=line_of(entry, "check")
        ) from None
    fields = {f.name: f for f in dataclasses.fields(cls)}
    params: dict[str, Any] = {}
    lines: dict[str, int | None] = {}
    for key, value in entry.items():
        if key == "check":
            continue
        target = key
        if key == "column" and "column" not in fields and "columns" in fields:
            target = "columns"
            if isinstance(value, str):
                value = [value]  # noqa: PLW2901
        if target not in fields:
            options = [*fields, *(("column",) if "columns" in fields else ())]
            raise CheckDefinitionError(
                f"check '{kind}': unknown parameter {key!r}{did_you_mean(str(key), options)}; "
                f"expected one of {', '.join(sorted(options))}",
                f"phép kiểm tra '{kind}': tham số không hợp lệ {key!r}"
                f"{did_you_mean_vi(str(key), options)}; cần một trong "
                f"{', '.join(sorted(options))}",
                file=file,
                line=line_of(entry, key),
            )
        if target in params:
            raise CheckDefinitionError(
                f"check '{kind}': give either 'column' or 'columns', not both",
                f"phép kiểm tra '{kind}': chỉ dùng 'column' hoặc 'columns', không dùng cả hai",
                file=file,
                line=line_of(entry, key),
            )
        params[target] = value
        lines[target] = line_of(entry, key)
    missing = [
        name
        for name, f in fields.items()
        if f.default is dataclasses.MISSING
        and f.default_factory is dataclasses.MISSING
        and name not in params
        and f.init
    ]
    if missing:
        raise CheckDefinitionError(
            f"check '{kind}': missing required parameter(s) {', '.join(map(repr, missing))}",
            f"phép kiểm tra '{kind}': thiếu tham số bắt buộc {', '.join(map(repr, missing))}",
            file=file,
            line=line,
        )
    try:
        return cls(**params)
    except CheckDefinitionError as error:
        bad = error.key or next((k for k in params if f"'{k}'" in error.en), None)
        raise CheckDefinitionError(
            error.en,
            error.vi,
            file=file,
            line=lines.get(bad, line) if bad else line,
            key=bad,
        ) from None
    except (TypeError, ValueError) as error:
        raise CheckDefinitionError(
            f"check '{kind}': {error}", f"phép kiểm tra '{kind}': {error}", file=file, line=line
        ) from None
