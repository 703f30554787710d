"""The documents of a plan's bundle, each rendered from its template."""

from __future__ import annotations

from pathlib import Path

from ..model import Plan
from .context import appendix_context, header_context, ke_hoach_context
from .engine import render_docx


def ke_hoach(plan: Plan, templates: Path) -> bytes:
    return render_docx(templates / "ke-hoach.docx", ke_hoach_context(plan))


def phu_luc(plan: Plan, templates: Path) -> bytes:
    return render_docx(templates / "phu-luc.docx", {**header_context(plan), **appendix_context(plan)})
