"""The ``datacheck`` package: its public names load on first use, and are the real ones."""

from __future__ import annotations

import subprocess
import sys
import types
from pathlib import Path

import polars as pl
import pytest

import datacheck as dc


def _run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)


def test_import_datacheck_loads_neither_polars_nor_the_engine() -> None:
    done = _run_python(
        "import sys, datacheck\n"
        "heavy = [m for m in ('polars', 'yaml', 'datacheck.runner', 'datacheck.checks')"
        " if m in sys.modules]\n"
        "print(heavy, datacheck.__version__)\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split()[0] == "[]"
    assert done.stdout.split()[1] == dc.__version__


def test_running_a_suite_built_in_python_never_loads_pyyaml(tmp_path: Path) -> None:
    data = tmp_path / "people.parquet"
    pl.DataFrame({"id": ["1", "2", None]}).write_parquet(data)
    done = _run_python(
        "import sys, datacheck as dc\n"
        "suite = dc.Suite('people', checks=[dc.checks.NotNull(columns=['id'])])\n"
        f"result = dc.run(suite, {str(data)!r})\n"
        "before = 'yaml' in sys.modules\n"
        "dc.Suite.loads(suite.to_yaml())\n"
        "print(result.check('not_null:id').failed, before, 'yaml' in sys.modules)\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["1", "False", "True"]


def test_the_vietnamese_checks_load_with_the_registry_not_with_the_engine() -> None:
    done = _run_python(
        "import sys, datacheck\n"
        "datacheck.run, datacheck.checks.Unique\n"
        "before = sorted(m for m in sys.modules if m.startswith('datacheck.vn'))\n"
        "from datacheck.checks import registered_checks\n"
        "names = registered_checks()\n"
        "print(before, 'cccd' in names, 'admin_unit' in names, 'phone_vn' in names)\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[] True True True"


@pytest.mark.parametrize("name", [n for n in dc.__all__ if n != "__version__"])
def test_every_public_name_resolves_to_the_object_of_its_home_module(name: str) -> None:
    value = getattr(dc, name)
    if isinstance(value, types.ModuleType):
        assert value.__name__ == f"datacheck.{name}"
        assert sys.modules[value.__name__] is value
    else:
        home = sys.modules[value.__module__]
        assert getattr(home, name) is value
        assert value.__module__.startswith("datacheck.")


def test_star_import_and_dir_list_every_public_name() -> None:
    done = _run_python(
        "from datacheck import *\n"
        "import datacheck\n"
        "missing = [n for n in datacheck.__all__ if n not in globals()]\n"
        "absent = [n for n in datacheck.__all__ if n not in dir(datacheck)]\n"
        "print(missing, absent)\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[] []"


def test_an_unknown_name_is_an_attribute_error_naming_it() -> None:
    with pytest.raises(AttributeError, match="no attribute 'not_a_name'"):
        _ = dc.not_a_name  # type: ignore[attr-defined]


@pytest.mark.parametrize("name", ["failures", "suggest"])
def test_a_function_named_like_its_module_stays_the_function(name: str) -> None:
    """Importing ``datacheck.failures`` (the module) first must not make ``dc.failures`` it.

    The import system binds a submodule on its package; an eager ``from datacheck.failures
    import failures`` used to win by running last, the package's module type does it now.
    """
    done = _run_python(
        f"import types, datacheck.{name} as first\n"
        "import datacheck\n"
        f"value = datacheck.{name}\n"
        "print(isinstance(value, types.ModuleType), callable(value),"
        f" value is getattr(__import__('sys').modules['datacheck.{name}'], '{name}'))\n"
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True", "True"]
    assert callable(getattr(dc, name))
    assert not isinstance(getattr(dc, name), types.ModuleType)


def test_every_module_can_be_the_first_one_imported() -> None:
    """No import cycle hides behind the package's import order.

    ``import datacheck`` imports nothing, so a module imported first is on its own: its
    imports must not need another module to be loaded before it (``datacheck.engine.stages``
    once did, through ``datacheck.checks``).
    """
    import pkgutil  # noqa: PLC0415

    names = ["datacheck"] + [
        m.name
        for m in pkgutil.walk_packages(dc.__path__, "datacheck.")
        if ".__main__" not in m.name
    ]
    code = (
        "import importlib, subprocess, sys\n"
        f"names = {names!r}\n"
        "bad = []\n"
        "for name in names:\n"
        "    done = subprocess.run([sys.executable, '-c', f'import {name}'],"
        " capture_output=True, text=True)\n"
        "    if done.returncode:\n"
        "        bad.append((name, done.stderr.strip().splitlines()[-1]))\n"
        "print(bad)\n"
    )
    done = _run_python(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
    assert len(names) > 50


def test_dir_lists_the_public_names_only() -> None:
    names = dir(dc)
    assert set(dc.__all__) <= set(names)
    assert "testing" in dc.__all__
    # besides them only the package's own submodules, once imported
    leaked = [
        n
        for n in names
        if not n.startswith("__")
        and n not in dc.__all__
        and not isinstance(getattr(dc, n), types.ModuleType)
    ]
    assert leaked == [], leaked  # no imports of the package's own (Any, TYPE_CHECKING …)
    assert not {"sys", "types", "importlib", "Any", "TYPE_CHECKING"} & set(names)
