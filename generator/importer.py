"""A received Word plan -> plan file data (``kehoach nhap``).

Reads the ND30 parts in order: the header table (issuer, Số, place and date), the kind and trích yếu, the
body (I. / 1. / a) headings and paragraphs), the Nơi nhận and signature table, then each appendix's label,
title, "(Kèm theo …)" line and task table. The task table is found by its headings (and their usual
synonyms); rows are sections (a number and a title across the table), groups, tasks, stacked sub-rows
(a merged number cell) and values merged down several rows. Lead and partner cells are split into units
as a văn thư reads them; the cell is kept as printed when kehoach would print it otherwise.
What could not be placed is listed in ``notes`` and in the file's comments.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn

from . import numbering, schema
from .errors import KehoachError, display_path
from .export import record, to_yaml_text
from .model import DEFAULT_COLUMNS, Unit
from .received import MAX_COLUMNS, BadValue, Refused, damaged, from_parser, open_received, word_int
from .units import UnitIndex
from .vn import match_key, nfc, point_letter, slugify, unit_key, usable

# Column headings as real plans word them -> the role kehoach knows (match_key, without punctuation).
HEADINGS = {
    "stt": ("stt", "tt", "số tt", "số thứ tự"),
    "noi_dung": ("nội dung", "nhiệm vụ", "tên nhiệm vụ", "nội dung nhiệm vụ", "nhiệm vụ và giải pháp",
                 "nội dung công việc", "nhiệm vụ, giải pháp", "chỉ tiêu", "nội dung thực hiện", "nhiệm vụ cụ thể",
                 "nội dung công việc, nhiệm vụ", "tên nhiệm vụ, giải pháp"),
    "chu_tri": ("chủ trì", "cơ quan chủ trì", "đơn vị chủ trì", "cơ quan, đơn vị chủ trì", "đơn vị thực hiện",
                "cơ quan thực hiện", "chủ trì thực hiện", "cơ quan chủ trì thực hiện", "đơn vị chủ trì thực hiện",
                "cơ quan, đơn vị chủ trì thực hiện", "cơ quan chủ trì tham mưu"),
    "phoi_hop": ("phối hợp", "cơ quan phối hợp", "đơn vị phối hợp", "cơ quan, đơn vị phối hợp",
                 "cơ quan phối hợp thực hiện", "đơn vị phối hợp thực hiện"),
    "thoi_gian": ("thời gian", "thời hạn", "thời gian hoàn thành", "thời gian thực hiện", "tiến độ",
                  "thời hạn hoàn thành", "thời hạn thực hiện", "thời gian triển khai", "tiến độ thực hiện",
                  "lộ trình thực hiện", "tiến độ hoàn thành"),
    "san_pham": ("sản phẩm", "kết quả", "kết quả dự kiến", "sản phẩm đầu ra", "hình thức văn bản", "sản phẩm dự kiến",
                 "kết quả đầu ra", "hình thức sản phẩm", "sản phẩm hoàn thành", "kết quả, sản phẩm"),
}
_ROMAN = re.compile(r"[IVXLCDM]+")
_LETTER = re.compile(r"[a-zđ]{1,3}")
_PART = re.compile(r"[A-H]")  # parts above the sections: "A. PHÁT TRIỂN NỀN MÓNG …", "B. BỘ XÂY DỰNG"
# Where a new unit starts after ", " in a cell: the words unit names begin with.
# "số 617/KH-UBND " and "ngày 05 tháng 3 năm 2025": possessive, so a long run of spaces cannot make them backtrack
_NUMBER = r"số\s*+([0-9]*+)\s*+/\s*+(\S++)\s++"
_DATE = r"ngày\s*+(\d*+)\s*+tháng\s*+(\d*+)\s*+năm\s*+(\d{4})"
_CAPTION = re.compile(r"\(Kèm theo (.+?) " + _NUMBER + _DATE + r"(?: của (.+?))?\)")
_DECISION = re.compile(r"Quyết định " + _NUMBER + _DATE)
_PLACE_DATE = re.compile(r"(?<![^,])([^,]+),\s*+" + _DATE)  # a place starts the line or follows a comma
_UNIT_START = re.compile(
    r"(Sở|Phòng|Ủy ban|UBND|Công an|Hội|Đoàn|Ban|Văn phòng|Trung tâm|Chi nhánh|Ngân hàng|Bảo hiểm|Báo|Đài|"
    r"Liên đoàn|Mặt trận|Các|Bộ|Cục|Chi cục|Kho bạc|Thanh tra|Viện|Trường|Bệnh viện|Tỉnh|Huyện|Thành|Quân|"
    r"Bộ Chỉ huy|Đồn|Hạt|Cảng|Tòa án|Viện kiểm sát)\b")


@dataclass
class Imported:
    data: dict[str, Any]
    notes: list[str] = field(default_factory=list)  # what could not be placed, or needs filling in
    read: list[str] = field(default_factory=list)  # what was read from where, for the file's comments


def _text(p: Any) -> str:
    """A paragraph's text with line breaks as spaces and Word's non-breaking hyphens as hyphens."""
    return " ".join(_lines(p))


def _cell_paragraphs(tc: Any) -> list[str]:
    return [t for p in tc.findall(qn("w:p")) if (t := _text(p))]


def _span(tc: Any) -> int:
    return word_int(tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}"), 1, 1, MAX_COLUMNS)


def _vmerge(tc: Any) -> str:
    vm = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
    return "" if vm is None else (vm.get(qn("w:val")) or "continue")


def _blocks(document: Any) -> list[tuple[str, Any]]:
    """The body in order: ("p", paragraph element) and ("t", table element)."""
    out = []
    for child in document.element.body:
        if child.tag == qn("w:p"):
            out.append(("p", child))
        elif child.tag == qn("w:tbl"):
            out.append(("t", child))
    return out


def _rows(tbl: Any) -> list[list[Any]]:
    return [tr.findall(qn("w:tc")) for tr in tbl.findall(qn("w:tr"))]


@dataclass(frozen=True)
class _Cell:
    """A cell of a table row and the grid columns it covers (Word's gridBefore and gridSpan counted)."""

    tc: Any
    start: int
    end: int

    @property
    def text(self) -> str:
        return " ".join(_cell_paragraphs(self.tc))


def _grid(tr: Any) -> list[_Cell]:
    at = word_int(tr.find(f"{qn('w:trPr')}/{qn('w:gridBefore')}"), 0, 0, MAX_COLUMNS)
    out = []
    for tc in tr.findall(qn("w:tc")):
        span = max(1, _span(tc))
        out.append(_Cell(tc, at, at + span))
        at += span
    return out


@dataclass(frozen=True)
class _Col:
    """A column of the task table as its header prints it: its heading, the heading above it (two header rows:
    "Cơ quan thực hiện" over "Chủ trì" and "Phối hợp"), and its grid columns."""

    heading: str
    group: str
    start: int
    end: int


def _under(top: _Cell, below: list[_Cell]) -> list[_Cell]:
    return [b for b in below if top.start <= b.start < top.end]


def _sub_headings(top: list[_Cell], below: list[_Cell]) -> bool:
    """``below`` is a second header row: under some heading spanning several columns it has one heading per
    column, and under every other heading it goes on with that heading (merged down) or is empty."""
    grouped = False
    for cell in top:
        subs = _under(cell, below)
        if len(subs) > 1 and cell.text and all(b.text for b in subs):
            grouped = True
        elif any(b.text and _vmerge(b.tc) != "continue" for b in subs):
            return False
    return grouped


def _columns_of(top: list[_Cell], below: list[_Cell] | None) -> list[_Col]:
    out = []
    for cell in top:
        subs = _under(cell, below) if below is not None else []
        if len(subs) > 1 and all(b.text for b in subs):
            out += [_Col(b.text, cell.text, b.start, b.end) for b in subs]
        else:
            out.append(_Col(cell.text, "", cell.start, cell.end))
    return out


_FINISH = ("hoàn thành", "kết thúc", "thời gian hoàn thành", "thời hạn hoàn thành", "đến")


def _column_role(col: _Col) -> str:
    """The role a heading names, alone or with the heading above it ("Thời gian" over "Hoàn thành")."""
    role = _role(col.heading) or (_role(f"{col.group} {col.heading}") if col.group else "")
    if not role and _role(col.group) == "thoi_gian" and match_key(col.heading) in _FINISH:
        return "thoi_gian"  # the deadline the report forms judge by; "Bắt đầu" stays a column of its own
    return role


def _column_roles(cols: list[_Col]) -> list[str]:
    """Each column's role: by the synonyms first, then by words for the roles no column took."""
    roles = [_column_role(c) for c in cols]
    for i, col in enumerate(cols):
        if not roles[i] and (role := _role(col.heading, loose=True)) and role not in roles:
            roles[i] = role
    return roles


def _table_header(tbl: Any) -> tuple[int, int, list[_Col]] | None:
    """The task table's header: its first row, how many rows it takes (two when headings are grouped), its
    columns. Usually the first row; later when Word or LibreOffice joined the table to the one above it."""
    rows = [_grid(tr) for tr in tbl.findall(qn("w:tr"))[:41]]
    for n, row in enumerate(rows[:40]):
        below = rows[n + 1] if n + 1 < len(rows) and _sub_headings(row, rows[n + 1]) else None
        columns = _columns_of(row, below)
        roles = set(_column_roles(columns))
        if "noi_dung" in roles and roles & {"chu_tri", "phoi_hop", "thoi_gian"}:
            return n, 1 if below is None else 2, columns
    return None


def _table_text(tbl: Any) -> str:
    return " ".join(" ".join(_cell_paragraphs(tc)) for row in _rows(tbl) for tc in row)


# Headings the synonyms miss, read by their words as a văn thư reads them: "Nội dung/nhiệm vụ", "Tên nhiệm
# vụ/dự án", "Tên đề án ưu tiên", "Cơ quan chủ trì theo dõi, đánh giá". Tried after every synonym of the table,
# so "Thuộc nhóm nhiệm vụ" stays a column of its own where "Nội dung nhiệm vụ" is there too.
_ROLE_WORDS = (
    ("chu_tri", re.compile(r"\bchủ trì\b|^(cơ quan|đơn vị)(, (cơ quan|đơn vị))? (thực hiện|đầu mối)\b")),
    ("phoi_hop", re.compile(r"\bphối hợp\b")),
    ("thoi_gian", re.compile(r"^(thời gian|thời hạn|lộ trình)\b")),
    ("noi_dung", re.compile(r"^(nội dung|nhiệm vụ|tên (nhiệm vụ|đề án|dự án|chương trình|hoạt động)|đề án|"
                            r"dự án|chỉ tiêu|công việc)\b")),
    ("san_pham", re.compile(r"^(sản phẩm|kết quả (dự kiến|đầu ra))\b")),
)


def _heading_key(heading: str) -> str:
    """A heading's words: without footnote marks ("Cơ quan chủ trì[1]"), brackets, slashes read as commas."""
    key = re.sub(r"\[\d+\]|\(\d+\)$", "", match_key(heading))
    return " ".join(key.replace("(", " ").replace(")", " ").replace("/", ", ").replace(" ,", ",").split())


def _role(heading: str, *, loose: bool = False) -> str:
    key = _heading_key(heading)
    for role, words in HEADINGS.items():
        if key in words:
            return role
    if loose:
        return next((role for role, words in _ROLE_WORDS if words.search(key)), "")
    return ""


def _is_task_table(tbl: Any) -> bool:
    return _table_header(tbl) is not None


def _bold_styles(document: Any) -> set[str]:
    """Paragraph styles that print bold (directly or through the style they are based on)."""
    out = set()
    for style in document.styles:
        s, bold = style, None
        while s is not None and bold is None:
            bold = getattr(getattr(s, "font", None), "bold", None)
            s = getattr(s, "base_style", None)
        if bold:
            out.add(style.style_id)
    return out


@dataclass
class _Registry:
    """The units met in the cells (by ``unit_key``: the spellings of one unit meet), and the known registry they
    are looked up in first. New units carry a temporary code until every cell is read (``settle``)."""

    known: UnitIndex
    units: dict[str, dict[str, Any]] = field(default_factory=dict)

    def settle(self) -> dict[str, str]:
        """Each new unit's name (its longest spelling: the words written out), other spellings as ten_khac, and
        its code from that name; returns temporary code -> code."""
        final: dict[str, str] = {}
        taken = {u["ma"] for u in self.units.values() if u.get("_known")}
        for unit in self.units.values():
            if unit.get("_known"):
                continue
            spellings = [unit["ten"], *unit.pop("_variants", [])]
            # the words written out; of spellings differing in case, the one capitalised as names are
            unit["ten"] = max(spellings, key=lambda n: (len(n), not n.isupper(), sum(c.isupper() for c in n)))
            others = list(dict.fromkeys(n for n in spellings if match_key(n) != match_key(unit["ten"])))
            if others:
                unit["ten_khac"] = others
            final[unit["ma"]] = unit["ma"] = _code(unit["ten"], taken)
            taken.add(unit["ma"])
        return final


@dataclass
class _UnitsCell:
    """A lead/partner cell of new units: printed as written unless kehoach prints the same from the units'
    names — known only once every cell is read (a later cell may spell a unit in full)."""

    text: str
    ids: list[str]


def read_plan_docx(path: Path, known: tuple[Unit, ...] = ()) -> Imported:
    """The plan in ``path``; ``known`` units (another plan's registry) are used for the cells they name."""
    document = open_received(path)
    try:
        return _read(path, document, known)
    except BadValue as exc:
        raise damaged(path, "word/document.xml", str(exc)) from None
    except Exception as exc:  # a value python-docx reads lazily (a style's type) that Word would not write
        if not from_parser(exc):
            raise
        raise damaged(path, detail="có giá trị Word không đọc được") from exc


def _read(path: Path, document: Any, known: tuple[Unit, ...]) -> Imported:
    bold = _bold_styles(document)
    blocks = _blocks(document)
    notes: list[str] = []
    data: dict[str, Any] = {}
    i = 0
    header = next((k for k, (kind, el) in enumerate(blocks) if kind == "t"
                   and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in _table_text(el).upper()), None)
    typed = None if header is not None else _header_paragraphs(blocks)  # the header typed as paragraphs
    if header is not None:
        _header(blocks[header][1], data, notes)
        i = header + 1
    elif typed is not None:
        _header_from_paragraphs(blocks, typed, data, notes)
        i = typed + 1
    found = [k for k, (kind, el) in enumerate(blocks) if kind == "t" and _is_task_table(el)]
    groups: list[list[int]] = []  # each appendix's table, and the tables that continue it
    for k in found:
        if groups and _continues(blocks, groups[-1][-1], k):
            groups[-1].append(k)
        else:
            groups.append([k])
    tables = [g[0] for g in groups]
    if not tables:
        raise _fail(path, "không tìm thấy bảng nhiệm vụ (bảng có cột nội dung/nhiệm vụ và cột chủ trì, phối hợp "
                    "hoặc thời gian) — kehoach nhập kế hoạch có phụ lục dạng bảng")
    signature = next((k for k, (kind, el) in enumerate(blocks) if kind == "t" and k > i
                      and "nơi nhận" in _table_text(el).lower()), None)
    # a task table typed in the body (before the signature, no "Phụ lục" label above it): kehoach prints it
    # as the Phụ lục, the heading above it pointing there
    inline = [g for g in groups if signature is not None and g[0] < signature and _appendix_start(blocks, g[0]) == g[0]]
    first = next((g[0] for g in groups if g not in inline), None)
    if signature is not None and first is not None and signature > first:
        signature = None  # a Nơi nhận table after the appendix is not the plan's signature
    end_of_body = signature if signature is not None else _appendix_start(blocks, tables[0] if first is None else first)
    i = _title(blocks, i, end_of_body, data, bold)
    under = _body(blocks[i:end_of_body], data, notes, bold, frozenset(id(blocks[k][1]) for g in inline for k in g))
    if signature is not None:
        _signature(blocks[signature][1], data)
    elif header is not None or typed is not None:
        notes.append("không thấy phần Nơi nhận và chữ ký trước phụ lục — điền nguoi_ky, noi_nhan")
    annexes = []
    registry = _Registry(UnitIndex(known))
    table_no = _table_numbers(blocks)
    for n, group in enumerate(groups):
        title = _sentence_case(under.get(id(blocks[group[0]][1]), ""))
        annexes.append(_appendix(blocks, _appendix_start(blocks, group[0]), group, registry, notes, n, title,
                                 table_no))
    # what no step above read: listed, never dropped in silence (a note under a table, a table of indicators …)
    used = set(range(header if header is not None else 0, end_of_body))
    if signature is not None:
        used.add(signature)
    for group in groups:
        used |= set(range(_appendix_start(blocks, group[0]), group[-1] + 1))
    notes += _leftovers(blocks, used, groups, signature, table_no)
    final = registry.settle()
    names = {u["ma"]: u["ten"] for u in registry.units.values() if not u.get("_known")}
    names |= {u.id: u.name for u in known}
    _finish_cells(annexes, names, final)
    _decision(data, notes)
    if header is None and typed is None:
        _from_caption(blocks, tables[0], data, notes)
    data["don_vi"] = _unit_list(registry.units, known)
    data["phu_luc"] = annexes[0] if len(annexes) == 1 else annexes
    notes += _row_problems(data, _row_places(annexes))
    read = []
    if header is not None:
        read.append(f"phần đầu (cơ quan, số, ngày): bảng {table_no[header]}")
    elif typed is not None:
        read.append(f"phần đầu (cơ quan, số, ngày): đoạn 1–{_paragraph_number(blocks, typed)}")
    if data.get("noi_dung") or data.get("loi_mo_dau"):
        read.append(f"nội dung: {len(data.get('noi_dung', []))} mục, đoạn {_paragraph_number(blocks, i)}–"
                    f"{_paragraph_number(blocks, end_of_body - 1)}")
    if signature is not None:
        read.append(f"nơi nhận và chữ ký: bảng {table_no[signature]}")
    for n, (group, annex) in enumerate(zip(groups, annexes, strict=True)):
        count = sum(_count_tasks(s) for s in annex.get("muc", [annex]))
        where = ", ".join(f"bảng {table_no[k]}" for k in group)
        if group in inline:
            heading = under.get(id(blocks[group[0]][1]))
            where += (f" (trong nội dung{f', mục “{heading}”' if heading else ''} — kehoach in bảng này thành Phụ "
                      "lục kèm theo)")
        shape = f"{len(annex['muc'])} mục" if "muc" in annex else "không chia mục"
        read.append(f"phụ lục {n + 1}: {where} — {shape}, {count} nhiệm vụ")
    return Imported(_ordered(data), notes, read)


def _leftovers(blocks: list[tuple[str, Any]], used: set[int], groups: list[list[int]], signature: int | None,
               table_no: dict[int, int]) -> list[str]:
    out = []
    for k, (kind, el) in enumerate(blocks):
        if k in used:
            continue
        after = [n + 1 for n, g in enumerate(groups) if g[-1] < k]
        later = any(g[0] > k for g in groups)
        where = (f" (sau bảng của phụ lục {after[-1]})" if after
                 else f" (sau chữ ký{', trước phụ lục' if later else ''})" if signature is not None and k > signature
                 else "")
        if kind == "t" and (text := _table_text(el)):
            out.append(f"bảng {table_no[k]}{where} chưa nhập (bắt đầu: “{text[:50]}…”) — không phải bảng nhiệm vụ; "
                       "chép tay nếu cần")
        elif kind == "p" and (text := _text(el)):
            out.append(f"đoạn {_paragraph_number(blocks, k)}{where} chưa nhập: “{text[:60]}”")
    return out


def _table_numbers(blocks: list[tuple[str, Any]]) -> dict[int, int]:
    """Block index -> the table's number in the file (1-based), as a clerk counts the tables in Word."""
    return {k: number for number, k in enumerate((k for k, (kind, _) in enumerate(blocks) if kind == "t"), 1)}


def _paragraph_number(blocks: list[tuple[str, Any]], k: int) -> int:
    """The 1-based number of the paragraph at or before block ``k`` (tables not counted), as a clerk counts."""
    return sum(1 for kind, _ in blocks[: k + 1] if kind == "p")


def _count_tasks(section: dict[str, Any]) -> int:
    return sum(_count_tasks(item) if "ten" in item and "nhiem_vu" in item else len(item.get("dong", [None]))
               for item in section["nhiem_vu"])


def _from_caption(blocks: list[tuple[str, Any]], table: int, data: dict[str, Any], notes: list[str]) -> None:
    """An appendix sent alone: what its "(Kèm theo Kế hoạch số …/KH-UBND ngày … của …)" line says of the plan."""
    line = next((t for kind, el in blocks[:table] if kind == "p" and (t := _text(el)).startswith("(Kèm theo")), "")
    m = _CAPTION.match(line)
    doc = data.setdefault("van_ban", {})
    if m:
        doc.update({"loai": m.group(1), "so": m.group(2), "ky_hieu": m.group(3),
                    "ngay": "/".join(x.lstrip("0") for x in m.groups()[3:6] if x)})
        if m.group(7):
            data["co_quan_ban_hanh"] = {"ten": m.group(7), "viet_tat": m.group(3).split("-", 1)[-1]}
    notes.append("tệp chỉ có phụ lục: điền co_quan_ban_hanh, van_ban (dia_danh, trich_yeu), nguoi_ky, noi_nhan "
                 "và noi_dung của Kế hoạch")


def _decision(data: dict[str, Any], notes: list[str]) -> None:
    """A plan "(Ban hành kèm theo Quyết định số …)": the Quyết định's number and date; the rest is in it."""
    line = data.pop("_issued_by", "")
    m = _DECISION.search(line)
    if not m:
        return
    data["quyet_dinh"] = {"so": m.group(1), "ky_hieu": m.group(2),
                          "ngay": "/".join(x.lstrip("0") for x in m.groups()[2:] if x), "thi_hanh": ""}
    notes.append("kế hoạch ban hành kèm theo Quyết định: điền quyet_dinh.thi_hanh, can_cu và nguoi_ky theo Quyết "
                 "định (Kế hoạch không in chữ ký riêng)")


def _ordered(data: dict[str, Any]) -> dict[str, Any]:
    order = ["co_quan_ban_hanh", "van_ban", "quyet_dinh", "nguoi_ky", "noi_nhan", "luu", "loi_mo_dau", "noi_dung",
             "don_vi", "phu_luc"]
    return {k: data[k] for k in order if k in data}


def _header(tbl: Any, data: dict[str, Any], notes: list[str]) -> None:
    """The ND30 header typed in a table: issuer (and parent) and Số on the left, Quốc hiệu and the place and
    date on the right — in two rows, or all in one."""
    left: list[tuple[str, bool]] = []
    right: list[str] = []
    for row in _rows(tbl):
        if not row:
            continue
        for p in row[0].findall(qn("w:p")):
            bold = p.find(f".//{qn('w:b')}") is not None
            left += [(line, bold) for line in _lines(p)]
        if len(row) > 1:
            right += [line for p in row[-1].findall(qn("w:p")) for line in _lines(p)]
    _read_header(left, right, data, notes)


def _header_paragraphs(blocks: list[tuple[str, Any]]) -> int | None:
    """The header typed as paragraphs, left and right parts parted by a tab ("ỦY BAN NHÂN DÂN<tab>CỘNG HÒA
    …"): the index of its last paragraph, or None."""
    first = next((k for k, (kind, el) in enumerate(blocks[:8]) if kind == "p"
                  and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in _text(el).upper()), None)
    if first is None or any(kind == "t" for kind, _ in blocks[:first]):
        return None
    last = first
    for k in range(first, min(first + 8, len(blocks))):
        kind, el = blocks[k]
        if kind != "p":
            break
        if re.search(r"ngày\s*+\d*+\s*+tháng", _text(el)):
            return k
        if el.find(f".//{qn('w:tab')}") is not None or not _text(el):
            last = k
    return last


def _header_from_paragraphs(blocks: list[tuple[str, Any]], end: int, data: dict[str, Any], notes: list[str]) -> None:
    left: list[tuple[str, bool]] = []
    right: list[str] = []
    for _, p in blocks[: end + 1]:
        parts: list[list[str]] = [[]]
        bold = True
        for r in p.iter(qn("w:r")):
            for e in r:
                if e.tag == qn("w:tab") and "".join(parts[-1]).strip():
                    parts.append([])
                elif e.tag == qn("w:t"):
                    parts[-1].append(e.text or "")
            if len(parts) == 1 and _run_text(r).strip():
                bold = bold and _run_bold(r)
        texts = [" ".join(usable(nfc("".join(part))).split()) for part in parts]
        if texts[0]:
            left.append((texts[0], bold))
        right += [t for t in texts[1:] if t]
    _read_header(left, right, data, notes)


_RULE = re.compile(r"^[-_=–—.…\s]+$")


def _read_header(left: list[tuple[str, bool]], right: list[str], data: dict[str, Any], notes: list[str]) -> None:
    """Issuer lines (the first, not bold, above bold ones is the parent body), Số and ký hiệu, place and date."""
    number_at = next((k for k, (text, _) in enumerate(left) if text.startswith("Số")), len(left))
    issuer_lines = [(t, b) for t, b in left[:number_at] if not _RULE.match(t)]
    parent = ""
    if len(issuer_lines) > 1 and not issuer_lines[0][1] and any(b for _, b in issuer_lines[1:]):
        parent = issuer_lines.pop(0)[0]
    lines = [t for t, _ in issuer_lines]
    issuer: dict[str, Any] = {"ten": _name_from_lines(lines), "viet_tat": ""}
    if parent:
        issuer["chu_quan"] = parent
    issuer["dong_tieu_de"] = lines
    data["co_quan_ban_hanh"] = issuer
    doc: dict[str, Any] = {}
    second = " ".join(t for t, _ in left[number_at:])
    number = re.search(r"Số:\s*+([0-9]*+)\s*+/\s*+(\S+)", second)
    if number:
        doc["so"] = number.group(1)
        doc["ky_hieu"] = number.group(2)
        issuer["viet_tat"] = number.group(2).split("-", 1)[-1]
    else:
        notes.append("không đọc được số, ký hiệu văn bản ở phần đầu — điền van_ban.so, van_ban.ky_hieu")
    about = re.search(r"\bV/v\s*+(.+)", second)  # a công văn: its trích yếu under the number, no title line
    if about:
        doc["loai"], doc["trich_yeu"] = "Công văn", about.group(1).strip()
        if number:  # a công văn's ký hiệu is the issuer, then the drafting unit: BVHTTDL-VP
            issuer["viet_tat"] = number.group(2).split("-", 1)[0]
    place = next((m for line in right if (m := _PLACE_DATE.search(line))), None)
    if place:
        doc["dia_danh"] = place.group(1).strip()
        doc["ngay"] = "/".join(x.lstrip("0") for x in place.groups()[1:] if x)
    else:
        notes.append("không đọc được địa danh, ngày tháng — điền van_ban.dia_danh, van_ban.ngay")
    data["van_ban"] = doc


def _cell_lines(tc: Any) -> list[str]:
    """A cell's lines: its paragraphs, each split where a line break was typed (Shift+Enter)."""
    return [line for p in tc.findall(qn("w:p")) for line in _lines(p)]


def _lines(p: Any) -> list[str]:
    """A paragraph's lines (split where a line break was typed), each as ``_text`` reads it."""
    out: list[list[str]] = []
    line: list[str] = []
    for e in p.iter(qn("w:t"), qn("w:br"), qn("w:tab"), qn("w:noBreakHyphen")):
        if e.tag == qn("w:br") and e.get(qn("w:type")) in (None, "textWrapping"):
            out.append(line)
            line = []
        else:
            line.append(e.text or "" if e.tag == qn("w:t") else "-" if e.tag == qn("w:noBreakHyphen") else " ")
    out.append(line)
    return [t for part in out if (t := " ".join(usable(nfc("".join(part))).replace("\u2011", "-").split()))]


def _name_from_lines(lines: list[str]) -> str:
    """``ỦY BAN NHÂN DÂN`` / ``XÃ XỐP`` -> ``Ủy ban nhân dân xã Xốp`` (the level word lower, the place capitalised)."""
    text = " ".join(lines)
    out = []
    words = text.split()
    proper = False
    for w in words:
        lower = w.lower()
        out.append(w.capitalize() if proper else lower)
        if lower in ("xã", "phường", "tỉnh", "huyện", "quận", "thị", "thành", "trấn", "phố"):
            proper = lower not in ("thị", "thành")
    name = " ".join(out)
    return name[:1].upper() + name[1:]


def _title(blocks: list[tuple[str, Any]], i: int, end: int, data: dict[str, Any], bold: set[str]) -> int:
    """``KẾ HOẠCH`` and the trích yếu under it; returns the index of the first body block."""
    if data.get("van_ban", {}).get("trich_yeu"):
        return i  # a công văn: the "V/v" line of the header was its trích yếu, the body starts here
    while i < end and (blocks[i][0] != "p" or not _text(blocks[i][1])):
        i += 1
    subject: list[str] = []
    if i < end:
        kind, *rest = _lines(blocks[i][1])  # "KẾ HOẠCH" and the trích yếu may be one paragraph (Shift+Enter)
        data.setdefault("van_ban", {})["loai"] = kind[:1] + kind[1:].lower()
        subject += rest
        i += 1
    while (i < end and blocks[i][0] == "p" and _text(blocks[i][1]) and not _is_heading(_text(blocks[i][1]))
           and not _word_heading(blocks[i][1], _bold(blocks[i][1], bold))):
        text = _text(blocks[i][1])
        if text.startswith("(Ban hành kèm theo"):
            data["_issued_by"] = text
        elif subject and not _bold(blocks[i][1], bold):
            break
        else:
            subject.append(text)
        i += 1
    data.setdefault("van_ban", {})["trich_yeu"] = " ".join(subject)
    return i


def _bold(p: Any, bold_styles: set[str]) -> bool:
    """The whole paragraph prints bold: every run bold, by itself or by the paragraph's style."""
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    by_style = style is not None and style.get(qn("w:val")) in bold_styles
    runs = [r for r in p.findall(qn("w:r")) if _run_text(r).strip()]
    return bool(runs) and all(_run_bold(r, by_style) for r in runs)


def _run_text(r: Any) -> str:
    return "".join(t.text or "" for t in r.findall(qn("w:t")))


def _run_bold(r: Any, by_style: bool = False) -> bool:
    """A run prints bold: its own w:b (unless switched off), else what its paragraph's style says."""
    b = r.find(f"{qn('w:rPr')}/{qn('w:b')}")
    return by_style if b is None else b.get(qn("w:val")) not in ("0", "false")


_HEADINGS = [(1, re.compile(r"^([IVXLCDM]+)\.\s+(.+)$")), (2, re.compile(r"^(\d+)\.\s+(.+)$")),
             (3, re.compile(r"^([a-zđ]{1,3})\)\s+(.+)$"))]


def _is_heading(text: str) -> bool:
    return any(rx.match(text) for _, rx in _HEADINGS)


_PART = re.compile(r"^Phần\s+([IVXLCDM]+|\d+)\b[.:]?\s*(.*)$", re.IGNORECASE)


def _body(blocks: list[tuple[str, Any]], data: dict[str, Any], notes: list[str], bold: set[str],
          task_tables: frozenset[int] = frozenset()) -> dict[int, str]:
    """Headings by their numbers (I. / 1. / a), with "Phần I" above them when the plan is written in parts).

    A task table typed inside the body (its element's id in ``task_tables``) is printed by kehoach as the Phụ
    lục: the heading above it says so (``chi_tiet_phu_luc``). Returns each such table's heading title."""
    texts = [(el, t) for kind, el in blocks if kind == "p" and (t := _text(el))]
    in_parts = any(_PART.match(t) and _bold(el, bold) for el, t in texts)
    shift = 1 if in_parts else 0
    preamble: list[str] = []
    parts: list[dict[str, Any]] = []
    stack: list[tuple[int, dict[str, Any]]] = []
    waiting: dict[str, Any] | None = None  # "Phần I" on its own line: its title is the next bold line
    under: dict[int, str] = {}
    for kind, el in blocks:
        if kind == "t":
            if id(el) not in task_tables:
                notes.append(f"bảng trong nội dung chưa nhập được (bắt đầu: “{_table_text(el)[:50]}…”) — chép tay "
                             "nếu cần")
            elif stack:
                stack[-1][1]["chi_tiet_phu_luc"] = True
                under[id(el)] = stack[-1][1].get("tieu_de", "")
            continue
        text = _text(el)
        if not text:
            continue
        strong = _bold(el, bold)
        if waiting is not None and strong:
            waiting["tieu_de"] = text
            waiting = None
            continue
        waiting = None
        part_head = _PART.match(text) if in_parts and strong else None
        if part_head:
            level, title = 1, part_head.group(2)
        else:
            level = next((lv for lv, rx in _HEADINGS if rx.match(text) and (lv > 1 or strong)), 0)
            title = ""
            if not level and (auto := _word_heading(el, strong)):  # numbered by Word, not typed: I., 1. not in text
                level, title = auto, text
            level += shift if level else 0
        top = 1 + shift if not part_head else 1
        if level and (level <= top or stack) and (level < 3 + shift or strong or level <= stack[-1][0] + 1):
            if not part_head and not title:
                found = next(rx.match(text) for lv, rx in _HEADINGS if lv + shift == level)
                assert found is not None
                title = found.group(2)
            part: dict[str, Any] = {"tieu_de": title}
            while stack and stack[-1][0] >= level:
                stack.pop()
            if stack:
                stack[-1][1].setdefault("muc", []).append(part)
            else:
                parts.append(part)
            stack.append((level, part))
            if part_head and not title:
                waiting = part
            continue
        if stack:
            target = stack[-1][1]
            key = "doan_cuoi" if "muc" in target else "doan"
            target.setdefault(key, []).append(text)
        else:
            preamble.append(text)
    if preamble:
        data["loi_mo_dau"] = preamble
    if in_parts:
        data.setdefault("van_ban", {})["danh_so_noi_dung"] = "phan_muc"
    data["noi_dung"] = parts
    return under


def _word_heading(p: Any, strong: bool) -> int:
    """The level of a heading whose number Word prints (a Heading 1–3 style, or a bold line in a numbered
    list), 0 for any other paragraph."""
    ppr = p.find(qn("w:pPr"))
    style = ppr.find(qn("w:pStyle")) if ppr is not None else None
    m = re.fullmatch(r"(?:Heading|Tieude|Tiêuđề)\s*([1-3])", (style.get(qn("w:val")) or "") if style is not None
                     else "", re.IGNORECASE)
    if m:
        return int(m.group(1))
    num = ppr.find(qn("w:numPr")) if ppr is not None else None
    if num is None or not strong:
        return 0
    return min(3, word_int(num.find(qn("w:ilvl")), 0, 0, 8) + 1)


def _signature(tbl: Any, data: dict[str, Any]) -> None:
    rows = _rows(tbl)
    left, right = rows[0][0], rows[0][-1]
    recipients, archive = [], "VT"
    for text in _cell_lines(left)[1:]:
        item = text.removeprefix("-").strip()
        if item.lower().startswith("lưu"):
            archive = item.split(":", 1)[-1].strip().rstrip(".")
        else:
            recipients.append(item.rstrip(";.").strip())
    lines = _cell_lines(right)
    data["nguoi_ky"] = {"quyen_han": lines[:-2], "chuc_vu": lines[-2] if len(lines) > 1 else "",
                        "ho_ten": lines[-1] if lines else ""}
    data["noi_nhan"] = recipients
    data["luu"] = archive


def _appendix_start(blocks: list[tuple[str, Any]], table: int) -> int:
    """The block where the appendix of ``table`` starts: its "Phụ lục" label (or the table itself)."""
    for k in range(table - 1, max(-1, table - 8), -1):
        kind, el = blocks[k]
        if kind == "t":
            return table
        if _text(el).lower().startswith("phụ lục"):
            return k
    return table


def _continues(blocks: list[tuple[str, Any]], previous: int, table: int) -> bool:
    """``table`` goes on with the table ``previous``: the same headings and no text in between (a table cut in
    two, or continued in the next section)."""
    between = [t for kind, el in blocks[previous + 1:table] if kind == "p" and (t := _text(el))]
    heads = [[(c.heading, c.group) for c in found[2]] if (found := _table_header(blocks[k][1])) else []
             for k in (previous, table)]
    return not between and heads[0] == heads[1]


def _sentence_case(title: str) -> str:
    """A heading typed in capitals ("NHIỆM VỤ CỤ THỂ") as an appendix name ("Nhiệm vụ cụ thể")."""
    return title[:1] + title[1:].lower() if title.isupper() else title


def _appendix(blocks: list[tuple[str, Any]], start: int, parts: list[int], units: _Registry,
              notes: list[str], n: int, title_hint: str, table_no: dict[int, int]) -> dict[str, Any]:
    table = parts[0]
    texts = [t for kind, el in blocks[start:table] if kind == "p" and (t := _text(el))]
    texts = texts[1:] if texts and texts[0].lower().startswith("phụ lục") else texts
    caption = next((t for t in texts if t.startswith("(")), "")
    if caption.startswith("(Kèm theo") and not caption.startswith("(Kèm theo Kế hoạch ban hành"):
        caption = ""  # the usual line: kehoach writes it again from the plan's number and date
    title = " ".join(t for t in texts if not t.startswith("(")) or title_hint
    annex: dict[str, Any] = {"ten": title or "Nhiệm vụ"}
    if caption:
        annex["dong_kem_theo"] = caption
    if not title:
        notes.append(f"phụ lục {n + 1}: không thấy tên phụ lục — điền phu_luc.ten")
    columns, sections, auto = _task_table([(table_no[k], blocks[k][1]) for k in parts], units, notes)
    sectionless = len(sections) == 1 and sections[0].pop("_no_row", False)
    style = "lien_tuc" if auto and len(sections) > 1 else _numbering(sections)  # Word's list runs on
    if not auto and _misfits(sections, "lien_tuc" if sectionless else style) > 1:
        # numbers no style makes (A, I under A, 8.2 under VIII, again from 1): kept as printed. One number out of
        # place is a typo, told at its row as before.
        style = "nhu_in"
        notes.append(f"phụ lục {n + 1}: số thứ tự không theo một cách đánh số của kehoach — giữ như bảng in "
                     "(danh_so: nhu_in)")
    if style != "theo_muc" and (not sectionless or style == "nhu_in"):
        annex["danh_so"] = style
    if columns is not None:
        annex["cot"] = columns
    if sectionless:  # no section rows at all: the tasks right under phu_luc, numbered 1 … n
        annex |= {k: sections[0][k] for k in ("chung", "nhiem_vu") if k in sections[0]}
        return annex
    if sections and sections[0].pop("_no_row", False):
        notes.append(f"phụ lục {n + 1}: các dòng đầu bảng nằm trước dòng mục đầu tiên — đã đặt vào một mục riêng, "
                     "điền tên mục")
    annex["muc"] = sections
    return annex


def _misfits(sections: list[dict[str, Any]], style: str) -> int:
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


def _numbering(sections: list[dict[str, Any]]) -> str:
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


def _task_table(tables: list[tuple[int, Any]], units: _Registry, notes: list[str]
                ) -> tuple[list[Any] | None, list[dict[str, Any]], bool]:
    """The columns (None: kehoach's own six), the sections, and whether Word numbered the tasks itself."""
    found = _table_header(tables[0][1])
    assert found is not None
    cols = found[2]
    heads: set[tuple[str, ...]] = set()  # the header rows' texts, skipped where the table repeats them
    rows: list[tuple[str, list[_Cell]]] = []  # where a row is, as a clerk finds it in Word; its cells
    for number, tbl in tables:
        start, size, _ = _table_header(tbl) or (0, 0, [])
        trs = tbl.findall(qn("w:tr"))
        heads |= {tuple(c.text for c in _grid(tr)) for tr in trs[start:start + size]}
        rows += [(f"bảng {number}, dòng {k}", _grid(tr)) for k, tr in enumerate(trs[start + size:], start + size + 1)]
    keys = _keys(cols)
    header = [c.heading for c in cols]
    columns: list[Any] | None = None  # kehoach's own six need not be written
    if [(k, h) for k, h in zip(keys, header, strict=True)] != [(c.key, c.heading) for c in DEFAULT_COLUMNS] or any(
            c.group for c in cols):
        columns = [{"vai_tro" if k in HEADINGS else "ma": k, "tieu_de": c.heading} | ({"nhom": c.group} if c.group
                   else {}) | ({"trong_cong_van": True} if k not in HEADINGS and _money(c) else {})
                   for k, c in zip(keys, cols, strict=True)]
    sections: list[dict[str, Any]] = []
    group: dict[str, Any] | None = None
    last: dict[str, Any] | None = None
    above: dict[str, str] = {}
    # per section, its task rows: the task, its cells' merge states, and whether a section or group row is above it
    merges: dict[int, list[tuple[dict[str, Any], dict[str, str], bool]]] = {}
    fresh = True
    auto = False
    marks: list[str] = []  # numbers typed with a mark after them ("1.", "a)")
    # numbered 1.1, 1.2 under sections 1, 2 (hai_cap): a heading row numbered 2 is a section, not a group
    two_level = any(re.fullmatch(r"\d++\.\d++\.?", cells[0].text) for _, cells in rows if cells)
    for r, cells in rows:
        texts = [c.text for c in cells]
        if not cells or tuple(texts) in heads or _column_numbers(texts) or (
                not any(texts) and not _numbered_by_word(cells[0].tc)):
            continue  # the header repeated where the table goes on, the (1) (2) (3) row, an empty row
        wide = [c for c in cells if _covers(c, cols) > 1]
        values = {k: [c for c in cells if col.start <= c.start < col.end] for k, col in zip(keys, cols, strict=True)}
        first = {k: v[0].text if v else "" for k, v in values.items()}
        if "stt" in first:
            first["stt"] = _number(first["stt"], marks)
        heading: tuple[str, str] | None = None
        if len(cells) == 1 and wide:  # one cell across the table: "I. Title" typed in it
            m = re.match(r"^([IVXLCDM]+|\d+)[.\s]\s*(.+)$", texts[0])
            heading = (m.group(1), m.group(2)) if m else ("", texts[0])
        elif len(cells) == 2 and wide == [cells[1]]:  # its number, then its title across the table
            heading = (_number(texts[0], marks), texts[1])
        elif "stt" in keys and (_ROMAN.fullmatch(first["stt"]) or (not first["stt"] and first.get("noi_dung"))) and all(
                not t for k, t in first.items() if k not in ("stt", "noi_dung")):
            heading = (first["stt"], first.get("noi_dung", ""))  # a section row typed in its cells
        if heading is not None:  # a section or group row
            stt, title = heading
            if _ROMAN.fullmatch(stt) or _PART.fullmatch(stt) or not stt or not sections or (
                    two_level and stt.isdigit()):
                sections.append({"stt": stt, "ten": title, "nhiem_vu": []})
                group = None
            else:
                group = {"stt": stt, "ten": title, "nhiem_vu": []}
                sections[-1]["nhiem_vu"].append(group)
            fresh = True
            continue
        for c in wide:
            col = next(i for i, o in enumerate(cols) if o.start <= c.start < o.end)
            notes.append(f"{r}: ô “{c.text[:40]}” gộp ngang {_covers(c, cols)} cột — đã đặt vào "
                         f"cột “{cols[col].heading}”, kiểm tra lại")
        for c in cells:
            if c.text and not any(o.start <= c.start < o.end for o in cols):
                notes.append(f"{r}: ô “{c.text[:40]}” nằm ngoài các cột của tiêu đề — chưa "
                             "nhập ô này")
        merged = {k: _vmerge(v[0].tc) if v else "" for k, v in values.items()}
        row = {k: "\n\n".join(t for c in v for t in _cell_paragraphs(c.tc)) if k == "noi_dung"
               else " ".join(c.text for c in v if c.text) for k, v in values.items()}
        if "stt" in row:
            row["stt"] = _number(row["stt"], marks)
        for k in row:  # a value merged down several rows belongs to each of them
            if merged[k] == "continue" and k not in ("stt", "noi_dung"):
                row[k] = above.get(k, "")
        above = row
        if values.get("stt") and not row["stt"] and _numbered_by_word(values["stt"][0].tc):
            auto = True  # the number is Word's automatic numbering: kehoach numbers the row by its place
        task = _task(row, merged, units, notes, f"mục {sections[-1]['stt'] if sections else '?'}, {r}")
        task["_at"] = r  # where the row is in the Word file: problems of the imported plan are told there
        joined = [k for k, state in merged.items() if state == "continue" and k not in ("stt", "noi_dung")]
        if joined:
            task["gop_tren"] = joined  # printed merged with the row above, as received (chung may take it)
        if merged.get("stt") == "continue" and last is not None:  # a stacked sub-row of the task above
            if "dong" not in last:
                first = {k: v for k, v in last.items() if k not in ("stt", "noi_dung")}
                for k in list(first):
                    last.pop(k)
                last["dong"] = [first]
            last["dong"].append({k: v for k, v in task.items() if k != "stt"})
            continue
        if not sections:  # rows before any section row: a table without sections, unless one comes later
            sections.append({"stt": "I", "ten": "", "nhiem_vu": [], "_no_row": True})
        if group is None and _LETTER.fullmatch(row.get("stt", "")) and last is not None and _is_title(last) \
                and sections[-1]["nhiem_vu"] and sections[-1]["nhiem_vu"][-1] is last:
            # "1" with a title and no units, then a), b): the row above was a group typed in its cells
            group = {"stt": last["stt"], "ten": last["noi_dung"], "nhiem_vu": [], "_at": last.get("_at")}
            sections[-1]["nhiem_vu"][-1] = group
            merges[id(sections[-1])] = [m for m in merges.get(id(sections[-1]), []) if m[0] is not last]
        target = group if group is not None and _LETTER.fullmatch(row.get("stt", "")) else sections[-1]
        if target is not group:
            group = None
        target["nhiem_vu"].append(task)
        merges.setdefault(id(sections[-1]), []).append((task, merged, fresh))
        fresh = False
        last = task
    for section in sections:
        _common(section, merges.get(id(section), []))
    if marks:
        notes.append(f"số thứ tự gõ kèm dấu ({', '.join(list(dict.fromkeys(marks))[:3])} …) — kehoach in số không "
                     "kèm dấu")
    return columns, sections, auto


def _number(text: str, marks: list[str]) -> str:
    """The number of an STT cell without the mark typed after it: "1." -> "1", "a)" -> "a", "II." -> "II"."""
    m = re.fullmatch(r"([IVXLCDM]++|\d++(?:\.\d++)*+|[a-zđ]{1,3}|[A-H])[.)]", text)
    if not m:
        return text
    marks.append(text)
    return m.group(1)


def _keys(cols: list[_Col]) -> list[str]:
    """A key per column: the role its heading names (the first column naming it), else a free column's key from
    its heading (with the group's words when two headings are alike)."""
    keys: list[str] = []
    for col, role in zip(cols, _column_roles(cols), strict=True):
        if role and role not in keys:
            keys.append(role)
            continue
        key = _free_key(col.heading)
        if key in keys or key in HEADINGS or key in schema.RESERVED_TASK_KEYS:
            key = _free_key(f"{col.group} {col.heading}" if col.group else f"cot {col.heading}")
        base, n = key, 2
        while key in keys or key in HEADINGS or key in schema.RESERVED_TASK_KEYS:
            key, n = f"{base}_{n}", n + 1
        keys.append(key)
    return keys


def _money(col: _Col) -> bool:
    """A funding column: its values reach the unit's letter (trong_cong_van), as a văn thư would copy them."""
    return "kinh phí" in match_key(f"{col.group} {col.heading}")


def _covers(cell: _Cell, cols: list[_Col]) -> int:
    """How many of the header's columns a cell starts over (a cell merged across columns covers several)."""
    return sum(1 for col in cols if cell.start <= col.start < cell.end)


def _column_numbers(texts: list[str]) -> bool:
    """The row numbering the columns under the header: (1) (2) (3) … or 1 2 3 …"""
    return len(texts) > 2 and all(t.strip("()") == str(n) for n, t in enumerate(texts, 1))


def _is_title(task: dict[str, Any]) -> bool:
    """A row with a number and a text but nothing else: the title of the a), b) rows under it."""
    return bool(task.get("stt", "").isdigit() and task.get("noi_dung")) and not any(
        v for k, v in task.items() if k not in ("stt", "noi_dung", "thoi_gian") and not k.startswith("_"))


def _numbered_by_word(tc: Any) -> bool:
    p = tc.find(qn("w:p"))
    if p is None:
        return False
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None or (
        style is not None and "List" in (style.get(qn("w:val")) or ""))


def _common(section: dict[str, Any], rows: list[tuple[dict[str, Any], dict[str, str], bool]]) -> None:
    """A value merged down every task row of a section is the section's ``chung`` value (printed merged; a
    group row across the table starts the merged cell again under it, with the same value)."""
    if len(rows) < 2:
        return
    for key, state in rows[0][1].items():
        if key in ("stt", "noi_dung", "chu_tri", "phoi_hop") or state != "restart":
            continue
        value = rows[0][0].get(key, "")
        if all(merged.get(key) == "continue" or (fresh and merged.get(key) == "restart" and task.get(key) == value)
               for task, merged, fresh in rows[1:]):
            section.setdefault("chung", {})[key] = value
            for row in (r for task, _, _ in rows for r in (task, *task.get("dong", []))):  # sub-rows too
                row.pop(key, None)
                joined = [k for k in row.pop("gop_tren", []) if k != key]
                if joined:
                    row["gop_tren"] = joined


def _free_key(heading: str) -> str:
    key = slugify(heading).replace("-", "_")[:30].strip("_") or "cot"
    return key if key.isidentifier() else f"cot_{key}"


def _task(row: dict[str, str], merged: dict[str, str], units: _Registry, notes: list[str], where: str
          ) -> dict[str, Any]:
    task: dict[str, Any] = {}
    for key, text in row.items():
        if key in ("chu_tri", "phoi_hop"):
            if text:
                task[key] = _unit_cell(text, units)
        elif key == "noi_dung":
            if merged.get(key) != "continue":
                task[key] = text
        elif text or key == "thoi_gian":
            task[key] = text
    _one_role(task, units, notes, where)
    return task


def _one_role(task: dict[str, Any], registry: _Registry, notes: list[str], where: str) -> None:
    """A unit printed as both lead and partner of a task stays a lead only (a plan cannot give it both)."""
    index, units = registry.known, registry.units
    names = {u["ma"]: u.get("ten") or (index.units[u["ma"]].name if u["ma"] in index.units else u["ma"])
             for u in units.values()}

    def ids(value: Any) -> list[str]:
        if isinstance(value, list):
            return value
        if isinstance(value, _UnitsCell):
            return value.ids
        found = index.split_cell(value)[0] if index.units else ()
        return list(found)

    leads, partners = ids(task.get("chu_tri", [])), ids(task.get("phoi_hop", []))
    both = [u for u in partners if u in leads]
    if not both:
        return
    kept = [u for u in partners if u not in both]
    if kept:
        task["phoi_hop"] = kept
    else:
        task.pop("phoi_hop")
    notes.append(f"nhiệm vụ {task.get('stt', '?')} ({where}): {', '.join(names.get(u, u) for u in both)} vừa chủ "
                 "trì vừa phối hợp — chỉ giữ ở cột chủ trì")


def split_units(text: str) -> list[str]:
    """A lead/partner cell as a văn thư reads it: units separated by ";" or by ", " before a new unit's name
    ("Sở Tài chính, Ủy ban nhân dân các huyện, thành phố" is two units, the second with a comma inside)."""
    out: list[str] = []
    for part in (p.strip() for p in text.split(";")):
        pieces = re.split(r",\s+(?=" + _UNIT_START.pattern + ")", part)
        out += [p.strip(" .,") for p in pieces if p and p.strip(" .,") and not _UNIT_START.fullmatch(p.strip())]
    return [n[:1].upper() + n[1:] for n in out if n]


def _unit_list(units: dict[str, dict[str, Any]], known: tuple[Unit, ...]) -> list[dict[str, Any]]:
    """The units the tables name: those of the known registry as written there (with their members), then the
    new ones."""
    used = {u["ma"] for u in units.values() if u.get("_known")}
    by_id = {u.id: u for u in known}
    used |= {m for uid in list(used) for m in by_id[uid].members}
    return ([_unit_data(u) for u in known if u.id in used]
            + [u for u in units.values() if not u.get("_known")])


def _unit_data(unit: Unit) -> dict[str, Any]:
    data = record(unit, schema.UNIT)
    return data | ({"thanh_vien": list(unit.members)} if unit.members else {})


def _unit_cell(text: str, registry: _Registry) -> Any:
    index, units = registry.known, registry.units
    found, rest = index.split_cell(text)
    if found and not rest:  # every unit of the cell is in the known registry
        for uid in found:
            units.setdefault(f"#{uid}", {"ma": uid, "_known": True})
        printed = "; ".join(index.units[u].name if i == 0 or not index.units[u].name.startswith("Các ")
                            else index.units[u].name[:1].lower() + index.units[u].name[1:] for i, u in enumerate(found))
        return list(found) if printed == text else text
    ids = []
    for name in split_units(text):
        known_id = index.find(name) if index.units else None
        if known_id is not None:  # a unit of the known registry, in a cell that also names new ones
            units.setdefault(f"#{known_id}", {"ma": known_id, "_known": True})
            ids.append(known_id)
            continue
        key = unit_key(name)
        unit = units.get(key)
        if unit is None:
            unit = {"ma": f"#{len(units)}", "ten": name}
            if name.lower().startswith("các ") or " các " in f" {name.lower()} ":
                unit["tap_the"] = True
            units[key] = unit
        elif name != unit["ten"]:
            unit.setdefault("_variants", []).append(name)  # "Sở KH&CN" for "Sở Khoa học và Công nghệ"
        ids.append(unit["ma"])
    return _UnitsCell(text, ids)


def _finish_cells(node: Any, names: dict[str, str], final: dict[str, str]) -> None:
    """Unit cells of the read tables with their units' final codes; a cell kehoach prints the same from the
    units' names becomes their codes, any other stays the text as printed."""
    if isinstance(node, list):
        for item in node:
            _finish_cells(item, names, final)
        return
    if not isinstance(node, dict):
        return
    for key in ("chu_tri", "phoi_hop"):
        value = node.get(key)
        if isinstance(value, _UnitsCell):
            ids = [final.get(u, u) for u in value.ids]
            printed = [names[u] for u in ids]
            joined = "; ".join(n if i == 0 or not n.startswith("Các ") else n[:1].lower() + n[1:]
                               for i, n in enumerate(printed))
            node[key] = ids if joined == value.text else value.text
        elif isinstance(value, list):
            node[key] = [final.get(u, u) for u in value]
    for key in ("muc", "nhiem_vu", "dong"):
        _finish_cells(node.get(key), names, final)


# Long words of unit names, as the short forms văn thư use in codes (ubnd-cac-huyen, chi-nhanh-nhcsxh-tinh).
_CODE_WORDS = (("uy-ban-mat-tran-to-quoc-viet-nam", "ubmttq"), ("uy-ban-mat-tran-to-quoc", "ubmttq"),
               ("uy-ban-nhan-dan", "ubnd"), ("hoi-dong-nhan-dan", "hdnd"),
               ("ngan-hang-chinh-sach-xa-hoi", "nhcsxh"), ("chinh-tri-xa-hoi", "ctxh"), ("co-lien-quan", "lien-quan"))


def _code(name: str, taken: set[str]) -> str:
    slug = slugify(name)
    for long, short in _CODE_WORDS:
        slug = slug.replace(long, short)
    base = slug[:40].rsplit("-", 1)[0] if len(slug) > 40 else slug
    base = base.strip("-") or "don-vi"
    code, n = base, 2
    while code in taken:
        code, n = f"{base}-{n}", n + 1
    return code


def _public(value: Any) -> Any:
    """The data without the reader's own keys (``_at``: where a row was read)."""
    if isinstance(value, dict):
        return {k: _public(v) for k, v in value.items() if not k.startswith("_")}
    if isinstance(value, list):
        return [_public(v) for v in value]
    return value


def _row_places(annexes: list[dict[str, Any]]) -> dict[str, str]:
    """Model path of each task row read (``phu_luc.muc[1].nhiem_vu[2]``) -> where it is in the Word file."""
    out: dict[str, str] = {}

    def rows(items: list[dict[str, Any]], path: str) -> None:
        for j, item in enumerate(items):
            at = f"{path}.nhiem_vu[{j}]"
            subrows = item.get("dong", [])
            if item.get("_at") or subrows:
                out[at] = item.get("_at") or subrows[0].get("_at", "")
            for k, sub in enumerate(subrows):
                out[f"{at}.dong[{k}]"] = sub.get("_at", "")
            if "ten" in item and "nhiem_vu" in item:
                rows(item["nhiem_vu"], at)

    for n, annex in enumerate(annexes):
        where = "phu_luc" if len(annexes) == 1 else f"phu_luc[{n}]"
        for i, section in enumerate(annex.get("muc", [annex])):
            rows(section["nhiem_vu"], schema.section_path(where, i, "muc" not in annex))
    return out


def _row_problems(data: dict[str, Any], places: dict[str, str]) -> list[str]:
    """The errors kehoach finds in the rows read (a number typed twice, a task without a lead …), told at the
    table and row of the Word file where the clerk sees them."""
    from .load import check_text

    text = to_yaml_text(_public(data))
    out = []
    for issue in check_text(text, "nhap"):
        path = issue.where
        while path and path not in places:
            path = path.rsplit(".", 1)[0] if "." in path else ""
        if not issue.warning and path and places[path]:
            out.append(f"{places[path]}: {issue.message}")
    return list(dict.fromkeys(out))


def to_yaml(imported: Imported, source: Path) -> str:
    """The plan file: comments first (where it came from, what to check), then the data."""
    data = _public(imported.data)
    lines = [f"# Kế hoạch nhập từ {source.name} bằng `kehoach nhap`.",
             "# Kiểm tra trước khi dùng: `kehoach xem` (mã nhiệm vụ, đơn vị) và `kehoach validate`.",
             "# - viet_tat, quan_he của các đơn vị và thanh_vien của các đơn vị tập thể (tap_the) cần điền tay;",
             "# - các ô chủ trì/phối hợp in khác cách kehoach in được giữ nguyên văn (chuỗi chữ)."]
    if imported.read:
        lines.append("# Đã đọc:")
        lines += [f"# - {item}" for item in imported.read]
    if imported.notes:
        lines.append("# Chưa nhập được:")
        lines += [f"# - {note}" for note in imported.notes]
    return "\n".join(lines) + "\n" + to_yaml_text(data)


def _fail(path: Path, message: str) -> KehoachError:
    return Refused(f"{display_path(path)}: {message}")
