"""Who receives what: the tasks each single body leads or supports, directly or through a collective."""

from __future__ import annotations

from dataclasses import dataclass

from .model import Plan, Task, Unit
from .vn import file_slug

LEAD, SUPPORT = "chủ trì", "phối hợp"


@dataclass(frozen=True)
class Duty:
    task: Task
    role: str  # LEAD or SUPPORT
    via: str = ""  # name of the collective the task names, if it reaches the unit through one


@dataclass(frozen=True)
class Assignment:
    """One recipient of a letter and a report form, with its duties in table order."""

    seq: int
    unit: Unit
    duties: tuple[Duty, ...]

    @property
    def slug(self) -> str:
        return f"{self.seq:02d}-{file_slug(self.unit.name)}"

    @property
    def leads(self) -> tuple[Duty, ...]:
        return tuple(d for d in self.duties if d.role == LEAD)

    @property
    def supports(self) -> tuple[Duty, ...]:
        return tuple(d for d in self.duties if d.role == SUPPORT)


def duty_of(plan: Plan, task: Task, unit: Unit) -> Duty | None:
    """The unit's part in a task: a direct mention wins over one through a collective, lead over support."""
    for role, refs in ((LEAD, task.leads), (SUPPORT, task.partners)):
        if unit.id in refs:
            return Duty(task, role)
    for role, refs in ((LEAD, task.leads), (SUPPORT, task.partners)):
        for ref in refs:
            collective = plan.unit(ref)
            if collective.collective and unit.id in collective.members:
                return Duty(task, role, collective.name)
    return None


def assignments(plan: Plan) -> list[Assignment]:
    """Every single body that has at least one duty, in registry order, numbered 01, 02, …"""
    out: list[Assignment] = []
    for unit in plan.units:
        if unit.collective:
            continue
        duties = tuple(d for t in plan.tasks() if (d := duty_of(plan, t, unit)))
        if duties:
            out.append(Assignment(len(out) + 1, unit, duties))
    return out
