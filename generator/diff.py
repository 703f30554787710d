"""What differs between two plans: tasks added, dropped and changed (word by word), and units."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from .model import Plan, Task
from .schema import COMPARED
from .units import UnitIndex
from .vn import upper_first


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str
    units: bool = False  # a unit cell: compared unit by unit, never word by word

    def ops(self) -> list[tuple[str, str]]:
        """The difference: ("=", kept), ("-", removed), ("+", added) — words of a text, whole units of a cell."""
        if self.units:
            a, b = [n for n in self.old.split("; ") if n], [n for n in self.new.split("; ") if n]
            return ([("=", n) for n in a if n in b] + [("-", n) for n in a if n not in b]
                    + [("+", n) for n in b if n not in a])
        a, b = self.old.split(), self.new.split()
        out: list[tuple[str, str]] = []
        for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
            if tag == "equal":
                out.append(("=", " ".join(a[i1:i2])))
            if tag in ("delete", "replace"):
                out.append(("-", " ".join(a[i1:i2])))
            if tag in ("insert", "replace"):
                out.append(("+", " ".join(b[j1:j2])))
        return out


@dataclass(frozen=True)
class TaskChange:
    old_id: str
    new_id: str
    fields: tuple[FieldChange, ...]


@dataclass
class PlanDiff:
    old: Plan
    new: Plan
    changed: list[TaskChange] = field(default_factory=list)
    renumbered: list[tuple[str, str]] = field(default_factory=list)  # (old id, new id) of otherwise equal tasks
    added: list[Task] = field(default_factory=list)
    dropped: list[Task] = field(default_factory=list)
    units: list[tuple[str, str]] = field(default_factory=list)  # (old name or "", new names or "")

    @property
    def empty(self) -> bool:
        return not (self.changed or self.added or self.dropped or self.units)


def _root(plan: Plan) -> str:
    return plan.lineage[-1] if plan.lineage else plan.source


def _unit_translation(old: Plan, new: Plan) -> dict[str, tuple[str, ...]]:
    """Old unit id -> new unit ids: through the adaptation chain both plans share, else by id, then by name."""
    if _root(old) != _root(new):
        index = UnitIndex(new.units)
        return {u.id: (u.id,) if u.id in new._by_id else tuple(filter(None, [index.find(u.name)])) for u in old.units}
    old_map = dict(old.unit_map) or {u.id: (u.id,) for u in old.units}
    new_map = dict(new.unit_map) or {u.id: (u.id,) for u in new.units}
    out: dict[str, tuple[str, ...]] = {}
    for root, olds in old_map.items():
        for o in olds:
            out[o] = tuple(dict.fromkeys((*out.get(o, ()), *new_map.get(root, ()))))
    # A unit both plans have is the same unit: only the others are followed through the adaptation chain.
    out.update({u.id: (u.id,) for u in old.units if u.id in new._by_id})
    return out


def _names(plan: Plan, ids: tuple[str, ...]) -> str:
    return "; ".join(plan.unit(u).name for u in ids if u in plan._by_id)


def diff_plans(old: Plan, new: Plan) -> PlanDiff:
    result = PlanDiff(old, new)
    translate = _unit_translation(old, new)
    related = _root(old) == _root(new)

    def key(t: Task) -> str:
        return (t.origin or t.id) if related else t.id

    old_tasks = {key(t): t for t in old.tasks()}
    seen = set()
    for task in new.tasks():
        before = old_tasks.get(key(task))
        if before is None:
            result.added.append(task)
            continue
        seen.add(key(task))
        changes = _task_changes(old, new, before, task, translate)
        if changes:
            result.changed.append(TaskChange(before.id, task.id, changes))
        elif before.id != task.id:
            result.renumbered.append((before.id, task.id))
    result.dropped = [t for k, t in old_tasks.items() if k not in seen]
    result.units = _unit_changes(old, new, translate if related else None)
    return result


def _task_changes(old: Plan, new: Plan, a: Task, b: Task, translate: dict[str, tuple[str, ...]]
                  ) -> tuple[FieldChange, ...]:
    def units_of(plan: Plan, task: Task, attr: str) -> str:
        return _names(plan, getattr(task, attr))

    out = []
    leads_a = tuple(dict.fromkeys(u for x in a.leads for u in translate.get(x, ())))
    for f in COMPARED:
        attr = f.attr
        if f.kind == "units":
            ids = tuple(dict.fromkeys(u for x in getattr(a, attr) for u in translate.get(x, ())))
            if attr == "partners":  # a partner merged into a lead is only a lead
                ids = tuple(u for u in ids if u not in leads_a)
            if set(ids) != set(getattr(b, attr)):  # a set of units: order and spelling do not count
                out.append(FieldChange(f.label, units_of(old, a, attr), units_of(new, b, attr), units=True))
            continue
        va, vb = (_text(f.kind, getattr(t, attr)) for t in (a, b))
        if " ".join(va.split()) != " ".join(vb.split()):
            out.append(FieldChange(f.label, va, vb))
    headings = {c.key: c.heading for p in (new, old) for a in p.appendices for c in a.columns if c.free}
    for key in dict.fromkeys((*dict(a.extra), *dict(b.extra))):  # free columns (kinh phí …)
        va, vb = a.value(key), b.value(key)
        if " ".join(va.split()) != " ".join(vb.split()):
            out.append(FieldChange(upper_first(headings.get(key, key).lower()), va, vb))
    return tuple(out)


def _text(kind: str, value: Any) -> str:
    if kind == "paragraphs":
        return "\n".join(value)
    if kind == "full_date":
        return f"{value.day}/{value.month}/{value.year}" if value else ""
    return str(value)


def _unit_changes(old: Plan, new: Plan, translate: dict[str, tuple[str, ...]] | None) -> list[tuple[str, str]]:
    used_old = [u for u in old.units if any(u.id in (*t.leads, *t.partners) for t in old.tasks())]
    out = []
    if translate is not None:
        targets: set[str] = set()
        for unit in used_old:
            ids = translate.get(unit.id, ())
            targets.update(ids)
            names = _names(new, ids)
            if names != unit.name:
                out.append((unit.name, names or "(bỏ)"))
        for unit in new.units:
            if unit.id not in targets and any(unit.id in (*t.leads, *t.partners) for t in new.tasks()):
                out.append(("", unit.name))
        return out
    old_by_id, new_by_id = {u.id: u for u in old.units}, {u.id: u for u in new.units}
    for uid in dict.fromkeys((*old_by_id, *new_by_id)):
        a, b = old_by_id.get(uid), new_by_id.get(uid)
        if a is None or b is None or a.name != b.name:
            out.append((a.name if a else "", b.name if b else "(bỏ)"))
    return out


def render_text(d: PlanDiff, *, color: bool = False) -> str:
    """The difference for the terminal: [-removed-] {+added+}."""
    import click

    def mark(op: str, words: str) -> str:
        if op == "-":
            return click.style(f"[-{words}-]", fg="red") if color else f"[-{words}-]"
        if op == "+":
            return click.style(f"{{+{words}+}}", fg="green") if color else f"{{+{words}+}}"
        return words

    lines = [f"So sánh {d.old.source} → {d.new.source}"]
    lines.append(f"Nhiệm vụ thay đổi: {len(d.changed)}; thêm: {len(d.added)}; bỏ: {len(d.dropped)}; "
                 f"chỉ đổi số thứ tự: {len(d.renumbered)}")
    for c in d.changed:
        name = c.new_id if c.old_id == c.new_id else f"{c.old_id} → {c.new_id}"
        lines.append(f"\n~ {name}")
        for f in c.fields:
            lines.append(f"  {f.label}: " + ("; " if f.units else " ").join(mark(op, w) for op, w in f.ops()))
    for t in d.added:
        lines.append(f"\n+ {t.id} (thêm): {' '.join(t.content)}")
    for t in d.dropped:
        lines.append(f"\n- {t.id} (bỏ): {' '.join(t.content)}")
    if d.renumbered:
        lines.append("\nChỉ đổi số thứ tự: " + ", ".join(f"{a} → {b}" for a, b in d.renumbered))
    if d.units:
        lines.append("\nĐơn vị:")
        lines += [f"  {a or '(mới)'} → {b}" for a, b in d.units]
    return "\n".join(lines)
