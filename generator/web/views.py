"""What a page shows of a plan, as plain values for the templates (no HTML here, no rule of its own)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from ..build import bundle_folder
from ..errors import Issue
from ..load import read_plan
from ..model import Plan, Task
from ..nhap import Imported
from ..relations import LABELS, inferred_relation, relation
from ..show import unit_counts
from ..units import uncertain
from ..validate import task_paths
from ..vn import format_date


def plan_row(path: Path, out_root: Path) -> dict[str, Any]:
    """One line of the home page: who issues it, what, how many tasks, valid or how many problems, last bundle."""
    plan, issues = read_plan(path)
    folder = bundle_folder(out_root, path)
    built = dt.datetime.fromtimestamp(folder.stat().st_mtime).strftime("%d/%m/%Y %H:%M") if folder.is_dir() else ""
    return {
        "name": path.stem, "issuer": plan.issuer.name if plan else "", "kind": plan.kind if plan else "",
        "number": f"{plan.number_text.strip()} {format_date(plan.date)}" if plan else "",
        "tasks": sum(1 for _ in plan.tasks()) if plan else 0, "base": plan.lineage[0] if plan and plan.lineage else "",
        "errors": sum(1 for i in issues if not i.warning), "warnings": sum(1 for i in issues if i.warning),
        "built": built,
        # what the line depends on: the file, the files it extends, its bundle folder
        "files": [path, *(Path(p) for p in (plan.lineage if plan else ())), folder],
    }


def plan_view(plan: Plan | None, issues: list[Issue] | list[str], *, unit: str = "", section: str = ""
              ) -> dict[str, Any]:
    """A plan's header, table (filtered by unit or section), units, and each problem beside its row."""
    lines = [str(i) for i in issues]
    if plan is None:
        return {"plan": None, "problems": lines, "rows": [], "units": [], "sections": []}
    at_row = _problems_by_task(plan, [i for i in issues if isinstance(i, Issue)])
    names = {u.id: u.name for u in plan.units}
    rows = [_row(names, task, at_row.get(task.id, [])) for task in plan.tasks()
            if (not unit or unit in (*task.leads, *task.partners)) and (not section or _in_section(task, section))]
    placed = {p for ps in at_row.values() for p in ps}
    leads, supports = unit_counts(plan)
    units = [{"id": u.id, "name": u.name, "relation": "tập thể" if u.collective else LABELS[relation(plan, u)],
              "leads": leads.get(u.id, 0), "supports": supports.get(u.id, 0),
              "doubt": uncertain(u.name, u.collective, len(u.members))} for u in plan.units]
    return {
        "plan": plan, "date": format_date(plan.date), "problems": [p for p in lines if p not in placed],
        "rows": rows, "units": units, "unit": unit, "section": section,
        "sections": [s.id for a in plan.appendices for s in a.sections if not a.sectionless],
    }


def unit_choices(imported: Imported) -> list[dict[str, Any]]:
    """The units an import read, for the clerk to correct before saving: the uncertain first (why, beside each),
    each with its name, whether a collective, and the single units it may have as members."""
    units = imported.data.get("don_vi", [])
    singles = [(str(u["ma"]), str(u["ten"])) for u in units if not u.get("tap_the")]
    plan = imported.plan
    inferred = {u.id: LABELS[inferred_relation(plan, u)] for u in plan.units} if plan is not None else {}
    rows = [{"code": str(u["ma"]), "name": str(u["ten"]), "collective": bool(u.get("tap_the")),
             "members": list(u.get("thanh_vien", [])), "choices": [s for s in singles if s[0] != u["ma"]],
             "relation": u.get("quan_he", ""), "inferred": inferred.get(str(u["ma"]), ""),
             "doubt": uncertain(str(u["ten"]), bool(u.get("tap_the")), len(u.get("thanh_vien", [])))} for u in units]
    return sorted(rows, key=lambda r: not r["doubt"])


RELATIONS = list(LABELS.items())  # the choices of a unit's relation, in the CLI's words


def _in_section(task: Task, section: str) -> bool:
    return task.id == section or task.id.startswith(f"{section}.")


def _row(names: dict[str, str], task: Task, problems: list[str]) -> dict[str, Any]:
    def cell(ids: tuple[str, ...], text: str) -> str:
        return text or ", ".join(names[u] for u in ids if u in names)

    return {"id": task.id, "content": list(task.content), "leads": cell(task.leads, task.lead_text),
            "partners": cell(task.partners, task.partner_text), "product": task.product,
            "timeline": task.timeline, "problems": problems}


def _problems_by_task(plan: Plan, issues: list[Issue]) -> dict[str, list[str]]:
    """Each problem placed at the task it is about: by the task's path, or by ``phu_luc.sua.<its id>``."""
    paths = [(path, task) for path, task in task_paths(plan)]
    out: dict[str, list[str]] = {}
    for issue in issues:
        where = issue.where
        for path, task in paths:
            own = where == path or where.startswith((f"{path}.", f"{path}["))
            changed = where == f"phu_luc.sua.{task.origin or task.id}" or \
                where.startswith(f"phu_luc.sua.{task.origin or task.id}.")
            if own or changed:
                out.setdefault(task.id, []).append(str(issue))
                break
    return out
