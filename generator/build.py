"""Build a plan's bundle: gather every document in memory first, then write them all at once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .bundle import OutFile, WriteResult, write_bundle
from .load import load_plan
from .model import Plan
from .render import documents
from .render.engine import default_templates
from .vn import slugify


@dataclass(frozen=True)
class BuildResult:
    plan: Plan
    written: WriteResult


def bundle_files(plan: Plan, templates: Path) -> list[OutFile]:
    return [
        OutFile("ke-hoach.docx", "ke-hoach", documents.ke_hoach(plan, templates)),
        OutFile("phu-luc.docx", "phu-luc", documents.phu_luc(plan, templates)),
    ]


def build_plan(plan_path: Path, out_root: Path, *, templates: Path | None = None, force: bool = False) -> BuildResult:
    plan = load_plan(plan_path)
    files = bundle_files(plan, templates or default_templates())
    written = write_bundle(out_root / slugify(plan.name), files, plan_source=plan.source, force=force)
    return BuildResult(plan, written)
