"""Plans that extend another plan (``ke_thua``): the file gives only what differs; the result is a whole Plan.

A commune adapts the provincial plan by giving its own document data and units, a mapping from the base
plan's units to its own (``doi_don_vi``), text replacements for every task (``thay_chu``), and changes keyed
by the base task ids (``phu_luc.sua``, ``phu_luc.them``). The resolved plan is renumbered as it is printed.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import display_path
from .model import Appendix, BodyPart, Group, Plan, Section, Signer, Task, Unit
from .parse import (
    DOC_FIELDS,
    ISSUER_FIELDS,
    SIGNER_FIELDS,
    TOP_KEYS,
    make_issuer,
    parse_body_parts,
    parse_references,
    parse_reporting,
    parse_standing,
    parse_task,
    parse_units,
    read_fields,
)
from .reader import Node, Reader, suggest
from .units import UnitIndex
from .vn import point_letter, roman

OVERLAY_KEYS = {
    **dict.fromkeys(TOP_KEYS, False), "ke_thua": True, "doi_don_vi": False, "giu_don_vi": False, "thay_chu": False,
}
MAX_CHAIN = 8  # province -> district-level template -> commune uses 3; deeper chains are a mistake or an attack
APPENDIX_KEYS = {"ten": False, "sua": False, "them": False}
TASK_CHANGE_KEYS = {
    "noi_dung": False, "chu_tri": False, "phoi_hop": False, "san_pham": False, "thoi_gian": False, "han": False,
    "them_doan": False, "them_cau": False, "thay_chu": False, "bo": False,
}
ROW_CHANGE_KEYS = {"ten": False, "bo": False}
REPLACE_KEYS = {"tim": True, "thay": True}


@dataclass
class Replacement:
    find: str
    replace: str
    node: Node
    path: str
    used: bool = False

    def apply(self, text: str) -> str:
        if self.find in text:
            self.used = True
            return text.replace(self.find, self.replace)
        return text


@dataclass
class Change:
    """What a child file says about one row of the base table."""

    node: Node
    path: str
    fields: dict[str, Any] = field(default_factory=dict)  # Task attribute -> new value
    add_paragraphs: tuple[str, ...] = ()
    add_sentence: str = ""
    replacements: list[Replacement] = field(default_factory=list)
    drop: bool = False
    title: str = ""


@dataclass
class Overlay:
    unit_map: dict[str, tuple[str, ...]]
    mapping_node: Node | None
    own_ids: set[str]
    keep: set[str]
    replacements: list[Replacement]
    changes: dict[str, Change]
    inserts: dict[str, list[Task]]
    title: str


PlanLoader = Callable[[Path, tuple[Path, ...]], Plan]


def parse_extended(r: Reader, root: Node | None, path: Path, chain: tuple[Path, ...], load: PlanLoader
                   ) -> Plan | None:
    """A plan that extends another: its base is read with ``load`` (the caller's loader, so no import cycle)."""
    top = r.mapping(root, "", OVERLAY_KEYS) or {}
    base = _load_base(r, top["ke_thua"], path, chain, load)
    if base is None:
        return None
    own_units = parse_units(r, top.get("don_vi"), known=base.units)
    own_ids = {u.id for u in own_units}
    index = UnitIndex(own_units + tuple(u for u in base.units if u.id not in own_ids))
    overlay = _parse_overlay(r, top, base, index, own_ids)
    appendix = _adapt_appendix(r, base, overlay, top["ke_thua"])
    units = _final_units(base, own_units, overlay, appendix)
    _check_unmapped(r, base, overlay, top["ke_thua"])
    for rep in overlay.replacements:
        if not rep.used:
            r.error(rep.node, rep.path, f"không tìm thấy “{rep.find}” trong nội dung nhiệm vụ nào", warning=True)
    values: dict[str, Any] = {
        "name": path.stem,
        "source": r.name,
        "issuer": make_issuer(_partial(r, top, "co_quan_ban_hanh", ISSUER_FIELDS), base.issuer)
        if "co_quan_ban_hanh" in top else base.issuer,
        **_partial(r, top, "van_ban", DOC_FIELDS),
        "signer": Signer(**{**base.signer.__dict__, **_partial(r, top, "nguoi_ky", SIGNER_FIELDS)}),
        "units": units,
        "appendix": appendix,
        "lineage": (base.source, *base.lineage),
        "unit_map": _compose_map(base, overlay.unit_map),
        "warnings": base.warnings,
    }
    if "thuc_hien" in top:  # the base's warnings about documents this plan no longer cites do not apply
        values["references"] = parse_references(r, top["thuc_hien"])
        values["warnings"] = tuple(w for w in base.warnings if ": thuc_hien[" not in w)
    if "noi_nhan" in top:
        values["recipients"] = r.texts(top["noi_nhan"], "noi_nhan")
    if "luu" in top:
        values["archive"] = r.text(top["luu"], "luu", required=True)
    values["body"] = (
        parse_body_parts(r, top["noi_dung"], index) if "noi_dung" in top else _map_body(base.body, overlay.unit_map)
    )
    if "bao_cao" in top:
        values["reporting"] = parse_reporting(r, top["bao_cao"], base.reporting, partial=True)
    values["standing"] = (
        parse_standing(r, top["co_quan_thuong_truc"], index) if "co_quan_thuong_truc" in top
        else _map_standing(r, base, overlay, top["ke_thua"])
    )
    return dataclasses.replace(base, **values)


def _map_standing(r: Reader, base: Plan, overlay: Overlay, ke_thua: Node) -> str:
    """The base plan's standing body, followed through doi_don_vi when it maps to exactly one unit."""
    if not base.standing or base.standing not in overlay.unit_map:
        return base.standing
    targets = overlay.unit_map[base.standing]
    if len(targets) == 1:
        return targets[0]
    r.error(ke_thua, "co_quan_thuong_truc", f"cơ quan thường trực của kế hoạch gốc ('{base.standing}') được đổi "
            f"thành {len(targets)} đơn vị — ghi co_quan_thuong_truc để chọn một", warning=True)
    return ""


def _partial(r: Reader, top: dict[str, Node], key: str, fields: dict[str, Any]) -> dict[str, Any]:
    return read_fields(r, top[key], key, fields, partial=True) if key in top else {}


def _load_base(r: Reader, node: Node, path: Path, chain: tuple[Path, ...], load: PlanLoader) -> Plan | None:
    rel = r.text(node, "ke_thua", required=True)
    if not rel:
        return None
    base_path = path.parent / rel
    here = Path(os.path.realpath(path))
    if Path(os.path.realpath(base_path)) in (*chain, here):
        loop = " → ".join(display_path(p) for p in (*chain, here, Path(os.path.realpath(base_path))))
        r.error(node, "ke_thua", f"kế thừa vòng tròn: {loop} — một kế hoạch không thể kế thừa chính nó")
        return None
    if len(chain) + 1 >= MAX_CHAIN:
        names = " → ".join(display_path(p) for p in (*chain, here))
        r.error(node, "ke_thua", f"chuỗi kế thừa quá dài (quá {MAX_CHAIN} tầng): {names} → … — cho kế hoạch "
                "kế thừa thẳng kế hoạch gốc, hoặc dùng 'kehoach adapt' để viết thành tệp đầy đủ")
        return None
    if not base_path.is_file():
        r.error(node, "ke_thua", f"không tìm thấy kế hoạch gốc '{rel}' (đường dẫn tính từ thư mục của tệp này)")
        return None
    return load(base_path, (*chain, here))


def _row_ids(base: Plan) -> dict[str, str]:
    """Every row id of the base table -> its kind ("section", "group", "task")."""
    kinds: dict[str, str] = {}
    for section in base.appendix.sections:
        kinds[section.id] = "section"
        for item in section.items:
            kinds[item.id] = "group" if isinstance(item, Group) else "task"
            for task in getattr(item, "tasks", ()):
                kinds[task.id] = "task"
    return kinds


def _parse_overlay(r: Reader, top: dict[str, Node], base: Plan, index: UnitIndex, own_ids: set[str]) -> Overlay:
    base_index = UnitIndex(base.units)
    unit_map: dict[str, tuple[str, ...]] = {}
    mapping_node = top.get("doi_don_vi")
    for key_node, value in r.entries(mapping_node, "doi_don_vi"):
        where = f"doi_don_vi.{key_node.value}"
        base_id = base_index.resolve(r, key_node, where)
        targets = () if r.is_null(value) else index.resolve_all(r, value, where)
        if base_id:
            unit_map[base_id] = targets
    keep = {u for i, n in enumerate(r.seq(top.get("giu_don_vi"), "giu_don_vi", scalar_ok=True))
            if (u := base_index.resolve(r, n, f"giu_don_vi[{i}]"))}
    appendix = r.mapping(top.get("phu_luc"), "phu_luc", APPENDIX_KEYS) or {}
    kinds = _row_ids(base)
    changes: dict[str, Change] = {}
    for key_node, value in r.entries(appendix.get("sua"), "phu_luc.sua"):
        target = str(key_node.value)
        where = f"phu_luc.sua.{target}"
        if target not in kinds:
            r.error(key_node, where, f"kế hoạch gốc không có nhiệm vụ '{target}'{suggest(target, list(kinds))}")
            continue
        changes[target] = _parse_change(r, value, where, kinds[target], index)
    inserts: dict[str, list[Task]] = {}
    for i, n in enumerate(r.seq(appendix.get("them"), "phu_luc.them")):
        where = f"phu_luc.them[{i}]"
        pairs = n.value if isinstance(n, yaml.MappingNode) else []
        after_node = next((v for k, v in pairs if k.value == "sau"), None)
        after = r.text(after_node, f"{where}.sau")
        label = f"thêm sau {after}" if after else f"thêm thứ {i + 1}"  # its printed number is known only later
        task = parse_task(r, n, where, label, index, extra={"sau": True})
        if after_node is not None and after not in kinds:
            msg = f"kế hoạch gốc không có nhiệm vụ '{after}'{suggest(after, list(kinds))}"
            r.error(after_node, f"{where}.sau", msg)
        elif after:  # its own identity, never the printed number it will take (a base task may have had it)
            own = f"{Path(r.name).name}#them[{i}]"
            inserts.setdefault(after, []).append(dataclasses.replace(task, origin=own))
    return Overlay(
        unit_map=unit_map,
        mapping_node=mapping_node,
        own_ids=own_ids,
        keep=keep,
        replacements=_replacements(r, top.get("thay_chu"), "thay_chu"),
        changes=changes,
        inserts=inserts,
        title=r.text(appendix.get("ten"), "phu_luc.ten"),
    )


def _replacements(r: Reader, node: Node | None, path: str) -> list[Replacement]:
    out = []
    for i, n in enumerate(r.seq(node, path)):
        m = r.mapping(n, f"{path}[{i}]", REPLACE_KEYS) or {}
        find = r.text(m.get("tim"), f"{path}[{i}].tim")
        if find:
            out.append(Replacement(find, r.text(m.get("thay"), f"{path}[{i}].thay"), n, f"{path}[{i}]"))
    return out


def _parse_change(r: Reader, node: Node, path: str, kind: str, index: UnitIndex) -> Change:
    keys = TASK_CHANGE_KEYS if kind == "task" else ROW_CHANGE_KEYS
    m = r.mapping(node, path, keys) or {}
    change = Change(node, path)
    readers: dict[str, tuple[str, Callable[[Node, str], Any]]] = {
        "noi_dung": ("content", lambda n, p: r.paragraphs(n, p)),
        "chu_tri": ("leads", lambda n, p: index.resolve_all(r, n, p)),
        "phoi_hop": ("partners", lambda n, p: index.resolve_all(r, n, p)),
        "san_pham": ("product", lambda n, p: r.text(n, p)),
        "thoi_gian": ("timeline", lambda n, p: r.text(n, p)),
        "han": ("deadline", lambda n, p: r.full_date(n, p)),
    }
    for key, value in m.items():
        where = f"{path}.{key}"
        if key in readers:
            attr, read = readers[key]
            change.fields[attr] = read(value, where)
        elif key == "them_doan":
            change.add_paragraphs = r.paragraphs(value, where)
        elif key == "them_cau":
            change.add_sentence = r.text(value, where, required=True)
        elif key == "thay_chu":
            change.replacements = _replacements(r, value, where)
        elif key == "bo":
            change.drop = r.flag(value, where)
        elif key == "ten":
            change.title = r.text(value, where, required=True)
    if "content" in change.fields and not change.fields["content"]:
        r.error(m["noi_dung"], f"{path}.noi_dung", "nội dung nhiệm vụ trống")
    return change


def _dedupe(ids: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(ids))


def _mapped(refs: tuple[str, ...], unit_map: dict[str, tuple[str, ...]]) -> tuple[str, ...]:
    return _dedupe(u for ref in refs for u in unit_map.get(ref, (ref,)))


def _append_sentence(paragraphs: list[str], sentence: str) -> list[str]:
    if not paragraphs:
        return [sentence]
    last = paragraphs[-1].rstrip()
    joiner = " " if last.endswith((".", "!", "?", ";", ":")) else ". "
    return [*paragraphs[:-1], last + joiner + sentence]


def _adapt_task(r: Reader, task: Task, overlay: Overlay, ke_thua: Node) -> Task | None:
    change = overlay.changes.get(task.id)
    if change is not None and change.drop:
        return None
    content, product, timeline = list(task.content), task.product, task.timeline
    for rep in overlay.replacements:
        content, product, timeline = [rep.apply(p) for p in content], rep.apply(product), rep.apply(timeline)
    values: dict[str, Any] = {
        "leads": _mapped(task.leads, overlay.unit_map),
        "partners": _mapped(task.partners, overlay.unit_map),
        "origin": task.origin or task.id,
        "line": ke_thua.start_mark.line + 1,
    }
    if change is not None:
        values["line"] = change.node.start_mark.line + 1
        content = list(change.fields.get("content", content))
        product = change.fields.get("product", product)
        timeline = change.fields.get("timeline", timeline)
        for rep in change.replacements:
            content, product, timeline = [rep.apply(p) for p in content], rep.apply(product), rep.apply(timeline)
            if not rep.used:
                r.error(rep.node, rep.path, f"không tìm thấy “{rep.find}” trong nhiệm vụ {task.id}", warning=True)
        content += change.add_paragraphs
        if change.add_sentence:
            content = _append_sentence(content, change.add_sentence)
        values.update({k: v for k, v in change.fields.items() if k in ("leads", "partners", "deadline")})
    # A unit merged into one that leads the task stays only a lead.
    values["partners"] = tuple(u for u in values["partners"] if u not in values["leads"])
    if not values["leads"]:
        node, where = (change.node, change.path) if change else (overlay.mapping_node or ke_thua, "doi_don_vi")
        r.error(node, where, f"nhiệm vụ {task.id} không còn đơn vị chủ trì sau khi đổi đơn vị — thêm chu_tri "
                             f"tại phu_luc.sua.{task.id}")
    return dataclasses.replace(task, content=tuple(content), product=product, timeline=timeline, **values)


def _adapt_appendix(r: Reader, base: Plan, overlay: Overlay, ke_thua: Node) -> Appendix:
    """Apply the changes and insertions, then renumber every row as it will be printed."""

    def inserted(after: str) -> list[Task]:
        return overlay.inserts.get(after, [])

    def renumber_task(task: Task, tid: str) -> Task:
        return dataclasses.replace(task, id=tid, number=tid.rsplit(".", 1)[-1])

    sections: list[Section] = []
    for section in base.appendix.sections:
        change = overlay.changes.get(section.id)
        if change and change.drop:
            continue
        sid = roman(len(sections) + 1)
        items: list[Task | Group] = []

        def add_task(t: Task | None, items: list[Task | Group] = items, sid: str = sid) -> None:
            if t is not None:
                items.append(renumber_task(t, f"{sid}.{len(items) + 1}"))

        for t in inserted(section.id):
            add_task(t)
        for item in section.items:
            if isinstance(item, Group):
                gchange = overlay.changes.get(item.id)
                if not (gchange and gchange.drop):
                    gid = f"{sid}.{len(items) + 1}"
                    tasks: list[Task] = []
                    for t in item.tasks:
                        for new in [_adapt_task(r, t, overlay, ke_thua), *inserted(t.id)]:
                            if new is not None:
                                tasks.append(renumber_task(new, f"{gid}.{point_letter(len(tasks))}"))
                    title = gchange.title if gchange and gchange.title else item.title
                    items.append(dataclasses.replace(item, id=gid, number=gid.rsplit(".", 1)[-1], title=title,
                                                     tasks=tuple(tasks)))
            else:
                add_task(_adapt_task(r, item, overlay, ke_thua))
            for t in inserted(item.id):
                add_task(t)
        title = change.title if change and change.title else section.title
        sections.append(dataclasses.replace(section, id=sid, title=title, items=tuple(items)))
    return Appendix(overlay.title or base.appendix.title, tuple(sections))


def _check_unmapped(r: Reader, base: Plan, overlay: Overlay, ke_thua: Node) -> None:
    """With doi_don_vi given, every base unit a surviving task still names must be mapped or kept."""
    if overlay.mapping_node is None:
        return
    users: dict[str, list[str]] = {}
    for task in base.tasks():
        change = overlay.changes.get(task.id)
        if change is not None and change.drop:
            continue
        fields = change.fields if change else {}
        refs = (() if "leads" in fields else task.leads) + (() if "partners" in fields else task.partners)
        for ref in refs:
            if ref not in overlay.unit_map and ref not in overlay.own_ids and ref not in overlay.keep:
                users.setdefault(ref, []).append(task.id)
    for ref, ids in users.items():
        r.error(
            overlay.mapping_node, "doi_don_vi",
            f"đơn vị '{ref}' ({base.unit(ref).name}) của kế hoạch gốc chưa được đổi (doi_don_vi) hay giữ lại "
            f"(giu_don_vi) — có ở nhiệm vụ {', '.join(ids)}",
        )


def _final_units(base: Plan, own: tuple[Unit, ...], overlay: Overlay, appendix: Appendix) -> tuple[Unit, ...]:
    """New units first; then the base units still in use (all when no doi_don_vi is given), in their order.

    A unit the file defines again under a base id replaces the base unit in place.
    """
    base_ids = {u.id for u in base.units}
    replaced = {u.id: u for u in own if u.id in base_ids}
    rest = [replaced.get(u.id, u) for u in base.units if u.id not in overlay.unit_map]
    if overlay.mapping_node is not None:
        used = {u for t in appendix.tasks() for u in (*t.leads, *t.partners)} | overlay.keep | set(replaced)
        used |= {m for u in rest if u.id in used for m in u.members}
        rest = [u for u in rest if u.id in used]
    new = [u for u in own if u.id not in base_ids]
    remaining = {u.id for u in (*new, *rest)}
    return tuple(new) + tuple(
        dataclasses.replace(u, members=tuple(m for m in _mapped(u.members, overlay.unit_map) if m in remaining))
        if u.collective else u
        for u in rest
    )


def _map_body(body: tuple[BodyPart, ...], unit_map: dict[str, tuple[str, ...]]) -> tuple[BodyPart, ...]:
    """Inherited body text: unit notes follow their unit to its first new unit (or go with a dropped one)."""

    def fix(part: BodyPart) -> BodyPart:
        notes = tuple((unit_map.get(u, (u,))[0], text) for u, text in part.unit_notes if unit_map.get(u, (u,)))
        return dataclasses.replace(part, unit_notes=notes, children=tuple(fix(c) for c in part.children))

    return tuple(fix(p) for p in body)


def _compose_map(base: Plan, unit_map: dict[str, tuple[str, ...]]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Where each unit of the root plan ends up after this file's mapping."""
    start = base.unit_map or tuple((u.id, (u.id,)) for u in base.units)
    return tuple((root, _mapped(mids, unit_map)) for root, mids in start)
