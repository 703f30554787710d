"""The documents of a plan's bundle, each rendered from its template."""

from __future__ import annotations

from pathlib import Path

from ..assign import Assignment
from ..model import Plan
from ..vn import lower_common_first
from .context import (
    appendix_context,
    core_properties,
    decision_context,
    header_context,
    ke_hoach_context,
    table_layouts,
)
from .engine import render_docx
from .letters import letter_context, report_context, summary_context


def ke_hoach(plan: Plan, templates: Path) -> bytes:
    return render_docx(templates / "ke-hoach.docx", ke_hoach_context(plan), table_layouts(plan))


def phu_luc(plan: Plan, templates: Path) -> bytes:
    title = f"Phụ lục kèm theo {plan.kind} {lower_common_first(plan.subject)}"
    return render_docx(templates / "phu-luc.docx",
                       {**header_context(plan), **appendix_context(plan), **core_properties(plan, title)},
                       table_layouts(plan))


def cong_van(plan: Plan, assignment: Assignment, templates: Path) -> bytes:
    return render_docx(templates / "cong-van.docx", letter_context(plan, assignment))


def bao_cao(plan: Plan, assignment: Assignment, templates: Path) -> bytes:
    return render_docx(templates / "bao-cao.docx", report_context(plan, assignment))


def tong_hop(plan: Plan, templates: Path) -> bytes:
    return render_docx(templates / "tong-hop.docx", summary_context(plan))


def quyet_dinh(plan: Plan, templates: Path) -> bytes:
    return render_docx(templates / "quyet-dinh.docx", decision_context(plan))
