"""Record quality tiers: rules from the suite, exact counts in the run, JSON and schema."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import datacheck as dc
from datacheck import checks as c
from datacheck.checks.base import CompileContext
from datacheck.engine.local import execute
from datacheck.engine.plan import compile_plan
from datacheck.tiers import Tier, TierCounts, TierRule, TierRules
from datacheck.vn.admin_units import AdminUnitCurrent

AS_OF = "2026-06-30"


def tiers_of(result: dc.Result) -> dict[str, int]:
    assert result.tiers is not None
    return result.tiers.counts()


# ------------------------------------------------------------------------ rules


def test_defaults_critical_is_unusable_anything_else_needs_correction() -> None:
    rules = TierRules()
    assert rules.to_dict() == {"unusable": [{"severity": ["critical"]}], "needs_correction": [{}]}
    assert rules.tier(c.NotNull(columns=["a"], severity="critical"), "not_null:a") is Tier.UNUSABLE
    assert rules.tier(c.Unique(columns=["a"]), "unique:a") is Tier.NEEDS_CORRECTION
    assert dc.Suite(name="s").tiers == rules
    assert dc.Suite.loads("suite: s\ntiers:\n").tiers == rules


def test_rules_match_severity_dimension_and_checks() -> None:
    rules = TierRules.parse(
        {
            "unusable": [{"checks": ["unique"]}, {"severity": "critical", "dimension": "complete"}],
            "needs_correction": {"dimension": ["correct"]},
        }
    )
    assert rules.tier(c.Unique(columns=["a"]), "unique:a") is Tier.UNUSABLE
    critical_null = c.NotNull(columns=["a"], severity="critical")
    assert rules.tier(critical_null, "not_null:a") is Tier.UNUSABLE
    # critical but not complete: the second rule needs both selectors
    pattern = c.Pattern(columns=["a"], pattern="x", severity="critical")
    assert rules.tier(pattern, "pattern:a") is Tier.NEEDS_CORRECTION
    assert rules.tier(c.NotNull(columns=["a"]), "not_null:a") is Tier.USABLE
    named = TierRules.parse({"unusable": {"checks": ["id_ok"]}})
    assert named.tier(c.Pattern(name="id_ok", columns=["a"], pattern="x"), "id_ok") is Tier.UNUSABLE
    # a tier left out keeps its default; [] disables it
    assert named.needs_correction == (TierRule(),)
    assert TierRules.parse({"needs_correction": []}).needs_correction == ()


YAML = """\
suite: dat_dai
key: parcel_id
checks:
  - check: not_null
    columns: [parcel_id, owner_id]
    severity: critical
  - check: unique
    columns: [parcel_id]
  - check: pattern
    name: parcel_format
    column: parcel_id
    pattern: '^P'
tiers:
  unusable:
    - severity: [critical]
    - checks: [unique]
  needs_correction:
    dimension: [correct, complete]
"""


def test_yaml_round_trip() -> None:
    suite = dc.Suite.loads(YAML)
    assert suite.tiers.unusable == (
        TierRule(severity=(dc.Severity.CRITICAL,)),
        TierRule(checks=("unique",)),
    )
    assert suite.tiers.needs_correction == (
        TierRule(dimension=(dc.Dimension.CORRECT, dc.Dimension.COMPLETE)),
    )
    again = dc.Suite.loads(suite.to_yaml())
    assert again == suite
    assert "tiers" not in dc.Suite(name="s").to_yaml()  # defaults are not written
    built = dc.Suite(name="s", tiers={"unusable": {"severity": ["critical"]}})
    assert built.tiers == TierRules()


@pytest.mark.parametrize(
    ("tiers", "line", "message"),
    [
        ("  unusable: {severity: [error]}", 14, "'tiers.unusable.severity': unknown value 'error'"),
        ("  unusable: {severity: [error]}", 14, "expected one of normal, critical"),
        ("  usable: {}", 14, "'tiers.usable' takes no rules"),
        ("  unuseable: {}", 14, "unknown tier 'unuseable' (did you mean 'unusable'?)"),
        ("  unusable:\n    - {}\n    - {dimenson: [clean]}", 16, "unknown selector 'dimenson'"),
        ("  unusable:\n    dimension: [cleen]", 15, "(did you mean 'clean'?)"),
        ("  needs_correction: 3", 14, "expected a rule (a mapping of severity, dimension"),
        ("  unusable: {checks: []}", 14, "expected a name or a non-empty list of names"),
        ("  unusable: [[1]]", 14, "found list [1]"),  # the YAML kind, not the loader's class
        ("  unusable: {checks: {a: 1}}", 14, "found mapping"),
        ("  unusable: {checks: [uniqe]}", 14, "no check or result 'uniqe' in the suite"),
        (
            "  unusable:\n    checks: [not_null:parcel_id, not_null:owner]",
            15,
            "(did you mean 'not_null:owner_id'?)",
        ),
    ],
)
def test_bad_tier_rules_name_file_line_and_key(tiers: str, line: int, message: str) -> None:
    text = YAML.split("tiers:", maxsplit=1)[0] + "tiers:\n" + tiers + "\n"
    with pytest.raises(dc.SuiteError) as caught:
        dc.Suite.loads(text, file="dat_dai.yaml")
    error = caught.value
    assert str(error).startswith(f"dat_dai.yaml:{line}: "), str(error)
    assert message in str(error)
    assert error.key == "tiers"
    assert error.line == line


def test_tiers_must_be_a_mapping() -> None:
    with pytest.raises(dc.SuiteError, match=r"x\.yaml:2: 'tiers' expected a mapping of tiers"):
        dc.Suite.loads("suite: s\ntiers: [unusable]\n", file="x.yaml")


def test_lint_style_errors_from_a_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("suite: s\ntiers:\n  needs_correction:\n    severity: [warning]\n", "utf-8")
    with pytest.raises(dc.SuiteError, match=r"bad\.yaml:4: .*unknown value 'warning'"):
        dc.Suite.from_yaml(path)


# ------------------------------------------------------------------------ counts


def test_counts_follow_the_worst_check_each_record_fails() -> None:
    data = pl.DataFrame(
        {
            "id": ["1", "2", "2", "3", None, "5"],
            "phone": ["0912345678", "12", "0912345678", "12", "0912345678", "0912345678"],
        }
    )
    suite = dc.Suite(
        name="s",
        checks=[
            c.NotNull(columns=["id"], severity="critical"),
            c.Unique(columns=["id"]),
            c.Pattern(columns=["phone"], pattern=r"^0\d{9}$"),
        ],
    )
    result = dc.run(suite, data, as_of=AS_OF)
    # rows 1, 2 duplicate; rows 1, 3 bad phone; row 4 no id (critical)
    assert tiers_of(result) == {"usable": 2, "needs_correction": 3, "unusable": 1}
    assert result.tiers is not None
    assert result.tiers.share("usable") == pytest.approx(2 / 6)
    critical_unique = dc.Suite(
        name="s", checks=suite.checks, tiers={"unusable": {"checks": ["unique", "not_null"]}}
    )
    assert tiers_of(dc.run(critical_unique, data, as_of=AS_OF)) == {
        "usable": 2,
        "needs_correction": 1,
        "unusable": 3,
    }
    nothing = dc.Suite(
        name="s", checks=suite.checks, tiers={"unusable": [], "needs_correction": []}
    )
    assert tiers_of(dc.run(nothing, data, as_of=AS_OF)) == {
        "usable": 6,
        "needs_correction": 0,
        "unusable": 0,
    }


def test_an_empty_dataset_has_no_records_in_any_tier() -> None:
    data = pl.DataFrame({"id": pl.Series([], dtype=pl.String)})
    result = dc.run(dc.Suite(name="s", checks=[c.NotNull(columns=["id"])]), data, as_of=AS_OF)
    assert tiers_of(result) == {"usable": 0, "needs_correction": 0, "unusable": 0}


def _brute_force(rows: list[dict[str, Any]], refs: set[str], rules: TierRules) -> dict[str, int]:
    """Tiers computed in plain Python from the checks' definitions."""
    checks = _checks()
    counts = {t.value: 0 for t in Tier}
    key_count: dict[tuple[Any, Any], int] = {}
    code_count: dict[Any, int] = {}
    for row in rows:
        key_count[(row["id"], row["kind"])] = key_count.get((row["id"], row["kind"]), 0) + 1
        code_count[row["code"]] = code_count.get(row["code"], 0) + 1
    for row in rows:
        failing = {
            "not_null:id": row["id"] is None,
            "in_set:kind": row["kind"] is not None and row["kind"] not in {"a", "b"},
            "unique:id+kind": row["id"] is not None
            and row["kind"] is not None
            and key_count[(row["id"], row["kind"])] > 1,
            "unique:code": row["code"] is not None and code_count[row["code"]] > 1,
            "exists_in:id": row["id"] is not None and row["id"] not in refs,
        }
        worst = max(
            (rules.tier(checks[rid], rid).rank for rid, fails in failing.items() if fails),
            default=0,
        )
        counts[list(Tier)[worst].value] += 1
    return counts


def _checks() -> dict[str, c.Check]:
    return {
        "not_null:id": c.NotNull(columns=["id"], severity="critical"),
        "in_set:kind": c.InSet(columns=["kind"], values=["a", "b"]),
        "unique:id+kind": c.Unique(columns=["id", "kind"], dimension="clean"),
        "unique:code": c.Unique(columns=["code"], severity="critical"),
        "exists_in:id": c.ExistsIn(column="id", reference="people"),
    }


RULES = st.sampled_from(
    [
        {},
        {"unusable": {"checks": ["exists_in"]}, "needs_correction": {"dimension": ["clean"]}},
        {"unusable": {"dimension": ["clean"]}},
        {"unusable": [], "needs_correction": {"severity": ["critical"]}},
        {"unusable": {"checks": ["in_set:kind", "unique:id+kind"]}},
    ]
)
ROWS = st.lists(
    st.fixed_dictionaries(
        {
            "id": st.one_of(st.none(), st.sampled_from(["1", "2", "3", "4"])),
            "kind": st.one_of(st.none(), st.sampled_from(["a", "b", "x"])),
            "code": st.one_of(st.none(), st.integers(0, 5)),
        }
    ),
    max_size=25,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rows=ROWS, rules=RULES, use_code=st.booleans())
def test_tier_counts_are_exact_whatever_the_stages(
    rows: list[dict[str, Any]], rules: dict[str, Any], use_code: bool
) -> None:
    """Row, join and group checks together; one or two group keys (the second-pass path)."""
    refs = {"1", "2"}
    people = pl.DataFrame({"id": sorted(refs)})
    schema = {"id": pl.String, "kind": pl.String, "code": pl.Int64}
    data = pl.DataFrame(rows, schema=schema)
    checks = _checks()
    if not use_code:
        del checks["unique:code"]
    suite = dc.Suite(
        name="s", references={"people": people}, checks=tuple(checks.values()), tiers=rules
    )
    result = dc.run(suite, data, as_of=AS_OF)
    kept = [r if use_code else {**r, "code": None} for r in rows]
    assert tiers_of(result) == _brute_force(kept, refs, suite.tiers)
    # the export agrees record by record
    frame = result.failures().collect()
    exported = dict(frame["tier"].value_counts().iter_rows())
    for tier in ("needs_correction", "unusable"):
        assert exported.get(tier, 0) == tiers_of(result)[tier]


def test_two_group_keys_take_the_second_pass() -> None:
    data = pl.DataFrame({"a": [1, 1, 2, 3], "b": [1, 2, 3, 3]})
    suite = dc.Suite(
        name="s",
        checks=[c.Unique(columns=["a"], severity="critical"), c.Unique(columns=["b"])],
    )
    result = dc.run(suite, data, as_of=AS_OF)
    assert tiers_of(result) == {"usable": 0, "needs_correction": 2, "unusable": 2}


def test_key_only_group_checks_are_ranked_per_row() -> None:
    data = pl.DataFrame({"commune": ["00004", "00004", "99999", None], "id": [1, 2, 2, 3]})
    suite = dc.Suite(
        name="s",
        checks=[
            c.Unique(columns=["id"]),
            AdminUnitCurrent(columns=["commune"], level="commune", severity="critical"),
        ],
    )
    result = dc.run(suite, data, as_of=AS_OF)
    failed = result.check("admin_unit_current:commune").failed
    frame = result.failures().collect()
    unusable = frame.filter(pl.col("tier") == "unusable").height
    assert unusable == failed
    assert tiers_of(result)["unusable"] == failed
    assert tiers_of(result)["needs_correction"] == frame.height - failed


# ------------------------------------------------------------------------ JSON


def schema() -> dict[str, Any]:
    text = resources.files("datacheck").joinpath("schemas/result.schema.json").read_text("utf-8")
    loaded: dict[str, Any] = json.loads(text)
    return loaded


def test_json_carries_the_counts_and_rules() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    data = pl.DataFrame({"id": [1, None, 3, 3]})
    suite = dc.Suite(
        name="s",
        checks=[c.NotNull(columns=["id"], severity="critical"), c.Unique(columns=["id"])],
        tiers={"needs_correction": {"dimension": ["clean"]}},
    )
    result = dc.run(suite, data, as_of=AS_OF)
    payload = json.loads(result.to_json())
    assert payload["schema_version"] == "1.2"
    assert payload["tiers"] == {
        "usable": 1,
        "needs_correction": 2,
        "unusable": 1,
        "rules": {
            "unusable": [{"severity": ["critical"]}],
            "needs_correction": [{"dimension": ["clean"]}],
        },
    }
    jsonschema.validate(payload, schema())
    assert dc.Result.from_dict(payload).tiers == result.tiers
    # a 1.0 result (no tiers) still reads and validates
    old = {k: v for k, v in payload.items() if k != "tiers"} | {"schema_version": "1.0"}
    jsonschema.validate(old, schema())
    assert dc.Result.from_dict(old).tiers is None
    # the schema rejects malformed tier objects
    bad = payload | {"tiers": payload["tiers"] | {"usable": -1}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema())
    bad = payload | {"tiers": payload["tiers"] | {"rules": {"unusable": [{"severity": ["x"]}]}}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(bad, schema())


def test_tier_counts_round_trip_and_labels() -> None:
    counts = TierCounts(usable=5, needs_correction=3, unusable=2)
    assert TierCounts.from_dict(counts.to_dict()) == counts
    assert counts.records == 10
    assert [t.label("vi") for t in Tier] == ["Sử dụng được", "Cần chỉnh lý", "Không sử dụng được"]
    assert [t.label("en") for t in Tier] == ["Usable", "Needs correction", "Unusable"]
    assert TierCounts(0, 0, 0).share(Tier.USABLE) is None


def _execute(suite: dc.Suite, data: pl.DataFrame) -> Any:
    ctx = CompileContext(schema=data.schema, as_of=datetime(2026, 6, 30, tzinfo=UTC))
    plan = compile_plan(suite, ctx)
    ranks = {i: suite.tiers.tier(p.check, p.id).rank for i, p in enumerate(plan.results)}
    return execute(plan, data.lazy(), {}, ranks=ranks)


def test_tiers_ride_in_the_one_metrics_query() -> None:
    data = pl.DataFrame({"a": [1, 1, None], "b": [1, 2, 2]})
    one_key = dc.Suite(name="s", checks=[c.NotNull(columns=["a"]), c.Unique(columns=["a"])])
    execution = _execute(one_key, data)
    assert execution.tiers == (3, 0)
    assert (execution.log.metric_batches, execution.log.tier_batches) == (1, 0)
    assert execution.log.metric_queries == 2  # the row select and the key's group_by
    two_keys = dc.Suite(name="s", checks=[c.Unique(columns=["a"]), c.Unique(columns=["b"])])
    execution = _execute(two_keys, data)
    assert execution.tiers == (3, 0)
    assert (execution.log.metric_batches, execution.log.tier_batches) == (1, 1)
