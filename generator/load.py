"""Plan files and texts -> a whole, checked Plan: the entry point of every door that reads YAML.

Three stages, one direction: reading (``parse``; ``overlay`` for a plan that extends another, which
``adapt``s its base), then ``validate`` on the model. Problems of the model are placed back in the file
(file:line:col) by the reader. Errors stop with one PlanError listing all of them; warnings ride on the plan.
"""

from __future__ import annotations

import collections
import dataclasses
import os
import threading
from pathlib import Path

import yaml

from .errors import Issue, PlanError, display_path
from .model import Plan
from .overlay import read_extended
from .parse import parse_plan
from .reader import Node, Reader
from .validate import validate
from .yamlio import Source, fingerprint, load_yaml, parse_yaml_text, recording_reads, same_content


def load_plan(path: Path) -> Plan:
    """Read and validate a plan file (resolving the plans it extends); raise PlanError listing every problem."""
    plan, issues = read_plan(path)
    return _checked(plan, issues, display_path(path))


def load_plan_text(text: str, name: str = "ke-hoach", *, folder: Path | None = None) -> Plan:
    """The same for YAML text that is not a file (a web form, a test): ``name`` names it in messages and in the
    output folder; a ``ke_thua`` in it is read relative to ``folder`` (default: the working directory)."""
    source = parse_yaml_text(text, f"{name}.yaml")
    plan, issues = _read(source, (folder or Path.cwd()) / f"{name}.yaml", ())
    return _checked(plan, issues, source.name)


def check_text(text: str, name: str = "ke-hoach") -> list[Issue]:
    """Every problem of a plan text (no ``ke_thua``), never raising: what a door that writes plan data checks
    before it hands the data over."""
    return read_plan_text(text, name)[1]


def read_plan_text(text: str, name: str = "ke-hoach") -> tuple[Plan | None, list[Issue]]:
    """A plan text (no ``ke_thua``) as the plan it is and all its problems, never raising."""
    try:
        source = parse_yaml_text(text, f"{name}.yaml")
    except PlanError as exc:
        return None, list(exc.issues)
    return _read(source, Path.cwd() / f"{name}.yaml", ())


def read_plan(path: Path, chain: tuple[Path, ...] = ()) -> tuple[Plan | None, list[Issue]]:
    """A plan and all its problems, never raising for bad data (a plan that extends this one reports both)."""
    try:
        source = load_yaml(path)
    except PlanError as exc:
        return None, list(exc.issues)
    return _read(source, path, chain)


def _read(source: Source, path: Path, chain: tuple[Path, ...]) -> tuple[Plan | None, list[Issue]]:
    reader = Reader(source.name)
    if _extends(source.root):
        return read_extended(reader, source.root, path, chain, _read_base)
    plan = parse_plan(reader, source.root, path)
    placed = reader.place(validate(plan)) if plan is not None else []
    return plan, reader.issues + placed


KEPT_BASES = 16  # base plans kept per process: a province's levels, a few provinces on one web page


class _Kept:
    """Base plans read in this process: a province's batch reads the same base for each of its communes, the web
    page for each rebuild. A base is read again when any file it was read from changed (bytes compared), and
    only a base without errors is kept: an error may come from a file that is missing now and written later.

    The chain of plans that led to a base (what extends it) changes only two checks, both errors: a loop (a file
    of the chain among those the base was read from) and the chain's length. A kept base is used for a chain that
    holds none of its files and is no longer than the one it was read for; otherwise it is read again."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.plans: collections.OrderedDict[tuple[str, str], _Read] = collections.OrderedDict()

    def read(self, path: Path, chain: tuple[Path, ...]) -> tuple[Plan | None, list[Issue]]:
        key = (str(path), os.getcwd())  # messages name files relative to the working directory
        with self.lock:
            kept = self.plans.get(key)
        if kept is not None and len(chain) <= kept.depth and kept.files.isdisjoint(chain) \
                and all(same_content(p, print_) for p, print_ in kept.reads):
            return kept.plan, list(kept.issues)
        with recording_reads() as reads:
            plan, issues = read_plan(path, chain)
        if plan is not None and all(i.warning for i in issues):
            files = frozenset(Path(os.path.realpath(p)) for p, _ in reads)
            with self.lock:
                self.plans[key] = _Read(tuple((p, fingerprint(data)) for p, data in reads), files, len(chain),
                                        plan, tuple(issues))
                self.plans.move_to_end(key)
                while len(self.plans) > KEPT_BASES:
                    self.plans.popitem(last=False)
        return plan, issues


@dataclasses.dataclass(frozen=True)
class _Read:
    reads: tuple[tuple[Path, tuple[int, bytes]], ...]  # every file read, with its size and SHA-256
    files: frozenset[Path]  # the same files, resolved as the chain holds them
    depth: int  # the length of the chain it was read for
    plan: Plan
    issues: tuple[Issue, ...]


_read_base = _Kept().read


def _checked(plan: Plan | None, issues: list[Issue], name: str) -> Plan:
    if plan is None or any(not i.warning for i in issues):
        # Errors of every file of the chain; warnings only of the file asked for and not about what it inherits
        # (those can wait until it loads).
        shown = [i for i in issues if not i.warning or (i.file == name and i.where != "ke_thua")]
        raise PlanError(shown or [Issue(name, 1, 1, "", "tệp trống")])
    warnings = tuple(dict.fromkeys(str(i) for i in sorted(issues)))
    return dataclasses.replace(plan, warnings=plan.warnings + warnings) if warnings else plan


def _extends(root: Node | None) -> bool:
    return isinstance(root, yaml.MappingNode) and any(k.value == "ke_thua" for k, _ in root.value)
