"""Adapting a plan: ``adapt(base, changes) -> (plan, problems)``, on the model alone.

A commune adapts the provincial plan by giving its own document data and units, a mapping from the base
plan's units to its own (``unit_map``), text replacements for every task, and changes keyed by the base row
ids (rewrite, drop, add after). The result is a whole Plan, renumbered as it is printed; every task keeps
its identity (``origin``: the id it had in the root plan, or its own for an added task).

Nothing here knows YAML: ``overlay.py`` reads a plan file's ``ke_thua`` into ``Changes``; a Word import or
a web form can build them in code. Problem paths are in the plan file's words (``phu_luc.sua.IV.1``).
"""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import issuing, numbering, schema
from .errors import Problem
from .levels import LevelRewriter, same_issuer
from .model import Appendix, BodyPart, Group, Plan, Section, Task, Unit
from .vn import match_key, suggest


@dataclass(frozen=True)
class Replacement:
    """``thay_chu``: every ``find`` in the task texts becomes ``replace``."""

    find: str
    replace: str
    path: str = ""  # where it was written, for the "not found" warning


@dataclass(frozen=True)
class RowChange:
    """What the adapted plan says about one row of the base table (a task, a group or a section)."""

    fields: Mapping[str, Any] = field(default_factory=dict)  # Task attribute -> new value
    add_paragraphs: tuple[str, ...] = ()
    add_sentence: str = ""
    replacements: tuple[Replacement, ...] = ()
    drop: bool = False
    title: str = ""  # a section's or group's new title
    path: str = ""


@dataclass(frozen=True)
class Insert:
    """A new task printed after the base row ``after`` (a section id puts it first in that section)."""

    after: str
    task: Task  # its ``origin`` is its own identity, never a printed number
    path: str = ""


@dataclass(frozen=True)
class Changes:
    """Everything an adapted plan says differs from its base."""

    name: str = ""  # of the new plan (its output folder)
    source: str = ""
    document: Mapping[str, Any] = field(default_factory=dict)  # Plan attributes given whole (issuer, body …)
    signer: Mapping[str, Any] = field(default_factory=dict)  # Signer attributes given (over the base's or derived)
    units: tuple[Unit, ...] = ()  # new units, or base units redefined under their id
    unit_map: Mapping[str, tuple[str, ...]] | None = None  # base unit -> its units here; None: none given
    keep: frozenset[str] = frozenset()  # base units kept as they are although unit_map is given
    replacements: tuple[Replacement, ...] = ()
    rows: Mapping[str, RowChange] = field(default_factory=dict)  # base row id -> change
    inserts: tuple[Insert, ...] = ()
    title: str = ""  # the appendix title
    caption: str = ""  # the appendix's "(Kèm theo …)" line; "" = built from this plan's number and date
    # thay_chu, the unit map and the level words apply to the inherited body and table text as well;
    # None: when the issuer differs from the base's (sua_noi_dung / giu_noi_dung say otherwise)
    body_too: bool | None = None
    keep_text: tuple[str, ...] = ()  # giu_chu: names of the base kept on purpose (not listed as left over)
    map_path: str = "doi_don_vi"
    base_path: str = "ke_thua"


def adapt(base: Plan, changes: Changes) -> tuple[Plan, list[Problem]]:
    """The adapted plan and what went wrong while adapting (rules of the result are ``validate``'s)."""
    problems: list[Problem] = []
    used: set[Replacement] = set()
    unit_map = dict(changes.unit_map or {})
    kinds = row_ids(base)
    for target in changes.rows:
        if target not in kinds:
            problems.append(Problem(changes.rows[target].path,
                                    f"kế hoạch gốc không có nhiệm vụ '{target}'{suggest(target, list(kinds))}"))
    for insert in changes.inserts:
        if insert.after not in kinds:
            problems.append(Problem(f"{insert.path}.sau", f"kế hoạch gốc không có nhiệm vụ '{insert.after}'"
                                    f"{suggest(insert.after, list(kinds))}"))
    issuer = changes.document.get("issuer", base.issuer)
    across = not same_issuer(base.issuer.name, issuer.name)
    rewrite = Rewrite(base, changes, unit_map, issuer.name, across)
    count = len(base.appendices)
    annexes = [_adapt_appendix(base, a, numbering.annex_prefix(k, count), "phu_luc" if count == 1 else f"phu_luc[{k}]",
                               changes, unit_map, used, problems, rewrite) for k, a in enumerate(base.appendices)]
    # Only the first appendix's title and caption can be given; no caption is inherited (it names the base plan).
    appendix = dataclasses.replace(annexes[0], title=changes.title or annexes[0].title, caption=changes.caption)
    units = _final_units(base, changes, unit_map, [t for a in annexes for t in a.tasks()])
    problems += _unmapped(base, changes, unit_map)
    standing = _map_standing(base, unit_map, changes, problems)
    own_standing = changes.document.get("standing", standing)  # the one this plan ends with
    body = _map_body(base.body, unit_map)
    if "body" not in changes.document:
        if rewrite.on:
            body = _rewrite_body(body, changes.replacements, used, rewrite)
        if across:
            body = _own_organisation(body, issuer.name, units, own_standing)
        problems += rewrite.leftover_problems(_body_texts(body, "noi_dung"))
    problems += rewrite.leftover_problems(_table_texts(annexes))
    for rep in changes.replacements:
        if rep not in used:
            problems.append(Problem(rep.path, f"không tìm thấy “{rep.find}” trong nội dung nhiệm vụ nào",
                                    warning=True))
    if across:
        own, missing = issuing.identity(base, changes.document, changes.signer, units, own_standing)
        problems += missing
    else:
        own = issuing.inherited(base, changes.document, changes.signer)
    values: dict[str, Any] = {
        "body": body,
        "standing": standing,
        **own,
        "name": changes.name or base.name,
        "source": changes.source or base.source,
        "units": units,
        "appendix": appendix,
        "more_appendices": tuple(dataclasses.replace(a, caption="") for a in annexes[1:]),
        "lineage": (base.source, *base.lineage),
        "unit_map": _compose_map(base, unit_map),
        "warnings": base.warnings,
    }
    return dataclasses.replace(base, **values), problems


def row_ids(base: Plan) -> dict[str, str]:
    """Every row id of the base table -> its kind ("section", "group", "task")."""
    kinds: dict[str, str] = {}
    for section in (s for a in base.appendices for s in a.sections):
        kinds[section.id] = "section"
        for item in section.items:
            kinds[item.id] = "group" if isinstance(item, Group) else "task"
            for task in getattr(item, "tasks", ()):
                kinds[task.id] = "task"
    return kinds


def _map_standing(base: Plan, unit_map: dict[str, tuple[str, ...]], changes: Changes,
                  problems: list[Problem]) -> str:
    """The base plan's standing body, followed through the unit map when it maps to exactly one unit."""
    if not base.standing or base.standing not in unit_map:
        return base.standing
    targets = unit_map[base.standing]
    if len(targets) == 1:
        return targets[0]
    if "standing" not in changes.document:
        problems.append(Problem(changes.base_path, f"cơ quan thường trực của kế hoạch gốc ('{base.standing}') được "
                                f"đổi thành {len(targets)} đơn vị — ghi co_quan_thuong_truc để chọn một",
                                warning=True))
    return ""


def _dedupe(ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


def _mapped(refs: tuple[str, ...], unit_map: Mapping[str, tuple[str, ...]]) -> tuple[str, ...]:
    return _dedupe(u for ref in refs for u in unit_map.get(ref, (ref,)))


def _append_sentence(paragraphs: list[str], sentence: str) -> list[str]:
    if not paragraphs:
        return [sentence]
    last = paragraphs[-1].rstrip()
    joiner = " " if last.endswith((".", "!", "?", ";", ":")) else ". "
    return [*paragraphs[:-1], last + joiner + sentence]


def _replace(rep: Replacement, texts: list[str], used: set[Replacement]) -> list[str]:
    if any(rep.find in t for t in texts):
        used.add(rep)
        return [t.replace(rep.find, rep.replace) for t in texts]
    return texts


def _adapt_task(task: Task, changes: Changes, unit_map: dict[str, tuple[str, ...]], used: set[Replacement],
                problems: list[Problem], rewrite: Rewrite) -> Task | None:
    change = changes.rows.get(task.id)
    if change is not None and change.drop:
        return None
    texts = [*task.content, task.product, task.timeline]
    extra = dict(task.extra)
    for rep in changes.replacements:
        texts = _replace(rep, texts, used)
        extra = dict(zip(extra, _replace(rep, list(extra.values()), used), strict=True))
    texts = [rewrite(t) for t in texts]
    values: dict[str, Any] = {
        "leads": _mapped(task.leads, unit_map),
        "partners": _mapped(task.partners, unit_map),
        "origin": task.origin or task.id,
        "extra": tuple(extra.items()),
    }
    if change is not None:
        given = change.fields
        texts = [*given.get("content", texts[:-2]), given.get("product", texts[-2]), given.get("timeline", texts[-1])]
        for rep in change.replacements:
            texts = _replace(rep, texts, used)
            if rep not in used:
                problems.append(Problem(rep.path, f"không tìm thấy “{rep.find}” trong nhiệm vụ {task.id}",
                                        warning=True))
        values.update({k: v for k, v in given.items() if k in ("leads", "partners", "deadline")})
    content = texts[:-2] + list(change.add_paragraphs if change else ())
    if change is not None and change.add_sentence:
        content = _append_sentence(content, change.add_sentence)
    # A unit merged into one that leads the task stays only a lead.
    values["partners"] = tuple(u for u in values["partners"] if u not in values["leads"])
    # A cell printed as the base plan wrote it no longer fits once its units change: their names are printed.
    if values["leads"] != task.leads:
        values["lead_text"] = ""
    if values["partners"] != task.partners:
        values["partner_text"] = ""
    return dataclasses.replace(task, content=tuple(content), product=texts[-2], timeline=texts[-1], **values)


class _Rows:
    """Numbers rows as they are printed, in the plan's numbering style; stacked sub-rows share a number."""

    def __init__(self, style: str, make_id: Callable[[int], str]) -> None:
        self.style, self.make_id = style, make_id
        self.rows: list[Task | Group] = []
        self.count = 0
        self.first: str | None = None
        self.sub = 0

    def add(self, task: Task | None) -> None:
        if task is None:
            return
        if task.continues and self.first is not None:
            self.sub += 1
            tid = numbering.subrow_id(self.first, self.sub)
        else:
            tid = self.make_id(self.count)
            self.count += 1
            self.first, self.sub = tid, 0
            task = dataclasses.replace(task, continues=False, shared_content=False)
        _, number, letter = numbering.place(tid)
        self.rows.append(dataclasses.replace(task, id=tid, number=letter or number))

    def add_group(self, group: Group, tasks: list[Task]) -> None:
        gid = self.make_id(self.count)
        self.count += 1
        self.first = None
        self.rows.append(dataclasses.replace(group, id=gid, number=numbering.place(gid)[1], tasks=tuple(tasks)))


def _adapt_row(task: Task, printed_at: str, changes: Changes, unit_map: dict[str, tuple[str, ...]],
               used: set[Replacement], problems: list[Problem], rewrite: Rewrite) -> Task | None:
    """One task adapted, with what adapt alone can say about it (a lead lost to the unit map, a chairman's
    questions)."""
    new = _adapt_task(task, changes, unit_map, used, problems, rewrite)
    if new is not None and rewrite.levels is not None:
        problems.extend(rewrite.chairman_notes(task, new, unit_map))
    if new is not None and task.leads and not new.leads:
        change = changes.rows.get(task.id)
        problems.append(Problem(change.path if change else changes.map_path,
                                f"nhiệm vụ {task.id} không còn đơn vị chủ trì sau khi đổi đơn vị — thêm chu_tri "
                                f"tại phu_luc.sua.{task.id}", subject=f"{printed_at}.chu_tri"))
    return new


def _adapt_appendix(base: Plan, annex: Appendix, prefix: str, where: str, changes: Changes,
                    unit_map: dict[str, tuple[str, ...]], used: set[Replacement], problems: list[Problem],
                    rewrite: Rewrite) -> Appendix:
    """Apply the changes and insertions to one appendix, then renumber every row as it will be printed."""
    style = annex.numbering
    inserts: dict[str, list[Task]] = {}
    for insert in changes.inserts:
        inserts.setdefault(insert.after, []).append(insert.task)

    def adapted(task: Task, printed_at: str) -> Task | None:
        return _adapt_row(task, printed_at, changes, unit_map, used, problems, rewrite)

    sections: list[Section] = []
    running = 0
    for section in annex.sections:
        change = changes.rows.get(section.id)
        if change and change.drop:
            continue
        sid = prefix + numbering.section_label(style, len(sections))
        spath = schema.section_path(where, len(sections), annex.sectionless)
        start = running

        def task_id(count: int, sid: str = sid, start: int = start) -> str:
            return numbering.task_id(style, sid, numbering.task_label(style, sid, count, start + count + 1))

        rows = _Rows(style, task_id)
        for t in inserts.get(section.id, []):
            rows.add(t)
        for item in section.items:
            if isinstance(item, Group):
                gchange = changes.rows.get(item.id)
                if not (gchange and gchange.drop):
                    gid = task_id(rows.count)
                    sub = _Rows(style, functools.partial(numbering.sub_id, gid))
                    for t in item.tasks:
                        at = f"{spath}.nhiem_vu[{rows.count}].nhiem_vu[{sub.count}]"
                        sub.add(adapted(t, at))
                        for new in inserts.get(t.id, []):
                            sub.add(new)
                    title = gchange.title if gchange and gchange.title else rewrite(item.title)
                    rows.add_group(dataclasses.replace(item, title=title),
                                   [t for t in sub.rows if isinstance(t, Task)])
            else:
                at = f"{spath}.nhiem_vu[{rows.count - (1 if item.continues else 0)}]"
                rows.add(adapted(item, at))
            for t in inserts.get(item.id, []):
                rows.add(t)
        running = start + rows.count
        title = change.title if change and change.title else rewrite(section.title)
        common = dict(section.common)
        for rep in changes.replacements:
            common = dict(zip(common, _replace(rep, list(common.values()), used), strict=True))
        common = {k: rewrite(v) for k, v in common.items()}
        sections.append(dataclasses.replace(section, id=sid, title=title, items=tuple(rows.rows),
                                            common=tuple(common.items())))
    return dataclasses.replace(annex, sections=tuple(sections))


def _unmapped(base: Plan, changes: Changes, unit_map: dict[str, tuple[str, ...]]) -> list[Problem]:
    """With a unit map given, every base unit a surviving task still names must be mapped or kept."""
    if changes.unit_map is None:
        return []
    own = {u.id for u in changes.units}
    users: dict[str, list[str]] = {}
    for task in base.tasks():
        change = changes.rows.get(task.id)
        if change is not None and change.drop:
            continue
        given = change.fields if change else {}
        refs = (() if "leads" in given else task.leads) + (() if "partners" in given else task.partners)
        for ref in refs:
            if ref not in unit_map and ref not in own and ref not in changes.keep:
                users.setdefault(ref, []).append(task.id)
    names = {u.id: u.name for u in base.units}
    return [Problem(changes.map_path, f"đơn vị '{ref}' ({names.get(ref, ref)}) của kế hoạch gốc chưa được đổi "
                    f"(doi_don_vi) hay giữ lại (giu_don_vi) — có ở nhiệm vụ {', '.join(ids)}")
            for ref, ids in users.items()]


def _final_units(base: Plan, changes: Changes, unit_map: dict[str, tuple[str, ...]], tasks: list[Task]
                 ) -> tuple[Unit, ...]:
    """New units first; then the base units still in use (all when no unit map is given), in their order.

    A unit the changes define again under a base id replaces the base unit in place.
    """
    base_ids = {u.id for u in base.units}
    replaced = {u.id: u for u in changes.units if u.id in base_ids}
    rest = [replaced.get(u.id, u) for u in base.units if u.id not in unit_map]
    if changes.unit_map is not None:
        used = {u for t in tasks for u in (*t.leads, *t.partners)} | set(changes.keep) | set(replaced)
        used |= {m for u in rest if u.id in used for m in u.members}
        rest = [u for u in rest if u.id in used]
    new = [u for u in changes.units if u.id not in base_ids]
    remaining = {u.id for u in (*new, *rest)}
    return tuple(new) + tuple(
        dataclasses.replace(u, members=tuple(m for m in _mapped(u.members, unit_map) if m in remaining))
        if u.collective else u
        for u in rest
    )


def _map_body(body: tuple[BodyPart, ...], unit_map: Mapping[str, tuple[str, ...]]) -> tuple[BodyPart, ...]:
    """Inherited body text: unit notes follow their unit to its first new unit (or go with a dropped one)."""

    def fix(part: BodyPart) -> BodyPart:
        notes = tuple((unit_map.get(u, (u,))[0], text) for u, text in part.unit_notes if unit_map.get(u, (u,)))
        return dataclasses.replace(part, unit_notes=notes, children=tuple(fix(c) for c in part.children))

    return tuple(fix(p) for p in body)


class Rewrite:
    """Inherited text in this plan's words: the base units' names (every alias) -> the names of the units they
    were mapped to, then the base issuer's level words (``levels``). On across issuers unless the plan says
    (``sua_noi_dung`` / ``giu_noi_dung``); what still names the base afterwards is listed by ``leftover_problems``.
    """

    def __init__(self, base: Plan, changes: Changes, unit_map: Mapping[str, tuple[str, ...]], issuer: str,
                 across: bool) -> None:
        self.on = across if changes.body_too is None else changes.body_too
        self.changes = changes
        self.base_names = {u.id: u.name for u in base.units}
        names = {u.id: u.name for u in (*changes.units, *base.units)}
        pairs: dict[str, str] = {}
        self.gone: list[str] = []  # spellings of base units mapped to others or dropped
        for unit in base.units:
            targets = unit_map.get(unit.id)
            if targets is None or targets == (unit.id,):
                continue
            spellings = [s for s in (unit.name, *unit.aliases) if len(s) > 2]
            self.gone += spellings
            # A collective spread over several units reads as one in a sentence.
            new = "các cơ quan, đơn vị" if unit.collective and len(targets) > 1 else \
                ", ".join(names.get(t, t) for t in targets)
            pairs.update({match_key(spelling): new for spelling in spellings if new})
        self.pairs = pairs
        ordered = sorted(pairs, key=len, reverse=True)
        self.names = re.compile("|".join(_bounded(p) for p in ordered), re.IGNORECASE) if ordered else None
        self.gone_at = re.compile("|".join(_bounded(p) for p in sorted(self.gone, key=len, reverse=True))) \
            if self.gone else None
        self.levels = LevelRewriter(base.issuer.name, issuer) if across else None
        date = changes.document.get("date")
        self.year = date.year if date is not None and date.year else 0
        self.keep = {match_key(t) for t in changes.keep_text}

    def __call__(self, text: str) -> str:
        if not self.on or not text:
            return text
        if self.names is not None:
            text = self.names.sub(self._named, text)
        return self.levels.rewrite(text) if self.levels is not None else text

    def chairman_notes(self, old: Task, new: Task, unit_map: Mapping[str, tuple[str, ...]]) -> list[Problem]:
        """What a chairman asks before signing another level's tasks as the commune's: a lead with no unit here,
        a target year already past, a task the table marks as the base level's own ("cấp tỉnh")."""
        assert self.levels is not None
        where, notes = f"phu_luc.sua.{old.id}", []
        gone = [self.base_names.get(u, u) for u in old.leads if unit_map.get(u) == ()]
        if gone and new.leads:
            notes.append(f"đơn vị chủ trì {', '.join(gone)} của kế hoạch gốc không có đơn vị tương ứng ở đây")
        texts = " ".join((*new.content, new.timeline))
        tier = f"cấp {self.levels.old.level}"
        if re.search(_bounded(tier), texts, re.IGNORECASE):
            notes.append(f"bảng ghi “{tier}” — việc của {self.levels.old.level}?")
        year = self.year
        past = sorted({y for y in _YEARS.findall(texts) if year and int(y) < year})
        if past:
            notes.append(f"mốc năm {', '.join(past)} đã qua")
        return [Problem(self.changes.base_path, f"lưu ý nhiệm vụ {old.id}: {note} — bỏ bằng {where}: {{bo: true}}, "
                        f"hoặc sửa tại {where}", warning=True) for note in notes]

    def _named(self, m: re.Match[str]) -> str:
        new = self.pairs[match_key(m.group(0))]
        return new[:1].upper() + new[1:] if m.group(0)[:1].isupper() else new

    def leftovers(self, text: str) -> list[str]:
        found = [m.group(0) for m in self.gone_at.finditer(text)] \
            if self.gone_at is not None and any(g in text for g in self.gone) else []  # (a word test first: fast)
        if self.levels is not None:
            found += self.levels.leftovers(text)
        return [f for f in dict.fromkeys(found) if match_key(f) not in self.keep]

    def leftover_problems(self, texts: Iterable[tuple[str, str]]) -> list[Problem]:
        """One warning per phrase of the base still in the inherited text: where, the text, and what to write."""
        places: dict[str, list[str]] = {}
        for where, text in texts:
            for phrase in self.leftovers(text):
                places.setdefault(phrase, []).append(f"{where}: “{_excerpt(text, phrase)}”")
        return [Problem(self.changes.base_path, f"nội dung kế thừa còn nhắc “{phrase}” của kế hoạch gốc "
                        f"({len(found)} chỗ — {'; '.join(found[:3])}{'; …' if len(found) > 3 else ''}) — "
                        f"{self._advice(phrase)}", warning=True)
                for phrase, found in places.items()]

    def _advice(self, phrase: str) -> str:
        keep = f"để giữ nguyên: giu_chu: [\"{phrase}\"]"
        if self.changes.body_too is False:
            return f"bỏ giu_noi_dung để kehoach tự đổi tên đơn vị và cấp, hoặc {keep}"
        if not self.on:
            return f"ghi sua_noi_dung: true để kehoach tự đổi tên đơn vị trong nội dung, hoặc {keep}"
        return f"để đổi: thay_chu: [{{tim: \"{phrase}\", thay: \"…\"}}]; {keep}"


# A year a task aims at ("đến năm 2024", "trong năm 2025", "trước 2024"): not a range's start ("2021-2030").
_YEARS = re.compile(r"\b(?:năm|đến|trước) (20\d\d)\b(?![-–])")


def _bounded(text: str) -> str:
    return rf"(?<!\w){re.escape(text)}(?!\w)"


def _excerpt(text: str, phrase: str, room: int = 40) -> str:
    at = text.find(phrase)
    start, end = max(0, at - room), min(len(text), at + len(phrase) + room)
    return f"{'…' if start else ''}{text[start:end].strip()}{'…' if end < len(text) else ''}"


def _rewrite_body(body: tuple[BodyPart, ...], reps: tuple[Replacement, ...], used: set[Replacement],
                  rewrite: Rewrite) -> tuple[BodyPart, ...]:
    def fix(texts: tuple[str, ...]) -> tuple[str, ...]:
        out = list(texts)
        for rep in reps:
            out = _replace(rep, out, used)
        return tuple(rewrite(t) for t in out)

    def part(p: BodyPart) -> BodyPart:
        return dataclasses.replace(p, title=fix((p.title,))[0], paragraphs=fix(p.paragraphs), closing=fix(p.closing),
                                   unit_notes=tuple((u, fix((t,))[0]) for u, t in p.unit_notes),
                                   children=tuple(part(c) for c in p.children))

    return tuple(part(p) for p in body)


def _own_organisation(body: tuple[BodyPart, ...], issuer: str, units: tuple[Unit, ...], standing: str
                      ) -> tuple[BodyPart, ...]:
    """Another issuer's plan: its Tổ chức thực hiện is written from its own table (``phan_cong``), never the
    base's paragraphs to the base's units."""
    names = {u.id: u.name for u in units}
    via = f" (qua {names[standing]})" if standing in names else ""
    closing = (f"Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị kịp thời báo cáo "
               f"{issuer}{via} để xem xét, giải quyết.",)

    def own(part: BodyPart) -> BodyPart:
        if "tổ chức thực hiện" in match_key(part.title):
            return part if part.assignments else BodyPart(part.title, assignments=True, closing=closing)
        return dataclasses.replace(part, children=tuple(own(c) for c in part.children))

    return tuple(own(p) for p in body)


def _table_texts(annexes: list[Appendix]) -> Iterable[tuple[str, str]]:
    for annex in annexes:
        for section in annex.sections:
            yield f"mục {section.id}", section.title
            for item in section.items:
                tasks = item.tasks if isinstance(item, Group) else (item,)
                if isinstance(item, Group):
                    yield f"nhóm {item.id}", item.title
                for task in tasks:
                    for text in (*task.content, task.product, task.timeline):
                        yield f"nhiệm vụ {task.id}", text


def _body_texts(parts: tuple[BodyPart, ...], path: str) -> Iterable[tuple[str, str]]:
    for i, part in enumerate(parts):
        where = f"{path}[{i}]"
        for text in (part.title, *part.paragraphs, *part.closing, *(t for _, t in part.unit_notes)):
            yield where, text
        yield from _body_texts(part.children, f"{where}.muc")


def _compose_map(base: Plan, unit_map: Mapping[str, tuple[str, ...]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Where each unit of the root plan ends up after this plan's mapping."""
    start = base.unit_map or tuple((u.id, (u.id,)) for u in base.units)
    return tuple((root, _mapped(mids, unit_map)) for root, mids in start)
