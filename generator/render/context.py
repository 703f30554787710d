"""Plan -> template context: every Vietnamese formatting rule applied here, in plain Python (no docx)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any

from ..assign import assignments
from ..levels import locality
from ..model import Appendix, BodyPart, Group, Plan, Task, Unit
from ..vn import (
    abbreviate_line,
    format_date,
    format_place_date,
    keep_range_whole,
    keep_symbols_whole,
    lower_common_first,
    lower_first,
    match_key,
    point_letter,
    roman,
    upper_title,
)
from .metrics import WIDE_TEXT_WIDTH, title_text
from .organisation import organisation_parts

APPENDIX_POINTER = "chi tiết tại Phụ lục kèm theo"
END_MARK = "./."


@dataclass(frozen=True)
class Item:
    """One paragraph of the Kế hoạch body: kind is 'muc' (I.), 'khoan' (1.), 'diem' (a)) or 'doan' ('cuoi' for
    the last); in a Quyết định also 'tham_quyen' and 'quyet_dinh' (centred, bold), 'can_cu' (italic) and 'dieu' /
    'dieu_cuoi' ("Điều 1." in bold, then ``text``)."""

    kind: str
    text: str
    label: str = ""


def core_properties(plan: Plan, title: str) -> dict[str, Any]:
    """File properties: the document's title in one line, the issuer as author, the plan's date."""
    d = plan.date
    return {"core": {"title": " ".join(title.replace("\u2011", "-").split()), "author": plan.issuer.name,
                     "date": (d.year, d.month, d.day)}}


def header_context(plan: Plan) -> dict[str, Any]:
    return {
        "issuer_parent": upper_title(plan.issuer.parent) if plan.issuer.parent else "",
        "issuer_lines": list(plan.issuer.header_lines),
        "number": keep_symbols_whole(plan.number_text),
        "number_shown": True,
        "place_date": format_place_date(plan.place, plan.date),
    }


def issued_by(plan: Plan) -> str:
    """``(Ban hành kèm theo Quyết định số 2820/QĐ-UBND ngày … của Ủy ban nhân dân tỉnh …)``, or ""."""
    d = plan.decision
    if d is None:
        return ""
    return f"(Ban hành kèm theo Quyết định số {d.number_text} {format_date(d.date)} của {plan.issuer.name})"


def signature_context(plan: Plan, recipients: list[str]) -> dict[str, Any]:
    return {
        "recipients": recipient_lines(recipients, plan.archive),
        "authority": list(plan.signer.authority),
        "signature_lines": "\n".join([*plan.signer.authority, plan.signer.title]),
        "signer_title": plan.signer.title,
        "signer_name": plan.signer.name,
    }


def recipient_lines(recipients: list[str] | tuple[str, ...], archive: str) -> list[str]:
    """``- X;`` for each recipient, then ``- Lưu: VT, VP.`` (ND30 §8)."""
    return [abbreviate_line(f"- {r.rstrip(';.')};") for r in recipients] + [f"- Lưu: {archive.rstrip('.')}."]


def plan_recipients(plan: Plan) -> list[str]:
    """The plan's Nơi nhận, plus a line pointing to "Tổ chức thực hiện" when it leaves out a unit with a task."""
    lines = list(plan.recipients)
    if any(re.search(r"\btại (Mục|Phần)\b", line) for line in lines):  # already pointed to (an imported plan)
        return lines
    said = match_key(" ".join(lines))
    missing = [a.unit for a in assignments(plan) if not _covered(plan, a.unit, said)]
    section = next((i for i, part in enumerate(plan.body) if _has_assignments(part)), None)
    if missing and section is not None:
        lines.append(f"Các cơ quan, đơn vị tại Mục {roman(section + 1)}")
    elif missing:  # no section lists them: name each one
        lines += [u.name for u in missing]
    return lines


def _has_assignments(part: BodyPart) -> bool:
    return part.assignments or any(_has_assignments(c) for c in part.children)


def _covered(plan: Plan, unit: Unit, said: str) -> bool:
    names = [unit.name, *unit.aliases] + [c.name for c in plan.units if c.collective and unit.id in c.members]
    return any(match_key(n) in said for n in names)


def opening(plan: Plan) -> str:
    """``Thực hiện <each reference cited in full>; …, <issuer> ban hành Kế hoạch … như sau:``."""
    if not plan.references:
        return ""
    cited = "; ".join(ref.cite() for ref in plan.references)
    return f"Thực hiện {cited}; {issuing_sentence(plan)}"


def issuing_sentence(plan: Plan) -> str:
    """``Ủy ban nhân dân xã Xốp ban hành Kế hoạch thực hiện trên địa bàn xã như sau:``."""
    area = issuer_area(plan.issuer.name)
    scope = f" trên địa bàn {area}" if area else ""
    return f"{plan.issuer.name} ban hành {plan.kind} thực hiện{scope} như sau:"


def issuer_area(name: str) -> str:
    """``Ủy ban nhân dân xã Xốp`` -> ``xã``: the level word of the issuer's locality, for "trên địa bàn xã"."""
    return locality(name).level


def with_end_mark(text: str) -> str:
    """Append "./." to the last sentence of the content (never as a paragraph of its own)."""
    text = text.rstrip()
    if text.endswith(END_MARK):  # typed by the clerk, as they are used to: not doubled
        return text
    return text + ("/." if text.endswith(".") else END_MARK)


def _insert_pointer(text: str) -> str:
    stripped = text.rstrip(" .:;")
    return f"{stripped} ({APPENDIX_POINTER})."


def body_items(plan: Plan) -> list[Item]:
    if plan.preamble:  # written out (an imported plan): printed as it is
        items = [Item("doan", p) for p in plan.preamble]
    elif plan.opening_style == "can_cu" and plan.references:
        items = [Item("doan", f"Căn cứ {ref.cite()};") for ref in plan.references]
        items.append(Item("doan", issuing_sentence(plan)))
    else:
        items = [Item("doan", opening(plan))] if plan.references else []
    for i, part in enumerate(plan.body):
        items += _part_items(plan, part, 1, i)
    if items:
        items[-1] = Item("cuoi", with_end_mark(items[-1].text))
    if match_key(plan.kind) in _ENACTING:
        items = decision_parts(items, _ENACTING[match_key(plan.kind)])
    return items


_ENACTING = {match_key("Quyết định"): "QUYẾT ĐỊNH", match_key("Nghị quyết"): "QUYẾT NGHỊ"}
_ARTICLE = re.compile(r"(Điều\s+\d+[a-zđ]?\.)\s*(.*)", re.S)
_GROUND = re.compile(r"(Căn cứ|Theo đề nghị|Xét đề nghị|Theo (?:ý kiến|chỉ đạo)|Thực hiện)\b", re.I)


def decision_parts(items: list[Item], enacting: str) -> list[Item]:
    """A Quyết định (Nghị quyết) that carries its content (its Điều 1 approves a plan or Đề án "với những nội
    dung sau"), printed as ND30 mẫu 1.3 (1.1) sets it: above "QUYẾT ĐỊNH:" ("QUYẾT NGHỊ:") the authority in
    capitals (centred, bold) and the grounds (italic); every "Điều N." in bold wherever it stands — the rest
    keeps its kind."""
    marker = next((i for i, it in enumerate(items) if it.text.strip().rstrip(":").strip() == enacting), None)
    parts = []
    for i, item in enumerate(items):
        text = item.text.strip()
        article = _ARTICLE.fullmatch(text) if item.kind in ("doan", "cuoi") else None
        if marker is not None and i < marker and text.isupper():
            parts.append(Item("tham_quyen", text))
        elif marker is not None and i < marker and _GROUND.match(text):
            parts.append(Item("can_cu", text))
        elif i == marker:
            parts.append(Item("quyet_dinh", f"{enacting}:"))
        elif article:
            kind = "dieu_cuoi" if item.kind == "cuoi" else "dieu"
            parts.append(Item(kind, article[2], label=article[1]))
        else:
            parts.append(item)
    return parts


def attachments_context(plan: Plan) -> dict[str, Any]:
    """The texts after the signature (``kem_theo``), each from a new page: its title, then its paragraphs and
    parts, numbered I. / 1. / a) whatever the body's numbering."""
    out = []
    for attachment in plan.attachments:
        items = [Item("doan", p) for p in attachment.paragraphs]
        for i, part in enumerate(attachment.parts):
            items += _part_items(plan, part, 1, i, "la_ma")
        out.append({"page_break": "\f", "title": keep_symbols_whole(attachment.title),
                    "lines": [{**item.__dict__, "text": keep_symbols_whole(item.text)} for item in items]})
    return {"attachments": out}


def _part_items(plan: Plan, part: BodyPart, level: int, index: int, numbering: str = "") -> list[Item]:
    numbering = numbering or plan.body_numbering
    if numbering == "phan_muc":  # Phần I / I. / 1. / a): one level more above the usual ones
        if level == 1:
            items = [Item("muc", f"Phần {roman(index + 1)}"), Item("muc", upper_title(part.title))]
        else:
            items = _heading(part, level - 1, index)
    elif numbering == "so":  # 1. / a): a công văn's points, no Roman headings above them
        items = _heading(part, min(level + 1, 3), index)
    else:
        items = _heading(part, level, index)
    paragraphs = list(part.paragraphs)
    if part.appendix_pointer:
        if paragraphs:
            paragraphs[-1] = _insert_pointer(paragraphs[-1])
        else:
            paragraphs.append(f"Nhiệm vụ cụ thể ({APPENDIX_POINTER}).")
    items += [Item("doan", p) for p in paragraphs]
    children = list(part.children) + (organisation_parts(plan, part) if part.assignments else [])
    for j, child in enumerate(children):
        items += _part_items(plan, child, level + 1, j, numbering)
    items += [Item("doan", p) for p in part.closing]
    return items


def _heading(part: BodyPart, level: int, index: int) -> list[Item]:
    if level == 1:
        return [Item("muc", f"{roman(index + 1)}. {upper_title(part.title)}")]
    if level == 2:
        return [Item("khoan", f"{index + 1}. {part.title}")]
    return [Item("diem", f"{point_letter(index)}) {part.title}")]


def unit_cell(plan: Plan, unit_ids: tuple[str, ...]) -> str:
    """Unit names joined by "; " — a collective after the first name starts in lower case ("các …")."""
    names = [plan.unit(u).name for u in unit_ids]
    return "; ".join(n if i == 0 or not n.startswith("Các ") else lower_first(n) for i, n in enumerate(names))


def cell_text(plan: Plan, task: Task, key: str) -> str:
    """What the task prints in the column ``key`` (a role or a free column)."""
    if key == "stt":
        return task.number
    if key == "noi_dung":
        return "\n".join(task.content)
    if key == "chu_tri":
        return task.lead_text or unit_cell(plan, task.leads)
    if key == "phoi_hop":
        return task.partner_text or unit_cell(plan, task.partners)
    return task.value(key)


def annex_of(plan: Plan, task: Task) -> Appendix:
    """The appendix that prints ``task``."""
    return next((a for a in plan.appendices if any(t is task for t in a.tasks())), plan.appendix)


def column_value(plan: Plan, task: Task, key: str) -> str:
    """The task's value in a column, its section's common value first (the merged cell it is printed under)."""
    for section in annex_of(plan, task).sections:
        if any(t is task for t in section.tasks()):
            common = dict(section.common)
            if key in common:
                return common[key]
    return cell_text(plan, task, key)


def task_row(plan: Plan, task: Task, common: dict[str, str] | None = None, appendix: Appendix | None = None
             ) -> dict[str, Any]:
    cells = []
    appendix = appendix or annex_of(plan, task)
    for column in appendix.columns:
        text = (common or {}).get(column.key, cell_text(plan, task, column.key))
        # "\a" is docxtpl's paragraph break: each paragraph of the cell stays a paragraph.
        cells.append({"text": keep_symbols_whole(text.replace("\n", "\a"))})
    return {
        "heading": False,
        "id": task.id,
        "stt": task.number,
        "content": keep_symbols_whole("\a".join(task.content)),
        "leads": cell_text(plan, task, "chu_tri"),
        "partners": cell_text(plan, task, "phoi_hop"),
        "product": task.product,
        "timeline": keep_symbols_whole(task.timeline),
        "cells": cells,
        "tall": row_lines(plan, task, appendix) > TALL_ROW_LINES,
    }


TALL_ROW_LINES = 6  # about a quarter of a landscape page: taller rows may continue on the next page


def row_lines(plan: Plan, task: Task, appendix: Appendix | None = None) -> int:
    """Estimated printed lines of a task row: the tallest of its cells (12 pt Times: ~5.5 characters a cm)."""
    def lines(text: str, width: float) -> int:
        per_line = max(4, int(width * 5.5))
        return sum(-(-len(part) // per_line) for part in text.split("\n") if part) or 1
    columns = (appendix or annex_of(plan, task)).columns
    return max(lines(cell_text(plan, task, c.key), c.width) for c in columns)


def table_rows(plan: Plan, appendix: Appendix | None = None) -> list[dict[str, Any]]:
    appendix = appendix or plan.appendix
    rows: list[dict[str, Any]] = []
    span = len(appendix.columns) - 1
    for section in appendix.sections:
        common = dict(section.common)
        stt = section.printed
        if not appendix.sectionless:
            rows.append({"heading": True, "id": section.id, "stt": stt, "title": section.title, "span": span})
        for item in section.items:
            if isinstance(item, Group):
                rows.append({"heading": True, "id": item.id, "stt": item.number, "title": item.title, "span": span})
                rows += [task_row(plan, t, common, appendix) for t in item.tasks]
            else:
                rows.append(task_row(plan, item, common, appendix))
    return rows


def merges(appendix: Appendix) -> list[list[str]]:
    """For each row of the table (after its header): per column, "restart", "continue" or "" — the number
    and shared content of stacked sub-rows, and a section's common values, are one merged cell."""
    out: list[list[str]] = []
    keys = [c.key for c in appendix.columns]
    for section in appendix.sections:
        common = {k for k, _ in section.common}
        flat = list(section.tasks())
        starts = {id(t) for t, after in itertools.pairwise(flat) if after.continues}
        if not appendix.sectionless:
            out.append([])  # the section row
        first_task = True
        above: list[str] | None = None  # the task row printed just above (gop_tren merges into it)
        for item in section.items:
            if isinstance(item, Group):
                out.append([])
                first_task = True  # a group row spans the table: a common value starts again under it
                above = None
                tasks: tuple[Task, ...] = item.tasks
            else:
                tasks = (item,)
            for task in tasks:
                row = []
                for col, key in enumerate(keys):
                    if key in common:
                        row.append("restart" if first_task else "continue")
                    elif task.continues and (key == "stt" or (key == "noi_dung" and task.shared_content)):
                        row.append("continue")
                    elif key in task.merged_up and above is not None:
                        above[col] = above[col] or "restart"
                        row.append("continue")
                    else:
                        row.append("restart" if key in ("stt", "noi_dung") and id(task) in starts else "")
                out.append(row)
                above = row
                first_task = False
    return out


@dataclass(frozen=True)
class TableLayout:
    """What the task table's template cannot say: each column's width and alignment, and merged cells."""

    widths: tuple[float, ...]  # cm
    aligns: tuple[str, ...]  # w:jc values
    merges: tuple[tuple[str, ...], ...]  # per row after the header (see ``merges``)
    groups: tuple[str, ...] = ()  # per column: the heading printed above it and its neighbours of the same group


_ALIGN = {"stt": "center", "noi_dung": "both", "thoi_gian": "center"}


TABLE_WIDTH_CM = 24.7  # A4 landscape, ND30 margins


def table_layout(plan: Plan, appendix: Appendix) -> TableLayout:
    """Widths scaled to fill the page (as printed plans do); a free column of short values centred."""
    columns = appendix.columns
    total = sum(c.width for c in columns)
    aligns = []
    for c in columns:
        short = c.free and all(len(cell_text(plan, t, c.key)) <= 15 for t in appendix.tasks())
        aligns.append(_ALIGN.get(c.key, "center" if short else "left"))
    return TableLayout(tuple(round(c.width * TABLE_WIDTH_CM / total, 2) for c in columns), tuple(aligns),
                       tuple(tuple(row) for row in merges(appendix)),
                       tuple(c.group for c in columns) if any(c.group for c in columns) else ())


def table_layouts(plan: Plan) -> list[TableLayout]:
    """One layout per task table, in print order."""
    return [table_layout(plan, a) for a in plan.appendices]


def attachment_line(plan: Plan, appendix: Appendix | None = None) -> str:
    """``(Kèm theo Kế hoạch số      /KH-UBND ngày      tháng 9 năm 2025 của Ủy ban nhân dân xã Xốp)``."""
    appendix = appendix or plan.appendix
    if appendix.caption:
        caption = appendix.caption.strip()
        return caption if caption.startswith("(") else f"({caption})"
    return f"(Kèm theo {plan.cite()})"


def appendix_context(plan: Plan) -> dict[str, Any]:
    """Every appendix (Phụ lục I, II … when there are several, each from a new page)."""
    several = len(plan.appendices) > 1
    annexes = [{
        "page_break": "\f" if k else "",  # docxtpl: a page break before the label
        "label": f"Phụ lục {roman(k + 1)}" if several else "Phụ lục",
        "title": keep_symbols_whole(title_text(upper_title(a.title), WIDE_TEXT_WIDTH)),
        "attachment": keep_symbols_whole(attachment_line(plan, a)),
        "columns": [{"heading": c.heading} for c in a.columns],
        "rows": table_rows(plan, a),
    } for k, a in enumerate(plan.appendices)]
    return {"appendices": annexes}


def ke_hoach_context(plan: Plan) -> dict[str, Any]:
    decided = plan.decision is not None
    return {
        **header_context(plan),
        **({"number_shown": False, "place_date": ""} if decided else {}),
        "issued_by": keep_symbols_whole(issued_by(plan)),
        "signed": not decided,
        **signature_context(plan, plan_recipients(plan)),
        **appendix_context(plan),
        **attachments_context(plan),
        **core_properties(plan, f"{plan.kind} {lower_common_first(plan.subject)}"),
        "kind_upper": upper_title(plan.kind),
        "subject": keep_range_whole(keep_symbols_whole(title_text(plan.subject))),
        "body": [{**item.__dict__, "text": keep_symbols_whole(item.text)} for item in body_items(plan)],
    }


def decision_context(plan: Plan) -> dict[str, Any]:
    """The Quyết định issuing the plan: Căn cứ, "QUYẾT ĐỊNH:", Điều 1–3 (ND30 mẫu 1.4)."""
    d = plan.decision
    assert d is not None
    bases = [b.strip().removeprefix("Căn cứ").strip().rstrip(" ;.") for b in d.bases]
    lines = [f"Căn cứ {b};" for b in bases if b]
    if d.proposal:
        proposal = d.proposal.strip().rstrip(" ;.")
        lines.append(proposal if proposal.lower().startswith("theo đề nghị") else f"Theo đề nghị của {proposal}")
        lines[-1] += "."
    elif lines:
        lines[-1] = lines[-1][:-1] + "."
    body = [{"kind": "can_cu", "label": "", "text": t} for t in lines]
    body.append({"kind": "quyet_dinh", "label": "", "text": "QUYẾT ĐỊNH:"})
    articles = [
        f"Ban hành kèm theo Quyết định này {plan.kind} {lower_common_first(plan.subject)}.",
        d.effect.strip().rstrip(".") + ".",
        with_end_mark(f"{d.executors.strip().rstrip('.')} chịu trách nhiệm thi hành Quyết định này"),
    ]
    body += [{"kind": "dieu", "label": f"Điều {i}.", "text": t} for i, t in enumerate(articles, 1)]
    authority = list(d.authority) or [upper_title(plan.issuer.name)]
    return {
        **header_context(plan),
        **signature_context(plan, ["Như Điều 3", *d.recipients]),
        "number": keep_symbols_whole(d.number_text),
        "place_date": format_place_date(plan.place, d.date),
        "subject": keep_range_whole(keep_symbols_whole(
            title_text(f"Ban hành {plan.kind} {lower_common_first(plan.subject)}"))),
        "authority_lines": authority,
        **core_properties(plan, f"Quyết định ban hành {plan.kind} {lower_common_first(plan.subject)}"),
        "body": [{**item, "text": keep_symbols_whole(item["text"])} for item in body],
    }