"""Contexts of the per-unit documents: the assignment letter (công văn) and the report forms (báo cáo)."""

from __future__ import annotations

from typing import Any

from ..assign import LEAD, Assignment, Duty
from ..model import Plan, Task
from ..vn import (
    POINT_LETTERS,
    VnDate,
    format_number,
    format_place_date,
    lower_first,
    point_letter,
    upper_first,
    upper_title,
)
from .context import Item, header_context, recipient_lines, signature_context, unit_cell, with_end_mark

STATUSES = (
    "Hoàn thành đúng hạn",
    "Hoàn thành quá hạn",
    "Chưa hoàn thành, trong hạn",
    "Chưa hoàn thành, quá hạn",
)
STATUS_CELL = "\a".join(f"□ {s}" for s in STATUSES)  # "\a": one paragraph per status


def letter_symbol(plan: Plan) -> str:
    """Công văn carry no type abbreviation: ``UBND-VHXH`` from the data, else ``<issuer>-VP``."""
    if plan.reporting and plan.reporting.letter_symbol:
        return plan.reporting.letter_symbol
    return f"{plan.issuer.short}-VP"


def _task_text(task: Task) -> str:
    return " ".join(p.removeprefix("- ") for p in task.content).rstrip(" .;:")


def _duty_items(plan: Plan, duties: tuple[Duty, ...], heading: str) -> list[Item]:
    items = [Item("khoan", heading)]
    # ND30 điểm run a) … y); a longer list goes one level down, to "-" items, rather than invent letters.
    lettered = len(duties) <= len(POINT_LETTERS)
    for i, duty in enumerate(duties):
        task = duty.task
        via = f" (nhiệm vụ giao chung cho {lower_first(duty.via)})" if duty.via else ""
        label = f"{point_letter(i)})" if lettered else "-"
        items.append(Item("doan", f"{label} Nhiệm vụ {task.id}{via}: {_task_text(task)}."))
        details = []
        if duty.role == LEAD and task.partners:
            details.append(f"đơn vị phối hợp: {unit_cell(plan, task.partners)}")
        elif duty.role != LEAD:
            details.append(f"đơn vị chủ trì: {unit_cell(plan, task.leads)}")
        if task.product:
            details.append(f"sản phẩm: {lower_first(task.product)}")
        if task.timeline:
            details.append(f"thời gian thực hiện: {lower_first(task.timeline)}")
        if details:
            items.append(Item("doan", upper_first("; ".join(details)) + "."))
    return items


def letter_context(plan: Plan, a: Assignment) -> dict[str, Any]:
    unit = a.unit.name
    body = [
        Item("doan", f"Thực hiện {plan.cite()} về {lower_first(plan.subject)} (gửi kèm theo Công văn này), "
                     f"{plan.issuer.name} đề nghị {unit} triển khai thực hiện các nội dung sau:"),
    ]
    number = 1
    for duties, title in ((a.leads, "Chủ trì thực hiện các nhiệm vụ"), (a.supports, "Phối hợp thực hiện các nhiệm vụ")):
        if duties:
            body += _duty_items(plan, duties, f"{number}. {title}")
            number += 1
    if plan.reporting:
        r = plan.reporting
        body += [
            Item("khoan", f"{number}. Chế độ báo cáo"),
            Item("doan", f"{unit} báo cáo kết quả thực hiện {r.period} theo mẫu gửi kèm, gửi về {r.to} "
                         f"{r.deadline} để tổng hợp, báo cáo {plan.issuer.name}."),
        ]
    body.append(Item("doan", with_end_mark(f"Đề nghị {unit} quan tâm, triển khai thực hiện")))
    recipients = ["Như trên", f"Chủ tịch, các Phó Chủ tịch {plan.issuer.name}"]
    return {
        **header_context(plan),
        **signature_context(plan, recipients),
        "number": format_number("", letter_symbol(plan)),
        "vv": f"V/v triển khai thực hiện {plan.kind} số {plan.number_text}",
        "recipient": unit,
        "body": [item.__dict__ for item in body],
    }


def _report_subject(plan: Plan) -> str:
    period = plan.reporting.period if plan.reporting else "……"
    return f"Kết quả thực hiện {plan.cite()} (kỳ báo cáo: {period})"


def report_context(plan: Plan, a: Assignment) -> dict[str, Any]:
    unit = a.unit
    abbr = unit.short or "…"
    rows = [
        {
            "id": d.task.id,
            "content": "\a".join(d.task.content),
            "role": d.role.capitalize() + (" (giao chung)" if d.via else ""),
            "product": d.task.product,
            "status": STATUS_CELL,
        }
        for d in a.duties
    ]
    return {
        "issuer_parent": upper_title(unit.parent or plan.issuer.name),
        "issuer_lines": [upper_title(unit.name)],
        "number": format_number("", f"BC-{abbr}"),
        "place_date": format_place_date(plan.place, VnDate()),
        "kind_upper": "BÁO CÁO",
        "subject": _report_subject(plan),
        "recipient": plan.issuer.name,
        "intro": f"Thực hiện {plan.cite()}, {unit.name} báo cáo kết quả thực hiện các nhiệm vụ được giao như sau:",
        "rows": rows,
        "recipients": recipient_lines(["Như trên"], f"VT, {abbr}"),
        "signer_title": "THỦ TRƯỞNG ĐƠN VỊ",
    }


def summary_context(plan: Plan) -> dict[str, Any]:
    rows = [
        {
            "id": t.id,
            "content": "\a".join(t.content),
            "leads": unit_cell(plan, t.leads),
            "partners": unit_cell(plan, t.partners),
            "product": t.product,
            "status": STATUS_CELL,
        }
        for t in plan.tasks()
    ]
    return {
        **header_context(plan),
        **signature_context(plan, ["Như trên"]),
        "number": format_number("", f"BC-{plan.issuer.short}"),
        "place_date": format_place_date(plan.place, VnDate()),
        "kind_upper": "BÁO CÁO",
        "subject": "Tổng hợp " + lower_first(_report_subject(plan)),
        "intro": f"Thực hiện {plan.cite()}, {plan.issuer.name} báo cáo tổng hợp kết quả thực hiện như sau:",
        "rows": rows,
        "signer_name": "",
    }
