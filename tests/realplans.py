"""The eight real 2025 plans of tests/fixtures/real-plans/, read from their crawled text into blocks.

The crawled copies (one cell per line between ``|`` lines, lines wrapped at a fixed width, web-site text around
some of them) are the source of truth for the received-file fixtures that ``tools/make_real_plans.py`` types
into Word, and for the tests that import those files back: both read them through ``document(name)``, so a
test compares what nhap read with exactly what was typed.

Lines wrapped by the crawler are joined with a space; a line starts a new paragraph (or a new line inside a
cell) when it begins as a văn thư begins one — a dash, a number, "a)", "Điều", bold or italic — or when the
line before it closes a sentence and it starts with a capital.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

SOURCES = Path(__file__).resolve().parent / "fixtures" / "real-plans"


@dataclass(frozen=True)
class Spec:
    """Where the document is in its crawled file, and what a văn thư adds that the crawl lost."""

    name: str
    start: int  # first line of the document (1-based)
    stop: int  # first line after it
    header: tuple[tuple[str, str], tuple[str, str]] | None = None  # typed when the crawl lost the header table
    ends: frozenset[int] = frozenset()  # "|" lines that close a table where the crawl leaves it unclear
    folder: Path = SOURCES  # where its crawled text is


SPECS = {
    s.name: s
    for s in (
        Spec("dong-nai-179-kh-ubnd-2025", 2, 3304),
        Spec("bac-ninh-144-kh-ubnd-2025", 2, 1553),
        Spec(
            "nq-cp-moi-truong-2025", 2, 629,  # number and date from its Phụ lục's "(Kèm theo …)" line
            header=(
                ("**CHÍNH PHỦ**\n-------", "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\nĐộc lập - Tự do - Hạnh phúc\n"
                 "---------------"),
                ("Số: 394/NQ-CP", "*Hà Nội, ngày 03 tháng 12 năm 2025*"),
            ),
        ),
        Spec("qd-2597-qd-ttg-2025", 2, 1066),
        Spec("qd-2530-qd-ttg-2025", 71, 2428),
        Spec("qd-2629-qd-ttg-2025", 62, 2429),
        Spec("tb-624-vpcp-2025", 62, 2588),
        Spec(
            "bvhttdl-2025", 54, 498, ends=frozenset({61, 126}),
            header=(
                ("**BỘ VĂN HÓA, THỂ THAO VÀ DU LỊCH**\n-------", "**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\n"
                 "Độc lập - Tự do - Hạnh phúc\n---------------"),
                ("Số: 6225/BVHTTDL-VP\nV/v đẩy nhanh tiến độ thực hiện các nhiệm vụ trọng tâm",
                 "*Hà Nội, ngày 18 tháng 11 năm 2025*"),
            ),
        ),
    )
}


@dataclass
class Paragraph:
    text: str  # with ** and * marks kept: the Word writer turns them into bold and italic runs

    @property
    def plain(self) -> str:
        return plain(self.text)


@dataclass
class Table:
    rows: list[list[list[str]]] = field(default_factory=list)  # row → cell → lines (marks kept)

    def texts(self) -> list[list[str]]:
        return [[plain(" ".join(cell)) for cell in row] for row in self.rows]


Block = Paragraph | Table

_STARTS = re.compile(
    r"^(\*|-|\+|•|–|\(?\d+(\.\d+)*[.)]\s|[1-9]\d?\.$|\(?[a-zđ]\)\s|[IVXLC]+\.\s|[A-D]\.\s|Điều\s|Căn cứ|Nơi nhận|"
    r"Kính gửi|Ngày \d)"
)
_HEADING = re.compile(r"^(\*\*)?(\d+(\.\d+)*\.|[IVX]+\.|[a-zđ]\))\s")
_ENDS = re.compile(r"[.;:!?*)]\s*$")
_BARE_NUMBER = re.compile(r"^[1-9]\d?\.$")  # "1." alone on a line, its item on the next (a list after the signature)
_STOP = re.compile(r"^\*\*(PHỤ LỤC|QUYẾT ĐỊNH|THÔNG BÁO|KẾ HOẠCH|NGHỊ QUYẾT|Danh mục)")


def plain(text: str) -> str:
    """The text without the bold/italic marks, spaces collapsed, NFC."""
    text = text.replace("**", "").replace("*", "")
    return unicodedata.normalize("NFC", " ".join(text.split()))


def _new_line(before: str, line: str) -> bool:
    if _BARE_NUMBER.match(before):
        return False
    if _STARTS.match(line.lstrip()):
        return True
    first = line.lstrip()[:1]
    if not first.isupper():
        return False
    return bool(_ENDS.search(before)) or (bool(_HEADING.match(before)) and len(before) < 120)


def lines_of(raw: list[str]) -> list[str]:
    """Crawled lines joined back into the document's lines (paragraphs, or lines inside one cell)."""
    out: list[str] = []
    for line in raw:
        if not line.strip():
            continue
        if out and not _new_line(out[-1], line):
            out[-1] = _join(out[-1], line)
        else:
            out.append(line.strip())
    return out


def _join(before: str, line: str) -> str:
    # a bold or italic mark opened at a line's end and closed on the next stays one mark
    return before.rstrip() + " " + line.strip()


def _table(lines: list[str], i: int, blank_ends: bool, ends: frozenset[int] = frozenset()) -> tuple[Table, int]:
    table, row, cell = Table(), [], None
    width = 0
    while i < len(lines):
        line = lines[i]
        if line != "|":
            assert cell is not None
            cell.append(line)
            i += 1
            continue
        if cell is not None:
            row.append(cell)
        nxt = lines[i + 1] if i + 1 < len(lines) else ""
        if nxt == "|":  # a row ends and the next begins
            table.rows.append(row)
            width = max(width, len(row))
            row, cell, i = [], [], i + 2
            continue
        full = width >= 3 and len(row) >= width  # a row of two cells (a part's title) is no table's full width
        if (not nxt.strip() and blank_ends) or _STOP.match(nxt) or (full and nxt.startswith("**")) or i in ends:
            table.rows.append(row)
            return table, i + 1
        cell, i = [], i + 1
    table.rows.append(row)
    return table, i


def width_of(rows: list) -> int:
    """The table's columns: the commonest length of its task rows (the crawl adds or drops a cell here and there)."""
    lengths = Counter(len(r) for r in rows if len(r) >= 3) or Counter(len(r) for r in rows)
    return max(lengths.items(), key=lambda kv: (kv[1], kv[0]))[0]


def stacked(row: list, above: list, width: int) -> list:
    """A row the crawl printed short, with the cells merged down from ``above`` put back: a two-cell row under a
    task is its second lead and partner (number, content and the rest merged); a longer one lacks its first
    cells."""
    if len(row) == 2:
        return [*above[:2], *row, *above[4:width]]
    return [*above[: width - len(row)], *row]


def _clean(table: Table) -> Table:
    """Each cell's lines joined back; a footnote the web page put into the last row (crawler junk) left out."""
    rows = []
    width = len(table.rows[0]) if table.rows else 0
    for row in table.rows:
        cells = [lines_of(c) for c in row]
        while len(cells) > width and cells[-1] and re.match(r"\[\d+\]", cells[-1][0]):
            cells.pop()
        if any(cells):
            rows.append(cells)
    return Table(rows)


def _footnote(table: Table) -> list[Paragraph]:
    """The document's footnote ("[1] Tuyên Quang, …") the web page printed as the table's last row: taken out of
    the table, as the paragraph under it that it is in Word."""
    last = [plain(" ".join(c)) for c in table.rows[-1]] if table.rows else []
    text = " ".join(t for t in last if t)
    if not re.match(r"\[\d+\]\s", text) or len([t for t in last if t]) != 1:
        return []
    table.rows.pop()
    return [Paragraph(text)]


def blocks(spec: Spec) -> list[Block]:
    raw = (spec.folder / f"{spec.name}.md").read_text(encoding="utf-8").split("\n")
    lines = [unicodedata.normalize("NFC", x.rstrip()) for x in raw[spec.start - 1:spec.stop - 1]]
    blank_ends = "" in lines[:200]
    out: list[Block] = []
    if spec.header:
        out.append(Table([[c.split("\n") for c in row] for row in spec.header]))
    i, para = 0, []
    while i < len(lines):
        line = lines[i]
        if line == "|":
            out += [Paragraph(p) for p in lines_of(para)] if blank_ends is False else _paras(para)
            para = []
            table, i = _table(lines, i, blank_ends, frozenset(n - spec.start for n in spec.ends))
            out.append(_clean(table))
            out += _footnote(out[-1])
            continue
        para.append(line)
        i += 1
    out += [Paragraph(p) for p in lines_of(para)] if blank_ends is False else _paras(para)
    return [b for b in out if not isinstance(b, Paragraph) or plain(b.text)]


def _paras(lines: list[str]) -> list[Paragraph]:
    """Blank-line separated paragraphs: the lines of one are joined."""
    out, cur = [], []
    for line in [*lines, ""]:
        if line.strip():
            cur.append(line.strip())
        elif cur:
            out.append(Paragraph(" ".join(cur)))
            cur = []
    return out


# A real plan no test uses, for the timed walk-through of bench/commune_walkthrough.py (issue 19): the tests must
# not have shaped the importer around it.
WALKTHROUGH = Spec("dong-thap-617-kh-ubnd-2025", 1, 474, folder=SOURCES.parent.parent.parent / "bench" / "data")


def document(name: str) -> list[Block]:
    return blocks(WALKTHROUGH if name == WALKTHROUGH.name else SPECS[name])
