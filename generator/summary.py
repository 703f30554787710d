"""One-line descriptions of plans for the terminal."""

from __future__ import annotations

from .model import Plan
from .relations import assumed_relations


def summarize(plan: Plan) -> str:
    tasks = sum(1 for _ in plan.tasks())
    bodies = sum(1 for u in plan.units if not u.collective)
    lines = [
        f"{plan.source}: hợp lệ — {len(plan.appendix.sections)} mục, {tasks} nhiệm vụ, "
        f"{len(plan.units)} đơn vị ({bodies} đơn vị cụ thể, {len(plan.units) - bodies} tập thể)"
    ]
    assumed = assumed_relations(plan)
    if assumed:
        lines.append(f"  Quan hệ với {plan.issuer.name} suy ra từ tên đơn vị (ghi quan_he trong don_vi để đổi):")
        lines += [f"    {label}: {', '.join(names)}" for label, names in assumed.items()]
    return "\n".join(lines)
