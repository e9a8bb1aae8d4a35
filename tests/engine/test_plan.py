"""The plan: every measure in the fewest stages (one scan, one group_by per key, one join per
reference and key); checks that cannot run are set aside as errors before the data is read."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import polars as pl
import pytest

import datacheck as dc
from datacheck import checks as c
from datacheck.checks import (
    AgreesWith,
    Between,
    CompileContext,
    ExistsIn,
    Expression,
    Fresh,
    InSet,
    NormalizedText,
    NotBlank,
    NotFuture,
    NotNull,
    Pattern,
    RequiredColumns,
    RowCount,
    Unique,
)
from datacheck.engine.local import execute
from datacheck.engine.plan import SAMPLE_KEYS, compile_plan
from datacheck.engine.stages import ROW_STAGE, GroupStage, JoinStage
from datacheck.vn.admin_units import AdminUnitCurrent

SCHEMA = pl.Schema(
    {
        "pid": pl.String,
        "name": pl.String,
        "born": pl.Date,
        "died": pl.Date,
        "updated": pl.Datetime("us"),
        "n": pl.Int64,
    }
)
REF_SCHEMA = pl.Schema({"pid": pl.String, "born": pl.Date, "name": pl.String})
OTHER_SCHEMA = pl.Schema({"id": pl.String})


def context() -> CompileContext:
    return CompileContext(
        schema=SCHEMA,
        as_of=datetime(2026, 6, 29, 17, tzinfo=UTC),
        reference_schemas={"pop": REF_SCHEMA, "other": OTHER_SCHEMA},
    )


ROW_CHECKS = [
    NotNull(columns=["pid", "name"]),
    NotBlank(columns=["name"]),
    Pattern(columns=["pid"], pattern=r"^\d{12}$"),
    InSet(columns=["n"], values=[1, 2]),
    Between(columns=["born"], min="1900-01-01", max="today"),
    Expression(name="death_after_birth", expr="died >= born"),
    Fresh(columns=["updated"], max_age="365d"),
    NotFuture(columns=["born", "updated"]),
    NormalizedText(columns=["name"]),
    RowCount(min=1),
    RequiredColumns(columns=["pid", "name"]),
]


def ids(plan, stage) -> list[str]:
    return [plan.results[i].id for i in plan.stages[stage]]


def test_all_row_checks_share_one_row_stage():
    plan = compile_plan(ROW_CHECKS, context())
    assert list(plan.stages) == [ROW_STAGE]
    assert len(plan.stages[ROW_STAGE]) == len(plan.results) == 13
    assert all(p.error is None for p in plan.results)
    assert ROW_STAGE.describe() == "scan"


def test_unique_checks_on_the_same_key_share_one_group_stage():
    checks = [
        Unique(columns=["pid"]),
        NotNull(columns=["pid"]),
        Unique(name="pid_mostly_unique", columns=["pid"], threshold=0.9),
        Unique(columns=["name", "born"]),
        Unique(name="again", columns=["name", "born"], severity="critical"),
        Unique(columns=["name"]),
    ]
    plan = compile_plan(checks, context())
    assert list(plan.stages) == [
        GroupStage(("pid",)),
        ROW_STAGE,
        GroupStage(("name", "born")),
        GroupStage(("name",)),
    ]
    assert ids(plan, GroupStage(("pid",))) == ["unique:pid", "pid_mostly_unique"]
    assert ids(plan, GroupStage(("name", "born"))) == ["unique:name+born", "again"]
    assert GroupStage(("name", "born")).describe() == "group_by(name, born)"


def test_without_samples_a_group_stage_keeps_no_sample_keys():
    # the sample keys' aggregate (a sort of the failing keys) cannot stream: beside the
    # counts it makes the engine hold the whole group frame, a row per key, in memory (at
    # 20M rows, 1,080 against 596 MiB) - for keys no sample would show
    checks = [Unique(columns=["pid"]), Unique(columns=["name", "born"])]
    without = compile_plan(checks, dataclasses.replace(context(), sample_size=0))
    with_samples = compile_plan(checks, context())
    assert [set(p.measure.details) for p in without.results if p.measure] == [
        {"groups", "surplus"}
    ] * 2
    assert all(SAMPLE_KEYS in p.measure.details for p in with_samples.results if p.measure)
    empty = pl.LazyFrame(schema=SCHEMA)
    assert "implode" in with_samples.explain(empty, {})
    assert "implode" not in without.explain(empty, {})


def test_without_samples_unique_counts_the_same():
    frame = pl.DataFrame({"pid": ["1", "2", "1", None, "x", "x", "3"], "name": list("abcdefg")})
    suite = dc.Suite(name="s", key=("pid",), checks=[Unique(columns=["pid"])])
    sampled = dc.run(suite, frame, as_of="2026-01-01")
    unsampled = dc.run(dataclasses.replace(suite, samples=0), frame, as_of="2026-01-01")
    for result in (sampled, unsampled):
        check = result.check("unique:pid")
        assert (check.evaluated, check.failed, check.details) == (
            6,
            4,
            {"groups": 2, "surplus": 2},
        )
    assert len(sampled.check("unique:pid").samples) == 4
    assert unsampled.check("unique:pid").samples == ()


def test_cross_checks_on_the_same_reference_and_key_share_one_join_stage():
    checks = [
        ExistsIn(column="pid", reference="pop"),
        AgreesWith(key=["pid"], reference="pop", columns=["born", "name"]),
        ExistsIn(name="pid_in_pop", column="pid", reference="pop", reference_column="pid"),
        ExistsIn(column="name", reference="pop"),
        ExistsIn(name="pid_in_other", column="pid", reference="other", reference_column="id"),
        NotNull(columns=["pid"]),
    ]
    plan = compile_plan(checks, context())
    by_pid = JoinStage("pop", ("pid",), ("pid",))
    assert list(plan.stages) == [
        by_pid,
        JoinStage("pop", ("name",), ("name",)),
        JoinStage("other", ("pid",), ("id",)),
        ROW_STAGE,
    ]
    assert ids(plan, by_pid) == [
        "exists_in:pid",
        "agrees_with:born",
        "agrees_with:name",
        "pid_in_pop",
    ]
    assert by_pid.describe() == "join(pop on pid=pid)"


def test_a_whole_suite_is_one_batch_of_one_query_per_stage():
    checks = [
        *ROW_CHECKS,
        Unique(columns=["pid"]),
        Unique(name="u2", columns=["pid"]),
        ExistsIn(column="pid", reference="pop"),
        AgreesWith(key=["pid"], reference="pop", columns=["born"]),
    ]
    plan = compile_plan(checks, context())
    assert len(plan.stages) == 3
    data = pl.DataFrame(
        {
            "pid": ["000000000001", "000000000001", "x"],
            "name": ["An", "An", " "],
            "born": [date(1990, 1, 1), date(2030, 1, 1), None],
            "died": [None, None, None],
            "updated": [datetime(2026, 6, 1)] * 3,
            "n": [1, 2, 3],
        },
        schema=SCHEMA,
    )
    references = {
        "pop": pl.LazyFrame(
            {"pid": ["000000000001"], "born": [date(1990, 1, 1)], "name": ["An"]},
            schema=REF_SCHEMA,
        ),
        "other": pl.LazyFrame(schema=OTHER_SCHEMA),
    }
    execution = execute(plan, data.lazy(), references)
    assert execution.log.metric_batches == 1
    assert execution.log.metric_queries == 3
    assert execution.log.retries == 0
    assert execution.log.sample_batches <= 1
    assert execution.rows == 3


def test_checks_that_cannot_run_are_set_aside_before_reading():
    checks = [
        NotNull(columns=["missing"]),
        Pattern(columns=["n"], pattern="x"),
        Unique(columns=["pid", "nope"]),
        ExistsIn(column="pid", reference="pop", reference_column="nope"),
        ExistsIn(name="unknown_ref", column="pid", reference="absent"),
        NotNull(columns=["pid"]),
    ]
    plan = compile_plan(checks, context())
    errors = {p.id: str(p.error) for p in plan.results if p.error is not None}
    assert set(errors) == {
        "not_null:missing",
        "pattern:n",
        "unique:pid+nope",
        "exists_in:pid",
        "unknown_ref",
    }
    assert "'missing'" in errors["not_null:missing"]
    assert "'absent'" in errors["unknown_ref"]
    assert list(plan.stages) == [ROW_STAGE]
    assert ids(plan, ROW_STAGE) == ["not_null:pid"]


def test_a_missing_column_with_a_line_break_stays_one_line():
    # found by `make fuzz` (admin_unit_current.name_column = "\n"): the name was printed as is
    check = AdminUnitCurrent(columns=["pid"], level="province", name_column="na\nme")
    (planned,) = compile_plan([check], context()).results
    assert planned.error is not None
    for message in (str(planned.error), planned.error.message("vi")):
        assert "\n" not in message, message
    assert "column 'na\\nme' not found in the data" in str(planned.error)


def test_plan_keeps_suite_order():
    checks = [Unique(columns=["pid"]), NotNull(columns=["name", "pid"]), RowCount(min=1)]
    plan = compile_plan(dc.Suite(name="s", checks=checks), context())
    assert [p.id for p in plan.results] == [
        "unique:pid",
        "not_null:name",
        "not_null:pid",
        "row_count",
    ]


@pytest.mark.parametrize(
    ("left", "right", "equal"),
    [
        (GroupStage(("a",)), GroupStage(("a",)), True),
        (GroupStage(("a", "b")), GroupStage(("b", "a")), False),
        (JoinStage("r", ("a",), ("a",)), JoinStage("r", ("a",), ("a",)), True),
        (JoinStage("r", ("a",), ("a",)), JoinStage("r", ("a",), ("b",)), False),
        (JoinStage("r", ("a",), ("a",)), JoinStage("s", ("a",), ("a",)), False),
    ],
)
def test_stages_are_hashable_values(left, right, equal):
    assert (left == right) is equal
    assert (hash(left) == hash(right)) or not equal
    assert len({left, right}) == (1 if equal else 2)


def test_a_null_typed_column_is_not_applicable_to_value_checks_and_fails_not_null():
    data = pl.DataFrame({"n": [None, None, None]})
    assert data.schema["n"] == pl.Null
    suite = dc.Suite(
        name="s",
        checks=[
            c.NotNull(columns=["n"]),
            c.Pattern(columns=["n"], pattern="x"),
            c.Between(columns=["n"], min=1),
            c.Fresh(columns=["n"], max_age="1d"),
            c.NormalizedText(columns=["n"]),
            c.Unique(columns=["n"]),
        ],
    )
    got = {
        r.id: (r.status, r.evaluated, r.failed)
        for r in dc.run(suite, data, as_of="2026-01-01").checks
    }
    assert got == {
        "not_null:n": ("fail", 3, 3),
        "pattern:n": ("not_applicable", 0, 0),
        "between:n": ("not_applicable", 0, 0),
        "fresh:n": ("not_applicable", 0, 0),
        "normalized_text:n": ("not_applicable", 0, 0),
        "unique:n": ("not_applicable", 0, 0),
    }


def test_the_probe_is_one_batch_of_one_select_and_one_filter_per_stage(monkeypatch):
    batches: list[int] = []
    real = pl.collect_all

    def spy(queries, *args, **kwargs):
        batches.append(len(queries))
        return real(queries, *args, **kwargs)

    monkeypatch.setattr(pl, "collect_all", spy)
    checks = [*ROW_CHECKS, Unique(columns=["pid"]), Unique(columns=["name"])]
    plan = compile_plan(checks, context())
    assert all(p.error is None for p in plan.results)
    assert len(plan.stages) == 3
    # the row stage and each unique key: a select of the aggregates, a filter by the masks
    assert batches == [6]


def test_a_check_failing_on_the_real_types_is_set_aside_alone():
    # its expression compiles but cannot run on these types: the batch fails, and the
    # measures are probed one by one so that only this check is set aside
    checks = [
        NotNull(columns=["pid"]),
        Expression(name="name_after_birth", expr="name > born"),
        Unique(columns=["pid"]),
        Pattern(columns=["pid"], pattern=r"^\d{12}$"),
    ]
    plan = compile_plan(checks, context())
    errors = {p.id: str(p.error) for p in plan.results if p.error is not None}
    assert list(errors) == ["name_after_birth"]
    assert "cannot compare" in errors["name_after_birth"]
    assert ids(plan, ROW_STAGE) == ["not_null:pid", "pattern:pid"]
    assert ids(plan, GroupStage(("pid",))) == ["unique:pid"]
