"""The returned forms of a plan matched to it: each form to its unit, each row to its task, each status read,
and where the plan stands on a given day — per task and lead unit, with every problem a clerk must look at
named by file and row.

Matching is as a clerk would do it: a form's own properties first (the plan, its version, the unit), else the
unit named in its header or opening sentence, else the bundle's file name; a row by its printed task number
("Nhiệm vụ số 3 Mục II"), then by its words. Of two forms from one unit the later counts (its date line, else
the file's time) and the other is named.
"""

from __future__ import annotations

import concurrent.futures
import datetime as dt
import difflib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .. import formid
from ..assign import LEAD, Assignment, assignments
from ..model import Plan, Task, Unit
from ..relations import full_name
from ..render.letters import statuses
from ..render.organisation import cite_tasks, task_words
from ..timeline import read_timeline
from ..vn import file_slug, match_key, short_date
from .forms import SUFFIXES, FormRow, ReturnedForm, read_form
from .status import DONE_ALL, NO_REPORT, Read, read_status

MAX_FORMS = 2000  # a plan's units times a few periods; a folder with more is not a folder of returned forms


@dataclass(frozen=True)
class Entry:
    """One row of one returned form, as the unit wrote it (nothing a unit wrote is lost: the tracker's sheet
    "Báo cáo" lists every entry, matched or not)."""

    unit: Unit
    role: str  # "chủ trì" / "phối hợp" (the plan's), or what the row says when no task matched
    task: Task | None
    row: FormRow
    status: Read
    file: str
    reported: dt.date


@dataclass(frozen=True)
class Outcome:
    """Where one task stands for one lead unit."""

    task: Task
    unit: Unit
    status: str
    result: str = ""
    figures: str = ""
    difficulties: str = ""
    reported: dt.date | None = None
    source: str = ""  # the form's file name, or the tracker's

    def deadline(self, year: int | None) -> dt.date | None:
        return task_deadline(self.task, year)


@dataclass
class Collection:
    plan: Plan
    day: dt.date
    forms: list[ReturnedForm] = field(default_factory=list)  # the forms that count, one per unit
    entries: list[Entry] = field(default_factory=list)
    outcomes: list[Outcome] = field(default_factory=list)  # one per task and lead unit, in table order
    problems: list[str] = field(default_factory=list)  # "<file>: hàng 3: …" — what a clerk must look at
    notes: list[str] = field(default_factory=list)  # what was decided on the clerk's behalf
    reported: dict[str, dt.date] = field(default_factory=dict)  # unit id -> date of the form that counts
    expected: list[Assignment] = field(default_factory=list)  # every unit with a task, in registry order
    files: int = 0  # Word files looked at

    def overdue(self, outcome: Outcome) -> bool:
        end = outcome.deadline(self.plan.date.year)
        return end is not None and end < self.day and outcome.status not in DONE_ALL

    def due_soon(self, outcome: Outcome, days: int = 30) -> bool:
        end = outcome.deadline(self.plan.date.year)
        return (end is not None and self.day <= end <= self.day + dt.timedelta(days=days)
                and outcome.status not in DONE_ALL)


def task_deadline(task: Task, year: int | None) -> dt.date | None:
    """The last day of a task's deadline (a date, the end of a period), None for recurring or unknown ones."""
    if task.deadline is not None:
        return task.deadline
    line = read_timeline(task.timeline, year)
    return line.end if line.dated else None


def form_files(folder: Path) -> list[Path]:
    """Word files in the folder and its subfolders, in name order; Word's lock files ("~$…") left out."""
    found = [p for p in folder.rglob("*") if p.suffix.lower() in SUFFIXES and not p.name.startswith(("~$", "."))
             and not any(part.startswith(".") for part in p.relative_to(folder).parts)]
    return sorted(found, key=lambda p: str(p.relative_to(folder)).lower())[:MAX_FORMS]


def read_forms(paths: list[Path], jobs: int | None = None) -> list[ReturnedForm]:
    """Every form read, in the order of ``paths``; over one worker process per core when there are many (a
    received file is checked part by part before it is parsed: most of the time goes there)."""
    workers = min(jobs or os.cpu_count() or 1, len(paths) // 8)
    if workers <= 1:
        return [read_form(p) for p in paths]
    try:
        with concurrent.futures.ProcessPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(read_form, paths, chunksize=max(1, len(paths) // (workers * 4))))
    except concurrent.futures.process.BrokenProcessPool:  # a worker killed (memory): read them here instead
        return [read_form(p) for p in paths]


def collect(plan: Plan, folder: Path, day: dt.date, forms: Iterable[ReturnedForm] | None = None) -> Collection:
    """Read every form in ``folder`` (or the given ``forms``) and match it to ``plan`` as of ``day``."""
    out = Collection(plan, day)
    out.expected = assignments(plan)
    duty_table = {a.unit.id: a for a in out.expected}
    tasks = list(plan.tasks())
    cites: dict[str, list[Task]] = {}  # the printed number of each task, read once for every form
    for t in tasks:
        cites.setdefault(match_key(cite_tasks([t], plan)), []).append(t)
    chosen: dict[str, ReturnedForm] = {}
    for form in forms if forms is not None else read_forms(form_files(folder)):
        out.files += 1
        name = _name(form, folder)
        if form.problem:
            out.problems.append(f"{name}: {form.problem}")
            continue
        unit = _identify(plan, form, name, out)
        if unit is None:
            continue
        if unit.id not in duty_table:
            out.problems.append(f"{name}: {unit.name} không có nhiệm vụ nào trong kế hoạch — không tổng hợp")
            continue
        if not any(_filled(row) for row in form.rows):  # the blank form sent back (or copied in by mistake)
            out.problems.append(f"{name}: mẫu của {unit.name} chưa điền (không dòng nào có tình trạng hay kết quả) "
                                "— chưa tính là đã báo cáo")
            continue
        earlier = chosen.get(unit.id)
        if earlier is not None:
            keep, drop = (form, earlier) if _when(form) >= _when(earlier) else (earlier, form)
            out.notes.append(f"{unit.name} gửi hai mẫu: dùng {_name(keep, folder)} ({_said(keep)}), "
                             f"bỏ {_name(drop, folder)} ({_said(drop)})")
            form = keep
        chosen[unit.id] = form
    for unit_id, form in chosen.items():
        out.forms.append(form)
        out.reported[unit_id] = _when(form)[0]
        out.entries += _entries(plan, duty_table[unit_id], form, _name(form, folder), out, (cites, tasks))
    out.outcomes = outcomes(plan, out.entries, duty_table)
    for o in out.outcomes:
        if o.status == NO_REPORT and out.overdue(o):
            end = o.deadline(plan.date.year)
            out.problems.append(f"{o.unit.name}: {cite_tasks([o.task], plan)} đã quá hạn ({short_date(end)}) mà chưa "
                                "có báo cáo")
    return out


def _filled(row: FormRow) -> bool:
    """The unit wrote something in the row: a result, figures, a difficulty, or a status it marked or typed."""
    if row.result or row.figures or row.difficulties or not row.cite:
        return True
    read = read_status(list(row.status))
    return read.status is not None or bool(read.problem)


def _name(form: ReturnedForm, folder: Path) -> str:
    try:
        return str(form.path.relative_to(folder))
    except ValueError:
        return form.path.name


def _when(form: ReturnedForm) -> tuple[dt.date, float]:
    return (form.date or dt.date.fromtimestamp(form.modified)), form.modified


def _said(form: ReturnedForm) -> str:
    return f"ngày {short_date(form.date)}" if form.date else f"sửa lần cuối {short_date(_when(form)[0])}"


def _identify(plan: Plan, form: ReturnedForm, name: str, out: Collection) -> Unit | None:
    """The unit that sent ``form``: its properties, else its header, opening sentence or file name."""
    key = form.props.get(formid.PLAN)
    if key and key != formid.plan_key(plan):
        title = form.props.get(formid.TITLE) or "không rõ"
        out.problems.append(f"{name}: mẫu báo cáo của kế hoạch khác (“{title}”) — không tổng hợp")
        return None
    units = {u.id: u for u in plan.units if not u.collective}
    unit = units.get(form.props.get(formid.UNIT, ""))
    if unit is None:
        unit = _by_header(plan, form.header, units) or _by_intro(plan, form.intro, units) or _by_file(form, units)
    if unit is None:
        said = " / ".join(form.header) or "trống"
        out.problems.append(f"{name}: không xác định được đơn vị gửi (tiêu đề: {said}) — đơn vị không có trong "
                            "danh sách don_vi của kế hoạch; thêm đơn vị, hoặc sửa tên ở đầu mẫu rồi chạy lại")
        return None
    version = form.props.get(formid.VERSION)
    if version and version != formid.plan_version(plan):
        out.notes.append(f"{name}: mẫu gửi trước khi bảng nhiệm vụ của kế hoạch thay đổi — các hàng được đối chiếu "
                         "theo số và nội dung nhiệm vụ; kiểm tra các hàng không khớp")
    return unit


def _by_header(plan: Plan, header: list[str], units: dict[str, Unit]) -> Unit | None:
    """The header's last lines name the unit ("UBND XÃ XỐP" / "PHÒNG KINH TẾ"; a name over two lines)."""
    names = {match_key(n): u for u in units.values() for n in (u.name, full_name(plan, u), *u.aliases)}
    for k in range(len(header)):
        found = names.get(match_key(" ".join(header[k:])))
        if found is not None:
            return found
    return None


def _by_intro(plan: Plan, intro: str, units: dict[str, Unit]) -> Unit | None:
    """"Thực hiện Kế hoạch …, Phòng Kinh tế báo cáo kết quả …": the unit named just before "báo cáo"."""
    said = match_key(intro.rsplit(" báo cáo", 1)[0]) if " báo cáo" in intro else ""
    matches = [u for u in units.values() for n in (full_name(plan, u), u.name) if said.endswith(", " + match_key(n))]
    return max(matches, key=lambda u: len(full_name(plan, u)), default=None)


def _by_file(form: ReturnedForm, units: dict[str, Unit]) -> Unit | None:
    """The bundle names each form "NN-<đơn vị>.docx"; a unit often sends it back under that name."""
    stem = file_slug(form.path.stem)
    found = [u for u in units.values() if (s := file_slug(u.name)) and (stem == s or stem.endswith("-" + s))]
    return found[0] if len(found) == 1 else None


def _entries(plan: Plan, assignment: Assignment, form: ReturnedForm, name: str, out: Collection,
             index: tuple[dict[str, list[Task]], list[Task]]) -> list[Entry]:
    """Each row of ``form`` matched to a task; ``index``: the tasks by printed number, and every task."""
    cites, every = index
    duties = {d.task.id: d for d in assignment.duties}
    entries, taken = [], set()  # type: list[Entry], set[str]
    reported = _when(form)[0]
    for row in form.rows:
        task = _match(row, cites, [d.task for d in assignment.duties], every, taken)
        where = f"{name}: hàng {row.number}"
        if task is None:
            out.problems.append(f"{where}: không khớp nhiệm vụ nào của kế hoạch (“{_excerpt(row)}”) — giữ nguyên "
                                "trong trang “Báo cáo” của tệp theo dõi")
            entries.append(Entry(assignment.unit, row.role.lower(), None, row, read_status(list(row.status)), name,
                                 reported))
            continue
        taken.add(task.id)
        duty = duties.get(task.id)
        if duty is None:
            out.problems.append(f"{where}: {cite_tasks([task], plan)} không giao cho {assignment.unit.name} — vẫn ghi "
                                "vào trang “Báo cáo”, không tính vào tình trạng nhiệm vụ")
        status = read_status(list(row.status), statuses(task, plan.date.year))
        if status.problem:
            out.problems.append(f"{where} ({cite_tasks([task], plan)}): {status.problem} — sửa trong mẫu hoặc ghi tình "
                                "trạng vào tệp theo dõi")
        entries.append(Entry(assignment.unit, duty.role if duty else "", task, row, status, name, reported))
    return entries


def _excerpt(row: FormRow) -> str:
    text = " ".join((row.cite + " " + row.content).split()) or row.result
    return text[:70] + ("…" if len(text) > 70 else "")


def _match(row: FormRow, cites: dict[str, list[Task]], own: list[Task], every: list[Task], taken: set[str]
           ) -> Task | None:
    """The task a row reports on: its printed number (the unit's own tasks first), then its words."""
    by_cite = cites.get(match_key(row.cite), []) if row.cite else []
    candidates = [t for t in by_cite if t.id not in taken] or by_cite
    if len(candidates) == 1:
        return candidates[0]
    pool = candidates or [t for t in own if t.id not in taken] or own
    words = match_key(row.content)
    if not words:
        return None
    best = max(pool, key=lambda t: _likeness(words, t), default=None)
    if best is not None and _likeness(words, best) >= 0.6:
        return best
    if candidates:
        return None
    best = max(every, key=lambda t: _likeness(words, t), default=None)
    return best if best is not None and _likeness(words, best) >= 0.75 else None


def _likeness(words: str, task: Task) -> float:
    theirs = match_key(task_words(task))
    full = match_key(" ".join(task.content))
    if words in (theirs, full):
        return 1.0
    return max(difflib.SequenceMatcher(None, words, theirs, autojunk=False).ratio(),
               difflib.SequenceMatcher(None, words, full[: len(words) + 40], autojunk=False).ratio())


def outcomes(plan: Plan, entries: list[Entry], duty_table: dict[str, Assignment]) -> list[Outcome]:
    """One per task and lead unit, in table order: what the lead unit's form says, else "Chưa báo cáo"."""
    said = {(e.task.id, e.unit.id): e for e in entries if e.task is not None}
    leads: dict[str, list[Unit]] = {}
    for a in duty_table.values():
        for d in a.duties:
            if d.role == LEAD:
                leads.setdefault(d.task.id, []).append(a.unit)
    out = []
    for task in plan.tasks():
        for unit in leads.get(task.id, []):
            e = said.get((task.id, unit.id))
            if e is None or e.status.status is None:
                out.append(Outcome(task, unit, NO_REPORT, *(_texts(e) if e else ())))
                continue
            out.append(Outcome(task, unit, e.status.status, *_texts(e), e.reported, e.file))
    return out


def _texts(e: Entry) -> tuple[str, str, str]:
    return e.row.result, e.row.figures, e.row.difficulties

