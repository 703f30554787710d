"""Type the eight real 2025 plans of tests/fixtures/real-plans/ into Word as a văn thư does (not with kehoach's
templates), for tests/data/that/.

    python tools/make_real_plans.py      # rewrites tests/data/that/*
    python tools/make_real_plans.py dong-thap-617-kh-ubnd-2025   # bench/data/: the walk-through's plan

Each document whole: the header in a borderless table, the body with its headings, the signature and Nơi nhận
in a borderless table, then the Phụ lục on landscape pages with the tables as printed. The habits vary across
the files (see HABITS): typed "1." or Word's automatic numbering, the header row repeated on each page, a table
split in two (with or without its header typed again), vertically merged cells, line breaks inside cells, and
one file saved as .doc and one as .odt through LibreOffice. The texts are the crawled texts verbatim, read by
tests/realplans.py, which the tests use too.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

import docx
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.realplans import SPECS, WALKTHROUGH, Paragraph, document, plain, stacked, width_of  # noqa: E402

OUT = ROOT / "tests" / "data" / "that"


@dataclass(frozen=True)
class Habits:
    auto_numbers: bool = False  # body items "1." and "a)" typed with Word's List Number instead
    repeat_header: bool = False  # the header row marked to repeat on each page
    split_at: int = 0  # the task table cut before this row into a second table …
    split_header: bool = False  # … with the header row typed again
    head_without_stt: bool = False  # the header typed again under a part's title, its STT cell left empty
    merge_down: bool = False  # leading cells a row lacks are the cells above merged down
    breaks: bool = False  # a cell's lines typed with Shift+Enter, not as paragraphs
    save_as: str = "docx"  # or "doc", "odt": saved by LibreOffice


HABITS = {
    "dong-nai-179-kh-ubnd-2025": Habits(breaks=True, head_without_stt=True),
    "bac-ninh-144-kh-ubnd-2025": Habits(auto_numbers=True, repeat_header=True),
    "nq-cp-moi-truong-2025": Habits(merge_down=True, save_as="odt"),
    "qd-2597-qd-ttg-2025": Habits(split_at=18, split_header=True, repeat_header=True),
    "qd-2530-qd-ttg-2025": Habits(merge_down=True, save_as="doc"),
    "qd-2629-qd-ttg-2025": Habits(split_at=40, breaks=True),
    "tb-624-vpcp-2025": Habits(repeat_header=True),
    "bvhttdl-2025": Habits(),
    WALKTHROUGH.name: Habits(repeat_header=True),
}

_MARKS = re.compile(r"(\*\*.*?\*\*|\*[^*]+\*)")
_NUMBER_CELL = re.compile(r"^([IVXLC]+(\.\d+)*|[A-Z]|\d+(\.\d+)*)\.?$")
_NUMBERED = re.compile(r"^(\d+)\.\s+(?=\S)")
_CENTRED = re.compile(r"^(PHỤ LỤC|KẾ HOẠCH|QUYẾT ĐỊNH|THÔNG BÁO|NGHỊ QUYẾT|\(Kèm theo|Danh mục)")


def runs(paragraph, text: str, *, bold: bool = False) -> None:
    """The text with its ** and * marks as bold and italic runs."""
    for part in _MARKS.split(text):
        if not part:
            continue
        if part.startswith("**") and part.endswith("**") and len(part) >= 4:
            run = paragraph.add_run(part[2:-2])
            run.bold = True
        elif part.startswith("*") and part.endswith("*") and len(part) >= 2:
            run = paragraph.add_run(part[1:-1])
            run.italic, run.bold = True, bold or None
        else:
            run = paragraph.add_run(part.replace("*", ""))
            run.bold = bold or None


def page(section, landscape: bool) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Cm(29.7), Cm(21)) if landscape else (Cm(21), Cm(29.7))
    section.left_margin, section.right_margin = Cm(3 if not landscape else 2), Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)


def borderless(table) -> None:
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{side}")
        element.set(qn("w:val"), "nil")
        borders.append(element)
    table._tbl.tblPr.append(borders)


def cell_text(cell, lines: list[str], *, breaks: bool, bold: bool = False) -> None:
    paragraph = cell.paragraphs[0]
    for i, line in enumerate(lines):
        if i:
            if breaks:
                paragraph.runs[-1].add_break(WD_BREAK.LINE) if paragraph.runs else None
            else:
                paragraph = cell.add_paragraph()
        runs(paragraph, line, bold=bold)


def layout_table(doc, rows: list[list[list[str]]]) -> None:
    """The header or signature block: two columns, no borders, centred on the right."""
    table = doc.add_table(rows=len(rows), cols=2)
    borderless(table)
    for r, row in enumerate(rows):
        for c, lines in enumerate(row[:2]):
            cell = table.rows[r].cells[c]
            cell_text(cell, lines, breaks=False)
            for p in cell.paragraphs:
                p.alignment = 1 if (c == 1 or r == 0) and not plain(p.text).startswith(("Nơi nhận", "-")) else 0


def repeat(row) -> None:
    pr = row._tr.get_or_add_trPr()
    element = OxmlElement("w:tblHeader")
    pr.append(element)


def vmerge(cell, restart: bool) -> None:
    element = OxmlElement("w:vMerge")
    if restart:
        element.set(qn("w:val"), "restart")
    cell._tc.get_or_add_tcPr().append(element)


def task_table(doc, rows: list[list[list[str]]], habits: Habits, header: list[list[str]] | None = None,
               first: list[list[str]] | None = None, at_least: int = 0) -> int:
    """``first``: the header row of the document's first task table (a later table may type it again);
    ``at_least``: the columns of the table this one goes on with (the crawl dropped its rows' empty last cells).
    Returns the table's columns."""
    width = max(width_of(rows), at_least)
    table = doc.add_table(rows=0, cols=width)
    above: list[list[str]] = []
    table.style = "Table Grid"
    heads = [[plain(" ".join(c)) for c in h] for h in (rows[0], first) if h]
    for r, row in enumerate(rows):
        row = _trimmed(row, width)
        again = next((h for h in heads if [plain(" ".join(c)) for c in row] == h[1:]), None) if r else None
        if habits.head_without_stt and r and _headings(row) and len(row) == width - 1:
            row = [[], *row]  # the header typed again under a part's title, its STT cell left empty
        elif again is not None:  # the header again, its STT cell lost in the crawl
            row = rows[0] if again == heads[0] else first
        cells = table.add_row().cells
        bold = r == 0 and header is None
        if r == 0 and len(row) < width and _headings(row):  # "TT" over the two number columns (I.1 then 1 under it)
            cells = [cells[0].merge(cells[width - len(row)]), *cells[width - len(row) + 1:]]
            for c, lines in enumerate(row):
                cell_text(cells[c], lines, breaks=habits.breaks, bold=True)
            continue
        sub_row = habits.merge_down and len(row) == 2 and above and not _NUMBER_CELL.match(plain(" ".join(row[0])))
        if len(row) <= 2 and width > 2 and not sub_row:  # a section or group row: the number, then one across
            cell_text(cells[0], row[0], breaks=habits.breaks, bold=True)
            if len(row) == 2:
                cell_text(cells[1].merge(cells[width - 1]), row[1], breaks=habits.breaks)
            else:
                cells[0].merge(cells[width - 1])
            continue
        missing = width - len(row)
        if missing and habits.merge_down:
            full = stacked(row, [["\0"]] * width, width)  # which cells are merged down from the row above
            for c, lines in enumerate(full):
                if lines == ["\0"]:
                    vmerge(cells[c], restart=False)
                    _restart(table, len(table.rows) - 2, c)
            row = [[] if lines == ["\0"] else lines for lines in full]
        above = row
        for c, lines in enumerate(row[:width]):
            cell_text(cells[c], lines, breaks=habits.breaks, bold=bold)
        if r == 0 and habits.repeat_header:
            repeat(table.rows[-1])
    return width


def _headings(row: list[list[str]]) -> bool:
    """A header row: every cell a bold heading, the first no number."""
    return all(c and c[0].startswith("**") for c in row) and not _NUMBER_CELL.match(plain(" ".join(row[0])))


def _restart(table, above: int, column: int) -> None:
    """The row above begins (or continues) a vertical merge in ``column``."""
    pr = table.rows[above].cells[column]._tc.get_or_add_tcPr()
    if pr.find(qn("w:vMerge")) is None:
        vmerge(table.rows[above].cells[column], restart=True)


def _trimmed(row: list[list[str]], width: int) -> list[list[str]]:
    """Crawler junk: an empty first cell the web page added in front of a full row, or in front of a number or
    of an empty STT cell (a cell with no line at all: the document's empty cells are printed as a space)."""
    while not row[0] and (len(row) > width or (len(row) > 1 and (
            _NUMBER_CELL.match(plain(" ".join(row[1]))) or (row[1] and not plain(" ".join(row[1])))))):
        row = row[1:]
    return row


def body_paragraph(doc, text: str, habits: Habits, centred: bool) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.space_after = Pt(6)
    if centred:
        p.alignment = 1
        runs(p, text)
        return
    p.alignment = 3
    if habits.auto_numbers and _NUMBERED.match(text):
        p.style = doc.styles["List Number"]  # Word numbers it: the typed "1." is gone
        text = _NUMBERED.sub("", text, count=1)
    else:
        p.paragraph_format.first_line_indent = Cm(1.27)
    runs(p, text)


def write(name: str) -> Path:
    habits = HABITS[name]
    blocks = document(name)
    doc = docx.Document()
    style = doc.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(14)
    page(doc.sections[0], landscape=False)
    tables = 0
    first: list[list[str]] | None = None  # the first task table's header row
    going_on = 0  # the columns of the task table just typed, while no paragraph follows it
    in_appendix = False
    title = True
    for block in blocks:
        if isinstance(block, Paragraph):
            text = plain(block.text)
            if text.startswith("PHỤ LỤC") and not in_appendix:
                page(doc.add_section(WD_SECTION.NEW_PAGE), landscape=True)
                in_appendix = True
            elif text.startswith("PHỤ LỤC"):
                doc.add_page_break()
            if text.startswith(("Căn cứ", "Thực hiện", "Ngày ")) or text[:2] in {"I.", "1."}:
                title = False
            centred = (in_appendix and (text.isupper() or bool(_CENTRED.match(text)))) or title
            body_paragraph(doc, block.text, habits, centred)
            going_on = 0
            continue
        tables += 1
        if not in_appendix:  # the header, Kính gửi, the signature: borderless layout tables
            layout_table(doc, block.rows)
            title = tables == 1
            continue
        rows = block.rows
        if habits.split_at and len(rows) > habits.split_at + 2:
            task_table(doc, rows[:habits.split_at], habits)
            doc.add_paragraph()
            rest = ([rows[0]] if habits.split_header else []) + rows[habits.split_at:]
            task_table(doc, rest, habits, header=None if habits.split_header else rows[0])
            habits = Habits(**{**habits.__dict__, "split_at": 0})
        else:
            going_on = task_table(doc, rows, habits, first=first, at_least=going_on)
        first = first or rows[0]
        doc.add_paragraph()
    return save(doc, name, habits.save_as)


def save(doc, name: str, kind: str) -> Path:
    out = WALKTHROUGH.folder if name == WALKTHROUGH.name else OUT
    out.mkdir(parents=True, exist_ok=True)
    target = out / f"{name}.{kind}"
    if kind == "docx":
        doc.save(target)
        return target
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / f"{name}.docx"
        doc.save(source)
        subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to",
                        kind, "--outdir", tmp, str(source)], check=True, capture_output=True, timeout=300)
        shutil.copyfile(Path(tmp) / f"{name}.{kind}", target)
    return target


def main() -> None:
    for name in sys.argv[1:] or SPECS:
        print(write(name))


if __name__ == "__main__":
    main()
