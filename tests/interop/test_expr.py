"""The SQL shapes the bridges translate: rendered and recognised exactly, evaluated as meant."""

from __future__ import annotations

from datetime import date, datetime

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from datacheck.interop import _expr
from datacheck.interop._expr import (
    ColumnCompare,
    Compare,
    Length,
    NotIn,
    NotMatch,
    Range,
    parse,
    render,
)


@pytest.mark.parametrize(
    ("text", "form"),
    [
        ('"age" > 0', Range("age", 0, low_strict=True)),
        ("age >= 0", Range("age", 0)),
        ("0 < age", Range("age", 0, low_strict=True)),
        ("10 >= age", Range("age", high=10)),
        ('"a b" < 1.5', Range("a b", high=1.5, high_strict=True)),
        ("x > 0 AND x <= 9", Range("x", 0, True, 9, False)),
        ("x <= 9 AND x > 0", Range("x", 0, True, 9, False)),
        ("x BETWEEN 1 AND 2", Range("x", 1, False, 2, False)),
        ("d > DATE '2020-01-02'", Range("d", date(2020, 1, 2), low_strict=True)),
        (
            "t <= TIMESTAMP '2020-01-02 03:04:05'",
            Range("t", high=datetime(2020, 1, 2, 3, 4, 5)),
        ),
        ("s <> 'it''s'", Compare("s", "<>", "it's")),
        ("s != 'x'", Compare("s", "<>", "x")),
        ("b = TRUE", Compare("b", "=", True)),
        ("s NOT IN ('a', 'b')", NotIn("s", ("a", "b"))),
        ("n not in (1, -2, 3.5)", NotIn("n", (1, -2, 3.5))),
        ("LENGTH(s) BETWEEN 1 AND 5", Length("s", 1, 5)),
        ("char_length(s) = 3", Length("s", 3, 3)),
        ("LENGTH(s) > 2", Length("s", 3, None)),
        ("LENGTH(s) < 2", Length("s", None, 1)),
        ("LENGTH(s) >= 1 AND LENGTH(s) <= 4", Length("s", 1, 4)),
        ("s !~ '^x'", NotMatch("s", "^x")),
        ("death_date >= birth_date", ColumnCompare("death_date", ">=", "birth_date")),
        ('"a" <> "b"', ColumnCompare("a", "<>", "b")),
    ],
)
def test_recognised_shapes(text: str, form: _expr.Form) -> None:
    assert parse(text) == form
    assert parse(render(form)) == form


@pytest.mark.parametrize(
    "text",
    [
        "upper(name) = 'A'",
        "a + b > 0",
        "x > 0 OR x < -5",
        "x > 0 AND y < 5",
        "x > 0 AND x > 5",
        "x IS NULL",
        "LENGTH(s) < 0",
        "s !~ 5",
        "d > DATE 'not a date'",
        "",
        "x >",
    ],
)
def test_other_expressions_are_not_recognised(text: str) -> None:
    assert parse(text) is None


@pytest.mark.parametrize("value", [float("nan"), float("inf"), datetime(2020, 1, 1).astimezone()])
def test_values_without_an_exact_literal_are_refused(value: object) -> None:
    with pytest.raises(_expr.UnrenderableError):
        _expr.literal(value)


names = st.text(alphabet="abcxyz _\"'é", min_size=1, max_size=6)
numbers = st.one_of(
    st.integers(-(10**6), 10**6), st.floats(-1e6, 1e6, allow_nan=False).map(lambda f: round(f, 3))
)
texts = st.text(alphabet="ab'c Ở%_", max_size=5)
values = st.one_of(numbers, texts)


@st.composite
def forms(draw: st.DrawFn) -> _expr.Form:
    column = draw(names)
    kind = draw(st.sampled_from(["range", "compare", "notin", "length", "notmatch", "pair"]))
    if kind == "range":
        low, high = draw(st.one_of(st.none(), numbers)), draw(st.one_of(st.none(), numbers))
        if low is None and high is None:
            low = 0
        low_strict = low is not None and draw(st.booleans())
        return Range(column, low, low_strict, high, high is not None and draw(st.booleans()))
    if kind == "compare":
        return Compare(column, draw(st.sampled_from(["=", "<>"])), draw(values))
    if kind == "notin":
        return NotIn(column, tuple(draw(st.lists(texts, min_size=1, max_size=3))))
    if kind == "length":
        low = draw(st.one_of(st.none(), st.integers(0, 9)))
        high = draw(st.one_of(st.none(), st.integers(0, 9)))
        if low is None and high is None:
            high = 3
        return Length(column, low, high)
    if kind == "notmatch":
        return NotMatch(column, draw(texts))
    other = draw(names.filter(lambda n: n != column))
    return ColumnCompare(column, draw(st.sampled_from([">", ">=", "<", "<=", "=", "<>"])), other)


@settings(max_examples=300, deadline=None)
@given(forms())
def test_render_then_parse_is_the_identity(form: _expr.Form) -> None:
    assert parse(render(form)) == form


@settings(max_examples=150, deadline=None)
@given(
    form=forms().filter(lambda f: not isinstance(f, NotMatch | ColumnCompare)),
    data=st.data(),
)
def test_rendered_sql_evaluates_as_the_form_means(form: _expr.Form, data: st.DataObject) -> None:
    """polars.sql_expr of the rendered text agrees with the form's meaning, row by row."""
    numeric = isinstance(form, Range) or (
        isinstance(form, Compare) and not isinstance(form.value, str)
    )
    cells = st.one_of(st.none(), numbers.map(float) if numeric else texts)
    column = data.draw(st.lists(cells, min_size=1, max_size=8))
    assert not isinstance(form, ColumnCompare)
    frame = pl.DataFrame(
        {form.column: column}, schema={form.column: pl.Float64 if numeric else pl.String}
    )
    got = frame.select(pl.sql_expr(render(form)).alias("ok"))["ok"].to_list()
    for value, ok in zip(column, got, strict=True):
        if value is None:
            assert ok is None
            continue
        assert ok == _meaning(form, value), (form, value)


def _meaning(form: _expr.Form, value: object) -> bool:
    if isinstance(form, Range):
        ok = True
        if form.low is not None:
            ok &= value > form.low if form.low_strict else value >= form.low  # type: ignore[operator]
        if form.high is not None:
            ok &= value < form.high if form.high_strict else value <= form.high  # type: ignore[operator]
        return ok
    if isinstance(form, Compare):
        return (value == form.value) if form.op == "=" else (value != form.value)
    if isinstance(form, NotIn):
        return value not in form.values
    assert isinstance(form, Length)
    n = len(str(value))
    return (form.low is None or n >= form.low) and (form.high is None or n <= form.high)
