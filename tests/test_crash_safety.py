"""Crash safety: outputs are replaced atomically, inputs are never written.

Every writer — the JSON result (``Result.write_json``), the HTML page (``write_html``) and
site (``write_site``), the failures export (``write_failures``), the history store
(``history.append``) and the sample databases (``samples.write_samples``) — runs in a child
process that is killed with SIGKILL:

* at random moments while it rewrites its output over and over (several timings, spread over
  the measured time of one write, so some land mid-write);
* deterministically **mid-write**: the child's low-level write is replaced by one that writes
  half of the bytes, then waits to be killed;
* deterministically **before the rename**: the child waits to be killed at the rename.

Afterwards the file under the final name is byte-identical to either the previous version
or the complete new one — never partial — and readers (``json``, Parquet, the history store)
accept it. Leftover temporary files are hidden (``.name….tmp``) and ignored by readers.

Inputs: after runs through the CLI and the API (JSON, HTML, failures, history, national
scorecard, suggest), the input files' bytes and modification times are unchanged, no file
appears next to them, and (Linux) inotify saw no write, attribute change or creation in their
folders.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import polars as pl
import pyarrow.parquet as pq
import pytest

import datacheck as dc
from datacheck import history
from datacheck.cli import main
from tests.inotify_watch import WRITES, Inotify

REPO = Path(__file__).resolve().parents[1]
AS_OF = "2026-06-30"
TRIALS = int(os.environ.get("DATACHECK_CRASH_TRIALS", "2"))
"""Random-timing kills per writer (``DATACHECK_CRASH_TRIALS`` for more)."""

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX-only")

CHILD = r'''
import io, json, os, pathlib, shutil, sys, time

mode, target, version, pause, loops = sys.argv[1:6]
target, loops = pathlib.Path(target), int(loops)

import polars as pl
import datacheck as dc


def payload(version):
    """A result big enough that writing it takes measurable time; old and new differ."""
    n = 40_000 if mode == "failures" else 3_000
    big = version == "new"
    ids = pl.int_range(n, eager=True)
    frame = pl.DataFrame({
        "id": ids,
        "name": pl.Series(
            ["Nguyễn Văn An", None, "x" * (60 if big else 20), "Lê Thị Bình"]
        )[ids % 4],
        "code": (ids % (500 if big else 700)).cast(pl.String).str.zfill(12),
        **{f"c{i}": (ids % (i + 2)).cast(pl.String) for i in range(20 if big else 10)},
    })
    checks = [
        dc.checks.NotNull(columns=["name"]),
        dc.checks.Pattern(columns=["name"], pattern="^[A-Z]"),
        dc.checks.Unique(columns=["code"]),
        dc.checks.InSet(columns=[c for c in frame.columns if c.startswith("c")], values=["0"]),
    ]
    suite = dc.Suite(name=f"crash_{version}", key=["id"], pii=["name"], checks=checks,
                     samples=1000 if mode in ("json", "html") else 5)
    return dc.run(suite, frame, as_of="2026-06-30")


def write(result, path):
    if mode == "json":
        result.write_json(path)
    elif mode == "html":
        result.write_html(path)
    elif mode == "site":
        from datacheck.report.html import write_site
        write_site(result, None, path)
    elif mode == "failures":
        result.write_failures(path)
    elif mode == "history":
        from datacheck import history
        history.append(result, path)
    elif mode == "samples":
        from samples import write_samples
        write_samples(result, path)
    else:
        raise SystemExit(f"unknown mode {mode}")


def build(version):
    if mode == "site":
        root = pathlib.Path(os.environ["CRASH_NATIONAL"])
        from datacheck.national import run_national
        as_of = "2026-06-30" if version == "new" else "2026-05-31"
        return run_national(root / "national.yaml", as_of=as_of)
    if mode == "samples":
        from samples import generate_samples
        rows = 12_000 if version == "new" else 4_000
        return generate_samples(rows=rows, seed=3, as_of="2026-06-30")
    return payload(version)


def say(text):
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def wait_to_be_killed():
    say("paused")
    time.sleep(600)
    raise SystemExit("not killed")


def half_then_wait(data, path):
    with open(path, "wb") as handle:
        handle.write(data[: len(data) // 2])
        handle.flush()
        os.fsync(handle.fileno())
    wait_to_be_killed()


def install_pause(pause):
    if pause == "none":
        return
    if pause.startswith("rename"):
        nth = int(pause[len("rename"):] or "1")
        calls = [0]
        # pathlib's rename and replace call these
        originals = {(os, "replace"): os.replace, (os, "rename"): os.rename}
        def wrap(original):
            def paused(*args, **kwargs):
                calls[0] += 1
                if calls[0] == nth:
                    wait_to_be_killed()
                return original(*args, **kwargs)
            return paused
        for (owner, name), original in originals.items():
            setattr(owner, name, wrap(original))
        return
    assert pause == "half", pause
    if mode in ("json", "html", "site"):
        import datacheck._atomic as atomic
        real_fdopen = os.fdopen
        class Half:
            def __init__(self, fd):
                self.handle = real_fdopen(fd, "wb")
            def __enter__(self):
                return self
            def __exit__(self, *exc):
                self.handle.close()
            def write(self, data):
                self.handle.write(data[: len(data) // 2])
                self.handle.flush()
                os.fsync(self.handle.fileno())
                wait_to_be_killed()
        atomic.os.fdopen = lambda fd, *a, **k: Half(fd)
    elif mode == "failures":
        real_sink = pl.LazyFrame.sink_parquet
        def sink(self, path, *args, **kwargs):
            side = str(path) + ".side"
            real_sink(self, side, *args, **kwargs)
            data = pathlib.Path(side).read_bytes()
            os.unlink(side)
            half_then_wait(data, path)
        pl.LazyFrame.sink_parquet = sink
    elif mode == "history":
        import pyarrow.parquet as pq
        real_write = pq.write_table
        def write_table(table, where, *args, **kwargs):
            buffer = io.BytesIO()
            real_write(table, buffer, *args, **kwargs)
            half_then_wait(buffer.getvalue(), where)
        pq.write_table = write_table
    elif mode == "samples":
        real_write = pl.DataFrame.write_parquet
        def write_parquet(self, path, *args, **kwargs):
            buffer = io.BytesIO()
            real_write(self, buffer, *args, **kwargs)
            half_then_wait(buffer.getvalue(), path)
        pl.DataFrame.write_parquet = write_parquet


result = build(version)
if version == "old":
    write(result, target)
    say("done")
    raise SystemExit(0)
expected = pathlib.Path(os.environ["CRASH_EXPECTED"])
started = time.perf_counter()
write(result, expected)
say(f"ready {time.perf_counter() - started:.4f}")
install_pause(pause)
for _ in range(loops):
    write(result, target)
say("done")
'''


# ------------------------------------------------------------------------------ helpers


def _snapshot(path: Path) -> dict[str, bytes]:
    """Every file under ``path`` (or the file itself) by relative name, hidden ones excluded."""
    if path.is_file():
        return {"": path.read_bytes()}
    if not path.exists():
        return {}
    return {
        str(p.relative_to(path)): p.read_bytes()
        for p in sorted(path.rglob("*"))
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
    }


def _temporaries(path: Path) -> list[Path]:
    folder = path if path.is_dir() else path.parent
    return sorted(p for p in folder.rglob(".*") if p.is_file() or p.is_dir())


class Child:
    """The writer in a child process, speaking one line at a time on stdout."""

    def __init__(self, script: Path, *args: str, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, str(script), *args],
            cwd=REPO,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            env={**os.environ, **env, "PYTHONPATH": str(REPO)},
            text=True,
        )

    def line(self, timeout: float = 300) -> str:
        assert self.process.stdout is not None
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            text = self.process.stdout.readline()
            if text:
                return text.strip()
            if self.process.poll() is not None:
                err = self.process.stderr.read() if self.process.stderr else ""
                raise AssertionError(f"child exited {self.process.returncode}: {err[-2000:]}")
        raise AssertionError("child is silent")

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.process.pid, signal.SIGKILL)
        _, err = self.process.communicate(timeout=60)
        assert self.process.returncode in (-signal.SIGKILL, 0), err[-2000:]

    def finish(self) -> None:
        _, err = self.process.communicate(timeout=600)
        assert self.process.returncode == 0, err[-2000:]


@pytest.fixture(scope="module")
def script(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("child") / "writer.py"
    path.write_text(CHILD, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def national_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two small databases and a national.yaml (for ``write_site``)."""
    root = tmp_path_factory.mktemp("national")
    for name, rows in (("a", 3000), ("b", 2000)):
        frame = pl.DataFrame(
            {"id": list(range(rows)), "v": [None if i % 7 == 0 else "x" for i in range(rows)]}
        )
        frame.write_parquet(root / f"{name}.parquet")
        (root / f"{name}.yaml").write_text(
            f"suite: {name}\nsource: {name}.parquet\nkey: id\nsamples: 100\nchecks:\n"
            "  - check: not_null\n    column: v\n  - check: unique\n    columns: [id]\n",
            encoding="utf-8",
        )
    (root / "national.yaml").write_text(
        "national: n\ndatabases:\n  - suite: a.yaml\n  - suite: b.yaml\n", encoding="utf-8"
    )
    return root


def _is_valid(mode: str, path: Path) -> None:
    """The reader of the output accepts it."""
    if mode == "json":
        dc.Result.read_json(path)
    elif mode == "html":
        assert path.read_text(encoding="utf-8").rstrip().endswith("</html>")
    elif mode == "site":
        for page in path.glob("*.html"):
            assert page.read_text(encoding="utf-8").rstrip().endswith("</html>")
    elif mode == "failures":
        pl.read_parquet(path)
    elif mode == "history":
        history.read(path)
        for part in path.rglob("part-*.parquet"):
            pq.read_table(part)
    elif mode == "samples":
        for folder in path.iterdir():
            if folder.is_dir() and not folder.name.startswith("."):
                pl.read_parquet(folder / "*.parquet")
        json.loads((path / "manifest.json").read_text(encoding="utf-8"))


MODES = ["json", "html", "site", "failures", "history", "samples"]


def _target(tmp: Path, mode: str) -> Path:
    return tmp / {"json": "r.json", "html": "r.html", "failures": "r.failures.parquet"}.get(
        mode, mode
    )


def _groups(snapshot: dict[str, bytes], mode: str) -> dict[str, dict[str, bytes]]:
    """The units replaced atomically: one file, or (samples) one dataset folder."""
    groups: dict[str, dict[str, bytes]] = {}
    for name, data in snapshot.items():
        unit = name.split("/", 1)[0] if mode == "samples" else name
        groups.setdefault(unit, {})[name] = data
    return groups


def _assert_old_or_new(
    mode: str, target: Path, old: dict[str, bytes], new: list[dict[str, bytes]]
) -> str:
    """Each unit under the final name is the previous version or a complete new one.

    ``new`` lists the complete new versions the children wrote (each child runs the suite
    again, so its run time, and the bytes of its JSON, differ).
    """
    now = _snapshot(target)
    if mode == "history":
        for name, data in old.items():
            assert now.get(name) == data, f"previous history file {name} changed"
        sizes = {len(pq.read_table(io.BytesIO(d))) for version in new for d in version.values()}
        for name in set(now) - set(old):
            assert len(pq.read_table(io.BytesIO(now[name]))) in sizes, name
        _is_valid(mode, target)
        return "new" if set(now) - set(old) else "old"
    old_units = _groups(old, mode)
    new_units = [_groups(version, mode) for version in new]
    states = set()
    for unit, files in _groups(now, mode).items():
        if files == old_units.get(unit):
            states.add("old")
        elif any(files == version.get(unit) for version in new_units):
            states.add("new")
        else:
            raise AssertionError(f"{mode}: {unit or target.name} is neither version")
    for unit in old_units:
        assert unit in _groups(now, mode), f"{mode}: {unit or target.name} disappeared"
    _is_valid(mode, target)
    return "+".join(sorted(states))


def _expected_path(tmp: Path, mode: str) -> Path:
    return tmp / "expected" / _target(Path(), mode).name


def _env(tmp: Path, mode: str, national: Path) -> dict[str, str]:
    return {"CRASH_EXPECTED": str(_expected_path(tmp, mode)), "CRASH_NATIONAL": str(national)}


@pytest.mark.parametrize("mode", MODES)
def test_sigkill_never_leaves_a_partial_output(
    script: Path, national_root: Path, tmp_path: Path, mode: str
) -> None:
    target = _target(tmp_path / "out", mode)
    target.parent.mkdir(parents=True, exist_ok=True)
    env = _env(tmp_path, mode, national_root)
    Child(script, mode, str(target), "old", "none", "1", env=env).finish()
    old = _snapshot(target)
    assert old
    rng = random.Random(f"{mode}-{os.getpid()}-{time.time_ns()}")
    outcomes: list[tuple[str, str, int]] = []
    versions: list[dict[str, bytes]] = []
    randoms = [f"random{i}" for i in range(TRIALS)]
    for scenario in ["half", "rename1", *randoms]:
        shutil.rmtree(tmp_path / "expected", ignore_errors=True)
        pause = "none" if scenario.startswith("random") else scenario
        before = set(_temporaries(target))
        child = Child(script, mode, str(target), "new", pause, "1000", env=env)
        ready = child.line()
        assert ready.startswith("ready "), ready
        seconds = max(float(ready.split()[1]), 0.005)
        versions.append(_snapshot(_expected_path(tmp_path, mode)))
        assert versions[-1]
        assert versions[-1] != old
        if pause == "none":
            # spread over the time of a few writes: early, mid-write, between writes
            index = int(scenario.removeprefix("random"))
            low, high = index * seconds * 3 / TRIALS, (index + 1) * seconds * 3 / TRIALS
            time.sleep(rng.uniform(low, high))
        else:
            assert child.line() == "paused"
        child.kill()
        state = _assert_old_or_new(mode, target, old, versions)
        leftovers = len(set(_temporaries(target)) - before)  # > 0: killed mid-write
        outcomes.append((scenario, state, leftovers))
        if pause != "none":
            # killed halfway through the data, or just before the rename: nothing replaced
            assert state == "old", (scenario, state)
        if scenario == "half":
            assert leftovers, "the half-written temporary file should remain, hidden"
    sys.stderr.write(f"\ncrash safety {mode}: {outcomes}\n")


def test_sigkill_between_the_two_renames_of_a_samples_folder(
    script: Path, national_root: Path, tmp_path: Path
) -> None:
    target = _target(tmp_path / "out", "samples")
    env = _env(tmp_path, "samples", national_root)
    Child(script, "samples", str(target), "old", "none", "1", env=env).finish()
    old = _snapshot(target)
    child = Child(script, "samples", str(target), "new", "rename2", "1", env=env)
    assert child.line().startswith("ready ")
    new = _snapshot(_expected_path(tmp_path, "samples"))
    assert child.line() == "paused"
    child.kill()
    _assert_old_or_new("samples", target, old, [new])


# ------------------------------------------------------------------------------ read-only inputs


def _watch_writes(root: Path) -> Inotify:
    """inotify on a folder tree: any write, attribute change, creation or move is recorded."""
    return Inotify([root, *(p for p in root.rglob("*") if p.is_dir())], WRITES)


def _state(root: Path) -> dict[str, tuple[str, int]]:
    return {
        str(p.relative_to(root)): (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def _cli(*args: str) -> int:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    assert code in (0, 1), (args, err.getvalue()[-2000:])
    return code


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    """Data (Parquet, CSV, Arrow, a folder), a reference, suites and a national list."""
    root = tmp_path / "inputs"
    (root / "folder" / "year=2025").mkdir(parents=True)
    people = pl.DataFrame(
        {
            "person_id": ["001203005678", "001203005679", None, "001203005678"],
            "full_name": ["Nguyễn Văn An", "Lê Thị Bình", "x", None],
            "birth_date": ["1990-01-01", "2001-02-03", None, "1985-12-31"],
        }
    ).with_columns(pl.col("birth_date").str.to_date())
    people.write_parquet(root / "people.parquet")
    people.write_csv(root / "people.csv")
    people.write_ipc(root / "people.arrow")
    people.write_parquet(root / "folder" / "year=2025" / "part-0.parquet")
    people.head(2).write_parquet(root / "population.parquet")
    (root / "people.yaml").write_text(
        "suite: people\nkey: person_id\npii: [person_id, full_name]\nsource: people.parquet\n"
        "references: {population: population.parquet}\nchecks:\n"
        "  - check: not_null\n    columns: [person_id, full_name]\n"
        "  - check: unique\n    columns: [person_id]\n"
        "  - check: exists_in\n    column: person_id\n    reference: population\n",
        encoding="utf-8",
    )
    (root / "national.yaml").write_text(
        "national: n\ndatabases:\n  - suite: people.yaml\n  - suite: people.yaml\n"
        "    source: people.arrow\n",
        encoding="utf-8",
    )
    for path in root.rglob("*"):
        if path.is_file():
            os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    return root


def test_inputs_are_never_written(inputs: Path, tmp_path: Path) -> None:
    before = _state(inputs)
    watch = _watch_writes(inputs)
    out = tmp_path / "out"
    suite = str(inputs / "people.yaml")
    try:
        for source in ("people.parquet", "people.csv", "people.arrow", "folder"):
            name = Path(source).stem
            _cli(
                "run",
                suite,
                str(inputs / source),
                "--as-of",
                AS_OF,
                "--quiet",
                "--json",
                str(out / f"{name}.json"),
                "--html",
                str(out / f"{name}.html"),
                "--failures",
                str(out / f"{name}.failures.parquet"),
                "--history",
                str(out / "history"),
            )
            _cli("suggest", str(inputs / source))
        _cli(
            "scorecard",
            str(inputs / "national.yaml"),
            "--out",
            str(out / "site"),
            "--as-of",
            AS_OF,
            "--failures",
            "--history",
            str(out / "history"),
            "--quiet",
        )
        _cli("lint", suite)
        result = dc.run(suite, as_of=AS_OF)
        result.failures().collect()
        result.write_failures(out / "api.failures.parquet")
        dc.failures(suite, inputs / "people.csv", as_of=AS_OF).collect()
        result.write_json(out / "api.json")
        result.write_html(out / "api.html")
        history.append(result, out / "history")
        from datacheck.suggest import suggest  # noqa: PLC0415 (the API as the CLI uses it)

        suggest(str(inputs / "people.parquet"))
        events = watch.events()
    finally:
        watch.close()
    assert _state(inputs) == before
    assert not events, events
    assert (out / "site" / "index.html").exists()  # the runs did write their outputs
