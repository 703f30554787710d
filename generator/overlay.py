"""A plan file that extends another (``ke_thua``): its YAML read into ``adapt.Changes``.

Only reading happens here (shapes, types, names of units and rows); ``adapt`` makes the plan and
``validate`` checks it. Their problems come back as model paths and are placed in this file: a row of the
result is placed where the file changed it (``phu_luc.sua.IV.1``, ``phu_luc.them[0]``), or at ``ke_thua``
when it came unchanged from the base.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from . import schema
from .adapt import Changes, Insert, Replacement, RowChange, adapt, row_ids
from .errors import Issue, display_path
from .model import Plan
from .parse import (
    document_fields,
    make_issuer,
    own_nodes,
    parse_attachments,
    parse_body_parts,
    parse_decision,
    parse_references,
    parse_reporting,
    parse_standing,
    parse_task,
    parse_units,
    read_fields,
)
from .reader import Node, Reader, related_paths
from .units import UnitIndex
from .validate import annex_paths, task_paths, validate
from .vn import suggest

MAX_CHAIN = 8  # province -> district-level template -> commune uses 3; deeper chains are a mistake or an attack

# The caller's reader of a plan file (so this module never imports ``load``): (plan or None, its problems).
PlanReader = Callable[[Path, tuple[Path, ...]], tuple[Plan | None, list[Issue]]]


def read_extended(r: Reader, root: Node | None, path: Path, chain: tuple[Path, ...], read: PlanReader
                  ) -> tuple[Plan | None, list[Issue]]:
    """The adapted plan and every problem: the base's (in the base file) and this file's, both reported."""
    top = r.mapping(root, "", schema.OVERLAY) or {}
    base, base_issues = _read_base(r, top["ke_thua"], path, chain, read)
    if base is None:
        return None, base_issues + r.issues
    changes = read_changes(r, top, path, base)
    plan, problems = adapt(base, changes)
    own = r.place(problems)
    if any(not i.warning for i in base_issues):  # validating would only repeat the base's errors at ke_thua
        return plan, base_issues + r.issues + own
    # A clean base: its warnings are checked again on this plan (a unit it left without members may be mapped
    # to one that has them), where they are placed at the rows that carry them, or at ke_thua.
    # A rule validate would state again about a field adapt already reported (a signer with no name) is said once.
    subjects = [p.subject for p in problems if p.subject] + [p.path for p in problems if not p.warning]
    checked = [p for p in validate(plan) if not any(related_paths(p.path, s) for s in subjects)]
    return plan, r.issues + own + r.place(checked, _origins(plan, base, changes, top))


def read_changes(r: Reader, top: dict[str, Node], path: Path, base: Plan) -> Changes:
    own_units = parse_units(r, top.get("don_vi"), known=base.units)
    own_ids = {u.id for u in own_units}
    index = UnitIndex(own_units + tuple(u for u in base.units if u.id not in own_ids))
    base_index = UnitIndex(base.units)
    unit_map: dict[str, tuple[str, ...]] = {}
    for key_node, value in r.entries(top.get("doi_don_vi"), "doi_don_vi"):
        where = f"doi_don_vi.{key_node.value}"
        base_id = base_index.resolve(r, key_node, where)
        targets = () if r.is_null(value) else index.resolve_all(r, value, where)
        if base_id:
            unit_map[base_id] = targets
    keep = frozenset(u for i, n in enumerate(r.seq(top.get("giu_don_vi"), "giu_don_vi", scalar_ok=True))
                     if (u := base_index.resolve(r, n, f"giu_don_vi[{i}]")))
    appendix = r.mapping(top.get("phu_luc"), "phu_luc", schema.OVERLAY_APPENDIX) or {}
    return Changes(
        name=path.stem,
        source=r.name,
        document=_document(r, top, base, index),
        units=own_units,
        unit_map=unit_map if "doi_don_vi" in top else None,
        keep=keep,
        replacements=_replacements(r, top.get("thay_chu"), "thay_chu"),
        rows=_rows(r, appendix.get("sua"), base, index),
        inserts=_inserts(r, appendix.get("them"), base, index),
        title=r.text(appendix.get("ten"), "phu_luc.ten"),
        caption=r.text(appendix.get("dong_kem_theo"), "phu_luc.dong_kem_theo"),
        body_too=_body_too(r, top),
        keep_text=r.texts(top.get("giu_chu"), "giu_chu"),
        signer=read_fields(r, top["nguoi_ky"], "nguoi_ky", schema.SIGNER, partial=True) if "nguoi_ky" in top else {},
    )


def _body_too(r: Reader, top: dict[str, Node]) -> bool | None:
    """sua_noi_dung: true / giu_noi_dung: true, or None: as the issuers decide (``adapt.Changes.body_too``)."""
    if "sua_noi_dung" in top and "giu_noi_dung" in top:
        r.error(top["giu_noi_dung"], "giu_noi_dung", "chỉ ghi một trong hai: sua_noi_dung (đổi tên đơn vị và cấp "
                "trong nội dung kế thừa) hoặc giu_noi_dung (giữ nguyên)")
    if "giu_noi_dung" in top:
        return not r.flag(top["giu_noi_dung"], "giu_noi_dung")
    if "sua_noi_dung" in top:
        return r.flag(top["sua_noi_dung"], "sua_noi_dung")
    return None


def _document(r: Reader, top: dict[str, Node], base: Plan, index: UnitIndex) -> dict[str, Any]:
    """The plan attributes this file gives whole (partial mappings merged over the base's)."""

    def partial(key: str, record: schema.Record) -> dict[str, Any]:
        return read_fields(r, top[key], key, record, partial=True) if key in top else {}

    values: dict[str, Any] = document_fields(r, top["van_ban"], partial=True) if "van_ban" in top else {}
    if "co_quan_ban_hanh" in top:
        values["issuer"] = make_issuer(partial("co_quan_ban_hanh", schema.ISSUER), base.issuer)
    if "thuc_hien" in top:
        values["references"] = parse_references(r, top["thuc_hien"])
    if "noi_nhan" in top:
        values["recipients"] = r.texts(top["noi_nhan"], "noi_nhan")
    if "luu" in top:
        values["archive"] = r.text(top["luu"], "luu", required=True)
    if "noi_dung" in top:
        values["body"] = parse_body_parts(r, top["noi_dung"], index)
    if "loi_mo_dau" in top:
        values["preamble"] = r.paragraphs(top["loi_mo_dau"], "loi_mo_dau")
    if "bao_cao" in top:
        values["reporting"] = parse_reporting(r, top["bao_cao"], base.reporting, partial=True)
    if "co_quan_thuong_truc" in top:
        values["standing"] = parse_standing(r, top["co_quan_thuong_truc"], index)
    # A Quyết định issues one body's plan: an adapted plan has its own, or none.
    values["decision"] = parse_decision(r, top.get("quyet_dinh"))
    # So is what it prints after its signature (a list of the documents it has issued …).
    values["attachments"] = parse_attachments(r, top.get("kem_theo"), index)
    return values


def _read_base(r: Reader, node: Node, path: Path, chain: tuple[Path, ...], read: PlanReader
               ) -> tuple[Plan | None, list[Issue]]:
    rel = r.text(node, "ke_thua", required=True)
    if not rel:
        return None, []
    base_path = path.parent / rel
    here = Path(os.path.realpath(path))
    if Path(os.path.realpath(base_path)) in (*chain, here):
        loop = " → ".join(display_path(p) for p in (*chain, here, Path(os.path.realpath(base_path))))
        r.error(node, "ke_thua", f"kế thừa vòng tròn: {loop} — một kế hoạch không thể kế thừa chính nó")
        return None, []
    if len(chain) + 1 >= MAX_CHAIN:
        names = " → ".join(display_path(p) for p in (*chain, here))
        r.error(node, "ke_thua", f"chuỗi kế thừa quá dài (quá {MAX_CHAIN} tầng): {names} → … — cho kế hoạch "
                "kế thừa thẳng kế hoạch gốc, hoặc dùng 'kehoach adapt' để viết thành tệp đầy đủ")
        return None, []
    if not base_path.is_file():
        r.error(node, "ke_thua", f"không tìm thấy kế hoạch gốc '{rel}' (đường dẫn tính từ thư mục của tệp này)")
        return None, []
    return read(base_path, (*chain, here))


def _replacements(r: Reader, node: Node | None, path: str) -> tuple[Replacement, ...]:
    out = []
    for i, n in enumerate(r.seq(node, path)):
        m = r.mapping(n, f"{path}[{i}]", schema.REPLACE) or {}
        find = r.text(m.get("tim"), f"{path}[{i}].tim")
        if find:
            out.append(Replacement(find, r.text(m.get("thay"), f"{path}[{i}].thay"), f"{path}[{i}]"))
    return tuple(out)


def _rows(r: Reader, node: Node | None, base: Plan, index: UnitIndex) -> dict[str, RowChange]:
    kinds = row_ids(base)
    rows: dict[str, RowChange] = {}
    for key_node, value in r.entries(node, "phu_luc.sua"):
        target = str(key_node.value)
        where = f"phu_luc.sua.{target}"
        if target not in kinds:  # said here, with its place, rather than by adapt
            r.error(key_node, where, f"kế hoạch gốc không có nhiệm vụ '{target}'{suggest(target, list(kinds))}")
            continue
        rows[target] = _row_change(r, value, where, kinds[target], index)
    return rows


def _row_change(r: Reader, node: Node, path: str, kind: str, index: UnitIndex) -> RowChange:
    if kind != "task":
        m = r.mapping(node, path, schema.ROW_CHANGE) or {}
        return RowChange(title=r.text(m.get("ten"), f"{path}.ten", required="ten" in m),
                         drop=r.flag(m.get("bo"), f"{path}.bo"), path=path)
    fields = read_fields(r, node, path, schema.TASK, partial=True, index=index,
                         extra={k: False for k in schema.TASK_CHANGE if k not in schema.TASK.keys})
    m = own_nodes(node)
    return RowChange(
        fields=fields,
        add_paragraphs=r.paragraphs(m.get("them_doan"), f"{path}.them_doan"),
        add_sentence=r.text(m.get("them_cau"), f"{path}.them_cau", required="them_cau" in m),
        replacements=_replacements(r, m.get("thay_chu"), f"{path}.thay_chu"),
        drop=r.flag(m.get("bo"), f"{path}.bo"),
        path=path,
    )


def _inserts(r: Reader, node: Node | None, base: Plan, index: UnitIndex) -> tuple[Insert, ...]:
    kinds = row_ids(base)
    out = []
    for i, n in enumerate(r.seq(node, "phu_luc.them")):
        where = f"phu_luc.them[{i}]"
        after_node = own_nodes(n).get("sau")
        after = r.text(after_node, f"{where}.sau")
        label = f"thêm sau {after}" if after else f"thêm thứ {i + 1}"  # its printed number is known only later
        task = parse_task(r, n, where, label, index, extra=schema.INSERT_EXTRA)
        if after_node is not None and after not in kinds:
            r.error(after_node, f"{where}.sau", f"kế hoạch gốc không có nhiệm vụ '{after}'"
                    f"{suggest(after, list(kinds))}")
        elif after:  # its own identity, never the printed number it will take (a base task may have had it)
            own = dataclasses.replace(task, origin=f"{Path(r.name).name}#them[{i}]")
            out.append(Insert(after, own, where))
    return tuple(out)


def _origins(plan: Plan, base: Plan, changes: Changes, top: dict[str, Node]) -> dict[str, str]:
    """Model paths of the adapted plan -> where this file made them (``ke_thua`` when it did not)."""
    made = {insert.task.origin: insert.path for insert in changes.inserts}
    made |= {t.origin or t.id: changes.rows[t.id].path for t in base.tasks() if t.id in changes.rows}

    def origin(task_origin: str) -> str:
        return made.get(task_origin, "ke_thua")

    out: dict[str, str] = {key: "ke_thua" for key in ("noi_dung", "thuc_hien", "co_quan_thuong_truc",
                                                      "co_quan_ban_hanh", "van_ban", "nguoi_ky") if key not in top}
    for where, _, appendix in annex_paths(plan):
        for i in range(len(appendix.sections)):
            out[schema.section_path(where, i, appendix.sectionless)] = "ke_thua"
    for path, task in task_paths(plan):
        out[path] = origin(task.origin)
    own = {u.id: i for i, u in enumerate(changes.units)}
    for i, unit in enumerate(plan.units):
        out[f"don_vi[{i}]"] = f"don_vi[{own[unit.id]}]" if unit.id in own else "ke_thua"
    return out
