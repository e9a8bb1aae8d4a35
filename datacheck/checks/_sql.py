"""SQL text of suites (``expression``'s ``expr``, every check's ``where``) → Polars expressions.

``polars.sql_expr`` accepts more than a row expression: a subquery such as
``a IN (SELECT x FROM read_csv('/etc/passwd'))`` is planned while the text is *parsed*, and
planning a table function (``read_csv``, ``read_parquet``, ``read_ipc``, ``read_json``…) opens
the file, and its error messages can quote the file's content. A suite is data, so it must
never reach files: :func:`sql_row_expr` refuses subqueries (``SELECT``, ``VALUES``,
``WITH``, ``TABLE``) and table functions (any name starting with ``read_``) *before* Polars
sees the text, wherever the words appear (quoted or not: refusing a string literal that holds
one of these words is a small price for never guessing how Polars tokenises a string).
Everything else is left to ``polars.sql_expr``, which has no function that runs Python or
touches files, and whose regular expressions (``~``, ``REGEXP_LIKE``, ``LIKE``) are Rust
``regex`` ones, matched in linear time.

Examples
--------
>>> sql_row_expr("a > 1", "expression", "expr").meta.root_names()
['a']
>>> sql_row_expr("a IN (SELECT x FROM read_csv('/etc/passwd'))", "expression", "expr")
... # doctest: +ELLIPSIS
Traceback (most recent call last):
    ...
datacheck.errors.CheckDefinitionError: check 'expression': 'expr' may not contain a subquery ...
"""

from __future__ import annotations

import re

import polars as pl

from datacheck.errors import CheckDefinitionError

__all__ = ["sql_row_expr"]

# A query inside an expression starts with one of these words; ``read_…`` names the table
# functions of Polars SQL (the only way its SQL reaches files). Matched case-insensitively
# anywhere a SQL identifier could start or end (quotes, brackets, backticks and operators
# are not word characters), so ``"READ_CSV"`` and ``SeLeCt`` are caught too.
_FORBIDDEN = re.compile(r"(?<![\w$])(select|values|with|table|read_[\w$]*)(?![\w$])", re.I)

# Functions of the clock: Polars reads it when the text is parsed, so a result would depend on
# the day the suite was read, not on the run's as-of instant (and an incremental run's batches
# would each see another day).
_CLOCK = re.compile(
    r"(?<![\w$])(now\s*\(|current_date|current_timestamp|current_time|localtimestamp|localtime)"
    r"(?![\w$])",
    re.I,
)


def sql_row_expr(text: str, kind: str, key: str) -> pl.Expr:
    """Parse a row-level SQL expression of a check, refusing queries and file access.

    Parameters
    ----------
    text
        The SQL text from the suite.
    kind
        The check's name, for messages.
    key
        The parameter holding the text (``expr`` or ``where``), for messages.

    Returns
    -------
    polars.Expr
        The parsed expression.

    Raises
    ------
    CheckDefinitionError
        The text holds a subquery or a table function, or Polars cannot parse it.
    """
    found = _FORBIDDEN.search(text)
    if found is not None:
        word = found.group(1)
        raise CheckDefinitionError(
            f"check '{kind}': '{key}' may not contain a subquery or a table function (found "
            f"{word!r}): it is evaluated on each record and never reads other data or files",
            f"phép kiểm tra '{kind}': '{key}' không được chứa truy vấn con hay hàm đọc bảng (gặp "
            f"{word!r}): biểu thức được tính trên từng bản ghi và không bao giờ đọc dữ liệu "
            "hay tệp khác",
            key=key,
        )
    clock = _CLOCK.search(text)
    if clock is not None:
        word = re.sub(r"\s+", "", clock.group(1)).upper().replace("(", "()")
        raise CheckDefinitionError(
            f"check '{kind}': '{key}' may not read the clock (found {word}): what is current "
            "is the run's as-of instant; compare with a date literal (DATE('2026-06-30')), or "
            "use not_future, fresh or between with max: today",
            f"phép kiểm tra '{kind}': '{key}' không được đọc đồng hồ (gặp {word}): thời điểm "
            "hiện tại là thời điểm as-of của lần chạy; hãy so sánh với một ngày cụ thể "
            "(DATE('2026-06-30')), hoặc dùng not_future, fresh hay between với max: today",
            key=key,
        )
    try:
        return pl.sql_expr(text)
    except (pl.exceptions.PolarsError, ValueError) as error:
        detail = str(error).strip().splitlines()[0] if str(error).strip() else ""
        what_en = "the 'where' condition" if key == "where" else "SQL expression"
        what_vi = "điều kiện 'where'" if key == "where" else "biểu thức SQL"
        raise CheckDefinitionError(
            f"check '{kind}': cannot parse {what_en} {text!r}: {detail}",
            f"phép kiểm tra '{kind}': không phân tích được {what_vi} {text!r}: {detail}",
            key=key,
        ) from None
