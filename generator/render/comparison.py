"""The bảng so sánh (.docx) of a plan difference: removed words struck through, added words bold underlined."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from docxtpl import RichText  # type: ignore[import-untyped]  # docxtpl ships no type information

from ..diff import FieldChange, PlanDiff
from ..vn import format_place_date
from .context import core_properties, header_context
from .engine import render_docx


def _rich(change: FieldChange, side: str) -> RichText:
    rt = RichText()
    parts = [(op, words) for op, words in change.ops() if op in ("=", side)]
    gap = "; " if change.units else " "  # whole units are listed as a cell prints them
    for i, (op, words) in enumerate(parts):
        text = words + (gap if i < len(parts) - 1 else "")
        if op == "=":
            rt.add(text)
        elif side == "-":
            rt.add(text, strike=True)
        else:
            rt.add(text, bold=True, underline=True)
    return rt


def _plain(text: str) -> RichText:
    rt = RichText()
    rt.add(text)
    return rt


def comparison_context(d: PlanDiff) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    for c in d.changed:
        rid = c.new_id if c.old_id == c.new_id else f"{c.old_id} → {c.new_id}"
        for f in c.fields:
            rows.append({"id": rid, "label": f.label, "old": _rich(f, "-"), "new": _rich(f, "+")})
    for before, after in d.renumbered:
        rows.append({"id": f"{before} → {after}", "label": "Chỉ đổi số thứ tự", "old": _plain(before),
                     "new": _plain(after)})
    for t in d.added:
        rows.append({"id": t.id, "label": "Thêm nhiệm vụ", "old": _plain(""), "new": _plain("\a".join(t.content))})
    for t in d.dropped:
        rows.append({"id": t.id, "label": "Bỏ nhiệm vụ", "old": _plain("\a".join(t.content)), "new": _plain("")})
    for old, new in d.units:
        rows.append({"id": "Đơn vị", "label": "Đổi đơn vị" if old else "Thêm đơn vị", "old": _plain(old),
                     "new": _plain(new)})
    plan = d.new
    return {
        **header_context(plan),
        "place_date": format_place_date(plan.place, plan.date),
        "subject": (f"Bảng nhiệm vụ {plan.kind} của {plan.issuer.name} so với {d.old.kind} của "
                    f"{d.old.issuer.name}"),
        "summary": _summary(d),
        **core_properties(plan, f"So sánh {plan.kind} của {plan.issuer.name} với {d.old.kind} của "
                                f"{d.old.issuer.name}"),
        "rows": rows,
    }


def _summary(d: PlanDiff) -> str:
    """``So với Kế hoạch của …, bảng nhiệm vụ có 3 nhiệm vụ thay đổi và 1 nhiệm vụ thêm mới.`` — what is not
    there is not counted ("0 nhiệm vụ bỏ đi")."""
    parts = [f"{n} {words}" for n, words in ((len(d.changed), "nhiệm vụ thay đổi"), (len(d.added), "nhiệm vụ thêm mới"),
                                             (len(d.dropped), "nhiệm vụ bỏ đi"), (len(d.units), "thay đổi về đơn vị"))
             if n]
    said = (", ".join(parts[:-1]) + " và " + parts[-1]) if len(parts) > 1 else "".join(parts)
    head = f"So với {d.old.kind} của {d.old.issuer.name}, bảng nhiệm vụ"
    return f"{head} có {said}." if said else f"{head} không thay đổi."


def comparison_docx(d: PlanDiff, templates: Path) -> bytes:
    return render_docx(templates / "so-sanh.docx", comparison_context(d))
