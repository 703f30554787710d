"""Several plans in one command: each one's mistake (or a bug) is reported, never stops the others."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
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
