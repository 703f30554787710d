"""One returned report form read as the unit filled it: what it says about itself (custom properties), its
header and date line, and each row of its results table — cells placed by the header's columns, vertically
merged cells carrying the value above, the status cell's lines with their bold.

A form is read whatever happened to it in the unit's hands: re-saved by LibreOffice, converted to .doc or .odt
(read through LibreOffice, as ``kehoach nhap`` reads them), rows added, cells merged. What makes it unreadable
(damaged, encrypted, too large, the table deleted) is said in ``problem``; nothing is raised.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docx.oxml.ns import qn

from ..errors import KehoachError, display_path
from ..nhap.word import bold_styles, cell_lines, grid, is_bold, lines, table_rows
from ..received import open_received
from ..render.ooxml import custom_properties
from .status import Line, fold

SUFFIXES = (".docx", ".doc", ".odt")

# Header words -> the column's role (folded text; the first rule that matches a header cell wins).
_COLUMNS = (
    ("stt", re.compile(r"^(stt|tt|so tt|so thu tu)$")),
    ("content", re.compile(r"nhiem vu|noi dung")),
    ("role", re.compile(r"vai tro")),
    ("deadline", re.compile(r"thoi (han|gian)")),
    ("result", re.compile(r"ket qua")),  # before "sản phẩm": "Kết quả thực hiện (sản phẩm, số liệu)"
    ("product", re.compile(r"san pham")),
    ("status", re.compile(r"tinh trang|tien do|muc do hoan thanh")),
    ("difficulties", re.compile(r"kho khan|vuong mac|de xuat|kien nghi|ghi chu")),
)
_FIGURES = re.compile(r"^\s*s[oố] li[eệ]u (?:đạt được|dat duoc)\s*:?\s*", re.IGNORECASE)
_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_CITE = re.compile(r"^((?:điểm [^:]{1,40} )?(?:nhiệm vụ|chỉ tiêu) số [^:]{1,60}?)\s*:\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class FormRow:
    """One row of the results table as the unit left it."""

    number: int  # the row's place in the table, the header not counted (as a clerk counts rows)
    seq: str
    cite: str  # "Nhiệm vụ số 1 Mục I", the printed task number, or "" (a row the unit added)
    content: str  # the task's words as printed, without the citation line
    role: str
    result: str
    figures: str  # what follows "Số liệu đạt được:"
    status: tuple[Line, ...]
    difficulties: str

    @property
    def empty(self) -> bool:
        return not (self.cite or self.content or self.result or self.figures or self.difficulties
                    or any(ln.text.strip() for ln in self.status))


@dataclass
class ReturnedForm:
    path: Path
    props: dict[str, str] = field(default_factory=dict)
    header: list[str] = field(default_factory=list)  # the left header cell's lines (parent, then unit name)
    intro: str = ""  # "Thực hiện …, <đơn vị> báo cáo kết quả …"
    date: dt.date | None = None  # the date line, when the unit filled it in
    modified: float = 0.0  # the file's modification time (which of two forms is later, when neither is dated)
    rows: list[FormRow] = field(default_factory=list)
    problem: str = ""  # why the form could not be read at all


def read_form(path: Path) -> ReturnedForm:
    form = ReturnedForm(path)
    try:
        form.modified = path.stat().st_mtime
        document = open_received(path)
    except KehoachError as exc:
        form.problem = str(exc).removeprefix(f"{display_path(path)}: ")
        return form
    except OSError as exc:
        form.problem = f"không đọc được tệp ({exc.strerror or exc})"
        return form
    try:
        _read(document, form)
    except Exception as exc:
        form.problem = f"tệp Word có giá trị không đọc được ({type(exc).__name__}) — mở bằng Word, lưu lại"
    return form


def _read(document: Any, form: ReturnedForm) -> None:
    form.props = custom_properties(document)
    styles = _bold_styles(document)
    body = document.element.body
    paragraphs = [" ".join(lines(p)) for p in body.iter(qn("w:p"))]
    form.intro = next((p for p in paragraphs if p.startswith("Thực hiện") and "báo cáo" in p), "")
    form.date = _date(paragraphs)
    tables = list(body.iter(qn("w:tbl")))
    header = next((t for t in tables if "CỘNG HÒA" in " ".join(" ".join(cell_lines(tc)) for tc in t.iter(qn("w:tc")))
                   .upper()), None)
    if header is not None:
        first = next(iter(header.iter(qn("w:tc"))), None)
        form.header = cell_lines(first) if first is not None else []
    results = [(t, cols) for t in tables if (cols := _columns(t))]
    if not results:
        form.problem = "không thấy bảng kết quả (bảng có cột “Nhiệm vụ” và cột “Kết quả” hoặc “Tình trạng”)"
        return
    for table, (header_at, columns) in results:
        form.rows += _rows(table, header_at, columns, styles, len(form.rows))


_BOLD_STYLES: dict[bytes, set[str]] = {}  # every form of a bundle shares one styles part: resolved once


def _bold_styles(document: Any) -> set[str]:
    key = hashlib.sha256(document.styles.element.xml.encode("utf-8")).digest()
    if key not in _BOLD_STYLES:
        if len(_BOLD_STYLES) > 64:
            _BOLD_STYLES.clear()
        _BOLD_STYLES[key] = bold_styles(document)
    return _BOLD_STYLES[key]


def _date(paragraphs: list[str]) -> dt.date | None:
    for text in paragraphs:
        if m := _DATE.search(text):
            try:
                return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            except ValueError:
                return None
    return None


def _columns(tbl: Any) -> tuple[int, dict[int, str]] | None:
    """The header row's index and each grid column's role, when the table is a results table."""
    for i, tr in enumerate(table_rows(tbl)[:3]):
        columns: dict[int, str] = {}
        for cell in grid(tr):
            heading = fold(" ".join(cell_lines(cell.tc)))
            role = next((name for name, rule in _COLUMNS if rule.search(heading)), None)
            if role and role not in columns.values():
                columns[cell.start] = role
        if "content" in columns.values() and {"result", "status"} & set(columns.values()):
            return i, columns
    return None


def _rows(tbl: Any, header_at: int, columns: dict[int, str], styles: set[str], before: int) -> list[FormRow]:
    out: list[FormRow] = []
    above: dict[str, list[Line]] = {}
    for tr in table_rows(tbl)[header_at + 1:]:
        cells: dict[str, list[Line]] = {}
        for cell in grid(tr):
            role = next((columns[c] for c in range(cell.start, cell.end) if c in columns), None)
            if role is None:
                continue
            if cell.merge == "continue":  # merged with the cell above: the unit wrote it once for both rows
                cells[role] = above.get(role, [])
            else:
                cells[role] = [Line(t, is_bold(p, styles)) for p in cell.tc.iter(qn("w:p")) for t in lines(p)]
        above = cells
        row = _row(before + len(out) + 1, cells)
        if row.seq.isdigit() or not _is_numbers_row(cells):
            out.append(row)
    return [r for r in out if not r.empty]


def _is_numbers_row(cells: dict[str, list[Line]]) -> bool:
    """The "(1) (2) (3)" row some units type under the header."""
    texts = [ln.text for lines_ in cells.values() for ln in lines_]
    return bool(texts) and all(re.fullmatch(r"\(?\d{1,2}\)?", t.strip()) for t in texts)


def _row(number: int, cells: dict[str, list[Line]]) -> FormRow:
    def text(role: str) -> list[str]:
        return [ln.text for ln in cells.get(role, [])]

    content = text("content")
    cite = ""
    if content and (m := _CITE.match(content[0])):
        cite, content = m.group(1), content[1:]
    result, figures = [], []
    for line in text("result"):
        if _FIGURES.match(line):
            figures.append(_FIGURES.sub("", line))
        else:
            result.append(line)
    return FormRow(number, " ".join(text("stt")), cite, "\n".join(content), " ".join(text("role")),
                   "\n".join(result), "; ".join(f for f in figures if f), tuple(cells.get("status", [])),
                   "\n".join(text("difficulties")))
