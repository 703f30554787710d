"""Build a plan's bundle: gather every document in memory first, then write them all at once."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .assign import assignments, unreached_tasks
from .bundle import OutFile, WriteResult, write_bundle
from .load import load_plan
from .model import Plan
from .pdf import convert_bundle
from .render import documents
from .render.combine import combine_letters
from .render.engine import default_templates
from .vn import slugify


@dataclass(frozen=True)
class BuildResult:
    plan: Plan
    written: WriteResult
    warnings: list[str] = field(default_factory=list)

    def counts(self) -> Counter[str]:
        return Counter(f.kind for f in self.written.files)


def bundle_files(plan: Plan, templates: Path) -> list[OutFile]:
    files = [
        OutFile("ke-hoach.docx", "ke-hoach", documents.ke_hoach(plan, templates)),
        OutFile("phu-luc.docx", "phu-luc", documents.phu_luc(plan, templates)),
    ]
    letters = []
    for a in assignments(plan):
        letter = documents.cong_van(plan, a, templates)
        letters.append(letter)
        files.append(OutFile(f"cong-van/{a.slug}.docx", "cong-van", letter, a.unit.id))
        files.append(OutFile(f"bao-cao/{a.slug}.docx", "bao-cao", documents.bao_cao(plan, a, templates), a.unit.id))
    if letters:
        files.append(OutFile("cong-van/tat-ca.docx", "cong-van-tat-ca", combine_letters(letters)))
    files.append(OutFile("bao-cao/tong-hop.docx", "bao-cao-tong-hop", documents.tong_hop(plan, templates)))
    return files


def plan_warnings(plan: Plan) -> list[str]:
    return [
        f"{plan.source}:{task.line}: cảnh báo: nhiệm vụ {task.id} do “{who}” chủ trì nhưng chưa khai báo thanh_vien "
        "— không đơn vị cụ thể nào nhận công văn chủ trì nhiệm vụ này"
        for task, who in unreached_tasks(plan)
    ]


def build_plan(
    plan_path: Path,
    out_root: Path,
    *,
    templates: Path | None = None,
    force: bool = False,
    pdf: bool = False,
) -> BuildResult:
    plan = load_plan(plan_path)
    files = bundle_files(plan, templates or default_templates())
    written = write_bundle(
        out_root / slugify(plan.name), files, plan_source=plan.source, force=force,
        stage_hook=convert_bundle if pdf else None,
    )
    return BuildResult(plan, written, plan_warnings(plan))
