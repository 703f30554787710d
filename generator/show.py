"""`kehoach xem`: what a clerk needs on screen to write a commune's file — task ids, units and their codes."""

from __future__ import annotations

from .assign import assignments
from .model import Group, Plan, Section, Task
from .relations import LABELS, relation
from .render.context import unit_cell
from .units import uncertain

SHORT = 70


def _short(text: str, limit: int = SHORT) -> str:
    """A terminal listing only: the text cut at a word, with "…"."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0] + " …"


def _task_line(plan: Plan, task: Task, indent: str) -> list[str]:
    lines = [f"{indent}{task.id:<9} {_short(' '.join(task.content))}"]
    detail = f"chủ trì: {unit_cell(plan, task.leads) or '—'}"
    if task.partners:
        detail += f" | phối hợp: {unit_cell(plan, task.partners)}"
    lines.append(f"{indent}{'':<9} {_short(detail, 110)}")
    return lines


def _section_lines(plan: Plan, section: Section, sectionless: bool = False) -> list[str]:
    lines = ["(bảng không chia mục)" if sectionless else f"{section.id}. {_short(section.title, 100)}"]
    for item in section.items:
        if isinstance(item, Group):
            lines.append(f"  {item.id:<9} {_short(item.title)}")
            for task in item.tasks:
                lines += _task_line(plan, task, "    ")
        else:
            lines += _task_line(plan, item, "  ")
    return lines


def show_tasks(plan: Plan, section: str | None = None) -> str:
    """Every task (or one section's) with the id to write in ``phu_luc.sua`` / ``them: - sau:``."""
    sections = [(s, a.sectionless) for a in plan.appendices for s in a.sections
                if section is None or s.id == section.upper()]
    lines = ["NHIỆM VỤ — mã ở cột đầu dùng trong phu_luc.sua và them.sau của tệp kế thừa kế hoạch này"]
    for s, sectionless in sections:
        lines += _section_lines(plan, s, sectionless)
    return "\n".join(lines)


def unit_counts(plan: Plan) -> tuple[dict[str, int], dict[str, int]]:
    """How many tasks each unit leads and supports (a single unit counts those it gets through a collective)."""
    leads: dict[str, int] = {}
    supports: dict[str, int] = {}
    for task in plan.tasks():  # a collective: the tasks that name it
        for u in task.leads:
            leads[u] = leads.get(u, 0) + 1
        for u in task.partners:
            supports[u] = supports.get(u, 0) + 1
    for a in assignments(plan):  # a single unit: every task that reaches it, also through a collective
        leads[a.unit.id], supports[a.unit.id] = len(a.leads), len(a.supports)
    return leads, supports


def show_units(plan: Plan) -> str:
    """Every unit: code (for chu_tri, phoi_hop, doi_don_vi), name, relation, and how many tasks it leads and
    supports (a single unit counts those it gets through a collective too)."""
    leads, supports = unit_counts(plan)
    width = max((len(u.id) for u in plan.units), default=4)
    doubtful = [(u, why) for u in plan.units if (why := uncertain(u.name, u.collective, len(u.members)))]
    lines = ["ĐƠN VỊ CẦN XEM LẠI (trước khi gửi công văn)"] if doubtful else []
    lines += [f"  {u.id:<{width}}  {u.name}: {why} (chủ trì {leads.get(u.id, 0)}, phối hợp {supports.get(u.id, 0)})"
              for u, why in doubtful]
    lines += ["ĐƠN VỊ — mã dùng trong chu_tri, phoi_hop, doi_don_vi",
             f"  {'mã':<{width}}  {'chủ trì':>7}  {'phối hợp':>8}  quan hệ      tên"]
    for unit in plan.units:
        kind = "tập thể" if unit.collective else LABELS[relation(plan, unit)]
        lines.append(f"  {unit.id:<{width}}  {leads.get(unit.id, 0):>7}  {supports.get(unit.id, 0):>8}  "
                     f"{kind:<11}  {unit.name}")
        if unit.collective and unit.members:
            lines.append(f"  {'':<{width}}  {'':>7}  {'':>8}  {'':<11}  gồm: {', '.join(unit.members)}")
    return "\n".join(lines)


def show_header(plan: Plan) -> str:
    tasks = sum(1 for _ in plan.tasks())
    sections = sum(len(a.sections) for a in plan.appendices if not a.sectionless)
    text = (f"{plan.source} — {plan.kind} của {plan.issuer.name}: {f'{sections} mục, ' if sections else ''}"
            f"{tasks} nhiệm vụ, "
            f"{len(plan.units)} đơn vị")
    if plan.lineage:
        text += f"\nKế thừa: {' → '.join(plan.lineage)}"
    return text


def show_plan(plan: Plan, *, units_only: bool = False, section: str | None = None, base: Plan | None = None) -> str:
    """The whole listing of ``kehoach xem``; ``base`` (the plan this one extends) adds what it changed."""
    from .diff import diff_plans, render_text
    from .errors import KehoachError

    ids = [s.id for a in plan.appendices for s in a.sections]
    if section and section.upper() not in ids:
        known = ", ".join(ids)
        raise KehoachError(f"{plan.source}: không có mục '{section}' — các mục: {known}")
    parts = [show_header(plan)]
    if not units_only:
        parts.append(show_tasks(plan, section))
    if not section:
        parts.append(show_units(plan))
    if base is not None and not units_only and not section:
        changes = render_text(diff_plans(base, plan)).split("\n", 1)[1]
        parts.append(f"THAY ĐỔI SO VỚI {plan.lineage[0]}\n{changes}")
    return "\n\n".join(parts)
