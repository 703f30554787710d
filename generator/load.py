"""Plan files and texts -> a whole, checked Plan: the entry point of every door that reads YAML.

``parse`` turns nodes into model parts, ``adapt`` resolves a plan that extends another (``ke_thua``); this
module only chooses between them and turns collected problems into one PlanError. Neither imports it.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import yaml

from .adapt import parse_extended
from .errors import Issue, PlanError
from .model import Plan
from .parse import parse_plan
from .reader import Node, Reader
from .yamlio import Source, load_yaml, parse_yaml_text


def load_plan(path: Path, _chain: tuple[Path, ...] = ()) -> Plan:
    """Read and validate a plan file (resolving the plans it extends); raise PlanError listing every problem."""
    return _plan_from(load_yaml(path), path, _chain)


def load_plan_text(text: str, name: str = "ke-hoach", *, folder: Path | None = None) -> Plan:
    """The same for YAML text that is not a file (a web form, a test): ``name`` names it in messages and in the
    output folder; a ``ke_thua`` in it is read relative to ``folder`` (default: the working directory)."""
    source = parse_yaml_text(text, f"{name}.yaml")
    return _plan_from(source, (folder or Path.cwd()) / f"{name}.yaml", ())


def _plan_from(source: Source, path: Path, chain: tuple[Path, ...]) -> Plan:
    reader = Reader(source.name)
    if _extends(source.root):
        plan = parse_extended(reader, source.root, path, chain, load_plan)
    else:
        plan = parse_plan(reader, source.root, path)
    errors = [i for i in reader.issues if not i.warning]
    if errors or plan is None:
        raise PlanError(reader.issues or [Issue(source.name, 1, 1, "", "tệp trống")])
    warnings = tuple(str(i) for i in sorted(reader.issues))
    return dataclasses.replace(plan, warnings=plan.warnings + warnings) if warnings else plan


def _extends(root: Node | None) -> bool:
    return isinstance(root, yaml.MappingNode) and any(k.value == "ke_thua" for k, _ in root.value)
