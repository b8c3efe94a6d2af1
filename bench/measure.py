"""Measuring one command: a check run under GNU time (does it work, peak memory), the timed
repetitions under hyperfine, and optionally an instruction count under callgrind.

Standard library only. A `Case` says what to run and how to reset before each run; a
`Result` holds what was measured.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

#: How long one check run may take before it is declared failed.
CHECK_TIMEOUT = 600
#: A command whose check run takes less than this many seconds gets FAST_RUNS repetitions.
FAST_SECONDS = 0.25
FAST_RUNS = 20
#: A command whose check run takes longer than SLOW_SECONDS is timed once more (twice in
#: all, the check run counting as one sample); over VERY_SLOW_SECONDS, the check run is the
#: only sample. This bounds the run time when a tool is very slow.
SLOW_SECONDS = 20.0
VERY_SLOW_SECONDS = 60.0


@dataclass
class Case:
    """One measured command: what it is, how to run it, how to reset before each run."""

    group: str
    scenario: str  # e.g. "N=1000" or "sqlite-tmpfs"
    op: str  # e.g. "heads", "N=1000", "empty"
    tool: str  # e.g. "shale", "alembic", "raw"
    command: str  # shell command, run in `cwd` with `env` added
    cwd: Path
    env: dict[str, str] = field(default_factory=dict)
    prepare: str | None = None
    verify: str | None = None  # shell command whose stdout must equal `expect`
    expect: str | None = None
    expect_output: str | None = None  # text the check run's stdout must contain
    callgrind: bool = False  # also count instructions (the command must start with the program)

    @property
    def key(self) -> str:
        """A file-name-safe identifier of the case."""
        raw = f"{self.group}-{self.scenario}-{self.op}-{self.tool}"
        return "".join(ch if ch.isalnum() or ch in "-=." else "_" for ch in raw)


@dataclass
class Result:
    """What was measured for one case."""

    case: Case
    status: str  # "ok", "n/a", "FAILED"
    times: list[float] = field(default_factory=list)
    rss_kb: int | None = None
    instructions: int | None = None
    note: str = ""
    check_seconds: float = 0.0

    def as_json(self) -> dict:
        """A JSON-ready summary (the command included, so a reader can rerun it)."""
        c = self.case
        return {
            "group": c.group, "scenario": c.scenario, "op": c.op, "tool": c.tool,
            "command": c.command, "cwd": str(c.cwd), "env": c.env, "prepare": c.prepare,
            "status": self.status, "times": self.times, "rss_kb": self.rss_kb,
            "instructions": self.instructions, "note": self.note,
        }


def sh(cmd: str, cwd: Path | None = None, env: dict[str, str] | None = None,
       timeout: int | None = CHECK_TIMEOUT) -> subprocess.CompletedProcess:
    """Runs a shell command, capturing its output as text."""
    full_env = {**os.environ, **(env or {})}
    return subprocess.run(["bash", "-c", cmd], cwd=cwd, env=full_env, capture_output=True,
                          text=True, timeout=timeout)


def log(msg: str) -> None:
    """Progress for the person watching."""
    print(msg, flush=True)


def first_line(text: str) -> str:
    """The first meaningful line of an error output, shortened."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    errors = [ln for ln in lines if "error" in ln.lower()]
    line = (errors or lines or ["(no output)"])[0]
    return line[:200]


def parse_rss(path: Path) -> int | None:
    """GNU time's %M output (kilobytes), or None."""
    try:
        lines = path.read_text().split()
        return int(lines[-1]) if lines else None
    except (OSError, ValueError):
        return None


def prepare(case: Case) -> str:
    """Runs the case's prepare step; returns an error note, or '' when it worked."""
    if not case.prepare:
        return ""
    proc = sh(case.prepare, cwd=case.cwd, env=case.env)
    return "" if proc.returncode == 0 else "prepare failed: " + first_line(proc.stderr)


def check_run(case: Case, workdir: Path) -> Result:
    """Runs the case once under GNU time: is it implemented, does it work, peak memory."""
    if err := prepare(case):
        return Result(case, "FAILED", note=err)
    rss_file = workdir / f"{case.key}.rss"
    timed = f"/usr/bin/time -f %M -o {shlex.quote(str(rss_file))} bash -c {shlex.quote(case.command)}"
    started = time.monotonic()
    try:
        proc = sh(timed, cwd=case.cwd, env=case.env)
    except subprocess.TimeoutExpired:
        return Result(case, "FAILED", note=f"timed out after {CHECK_TIMEOUT} s")
    elapsed = time.monotonic() - started
    (workdir / f"{case.key}.out").write_text(proc.stdout + "\n--- stderr ---\n" + proc.stderr)
    if proc.returncode != 0:
        text = proc.stderr + proc.stdout
        if case.tool.startswith("shale") and "unrecognized subcommand" in text:
            return Result(case, "n/a", note="command not implemented yet")
        return Result(case, "FAILED", note=f"exit {proc.returncode}: " + first_line(text))
    rss = parse_rss(rss_file)
    if case.expect_output and case.expect_output not in proc.stdout:
        return Result(case, "FAILED", rss_kb=rss,
                      note=f"wrong result: {case.expect_output!r} not in the output")
    if case.verify:
        got = sh(case.verify, cwd=case.cwd, env=case.env).stdout.strip()
        if got != case.expect:
            return Result(case, "FAILED", rss_kb=rss,
                          note=f"wrong result: expected {case.expect!r}, found {got!r}")
    return Result(case, "ok", rss_kb=rss, check_seconds=elapsed)


def hyperfine(case: Case, runs: int, workdir: Path) -> list[float]:
    """Times the case `runs` times with hyperfine; returns the wall times in seconds."""
    export = workdir / f"{case.key}.json"
    cmd = ["hyperfine", "--runs", str(runs), "--style", "basic", "--export-json", str(export),
           "--command-name", case.tool, case.command]
    if case.prepare:
        cmd[1:1] = ["--prepare", case.prepare]
    if not any(ch in case.command for ch in "<>|&;$`'\""):
        # No shell needed: spares hyperfine from subtracting a shell's start-up time, an
        # estimate that on a busy machine can exceed a fast command's whole run.
        cmd[1:1] = ["--shell=none"]
    proc = subprocess.run(cmd, cwd=case.cwd, env={**os.environ, **case.env},
                          capture_output=True, text=True)
    (workdir / f"{case.key}.hyperfine.log").write_text(proc.stdout + proc.stderr)
    if proc.returncode != 0:
        raise RuntimeError(first_line(proc.stderr + proc.stdout))
    return json.loads(export.read_text())["results"][0]["times"]


def callgrind(case: Case, workdir: Path) -> int | None:
    """Instructions executed by the case's program (valgrind --tool=callgrind), or None.

    Unlike wall time this does not move when the machine is busy, so it judges a change to
    shale even on a loaded machine.
    """
    if prepare(case):
        return None
    log_file = workdir / f"{case.key}.callgrind.log"
    cmd = (f"valgrind --tool=callgrind --callgrind-out-file=/dev/null "
           f"--log-file={shlex.quote(str(log_file))} {case.command}")
    try:
        if sh(cmd, cwd=case.cwd, env=case.env).returncode != 0:
            return None
        found = re.search(r"Collected : (\d+)", log_file.read_text())
    except (subprocess.TimeoutExpired, OSError):
        return None
    return int(found.group(1)) if found else None


def measure(case: Case, runs: int, workdir: Path, fast_runs: int | None = None) -> Result:
    """Check run (memory), then the timed repetitions (`fast_runs` of them for a command
    that takes less than FAST_SECONDS; fewer for a slow one, see SLOW_SECONDS), then
    callgrind when the case asks for it."""
    result = check_run(case, workdir)
    if result.status == "ok":
        samples: list[float] = []
        if fast_runs and result.check_seconds < FAST_SECONDS:
            runs = max(runs, fast_runs)
        elif result.check_seconds > SLOW_SECONDS:
            samples = [result.check_seconds]
            runs = 0 if result.check_seconds > VERY_SLOW_SECONDS else 1
            result.note = (f"slow: {runs + 1} sample(s), the check run counted as one "
                           f"({result.check_seconds:.0f} s)")
        try:
            result.times = samples + (hyperfine(case, runs, workdir) if runs else [])
        except RuntimeError as err:
            result.status, result.note = "FAILED", f"hyperfine: {err}"
    if result.status == "ok" and case.callgrind:
        result.instructions = callgrind(case, workdir)
    return result
