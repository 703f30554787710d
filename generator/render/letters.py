"""Contexts of the per-unit documents: the assignment letter (công văn) and the report forms (báo cáo)."""

from __future__ import annotations

import functools
import re
from typing import Any

from ..assign import LEAD, Assignment, Duty
from ..formid import form_properties
from ..levels import locality
from ..model import Appendix, Plan, Task, Unit
from ..relations import OUTSIDE, full_name, relation, unit_parent, unit_place
from ..timeline import read_timeline
from ..vn import (
    BLANK,
    POINT_LETTERS,
    YOUTH_UNION_TITLE,
    VnDate,
    abbreviate,
    abbreviate_header,
    format_date,
    format_number,
    format_place_date,
    header_lines,
    keep_range_whole,
    keep_symbols_whole,
    lower_common_first,
    lower_first,
    match_key,
    point_letter,
    short_date,
    upper_first,
    upper_title,
)
from .context import (
    Item,
    annex_of,
    column_value,
    core_properties,
    header_context,
    recipient_lines,
    signature_context,
    unit_cell,
    with_end_mark,
)
from .metrics import WIDE_TEXT_WIDTH, title_text
from .organisation import (
    BRIEF_CHARS,
    brief,
    cite_tasks,
    names,
    report_to,
    standing_text,
    task_text,
    task_words,
    unit_notes,
    unit_words,
)


def _issued(plan: Plan) -> str:
    """The letter's opening: when and how the plan was issued (by itself, or by a Quyết định)."""
    d = plan.decision
    if d is not None:
        return (f"{upper_first(format_date(d.date))}, {plan.issuer.name} ban hành Quyết định số {d.number_text} ban "
                f"hành {plan.kind} {lower_common_first(plan.subject)} (gửi kèm theo).")
    return (f"{upper_first(format_date(plan.date))}, {plan.issuer.name} ban hành {plan.kind} số {plan.number_text} "
            f"{about(plan.subject)} (gửi kèm theo).")


def own_plan(plan: Plan) -> str:
    """The plan cited by its issuer itself (no "của …"): ``Kế hoạch số 05/KH-UBND ngày …``."""
    d = plan.decision
    if d is not None:
        return f"{plan.kind} ban hành kèm theo Quyết định số {d.number_text} {format_date(d.date)}"
    return f"{plan.kind} số {plan.number_text} {format_date(plan.date)}"


def about(subject: str) -> str:
    """``về <trích yếu>``; a trích yếu that already starts with "về" is not given a second one."""
    text = lower_common_first(subject)
    return text if text.startswith("về ") else f"về {text}"


def letter_symbol(plan: Plan) -> str:
    """Công văn carry no type abbreviation: ``UBND-VHXH`` from the data, else ``<issuer>-VP``."""
    if plan.reporting and plan.reporting.letter_symbol:
        return plan.reporting.letter_symbol
    return f"{plan.issuer.short}-VP"


def _deadline_words(appendix: Appendix) -> str:
    """As the table heads its deadline column: "thời gian hoàn thành" when it says so, else "thời gian thực hiện"."""
    column = next((c for c in appendix.columns if c.key == "thoi_gian"), None)
    said = match_key(f"{column.group} {column.heading}") if column else ""
    return "thời gian hoàn thành" if "hoàn thành" in said else "thời gian thực hiện"


def _details(plan: Plan, task: Task, *, lead: bool, own: str, via: str, said_time: bool = False) -> str:
    """``Đơn vị cùng chủ trì: …; đơn vị phối hợp: …; thời gian thực hiện: ….`` — what the unit needs beside the
    task's words; the product and the full text are in the attached plan; a deadline said once for the whole
    list (``said_time``) is not repeated."""
    details = []
    if lead:
        co = [u for u in task.leads if u != own and plan.unit(u).name != via]
        if co:
            details.append(f"đơn vị cùng chủ trì: {names(plan, co)}")
        if task.partners:
            details.append(f"đơn vị phối hợp: {names(plan, task.partners)}")
    if task.timeline and not said_time:
        details.append(f"{_deadline_words(annex_of(plan, task))}: {lower_common_first(task.timeline)}")
    grouped: dict[str, list[str]] = {}  # "kinh phí (triệu đồng): tổng số 1.200, ngân sách tỉnh 800"
    for column in annex_of(plan, task).columns:  # free columns that matter to the unit (kinh phí …)
        value = column_value(plan, task, column.key) if column.free and column.in_letters else ""
        if value and column.group:
            if column.group not in grouped:
                grouped[column.group] = []
                details.append(column.group)  # where the group's values go, in column order
            grouped[column.group].append(f"{lower_first(column.heading)} {value}")
        elif value:
            details.append(f"{lower_first(column.heading)}: {value}")
    details = [f"{lower_first(d)}: {', '.join(grouped[d])}" if d in grouped else d for d in details]
    if any(";" in d for d in details):  # names joined by ";": each detail a sentence of its own
        return " ".join(upper_first(d) + "." for d in details)
    return upper_first("; ".join(details)) + "." if details else ""


BRIEF_MANY = 100  # the task's words in a letter of more than LETTER_TASKS tasks
LETTER_TASKS = 8


def _shared(values: list[str]) -> str:
    """The value every item has (said once in the list's heading), or ""."""
    return values[0] if len(values) > 1 and values[0] and len(set(values)) == 1 else ""


def _duty_items(plan: Plan, duties: tuple[Duty, ...], heading: str, own: str, limit: int) -> list[Item]:
    """One paragraph per task: where the Phụ lục prints it, its short wording (van-phong.md §5: the full text is
    in the attached plan), then co-leads, partners and the deadline. What all the tasks share — the collective
    that gives them, the deadline — is said once, in the heading."""
    via_all = _shared([d.via for d in duties])
    time_all = _shared([d.task.timeline for d in duties])
    said = [f"giao chung cho {unit_words(via_all)}"] if via_all else []
    if time_all:
        said.append(f"{_deadline_words(annex_of(plan, duties[0].task))}: {lower_common_first(time_all)}")
    items = [Item("khoan", heading + (f" ({'; '.join(said)})" if said else ""))]
    # ND30 điểm run a) … y); a longer list goes one level down, to "-" items, rather than invent letters.
    lettered = len(duties) <= len(POINT_LETTERS)
    for i, duty in enumerate(duties):
        task = duty.task
        label = f"{point_letter(i)})" if lettered else "-"
        via = f" (giao chung cho {unit_words(duty.via)})" if duty.via and not via_all else ""
        words = brief(task_text(task), limit)
        if duty.role == LEAD:
            text = f"{label} {upper_first(cite_tasks([task], plan))}{via}: {upper_first(words)}"
        else:
            text = (f"{label} Phối hợp với {names(plan, task.leads)} thực hiện {cite_tasks([task], plan)}{via}: "
                    f"{lower_common_first(words)}")
        details = _details(plan, task, lead=duty.role == LEAD, own=own, via=duty.via, said_time=bool(time_all))
        if details:
            text += (" " if text.endswith("…") else ". ") + details
        elif not text.endswith("…"):
            text += "."
        items.append(Item("doan", text))
    return items


def _grouped_supports(plan: Plan, duties: tuple[Duty, ...]) -> list[Item]:
    """A long list of supporting tasks as a văn thư shortens it: one item per lead unit, the tasks by number
    (``a) Phối hợp với Sở Tài chính thực hiện nhiệm vụ số 2, 5 Mục I; nhiệm vụ số 3 Mục II.``)."""
    by_lead: dict[tuple[str, ...], list[Task]] = {}
    for duty in duties:
        by_lead.setdefault(duty.task.leads, []).append(duty.task)
    lettered = len(by_lead) <= len(POINT_LETTERS)
    return [Item("doan", f"{point_letter(i) + ')' if lettered else '-'} Phối hợp với {names(plan, leads)} thực hiện "
                         f"{cite_tasks(tasks, plan)}.")
            for i, (leads, tasks) in enumerate(by_lead.items())]


def _subject_short(plan: Plan) -> str:
    """The plan's subject without the dates of the documents it cites (for V/v)."""
    return re.sub(r" ngày \d{1,2} tháng \d{1,2} năm \d{4}", "", plan.subject)


VV_CHARS = 31  # characters of a 12 pt line of the V/v block under the number (ND30 ô 5b, about 6 cm)
VV_LINES = 3
_VERB = re.compile(r"(?:triển khai thực hiện|triển khai|thực hiện|tổ chức thực hiện) ", re.IGNORECASE)
# A cited document: its kind and number ("Chỉ thị số 39-CT/TW", "Nghị quyết 57-NQ/TW"), where V/v may stop.
_CITED = re.compile(r"\b(?:Chỉ thị|Quyết định|Nghị quyết|Kết luận|Nghị định|Thông tư|Luật|Công văn|Kế hoạch|Đề án|"
                    r"Chương trình|Thông báo|Văn bản)(?: số)? \S*\d\S*")


def wrapped_lines(text: str, width: int) -> int:
    """Lines a text takes when wrapped at whole words (a word longer than the line takes its own); a range
    "2026 - 2030" does not break (``vn.keep_range_whole``)."""
    lines, used = 1, 0
    for word in keep_range_whole(text).split():
        if used and used + 1 + len(word) > width:
            lines, used = lines + 1, len(word)
        else:
            used += (1 if used else 0) + len(word)
    return lines


def _without_place(plan: Plan, text: str) -> str:
    """The subject without what the letter's issuer makes obvious: "trên địa bàn tỉnh", "tỉnh Bắc Ninh"."""
    area = re.search(r",? trên địa bàn (?:toàn )?(?:tỉnh|thành phố|huyện|quận|thị xã|thị trấn|xã|phường|đặc khu)\b"
                     r"(?: (?=[A-ZĐ\u00c0-\u1ef8])\S+)*", text)
    if area:
        text = text[: area.start()] + text[area.end():]
    place = locality(plan.issuer.name)
    if place.level and place.place:
        text = re.sub(rf",? (?:của )?{re.escape(place.level)} {re.escape(place.place)}\b", "", text, flags=re.I)
    return text


def vv_line(plan: Plan) -> str:
    """``V/v triển khai Kế hoạch thực hiện Chỉ thị số 39-CT/TW`` — the subject as long as it fits three lines of the
    V/v block: whole; without the issuer's own place; up to the document it implements and its author; up to
    that document; by the plan's number; else shortened where a văn thư would (:func:`brief`)."""
    rest = lower_common_first(_subject_short(plan))
    rest = _VERB.sub("thực hiện ", rest, count=1) if _VERB.match(rest) else rest
    lead = f"V/v triển khai {plan.kind}"
    local = _without_place(plan, rest)
    candidates = [f"{lead} {rest}", f"{lead} {local}"]
    cited = _CITED.search(local)
    if cited:
        author = re.match(r" của [^,;]*?(?= về |[,;]|$)", local[cited.end():])
        if author:
            candidates.append(f"{lead} {local[: cited.end() + author.end()]}")
        candidates.append(f"{lead} {local[: cited.end()].rstrip(',;')}")
    if plan.decision is not None and plan.decision.number:
        candidates.append(f"V/v triển khai Quyết định số {plan.decision.number_text}")
    elif plan.decision is None and plan.number:
        candidates.append(f"{lead} số {plan.number_text}")
    fitting = next((c for c in candidates if wrapped_lines(c, VV_CHARS) <= VV_LINES), "")
    limit = VV_CHARS * VV_LINES - len(lead)
    while not fitting:
        limit -= 8
        short = f"{lead} {brief(local, limit)}"
        fitting = short if wrapped_lines(short, VV_CHARS) <= VV_LINES or limit < VV_CHARS else ""
    return fitting


def letter_context(plan: Plan, a: Assignment) -> dict[str, Any]:
    unit = a.unit
    name = full_name(plan, unit)
    outside = relation(plan, unit) == OUTSIDE
    verb = "đề nghị" if outside else "giao"
    only_support = not a.leads and unit.id != plan.standing
    where = "các Phụ lục" if len(plan.appendices) > 1 else "Phụ lục"
    body = [
        Item("doan", _issued(plan)),
        Item("doan", f"{plan.issuer.name} {verb} {name} {'phối hợp ' if outside and only_support else ''}thực hiện "
                     f"các nội dung sau (chi tiết từng nhiệm vụ tại {where} kèm theo {plan.kind}):"),
    ]
    number = 1
    limit = BRIEF_CHARS if len(a.duties) <= LETTER_TASKS else BRIEF_MANY
    if unit.id == plan.standing:
        body += [Item("khoan", f"{number}. Nhiệm vụ của cơ quan thường trực"), Item("doan", f"{standing_text(plan)}.")]
        number += 1
    notes = unit_notes(plan, unit.id)
    if notes:
        body += [Item("khoan", f"{number}. Nhiệm vụ chung"), *(Item("doan", n) for n in notes)]
        number += 1
    many = len(a.duties) > 2 * LETTER_TASKS
    for duties, title in ((a.leads, "Chủ trì thực hiện các nhiệm vụ"), (a.supports, "Phối hợp thực hiện các nhiệm vụ")):
        if duties and many and duties[0].role != LEAD:
            body += [Item("khoan", f"{number}. {title}"), *_grouped_supports(plan, duties)]
            number += 1
        elif duties:
            body += _duty_items(plan, duties, f"{number}. {title}", unit.id, limit)
            number += 1
    if plan.reporting:
        body += [Item("khoan", f"{number}. Chế độ báo cáo"), Item("doan", _report_sentence(plan, unit.id))]
    closing = (f"Đề nghị {name} quan tâm, phối hợp thực hiện" if outside
               else f"Yêu cầu {name} nghiêm túc triển khai thực hiện")
    body.append(Item("cuoi", with_end_mark(closing)))
    recipients = ["Như trên"]
    if plan.standing and plan.standing != unit.id:
        recipients.append(f"{plan.unit(plan.standing).name} (để theo dõi)")
    recipients.append(f"Chủ tịch, các PCT {abbreviate(plan.issuer.name)}")
    return {
        **header_context(plan),
        **signature_context(plan, recipients),
        "number": keep_symbols_whole(format_number("", letter_symbol(plan))),
        "vv": keep_symbols_whole(vv_line(plan)),
        **core_properties(plan, f"{vv_line(plan)} — {name}"),
        "recipient": name,
        "body": [{**item.__dict__, "text": keep_symbols_whole(item.text)} for item in body],
    }


def _report_sentence(plan: Plan, own: str) -> str:
    r = plan.reporting
    assert r is not None
    if own == plan.standing:
        superior = f" báo cáo {r.superior}" if r.superior else " báo cáo theo quy định"
        return (f"Tiếp nhận báo cáo của các cơ quan, đơn vị (hạn gửi {r.deadline}), tổng hợp, tham mưu "
                f"{plan.issuer.name}{superior}.")
    return (f"Báo cáo kết quả thực hiện (theo mẫu gửi kèm) về {report_to(plan)} {r.deadline}.")


PRODUCT_COLUMN = "Sản phẩm theo kế hoạch"  # the forms' column, left out when the plan names no product
DATED = ("Hoàn thành đúng hạn", "Hoàn thành quá hạn", "Đang thực hiện, trong hạn", "Đang thực hiện, quá hạn")
RECURRING = ("Đã thực hiện", "Đang thực hiện", "Chưa thực hiện")


def statuses(task: Task, year: int | None = None) -> tuple[str, ...]:
    """Statuses that fit the deadline (``timeline.read_timeline``): a task due on a date or within a period is
    on time or late; a recurring one, or one with no deadline, is done or not."""
    if task.deadline is not None or read_timeline(task.timeline, year).dated:
        return DATED
    return RECURRING


def deadline_text(task: Task) -> str:
    """As the Phụ lục prints it; the exact date only where the table gives none."""
    if task.timeline or task.deadline is None:
        return task.timeline
    return short_date(task.deadline)


def _has_target(task: Task) -> bool:
    return _names_target(" ".join(task.content))


@functools.lru_cache(maxsize=1024)  # a task is asked once per unit's form
def _names_target(text: str) -> bool:
    return bool(re.search(r"(?<!\d)\d++\s*+(?:-\s*+\d++\s*+)?%|chỉ tiêu", text))


def _row(plan: Plan, seq: int, task: Task, role: str = "") -> dict[str, Any]:
    return {
        "seq": str(seq),
        # the task in short (its own first clause): the full text is in the attached plan
        "content": "\a".join([f"{upper_first(cite_tasks([task], plan))}:", task_words(task)]),
        "role": role,
        "deadline": keep_symbols_whole(deadline_text(task)),
        "product": task.product,
        "leads": unit_cell(plan, task.leads),
        "partners": unit_cell(plan, task.partners),
        "result": "Số liệu đạt được:" if _has_target(task) else "",
        "status": "\a".join(f"□ {s}" for s in statuses(task, plan.date.year)),
    }


def _period_year(plan: Plan) -> VnDate:
    period = plan.reporting.period if plan.reporting else ""
    year = re.search(r"\b(20\d\d)\b", period)
    return VnDate(year=int(year.group(1))) if year else VnDate()


def _report_subject(plan: Plan) -> str:
    period = plan.reporting.period if plan.reporting else ""
    return f"Kết quả thực hiện {plan.cite()}" + (f" (kỳ báo cáo: {period})" if period else "")


# The Đoàn TNCS Hồ Chí Minh writes in its own system (Hướng dẫn 29-HD/TWĐTN-VP): its title on the right instead of
# the Quốc hiệu, "BCH ĐOÀN XÃ …" and "***" on the left, symbols "Số: 12-BC/ĐTN", signed for its Ban Chấp hành.
_YOUTH_UNION = re.compile(r"(?:Đoàn Thanh niên|Đoàn TNCS|(?:Tỉnh|Thành|Huyện|Quận|Thị) [Đđ]oàn|Ban Chấp hành Đoàn|"
                          r"BCH Đoàn)\b")


def _youth_union_header(plan: Plan, unit: Unit, name: str) -> dict[str, Any]:
    """The Đoàn's own header for its form; {} for every other unit (the state's header)."""
    if not _YOUTH_UNION.match(unit.name):
        return {}
    place = locality(name)
    if not place.level:  # "Tỉnh Đoàn": the level and place are the issuer's
        place = locality(plan.issuer.name)
    if place.level in ("tỉnh", "thành phố"):
        body = f"BCH {place.level} {place.place}"
    else:
        body = f"BCH Đoàn {place.level} {place.place}".strip()
    return {
        "own_title": YOUTH_UNION_TITLE,
        "issuer_lines": header_lines(upper_title(body)),
        "number": f"{BLANK}-BC/{unit.short or BLANK}",
        "signer_title": "TM. BAN CHẤP HÀNH\nBÍ THƯ",
    }


def report_context(plan: Plan, a: Assignment) -> dict[str, Any]:
    unit = a.unit
    name = full_name(plan, unit)
    # no abbreviation in the data: a blank the unit fills in with its own, as it fills its number (a guessed one
    # from initials would often be wrong: "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh" writes MTTQ)
    abbr = unit.short or BLANK
    parent = unit_parent(plan, unit)
    period = plan.reporting.period if plan.reporting else ""
    return {
        "own_title": "",
        "issuer_parent": abbreviate_header(upper_title(parent)) if parent else "",
        "issuer_lines": header_lines(upper_title(name)),
        "number": format_number("", f"BC-{abbr}"),
        "place_date": format_place_date(unit_place(plan, unit), _period_year(plan)),
        "kind_upper": "BÁO CÁO",
        **core_properties(plan, f"Báo cáo {lower_first(_report_subject(plan))} — {name}"),
        "custom": form_properties(plan, unit),  # the returned form finds its plan and unit (kehoach tong-hop)
        "subject": keep_symbols_whole(title_text(_report_subject(plan), WIDE_TEXT_WIDTH)),
        "recipient": report_to(plan),
        "intro": keep_symbols_whole(f"Thực hiện {plan.cite()}, {name} báo cáo kết quả thực hiện các nhiệm vụ được giao"
                                    f"{' ' + period if period else ''} như sau:"),
        "rows": [_row(plan, i + 1, d.task, d.role.capitalize() + (" (giao chung)" if d.via else ""))
                 for i, d in enumerate(a.duties)],
        "drop_if_empty": [PRODUCT_COLUMN],
        "recipients": recipient_lines(["Như trên"], f"VT, {unit.short}" if unit.short else "VT"),
        "signer_title": "THỦ TRƯỞNG ĐƠN VỊ",
        **_youth_union_header(plan, unit, name),
    }


def summary_context(plan: Plan) -> dict[str, Any]:
    superior = plan.reporting.superior if plan.reporting else ""
    period = plan.reporting.period if plan.reporting else ""
    return {
        **header_context(plan),
        **signature_context(plan, ["Như trên"]),
        "number": format_number("", f"BC-{plan.issuer.short}"),
        "place_date": format_place_date(plan.place, _period_year(plan)),
        "kind_upper": "BÁO CÁO",
        "subject": keep_symbols_whole(title_text("Tổng hợp " + lower_first(_report_subject(plan)), WIDE_TEXT_WIDTH)),
        **core_properties(plan, "Báo cáo tổng hợp " + lower_first(_report_subject(plan))),
        "recipient": superior,
        "intro": keep_symbols_whole(f"Thực hiện {own_plan(plan)}, "
                                    f"{plan.issuer.name} báo cáo tổng hợp kết quả thực hiện"
                                    f"{' ' + period if period else ''} như sau:"),
        "rows": [_row(plan, i + 1, t) for i, t in enumerate(plan.tasks())],
        "drop_if_empty": [PRODUCT_COLUMN],
    }
