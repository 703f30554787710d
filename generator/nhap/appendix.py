"""An appendix: its "Phụ lục" label, name and "(Kèm theo …)" line above the table, the table (continued in
later tables), and the numbering style its printed numbers follow.
"""

from __future__ import annotations

import re
from typing import Any

from .. import numbering
from ..vn import point_letter
from .columns import Header, custom_columns, fits, same_columns
from .table import Section, read_table
from .units import Registry
from .word import Blocks, text


def appendix_start(bl: Blocks, table: int) -> int:
    """The block where the appendix of ``table`` starts: its "Phụ lục" label (or the table itself)."""
    for k in range(table - 1, max(-1, table - 8), -1):
        kind, el = bl[k]
        if kind == "t":
            return table
        if text(el).lower().startswith("phụ lục"):
            return k
    return table


# A table's own title typed above it: "2. Các nhiệm vụ về chuyển đổi số quá hạn chưa hoàn thành"
_TITLE = re.compile(r"^([IVXLCDM]+|\d+)\.\s+(\S.*)$")


def continues(bl: Blocks, previous: int, table: int, first: Header, own: Header | None) -> bool:
    """``table`` goes on with the task table ``previous`` (whose group's header is ``first``): nothing typed
    between them but empty paragraphs (a table cut in two, or continued on the next page), and a header typed
    again with the same columns, or no header and rows that take those columns. A table with the same header
    under its own numbered title ("2. Các nhiệm vụ …") goes on as the next section. ``own``: its header."""
    between = [t for kind, el in bl[previous + 1:table] if kind == "p" and (t := text(el))]
    if between:
        return len(between) == 1 and bool(_TITLE.match(between[0])) and own is not None and same_columns(own, first)
    return same_columns(own, first) if own is not None else fits(bl[table][1], first)


def titles(bl: Blocks, group: list[int], start: int) -> dict[int, tuple[str, str]]:
    """The numbered title typed above each table of ``group`` that has one (the first table's is the last line
    above it, when a later table has one too)."""
    out: dict[int, tuple[str, str]] = {}
    for n, k in enumerate(group[1:], 1):
        between = [t for kind, el in bl[group[n - 1] + 1:k] if kind == "p" and (t := text(el))]
        if between and (m := _TITLE.match(between[-1])):
            out[n] = (m.group(1), m.group(2))
    above = [t for kind, el in bl[start:group[0]] if kind == "p" and (t := text(el))]
    if out and above and (m := _TITLE.match(above[-1])):
        out[0] = (m.group(1), m.group(2))
    return out


def sentence_case(title: str) -> str:
    """A heading typed in capitals ("NHIỆM VỤ CỤ THỂ") as an appendix name ("Nhiệm vụ cụ thể")."""
    return title[:1] + title[1:].lower() if title.isupper() else title


def count_tasks(section: dict[str, Any]) -> int:
    return sum(count_tasks(item) if "ten" in item and "nhiem_vu" in item else len(item.get("dong", [None]))
               for item in section["nhiem_vu"])


def _label(bl: Blocks, start: int, table: int, title_hint: str, titled: bool) -> dict[str, Any]:
    """The appendix's name and its own "(Kèm theo …)" line (the usual one kehoach writes again); ``titled``:
    the last line above the table is the first section's title, not the appendix's."""
    texts = [t for kind, el in bl[start:table] if kind == "p" and (t := text(el))]
    texts = texts[:-1] if titled else texts
    texts = texts[1:] if texts and texts[0].lower().startswith("phụ lục") else texts
    caption = next((t for t in texts if t.startswith("(")), "")
    if caption.startswith("(Kèm theo") and not caption.startswith("(Kèm theo Kế hoạch ban hành"):
        caption = ""
    annex: dict[str, Any] = {"ten": " ".join(t for t in texts if not t.startswith("(")) or title_hint}
    if caption:
        annex["dong_kem_theo"] = caption
    return annex


def appendix(bl: Blocks, group: list[int], registry: Registry, notes: list[str], n: int, title_hint: str,
             table_no: dict[int, int], missing: list[str], headers: dict[int, Header | None],
             places: dict[int, str]) -> dict[str, Any]:
    """The appendix whose table starts at block ``group[0]`` and goes on in the other blocks of ``group``;
    ``places`` gets where each of its rows was read."""
    start = appendix_start(bl, group[0])
    parts = titles(bl, group, start)
    annex = _label(bl, start, group[0], title_hint, 0 in parts)
    if not annex["ten"]:
        annex["ten"] = "Nhiệm vụ"
        notes.append(f"phụ lục {n + 1}: không thấy tên phụ lục — điền phu_luc.ten")
    header = headers[group[0]]
    assert header is not None
    read = read_table([(table_no[k], bl[k][1], headers[k]) for k in group], header, registry, parts)
    notes += read.notes
    missing += read.missing
    places.update(read.places)
    sections = read.sections
    sectionless = len(sections) == 1 and sections[0].pop("_no_row", False)
    style = _style(sections, read.auto, sectionless, notes, n)
    if style != "theo_muc" and (not sectionless or style == "nhu_in"):
        annex["danh_so"] = style
    if style == "nhu_in":
        _empty_numbers(sections)
    if (columns := custom_columns(header)) is not None:
        annex["cot"] = columns
    if sectionless:  # no section rows at all: the tasks right under phu_luc, numbered 1 … n
        return annex | {k: sections[0][k] for k in ("chung", "nhiem_vu") if k in sections[0]}
    if sections and sections[0].pop("_no_row", False):
        notes.append(f"phụ lục {n + 1}: các dòng đầu bảng nằm trước dòng mục đầu tiên — đã đặt vào một mục riêng, "
                     "điền tên mục")
    return annex | {"muc": sections}


def _style(sections: list[Section], auto: bool, sectionless: bool, notes: list[str], n: int) -> str:
    style = "lien_tuc" if auto and len(sections) > 1 else _numbering(sections)  # Word's list runs on
    if not auto and _misfits(sections, "lien_tuc" if sectionless else style) > 1:
        # numbers no style makes (A, I under A, 8.2 under VIII, again from 1): kept as printed. One number out of
        # place is a typo, told at its row.
        notes.append(f"phụ lục {n + 1}: số thứ tự không theo một cách đánh số của kehoach — giữ như bảng in "
                     "(danh_so: nhu_in)")
        return "nhu_in"
    return style


def _empty_numbers(items: list[dict[str, Any]]) -> None:
    """nhu_in prints every number as received: a task printed without one keeps its empty STT cell."""
    for item in items:
        if "nhiem_vu" in item:
            _empty_numbers(item["nhiem_vu"])
        elif "stt" not in item:
            item["stt"] = ""


def _misfits(sections: list[Section], style: str) -> int:
    """How many section and task numbers the table prints are not the ones ``style`` gives their places."""
    running, out = 0, 0
    for i, section in enumerate(sections):
        out += section.get("stt", "") != numbering.section_label(style, i) and not section.get("_no_row")
        for j, item in enumerate(section["nhiem_vu"]):
            running += 1
            out += item.get("stt", "") != numbering.task_label(style, numbering.section_label(style, i), j, running)
            subs = [t.get("stt", "") for t in item.get("nhiem_vu", ())]
            out += subs != [point_letter(k) for k in range(len(subs))]
    return out


def _numbering(sections: list[Section]) -> str:
    """theo_muc, lien_tuc or hai_cap, from the numbers the table prints — by most sections, so that one number
    typed wrong does not make the whole table another style."""
    firsts = [s["nhiem_vu"][0].get("stt", "") for s in sections if s["nhiem_vu"]]
    if sum("." in f for f in firsts) * 2 > len(firsts):
        return "hai_cap"
    running, again, on = 0, 0, 0
    for section in sections:
        if section["nhiem_vu"] and running:
            first = section["nhiem_vu"][0].get("stt", "")
            again += first == "1"
            on += first == str(running + 1)
        running += len(section["nhiem_vu"])
    return "lien_tuc" if on > again else "theo_muc"
