"""Stage 2a: the task table's header — which columns it has and the role each heading names.

A heading is matched against the synonyms real plans use, then (for the roles no column took) by its words,
so "Nội dung/nhiệm vụ" or "Cơ quan chủ trì theo dõi, đánh giá" are read while "Thuộc nhóm nhiệm vụ" stays a
column of its own beside "Nội dung nhiệm vụ".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .. import schema
from ..model import DEFAULT_COLUMNS
from ..vn import match_key, slugify
from .word import Cell, grid, table_rows

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
# Headings the synonyms miss, read by their words as a văn thư reads them: "Nội dung/nhiệm vụ", "Tên nhiệm
# vụ/dự án", "Tên đề án ưu tiên", "Cơ quan chủ trì theo dõi, đánh giá". Tried after every synonym of the table.
_ROLE_WORDS = (
    ("chu_tri", re.compile(r"\bchủ trì\b|^(cơ quan|đơn vị)(, (cơ quan|đơn vị))? (thực hiện|đầu mối)\b")),
    ("phoi_hop", re.compile(r"\bphối hợp\b")),
    ("thoi_gian", re.compile(r"^(thời gian|thời hạn|lộ trình)\b")),
    ("noi_dung", re.compile(r"^(nội dung|nhiệm vụ|tên (nhiệm vụ|đề án|dự án|chương trình|hoạt động)|đề án|"
                            r"dự án|chỉ tiêu|công việc)\b")),
    ("san_pham", re.compile(r"^(sản phẩm|kết quả (dự kiến|đầu ra))\b")),
)
_NUMBERED = re.compile(r"([IVXLCDM]+|[A-Z]|\d+(\.\d+)*)[.)]?")
_FINISH = ("hoàn thành", "kết thúc", "thời gian hoàn thành", "thời hạn hoàn thành", "đến")


@dataclass(frozen=True)
class Col:
    """A column of the task table as its header prints it: its heading, the heading above it (two header rows:
    "Cơ quan thực hiện" over "Chủ trì" and "Phối hợp"), and its grid columns."""

    heading: str
    group: str
    start: int
    end: int

    def holds(self, cell: Cell) -> bool:
        return self.start <= cell.start < self.end


@dataclass(frozen=True)
class Header:
    """Where the header starts in its table, how many rows it takes, its columns and each column's key."""

    start: int
    size: int
    cols: list[Col]
    keys: list[str]


def heading_key(heading: str) -> str:
    """A heading's words: without footnote marks ("Cơ quan chủ trì[1]"), brackets, slashes read as commas."""
    key = re.sub(r"\[\d+\]|\(\d+\)$", "", match_key(heading))
    return " ".join(key.replace("(", " ").replace(")", " ").replace("/", ", ").replace(" ,", ",").split())


def role(heading: str, *, loose: bool = False) -> str:
    key = heading_key(heading)
    for name, words in HEADINGS.items():
        if key in words:
            return name
    if loose:
        return next((name for name, words in _ROLE_WORDS if words.search(key)), "")
    return ""


def _under(top: Cell, below: list[Cell]) -> list[Cell]:
    return [b for b in below if top.start <= b.start < top.end]


def sub_headings(top: list[Cell], below: list[Cell]) -> bool:
    """``below`` is a second header row: under some heading spanning several columns it has one heading per
    column, and under every other heading it goes on with that heading (merged down) or is empty."""
    if top and _NUMBERED.fullmatch(top[0].text):
        return False  # a section row ("I", then its title across) above a header typed again
    grouped = False
    for cell in top:
        subs = _under(cell, below)
        if len(subs) > 1 and cell.text and all(b.text for b in subs):
            grouped = True
        elif any(b.text and b.merge != "continue" for b in subs):
            return False
    return grouped


def columns_of(top: list[Cell], below: list[Cell] | None) -> list[Col]:
    out = []
    for cell in top:
        subs = _under(cell, below) if below is not None else []
        if len(subs) > 1 and all(b.text for b in subs):
            out += [Col(b.text, cell.text, b.start, b.end) for b in subs]
        else:
            out.append(Col(cell.text, "", cell.start, cell.end))
    return out


def column_role(col: Col) -> str:
    """The role a heading names, alone or with the heading above it ("Thời gian" over "Hoàn thành")."""
    found = role(col.heading) or (role(f"{col.group} {col.heading}") if col.group else "")
    if not found and role(col.group) == "thoi_gian" and match_key(col.heading) in _FINISH:
        return "thoi_gian"  # the deadline the report forms judge by; "Bắt đầu" stays a column of its own
    return found


def column_roles(cols: list[Col]) -> list[str]:
    """Each column's role: by the synonyms first, then by words for the roles no column took."""
    roles = [column_role(c) for c in cols]
    for i, col in enumerate(cols):
        if not roles[i] and (found := role(col.heading, loose=True)) and found not in roles:
            roles[i] = found
    return roles


def is_task_header(roles: set[str]) -> bool:
    return "noi_dung" in roles and bool(roles & {"chu_tri", "phoi_hop", "thoi_gian"})


def table_header(tbl: Any) -> Header | None:
    """The task table's header. Usually the first row; later when Word or LibreOffice joined the table to the
    one above it; two rows when headings are grouped."""
    found = [grid(tr) for tr in table_rows(tbl)[:41]]
    for n, row in enumerate(found[:40]):
        below = found[n + 1] if n + 1 < len(found) and sub_headings(row, found[n + 1]) else None
        cols = columns_of(row, below)
        if is_task_header(set(column_roles(cols))):
            return Header(n, 1 if below is None else 2, cols, keys(cols))
    return None


def free_key(heading: str) -> str:
    key = slugify(heading).replace("-", "_")[:30].strip("_") or "cot"
    return key if key.isidentifier() else f"cot_{key}"


def _taken(key: str, keys: list[str]) -> bool:
    return key in keys or key in HEADINGS or key in schema.RESERVED_TASK_KEYS


def keys(cols: list[Col]) -> list[str]:
    """A key per column: the role its heading names (the first column naming it), else a free column's key from
    its heading (with the group's words when two headings are alike)."""
    out: list[str] = []
    for col, found in zip(cols, column_roles(cols), strict=True):
        if found and found not in out:
            out.append(found)
            continue
        key = free_key(col.heading)
        if _taken(key, out):
            key = free_key(f"{col.group} {col.heading}" if col.group else f"cot {col.heading}")
        base, n = key, 2
        while _taken(key, out):
            key, n = f"{base}_{n}", n + 1
        out.append(key)
    return out


def _money(col: Col) -> bool:
    """A funding column: its values reach the unit's letter (trong_cong_van), as a văn thư would copy them."""
    return "kinh phí" in match_key(f"{col.group} {col.heading}")


def custom_columns(header: Header) -> list[dict[str, Any]] | None:
    """The plan's ``cot`` list, or None when the table has kehoach's own six columns."""
    cols, found = header.cols, header.keys
    if [(k, c.heading) for k, c in zip(found, cols, strict=True)] == [(c.key, c.heading) for c in DEFAULT_COLUMNS] \
            and not any(c.group for c in cols):
        return None
    return [{"vai_tro" if k in HEADINGS else "ma": k, "tieu_de": c.heading} | ({"nhom": c.group} if c.group else {})
            | ({"trong_cong_van": True} if k not in HEADINGS and _money(c) else {})
            for k, c in zip(found, cols, strict=True)]


def covers(cell: Cell, cols: list[Col]) -> int:
    """How many of the header's columns a cell starts over (a cell merged across columns covers several)."""
    return sum(1 for col in cols if cell.start <= col.start < cell.end)


def same_columns(own: Header, first: Header) -> bool:
    """A header typed again where a table goes on: the first table's columns at the same places, each heading
    the same role or words (or left empty: the STT heading of a header typed again under a part's title)."""
    if [(c.start, c.end) for c in own.cols] != [(c.start, c.end) for c in first.cols]:
        return False
    return all(not col.heading or key == other_key or col.heading == other.heading
               for col, key, other, other_key in zip(own.cols, own.keys, first.cols, first.keys, strict=True))


def fits(tbl: Any, first: Header) -> bool:
    """A table without a header whose rows take the first table's columns (a table cut in two)."""
    ends = [max((c.end for c in grid(tr)), default=0) for tr in table_rows(tbl)]
    width = max(c.end for c in first.cols)
    return bool(ends) and max(ends) == width and all(0 < e <= width for e in ends)
