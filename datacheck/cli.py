"""The ``datacheck`` command line: ``run``, ``checks`` and ``lint``.

Every message is in Vietnamese by default and in English with ``--lang en`` (or
``DATACHECK_LANG=en``). Exit codes are part of the interface:

* ``0`` — nothing at the ``--fail-on`` level;
* ``1`` — checks failed (or errored, or warned with ``--fail-on warn``);
* ``2`` — bad input: suite, source, arguments — one line on stderr, never a traceback;
* ``3`` — an internal error, i.e. a bug: one line saying where to report it (the traceback
  only with ``DATACHECK_DEBUG=1``).

Examples
--------
>>> from datacheck.cli import main
>>> main(["lint", "no/such/suite.yaml", "--lang", "en"])  # doctest: +SKIP
2
"""

import dataclasses
import errno
import importlib.metadata
import json
import os
import re
import sys
import tempfile
import traceback
import types
import typing
import warnings
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from enum import Enum, StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text
from typer.core import TyperCommand, TyperGroup

from datacheck import __version__
from datacheck._coerce import to_plain
from datacheck.dimensions import Dimension
from datacheck.errors import DatacheckError, Lang, did_you_mean, did_you_mean_vi
from datacheck.i18n import LANGS, format_int, format_number, format_score, lang_from_env, t

if typing.TYPE_CHECKING:
    import polars as pl

    from datacheck.checks.base import Check
    from datacheck.national import NationalResult, NationalSuite
    from datacheck.result import Result
    from datacheck.suite import Suite

# The engine (Polars, the checks, the runner) is imported by the commands that use it, not
# here: ``datacheck --help``, ``--version`` and usage errors answer without loading it.

try:  # typer >= 0.2x vendors click as ``typer._click``; older versions depend on click
    from typer._click.exceptions import (
        BadOptionUsage,
        BadParameter,
        MissingParameter,
        NoArgsIsHelpError,
        NoSuchOption,
        UsageError,
    )
    from typer._click.globals import get_current_context
except ImportError:  # pragma: no cover
    from click.exceptions import (  # type: ignore[import-not-found,no-redef,assignment,unused-ignore]
        BadOptionUsage,
        BadParameter,
        MissingParameter,
        NoArgsIsHelpError,
        NoSuchOption,
        UsageError,
    )
    from click.globals import (  # type: ignore[import-not-found,no-redef,assignment,unused-ignore]
        get_current_context,
    )

__all__ = [
    "Engine",
    "FailOn",
    "LangChoice",
    "app",
    "check_vocabulary",
    "create_app",
    "exit_code",
    "main",
]

EXIT_OK = 0
EXIT_FAILED = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130


def _bugs() -> tuple[type[BaseException], ...]:
    """What the last line of defence catches as a bug: any exception, and Polars' panics.

    A Rust panic inside Polars surfaces as pyo3's PanicException, a BaseException: without it
    here, a panic would escape as a raw traceback with exit code 1 ("checks failed"). Polars
    is not imported for this: without it loaded, nothing can panic.
    """
    polars = sys.modules.get("polars")
    if polars is None:
        return (Exception,)
    return (Exception, polars.exceptions.PanicException)


def run(*args: Any, **kwargs: Any) -> "Result":
    """:func:`datacheck.run`, imported on first use (the command line starts without it)."""
    from datacheck.runner import run as run_suite  # noqa: PLC0415 (start-up stays light)

    return run_suite(*args, **kwargs)


class LangChoice(StrEnum):
    """``--lang``: the display language."""

    VI = "vi"
    EN = "en"


class FailOn(StrEnum):
    """``--fail-on``: which statuses give exit code 1."""

    FAIL = "fail"
    WARN = "warn"
    NEVER = "never"


class Engine(StrEnum):
    """``--engine``: where the suite runs (see ``docs/distributed.md``)."""

    LOCAL = "local"
    PARTITIONED = "partitioned"
    DASK = "dask"
    SPARK = "spark"


# ---------------------------------------------------------------------------- errors


def _bad_input(key: str, **params: Any) -> DatacheckError:
    """A bad-input error (exit 2) whose message comes from the catalog in both languages."""
    return DatacheckError(t(key, "en", **params), t(key, "vi", **params))


def _one_line(text: str) -> str:
    return " ".join(part.strip() for part in str(text).splitlines() if part.strip())


def _err(line: str) -> None:
    """Write one line on stderr (plain text: never wrapped, never parsed as markup)."""
    sys.stderr.write(_one_line(line) + "\n")
    sys.stderr.flush()


def _tracker() -> str | None:
    """The issue tracker's address from the package metadata, if it names one."""
    try:
        urls = importlib.metadata.metadata("datacheck").get_all("Project-URL") or []
    except importlib.metadata.PackageNotFoundError:
        urls = []
    for entry in urls:
        label, _, url = str(entry).partition(",")
        if any(word in label.lower() for word in ("issue", "bug", "tracker")) and url.strip():
            return url.strip()
    return None


def _report_hint(lang: Lang) -> str:
    """Where and how to report a bug: the tracker's address when the metadata has one."""
    tracker = _tracker()
    if tracker is None:
        return t("cli.report", lang)
    return t("cli.report_at", lang, tracker=tracker)


def _internal_error(error: BaseException, lang: Lang) -> int:
    if os.environ.get("DATACHECK_DEBUG", "").strip() not in ("", "0"):
        traceback.print_exception(error, file=sys.stderr)
    message = str(error) or "-"
    _err(
        t(
            "cli.internal",
            lang,
            kind=type(error).__name__,
            message=_one_line(message),
            report=_report_hint(lang),
        )
    )
    return EXIT_INTERNAL


def _broken_pipe() -> int:
    """The reader of our output went away (``datacheck checks | head``): stop quietly.

    Like Rich and Click, point stdout at ``os.devnull`` so the interpreter's final flush
    cannot fail again, and exit 1.
    """
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # no real file descriptor (e.g. under a test runner)
        pass
    return EXIT_FAILED


@contextmanager
def _guard(lang: Lang) -> Iterator[None]:
    """Turn errors into exit codes: datacheck errors → 2, anything else → 3 (a bug)."""
    try:
        yield
    except (typer.Exit, typer.Abort, UsageError):
        raise
    except DatacheckError as error:
        _err(t("cli.error", lang, message=error.message(lang)))
        raise typer.Exit(EXIT_BAD_INPUT) from None
    except KeyboardInterrupt:
        _err(t("cli.interrupted", lang))
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except BrokenPipeError:
        raise typer.Exit(_broken_pipe()) from None
    except _bugs() as error:  # the last line of defence: a bug
        raise typer.Exit(_internal_error(error, lang)) from None


LOG_WIDTH = 120
"""Columns of the reports written to a pipe or a file (logs), where no terminal sets them."""


def _stdout_console() -> Console:
    """The console for reports on standard output.

    In a terminal Rich follows its width. Written to a pipe or a file (a pipeline's log),
    Rich would assume 80 columns and fold long check ids mid-word, which breaks a ``grep``
    of the log; there the reports are ``LOG_WIDTH`` wide unless ``COLUMNS`` says otherwise.
    """
    piped = not sys.stdout.isatty() and "COLUMNS" not in os.environ
    return Console(highlight=False, width=LOG_WIDTH if piped else None)


def _lang_from_argv(argv: Sequence[str]) -> Lang:
    """The ``--lang`` of a command line before it is parsed (for usage errors and help)."""
    for index, arg in enumerate(argv):
        value = None
        if arg == "--lang" and index + 1 < len(argv):
            value = argv[index + 1]
        elif arg.startswith("--lang="):
            value = arg.partition("=")[2]
        for lang in LANGS:
            if value is not None and value.strip().lower() == lang:
                return lang
    return lang_from_env()


# ---------------------------------------------------------------------------- Click's own texts
#
# Click and Typer write their usage errors and help markers in English. In Vietnamese mode the
# usage errors are rebuilt from the exception's kind and data (which parameter, which value),
# and the help page's markers are swapped for Vietnamese ones while it is formatted. English
# mode keeps Click's texts. Anything not recognised keeps Click's text too.


def _param_label(error: Any) -> str:
    """The parameter a usage error is about, as Click names it: ``'--engine'``, ``'SUITE'``."""
    hint = getattr(error, "param_hint", None)
    if isinstance(hint, str):
        return hint
    if hint is not None:
        return " / ".join(repr(item) for item in hint)
    param = getattr(error, "param", None)
    if param is None:
        return "?"
    opts = [str(opt) for opt in getattr(param, "opts", None) or []]
    if getattr(param, "param_type_name", "") == "option" and opts:
        return " / ".join(f"'{opt}'" for opt in opts)
    name = getattr(param, "metavar", None) or getattr(param, "name", None) or "?"
    return f"'{name}'"


def _param_choices(param: Any) -> list[str]:
    """The values a choice parameter (an enum) accepts, as typed on the command line."""
    descriptor = getattr(param, "type_descriptor", None)
    choices = getattr(descriptor, "choices", None)
    if choices is None:  # Click's own Choice type (typer before it vendored click)
        choices = getattr(getattr(param, "type", None), "choices", None)
    return [str(getattr(choice, "value", choice)) for choice in choices or ()]


def _validation_error(error: BaseException) -> Mapping[str, Any] | None:
    """The first entry of the pydantic ``ValidationError`` behind a bad parameter, if any."""
    cause = error.__cause__
    errors = getattr(cause, "errors", None)
    if not callable(errors):
        return None
    entries = errors()
    return entries[0] if entries and isinstance(entries[0], Mapping) else None


_LIMITS = {
    "greater_than_equal": ("ge", "usage.at_least"),
    "greater_than": ("gt", "usage.above"),
    "less_than_equal": ("le", "usage.at_most"),
    "less_than": ("lt", "usage.below"),
}
_NUMBER_ERRORS = {"float_parsing", "float_type", "finite_number"}
_INTEGER_ERRORS = {"int_parsing", "int_type", "int_from_float", "int_parsing_size"}


def _expected(error: BadParameter, entry: Mapping[str, Any] | None, lang: Lang) -> str:
    """What a bad parameter expected (``"; cần một số"``, ``"; expected a number"``), or nothing."""
    choices = _param_choices(getattr(error, "param", None))
    kind = str(entry.get("type", "")) if entry is not None else ""
    what = None
    if choices:
        what = t("usage.one_of", lang, choices=", ".join(choices))
    elif kind in _NUMBER_ERRORS:
        what = t("usage.a_number", lang)
    elif kind in _INTEGER_ERRORS:
        what = t("usage.an_integer", lang)
    elif kind in _LIMITS and entry is not None:
        bound, key = _LIMITS[kind]
        limit = (entry.get("ctx") or {}).get(bound)
        if limit is not None:
            what = t(key, lang, limit=format_number(float(limit), lang))
    return t("usage.expected", lang, what=what) if what else ""


def _commands_of(error: UsageError) -> list[str]:
    context = error.ctx
    command = context.command if context is not None else None
    lister = getattr(command, "list_commands", None)
    return list(lister(context)) if callable(lister) else []


def _usage_vi(error: UsageError) -> str | None:
    """A Click usage error in Vietnamese, or ``None`` when its kind is not recognised."""
    if isinstance(error, MissingParameter):
        param = error.param
        name = _param_label(error)
        kind = error.param_type or getattr(param, "param_type_name", "")
        if kind == "argument":
            return t("usage.missing_argument", "vi", name=name)
        choices = _param_choices(param)
        listed = t("usage.choose_from", "vi", choices=", ".join(choices)) if choices else ""
        return t("usage.missing_option", "vi", name=name, choices=listed)
    if isinstance(error, BadParameter):
        entry = _validation_error(error)
        if entry is None:
            return None  # a message of Click's own (a path, a file): kept as it is
        return _bad_value(error, entry, "vi")
    if isinstance(error, NoSuchOption):
        possible = sorted(error.possibilities or ())
        hint = t("usage.did_you_mean", "vi", names=", ".join(possible)) if possible else ""
        return t("usage.no_such_option", "vi", name=error.option_name, hint=hint)
    if isinstance(error, BadOptionUsage):
        message = error.message
        if "requires an argument" in message:
            return t("usage.needs_value", "vi", name=error.option_name)
        counted = re.search(r"requires (\d+) arguments", message)
        if counted:
            return t("usage.needs_values", "vi", name=error.option_name, count=counted[1])
        if "does not take a value" in message:
            return t("usage.takes_no_value", "vi", name=error.option_name)
        return None
    message = error.message
    extra = re.fullmatch(r"Got unexpected extra argument(?:\(s\)|s)? \((.*)\)", message)
    if extra:
        return t("usage.extra_arguments", "vi", args=extra[1])
    unknown = re.match(r"No such command '(.*?)'\.", message)
    commands = _commands_of(error)
    if unknown:
        hint = did_you_mean_vi(unknown[1], commands)
        return t(
            "usage.no_such_command",
            "vi",
            name=unknown[1],
            hint=hint,
            commands=", ".join(commands),
        )
    if message == "Missing command.":
        return t("usage.missing_command", "vi", commands=", ".join(commands))
    return None


def _bad_value(error: BadParameter, entry: Mapping[str, Any], lang: Lang) -> str:
    """A value a parameter refused: the parameter, the value, and what it expected."""
    value = f"'{entry.get('input')}'"
    expected = _expected(error, entry, lang)
    return t("usage.bad_value", lang, name=_param_label(error), value=value, expected=expected)


def _usage_message(error: UsageError, lang: Lang) -> str:
    """A usage error's message: rebuilt from its data in Vietnamese; Click's in English.

    In English too, a refused value is rebuilt: Typer words it as its validator does
    ("Value error, …", "Input should be a valid integer …") without naming the value.
    """
    english = error.format_message()
    if lang == "en":
        if isinstance(error, BadParameter) and (entry := _validation_error(error)) is not None:
            rebuilt = _bad_value(error, entry, "en")
            return rebuilt[:1].upper() + rebuilt[1:]
        return english
    return _usage_vi(error) or english


def _help_markers(lang: Lang) -> dict[str, str]:
    """The words Typer's help page uses (its rich layout), in ``lang``."""
    return {
        "DEPRECATED_STRING": t("help.deprecated", lang),
        "DEFAULT_STRING": f"[{t('help.default', lang, default='{}')}]",
        "ENVVAR_STRING": f"[{t('help.env_var', lang, var='{}')}]",
        "REQUIRED_LONG_STRING": f"[{t('help.required', lang)}]",
        "ARGUMENTS_PANEL_TITLE": t("help.arguments", lang),
        "OPTIONS_PANEL_TITLE": t("help.options", lang),
        "COMMANDS_PANEL_TITLE": t("help.commands", lang),
    }


# the messages Typer's plain (non-rich) help passes through gettext, by catalog key
_HELP_GETTEXT = {
    "(dynamic)": "help.dynamic",
    "default: {default}": "help.default",
    "required": "help.required",
    "env var: {var}": "help.env_var",
    "Arguments": "help.arguments",
    "Options": "help.options",
    "Commands": "help.commands",
}


@contextmanager
def _help_texts(lang: Lang) -> Iterator[None]:
    """Typer's help markers (``[required]``, ``[default: …]``, panel titles) in ``lang``.

    Typer reads them from module globals when it formats a page (they are not options):
    they are swapped for the duration of the formatting and restored after it.
    """
    if lang == "en":
        yield
        return
    import typer.core as typer_core  # noqa: PLC0415 (the modules whose globals are swapped)

    try:
        from typer import rich_utils  # noqa: PLC0415
    except ImportError:  # pragma: no cover (rich is a dependency)
        rich_utils = None  # type: ignore[assignment]
    saved: list[tuple[Any, str, Any]] = []

    def swap(module: Any, name: str, value: Any) -> None:
        if module is not None and hasattr(module, name):
            saved.append((module, name, getattr(module, name)))
            setattr(module, name, value)

    def translate(message: str) -> str:
        key = _HELP_GETTEXT.get(message)
        if key is None:
            return message
        return t(key, lang, default="{default}", var="{var}") if "{" in message else t(key, lang)

    try:
        for name, value in _help_markers(lang).items():
            swap(rich_utils, name, value)
        swap(typer_core, "_", translate)
        yield
    finally:
        for module, name, value in reversed(saved):
            setattr(module, name, value)


def _localised_help_option(option: Any, lang: Lang) -> Any:
    if option is not None:
        option.help = t("help.help", lang)
    return option


def _write_usage(command: Any, ctx: Any, formatter: Any, lang: Lang) -> None:
    pieces = command.collect_usage_pieces(ctx)
    formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=t("help.usage", lang))


class _LocalisedHelp:
    """Help pages in the application's language, Click's markers too (mixed in first)."""

    help_lang: typing.ClassVar[Lang] = "en"

    def get_help_option(self, ctx: Any) -> Any:
        option = _localised_help_option(super().get_help_option(ctx), self.help_lang)  # type: ignore[misc]
        if option is not None:
            _hide_python_type(option)
        return option

    def format_usage(self, ctx: Any, formatter: Any) -> None:
        _write_usage(self, ctx, formatter, self.help_lang)

    def format_help(self, ctx: Any, formatter: Any) -> None:
        for param in getattr(self, "params", ()):
            _hide_python_type(param)
        with _help_texts(self.help_lang):
            super().format_help(ctx, formatter)  # type: ignore[misc]


def _no_type(ctx: Any) -> None:
    """The type a flag or a list argument shows: none."""
    del ctx


def _hide_python_type(param: Any) -> None:
    """Leave the type column empty for a flag or a list argument.

    Typer shows ``<bool>`` for a flag, as if it took a value, and ``<list[str]>`` for a list
    argument; the name and the help say what they take.
    """
    is_list_argument = getattr(param, "param_type_name", "") == "argument" and param.nargs != 1
    if getattr(param, "is_flag", False) or is_list_argument:
        param.display_type_rich = _no_type


class _DatacheckCommand(_LocalisedHelp, TyperCommand):
    """A command whose help page is in the application's language."""


class _DatacheckGroup(_LocalisedHelp, TyperGroup):
    """The command group: usage errors and stray exceptions become one line and an exit code."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        argv = list(sys.argv[1:] if args is None else args)
        lang = _lang_from_argv(argv)
        code: Any
        try:
            code = super().main(
                argv,
                prog_name or "datacheck",
                complete_var,
                standalone_mode=False,
                windows_expand_args=windows_expand_args,
                **extra,
            )
        except NoArgsIsHelpError as error:
            sys.stdout.write(error.format_message() + "\n")
            code = EXIT_BAD_INPUT
        except UsageError as error:
            command = error.ctx.command_path if error.ctx is not None else "datacheck"
            _err(t("cli.usage", lang, message=_usage_message(error, lang), command=command))
            code = EXIT_BAD_INPUT
        except typer.Abort:
            _err(t("cli.interrupted", lang))
            code = EXIT_INTERRUPTED
        except DatacheckError as error:
            _err(t("cli.error", lang, message=error.message(lang)))
            code = EXIT_BAD_INPUT
        except BrokenPipeError:
            code = _broken_pipe()
        except _bugs() as error:  # the last line of defence: a bug
            code = _internal_error(error, lang)
        code = code if isinstance(code, int) else EXIT_OK
        if standalone_mode:
            sys.exit(code)
        return code


# ---------------------------------------------------------------------------- run


def exit_code(result: "Result", fail_on: FailOn | str = FailOn.FAIL) -> int:
    """The exit code of a run: 1 if a check is at the ``fail_on`` level, else 0.

    Parameters
    ----------
    result
        The run's result.
    fail_on
        ``"fail"`` (failed or errored checks), ``"warn"`` (warnings too) or ``"never"``.

    Returns
    -------
    int
        ``0`` or ``1``.

    Examples
    --------
    >>> import polars as pl, datacheck as dc
    >>> suite = dc.Suite(name="s", checks=[dc.checks.NotNull(columns=["a"])])
    >>> result = dc.run(suite, pl.DataFrame({"a": [1, None]}), as_of="2026-01-01")
    >>> exit_code(result), exit_code(result, "never")
    (1, 0)
    """
    level = FailOn(fail_on)
    if level is FailOn.NEVER:
        return EXIT_OK
    statuses: tuple[Any, ...] = ("fail", "error") + (("warn",) if level is FailOn.WARN else ())
    return EXIT_FAILED if result.by_status(*statuses) else EXIT_OK


def _parse_references(values: Sequence[str], suite: "Suite") -> "dict[str, pl.LazyFrame]":
    """``NAME=PATH`` options → scanned frames (paths relative to the working directory)."""
    from datacheck.sources import to_lazyframe  # noqa: PLC0415 (the engine: on use)
    from datacheck.sources_postgres import is_postgres_uri  # noqa: PLC0415

    out: dict[str, pl.LazyFrame] = {}
    for value in values:
        name, sep, path = value.partition("=")
        name, path = name.strip(), path.strip()
        if not sep or not name or not path:
            raise _bad_input("cli.bad_reference", value=value)
        if name in out:
            raise _bad_input("cli.duplicate_reference", name=name)
        if name not in suite.references:
            known = list(suite.references)
            raise DatacheckError(
                t(
                    "cli.unknown_reference",
                    "en",
                    name=name,
                    suite=suite.name,
                    hint=did_you_mean(name, known),
                    known=", ".join(known) or t("cli.none", "en"),
                ),
                t(
                    "cli.unknown_reference",
                    "vi",
                    name=name,
                    suite=suite.name,
                    hint=did_you_mean_vi(name, known),
                    known=", ".join(known) or t("cli.none", "vi"),
                ),
            )
        out[name] = to_lazyframe(path if is_postgres_uri(path) else Path(path).expanduser())
    return out


@contextmanager
def _progress(lang: Lang, enabled: bool) -> Iterator[Callable[[str], None]]:
    """A transient spinner on stderr driven by the runner's step names (TTY only)."""
    console = Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield lambda _name: None
        return
    columns = (SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(t("step.read", lang), total=None)

        def on_step(name: str) -> None:
            key = f"step.{name}"
            try:
                label = t(key, lang)
            except KeyError:
                label = t("step.other", lang, name=name)
            progress.update(task, description=label)

        yield on_step


def _check_engine_options(
    engine: Engine, *, master: str | None, remote: str | None, scheduler: str | None
) -> None:
    """Refuse cluster options given to an engine that does not use them."""
    if (master or remote) and engine is not Engine.SPARK:
        raise _bad_input("cli.spark_option", option="--master" if master else "--remote")
    if scheduler and engine is not Engine.DASK:
        raise _bad_input("cli.dask_option")


def _pii_warnings(result: "Result", lang: Lang) -> None:
    """One line on stderr per column that looks like personal data but is not in ``pii``."""
    for note in result.notes:
        if note.get("kind") == "pii":
            _err(t("cli.warning", lang, message=note.get(lang) or note.get("en", "")))


def _write_output(
    writer: Callable[[Path], Any], path: Path, done_key: str, lang: Lang, quiet: bool
) -> None:
    try:
        writer(path)
    except OSError as error:
        raise _bad_input("cli.write_failed", path=path, error=error.strerror or error) from None
    if not quiet:
        typer.echo(t(done_key, lang, path=path))


# ---------------------------------------------------------------------------- inputs, outputs


@dataclasses.dataclass(frozen=True)
class _Input:
    """A file or folder a command reads: no output is ever written over it (or into it)."""

    path: Path
    key: str  # the catalog key describing it: cli.input.suite, .national, .source, .reference
    name: str = ""
    folder: bool = False

    def describe(self, lang: Lang) -> str:
        return t(self.key, lang, path=_shown(self.path), name=self.name)


@dataclasses.dataclass(frozen=True)
class _Output:
    """A path a command writes: a file, a folder of new files, or a site folder."""

    option: str
    path: Path
    kind: typing.Literal["file", "folder", "site"] = "file"


# the names a scorecard writes in its folder (index.html, national.json, <name>.json, …)
_SITE_SUFFIXES = (".json", ".html", ".failures.parquet")


def _shown(path: Path) -> str:
    """A path for a message: ``suites/../data/x.parquet`` shown as ``data/x.parquet``."""
    return os.path.normpath(path)


def _path_inputs(target: Any, key: str, name: str = "") -> list[_Input]:
    """What a path source or reference reads: its folder, and its data files.

    Anything else (a database URI, an in-memory frame) gives nothing; an unreadable path
    gives only what can be seen, and the run reports the problem as usual.
    """
    from datacheck.sources import source_files  # noqa: PLC0415 (the engine: on use)

    if not isinstance(target, str | os.PathLike):
        return []
    text = os.path.expanduser(os.fsdecode(os.fspath(target)))  # noqa: PTH111
    inputs = []
    if os.path.isdir(text):  # noqa: PTH112
        inputs.append(_Input(Path(text), key, name, folder=True))
    try:
        files = source_files(text)
    except DatacheckError:
        files = []
    inputs.extend(_Input(path, key, name) for path in files)
    return inputs


def _suite_inputs(
    suite: "Suite", sources: Sequence[Any], references: Mapping[str, Any]
) -> list[_Input]:
    """The suite file, its sources (the suite's own if none given) and its references."""
    inputs = []
    if suite.file is not None:
        inputs.append(_Input(Path(suite.file), "cli.input.suite"))
    if not sources and suite.source is not None:
        sources = [suite.resolve(suite.source)]
    for source in sources:
        inputs.extend(_path_inputs(source, "cli.input.source"))
    wanted = {name: suite.resolve(path) for name, path in suite.references.items()}
    wanted.update(references)
    for name, path in wanted.items():
        inputs.extend(_path_inputs(path, "cli.input.reference", name))
    return inputs


def _same_file(first: Path, second: Path) -> bool:
    try:
        return os.path.samefile(first, second)  # noqa: PTH121 (links: one file, two names)
    except OSError:  # one of them does not exist
        return False


def _within(path: Path, folder: Path) -> bool:
    """Whether ``path`` is ``folder`` or lies below it, links resolved."""
    inner, outer = os.path.realpath(path), os.path.realpath(folder)
    return os.path.commonpath([inner, outer]) == outer


def _refuse_overwriting_inputs(outputs: Sequence[_Output], inputs: Sequence[_Input]) -> None:
    """Refuse, before running, an output that would write over an input or into a source.

    Sources, references and suites are read-only: ``--json`` naming the data file would
    replace the data, and a file written into a source folder would join the data.

    Raises
    ------
    DatacheckError
        The first output that resolves to an input file, or lies in an input folder.
    """
    for output in outputs:
        for item in inputs:
            if item.folder:
                if _within(output.path, item.path):
                    raise _output_error("cli.output_in_source", output, folder=_shown(item.path))
                continue
            clash = _same_file(output.path, item.path) or (
                output.kind == "site"
                and item.path.name.endswith(_SITE_SUFFIXES)
                and _same_file(output.path, item.path.parent)
            )
            if clash:
                raise DatacheckError(
                    t("cli.output_is_input", "en", **_output_params(output, item, "en")),
                    t("cli.output_is_input", "vi", **_output_params(output, item, "vi")),
                )


def _output_params(output: _Output, item: _Input, lang: Lang) -> dict[str, Any]:
    return {"option": output.option, "path": output.path, "input": item.describe(lang)}


def _output_error(key: str, output: _Output, **params: Any) -> DatacheckError:
    return _bad_input(key, option=output.option, path=output.path, **params)


def _file_identity(path: Path) -> tuple[int, int] | str:
    """What makes two names one file: device and inode (else the resolved path)."""
    try:
        info = path.stat()
    except OSError:
        return os.path.realpath(path)
    return (info.st_dev, info.st_ino)


def _refuse_repeated_files(sources: Sequence[str]) -> None:
    """Refuse SOURCE arguments that read a file twice: a partition counts once.

    ``run suite.yaml data data/part-0.parquet`` would read ``part-0`` twice and count its
    rows twice, as would ``d.parquet ./d.parquet``. ``--state`` refuses a partition the state
    already holds; this refuses one given twice in the same run.

    Raises
    ------
    DatacheckError
        Naming the file and the two SOURCE arguments that both read it.
    """
    from datacheck.sources import source_files  # noqa: PLC0415 (the engine: on use)

    if len(sources) < 2:
        return
    seen: dict[tuple[int, int] | str, str] = {}
    for source in sources:
        try:
            files = source_files(source)
        except DatacheckError:  # unreadable: the run reports it, named
            continue
        mine: dict[tuple[int, int] | str, Path] = {}
        for path in files:
            mine.setdefault(_file_identity(path), path)
        for identity, path in mine.items():
            if identity in seen:
                raise _bad_input("cli.source_twice", file=path, first=seen[identity], second=source)
        seen.update(dict.fromkeys(mine, source))


def _check_writable(output: _Output) -> None:
    """Refuse, before running, an output file whose folder cannot be written to.

    The nearest existing folder on the way to ``output.path`` must be a folder in which a
    file can be created (the missing ones below it are created when writing).

    Raises
    ------
    DatacheckError
        A path under a file, a path that is a folder, or a folder that refuses new files.
    """
    path = output.path
    if path.is_dir():
        raise _bad_input("cli.write_failed", path=path, error=os.strerror(errno.EISDIR))
    existing = path.parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise _output_error("cli.not_a_folder", output, folder=existing)
    try:
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError as error:
        raise _bad_input("cli.write_failed", path=path, error=error.strerror or error) from None


def _check_folder(output: _Output) -> None:
    """Refuse, before running, an output folder that is a file or lies under one.

    Raises
    ------
    DatacheckError
        ``output.path`` is a file, or a file stands where one of its parent folders should.
    """
    path = output.path
    if path.exists() and not path.is_dir():
        raise _output_error("cli.output_not_folder", output)
    existing = path.parent
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not path.exists() and not existing.is_dir():
        raise _output_error("cli.not_a_folder", output, folder=existing)


def _check_history_store(store: Path) -> None:
    """Refuse, before running, a ``--history`` that is not (and cannot become) a store."""
    from datacheck import history as history_store  # noqa: PLC0415 (only when used)

    _check_folder(_Output("--history", store, "folder"))
    history_store.stored_suites(store)  # a folder of other files is refused


def _writes_state(error: OSError, state: Path) -> bool:
    """Whether an OS error comes from writing the state file or its tables' folder."""
    if error.filename is None:
        return False
    name = os.fsdecode(error.filename)
    return name == os.fspath(state) or name.startswith(f"{os.fspath(state)}.tables")


def _run(
    suite_path: Path,
    source: Sequence[str],
    *,
    as_of: str | None,
    json_path: Path | None,
    html_path: Path | None,
    lang: Lang,
    references: Sequence[str],
    fail_on: FailOn,
    engine: Engine,
    unmask: bool,
    quiet: bool,
    history: Path | None = None,
    failures_path: Path | None = None,
    master: str | None = None,
    remote: str | None = None,
    scheduler: str | None = None,
    state: Path | None = None,
) -> int:
    from datacheck._time import parse_as_of  # noqa: PLC0415 (the engine: on use)
    from datacheck.report.console import render_result, summary_line  # noqa: PLC0415
    from datacheck.suite import Suite  # noqa: PLC0415

    _check_engine_options(engine, master=master, remote=remote, scheduler=scheduler)
    if state is not None and failures_path is not None:
        raise _bad_input("cli.state_failures")
    suite = Suite.from_yaml(suite_path)
    # an incremental run keeps the state's as-of unless one is given
    instant = None if state is not None and as_of is None else parse_as_of(as_of, suite.timezone)
    overrides = _parse_references(references, suite)
    sources = list(source)
    _refuse_repeated_files(sources)
    files = [
        _Output(option, path)
        for option, path in (
            ("--json", json_path),
            ("--html", html_path),
            ("--failures", failures_path),
            ("--state", state),
        )
        if path is not None
    ]
    outputs = list(files)
    if state is not None:
        outputs.append(_Output("--state", state.with_name(f"{state.name}.tables"), "folder"))
    if history is not None:
        outputs.append(_Output("--history", history, "folder"))
    paths = {}
    for value in references:  # NAME=PATH, checked by _parse_references
        name, _, path = value.partition("=")
        paths[name.strip()] = path.strip()
    _refuse_overwriting_inputs(outputs, _suite_inputs(suite, sources, paths))
    for output in files:
        _check_writable(output)
    if history is not None:
        _check_history_store(history)
    with _progress(lang, enabled=not quiet) as on_step:
        try:
            result = run(
                suite,
                sources[0] if len(sources) == 1 else None,
                partitions=sources if len(sources) > 1 else None,
                as_of=instant,
                references=overrides or None,
                unmask=unmask,
                on_step=on_step,
                engine=engine.value,
                master=master,
                remote=remote,
                scheduler=scheduler,
                state=state,
            )
        except OSError as error:
            if state is None or not _writes_state(error, state):
                raise
            reason = error.strerror or error
            raise _bad_input("cli.write_failed", path=state, error=reason) from None
    if result.rows == 0:  # bad input (docs/cli.md): nothing is printed or written
        raise _bad_input("cli.empty_dataset", source=result.source)
    _pii_warnings(result, lang)
    if quiet:
        typer.echo(summary_line(result, lang))
    else:
        render_result(result, _stdout_console(), lang=lang)
    if json_path is not None:
        _write_output(result.write_json, json_path, "cli.json_written", lang, quiet)
    if failures_path is not None:
        _write_output(result.write_failures, failures_path, "cli.failures_written", lang, quiet)
    trend_series = None
    if history is not None:
        from datacheck import history as store  # noqa: PLC0415 (only when used)

        store.append(result, history)
        trend_series = store.trend(history, suite=result.suite).to_html().get(result.suite)
    if html_path is not None:
        _write_output(
            lambda path: result.write_html(path, lang=lang, history=trend_series),
            html_path,
            "cli.html_written",
            lang,
            quiet,
        )
    return exit_code(result, fail_on)


@contextmanager
def _database_progress(lang: Lang, enabled: bool) -> Iterator[Callable[[str, int, int], None]]:
    """A progress bar over the databases of a national run (TTY only)."""
    console = Console(stderr=True)
    if not enabled or not console.is_terminal:
        yield lambda _suite, _index, _total: None
        return
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=console, transient=True) as progress:
        task = progress.add_task(t("step.read", lang), total=None)

        def on_database(suite: str, index: int, total: int) -> None:
            label = t("national.progress", lang, suite=suite, index=index + 1, total=total)
            progress.update(task, description=label, total=total, completed=index)

        yield on_database


def _national_inputs(national: "NationalSuite", national_path: Path) -> list[_Input]:
    """The national list, and each database's suite, source and references."""
    from datacheck.suite import Suite  # noqa: PLC0415 (the engine: on use)

    inputs = [_Input(national_path, "cli.input.national")]
    for entry in national.databases:
        try:
            suite = Suite.from_yaml(entry.suite_path)
        except DatacheckError:  # reported by the run, for this database only
            inputs.append(_Input(entry.suite_path, "cli.input.suite"))
            inputs.extend(_path_inputs(entry.source, "cli.input.source"))
            continue
        sources = [entry.source] if entry.source is not None else []
        inputs.extend(_suite_inputs(suite, sources, entry.references))
    return inputs


def _national_summary(result: "NationalResult", out: Path, lang: Lang) -> str:
    """The one line of ``scorecard --quiet``: score, band, databases, where written."""
    counts = {
        "name": result.name,
        "databases": format_int(len(result.databases), lang),
        "failing": format_int(sum(1 for d in result.databases if d.failing_checks), lang),
        "unchecked": format_int(len(result.failed_databases), lang),
        "path": out,
    }
    if result.score is None:
        return t("cli.scorecard_summary_no_score", lang, **counts)
    band = result.band.label(lang) if result.band is not None else t("report.none", lang)
    score = format_score(result.score, lang)
    return t("cli.scorecard_summary", lang, score=score, band=band, **counts)


def _empty_databases(result: "NationalResult") -> list[tuple[str, str]]:
    """The databases that were read but hold no rows: ``(suite, source)``, in list order.

    They keep their line in the scorecard (0 rows, no score) and are bad input, like a
    database that could not be read: the others are scored all the same.
    """
    return [(checked.suite, checked.source) for checked in result.results if checked.rows == 0]


def _scorecard(
    national_path: Path,
    *,
    out: Path,
    as_of: str | None,
    lang: Lang,
    fail_on: FailOn,
    unmask: bool,
    quiet: bool,
    history: Path | None = None,
    failures: bool = False,
) -> int:
    from datacheck._time import parse_as_of  # noqa: PLC0415 (the engine: on use)
    from datacheck.national import NationalSuite, run_national  # noqa: PLC0415
    from datacheck.report.national import render_national  # noqa: PLC0415

    national = NationalSuite.from_yaml(national_path)
    instant = parse_as_of(as_of, national.timezone)
    outputs = [_Output("--out", out, "site")]
    if history is not None:
        outputs.append(_Output("--history", history, "folder"))
    _refuse_overwriting_inputs(outputs, _national_inputs(national, national_path))
    _check_folder(outputs[0])
    if history is not None:
        _check_history_store(history)
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _bad_input("cli.write_failed", path=out, error=error.strerror or error) from None
    with _database_progress(lang, enabled=not quiet) as on_database:
        result = run_national(
            national, as_of=instant, out=out, unmask=unmask, on_database=on_database
        )
    for checked in result.results:
        _pii_warnings(checked, lang)
    from datacheck.report.html import write_site  # noqa: PLC0415 (Jinja2 only when used)

    series = None
    if history is not None:
        from datacheck import history as store  # noqa: PLC0415 (only when used)

        store.append_national(result, history)
        trend = store.trend(history)
        series = trend.to_html()
        if not quiet:
            for alert in trend.current_alerts:
                _err(_one_line(alert.text(lang)))
    if failures:
        written = [s for s in result.databases if s.result is not None]
        for summary, checked in zip(written, result.results, strict=True):
            assert summary.result is not None
            target = out / summary.result.replace(".json", ".failures.parquet")
            _write_output(checked.write_failures, target, "cli.failures_written", lang, quiet=True)
    try:
        write_site(result, None, out, lang, unmask=unmask, history=series)
    except OSError as error:
        raise _bad_input("cli.write_failed", path=out, error=error.strerror or error) from None
    if quiet:
        typer.echo(_national_summary(result, out, lang))
    else:
        render_national(result, _stdout_console(), lang=lang)
        typer.echo(t("cli.scorecard_written", lang, path=out))
    for database in result.failed_databases:
        assert database.error is not None
        _err(_one_line(database.error[lang]))
    empty = _empty_databases(result)
    for suite, source in empty:
        _err(t("cli.empty_database", lang, suite=suite, source=source))
    if result.failed_databases or empty:
        return EXIT_BAD_INPUT
    codes = [exit_code(r, fail_on) for r in result.results]
    return max(codes, default=EXIT_OK)


# ---------------------------------------------------------------------------- convert


class ConvertFrom(StrEnum):
    """What ``datacheck convert --from`` reads."""

    PANDERA = "pandera"
    GX = "gx"


def _convert(file: Path, source: ConvertFrom, object_name: str | None, lang: Lang) -> None:
    from datacheck.interop import InteropWarning, convert_file  # noqa: PLC0415 (on use)

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", InteropWarning)
        text = convert_file(file, source.value, object_name=object_name)
    for warning in caught:
        if isinstance(warning.message, InteropWarning):
            message = warning.message.message_vi if lang == "vi" else str(warning.message)
            _err(_one_line(t("cli.convert_skipped", lang, message=message)))
    sys.stdout.write(text)


# ---------------------------------------------------------------------------- history


def _history(
    store: Path,
    *,
    suite: str | None,
    last: int,
    drop: float | None,
    dimensions: bool,
    all_alerts: bool,
    as_json: bool,
    lang: Lang,
) -> None:
    from datacheck import history as history_store  # noqa: PLC0415 (only when used)
    from datacheck.report.history import render_history  # noqa: PLC0415

    if last < 1:
        raise _bad_input("cli.bad_last", value=last)
    rules = (
        history_store.AlertRules.from_env()
        if drop is None
        else history_store.AlertRules.from_env(drop=drop)
    )
    known = history_store.stored_suites(store)  # refuses a folder that is not a store
    if suite is not None and known and suite not in known:
        shown = ", ".join(known)
        raise DatacheckError(
            t(
                "cli.history_no_suite",
                "en",
                store=store,
                suite=suite,
                hint=did_you_mean(suite, known),
                known=shown,
            ),
            t(
                "cli.history_no_suite",
                "vi",
                store=store,
                suite=suite,
                hint=did_you_mean_vi(suite, known),
                known=shown,
            ),
        )
    trend = history_store.trend(store, suite=suite, rules=rules)
    if as_json:
        typer.echo(json.dumps(trend.to_dict(all_alerts=all_alerts), ensure_ascii=False, indent=2))
        return
    if not Path(store).exists():  # said apart from an empty store: a mistyped path shows
        _stdout_console().print(t("cli.history_missing", lang, store=store), style="dim")
        return
    render_history(
        trend,
        _stdout_console(),
        lang,
        last=last,
        dimensions=dimensions,
        all_alerts=all_alerts,
    )


# ---------------------------------------------------------------------------- samples

MAX_SCALE = 100.0


def _samples(
    out: Path, *, scale: float, seed: int, as_of: str | None, clean: bool, lang: Lang, quiet: bool
) -> int:
    """Generate the linked sample databases into ``out`` (from a source checkout)."""
    try:
        from samples import generator  # noqa: PLC0415 (only in a source checkout)
    except ImportError:
        raise _bad_input("cli.samples_unavailable") from None
    if not 0 < scale <= MAX_SCALE:
        raise _bad_input("cli.bad_scale", scale=format_number(scale, lang))
    rows = max(1, round(scale * generator.SCALE_ROWS))
    _check_folder(_Output("--out", out, "folder"))
    console = Console(stderr=True)
    started = datetime.now().astimezone()
    with (
        console.status(
            t("cli.samples_progress", lang, rows=format_int(rows, lang)),
            spinner="dots",
        )
        if not quiet and console.is_terminal
        else _nothing()
    ):
        try:
            samples = generator.generate_samples(
                rows,
                seed,
                as_of or generator.DEFAULT_AS_OF,
                defect_rate=0.0 if clean else generator.DEFAULT_DEFECT_RATE,
            )
        except ValueError as error:
            raise DatacheckError(str(error), str(error)) from None
        try:
            generator.write_samples(samples, out)
        except OSError as error:
            raise _bad_input("cli.write_failed", path=out, error=error.strerror or error) from None
    seconds = (datetime.now().astimezone() - started).total_seconds()
    tables = samples.manifest["tables"]
    typer.echo(
        t(
            "cli.samples_written",
            lang,
            tables=len(tables),
            rows=format_int(sum(v["rows"] for v in tables.values()), lang),
            defects=format_int(sum(d["rows"] for d in samples.manifest["defects"]), lang),
            path=out,
            seconds=format_number(seconds, lang, 1),
        )
    )
    return EXIT_OK


@contextmanager
def _nothing() -> Iterator[None]:
    yield


# ---------------------------------------------------------------------------- checks


def _type_label(hint: Any, lang: Lang) -> str:
    """A parameter's type in YAML terms, e.g. ``string``, ``list of string``."""
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if timedelta in args:  # text is only the duration's spelling ('365d')
            return _type_label(timedelta, lang)
        if int in args and float in args:
            args.remove(int)
        labels = list(dict.fromkeys(_type_label(a, lang) for a in args))
        return t("type.or", lang).join(labels)
    if origin is typing.Literal:
        return " | ".join(repr(a) for a in typing.get_args(hint))
    if origin in (tuple, list, set, frozenset) or (
        isinstance(origin, type) and issubclass(origin, Sequence) and origin is not str
    ):
        items = typing.get_args(hint)
        item = _type_label(items[0], lang) if items else t("type.any", lang)
        return t("type.list", lang, item=item)
    if isinstance(hint, type) and issubclass(hint, Enum):
        return " | ".join(repr(member.value) for member in hint)
    names: list[tuple[Any, str]] = [
        (bool, "type.boolean"),
        (int, "type.integer"),
        (float, "type.number"),
        (str, "type.string"),
        (datetime, "type.datetime"),
        (date, "type.date"),
        (timedelta, "type.duration"),
        (Any, "type.any"),
        (object, "type.any"),
    ]
    for kind, key in names:
        if hint is kind:
            return t(key, lang)
    return str(getattr(hint, "__name__", hint))


def _parameters(cls: "type[Check]", names: Sequence[str] | None = None) -> list[dict[str, Any]]:
    """The parameters (dataclass fields) of a check class, in declaration order."""
    try:
        hints = typing.get_type_hints(cls)
    except Exception:  # noqa: BLE001 (a plugin's unresolvable annotations: show them as text)
        hints = {}
    out = []
    for field in dataclasses.fields(cls):
        if not field.init or (names is not None and field.name not in names):
            continue
        required = (
            field.default is dataclasses.MISSING and field.default_factory is dataclasses.MISSING
        )
        default: Any = None
        if field.default is not dataclasses.MISSING:
            default = to_plain(field.default)
        elif field.default_factory is not dataclasses.MISSING:
            default = to_plain(field.default_factory())
        out.append(
            {
                "name": field.name,
                "hint": hints.get(field.name, field.type),
                "required": required,
                "default": default,
            }
        )
    return out


def _common_names() -> list[str]:
    from datacheck.checks.base import Check  # noqa: PLC0415 (the engine: on use)

    return [f.name for f in dataclasses.fields(Check) if f.init]


def check_vocabulary() -> dict[str, Any]:
    """The registered checks as plain data: what ``datacheck checks --json`` prints.

    Everything is derived from :func:`datacheck.checks.registered_checks`: names, default
    dimensions, summaries in both languages and parameters (types, required or default),
    with the parameters every check shares listed once under ``common_parameters``.

    Returns
    -------
    dict
        ``{"checks": [...], "common_parameters": [...]}``.

    Examples
    --------
    >>> vocabulary = check_vocabulary()
    >>> entry = next(c for c in vocabulary["checks"] if c["check"] == "not_null")
    >>> entry["dimension"], entry["summary"]["en"]
    ('complete', 'values must not be null')
    >>> [p["name"] for p in vocabulary["common_parameters"]][:3]
    ['name', 'dimension', 'threshold']
    """
    from datacheck.checks.base import Check, RowCheck, registered_checks  # noqa: PLC0415

    common = _common_names()

    def plain(params: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [
            {
                "name": p["name"],
                "type": _type_label(p["hint"], "en"),
                "required": p["required"],
                "default": p["default"],
            }
            for p in params
        ]

    checks = []
    for name, cls in registered_checks().items():
        own = [p for p in _parameters(cls) if p["name"] not in common]
        vi, en = cls.summary
        checks.append(
            {
                "check": name,
                "dimension": cls.default_dimension.value,
                "summary": {"vi": vi, "en": en},
                "per_column": issubclass(cls, RowCheck),
                "supports_where": cls.supports_where,
                "parameters": plain(own),
            }
        )
    return {"checks": checks, "common_parameters": plain(_parameters(Check, common))}


def _show_default(value: Any) -> str:
    """A default value as it would be written in YAML."""
    if isinstance(value, str):
        return repr(value)
    return json.dumps(value, ensure_ascii=False, default=str)


def _parameter_line(param: Mapping[str, Any], lang: Lang, per_column: bool) -> Text:
    line = Text(str(param["name"]), style="cyan")
    line.append(f": {_type_label(param['hint'], lang)} ")
    if param["required"]:
        line.append(f"({t('checks.required', lang)})", style="bold")
    elif param["default"] is None:
        line.append(f"({t('checks.optional', lang)})", style="dim")
    else:
        value = _show_default(param["default"])
        line.append(f"({t('checks.default', lang, value=value)})", style="dim")
    if per_column and param["name"] == "columns":
        line.append(f", {t('checks.per_column', lang)}", style="dim")
    return line


def _print_checks(lang: Lang) -> None:
    from datacheck.checks.base import Check, RowCheck, registered_checks  # noqa: PLC0415

    console = _stdout_console()
    registry = registered_checks()
    common = _common_names()
    console.print(Text(t("checks.title", lang, count=len(registry)), style="bold"))
    for dimension in Dimension:
        members = {n: c for n, c in registry.items() if c.default_dimension is dimension}
        if not members:
            continue
        title = t(
            "checks.dimension",
            lang,
            label=dimension.label(lang),
            id=dimension.value,
            description=dimension.description(lang),
        )
        table = Table(title=Text(title, style="bold"), title_justify="left", show_lines=True)
        table.add_column(t("checks.col.check", lang), style="bold", no_wrap=True)
        table.add_column(t("checks.col.summary", lang), ratio=1)
        table.add_column(t("checks.col.params", lang), ratio=1)
        for name, cls in members.items():
            vi, en = cls.summary
            per_column = issubclass(cls, RowCheck)
            own = [p for p in _parameters(cls) if p["name"] not in common]
            params = Text("\n").join(_parameter_line(p, lang, per_column) for p in own)
            table.add_row(
                Text(name),
                Text(vi if lang == "vi" else en),
                params or Text(t("checks.no_params", lang), style="dim"),
            )
        console.print()
        console.print(table)
    console.print()
    console.print(Text(t("checks.common", lang), style="bold"))
    for param in _parameters(Check, common):
        console.print(Text("  ") + _parameter_line(param, lang, per_column=False))
    console.print(Text(t("checks.column_alias", lang), style="dim"))


# ---------------------------------------------------------------------------- lint


def _lint(suite_path: Path, lang: Lang) -> None:
    from datacheck.suite import Suite  # noqa: PLC0415 (the engine: on use)

    suite = Suite.from_yaml(suite_path)
    by_dimension: dict[Dimension, list[str]] = {}
    for check in suite.checks:
        by_dimension.setdefault(check.effective_dimension, []).extend(check.result_ids())
    results = sum(len(ids) for ids in by_dimension.values())
    typer.echo(t("lint.ok", lang, checks=len(suite.checks), results=results))
    if not suite.checks:  # valid, as Suite(name=...) is, but most likely a mistake
        _err(t("cli.warning", lang, message=t("lint.no_checks", lang, name=suite.name)))
    typer.echo(t("lint.suite", lang, name=suite.name, file=suite_path))
    for dimension in Dimension:
        ids = by_dimension.get(dimension)
        if ids:
            typer.echo(f"  {dimension.label(lang)} ({dimension.value}): {', '.join(ids)}")


# ---------------------------------------------------------------------------- the app


def _polars_version() -> str:
    """The installed Polars' version, read from its metadata (importing Polars takes long)."""
    polars = sys.modules.get("polars")
    if polars is not None:
        return str(polars.__version__)
    try:
        return importlib.metadata.version("polars")
    except importlib.metadata.PackageNotFoundError:  # pragma: no cover (a broken install)
        import polars as pl  # noqa: PLC0415

        return str(pl.__version__)


def _resolve_lang(choice: LangChoice | None) -> Lang:
    """A command's ``--lang``, else the one before the command, else ``DATACHECK_LANG``."""
    if choice is None:
        context = get_current_context(silent=True)
        given = context.find_root().params.get("language") if context is not None else None
        choice = given if isinstance(given, LangChoice) else None
    if choice is None:
        return lang_from_env()
    return "en" if choice is LangChoice.EN else "vi"


def _classes(lang: Lang) -> tuple[type[_DatacheckGroup], type[_DatacheckCommand]]:
    """The group and command classes of an application whose help is in ``lang``."""

    class Group(_DatacheckGroup):
        help_lang = lang

    class Command(_DatacheckCommand):
        help_lang = lang

    return Group, Command


def create_app(lang: Lang = "vi") -> typer.Typer:
    """Build the ``datacheck`` Typer application with its help texts in ``lang``.

    Parameters
    ----------
    lang
        The language of ``--help`` texts; each command's output follows its own ``--lang``.

    Returns
    -------
    typer.Typer
        The application (commands ``run``, ``checks`` and ``lint``).

    Examples
    --------
    >>> from typer.testing import CliRunner
    >>> result = CliRunner().invoke(create_app("en"), ["--version"])
    >>> result.exit_code, result.stdout.startswith("datacheck ")
    (0, True)
    """
    group_class, command_class = _classes(lang)
    application = typer.Typer(
        cls=group_class,
        name="datacheck",
        help=t("help.app", lang),
        add_completion=False,
        no_args_is_help=True,
        pretty_exceptions_enable=False,
        context_settings={"help_option_names": ["-h", "--help"]},
    )

    def lang_option() -> Any:
        return typer.Option(
            "--lang", help=t("help.lang", lang), case_sensitive=False, show_default=False
        )

    def show_version(value: bool) -> None:
        if value:
            typer.echo(t("cli.version", lang, version=__version__, polars=_polars_version()))
            raise typer.Exit(EXIT_OK)

    @application.callback()
    def root(
        version: Annotated[
            bool,
            typer.Option(
                "--version", help=t("help.version", lang), callback=show_version, is_eager=True
            ),
        ] = False,
        language: Annotated[LangChoice | None, lang_option()] = None,
    ) -> None:
        # the help texts already follow it (main reads --lang before parsing); the
        # commands take it when they are not given their own --lang
        del version, language

    @application.command("run", help=t("help.run", lang), cls=command_class)
    def run_command(
        suite: Annotated[
            Path,
            typer.Argument(help=t("help.suite", lang), show_default=False, metavar="SUITE"),
        ],
        source: Annotated[
            list[str] | None,
            typer.Argument(help=t("help.source", lang), show_default=False, metavar="SOURCE"),
        ] = None,
        *,
        as_of: Annotated[
            str | None, typer.Option("--as-of", help=t("help.as_of", lang), metavar="T")
        ] = None,
        json_path: Annotated[
            Path | None, typer.Option("--json", help=t("help.json", lang), metavar="F")
        ] = None,
        html_path: Annotated[
            Path | None, typer.Option("--html", help=t("help.html", lang), metavar="F")
        ] = None,
        language: Annotated[LangChoice | None, lang_option()] = None,
        reference: Annotated[
            list[str] | None,
            typer.Option("--reference", "-r", help=t("help.reference", lang), metavar="NAME=PATH"),
        ] = None,
        fail_on: Annotated[
            FailOn, typer.Option("--fail-on", help=t("help.fail_on", lang), case_sensitive=False)
        ] = FailOn.FAIL,
        engine: Annotated[
            Engine, typer.Option("--engine", help=t("help.engine", lang), case_sensitive=False)
        ] = Engine.LOCAL,
        master: Annotated[
            str | None, typer.Option("--master", help=t("help.master", lang), metavar="URL")
        ] = None,
        remote: Annotated[
            str | None,
            typer.Option("--remote", help=t("help.remote", lang), metavar="sc://HOST:PORT"),
        ] = None,
        scheduler: Annotated[
            str | None,
            typer.Option("--scheduler", help=t("help.scheduler", lang), metavar="tcp://HOST:PORT"),
        ] = None,
        state: Annotated[
            Path | None, typer.Option("--state", help=t("help.state", lang), metavar="F")
        ] = None,
        unmask: Annotated[bool, typer.Option("--unmask", help=t("help.unmask", lang))] = False,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help=t("help.quiet", lang))] = False,
        failures_path: Annotated[
            Path | None,
            typer.Option("--failures", help=t("help.failures", lang), metavar="F"),
        ] = None,
        history: Annotated[
            Path | None,
            typer.Option("--history", help=t("help.history_store", lang), metavar="DIR"),
        ] = None,
    ) -> None:
        chosen = _resolve_lang(language)
        with _guard(chosen):
            code = _run(
                suite,
                source or [],
                scheduler=scheduler,
                state=state,
                failures_path=failures_path,
                history=history,
                as_of=as_of,
                json_path=json_path,
                html_path=html_path,
                lang=chosen,
                references=reference or [],
                fail_on=fail_on,
                engine=engine,
                master=master,
                remote=remote,
                unmask=unmask,
                quiet=quiet,
            )
        raise typer.Exit(code)

    @application.command("scorecard", help=t("help.scorecard", lang), cls=command_class)
    def scorecard_command(
        national: Annotated[
            Path,
            typer.Argument(help=t("help.national", lang), show_default=False, metavar="NATIONAL"),
        ],
        *,
        out: Annotated[
            Path, typer.Option("--out", "-o", help=t("help.out", lang), metavar="DIR")
        ] = Path("site"),
        as_of: Annotated[
            str | None, typer.Option("--as-of", help=t("help.as_of", lang), metavar="T")
        ] = None,
        language: Annotated[LangChoice | None, lang_option()] = None,
        fail_on: Annotated[
            FailOn, typer.Option("--fail-on", help=t("help.fail_on", lang), case_sensitive=False)
        ] = FailOn.FAIL,
        unmask: Annotated[bool, typer.Option("--unmask", help=t("help.unmask", lang))] = False,
        failures: Annotated[
            bool, typer.Option("--failures", help=t("help.failures_site", lang))
        ] = False,
        history: Annotated[
            Path | None,
            typer.Option("--history", help=t("help.history_store", lang), metavar="DIR"),
        ] = None,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help=t("help.quiet", lang))] = False,
    ) -> None:
        chosen = _resolve_lang(language)
        with _guard(chosen):
            code = _scorecard(
                national,
                failures=failures,
                history=history,
                out=out,
                as_of=as_of,
                lang=chosen,
                fail_on=fail_on,
                unmask=unmask,
                quiet=quiet,
            )
        raise typer.Exit(code)

    @application.command("samples", help=t("help.samples", lang), cls=command_class)
    def samples_command(
        *,
        out: Annotated[
            Path, typer.Option("--out", "-o", help=t("help.samples_out", lang), metavar="DIR")
        ] = Path("samples/out"),
        scale: Annotated[
            float, typer.Option("--scale", help=t("help.scale", lang), metavar="S")
        ] = 0.2,
        seed: Annotated[int, typer.Option("--seed", help=t("help.seed", lang))] = 7,
        as_of: Annotated[
            str | None, typer.Option("--as-of", help=t("help.as_of", lang), metavar="T")
        ] = None,
        clean: Annotated[bool, typer.Option("--clean", help=t("help.clean", lang))] = False,
        language: Annotated[LangChoice | None, lang_option()] = None,
        quiet: Annotated[bool, typer.Option("--quiet", "-q", help=t("help.quiet", lang))] = False,
    ) -> None:
        chosen = _resolve_lang(language)
        with _guard(chosen):
            code = _samples(
                out, scale=scale, seed=seed, as_of=as_of, clean=clean, lang=chosen, quiet=quiet
            )
        raise typer.Exit(code)

    @application.command("history", help=t("help.history", lang), cls=command_class)
    def history_command(
        store: Annotated[
            Path,
            typer.Argument(help=t("help.history_dir", lang), show_default=False, metavar="DIR"),
        ],
        *,
        suite: Annotated[
            str | None, typer.Option("--suite", help=t("help.history_suite", lang))
        ] = None,
        last: Annotated[int, typer.Option("--last", help=t("help.history_last", lang))] = 5,
        drop: Annotated[
            float | None, typer.Option("--drop", help=t("help.history_drop", lang))
        ] = None,
        dimensions: Annotated[
            bool, typer.Option("--dimensions", help=t("help.history_dimensions", lang))
        ] = False,
        all_alerts: Annotated[
            bool, typer.Option("--all-alerts", help=t("help.history_all_alerts", lang))
        ] = False,
        as_json: Annotated[bool, typer.Option("--json", help=t("help.history_json", lang))] = False,
        language: Annotated[LangChoice | None, lang_option()] = None,
    ) -> None:
        chosen = _resolve_lang(language)
        with _guard(chosen):
            _history(
                store,
                suite=suite,
                last=last,
                drop=drop,
                dimensions=dimensions,
                all_alerts=all_alerts,
                as_json=as_json,
                lang=chosen,
            )

    @application.command("suggest", help=t("help.suggest", lang), cls=command_class)
    def suggest_command(
        source: Annotated[
            str,
            typer.Argument(
                help=t("help.suggest_source", lang), show_default=False, metavar="SOURCE"
            ),
        ],
        *,
        name: Annotated[
            str | None, typer.Option("--name", help=t("help.suggest_name", lang))
        ] = None,
        sample_rows: Annotated[
            int | None,
            typer.Option("--sample-rows", min=1, help=t("help.sample_rows", lang), metavar="N"),
        ] = None,
        as_of: Annotated[
            str | None, typer.Option("--as-of", help=t("help.as_of", lang), metavar="T")
        ] = None,
        language: Annotated[LangChoice | None, lang_option()] = None,
    ) -> None:
        chosen = _resolve_lang(language)
        with _guard(chosen):
            from datacheck.suggest import suggest  # noqa: PLC0415 (only when used)

            suggestion = suggest(
                source, name=name, sample_rows=sample_rows, lang=chosen, as_of=as_of
            )
            sys.stdout.write(suggestion.to_yaml())

    @application.command("convert", help=t("help.convert", lang), cls=command_class)
    def convert_command(
        file: Annotated[
            Path,
            typer.Argument(help=t("help.convert_file", lang), show_default=False, metavar="FILE"),
        ],
        *,
        source: Annotated[ConvertFrom, typer.Option("--from", help=t("help.convert_from", lang))],
        object_name: Annotated[
            str | None, typer.Option("--object", help=t("help.convert_object", lang))
        ] = None,
        language: Annotated[LangChoice | None, lang_option()] = None,
    ) -> None:
        chosen = _resolve_lang(language)
        with _guard(chosen):
            _convert(file, source, object_name, chosen)

    @application.command("checks", help=t("help.checks", lang), cls=command_class)
    def checks_command(
        language: Annotated[LangChoice | None, lang_option()] = None,
        as_json: Annotated[bool, typer.Option("--json", help=t("help.checks_json", lang))] = False,
    ) -> None:
        chosen = _resolve_lang(language)
        with _guard(chosen):
            if as_json:
                typer.echo(json.dumps(check_vocabulary(), ensure_ascii=False, indent=2))
            else:
                _print_checks(chosen)

    @application.command("lint", help=t("help.lint", lang), cls=command_class)
    def lint_command(
        suite: Annotated[
            Path,
            typer.Argument(help=t("help.suite", lang), show_default=False, metavar="SUITE"),
        ],
        language: Annotated[LangChoice | None, lang_option()] = None,
    ) -> None:
        chosen = _resolve_lang(language)
        with _guard(chosen):
            _lint(suite, chosen)

    return application


app = create_app(lang_from_env())
"""The application, with help texts in the ``DATACHECK_LANG`` language (default Vietnamese)."""


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line and return its exit code (the ``datacheck`` console script).

    Parameters
    ----------
    argv
        The arguments (default ``sys.argv[1:]``).

    Returns
    -------
    int
        0 passed, 1 checks failed, 2 bad input, 3 internal error.

    Examples
    --------
    >>> main(["--version"])  # doctest: +ELLIPSIS
    datacheck ...
    0
    """
    args = list(sys.argv[1:] if argv is None else argv)
    command = typer.main.get_command(create_app(_lang_from_argv(args)))
    code = command.main(args=args, prog_name="datacheck", standalone_mode=False)
    return code if isinstance(code, int) else EXIT_OK
