"""Errors raised by datacheck.

Every error datacheck raises on purpose derives from :class:`DatacheckError` and carries its
message in English (``str(error)``) and in Vietnamese (``error.message("vi")``), so the command
line can print a one-line message in the user's language. Data that fails checks is *not* an
error: it is a result. The only exception about data is :class:`ValidationFailed`, raised on
request by :meth:`datacheck.Result.raise_on_failure`.

Examples
--------
>>> from datacheck.errors import SourceError
>>> err = SourceError(en="file not found: x.parquet", vi="không tìm thấy tệp: x.parquet")
>>> str(err)
'file not found: x.parquet'
>>> err.message("vi")
'không tìm thấy tệp: x.parquet'
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from datacheck.result import Result

Lang = Literal["vi", "en"]

__all__ = [
    "CheckDefinitionError",
    "DatacheckError",
    "Lang",
    "SourceError",
    "SuiteError",
    "ValidationFailed",
    "did_you_mean",
    "polars_reason",
]


class DatacheckError(Exception):
    """Base class of every error datacheck raises on purpose.

    Parameters
    ----------
    en
        The message in English (also ``str(error)``).
    vi
        The same message in Vietnamese; defaults to the English text.
    """

    def __init__(self, en: str, vi: str | None = None) -> None:
        super().__init__(en)
        self.en = en
        self.vi = vi if vi is not None else en

    def message(self, lang: Lang = "en") -> str:
        """Return the message in ``lang`` (``"vi"`` or ``"en"``)."""
        return self.vi if lang == "vi" else self.en


class SuiteError(DatacheckError):
    """A suite (YAML or Python) is malformed: names the file, line and key where known.

    ``key`` is the offending parameter or suite key, ``check_index`` the position of the
    offending check in the suite, so a YAML loader can point at the right line. ``column``
    (1-based) is given where the exact character is known (YAML syntax, bad bytes).

    Examples
    --------
    >>> str(SuiteError("bad", file="s.yaml", line=3, column=7))
    's.yaml:3: bad (column 7)'
    """

    def __init__(
        self,
        en: str,
        vi: str | None = None,
        *,
        file: str | None = None,
        line: int | None = None,
        key: str | None = None,
        check_index: int | None = None,
        column: int | None = None,
    ) -> None:
        at_en = f" (column {column})" if column is not None else ""
        at_vi = f" (cột {column})" if column is not None else ""
        super().__init__(
            f"{_where(file, line)}{en}{at_en}",
            f"{_where(file, line, 'dòng')}{vi if vi is not None else en}{at_vi}",
        )
        self.file = file
        self.line = line
        self.key = key
        self.check_index = check_index
        self.column = column


class CheckDefinitionError(SuiteError):
    """A check's parameters are invalid (unknown name, missing or mistyped argument)."""


class SourceError(DatacheckError):
    """A data source cannot be read: missing, unreadable, corrupt, or of an unknown kind."""


class ValidationFailed(DatacheckError):  # noqa: N818 (public name from the design)
    """Raised by :meth:`Result.raise_on_failure` when checks failed; carries the result.

    Parameters
    ----------
    result
        The full result of the run, for the caller to inspect or report.
    en, vi
        The message.
    """

    def __init__(self, result: Result, en: str, vi: str | None = None) -> None:
        super().__init__(en, vi)
        self.result = result


def _where(file: str | None, line: int | None, word: str = "line") -> str:
    if file is None:
        return "" if line is None else f"{word} {line}: "
    if line is None:
        return f"{file}: "
    return f"{file}:{line}: "


def did_you_mean(word: str, options: Iterable[str]) -> str:
    """Return a hint ``" (did you mean 'x'?)"`` for the closest option, or ``""``.

    Examples
    --------
    >>> did_you_mean("not_nul", ["not_null", "unique"])
    " (did you mean 'not_null'?)"
    >>> did_you_mean("zzz", ["not_null"])
    ''
    """
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def did_you_mean_vi(word: str, options: Iterable[str]) -> str:
    """Vietnamese form of :func:`did_you_mean`.

    Examples
    --------
    >>> did_you_mean_vi("not_nul", ["not_null"])
    " (có phải ý bạn là 'not_null'?)"
    """
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return f" (có phải ý bạn là '{close[0]}'?)" if close else ""


def polars_reason(error: Exception) -> str:
    r"""The first meaningful line of a (Polars) error, at most 200 characters.

    Examples
    --------
    >>> polars_reason(ValueError("\n  bad value\n  details"))
    'bad value'
    >>> polars_reason(TypeError())
    'TypeError'
    """
    text = str(error).strip()
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    first = lines[0] if lines else type(error).__name__
    return first if len(first) <= 200 else first[:197] + "..."
