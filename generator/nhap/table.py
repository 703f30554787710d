"""Stage 3: sections, groups and tasks assembled from a task table's classified rows.

A heading row opens a section (I, II …; a part A, B; an unnumbered title) or a group under it (1, 2 … with
a), b) tasks); a task row goes into the open group or section; a row whose number cell is merged with the one
above is a stacked sub-row of that task (``dong``); a value merged down every task of a section is the
section's ``chung`` value.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .columns import Header
from .rows import LETTER, PART, ROMAN, Marks, Row, Values, heading, odd_cells, skipped, values
from .units import Registry, task_units
from .word import grid, table_rows

Section = dict[str, Any]


@dataclass
class TableRead:
    """What a task table holds: its sections, whether Word numbered the tasks itself, the notes (what to
    check) and what could not be placed."""

    sections: list[Section] = field(default_factory=list)
    auto: bool = False
    notes: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    # where each task or group was read (by the identity of its mapping): problems of the imported plan are
    # told at that row of the Word file
    places: dict[int, str] = field(default_factory=dict)


def header_rows(tables: list[tuple[int, Any, Header | None]]) -> tuple[list[Row], set[tuple[str, ...]]]:
    """Every task row of a table and the tables continuing it, and the header rows' texts, skipped where a
    table repeats them. Rows above the first table's header are not the table's (Word joined a table to the
    one above); rows above a continued table's header are (a part's title typed above the header again)."""
    heads: set[tuple[str, ...]] = set()
    out: list[Row] = []
    for n, (number, tbl, found) in enumerate(tables):
        start, size = (found.start, found.size) if found else (0, 0)
        trs = table_rows(tbl)
        heads |= {tuple(c.text for c in grid(tr)) for tr in trs[start:start + size]}
        kept = [(k, tr) for k, tr in enumerate(trs, 1) if not start < k <= start + size and (n or k > start)]
        out += [Row(f"bảng {number}, dòng {k}", grid(tr), n) for k, tr in kept]
    return out, heads


@dataclass
class _Assembler:
    header: Header
    registry: Registry
    read: TableRead
    two_level: bool  # numbered 1.1, 1.2 under sections 1, 2 (hai_cap): a heading row numbered 2 is a section
    marks: Marks = field(default_factory=Marks)
    group: Section | None = None
    last: dict[str, Any] | None = None
    above: dict[str, str] = field(default_factory=dict)
    fresh: bool = True  # a section or group row is right above
    # per section, its task rows: the task, its cells' merge states, and whether a heading row is above it
    merges: dict[int, list[tuple[dict[str, Any], dict[str, str], bool]]] = field(default_factory=dict)

    @property
    def sections(self) -> list[Section]:
        return self.read.sections

    def add(self, row: Row) -> None:
        found = heading(row, self.header, self.marks)
        if found is not None:
            self.open(*found)
        else:
            self.task(row)

    def open(self, stt: str, title: str, *, section: bool = False) -> None:
        """A section or group row (``section``: a title typed above a table of the appendix)."""
        if section or ROMAN.fullmatch(stt) or PART.fullmatch(stt) or not stt or not self.sections or (
                self.two_level and stt.isdigit()):
            self.sections.append({"stt": stt, "ten": title, "nhiem_vu": []})
            self.group = None
        else:
            self.group = {"stt": stt, "ten": title, "nhiem_vu": []}
            self.sections[-1]["nhiem_vu"].append(self.group)
        self.fresh = True

    def task(self, row: Row) -> None:
        check, missing = odd_cells(row, self.header)
        self.read.notes += check
        self.read.missing += missing
        got = values(row, self.header, self.marks, self.above)
        self.above = got.text
        self.read.auto |= got.auto  # the number is Word's: kehoach numbers the row by its place
        where = f"mục {self.sections[-1]['stt'] if self.sections else '?'}, {row.where}"
        task = task_units(got.text, got.merged, self.registry, self.read.notes, where)
        self.read.places[id(task)] = row.where
        joined = [k for k, state in got.merged.items() if state == "continue" and k not in ("stt", "noi_dung")]
        if joined:
            task["gop_tren"] = joined  # printed merged with the row above, as received (chung may take it)
        if got.merged.get("stt") == "continue" and self.last is not None and not self.fresh:
            _stack(self.last, task)  # (a number cell merged down from a heading row starts a task of its own)
        else:
            self.place(task, got)

    def place(self, task: dict[str, Any], got: Values) -> None:
        if not self.sections:  # rows before any section row: a table without sections, unless one comes later
            self.sections.append({"stt": "I", "ten": "", "nhiem_vu": [], "_no_row": True})
        section = self.sections[-1]
        stt = got.text.get("stt", "")
        lettered = bool(LETTER.fullmatch(stt))
        if self.group is None and lettered and self.last is not None and _is_title(self.last) \
                and section["nhiem_vu"] and section["nhiem_vu"][-1] is self.last:
            self.regroup(section, self.last)
        under = self.group is not None and bool(stt) and _shape(stt) != _shape(self.group["stt"])
        target = self.group if self.group is not None and under else section
        if target is not self.group:
            self.group = None
        target["nhiem_vu"].append(task)
        self.merges.setdefault(id(section), []).append((task, got.merged, self.fresh))
        self.fresh = False
        self.last = task

    def regroup(self, section: Section, last: dict[str, Any]) -> None:
        """"1" with a title and no units, then a), b): the row above was a group typed in its cells."""
        self.group = {"stt": last["stt"], "ten": last["noi_dung"], "nhiem_vu": []}
        if id(last) in self.read.places:
            self.read.places[id(self.group)] = self.read.places[id(last)]
        section["nhiem_vu"][-1] = self.group
        self.merges[id(section)] = [m for m in self.merges.get(id(section), []) if m[0] is not last]


def _shape(number: str) -> str:
    """A number's shape: "I.1" -> "R.9", "5.1.2" -> "9.9.9", "b" -> "a". A task numbered like the open group
    ("2" after the group "1", "5.2" after "5.1") is the group's sibling; any other (a), 1 under I.1, 5.1.2
    under 5.1) is in it."""
    return re.sub(r"[a-zđ]+", "a", re.sub(r"\d+", "9", re.sub(r"[IVXLCDM]+", "R", number)))


def _stack(last: dict[str, Any], task: dict[str, Any]) -> None:
    """A stacked sub-row of the task above (its number cell merged down): the task's values become rows."""
    if "dong" not in last:
        first = {k: v for k, v in last.items() if k not in ("stt", "noi_dung")}
        for k in list(first):
            last.pop(k)
        last["dong"] = [first]
    last["dong"].append({k: v for k, v in task.items() if k != "stt"})


def _is_title(task: dict[str, Any]) -> bool:
    """A row with a number and a text but nothing else: the title of the a), b) rows under it."""
    return bool(task.get("stt", "").isdigit() and task.get("noi_dung")) and not any(
        v for k, v in task.items() if k not in ("stt", "noi_dung", "thoi_gian") and not k.startswith("_"))


def read_table(tables: list[tuple[int, Any, Header | None]], header: Header, registry: Registry,
               titles: dict[int, tuple[str, str]] | None = None) -> TableRead:
    """The sections of a task table (continued in later tables), and whether Word numbered the tasks.
    ``titles``: the number and title typed above a table of the group ("2. Các nhiệm vụ …"), by its place
    in the group — each opens a section."""
    rows, heads = header_rows(tables)
    two_level = any(re.fullmatch(r"\d++\.\d++\.?", r.cells[0].text) for r in rows if r.cells)
    work = _Assembler(header, registry, TableRead(), two_level)
    part = -1
    for row in rows:
        if row.part != part and (titles or {}).get(row.part):
            work.open(*(titles or {})[row.part], section=True)
        part = row.part
        if not skipped(row, heads):
            work.add(row)
    for section in work.sections:
        _common(section, work.merges.get(id(section), []))
    if work.marks.seen:
        work.read.notes.append(f"số thứ tự gõ kèm dấu ({', '.join(list(dict.fromkeys(work.marks.seen))[:3])} …) — "
                               "kehoach in số không kèm dấu")
    return work.read


def _common(section: Section, rows: list[tuple[dict[str, Any], dict[str, str], bool]]) -> None:
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
            _drop(key, [r for task, _, _ in rows for r in (task, *task.get("dong", []))])  # sub-rows too


def _drop(key: str, rows: list[dict[str, Any]]) -> None:
    for row in rows:
        row.pop(key, None)
        joined = [k for k in row.pop("gop_tren", []) if k != key]
        if joined:
            row["gop_tren"] = joined
