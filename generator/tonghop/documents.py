"""The documents written from a collection: the consolidated report (bao-cao-ket-qua.docx) and one công văn
đôn đốc per unit that has not reported or has overdue tasks — in the plan's ND30 form, worded by the unit's
relation to the issuer ("yêu cầu" to its own units, "đề nghị" to outside bodies), as the letters of ``build``.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path
from typing import Any

from ..assign import Assignment
from ..model import Plan, Task
from ..relations import OUTSIDE, full_name, relation
from ..render.context import (
    Item,
    core_properties,
    header_context,
    signature_context,
    with_end_mark,
)
from ..render.engine import render_docx
from ..render.letters import about, deadline_text, letter_symbol, own_plan
from ..render.metrics import title_text
from ..render.organisation import cite_tasks, report_to, task_words
from ..vn import (
    VnDate,
    abbreviate,
    format_date,
    format_number,
    format_place_date,
    keep_symbols_whole,
    lower_first,
    short_date,
    upper_first,
)
from .collect import Collection, Outcome
from .status import DONE, DONE_ALL, DONE_LATE, NO_REPORT, NOT_STARTED, ONGOING, ONGOING_LATE


def _items(items: list[Item]) -> list[dict[str, Any]]:
    return [{**item.__dict__, "text": keep_symbols_whole(item.text)} for item in items]


def _undated(plan: Plan, day: dt.date) -> dict[str, Any]:
    """Number and date left for the văn thư (filled in when signed); the year is the collection's."""
    return {"place_date": format_place_date(plan.place, VnDate(year=day.year))}


# ---------------------------------------------------------------------------------------------- the report


def report_context(c: Collection) -> dict[str, Any]:
    plan = c.plan
    superior = plan.reporting.superior if plan.reporting else ""
    subject = f"Kết quả thực hiện {own_plan(plan)} của {plan.issuer.name} (đến ngày {short_date(c.day)})"
    standing = plan.unit(plan.standing) if plan.standing else None
    recipients = ["Như trên", f"CT, các PCT {abbreviate(plan.issuer.name)}"]
    if standing is not None:
        recipients.append(standing.name)
    body = _overview(c) + _results(c) + _late(c) + _difficulties(c)
    return {
        **header_context(plan),
        **signature_context(plan, recipients),
        "number": keep_symbols_whole(format_number("", f"BC-{plan.issuer.short}")),
        **_undated(plan, c.day),
        "kind_upper": "BÁO CÁO",
        "subject": keep_symbols_whole(title_text(subject)),
        **core_properties(plan, f"Báo cáo {lower_first(subject)}"),
        "recipient": superior,
        "body": _items(body),
        "proposals_title": "IV. ĐỀ XUẤT, KIẾN NGHỊ",
        "attachment": keep_symbols_whole(f"(Kèm theo Báo cáo số {format_number('', f'BC-{plan.issuer.short}')} "
                                         f"{format_date(VnDate(year=c.day.year))} của {plan.issuer.name})"),
        "rows": [_row(c, i, o) for i, o in enumerate(c.outcomes, 1)],
    }


def _overview(c: Collection) -> list[Item]:
    plan = c.plan
    tasks = list(dict.fromkeys(o.task.id for o in c.outcomes))
    expected = c.expected
    missing = [a.unit for a in expected if a.unit.id not in c.reported]
    said = (f"Đến ngày {short_date(c.day)}, {plan.issuer.name} đã nhận được báo cáo của {len(expected) - len(missing)}/"
            f"{len(expected)} cơ quan, đơn vị")
    said += f"; chưa nhận được báo cáo của: {'; '.join(full_name(plan, u) for u in missing)}." if missing else "."
    counts = Counter(o.status for o in c.outcomes)
    done = sum(counts[s] for s in DONE_ALL)
    done_parts = [f"{w} {counts[s]}" for s, w in ((DONE, "đúng hạn"), (DONE_LATE, "quá hạn")) if counts[s]]
    overdue = sum(1 for o in c.outcomes if c.overdue(o))
    status = (f"Tình trạng thực hiện (tính theo từng đơn vị chủ trì, {len(c.outcomes)} lượt): hoàn thành {done}"
              + (f" ({', '.join(done_parts)})" if done_parts else "")
              + f"; đang thực hiện {counts[ONGOING] + counts[ONGOING_LATE]}; chưa thực hiện {counts[NOT_STARTED]}; "
              f"chưa có báo cáo {counts[NO_REPORT]}. Số nhiệm vụ đã quá thời hạn mà chưa hoàn thành: {overdue}.")
    intro = (f"Thực hiện {own_plan(plan)} {about(plan.subject)}, trên cơ sở báo cáo của các cơ quan, đơn vị, "
             f"{plan.issuer.name} báo cáo kết quả thực hiện đến ngày {short_date(c.day)} như sau:")
    return [
        Item("doan", intro),
        Item("muc", "I. KẾT QUẢ THỰC HIỆN"),
        Item("khoan", "1. Tình hình chung"),
        Item("doan", f"{plan.kind} có {len(tasks)} nhiệm vụ, giao {len(c.outcomes)} lượt đơn vị chủ trì. {said}"),
        Item("doan", status),
    ]


def _results(c: Collection) -> list[Item]:
    """Per section (a), b) …), each task with its lead unit's words."""
    items = [Item("khoan", "2. Kết quả thực hiện các nhiệm vụ")]
    by_task: dict[str, list[Outcome]] = {}
    for o in c.outcomes:
        by_task.setdefault(o.task.id, []).append(o)
    sections = [s for a in c.plan.appendices for s in a.sections]
    letter = 0
    for section in sections:
        tasks = [t for t in section.tasks() if t.id in by_task]
        if not tasks:
            continue
        if section.title and len(sections) > 1:
            items.append(Item("diem", f"{'abcdefghiklmnopqrstuvxy'[letter % 23]}) {section.title}"))
            letter += 1
        for task in tasks:
            cited = upper_first(cite_tasks([task], c.plan))
            items.append(Item("doan", f"- {cited}: {task_words(task).rstrip(' .;:')}:"))
            items += [Item("doan", _result_line(o)) for o in by_task[task.id]]
    return items


def _result_line(o: Outcome) -> str:
    """``+ Phòng Kinh tế: <what it reported>; số liệu đạt được: 47% (tình trạng: hoàn thành đúng hạn).``"""
    head = f"+ {o.unit.name}"
    if o.status == NO_REPORT and not o.result:
        return f"{head}: chưa có báo cáo."
    said = "; ".join(filter(None, (" ".join(o.result.split()).rstrip(" .;"),
                                   f"số liệu đạt được: {o.figures.rstrip(' .;')}" if o.figures else "")))
    status = f"tình trạng: {lower_first(o.status)}" if o.status != NO_REPORT else "chưa đánh dấu tình trạng"
    return f"{head}: {upper_first(said)} ({status})." if said else f"{head}: {status}."


def _late(c: Collection) -> list[Item]:
    items = [Item("muc", "II. NHIỆM VỤ QUÁ HẠN, CHƯA THỰC HIỆN")]
    by_unit: dict[str, list[Outcome]] = {}
    for o in c.outcomes:
        if c.overdue(o) or o.status == NOT_STARTED:
            by_unit.setdefault(o.unit.id, []).append(o)
    if not by_unit:
        return [*items, Item("doan", f"Đến ngày {short_date(c.day)}, không có nhiệm vụ quá hạn hoặc chưa thực hiện.")]
    for i, outcomes in enumerate(by_unit.values(), 1):
        items.append(Item("khoan", f"{i}. {full_name(c.plan, outcomes[0].unit)}"))
        items += [Item("doan", f"- {late_line(c, o)}.") for o in outcomes]
    return items


def late_line(c: Collection, o: Outcome) -> str:
    """``Nhiệm vụ số 2 Mục I: <words> (thời hạn: Quý IV/2025; chưa có báo cáo)``."""
    deadline = deadline_text(o.task)
    status = "chưa có báo cáo" if o.status == NO_REPORT else lower_first(o.status)
    when = f"thời hạn: {deadline}; " if deadline else ""
    return f"{upper_first(cite_tasks([o.task], c.plan))}: {task_words(o.task).rstrip(' .;')} ({when}{status})"


def _difficulties(c: Collection) -> list[Item]:
    items = [Item("muc", "III. KHÓ KHĂN, VƯỚNG MẮC")]
    said = [e for e in c.entries if e.row.difficulties.strip()]
    if not said:
        return [*items, Item("doan", "Các cơ quan, đơn vị không báo cáo khó khăn, vướng mắc.")]
    for e in said:
        where = f" ({cite_tasks([e.task], c.plan)})" if e.task else ""
        items.append(Item("doan", f"- {e.unit.name}{where}: {' '.join(e.row.difficulties.split()).rstrip(' .;')}."))
    return items


def _row(c: Collection, seq: int, o: Outcome) -> dict[str, Any]:
    result = " ".join(o.result.split())
    if o.figures:
        result += ("\a" if result else "") + f"Số liệu đạt được: {o.figures}"
    return {
        "seq": str(seq),
        "content": "\a".join([f"{upper_first(cite_tasks([o.task], c.plan))}:", task_words(o.task)]),
        "leads": o.unit.name,
        "deadline": keep_symbols_whole(deadline_text(o.task)),
        "status": o.status + (" (quá hạn)" if c.overdue(o) and "quá hạn" not in o.status else ""),
        "result": result,
        "reported": short_date(o.reported) if o.reported else "",
    }


def render_report(c: Collection, templates: Path) -> bytes:
    return render_docx(templates / "ket-qua.docx", report_context(c))


# --------------------------------------------------------------------------------------------- reminders


def reminder_units(c: Collection) -> list[tuple[Assignment, list[Outcome], bool]]:
    """Each unit owed a reminder: (its assignment, its overdue lead tasks, whether it has not reported)."""
    out = []
    for a in c.expected:
        late = [o for o in c.outcomes if o.unit.id == a.unit.id and c.overdue(o)]
        silent = a.unit.id not in c.reported
        if late or silent:
            out.append((a, late, silent))
    return out


def reminder_context(c: Collection, a: Assignment, late: list[Outcome], silent: bool, due: dt.date
                     ) -> dict[str, Any]:
    plan = c.plan
    unit = a.unit
    name = full_name(plan, unit)
    outside = relation(plan, unit) == OUTSIDE
    verb = "đề nghị" if outside else "giao"
    role = "chủ trì, phối hợp" if a.leads and a.supports else "chủ trì" if a.leads else "phối hợp"
    # the standing body reports to the issuer itself, never "qua" itself
    to = plan.issuer.name if unit.id == plan.standing else report_to(plan)
    body = [Item("doan", f"Thực hiện {own_plan(plan)} {about(plan.subject)} (sau đây gọi là {plan.kind}), "
                         f"{plan.issuer.name} đã {verb} {name} {role} thực hiện {_cited(plan, a)} và báo cáo kết "
                         f"quả thực hiện về {to}.")]
    if silent:
        body.append(Item("doan", f"Đến ngày {short_date(c.day)}, {plan.issuer.name} chưa nhận được báo cáo kết quả "
                                 f"thực hiện của {name}."))
    if late:
        lead = "Các nhiệm vụ sau" if len(late) > 1 else "Nhiệm vụ sau"
        body.append(Item("doan", f"{lead} do {name} chủ trì đã quá thời hạn nhưng chưa hoàn thành"
                                 f"{' hoặc chưa có báo cáo' if any(o.status == NO_REPORT for o in late) else ''}:"))
        body += [Item("doan", f"- {late_line(c, o)}{';' if i < len(late) else '.'}") for i, o in enumerate(late, 1)]
    act = ((f"khẩn trương thực hiện {'các nhiệm vụ' if len(late) > 1 else 'nhiệm vụ'} nêu trên và " if late else "")
           + f"gửi báo cáo kết quả thực hiện (theo mẫu đã gửi kèm {plan.kind}) về {to} trước ngày {short_date(due)}")
    closing = (f"{plan.issuer.name} đề nghị {name} quan tâm, {act}" if outside
               else f"{plan.issuer.name} yêu cầu {name} {act}")
    body.append(Item("cuoi", with_end_mark(closing)))
    recipients = ["Như trên", f"CT, các PCT {abbreviate(plan.issuer.name)} (b/c)"]
    if plan.standing and plan.standing != unit.id:
        recipients.append(f"{plan.unit(plan.standing).name} (theo dõi)")
    vv = f"V/v đôn đốc thực hiện và báo cáo kết quả thực hiện {plan.kind} số {plan.number_text}"
    return {
        **header_context(plan),
        **signature_context(plan, recipients),
        "number": keep_symbols_whole(format_number("", letter_symbol(plan))),
        **_undated(plan, c.day),
        "vv": keep_symbols_whole(vv),
        **core_properties(plan, f"{vv} — {name}"),
        "recipient": name,
        "body": _items(body),
    }


def _cited(plan: Plan, a: Assignment) -> str:
    """``nhiệm vụ số 1, 2 Mục I (Phụ lục kèm theo Kế hoạch)``; a long list is pointed to, not copied."""
    tasks: list[Task] = [d.task for d in a.duties]
    cited = cite_tasks(tasks, plan)
    if len(cited) > 120:
        return f"các nhiệm vụ tại Phụ lục kèm theo {plan.kind}"
    return f"{cited} (Phụ lục kèm theo {plan.kind})"


def render_reminder(c: Collection, a: Assignment, late: list[Outcome], silent: bool, due: dt.date,
                    templates: Path) -> bytes:
    return render_docx(templates / "cong-van.docx", reminder_context(c, a, late, silent, due))
