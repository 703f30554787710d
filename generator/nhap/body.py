"""The body: headings by their numbers (I. / 1. / a), typed or printed by Word's numbering and heading
styles), with "Phần I" above them when the plan is written in parts; the paragraphs under each heading; the
paragraphs before the first heading as the opening (``loi_mo_dau``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .header import BODY_HEADINGS
from .word import Blocks, is_bold, table_text, text, word_heading

_PART = re.compile(r"^Phần\s+([IVXLCDM]+|\d+)\b[.:]?\s*(.*)$", re.IGNORECASE)


@dataclass
class _Body:
    bold: set[str]
    task_tables: frozenset[int]
    shift: int  # 1 when the plan is written in parts: "Phần I" is level 1, "I." level 2
    missing: list[str]
    lift: int = 0  # 1 when no "I." heads the body (a công văn's "1.", "2."): "1." is level 1, "a)" level 2
    preamble: list[str] = field(default_factory=list)
    parts: list[dict[str, Any]] = field(default_factory=list)
    stack: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    waiting: dict[str, Any] | None = None  # "Phần I" on its own line: its title is the next bold line
    under: dict[int, str] = field(default_factory=dict)

    def table(self, el: Any) -> None:
        if id(el) not in self.task_tables:
            self.missing.append(f"bảng trong nội dung chưa nhập được (bắt đầu: “{table_text(el)[:50]}…”) — chép tay "
                              "nếu cần")
        elif self.stack:
            self.stack[-1][1]["chi_tiet_phu_luc"] = True
            self.under[id(el)] = self.stack[-1][1].get("tieu_de", "")

    def paragraph(self, el: Any) -> None:
        line = text(el)
        if not line:
            return
        strong = is_bold(el, self.bold)
        if self.waiting is not None and strong:
            self.waiting["tieu_de"] = line
            self.waiting = None
            return
        self.waiting = None
        level, title, part = self.level(el, line, strong)
        if level:
            self.push(level, title)
            if part and not title:
                self.waiting = self.stack[-1][1]
        elif self.stack:
            target = self.stack[-1][1]
            target.setdefault("doan_cuoi" if "muc" in target else "doan", []).append(line)
        else:
            self.preamble.append(line)

    def level(self, el: Any, line: str, strong: bool) -> tuple[int, str, bool]:
        """(level, title, whether a "Phần" heading) of a heading paragraph; level 0 for body text."""
        part = _PART.match(line) if self.shift and strong else None
        if part:
            return 1, part.group(2), True
        found = next(((lv, m) for lv, rx in BODY_HEADINGS if (m := rx.match(line)) and (lv > 1 or strong)), None)
        if found is not None:
            level, title = found[0] + self.shift - self.lift, found[1].group(2)
        elif auto := word_heading(el, strong):  # numbered by Word, not typed: I., 1. not in the text
            level, title = auto + self.shift, line
        else:
            return 0, "", False
        if not (level <= 1 + self.shift or self.stack):
            return 0, "", False  # a 1. or a) before any I.: body text
        if level >= 3 + self.shift and not strong and level > self.stack[-1][0] + 1:
            return 0, "", False  # a) two levels under the heading above: a list in the text
        return level, title, False

    def push(self, level: int, title: str) -> None:
        part: dict[str, Any] = {"tieu_de": title}
        while self.stack and self.stack[-1][0] >= level:
            self.stack.pop()
        (self.stack[-1][1].setdefault("muc", []) if self.stack else self.parts).append(part)
        self.stack.append((level, part))


def _roman(bl: Blocks, bold: set[str]) -> bool:
    """The body has a bold "I." heading (or one Word numbers): its "1." are second-level headings."""
    return any(kind == "p" and ((BODY_HEADINGS[0][1].match(text(el)) and is_bold(el, bold))
                                 or word_heading(el, is_bold(el, bold)) == 1)
               for kind, el in bl)


def body(bl: Blocks, data: dict[str, Any], missing: list[str], bold: set[str],
         task_tables: frozenset[int] = frozenset()) -> dict[int, str]:
    """The body's headings and paragraphs into ``data``. A task table typed inside the body (its element's id
    in ``task_tables``) is printed by kehoach as the Phụ lục: the heading above it says so
    (``chi_tiet_phu_luc``). Returns each such table's heading title."""
    in_parts = any(kind == "p" and _PART.match(text(el)) and is_bold(el, bold) for kind, el in bl)
    work = _Body(bold, task_tables, 1 if in_parts else 0, missing, lift=0 if in_parts or _roman(bl, bold) else 1)
    for kind, el in bl:
        if kind == "t":
            work.table(el)
        else:
            work.paragraph(el)
    if work.preamble:
        data["loi_mo_dau"] = work.preamble
    if in_parts:
        data.setdefault("van_ban", {})["danh_so_noi_dung"] = "phan_muc"
    elif work.lift and work.parts:  # "1.", "2." with no "I." above them: printed so again
        data.setdefault("van_ban", {})["danh_so_noi_dung"] = "so"
    data["noi_dung"] = work.parts
    return work.under
