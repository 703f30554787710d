"""Build a plan's bundle: gather every document in memory first, then write them all at once."""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .assign import assignments
from .bundle import OutFile, WriteResult, write_bundle
from .load import load_plan
from .model import Plan
from .pdf import convert_bundle
from .render import documents
from .render.combine import combine_letters
from .render.engine import default_templates
from .vn import file_slug


@dataclass(frozen=True)
class BuildResult:
    plan: Plan
    written: WriteResult

    def counts(self) -> Counter[str]:
        return Counter(f.kind for f in self.written.files)


Progress = Callable[[int, int, str], None]  # documents done, documents in all, the one just made


def bundle_files(plan: Plan, templates: Path, progress: Progress | None = None) -> list[OutFile]:
    """Every document of the bundle, in memory; ``progress`` is told after each one."""
    units = assignments(plan)
    total = (1 if plan.decision else 0) + 3 + 2 * len(units) + (1 if units else 0)
    files: list[OutFile] = []

    def add(file: OutFile) -> None:
        files.append(file)
        if progress is not None:
            progress(len(files), total, file.path)

    if plan.decision:
        add(OutFile("quyet-dinh.docx", "quyet-dinh", documents.quyet_dinh(plan, templates)))
    add(OutFile("ke-hoach.docx", "ke-hoach", documents.ke_hoach(plan, templates)))
    add(OutFile("phu-luc.docx", "phu-luc", documents.phu_luc(plan, templates)))
    letters = []
    for a in units:
        letter = documents.cong_van(plan, a, templates)
        letters.append(letter)
        add(OutFile(f"cong-van/{a.slug}.docx", "cong-van", letter, a.unit.id))
        add(OutFile(f"bao-cao/{a.slug}.docx", "bao-cao", documents.bao_cao(plan, a, templates), a.unit.id))
    if letters:
        add(OutFile("cong-van/tat-ca.docx", "cong-van-tat-ca", combine_letters(letters)))
    add(OutFile("bao-cao/tong-hop.docx", "bao-cao-tong-hop", documents.tong_hop(plan, templates)))
    return files


def build_plan(
    plan_path: Path,
    out_root: Path,
    *,
    templates: Path | None = None,
    force: bool = False,
    pdf: bool = False,
    progress: Progress | None = None,
) -> BuildResult:
    plan = load_plan(plan_path)
    files = bundle_files(plan, templates or default_templates(), progress)
    written = write_bundle(
        bundle_folder(out_root, plan_path), files, plan_source=plan_path.name, force=force,
        stage_hook=functools.partial(convert_bundle, stamp=plan.date) if pdf else None,
    )
    return BuildResult(plan, written)


def bundle_folder(out_root: Path, plan_path: Path) -> Path:
    """``output/xa-xop`` for ``plan_data/xa-xop.yaml``."""
    return out_root / file_slug(plan_path.stem)


def folder_clashes(out_root: Path, plan_paths: list[Path]) -> list[tuple[Path, Path, Path]]:
    """Pairs of plans of one batch that would write the same bundle folder: (first, second, folder)."""
    seen: dict[str, Path] = {}
    clashes = []
    for path in plan_paths:
        folder = bundle_folder(out_root, path)
        key = folder.name.lower()  # case-insensitive file systems (Windows, macOS) see one folder
        if key in seen:
            clashes.append((seen[key], path, folder))
        else:
            seen[key] = path
    return clashes
