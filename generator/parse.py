"""YAML nodes of a plan -> typed model parts. Every problem is collected in the Reader, never raised."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from . import schema
from .model import Appendix, BodyPart, Group, Issuer, Plan, Reference, Reporting, Section, Signer, Task, Unit
from .reader import Node, Reader, shorten
from .relations import RELATION_WORDS
from .units import UnitIndex
from .vn import VnDate, point_letter, roman, slugify, upper_title

TOP_KEYS = schema.TOP


def _upper_lines(r: Reader, n: Node, p: str) -> tuple[str, ...]:
    return tuple(upper_title(t) for t in r.texts(n, p))


# How a value of each kind is read (``unit``/``units`` need the registry and are read by the callers).
READERS: dict[str, Callable[[Reader, Node, str], Any]] = {
    "text": lambda r, n, p: r.text(n, p),
    "upper": lambda r, n, p: upper_title(r.text(n, p)),
    "lines": lambda r, n, p: r.texts(n, p),
    "upper_lines": _upper_lines,
    "paragraphs": lambda r, n, p: r.paragraphs(n, p),
    "date": lambda r, n, p: r.date(n, p),
    "full_date": lambda r, n, p: r.full_date(n, p),
    "flag": lambda r, n, p: r.flag(n, p),
    "relation": lambda r, n, p: read_relation(r, n, p),
}
DOC_DEFAULTS = {"kind": "Kế hoạch", "number": "", "symbol": "", "place": "", "date": VnDate(), "subject": ""}


def read_fields(r: Reader, node: Node | None, path: str, record: schema.Record, *, partial: bool = False,
                index: UnitIndex | None = None, extra: dict[str, bool] | None = None) -> dict[str, Any]:
    """The fields of a mapping, by model attribute; required ones checked unless ``partial``.

    Fields of kind ``own`` are left to the caller (their value nodes are under their key in ``nodes``)."""
    keys = {k: req and not partial for k, req in {**record.keys, **(extra or {})}.items()}
    m = r.mapping(node, path, keys) or {}
    out: dict[str, Any] = {}
    for f in record.fields:
        if f.key not in m or f.kind == "own":
            continue
        where = f"{path}.{f.key}" if path else f.key
        if f.kind == "units":
            out[f.attr] = index.resolve_all(r, m[f.key], where) if index else ()
        elif f.kind == "unit":
            out[f.attr] = (index.resolve(r, m[f.key], where) or "") if index else ""
        else:
            out[f.attr] = READERS[f.kind](r, m[f.key], where)
    return out


def own_nodes(node: Node | None) -> dict[str, Node]:
    """The value nodes of a mapping by key (for the ``own`` fields its reader handles itself)."""
    if not isinstance(node, yaml.MappingNode):
        return {}
    return {str(k.value): v for k, v in node.value if isinstance(k, yaml.ScalarNode)}


def parse_plan(r: Reader, root: Node | None, path: Path) -> Plan | None:
    """Reading only: shapes, types and names of units. Rules between fields are ``validate``'s."""
    if root is None:
        r.error(None, "", "tệp trống — cần có ít nhất co_quan_ban_hanh, van_ban, nguoi_ky, don_vi, phu_luc")
        return None
    top = r.mapping(root, "", TOP_KEYS)
    if top is None:
        return None
    units = parse_units(r, top.get("don_vi"))
    index = UnitIndex(units)
    return Plan(
        name=path.stem,
        source=r.name,
        issuer=make_issuer(read_fields(r, top.get("co_quan_ban_hanh"), "co_quan_ban_hanh", schema.ISSUER)),
        **{**DOC_DEFAULTS, **read_fields(r, top.get("van_ban"), "van_ban", schema.DOCUMENT)},
        references=parse_references(r, top.get("thuc_hien")),
        signer=Signer(**{"authority": (), "title": "", "name": "",
                         **read_fields(r, top.get("nguoi_ky"), "nguoi_ky", schema.SIGNER)}),
        recipients=r.texts(top.get("noi_nhan"), "noi_nhan"),
        archive=r.text(top.get("luu"), "luu") or "VT",
        body=parse_body_parts(r, top.get("noi_dung"), index),
        units=units,
        appendix=parse_appendix(r, top.get("phu_luc"), index),
        reporting=parse_reporting(r, top.get("bao_cao")),
        standing=parse_standing(r, top.get("co_quan_thuong_truc"), index),
    )


def parse_standing(r: Reader, node: Node | None, index: UnitIndex) -> str:
    """The standing body, by any name of the registry (``validate`` checks it is one concrete unit)."""
    if node is None or r.is_null(node):
        return ""
    return index.resolve(r, node, "co_quan_thuong_truc") or ""


def read_relation(r: Reader, node: Node | None, path: str) -> str:
    """``quan_he``: truc_thuoc / cap_duoi / ngoai (also written "trực thuộc", "cấp dưới", "bên ngoài")."""
    text = r.text(node, path)
    if not text:
        return ""
    found = RELATION_WORDS.get(slugify(text).replace("-", "_"))
    if found is None:
        r.error(node, path, f"quan_he '{shorten(text)}' không hợp lệ — ghi truc_thuoc (đơn vị thuộc cơ quan ban hành), "
                "cap_duoi (chính quyền cấp dưới) hoặc ngoai (cơ quan, tổ chức bên ngoài)")
    return found or ""


def make_issuer(values: dict[str, Any], base: Issuer | None = None) -> Issuer:
    """An Issuer from read fields (over ``base``); the header lines follow the name unless given."""
    merged = {**(base.__dict__ if base else {"name": "", "short": ""}), **values}
    if "header_lines" not in values and ("name" in values or not merged.get("header_lines")):
        merged["header_lines"] = default_header_lines(merged["name"])
    return Issuer(**merged)


def default_header_lines(name: str) -> tuple[str, ...]:
    """``Ủy ban nhân dân xã Xốp`` -> ("ỦY BAN NHÂN DÂN", "XÃ XỐP"); other names on one line."""
    for lead in ("Ủy ban nhân dân", "Hội đồng nhân dân"):
        if name.lower().startswith(lead.lower()) and len(name) > len(lead):
            return (upper_title(lead), upper_title(name[len(lead) :].strip()))
    return (upper_title(name),) if name else ()


def parse_references(r: Reader, node: Node | None) -> tuple[Reference, ...]:
    blank = {"kind": "", "number": "", "date": VnDate(), "issuer": "", "subject": ""}
    return tuple(Reference(**{**blank, **read_fields(r, n, f"thuc_hien[{i}]", schema.REFERENCE)})
                 for i, n in enumerate(r.seq(node, "thuc_hien")))


def parse_reporting(r: Reader, node: Node | None, base: Reporting | None = None, *, partial: bool = False
                    ) -> Reporting | None:
    if node is None:
        return base
    values = read_fields(r, node, "bao_cao", schema.REPORTING, partial=partial and base is not None)
    start = base.__dict__ if base else {"to": "", "deadline": "", "period": "", "letter_symbol": "", "superior": ""}
    return Reporting(**{**start, **values})


def parse_body_parts(r: Reader, node: Node | None, index: UnitIndex) -> tuple[BodyPart, ...]:
    return tuple(parse_body(r, n, f"noi_dung[{i}]", index) for i, n in enumerate(r.seq(node, "noi_dung")))


def parse_body(r: Reader, node: Node, path: str, index: UnitIndex) -> BodyPart:
    values = read_fields(r, node, path, schema.BODY)
    nodes = own_nodes(node)
    notes = []
    for key_node, value in r.entries(nodes.get("ghi_chu_don_vi"), f"{path}.ghi_chu_don_vi"):
        where = f"{path}.ghi_chu_don_vi.{key_node.value}"
        unit_id = index.resolve(r, key_node, where)
        if unit_id:
            notes.append((unit_id, r.text(value, where, required=True)))
    children = tuple(parse_body(r, n, f"{path}.muc[{i}]", index)
                     for i, n in enumerate(r.seq(nodes.get("muc"), f"{path}.muc")))
    return BodyPart(**{"title": "", **values, "children": children, "unit_notes": tuple(notes)})


def parse_units(r: Reader, node: Node | None, known: tuple[Unit, ...] = ()) -> tuple[Unit, ...]:
    """The ``don_vi`` list; collective members may also name ``known`` units (those of a base plan)."""
    units: list[Unit] = []
    member_nodes: list[tuple[int, Node, str]] = []
    for i, n in enumerate(r.seq(node, "don_vi")):
        path = f"don_vi[{i}]"
        values = read_fields(r, n, path, schema.UNIT)
        for j, member in enumerate(r.seq(own_nodes(n).get("thanh_vien"), f"{path}.thanh_vien")):
            member_nodes.append((i, member, f"{path}.thanh_vien[{j}]"))
        units.append(Unit(**{"id": "", "name": "", **values, "line": n.start_mark.line + 1}))
    own = {u.id for u in units}
    index = UnitIndex(tuple(units) + tuple(u for u in known if u.id not in own))
    members: dict[int, list[str]] = {}
    for i, member, path in member_nodes:
        member_id = index.resolve(r, member, path)
        if member_id:
            members.setdefault(i, []).append(member_id)
    return tuple(
        Unit(**{**u.__dict__, "members": tuple(members.get(i, ()))}) if i in members else u
        for i, u in enumerate(units)
    )


def parse_appendix(r: Reader, node: Node | None, index: UnitIndex) -> Appendix:
    values = read_fields(r, node, "phu_luc", schema.APPENDIX)
    sections = []
    for i, n in enumerate(r.seq(own_nodes(node).get("muc"), "phu_luc.muc")):
        path = f"phu_luc.muc[{i}]"
        sm = own_nodes(n)
        head = read_fields(r, n, path, schema.SECTION)
        sid = _number(r, sm.get("stt"), path, roman(i + 1), "")
        items: list[Task | Group] = []
        for j, item in enumerate(r.seq(sm.get("nhiem_vu"), f"{path}.nhiem_vu")):
            ipath = f"{path}.nhiem_vu[{j}]"
            im = own_nodes(item)
            tid = _number(r, im.get("stt"), ipath, str(j + 1), sid)
            if im.get("noi_dung") is None and im.get("nhiem_vu") is not None:
                items.append(parse_group(r, item, ipath, tid, index))
            else:
                items.append(parse_task(r, item, ipath, tid, index))
        sections.append(Section(sid, head.get("title", ""), tuple(items), n.start_mark.line + 1))
    return Appendix(values.get("title", ""), tuple(sections))


def parse_group(r: Reader, node: Node, path: str, gid: str, index: UnitIndex) -> Group:
    values = read_fields(r, node, path, schema.GROUP)
    tasks = []
    for k, n in enumerate(r.seq(own_nodes(node).get("nhiem_vu"), f"{path}.nhiem_vu")):
        tpath = f"{path}.nhiem_vu[{k}]"
        tid = _number(r, own_nodes(n).get("stt"), tpath, point_letter(k), gid)
        tasks.append(parse_task(r, n, tpath, tid, index))
    return Group(gid, gid.rsplit(".", 1)[-1], values.get("title", ""), tuple(tasks), node.start_mark.line + 1)


def parse_task(r: Reader, node: Node, path: str, tid: str, index: UnitIndex, extra: dict[str, bool] | None = None
               ) -> Task:
    values = read_fields(r, node, path, schema.TASK, index=index, extra=extra)
    blank = {"content": (), "leads": (), "partners": (), "product": "", "timeline": ""}
    return Task(**{**blank, **values, "id": tid, "number": tid.rsplit(".", 1)[-1], "line": node.start_mark.line + 1})


def _number(r: Reader, stt: Node | None, path: str, expected: str, parent: str) -> str:
    """A row's id: its printed number (``stt`` as written, else its place) under its parent's id."""
    label = (r.text(stt, f"{path}.stt") if stt is not None else "") or expected
    return f"{parent}.{label}" if parent else label
