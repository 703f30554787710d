"""Plan files and texts -> a whole, checked Plan: the entry point of every door that reads YAML.

Three stages, one direction: reading (``parse``; ``overlay`` for a plan that extends another, which
``adapt``s its base), then ``validate`` on the model. Problems of the model are placed back in the file
(file:line:col) by the reader. Errors stop with one PlanError listing all of them; warnings ride on the plan.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import yaml

from .errors import Issue, PlanError, display_path
from .model import Plan
from .overlay import read_extended
from .parse import parse_plan
from .reader import Node, Reader
from .validate import validate
from .yamlio import Source, load_yaml, parse_yaml_text


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
        return read_extended(reader, source.root, path, chain, read_plan)
    plan = parse_plan(reader, source.root, path)
    placed = reader.place(validate(plan)) if plan is not None else []
    return plan, reader.issues + placed


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
