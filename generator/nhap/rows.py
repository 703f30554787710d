"""Stage 2b: each row of a task table classified by small rules, one per clerk habit.

A row is skipped (the header repeated where the table goes on, the (1) (2) (3) row under the header, an
empty row), a heading (a section or group: a number and a title across the table, typed in one cell, in two,
or in the table's own cells) or a task row, whose cells are read by column with what Word merged down.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .columns import Header, covers
from .word import Cell, cell_bold, cell_paragraphs, numbered_by_word

ROMAN = re.compile(r"[IVXLCDM]+")
LETTER = re.compile(r"[a-zđ]{1,3}")
PART = re.compile(r"[A-Z]")  # parts above the sections: "A. PHÁT TRIỂN NỀN MÓNG …", "B. BỘ XÂY DỰNG" … "P."
_MARKED = re.compile(r"^([IVXLCDM]++|\d++(?:\.\d++)*+|[a-zđ]{1,3}|[A-Z])[.)]")
_TITLED = re.compile(r"^([IVXLCDM]+|\d+)[.\s]\s*(.+)$")


@dataclass(frozen=True)
class Row:
    """A table row: where a clerk finds it in Word ("bảng 3, dòng 7") and its cells on the table's grid."""

    where: str
    cells: list[Cell]
    part: int = 0  # which table of the ones continuing each other the row is in

    @property
    def texts(self) -> list[str]:
        return [c.text for c in self.cells]


@dataclass
class Marks:
    """Numbers typed with a mark after them ("1.", "a)"), told once in the notes."""

    seen: list[str] = field(default_factory=list)

    def number(self, text: str) -> str:
        """An STT cell's number without its mark: "1." -> "1", "a)" -> "a", "II." -> "II"."""
        m = _MARKED.fullmatch(text)
        if not m:
            return text
        self.seen.append(text)
        return m.group(1)


def column_numbers(texts: list[str]) -> bool:
    """The row numbering the columns under the header: (1) (2) (3) … or 1 2 3 …"""
    return len(texts) > 2 and all(t.strip("()") == str(n) for n, t in enumerate(texts, 1))


def skipped(row: Row, repeated: set[tuple[str, ...]]) -> bool:
    """The header repeated where the table goes on, the (1) (2) (3) row, an empty row (a row Word numbers is
    not empty: its number is printed)."""
    texts = row.texts
    return (not row.cells or tuple(texts) in repeated or column_numbers(texts)
            or (not any(texts) and not numbered_by_word(row.cells[0].tc)))


def by_column(row: Row, header: Header) -> dict[str, list[Cell]]:
    return {k: [c for c in row.cells if col.holds(c)] for k, col in zip(header.keys, header.cols, strict=True)}


def _across(row: Row, header: Header) -> list[Cell]:
    return [c for c in row.cells if covers(c, header.cols) > 1]


def heading(row: Row, header: Header, marks: Marks) -> tuple[str, str] | None:
    """(number, title) of a section or group row, or None for a task row."""
    wide, texts = _across(row, header), row.texts
    if len(row.cells) == 1 and wide:  # one cell across the table: "I. Title" typed in it
        m = _TITLED.match(texts[0])
        return (m.group(1), m.group(2)) if m else ("", texts[0])
    if len(row.cells) == 2 and wide == [row.cells[1]]:  # its number, then its title across the table
        return marks.number(texts[0]), texts[1]
    if "stt" not in header.keys:
        return None
    return _in_cells(row, header, marks)


def _in_cells(row: Row, header: Header, marks: Marks) -> tuple[str, str] | None:
    """A heading typed in the table's own cells: a Roman number or no number, a title in the content cell and
    nothing else; or a number and one bold title in another cell, the content cell empty ("5.1 | | Thương mại")."""
    cells = {k: v[0] for k, v in by_column(row, header).items() if v}
    first = {k: c.text for k, c in cells.items()}
    stt = marks.number(first.get("stt", ""))
    others = [k for k, t in first.items() if t and k not in ("stt", "noi_dung")]
    if (ROMAN.fullmatch(stt) or (not stt and first.get("noi_dung"))) and not others:
        return stt, first.get("noi_dung", "")  # a section row typed in its cells
    if stt and not first.get("noi_dung") and len(others) == 1 and cell_bold(cells[others[0]].tc):
        return stt, first[others[0]]
    return None


def odd_cells(row: Row, header: Header) -> tuple[list[str], list[str]]:
    """What a task row has that its columns cannot hold as printed: a cell merged across columns (placed in the
    first, to check), a cell outside the header's columns (not placed)."""
    check, missing = [], []
    for c in _across(row, header):
        col = next(o for o in header.cols if o.holds(c))
        check.append(f"{row.where}: ô “{c.text[:40]}” gộp ngang {covers(c, header.cols)} cột — đã đặt vào "
                     f"cột “{col.heading}”, kiểm tra lại")
    for c in row.cells:
        if c.text and not any(o.holds(c) for o in header.cols):
            missing.append(f"{row.where}: ô “{c.text[:40]}” nằm ngoài các cột của tiêu đề — chưa nhập ô này")
    return check, missing


@dataclass(frozen=True)
class Values:
    """A task row's text per column, each column's merge state, and whether Word numbers the row."""

    text: dict[str, str]
    merged: dict[str, str]
    auto: bool


def values(row: Row, header: Header, marks: Marks, above: dict[str, str]) -> Values:
    """A task row read by column: the content's paragraphs kept, a value merged down several rows taken from
    the row above (it belongs to each of them)."""
    cells = by_column(row, header)
    merged = {k: v[0].merge if v else "" for k, v in cells.items()}
    text = {k: "\n\n".join(t for c in v for t in cell_paragraphs(c.tc)) if k == "noi_dung"
            else " ".join(c.text for c in v if c.text) for k, v in cells.items()}
    if "stt" in text:
        text["stt"] = marks.number(text["stt"])
    for k in text:
        if merged[k] == "continue" and k not in ("stt", "noi_dung"):
            text[k] = above.get(k, "")
    stt = cells.get("stt")
    auto = bool(stt) and not text["stt"] and numbered_by_word(stt[0].tc) if stt else False
    return Values(text, merged, auto)
