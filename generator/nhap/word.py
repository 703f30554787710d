"""Stage 1: the Word file as a neutral list of blocks.

Paragraphs and tables in body order, a paragraph's text and lines as a văn thư typed them (Shift+Enter breaks,
non-breaking hyphens, NFC), a table row as cells placed on the table's grid (gridBefore and gridSpan counted,
vertical merges told), and what prints bold or is numbered by Word rather than typed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from docx.oxml.ns import qn

from ..received import MAX_COLUMNS, word_int
from ..vn import nfc, usable

Blocks = list[tuple[str, Any]]  # ("p", paragraph element) or ("t", table element), in body order


def blocks(document: Any) -> Blocks:
    """The body in order: ("p", paragraph element) and ("t", table element)."""
    out = []
    for child in document.element.body:
        if child.tag == qn("w:p"):
            out.append(("p", child))
        elif child.tag == qn("w:tbl"):
            out.append(("t", child))
    return out


def lines(p: Any) -> list[str]:
    """A paragraph's lines (split where a line break was typed), spaces collapsed."""
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


def text(p: Any) -> str:
    """A paragraph's text with line breaks as spaces and Word's non-breaking hyphens as hyphens."""
    return " ".join(lines(p))


def cell_paragraphs(tc: Any) -> list[str]:
    return [t for p in tc.findall(qn("w:p")) if (t := text(p))]


def cell_lines(tc: Any) -> list[str]:
    """A cell's lines: its paragraphs, each split where a line break was typed (Shift+Enter)."""
    return [line for p in tc.findall(qn("w:p")) for line in lines(p)]


def rows(tbl: Any) -> list[list[Any]]:
    return [tr.findall(qn("w:tc")) for tr in tbl.findall(qn("w:tr"))]


def table_text(tbl: Any) -> str:
    return " ".join(" ".join(cell_paragraphs(tc)) for row in rows(tbl) for tc in row)


def vmerge(tc: Any) -> str:
    """"restart", "continue" (the cell goes on with the one above) or "" (not merged)."""
    vm = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
    return "" if vm is None else (vm.get(qn("w:val")) or "continue")


@dataclass(frozen=True)
class Cell:
    """A cell of a table row and the grid columns it covers."""

    tc: Any
    start: int
    end: int

    @property
    def text(self) -> str:
        return " ".join(cell_paragraphs(self.tc))

    @property
    def merge(self) -> str:
        return vmerge(self.tc)


def grid(tr: Any) -> list[Cell]:
    at = word_int(tr.find(f"{qn('w:trPr')}/{qn('w:gridBefore')}"), 0, 0, MAX_COLUMNS)
    out = []
    for tc in tr.findall(qn("w:tc")):
        span = max(1, word_int(tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}"), 1, 1, MAX_COLUMNS))
        out.append(Cell(tc, at, at + span))
        at += span
    return out


def table_rows(tbl: Any) -> list[Any]:
    return list(tbl.findall(qn("w:tr")))


def bold_styles(document: Any) -> set[str]:
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


def cell_bold(tc: Any) -> bool:
    """Every run with text in the cell prints bold by itself (a heading typed in a task table's cells)."""
    runs = [r for r in tc.iter(qn("w:r")) if run_text(r).strip()]
    return bool(runs) and all(run_bold(r) for r in runs)


def run_text(r: Any) -> str:
    return "".join(t.text or "" for t in r.findall(qn("w:t")))


def run_bold(r: Any, by_style: bool = False) -> bool:
    """A run prints bold: its own w:b (unless switched off), else what its paragraph's style says."""
    b = r.find(f"{qn('w:rPr')}/{qn('w:b')}")
    return by_style if b is None else b.get(qn("w:val")) not in ("0", "false")


def is_bold(p: Any, styles: set[str]) -> bool:
    """The whole paragraph prints bold: every run bold, by itself or by the paragraph's style."""
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    by_style = style is not None and style.get(qn("w:val")) in styles
    runs = [r for r in p.findall(qn("w:r")) if run_text(r).strip()]
    return bool(runs) and all(run_bold(r, by_style) for r in runs)


def has_tab(p: Any) -> bool:
    return p.find(f".//{qn('w:tab')}") is not None


def any_bold(p: Any) -> bool:
    return p.find(f".//{qn('w:b')}") is not None


def tab_parts(p: Any) -> tuple[list[str], bool]:
    """A paragraph's parts between tabs (the header typed as "ỦY BAN NHÂN DÂN<tab>CỘNG HÒA …"), and whether its
    first part prints bold."""
    parts: list[list[str]] = [[]]
    bold = True
    for r in p.iter(qn("w:r")):
        for e in r:
            if e.tag == qn("w:tab") and "".join(parts[-1]).strip():
                parts.append([])
            elif e.tag == qn("w:t"):
                parts[-1].append(e.text or "")
        if len(parts) == 1 and run_text(r).strip():
            bold = bold and run_bold(r)
    return [" ".join(usable(nfc("".join(part))).split()) for part in parts], bold


def numbered_by_word(tc: Any) -> bool:
    """The cell's first paragraph is numbered by Word (a list), not typed."""
    p = tc.find(qn("w:p"))
    if p is None:
        return False
    style = p.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
    return p.find(f"{qn('w:pPr')}/{qn('w:numPr')}") is not None or (
        style is not None and "List" in (style.get(qn("w:val")) or ""))


def word_heading(p: Any, strong: bool) -> int:
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


def paragraph_number(bl: Blocks, k: int) -> int:
    """The 1-based number of the paragraph at or before block ``k`` (tables not counted), as a clerk counts."""
    return sum(1 for kind, _ in bl[: k + 1] if kind == "p")


def table_numbers(bl: Blocks) -> dict[int, int]:
    """Block index -> the table's number in the file (1-based), as a clerk counts the tables in Word."""
    return {k: number for number, k in enumerate((k for k, (kind, _) in enumerate(bl) if kind == "t"), 1)}
