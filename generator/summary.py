"""One-line descriptions of plans for the terminal."""

from __future__ import annotations

from .model import Plan


def summarize(plan: Plan) -> str:
    tasks = sum(1 for _ in plan.tasks())
    bodies = sum(1 for u in plan.units if not u.collective)
    return (
        f"{plan.source}: hợp lệ — {len(plan.appendix.sections)} mục, {tasks} nhiệm vụ, "
        f"{len(plan.units)} đơn vị ({bodies} đơn vị cụ thể, {len(plan.units) - bodies} tập thể)"
    )
