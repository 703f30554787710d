"""The words that send tasks to units: "Tổ chức thực hiện" of the Kế hoạch (van-phong.md §2) and the task
references and sentences the letters share (§5). Pure: plan in, text out."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..assign import LEAD, Duty, assignments
from ..model import BodyPart, Plan, Task, Unit
from ..numbering import annex, place
from ..relations import LOWER, OUTSIDE, UNDER, relation
from ..vn import first_clause, lower_common_first, lower_first, match_key, upper_first

APPENDIX = "Phụ lục kèm theo"


def cite_tasks(tasks: Iterable[Task]) -> str:
    """``nhiệm vụ số 1, 2 Mục I; điểm a, b nhiệm vụ số 1 Mục IV`` (``nhiệm vụ số 5`` when numbered across the
    table; ``… Mục I Phụ lục II`` when the plan has several) — never an internal id like IV.1.a; stacked
    sub-rows of one task are one number."""
    by_place: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for task in tasks:
        section, number, letter = place(task.id)
        spot = by_place.setdefault((annex(task.id), section), [])
        if (number, letter) not in spot:
            spot.append((number, letter))
    out = []
    for (appendix, section), places in by_place.items():
        numbers = [n for n, letter in places if not letter]
        groups: dict[str, list[str]] = {}
        for number, letter in places:
            if letter:
                groups.setdefault(number, []).append(letter)
        words = [f"nhiệm vụ số {', '.join(numbers)}"] if numbers else []
        words += [f"điểm {', '.join(letters)} nhiệm vụ số {number}" for number, letters in groups.items()]
        text = ", ".join(words) + (f" Mục {section}" if section else "")
        out.append(text + (f" Phụ lục {appendix}" if appendix else ""))
    return "; ".join(out)


def cite_in_annex(tasks: Iterable[Task]) -> str:
    """The citation with where to find it: ``… Phụ lục kèm theo``, or the numbered Phụ lục it names."""
    tasks = list(tasks)
    text = cite_tasks(tasks)
    return text if any(annex(t.id) for t in tasks) else f"{text} {APPENDIX}"


def task_text(task: Task) -> str:
    """The task's paragraphs as one sentence (its "- " items joined), without end punctuation."""
    return " ".join(p.removeprefix("- ") for p in task.content).rstrip(" .;:")


def task_words(task: Task) -> str:
    """The task in its own words, for a bullet: the whole text when short, else its first clause."""
    return first_clause(task_text(task))


def unit_words(name: str) -> str:
    """A unit's name inside a sentence: proper names keep their capitals, a collective ("Các …") is lowered."""
    return lower_first(name) if name.startswith("Các ") else name


def names(plan: Plan, unit_ids: Iterable[str]) -> str:
    return ", ".join(unit_words(plan.unit(u).name) for u in unit_ids)


def lead_bullet(plan: Plan, task: Task, own: str) -> str:
    """``- Chủ trì, phối hợp với Phòng Văn hóa - Xã hội tổ chức … (nhiệm vụ số 1 Mục IV).``"""
    mine = {own, *plan.unit(own).members}
    others = [u for u in task.leads if u not in mine and not set(plan.unit(u).members) & mine]
    verb = "Chủ trì" + (f", phối hợp với {names(plan, others)}" if others else "")
    words = task_words(task)
    if words.lower().startswith("chủ trì"):
        words = words[len("chủ trì") :].lstrip(" ,")
    if is_target(plan, task):  # a row of a "Chỉ tiêu" table is a figure to reach, not an action
        return f"- {verb} thực hiện chỉ tiêu: {lower_common_first(words)} ({cite_in_annex([task])})."
    return f"- {verb} {lower_common_first(words)} ({cite_in_annex([task])})."


def is_target(plan: Plan, task: Task) -> bool:
    """Whether the task is a row of a table of targets (its content column headed "Chỉ tiêu")."""
    for appendix in plan.appendices:
        column = next((c for c in appendix.columns if c.key == "noi_dung"), None)
        if column and match_key(column.heading).startswith("chỉ tiêu") and any(t is task for t in appendix.tasks()):
            return True
    return False


def support_bullets(plan: Plan, tasks: Iterable[Task]) -> list[str]:
    """``- Phối hợp với Phòng Kinh tế thực hiện nhiệm vụ số 2 Mục I; … Phụ lục kèm theo.`` — one per lead."""
    by_lead: dict[tuple[str, ...], list[Task]] = {}
    for task in tasks:
        by_lead.setdefault(task.leads, []).append(task)
    return [f"- Phối hợp với {names(plan, leads)} thực hiện {cite_in_annex(tasks)}."
            for leads, tasks in by_lead.items()]


def standing_text(plan: Plan) -> str:
    superior = plan.reporting.superior if plan.reporting else ""
    report = f"tham mưu {plan.issuer.name} báo cáo {superior}" if superior else f"báo cáo {plan.issuer.name}"
    return (f"Là cơ quan thường trực, chủ trì theo dõi, đôn đốc, kiểm tra việc thực hiện Kế hoạch; tổng hợp kết "
            f"quả thực hiện của các cơ quan, đơn vị, {report} theo quy định")


def report_to(plan: Plan) -> str:
    """Where units send their reports: the issuer through its standing body, or as the data says."""
    if plan.standing:
        return f"{plan.issuer.name} (qua {plan.unit(plan.standing).name})"
    return plan.reporting.to if plan.reporting and plan.reporting.to else plan.issuer.name


@dataclass(frozen=True)
class Receiver:
    """One item of "Tổ chức thực hiện": a unit with the tasks that name it, or a collective for its members."""

    unit: Unit
    leads: tuple[Task, ...]
    supports: tuple[Task, ...]


def _named_in(plan: Plan, unit_id: str) -> tuple[tuple[Task, ...], tuple[Task, ...]]:
    """Tasks naming the unit, or a collective whose only member it is."""
    ids = {unit_id} | {u.id for u in plan.units if u.collective and u.members == (unit_id,)}
    tasks = list(plan.tasks())
    return (tuple(t for t in tasks if ids & set(t.leads)), tuple(t for t in tasks if ids & set(t.partners)))


def _folding(plan: Plan, recipients: dict[str, tuple[Duty, ...]]) -> dict[str, str]:
    """member id -> the collective that speaks for it: the first collective of members with identical duties."""
    speaker: dict[str, str] = {}
    for unit in plan.units:
        members = unit.members
        if (unit.collective and len(members) > 1 and all(m in recipients and m not in speaker for m in members)
                and plan.standing not in members
                and len({tuple((d.task.id, d.role) for d in recipients[m]) for m in members}) == 1):
            speaker.update(dict.fromkeys(members, unit.id))
    return speaker


def receivers(plan: Plan) -> list[Receiver]:
    """Who "Tổ chức thực hiện" speaks to, in order: the standing body, then units under the issuer, lower levels
    and bodies outside, each group's collectives before its single units. Each unit gets the tasks that name it;
    members whose duties are all the same are spoken to through one collective only."""
    recipients = {a.unit.id: a.duties for a in assignments(plan)}
    speaker = _folding(plan, recipients)
    speakers = set(speaker.values())
    out = []
    for unit in plan.units:
        if unit.id in speaker:
            continue
        if unit.id in speakers:  # everything that reaches its members
            duties = recipients[unit.members[0]]
            leads = tuple(d.task for d in duties if d.role == LEAD)
            supports = tuple(d.task for d in duties if d.role != LEAD)
        elif unit.collective and (len(unit.members) <= 1 or set(unit.members) <= set(speaker)):
            continue  # said through its only member, through another collective, or to nobody (build warns)
        else:
            leads, supports = _named_in(plan, unit.id)
        if leads or supports or unit.id == plan.standing:
            out.append(Receiver(unit, leads, supports))
    rank = {UNDER: 1, LOWER: 2, OUTSIDE: 3}
    order = {u.id: i for i, u in enumerate(plan.units)}
    return sorted(out, key=lambda r: (r.unit.id != plan.standing, rank[relation(plan, r.unit)],
                                      not r.unit.collective, order[r.unit.id]))


def receiver_title(plan: Plan, unit: Unit) -> str:
    """``Phòng Kinh tế``; ``Các phòng, đơn vị liên quan (Văn phòng …, Phòng Kinh tế)``; ``Đề nghị Hội Nông dân xã``."""
    title = unit.name
    if unit.collective and 1 < len(unit.members) <= 8 and not unit.name.startswith("Ủy ban nhân dân"):
        title += f" ({', '.join(plan.unit(m).name for m in unit.members)})"
    return title if relation(plan, unit) != OUTSIDE else f"Đề nghị {unit_words(title)}"


def organisation_parts(plan: Plan, part: BodyPart) -> list[BodyPart]:
    """The numbered items of "Tổ chức thực hiện", in the order a văn thư writes them."""
    notes = dict(part.unit_notes)
    parts = []
    for receiver in receivers(plan):
        unit = receiver.unit
        lines = [f"- {standing_text(plan)}."] if unit.id == plan.standing else []
        lines += [lead_bullet(plan, t, unit.id) for t in receiver.leads]
        lines += support_bullets(plan, receiver.supports)
        if unit.id in notes:
            lines.append(f"- {upper_first(notes[unit.id]).rstrip('.')}.")
        parts.append(BodyPart(title=receiver_title(plan, unit), paragraphs=tuple(lines)))
    if plan.reporting:
        r = plan.reporting
        standing = plan.unit(plan.standing).name if plan.standing else ""
        text = f"Các cơ quan, đơn vị báo cáo kết quả thực hiện Kế hoạch về {report_to(plan)} {r.deadline}"
        text += f"; {standing} tổng hợp, báo cáo {plan.issuer.name}." if standing else "."
        parts.append(BodyPart(title="Chế độ báo cáo", paragraphs=(text,)))
    return parts
