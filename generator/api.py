"""kehoach as a Python library: the few calls the CLI itself is made of.

    from generator.api import load_plan_text, build_documents, write_documents
    plan = load_plan_text(yaml_text, "xa-moi")          # or load_plan(Path("plan_data/xa-xop.yaml"))
    files = build_documents(plan)                         # every document, in memory (no disk touched)
    write_documents(plan, files, Path("output"))         # the bundle folder, replaced as a whole

Every problem a user can fix is a ``KehoachError`` (``PlanError`` lists each one with file:line:col).
"""

from __future__ import annotations

from pathlib import Path

from .build import bundle_files, bundle_folder
from .bundle import OutFile, WriteResult, write_bundle
from .errors import Issue, KehoachError, PlanError
from .load import load_plan, load_plan_text
from .model import Plan
from .render.engine import default_templates
from .validate import validate

__all__ = [
    "Issue", "KehoachError", "OutFile", "Plan", "PlanError", "WriteResult", "build_documents", "load_plan",
    "load_plan_text", "validate", "write_documents",
]


def build_documents(plan: Plan, templates: Path | None = None) -> list[OutFile]:
    """The Kế hoạch, Phụ lục, letters and report forms of ``plan`` as bytes, with their paths in the bundle."""
    return bundle_files(plan, templates or default_templates())


def write_documents(plan: Plan, files: list[OutFile], out_root: Path, *, force: bool = False) -> WriteResult:
    """Write ``files`` as the bundle ``out_root/<plan name>`` (see README: nothing a clerk has is lost)."""
    return write_bundle(bundle_folder(out_root, Path(plan.name)), files, plan_source=f"{plan.name}.yaml",
                        force=force)
