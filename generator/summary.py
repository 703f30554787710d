"""One-line descriptions of plans for the terminal."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from .model import Plan
from .relations import assumed_relations

if TYPE_CHECKING:
    from .build import BuildResult

KIND_LABELS = {
    "quyet-dinh": "quyết định", "ke-hoach": "kế hoạch", "phu-luc": "phụ lục", "cong-van": "công văn",
    "cong-van-tat-ca": "tệp in tất cả công văn", "bao-cao": "mẫu báo cáo", "bao-cao-tong-hop": "mẫu báo cáo tổng hợp",
}


# Forms go to every unit; a plan without a reporting regime gives them no period and its letters no deadline.
NO_REPORTING = ("lưu ý: kế hoạch chưa có chế độ báo cáo (bao_cao) — các mẫu báo cáo không ghi kỳ báo cáo, công văn "
                "không nói hạn gửi và gửi về đâu; thêm, ví dụ: “bao_cao: {thoi_han: trước ngày 10 tháng 12 hằng năm, "
                "ky: năm 2025}”")


def appendix_words(plan: Plan) -> str:
    return f"{len(plan.appendices)} phụ lục, " if len(plan.appendices) > 1 else ""


def summarize(plan: Plan) -> str:
    tasks = sum(1 for _ in plan.tasks())
    bodies = sum(1 for u in plan.units if not u.collective)
    sections = sum(len(a.sections) for a in plan.appendices if not a.sectionless)
    lines = [
        f"{plan.source}: hợp lệ — {appendix_words(plan)}{f'{sections} mục, ' if sections else ''}{tasks} nhiệm vụ, "
        f"{len(plan.units)} đơn vị ({bodies} đơn vị cụ thể, {len(plan.units) - bodies} tập thể)"
    ]
    assumed = assumed_relations(plan)
    if assumed:
        lines.append(f"  Quan hệ với {plan.issuer.name} suy ra từ tên đơn vị (ghi quan_he trong don_vi để đổi):")
        lines += [f"    {label}: {', '.join(names)}" for label, names in assumed.items()]
    return "\n".join(lines)


def built(result: BuildResult, *, pdf: bool) -> list[str]:
    """What one build wrote, kept and removed."""
    counts = result.counts()
    parts = [f"{n} {KIND_LABELS[k]}" for k, n in counts.items() if k in KIND_LABELS]
    if pdf:
        parts.append(f"{sum(n for k, n in counts.items() if k.startswith('pdf-'))} PDF")
    written = result.written
    return [
        f"{result.plan.source}: đã ghi {', '.join(parts)} vào {written.folder}/",
        *([f"  {NO_REPORTING}"] if counts.get("bao-cao") and result.plan.reporting is None else []),
        *(f"  {note}" for note in written.notes),
        *(f"  đã bỏ tệp của lần tạo trước mà lần này không còn: {rel}" for rel in written.removed),
        *(f"  đã giữ tệp sửa tay {rel} tại {kept}" for rel, kept in written.kept),
    ]


def clashes(found: list[tuple[Path, Path, Path]]) -> list[str]:
    return [f"Lỗi: {first} và {second} cùng ghi vào thư mục {folder}/ — đổi tên một tệp, hoặc tạo từng tệp với -o "
            "khác nhau. Chưa ghi tệp nào." for first, second, folder in found]
