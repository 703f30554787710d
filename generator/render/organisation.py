"""The words that send tasks to units: "Tổ chức thực hiện" of the Kế hoạch (van-phong.md §2) and the task
references and sentences the letters share (§5). Pure: plan in, text out."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from ..assign import LEAD, Duty, assignments
from ..model import Appendix, BodyPart, Plan, Task, Unit
from ..numbering import annex, place
from ..relations import LOWER, OUTSIDE, UNDER, relation
from ..vn import first_clause, lower_common_first, lower_first, match_key, roman, upper_first

APPENDIX = "Phụ lục kèm theo"


def cite_tasks(tasks: Iterable[Task], plan: Plan | None = None) -> str:
    """``nhiệm vụ số 1, 2 Mục I; điểm a, b nhiệm vụ số 1 Mục IV`` (``nhiệm vụ số 5`` when numbered across the
    table; ``… Mục I Phụ lục II`` when the plan has several; ``chỉ tiêu số 3`` for a row of the ``plan``'s table
    of targets) — never an internal id like IV.1.a; stacked sub-rows of one task are one number."""
    by_place: dict[tuple[str, str], list[tuple[str, str]]] = {}
    for task in tasks:
        section, number, letter = place(task.id)
        spot = by_place.setdefault((annex(task.id), section), [])
        if (number, letter) not in spot:
            spot.append((number, letter))
    out = []
    for (appendix, section), places in by_place.items():
        noun = row_noun(plan, appendix)
        numbers = [n for n, letter in places if not letter]
        groups: dict[str, list[str]] = {}
        for number, letter in places:
            if letter:
                groups.setdefault(number, []).append(letter)
        words = [f"{noun} số {', '.join(numbers)}"] if numbers else []
        words += [f"điểm {', '.join(letters)} {noun} số {number}" for number, letters in groups.items()]
        text = ", ".join(words) + (f" Mục {section}" if section else "")
        out.append(text + (f" Phụ lục {appendix}" if appendix else ""))
    return "; ".join(out)


def row_noun(plan: Plan | None, appendix: str) -> str:
    """What a row of the appendix labelled ``appendix`` ("" for a plan's only one, else "I", "II" …) is called:
    "chỉ tiêu" in a table of targets (its content column headed "Chỉ tiêu"), else "nhiệm vụ"."""
    if plan is None:
        return "nhiệm vụ"
    annexes = plan.appendices
    found = annexes[0] if not appendix else next(
        (a for k, a in enumerate(annexes) if roman(k + 1) == appendix), None)
    return "chỉ tiêu" if found is not None and _targets(found) else "nhiệm vụ"


def _targets(appendix: Appendix) -> bool:
    column = next((c for c in appendix.columns if c.key == "noi_dung"), None)
    return column is not None and match_key(column.heading).startswith("chỉ tiêu")


def cite_in_annex(tasks: Iterable[Task], plan: Plan | None = None) -> str:
    """The citation with where to find it: ``… Phụ lục kèm theo``, or the numbered Phụ lục it names."""
    tasks = list(tasks)
    text = cite_tasks(tasks, plan)
    return text if any(annex(t.id) for t in tasks) else f"{text} {APPENDIX}"


def task_text(task: Task) -> str:
    """The task's paragraphs as one sentence (its "- " items joined), without end punctuation."""
    return " ".join(p.removeprefix("- ") for p in task.content).rstrip(" .;:")


def task_words(task: Task) -> str:
    """The task in its own words, for a bullet: the whole text when short, else its first clause."""
    return first_clause(task_text(task))


BRIEF_CHARS = 150  # about two lines of a 14 pt letter: a reference to the task, its full text being attached
# Where a văn thư shortens a task: at a comma or before a purpose clause; failing that, before a preposition or
# "và" (the words before it make a whole phrase). Never inside a name or a compound ("Ngân hàng Chính …").
_STRONG_CUT = re.compile(r"[,;:] | (?=(?:để|nhằm|gắn với|thông qua|trong đó|bảo đảm|đảm bảo) )")
_WEAK_CUT = re.compile(r" (?=(?:của|về|đối với|trong|tại|cho|và|trên|với|theo|từ|đến|bằng|sang|vào) )")


def brief(text: str, limit: int = BRIEF_CHARS) -> str:
    """A task's text cut for a letter: its first clause, and when that is still long, shortened where a văn thư
    would (:data:`_STRONG_CUT`, then :data:`_WEAK_CUT`), marked "…"; a bracket is never left open."""
    words = first_clause(text, limit)
    if len(words) <= limit:
        return words
    end = 0
    for cut in (_STRONG_CUT, _WEAK_CUT):
        spots = [m.start() for m in cut.finditer(words, limit // 2, limit + 1)]
        if spots:
            end = spots[-1]
            break
    if not end:  # nothing in reach: the first place a little further on, else the last whole word
        later = [m.start() for c in (_STRONG_CUT, _WEAK_CUT) for m in c.finditer(words, limit, limit * 3 // 2)]
        end = min(later) if later else words.rfind(" ", 0, limit + 1)
    kept = words[:end]
    if kept.count("(") > kept.count(")"):  # never leave a bracket open: cut before it
        kept = kept[: kept.rfind("(")]
    return kept.rstrip(" ,;:-–") + " …"


def unit_words(name: str) -> str:
    """A unit's name inside a sentence: proper names keep their capitals, a collective ("Các …") is lowered."""
    return lower_first(name) if name.startswith("Các ") else name


def names(plan: Plan, unit_ids: Iterable[str]) -> str:
    """Units named in a sentence, joined by "," — or by ";" when a proper name holds a comma of its own ("Sở Văn
    hóa, Thể thao và Du lịch; Sở Y tế"), as the Phụ lục joins them ("các sở, ban, ngành" reads as one)."""
    said = [unit_words(plan.unit(u).name) for u in unit_ids]
    return ("; " if any("," in n and not n.startswith("các ") for n in said) else ", ").join(said)


def lead_bullet(plan: Plan, task: Task, own: str) -> str:
    """``- Chủ trì, phối hợp với Phòng Văn hóa - Xã hội tổ chức … (nhiệm vụ số 1 Mục IV).``; a task whose own
    words start with "Phối hợp" keeps them, not "Chủ trì, phối hợp với … phối hợp chặt chẽ …"."""
    mine = {own, *plan.unit(own).members}
    others = [u for u in task.leads if u not in mine and not set(plan.unit(u).members) & mine]
    words = task_words(task)
    if words.lower().startswith("chủ trì"):
        words = words[len("chủ trì") :].lstrip(" ,")
    where = f"({cite_in_annex([task], plan)})"
    if is_target(plan, task):  # a row of a "Chỉ tiêu" table is a figure to reach, not an action
        verb = "Chủ trì" + (f", phối hợp với {names(plan, others)}" if others else "")
        return f"- {verb} thực hiện chỉ tiêu: {lower_common_first(words)} {where}."
    if words.lower().startswith("phối hợp"):
        said = f"Cùng {names(plan, others)} {lower_first(words)}" if others else upper_first(words)
        return f"- {said} {where}."
    verb = "Chủ trì" + (f", phối hợp với {names(plan, others)}" if others else "")
    return f"- {verb} {lower_common_first(words)} {where}."


def is_target(plan: Plan, task: Task) -> bool:
    """Whether the task is a row of a table of targets (its content column headed "Chỉ tiêu")."""
    return row_noun(plan, annex(task.id)) == "chỉ tiêu"


def support_bullets(plan: Plan, tasks: Iterable[Task], own: str = "") -> list[str]:
    """``- Phối hợp với Phòng Kinh tế thực hiện nhiệm vụ số 2 Mục I; … Phụ lục kèm theo.`` — one per lead. In a
    collective's item, a task led by one of its members is said as "Phòng Kinh tế chủ trì, các đơn vị còn lại
    phối hợp …": a member never coordinates with itself."""
    members = set(register_members(plan, plan.unit(own))) if own else set()
    by_lead: dict[tuple[str, ...], list[Task]] = {}
    for task in tasks:
        if own in task.leads:  # named as lead and, through a collective, as partner: it leads
            continue
        by_lead.setdefault(task.leads, []).append(task)
    out = []
    for leads, led in by_lead.items():
        if members & set(leads):
            out.append(f"- {upper_first(names(plan, leads))} chủ trì, các đơn vị còn lại phối hợp thực hiện "
                       f"{cite_in_annex(led, plan)}.")
        else:
            out.append(f"- Phối hợp với {names(plan, leads)} thực hiện {cite_in_annex(led, plan)}.")
    return out


def unit_notes(plan: Plan, unit_id: str) -> list[str]:
    """What the plan's body says of the unit beyond its tasks (``ghi_chu_don_vi``), directly or of a collective
    it belongs to, as sentences."""
    own = {unit_id} | {u.id for u in plan.units if u.collective and unit_id in u.members}
    out: list[str] = []
    stack = list(plan.body)
    while stack:
        part = stack.pop(0)
        stack[:0] = part.children
        out += [f"{upper_first(text).rstrip('.')}." for ref, text in part.unit_notes if ref in own]
    return out


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


def register_members(plan: Plan, unit: Unit) -> tuple[str, ...]:
    """A collective's members spoken to in its own register (van-phong.md §1): a member of another relation (Công
    an xã among "các phòng, đơn vị liên quan") is spoken to in its own item, in its own register."""
    kind = relation(plan, unit)
    return tuple(m for m in unit.members if relation(plan, plan.unit(m)) == kind)


def _named_in(plan: Plan, unit_id: str) -> tuple[tuple[Task, ...], tuple[Task, ...]]:
    """Tasks naming the unit, a collective whose only member it is, or a collective it belongs to that is spoken
    to in another register."""
    ids = {unit_id} | {u.id for u in plan.units if u.collective and unit_id in u.members
                       and (u.members == (unit_id,) or unit_id not in register_members(plan, u))}
    tasks = list(plan.tasks())
    return (tuple(t for t in tasks if ids & set(t.leads)), tuple(t for t in tasks if ids & set(t.partners)))


def _folding(plan: Plan, recipients: dict[str, tuple[Duty, ...]]) -> dict[str, str]:
    """member id -> the collective that speaks for it: the first collective of members with identical duties,
    all in its register."""
    speaker: dict[str, str] = {}
    for unit in plan.units:
        members = unit.members
        if (unit.collective and len(members) > 1 and all(m in recipients and m not in speaker for m in members)
                and plan.standing not in members and register_members(plan, unit) == members
                and len({tuple((d.task.id, d.role) for d in recipients[m]) for m in members}) == 1):
            speaker.update(dict.fromkeys(members, unit.id))
    return speaker


_FRONT = ("ủy ban mặt trận", "mặt trận")
_MASS = ("hội ", "các hội", "đoàn thanh niên", "tỉnh đoàn", "huyện đoàn", "thành đoàn", "liên đoàn lao động",
         "các tổ chức chính trị", "các đoàn thể")


def _outside_rank(plan: Plan, unit: Unit) -> int:
    """Among bodies outside the issuer: the Mặt trận, then the đoàn thể (Hội, Đoàn), then the others."""
    key = match_key(unit.name) + " "
    if key.startswith(_FRONT):
        return 0
    if key.startswith(_MASS) or (unit.members and all(_outside_rank(plan, plan.unit(m)) <= 1 for m in unit.members)):
        return 1
    return 2


def receivers(plan: Plan) -> list[Receiver]:
    """Who "Tổ chức thực hiện" speaks to, in order: the standing body, then units under the issuer, lower levels
    and bodies outside (the Mặt trận and đoàn thể first), each group's collectives before its single units. Each
    unit gets the tasks that name it; members whose duties are all the same are spoken to through one collective
    only; a unit is spoken to in one register only."""
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
        elif unit.collective and (len(register_members(plan, unit)) <= 1
                                  or set(register_members(plan, unit)) <= set(speaker)):
            continue  # said through its only member, through another collective, or to nobody (build warns)
        else:
            leads, supports = _named_in(plan, unit.id)
        if leads or supports or unit.id == plan.standing:
            out.append(Receiver(unit, leads, supports))
    rank = {UNDER: 1, LOWER: 2, OUTSIDE: 3}
    order = {u.id: i for i, u in enumerate(plan.units)}

    def place_of(r: Receiver) -> tuple[bool, int, int, bool, int]:
        kind = relation(plan, r.unit)
        outside = _outside_rank(plan, r.unit) if kind == OUTSIDE else 0
        return r.unit.id != plan.standing, rank[kind], outside, not r.unit.collective, order[r.unit.id]

    return sorted(out, key=place_of)


def receiver_title(plan: Plan, unit: Unit) -> str:
    """``Phòng Kinh tế``; ``Các phòng, đơn vị liên quan (Văn phòng …, Phòng Kinh tế)``; ``Đề nghị Hội Nông dân xã``."""
    title = unit.name
    members = register_members(plan, unit)
    if unit.collective and 1 < len(members) <= 8 and not unit.name.startswith("Ủy ban nhân dân"):
        title += f" ({', '.join(plan.unit(m).name for m in members)})"
    return title if relation(plan, unit) != OUTSIDE else f"Đề nghị {unit_words(title)}"


def organisation_parts(plan: Plan, part: BodyPart) -> list[BodyPart]:
    """The numbered items of "Tổ chức thực hiện", in the order a văn thư writes them."""
    notes = dict(part.unit_notes)
    parts = []
    for receiver in receivers(plan):
        unit = receiver.unit
        lines = [f"- {standing_text(plan)}."] if unit.id == plan.standing else []
        lines += [lead_bullet(plan, t, unit.id) for t in receiver.leads]
        lines += support_bullets(plan, receiver.supports, unit.id)
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
