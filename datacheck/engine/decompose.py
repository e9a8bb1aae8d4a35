"""Split aggregate expressions into mergeable partial aggregates and a finisher.

A measure's aggregates (``evaluated``, ``failed``, details) are Polars expressions over the
frame of its stage. To run a plan per partition and merge, each aggregate is split into
**leaves** — aggregates whose per-partition values merge exactly — and a **finisher**, the
scalar expression that turns the merged leaf values into the aggregate's value:

=============================================  ==========  ==================================
leaf                                           partial     merge
=============================================  ==========  ==================================
``x.sum()`` (integers), ``x.count()``,         a number    sum
``pl.len()``
``x.n_unique()``                               the values  union (then ``n_unique``)
``x.min()`` / ``x.max()``                      a value     min / max (nulls, and NaN
                                                           unless every value is NaN, skipped)
``x.sort().head(n).implode()``                 a list      the n smallest of the union
=============================================  ==========  ==================================

A leaf's input ``x`` must be **row-local**: evaluating it on a concatenation of frames gives
the concatenation of its values on each frame (column references, literals, arithmetic,
comparisons, casts, ``when/then``, ``filter`` and the elementwise string, temporal, list and
boolean functions). Windows (``over``), aggregates, sorting, shifting or cumulative functions
inside ``x`` are not — except windows over a given key when every row of a key is known to be
in the same frame (a bucket routed by that key). Anything this module cannot prove mergeable
raises :class:`NotMergeable`; the caller then evaluates the whole aggregate in one place,
which is exact too. Float sums are not merged (their rounding depends on the order of
addition), so they are never approximated either.

The analysis reads the expression's JSON form (``Expr.meta.serialize(format="json")``)
structurally, node by node; an unknown node is treated as not row-local (safe).

Examples
--------
>>> import polars as pl
>>> failed = pl.col("a").is_null().sum().cast(pl.Int64)
>>> split = split_aggregate(failed, "L")
>>> [leaf.kind for leaf in split.leaves]
['sum']
>>> split.finish({"L0": 3}, {"L0": pl.UInt32})
3
>>> distinct = (pl.col("a").filter(pl.col("b")).n_unique() - 1).cast(pl.Int64)
>>> [leaf.kind for leaf in split_aggregate(distinct, "L").leaves]
['distinct']
>>> windowed = (pl.col("a").n_unique().over("k") > 1).sum()
>>> split_aggregate(windowed, "L")
Traceback (most recent call last):
    ...
datacheck.engine.decompose.NotMergeable: the input of a sum is not row-local
>>> [leaf.kind for leaf in split_aggregate(windowed, "L", windows=[pl.col("k")]).leaves]
['sum']
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import polars as pl

__all__ = [
    "Leaf",
    "LeafKind",
    "NotMergeable",
    "Split",
    "is_row_local",
    "is_single_value",
    "restrict_aggregate",
    "split_aggregate",
    "to_tree",
    "window_keys",
]

LeafKind = Literal["sum", "distinct", "min", "max", "smallest"]
Tree = Any
"""The JSON form of an expression (nested dicts, lists and strings)."""


class NotMergeable(Exception):  # noqa: N818  (a reason, not an error shown to users)
    """An aggregate that cannot be split into exactly mergeable leaves."""


def to_tree(expr: pl.Expr) -> Tree:
    """The JSON form of ``expr`` as plain data.

    Examples
    --------
    >>> to_tree(pl.col("a") + 1)["BinaryExpr"]["op"]
    'Plus'
    """
    return json.loads(expr.meta.serialize(format="json"))


def from_tree(tree: Tree) -> pl.Expr:
    """The expression whose JSON form is ``tree``."""
    return pl.Expr.deserialize(io.StringIO(json.dumps(tree)), format="json")


# ------------------------------------------------------------------------------ the node walk

# function names (``Function.function``) that map each row to one value (or filter rows)
_ELEMENTWISE: frozenset[str] = frozenset(
    {
        "Abs",
        "AsStruct",
        "Ceil",
        "Clip",
        "Coalesce",
        "DropNulls",
        "Exp",
        "FillNan",
        "FillNull",
        "Floor",
        "Hash",
        "Log",
        "Negate",
        "Pow",
        "Reinterpret",
        "Replace",
        "ReplaceStrict",
        "Round",
        "Sign",
        "Sqrt",
        "ToPhysical",
        "Trigonometry",
    }
)
# namespaces whose functions are elementwise, with the exceptions that aggregate
_NAMESPACES: Mapping[str, frozenset[str]] = {
    "StringExpr": frozenset({"ConcatVertical"}),
    "TemporalExpr": frozenset(),
    "StructExpr": frozenset(),
    "ListExpr": frozenset(),
    "ArrayExpr": frozenset(),
    "BinaryExpr": frozenset(),
}
_BOOLEAN: frozenset[str] = frozenset(
    {
        "AllHorizontal",
        "AnyHorizontal",
        "IsBetween",
        "IsClose",
        "IsFinite",
        "IsIn",
        "IsInfinite",
        "IsNan",
        "IsNotNan",
        "IsNotNull",
        "IsNull",
        "Not",
    }
)
# functions whose arguments after the first are lookup tables (literal Series allowed)
_LOOKUPS = frozenset({"Replace", "ReplaceStrict"})
_DATA_NODES = frozenset({"Column", "Columns", "Nth", "Selector", "Wildcard", "Field", "Element"})


def _variant(node: Tree) -> tuple[str, Any]:
    if isinstance(node, str):
        return node, None
    if isinstance(node, dict) and len(node) == 1:
        ((name, payload),) = node.items()
        return str(name), payload
    return "?", node


def _name(spec: Any) -> str:
    """The first key (or the string) of a function spec: ``{"IsIn": {...}}`` → ``IsIn``."""
    if isinstance(spec, str):
        return spec
    if isinstance(spec, dict) and len(spec) == 1:
        return str(next(iter(spec)))
    return "?"


def _function_is_elementwise(spec: Any) -> bool:
    name = _name(spec)
    if name in _ELEMENTWISE:
        return True
    if name == "Boolean":
        return _name(spec["Boolean"]) in _BOOLEAN
    if name in _NAMESPACES:
        inner = spec[name]
        if _name(inner) == "Strptime" and not _strptime_format(inner["Strptime"]):
            return False  # no format: Polars infers one from the values it sees (per part)
        return _name(inner) not in _NAMESPACES[name]
    return False


def _strptime_format(payload: Any) -> str | None:
    """The ``format`` of a serialised ``Strptime`` (``None`` when Polars is to infer one)."""
    options = payload[1] if isinstance(payload, list) and len(payload) > 1 else payload
    return options.get("format") if isinstance(options, dict) else None


def _agg_input(payload: Any) -> tuple[str, Any]:
    """``{"Sum": X}`` or ``{"Min": {"input": X, ...}}`` → (``Sum``, X)."""
    kind, inner = _variant(payload)
    if isinstance(inner, dict) and "input" in inner:
        return kind, inner["input"]
    return kind, inner


def _children(node: Tree) -> list[Tree] | None:
    """The expression children of a node, ``None`` for nodes this module does not know."""
    variant, payload = _variant(node)
    if variant in {"Column", "Literal", "Len"}:
        return []
    if variant == "Alias":
        return [payload[0]]
    if variant == "Cast":
        return [payload["expr"]]
    if variant == "BinaryExpr":
        return [payload["left"], payload["right"]]
    if variant == "Ternary":
        return [payload["predicate"], payload["truthy"], payload["falsy"]]
    if variant == "Function":
        return list(payload["input"])
    if variant == "Filter":
        return [payload["input"], payload["by"]]
    if variant == "Sort":
        return [payload["expr"]]
    if variant == "Slice":
        return [payload["input"], payload["offset"], payload["length"]]
    if variant == "Over":
        return [payload["function"], *payload["partition_by"]]
    if variant == "Agg":
        return [_agg_input(payload)[1]]
    if variant == "Gather":
        return [payload["expr"], payload["idx"]]
    return None


def _reads_data(node: Tree) -> bool:
    variant, _ = _variant(node)
    if variant in _DATA_NODES or variant == "Len":
        return True
    children = _children(node)
    return children is None or any(_reads_data(child) for child in children)


def _is_constant(node: Tree) -> bool:
    """Whether a subtree is one value whatever the frame.

    That is: scalar literals, aggregates of literals (``pl.lit(series).implode()``) and
    functions of those.
    """
    variant, payload = _variant(node)
    if variant == "Literal":
        return _variant(payload)[0] != "Series"  # a Series literal is a column of values
    if variant == "Agg":
        return not _reads_data(node)
    if variant in _DATA_NODES or variant == "Len":
        return False
    children = _children(node)
    if children is None:
        return False
    return all(_is_constant(child) for child in children)


def _row_local(node: Tree, windows: Sequence[Tree]) -> bool:
    if _is_constant(node):
        return True
    variant, payload = _variant(node)
    if variant == "Column":
        return True
    if variant in {"Alias", "Cast", "BinaryExpr", "Ternary", "Filter"}:
        return all(_row_local(child, windows) for child in _children(node) or [])
    if variant == "Function":
        if not _function_is_elementwise(payload["function"]):
            return False
        first, *rest = payload["input"] or [None]
        if _name(payload["function"]) in _LOOKUPS:  # replace(old, new): tables, not columns
            return (
                first is not None
                and _row_local(first, windows)
                and not any(_reads_data(child) for child in rest)
            )
        return all(_row_local(child, windows) for child in payload["input"])
    if variant == "Gather":
        # a lookup in a literal table by a row-local index
        return not _reads_data(payload["expr"]) and _row_local(payload["idx"], windows)
    if variant == "Over":
        # a window over a routed key: every row of the key is in the frame, so it is exact
        keys = payload["partition_by"]
        order = payload.get("order_by")
        return order is None and any(keys == allowed for allowed in windows)
    return False


def is_row_local(expr: pl.Expr, windows: Sequence[pl.Expr | Sequence[pl.Expr]] = ()) -> bool:
    """Whether ``expr`` maps rows to rows.

    Its value on a concatenation of frames is then the concatenation of its values on each
    frame.

    ``windows`` are window keys whose windows are complete in the frame (``over`` on them
    counts as row-local).

    Examples
    --------
    >>> is_row_local(pl.col("a").str.contains("x") & pl.col("b").is_null())
    True
    >>> is_row_local(pl.col("a").is_duplicated())
    False
    >>> is_row_local(pl.col("a").cum_sum() > 1)
    False
    >>> is_row_local(pl.col("a").is_in(pl.lit(pl.Series(["x", "y"])).implode()))
    True
    """
    return _row_local(to_tree(expr), [_window_tree(w) for w in windows])


def _yields_rows(node: Tree) -> bool:
    """Whether a subtree has a value per row (``False``: one value for the whole frame)."""
    variant, _ = _variant(node)
    if variant in _DATA_NODES or variant == "Over":
        return True
    if variant in {"Agg", "Len", "Literal"}:
        return False  # an aggregate (broadcast where it meets a column), or a constant
    children = _children(node)
    return children is None or any(_yields_rows(child) for child in children)


def is_single_value(expr: pl.Expr) -> bool:
    """Whether ``expr`` is one value for the whole frame: aggregates and constants only.

    Such an expression is no condition on each record (``COUNT(DISTINCT k) > 1``), though an
    aggregate compared with a column is (``a = MAX(a)``).

    Examples
    --------
    >>> is_single_value(pl.col("k").n_unique() > 1)
    True
    >>> is_single_value(pl.col("a") == pl.col("a").max())
    False
    >>> is_single_value(pl.len().over("k") > 1), is_single_value(pl.lit(True))
    (False, True)
    """
    return not _yields_rows(to_tree(expr))


def _window_tree(key: pl.Expr | Sequence[pl.Expr]) -> list[Tree]:
    keys = [key] if isinstance(key, pl.Expr) else list(key)
    return [to_tree(k) for k in keys]


def _over_nodes(node: Tree, found: list[Tree]) -> None:
    variant, payload = _variant(node)
    if variant == "Over":
        found.append(payload)
    for child in _children(node) or []:
        _over_nodes(child, found)
    if _children(node) is None and isinstance(node, dict | list):
        for value in node.values() if isinstance(node, dict) else node:
            _over_nodes(value, found)


def window_keys(expr: pl.Expr) -> list[list[pl.Expr]]:
    """The partition keys of every window (``over``) in ``expr``, in tree order.

    Examples
    --------
    >>> [[str(k) for k in keys] for keys in window_keys(pl.col("a").n_unique().over("k") > 1)]
    [['col("k")']]
    """
    found: list[Tree] = []
    _over_nodes(to_tree(expr), found)
    return [[from_tree(k) for k in payload["partition_by"]] for payload in found]


def window_is_value_determined(expr: pl.Expr) -> bool:
    """Whether every window in ``expr`` is an order-insensitive aggregate over its key.

    Then a row's value depends only on the row's own values and the multiset of rows sharing
    its key — not on row positions.

    Examples
    --------
    >>> window_is_value_determined(pl.col("a").n_unique().over("k") > 1)
    True
    >>> window_is_value_determined(pl.col("a").cum_sum().over("k") > 1)
    False
    """
    found: list[Tree] = []
    _over_nodes(to_tree(expr), found)
    for payload in found:
        variant, inner = _variant(payload["function"])
        if payload.get("order_by") is not None or variant not in {"Agg", "Len"}:
            return False
        if variant == "Agg" and _agg_input(inner)[0] not in {
            "Sum",
            "NUnique",
            "Min",
            "Max",
            "Count",
        }:
            return False
    return True


# ---------------------------------------------------------------------------------- splitting


@dataclass(frozen=True)
class Leaf:
    """One mergeable partial aggregate of a split aggregate.

    Attributes
    ----------
    name
        The column the leaf's value takes in the finisher.
    kind
        How partial values merge (see the module documentation).
    partial
        The aggregate computing the leaf's partial value in a frame (aliased to ``name``).
    input
        The leaf's input (``x``), for ``distinct`` leaves.
    raw
        For a sum under integer casts: the sum itself, whose type must be an integer for
        partial sums to add up exactly (the caller checks it).
    descending, nulls_last, limit
        For ``smallest``: the sort order and how many values are kept.
    """

    name: str
    kind: LeafKind
    partial: pl.Expr
    input: pl.Expr | None = None
    raw: pl.Expr | None = None
    descending: bool = False
    nulls_last: bool = False
    limit: int = 0

    def state_expr(self) -> pl.Expr:
        """The aggregate yielding the leaf's mergeable partial value in a frame.

        It is :attr:`partial` except for ``distinct`` leaves, whose partial value is the
        list of distinct input values (``n_unique`` of the union is computed at the end).
        """
        if self.kind == "distinct":
            assert self.input is not None
            return self.input.unique().implode().alias(self.name)
        return self.partial


@dataclass(frozen=True)
class Split:
    """An aggregate as mergeable leaves and the finisher combining their merged values."""

    leaves: tuple[Leaf, ...]
    finisher: pl.Expr

    def finish(
        self,
        values: Mapping[str, Any],
        dtypes: Mapping[str, pl.DataType],
        *,
        polars: bool = False,
    ) -> Any:
        """The aggregate's value from the merged leaf values.

        Parameters
        ----------
        values
            Each leaf's merged value: a Series for ``distinct`` and ``smallest`` leaves (a
            ``smallest`` leaf may also be a list of Python values), a one-value Series for
            ``min`` and ``max`` leaves (or a Python value).
        dtypes
            The leaves' output types (``UInt32`` for a ``distinct`` leaf's count).
        polars
            Give the value as Polars holds it (a list is a Series, its values exact), as the
            local engine gives an internal detail; else as a Python value.

        Examples
        --------
        >>> split = split_aggregate(pl.col("a").sort().head(2).implode(), "L")
        >>> ns = pl.Series([5, 1, 3]).cast(pl.Datetime("ns"))
        >>> merged = {"L0": ns.sort().head(2)}
        >>> dtypes = {"L0": pl.List(pl.Datetime("ns"))}
        >>> split.finish(merged, dtypes, polars=True).dt.nanosecond().to_list()
        [1, 3]
        >>> [d.microsecond for d in split.finish(merged, dtypes)]  # Python: rounded
        [0, 0]
        >>> span = (pl.col("a").max() - pl.col("a").min()).dt.total_nanoseconds()
        >>> split = split_aggregate(span, "L")
        >>> extremes = {"L0": ns.tail(1), "L1": ns.slice(1, 1)}  # max 3 ns, min 1 ns: exact
        >>> split.finish(extremes, {"L0": pl.Datetime("ns"), "L1": pl.Datetime("ns")})
        2
        """
        columns = [_leaf_column(leaf, values[leaf.name], dtypes[leaf.name]) for leaf in self.leaves]
        frame = pl.DataFrame(columns) if columns else pl.DataFrame({"__one": [1]})
        finished = frame.select(self.finisher.alias("__value"))
        return finished.get_column("__value")[0] if polars else finished.row(0)[0]


def _leaf_column(leaf: Leaf, value: Any, dtype: pl.DataType) -> pl.Series:
    """A merged leaf value as the one-row column the finisher reads.

    A Series is a ``min`` or ``max`` leaf's one value (the column itself), a ``distinct``
    leaf's values (the column is their count) or a list's values (a ``smallest`` leaf's, or
    a list a leaf evaluated over everything gives), imploded as they are: a trip through
    Python (``pl.Series(name, [value])``) could round their nanoseconds.

    Raises
    ------
    ValueError
        A ``min`` or ``max`` leaf's Series does not hold exactly one value.
    """
    if isinstance(value, pl.Series):
        if leaf.kind in {"min", "max"}:
            if value.len() != 1:
                msg = (
                    f"the '{leaf.kind}' leaf {leaf.name} holds one value, found a Series of "
                    f"{value.len()} values"
                )
                raise ValueError(msg)
            return value.cast(dtype).rename(leaf.name)
        if leaf.kind != "distinct":
            return value.implode().cast(dtype).rename(leaf.name)
        value = value.n_unique()
    return pl.Series(leaf.name, [value], dtype=dtype)


_ALLOWED_AGGS = {"Sum": "sum", "Count": "sum", "NUnique": "distinct", "Min": "min", "Max": "max"}


def _smallest(payload: Any, windows: Sequence[Tree]) -> tuple[Tree, dict[str, Any]] | None:
    """``X.sort().head(n).implode()`` → (X, sort options and limit), else ``None``."""
    kind, inner = _agg_input(payload)
    if kind != "Implode":
        return None
    variant, sliced = _variant(inner)
    if variant != "Slice" or sliced["offset"] != {"Literal": {"Dyn": {"Int": 0}}}:
        return None
    length = sliced["length"]
    if not (isinstance(length, dict) and "Literal" in length):
        return None
    try:
        limit = int(length["Literal"]["Dyn"]["Int"])
    except (KeyError, TypeError, ValueError):
        return None
    variant, sort = _variant(sliced["input"])
    if variant != "Sort" or sort["options"].get("limit") is not None:
        return None
    if not _row_local(sort["expr"], windows):
        return None
    options = sort["options"]
    return sort["expr"], {
        "descending": bool(options.get("descending")),
        "nulls_last": bool(options.get("nulls_last")),
        "limit": limit,
    }


def restrict_aggregate(expr: pl.Expr, rows: pl.Expr) -> pl.Expr:
    """``expr``, an aggregate over a frame, computed over the rows where ``rows`` holds alone.

    Every column an aggregate reads is filtered by ``rows`` (a null there counts as false),
    so ``(a == 1).sum()`` becomes ``(a.filter(rows) == 1).sum()`` and ``pl.len()`` becomes
    the number of rows kept; literals and the constants of lookups are left as they are.
    This is exact because an aggregate's input must map rows to rows (the same rule as
    :func:`split_aggregate`'s leaves): filtering its columns alike is filtering the rows.

    Parameters
    ----------
    expr
        An aggregate expression (one value per frame), as a measure's details hold.
    rows
        A boolean row expression: the rows to aggregate.

    Returns
    -------
    polars.Expr
        The restricted aggregate, with ``expr``'s output name.

    Raises
    ------
    NotMergeable
        If an aggregate's input is not row-local (a window, a sort, a nested aggregate) or a
        column is read outside any aggregate: filtering it would change its meaning.

    Examples
    --------
    >>> import polars as pl
    >>> frame = pl.DataFrame({"a": [1, 1, 2, None], "keep": [True, False, True, None]})
    >>> counted = restrict_aggregate((pl.col("a") == 1).sum().alias("ones"), pl.col("keep"))
    >>> frame.select(counted, restrict_aggregate(pl.len(), pl.col("keep"))).row(0)
    (1, 2)
    """
    mask = to_tree(rows.fill_null(value=False))

    def inside(node: Tree) -> Tree:  # within an aggregate's row-local input
        if _is_constant(node):
            return node
        variant, payload = _variant(node)
        if variant == "Column":
            return {"Filter": {"input": node, "by": mask}}
        if variant == "Alias":
            return {"Alias": [inside(payload[0]), payload[1]]}
        if variant == "Gather":  # a lookup in a literal table: only the index reads rows
            return {"Gather": {**payload, "idx": inside(payload["idx"])}}
        return _rebuild(node, inside)

    def outside(node: Tree) -> Tree:  # above the aggregates
        if _is_constant(node):
            return node
        variant, payload = _variant(node)
        if variant == "Len":
            return to_tree(rows.fill_null(value=False).sum())
        if variant == "Alias":
            return {"Alias": [outside(payload[0]), payload[1]]}
        if variant == "Agg":
            kind, inner = _agg_input(payload)
            if not _row_local(inner, ()):
                msg = f"the input of a {kind} aggregate is not row-local"
                raise NotMergeable(msg)
            restricted = inside(inner)
            body = payload[kind]
            if isinstance(body, dict) and "input" in body:
                return {"Agg": {kind: {**body, "input": restricted}}}
            return {"Agg": {kind: restricted}}
        if variant in _DATA_NODES:
            msg = f"a '{variant}' node reads rows outside any aggregate"
            raise NotMergeable(msg)
        return _rebuild(node, outside)

    return from_tree(outside(to_tree(expr)))


def split_aggregate(
    expr: pl.Expr, prefix: str, windows: Sequence[pl.Expr | Sequence[pl.Expr]] = ()
) -> Split:
    """Split an aggregate expression into leaves and a finisher.

    Parameters
    ----------
    expr
        The aggregate (it evaluates to one value per frame).
    prefix
        Leaf names are ``{prefix}0``, ``{prefix}1``, …
    windows
        Window keys whose windows are complete in every frame the leaves are evaluated in.

    Raises
    ------
    NotMergeable
        When some part of the aggregate is not a leaf of a known kind over a row-local input,
        or the finisher would read data columns.
    """
    allowed = [_window_tree(w) for w in windows]  # one list of key trees per window
    tree = to_tree(expr)
    if _is_plain_sum(tree, allowed):
        # the common case, ``x.sum().cast(pl.Int64)``: the aggregate itself adds up (when
        # the sum is of integers, which the caller checks on ``raw``)
        name = f"{prefix}0"
        raw, node = expr, tree
        variant, payload = _variant(node)
        while variant in {"Alias", "Cast"}:  # one input each: pop() is unambiguous
            (raw,) = raw.meta.pop()
            node = payload["expr"] if variant == "Cast" else payload[0]
            variant, payload = _variant(node)
        whole = Leaf(name, "sum", expr.alias(name), raw=raw.alias(f"{name}:raw"))
        return Split((whole,), pl.col(name))
    leaves: list[Leaf] = []

    def leaf(node: Tree, kind: LeafKind, inner: Tree | None = None, **options: Any) -> Tree:
        name = f"{prefix}{len(leaves)}"
        given = None if inner is None or kind != "distinct" else from_tree(inner)
        leaves.append(Leaf(name, kind, from_tree(node).alias(name), given, **options))
        return {"Column": name}

    def walk(node: Tree) -> Tree:
        if _is_constant(node):
            return node
        variant, payload = _variant(node)
        if variant == "Len":
            return leaf(node, "sum")
        if variant == "Agg":
            agg, inner = _agg_input(payload)
            if agg in _ALLOWED_AGGS:
                if not _row_local(inner, allowed):
                    raise NotMergeable(f"the input of a {agg.lower()} is not row-local")
                return leaf(node, _ALLOWED_AGGS[agg], inner)  # type: ignore[arg-type]
            smallest = _smallest(payload, allowed)
            if smallest is not None:
                return leaf(node, "smallest", smallest[0], **smallest[1])
            raise NotMergeable(f"aggregate '{agg}' does not merge")
        if variant in _DATA_NODES:
            raise NotMergeable("the aggregate reads a column outside of any aggregate")
        if variant == "Alias":
            return walk(payload[0])
        if _children(node) is None:
            raise NotMergeable(f"unknown expression node '{variant}'")
        return _rebuild(node, walk)

    finisher = walk(tree)
    return Split(tuple(leaves), from_tree(finisher))


_INTEGERS = frozenset(
    {"Int8", "Int16", "Int32", "Int64", "Int128", "UInt8", "UInt16", "UInt32", "UInt64"}
)


def _is_plain_sum(node: Tree, windows: Sequence[Any]) -> bool:
    """Whether ``node`` is a sum (or count) of a row-local input under integer casts only."""
    variant, payload = _variant(node)
    while variant in {"Alias", "Cast"}:
        if variant == "Cast":
            if _name(payload.get("dtype", {}).get("Literal")) not in _INTEGERS:
                return False
            node = payload["expr"]
        else:
            node = payload[0]
        variant, payload = _variant(node)
    if variant == "Len":
        return True
    if variant != "Agg":
        return False
    agg, inner = _agg_input(payload)
    return agg in {"Sum", "Count"} and _row_local(inner, windows)


def _rebuild(node: Tree, walk: Any) -> Tree:
    """``node`` with each expression child replaced by ``walk(child)``."""
    variant, payload = _variant(node)
    if variant == "Cast":
        return {"Cast": {**payload, "expr": walk(payload["expr"])}}
    if variant == "BinaryExpr":
        return {
            "BinaryExpr": {
                **payload,
                "left": walk(payload["left"]),
                "right": walk(payload["right"]),
            }
        }
    if variant == "Ternary":
        return {"Ternary": {k: walk(v) for k, v in payload.items()}}
    if variant == "Function":
        return {"Function": {**payload, "input": [walk(c) for c in payload["input"]]}}
    if variant == "Filter":
        return {"Filter": {"input": walk(payload["input"]), "by": walk(payload["by"])}}
    if variant == "Sort":
        return {"Sort": {**payload, "expr": walk(payload["expr"])}}
    if variant == "Slice":
        return {"Slice": {k: walk(v) for k, v in payload.items()}}
    raise NotMergeable(f"expression node '{variant}' cannot finish merged values")
