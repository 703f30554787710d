"""Several plans in one command: each one's mistake (or a bug) is reported, never stops the others."""

from __future__ import annotations

import concurrent.futures
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from .errors import KehoachError, PlanError, unexpected_message

T = TypeVar("T")


def each_plan(paths: Iterable[Path], work: Callable[[Path], T]) -> tuple[list[T], list[str]]:
    """``work`` on every path: the results, and one message per plan that failed (KEHOACH_DEBUG=1 re-raises bugs)."""
    results: list[T] = []
    failures: list[str] = []
    for path in paths:
        try:
            results.append(work(path))
        except KehoachError as exc:
            failures.append(str(exc) if isinstance(exc, PlanError) else f"{path}: lỗi: {exc}")
        except Exception as exc:  # a bug in one plan must not stop the batch or hide its summary
            if os.environ.get("KEHOACH_DEBUG"):
                raise
            failures.append(unexpected_message(str(path), exc))
    return results, failures


def jobs_default() -> int:
    """Worker processes for many plans: one per core (os.process_cpu_count where Python has it)."""
    count = getattr(os, "process_cpu_count", os.cpu_count)()
    return max(1, count or 1)


def in_workers(paths: list[Path], work: Callable[[Path], T], jobs: int,
               progress: Callable[[int, int, Path, float], None] | None = None,
               initializer: Callable[[], None] | None = None) -> tuple[list[T], list[str]]:
    """:func:`each_plan` over ``jobs`` worker processes: the same results and messages, in the order of ``paths``
    (a plan's output does not depend on which worker built it). ``work`` must be a module-level function whose
    result pickles; keep it small (text, not documents) so the parent's memory stays flat. ``progress`` is told
    each plan done: (done, total, path, seconds left, estimated from the plans done so far). ``initializer`` runs
    first in each worker (a module-level function: workers may be started fresh, not forked)."""
    if jobs <= 1 or len(paths) <= 1:
        return each_plan(paths, work)
    outcome: dict[int, tuple[list[T], list[str]]] = {}
    started = time.monotonic()
    with concurrent.futures.ProcessPoolExecutor(max_workers=min(jobs, len(paths)), initializer=initializer) as pool:
        futures = {pool.submit(each_plan, [path], work): i for i, path in enumerate(paths)}
        for done, future in enumerate(concurrent.futures.as_completed(futures), 1):
            i = futures[future]
            try:
                outcome[i] = future.result()
            except Exception as exc:  # a worker that died (killed, out of memory): this plan fails, not the batch
                if os.environ.get("KEHOACH_DEBUG"):
                    raise
                outcome[i] = ([], [unexpected_message(str(paths[i]), exc)])
            if progress:
                spent = time.monotonic() - started
                progress(done, len(paths), paths[i], spent / done * (len(paths) - done))
    results: list[T] = []
    failures: list[str] = []
    for i in range(len(paths)):
        results += outcome[i][0]
        failures += outcome[i][1]
    return results, failures


@dataclass(frozen=True)
class Said:
    """What one build tells the user: small enough to come back from a worker process (no documents)."""

    warnings: tuple[str, ...]
    lines: tuple[str, ...]


def build_and_say(path: Path, out: Path, templates: Path | None, force: bool, pdf: bool) -> Said:
    """``build.build_plan``, then its summary lines (``kehoach build`` of many plans runs this in workers)."""
    from .build import build_plan
    from .summary import built

    result = build_plan(path, out, templates=templates, force=force, pdf=pdf)
    return Said(result.plan.warnings, tuple(built(result, pdf=pdf)))
