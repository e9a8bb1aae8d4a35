"""Record quality tiers: usable, needs correction, unusable.

The 2025 land-data campaign sorts records into three tiers — *sử dụng được* (usable),
*cần chỉnh lý* (needs correction) and *không sử dụng được* (unusable). A record's tier follows
from the checks it fails: it is ``unusable`` if it fails a check matched by an ``unusable``
rule, else ``needs_correction`` if it fails a check matched by a ``needs_correction`` rule,
else ``usable`` (a record that fails nothing, or only checks no rule matches).

A suite configures the rules under ``tiers:``; without it, the defaults apply::

    tiers:
      unusable:                      # fails any critical check
        severity: [critical]
      needs_correction: {}           # fails any other check

A tier is one rule (a mapping) or a list of rules (any may match); ``[]`` disables it. A rule
matches a failed check when every selector it gives matches (a selector lists alternatives):

* ``severity`` — check severities (``normal``, ``critical``);
* ``dimension`` — dimension ids (``correct``, ``complete``, ``clean``, ``live``,
  ``consistent``, ``shared``);
* ``checks`` — result ids (``not_null:person_id``) or check names (``unique``).

A rule with no selector (``{}``) matches every failed check. A tier left out keeps its default.
Only record-level checks mark records: dataset-level checks (``row_count``,
``required_columns``) and checks that could not run (status ``error``) never do.

Examples
--------
>>> rules = TierRules.parse({"unusable": {"severity": ["critical"]},
...                          "needs_correction": [{"dimension": ["correct", "complete"]}]})
>>> from datacheck.checks import NotNull, Unique
>>> rules.tier(NotNull(columns=["a"], severity="critical"), "not_null:a")
<Tier.UNUSABLE: 'unusable'>
>>> rules.tier(NotNull(columns=["a"]), "not_null:a")
<Tier.NEEDS_CORRECTION: 'needs_correction'>
>>> rules.tier(Unique(columns=["a"]), "unique:a")  # clean: no rule matches
<Tier.USABLE: 'usable'>
>>> TierRules() == TierRules.parse({})
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import TYPE_CHECKING, Any, TypeVar

from datacheck._coerce import found_text
from datacheck._located import LocatedList, line_of
from datacheck.dimensions import Dimension, Severity
from datacheck.errors import Lang, SuiteError, did_you_mean, did_you_mean_vi

if TYPE_CHECKING:
    from datacheck.checks.base import Check

__all__ = ["Tier", "TierCounts", "TierRule", "TierRules"]

_E = TypeVar("_E", Severity, Dimension)

_LABELS: dict[str, tuple[str, str]] = {
    "usable": ("Sử dụng được", "Usable"),
    "needs_correction": ("Cần chỉnh lý", "Needs correction"),
    "unusable": ("Không sử dụng được", "Unusable"),
}


class Tier(StrEnum):
    """A record quality tier, from best to worst.

    Examples
    --------
    >>> [t.value for t in Tier]
    ['usable', 'needs_correction', 'unusable']
    >>> Tier.NEEDS_CORRECTION.label("vi"), Tier.UNUSABLE.rank
    ('Cần chỉnh lý', 2)
    """

    USABLE = "usable"
    NEEDS_CORRECTION = "needs_correction"
    UNUSABLE = "unusable"

    @property
    def rank(self) -> int:
        """0 for usable, 1 for needs correction, 2 for unusable (worse is higher)."""
        return list(Tier).index(self)

    def label(self, lang: Lang = "vi") -> str:
        """The display label in ``lang``."""
        vi, en = _LABELS[self.value]
        return vi if lang == "vi" else en


_RULED = (Tier.UNUSABLE, Tier.NEEDS_CORRECTION)
"""The tiers that have rules, in the order they are tried; ``usable`` is everything else."""
_RULE_KEYS = ("severity", "dimension", "checks")


@dataclass(frozen=True)
class TierRule:
    """One rule: which failed checks put a record in a tier (every given selector must match).

    Parameters
    ----------
    severity
        Check severities that match (any); empty: any severity.
    dimension
        Dimensions that match (any); empty: any dimension.
    checks
        Result ids or check names that match (any); empty: any check.
    """

    severity: tuple[Severity, ...] = ()
    dimension: tuple[Dimension, ...] = ()
    checks: tuple[str, ...] = ()

    def matches(self, check: Check, result_id: str) -> bool:
        """Whether failing ``check``'s result ``result_id`` triggers this rule."""
        return (
            (not self.severity or check.severity in self.severity)
            and (not self.dimension or check.effective_dimension in self.dimension)
            and (not self.checks or result_id in self.checks or check.kind in self.checks)
        )

    def to_dict(self) -> dict[str, list[str]]:
        """Plain data (empty selectors left out)."""
        out: dict[str, list[str]] = {}
        if self.severity:
            out["severity"] = [s.value for s in self.severity]
        if self.dimension:
            out["dimension"] = [d.value for d in self.dimension]
        if self.checks:
            out["checks"] = list(self.checks)
        return out


def _default_unusable() -> tuple[TierRule, ...]:
    return (TierRule(severity=(Severity.CRITICAL,)),)


def _default_needs_correction() -> tuple[TierRule, ...]:
    return (TierRule(),)


@dataclass(frozen=True)
class TierRules:
    """The rules of a suite's record tiers (defaults: critical → unusable, others → correction).

    Parameters
    ----------
    unusable
        Rules putting a record in ``unusable`` (any may match); tried first.
    needs_correction
        Rules putting a record in ``needs_correction`` (any may match).
    """

    unusable: tuple[TierRule, ...] = field(default_factory=_default_unusable)
    needs_correction: tuple[TierRule, ...] = field(default_factory=_default_needs_correction)

    def rules(self, tier: Tier) -> tuple[TierRule, ...]:
        """The rules of ``tier`` (none for ``usable``)."""
        if tier is Tier.UNUSABLE:
            return self.unusable
        if tier is Tier.NEEDS_CORRECTION:
            return self.needs_correction
        return ()

    def tier(self, check: Check, result_id: str) -> Tier:
        """The tier of a record that fails only this check's result ``result_id``."""
        for tier in _RULED:
            if any(rule.matches(check, result_id) for rule in self.rules(tier)):
                return tier
        return Tier.USABLE

    def selected_checks(self) -> list[str]:
        """Every result id or check name the rules name (validated against the suite)."""
        return [name for tier in _RULED for rule in self.rules(tier) for name in rule.checks]

    def to_dict(self) -> dict[str, list[dict[str, list[str]]]]:
        """Plain data, as written to YAML and JSON (every tier, as a list of rules)."""
        return {tier.value: [rule.to_dict() for rule in self.rules(tier)] for tier in _RULED}

    @classmethod
    def parse(cls, data: Any, *, file: str | None = None, line: int | None = None) -> TierRules:
        """Build the rules from plain data (as parsed from YAML); errors name file and line.

        Raises
        ------
        SuiteError
            For an unknown tier, selector, severity or dimension, or a wrong type.
        """
        if isinstance(data, TierRules):
            return data
        if data is None:
            return cls()
        if not isinstance(data, Mapping):
            raise SuiteError(
                f"'tiers' expected a mapping of tiers ({_tier_names()}), found {found_text(data)}",
                f"'tiers' cần ánh xạ các hạng ({_tier_names()}), nhận được "
                f"{found_text(data, 'vi')}",
                file=file,
                line=line_of(data) or line,
                key="tiers",
            )
        kwargs: dict[str, tuple[TierRule, ...]] = {}
        names = [t.value for t in _RULED]
        for key, value in data.items():
            where = line_of(data, key) or line
            if key == Tier.USABLE.value:
                raise SuiteError(
                    "'tiers.usable' takes no rules: a record is usable when no rule of "
                    "'unusable' or 'needs_correction' matches a check it fails",
                    "'tiers.usable' không có quy tắc: bản ghi sử dụng được khi không quy tắc "
                    "nào của 'unusable' hay 'needs_correction' khớp phép kiểm tra nó không đạt",
                    file=file,
                    line=where,
                    key="tiers",
                )
            if key not in names:
                raise SuiteError(
                    f"'tiers': unknown tier {key!r}{did_you_mean(str(key), names)}; expected "
                    f"{_tier_names()}",
                    f"'tiers': không có hạng {key!r}{did_you_mean_vi(str(key), names)}; cần "
                    f"{_tier_names()}",
                    file=file,
                    line=where,
                    key="tiers",
                )
            kwargs[key] = _parse_tier(str(key), value, file, where)
        return cls(**kwargs)


def _tier_names() -> str:
    return ", ".join(t.value for t in _RULED)


def _parse_tier(tier: str, value: Any, file: str | None, line: int | None) -> tuple[TierRule, ...]:
    if isinstance(value, Mapping):
        return (_parse_rule(f"tiers.{tier}", value, file, line),)
    if isinstance(value, Sequence) and not isinstance(value, str):
        rules = []
        for index, item in enumerate(value):
            item_line = line
            if isinstance(value, LocatedList) and index < len(value.item_lines):
                item_line = value.item_lines[index]
            rules.append(_parse_rule(f"tiers.{tier}[{index}]", item, file, item_line))
        return tuple(rules)
    raise SuiteError(
        f"'tiers.{tier}' expected a rule (a mapping of {', '.join(_RULE_KEYS)}) or a list of "
        f"rules, found {found_text(value)}",
        f"'tiers.{tier}' cần một quy tắc (ánh xạ {', '.join(_RULE_KEYS)}) hoặc danh sách quy "
        f"tắc, nhận được {found_text(value, 'vi')}",
        file=file,
        line=line,
        key="tiers",
    )


def _parse_rule(where: str, rule: Any, file: str | None, line: int | None) -> TierRule:
    if not isinstance(rule, Mapping):
        raise SuiteError(
            f"'{where}' expected a rule (a mapping of {', '.join(_RULE_KEYS)}), found "
            f"{found_text(rule)}",
            f"'{where}' cần một quy tắc (ánh xạ {', '.join(_RULE_KEYS)}), nhận được "
            f"{found_text(rule, 'vi')}",
            file=file,
            line=line_of(rule) or line,
            key="tiers",
        )
    kwargs: dict[str, Any] = {}
    for key, value in rule.items():
        key_line = line_of(rule, key) or line
        if key not in _RULE_KEYS:
            raise SuiteError(
                f"'{where}': unknown selector {key!r}{did_you_mean(str(key), _RULE_KEYS)}; "
                f"expected one of {', '.join(_RULE_KEYS)}",
                f"'{where}': không có bộ chọn {key!r}{did_you_mean_vi(str(key), _RULE_KEYS)}; "
                f"cần một trong {', '.join(_RULE_KEYS)}",
                file=file,
                line=key_line,
                key="tiers",
            )
        items = _names(f"{where}.{key}", value, file, key_line)
        if key == "severity":
            kwargs[key] = tuple(
                _member(Severity, f"{where}.{key}", v, file, key_line) for v in items
            )
        elif key == "dimension":
            kwargs[key] = tuple(
                _member(Dimension, f"{where}.{key}", v, file, key_line) for v in items
            )
        else:
            kwargs[key] = items
    return TierRule(**kwargs)


def _names(where: str, value: Any, file: str | None, line: int | None) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, Sequence) and value and all(isinstance(v, str) for v in value):
        return tuple(value)
    raise SuiteError(
        f"'{where}' expected a name or a non-empty list of names, found {found_text(value)}",
        f"'{where}' cần một tên hoặc danh sách tên không rỗng, nhận được {found_text(value, 'vi')}",
        file=file,
        line=line,
        key="tiers",
    )


def _member(enum: type[_E], where: str, value: str, file: str | None, line: int | None) -> _E:
    options = [m.value for m in enum]
    if value in options:
        return enum(value)
    raise SuiteError(
        f"'{where}': unknown value {value!r}{did_you_mean(value, options)}; expected one of "
        f"{', '.join(options)}",
        f"'{where}': giá trị không hợp lệ {value!r}{did_you_mean_vi(value, options)}; cần một "
        f"trong {', '.join(options)}",
        file=file,
        line=line,
        key="tiers",
    )


@dataclass(frozen=True)
class TierCounts:
    """How many records of a database fall in each tier, and the rules that placed them.

    ``usable + needs_correction + unusable`` is the number of rows checked.

    Examples
    --------
    >>> counts = TierCounts(usable=97, needs_correction=2, unusable=1)
    >>> counts.records, counts.count("unusable"), counts.share(Tier.USABLE)
    (100, 1, 0.97)
    >>> TierCounts.from_dict(counts.to_dict()) == counts
    True
    """

    usable: int
    needs_correction: int
    unusable: int
    rules: Mapping[str, Any] = field(default_factory=lambda: TierRules().to_dict())

    @property
    def records(self) -> int:
        """Every record counted (the rows checked)."""
        return self.usable + self.needs_correction + self.unusable

    def count(self, tier: Tier | str) -> int:
        """The number of records in ``tier``."""
        value: int = getattr(self, Tier(tier).value)
        return value

    def share(self, tier: Tier | str) -> float | None:
        """The fraction of records in ``tier`` (``None`` when there are no records)."""
        return self.count(tier) / self.records if self.records else None

    def counts(self) -> dict[str, int]:
        """The counts alone, by tier id (as in the national JSON)."""
        return {tier.value: self.count(tier) for tier in Tier}

    def to_dict(self) -> dict[str, Any]:
        """Plain-data form (the ``tiers`` object of the JSON result)."""
        return {
            "usable": self.usable,
            "needs_correction": self.needs_correction,
            "unusable": self.unusable,
            "rules": {k: [dict(r) for r in v] for k, v in self.rules.items()},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> TierCounts:
        """Rebuild from :meth:`to_dict` output."""
        return cls(
            usable=int(data["usable"]),
            needs_correction=int(data["needs_correction"]),
            unusable=int(data["unusable"]),
            rules=dict(data.get("rules") or {}),
        )
