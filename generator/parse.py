"""YAML nodes of a plan -> typed model parts. Every problem is collected in the Reader, never raised."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from . import numbering, schema
from .model import (
    DEFAULT_COLUMNS,
    ROLE_HEADINGS,
    ROLE_WIDTHS,
    Appendix,
    Attachment,
    BodyPart,
    Column,
    Decision,
    Group,
    Issuer,
    Plan,
    Reference,
    Reporting,
    Section,
    Signer,
    Task,
    Unit,
)
from .reader import Node, Reader, shorten
from .relations import RELATION_WORDS
from .units import UnitIndex
from .vn import VnDate, header_lines, point_letter, slugify, upper_title

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
CHOICES = {"opening_style": ("van_ban.mo_dau", schema.OPENING_STYLES,
                             "thuc_hien (mở đầu \"Thực hiện …\") hoặc can_cu (các dòng \"Căn cứ …\")"),
           "body_numbering": ("van_ban.danh_so_noi_dung", schema.BODY_NUMBERINGS,
                              "la_ma (I., 1., a)), phan_muc (Phần I, I., 1., a)) hoặc so (1., a): công văn không "
                              "có mục La Mã)")}


def document_fields(r: Reader, node: Node | None, *, partial: bool = False) -> dict[str, Any]:
    """``van_ban``: the plan's own document data; a choice written wrongly is reported and left at its default."""
    values = read_fields(r, node, "van_ban", schema.DOCUMENT, partial=partial)
    for attr, (where, allowed, words) in CHOICES.items():
        value = values.pop(attr, "")
        if value and value not in allowed:
            r.error(r.at.get(where), where, f"'{shorten(value)}' không hợp lệ — ghi {words}")
        elif value:
            values[attr] = value
    return values


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
            cell = m[f.key]
            if isinstance(cell, yaml.ScalarNode) and index and index.find(r.text(cell, where)) is None:
                continue  # a cell as printed, naming several units: read by its record's own code
            out[f.attr] = index.resolve_all(r, cell, where) if index else ()
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
        **{**DOC_DEFAULTS, **document_fields(r, top.get("van_ban"))},
        references=parse_references(r, top.get("thuc_hien")),
        signer=Signer(**{"authority": (), "title": "", "name": "",
                         **read_fields(r, top.get("nguoi_ky"), "nguoi_ky", schema.SIGNER)}),
        recipients=r.texts(top.get("noi_nhan"), "noi_nhan"),
        archive=r.text(top.get("luu"), "luu") or "VT",
        body=parse_body_parts(r, top.get("noi_dung"), index),
        units=units,
        **appendices(parse_appendices(r, top.get("phu_luc"), index)),
        reporting=parse_reporting(r, top.get("bao_cao")),
        standing=parse_standing(r, top.get("co_quan_thuong_truc"), index),
        decision=parse_decision(r, top.get("quyet_dinh")),
        preamble=r.paragraphs(top.get("loi_mo_dau"), "loi_mo_dau"),
        attachments=parse_attachments(r, top.get("kem_theo"), index),
    )


def parse_decision(r: Reader, node: Node | None) -> Decision | None:
    if node is None or r.is_null(node):
        return None
    values = read_fields(r, node, "quyet_dinh", schema.DECISION)
    return Decision(**{"number": "", "symbol": "", "date": VnDate(), **values})


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
    """``Ủy ban nhân dân xã Xốp`` -> ("ỦY BAN NHÂN DÂN", "XÃ XỐP"); other names broken where a văn thư breaks
    them (``vn.header_lines``)."""
    for lead in ("Ủy ban nhân dân", "Hội đồng nhân dân"):
        if name.lower().startswith(lead.lower()) and len(name) > len(lead):
            return (upper_title(lead), upper_title(name[len(lead) :].strip()))
    return tuple(header_lines(upper_title(name))) if name else ()


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


def parse_body_parts(r: Reader, node: Node | None, index: UnitIndex, where: str = "noi_dung"
                     ) -> tuple[BodyPart, ...]:
    return tuple(parse_body(r, n, f"{where}[{i}]", index) for i, n in enumerate(r.seq(node, where)))


def parse_attachments(r: Reader, node: Node | None, index: UnitIndex) -> tuple[Attachment, ...]:
    """``kem_theo``: the texts printed after the signature, each a title with paragraphs and parts."""
    out = []
    for i, item in enumerate(r.seq(node, "kem_theo")):
        where = f"kem_theo[{i}]"
        values = read_fields(r, item, where, schema.ATTACHMENT)
        parts = parse_body_parts(r, own_nodes(item).get("noi_dung"), index, f"{where}.noi_dung")
        out.append(Attachment(**{"title": "", **values, "parts": parts}))
    return tuple(out)


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


def appendices(found: tuple[Appendix, ...]) -> dict[str, Any]:
    """Plan fields for the appendices read: the first, and the others."""
    return {"appendix": found[0] if found else Appendix("", ()), "more_appendices": found[1:]}


def parse_appendices(r: Reader, node: Node | None, index: UnitIndex) -> tuple[Appendix, ...]:
    """``phu_luc``: one appendix (a mapping), or several (a list: Phụ lục I, II …, ids prefixed PLI., PLII.)."""
    if isinstance(node, yaml.SequenceNode):
        items = r.seq(node, "phu_luc")
        return tuple(parse_appendix(r, n, index, f"phu_luc[{k}]", numbering.annex_prefix(k, len(items)))
                     for k, n in enumerate(items))
    return (parse_appendix(r, node, index),)


def parse_appendix(r: Reader, node: Node | None, index: UnitIndex, where: str = "phu_luc", prefix: str = ""
                   ) -> Appendix:
    values = read_fields(r, node, where, schema.APPENDIX)
    nodes = own_nodes(node)
    columns = parse_columns(r, nodes.get("cot"), f"{where}.cot")
    sectionless = "nhiem_vu" in nodes and "muc" not in nodes
    style = read_style(r, nodes.get("danh_so"), f"{where}.danh_so")
    if sectionless:
        if "danh_so" in nodes and style not in ("lien_tuc", "nhu_in"):
            r.error(nodes["danh_so"], f"{where}.danh_so", "bảng không chia mục (nhiem_vu ngay dưới phu_luc) đánh số "
                    "1, 2 … đến hết bảng — bỏ danh_so")
        style = style if style == "nhu_in" else "lien_tuc"
    elif node is not None and isinstance(node, yaml.MappingNode):
        for key in ("nhiem_vu", "chung"):
            if key in nodes:
                r.error(nodes[key], f"{where}.{key}", f"{key} ngay dưới phu_luc chỉ dùng cho bảng không chia mục — "
                        f"bỏ muc, hoặc chuyển {key} vào từng mục")
        if "muc" not in nodes:
            r.error(node, f"{where}.muc", "thiếu trường bắt buộc 'muc' (các mục I, II … của bảng) — bảng không chia "
                    "mục thì ghi nhiem_vu ngay dưới phu_luc")
    free = {c.key: False for c in columns if c.free}
    sections = []
    running = 0
    taken: set[str] = set()  # nhu_in: ids made unique where the table repeats a number
    section_nodes = [node] if sectionless and node is not None else r.seq(nodes.get("muc"), f"{where}.muc")
    for i, n in enumerate(section_nodes):
        path = schema.section_path(where, i, sectionless)
        sm = own_nodes(n)
        head = {} if sectionless else read_fields(r, n, path, schema.SECTION)
        label = numbering.section_label(style, i) if sectionless else _label(
            r, sm.get("stt"), path, numbering.section_label(style, i))
        sid, number = prefix + label, None
        if style == "nhu_in":  # printed as received, even empty
            sid, number = numbering.unique(sid, taken), r.text(sm["stt"], f"{path}.stt") if "stt" in sm else label
        items: list[Task | Group] = []
        for j, item in enumerate(r.seq(sm.get("nhiem_vu"), f"{path}.nhiem_vu")):
            ipath = f"{path}.nhiem_vu[{j}]"
            im = own_nodes(item)
            running += 1
            label = _label(r, im.get("stt"), ipath, numbering.task_label(style, sid, j, running))
            tid = numbering.task_id(style, sid, label)
            if style == "nhu_in":
                tid = numbering.unique(tid, taken)
            rows: list[Task | Group]
            if im.get("noi_dung") is None and im.get("nhiem_vu") is not None:
                rows = [parse_group(r, item, ipath, tid, index, free, as_printed=style == "nhu_in")]
            else:
                rows = list(parse_task_rows(r, item, ipath, tid, index, free))
            if style == "nhu_in":  # the STT cell as printed, not as the id reads ("A.1.1" prints "1.1"), even empty
                rows[0] = dataclasses.replace(rows[0], number=_printed(r, im.get("stt"), ipath, label))
            items.extend(rows)
        common = tuple((str(k.value), r.text(v, f"{path}.chung.{k.value}"))
                       for k, v in r.entries(sm.get("chung"), f"{path}.chung"))
        sections.append(Section(sid, head.get("title", ""), tuple(items), n.start_mark.line + 1, common, number))
    return Appendix(values.get("title", ""), tuple(sections), columns, style, values.get("caption", ""), sectionless)


def read_style(r: Reader, node: Node | None, where: str = "phu_luc.danh_so") -> str:
    text = r.text(node, where)
    if text and text not in numbering.STYLES:
        r.error(node, where, f"danh_so '{shorten(text)}' không hợp lệ — ghi theo_muc (mỗi mục đánh số "
                "lại từ 1), lien_tuc (đánh số liền từ 1 đến hết bảng), hai_cap (1.1, 1.2 …) hoặc nhu_in (giữ số "
                "như bảng nhận được in)")
        return "theo_muc"
    return text or "theo_muc"


def parse_columns(r: Reader, node: Node | None, where: str = "phu_luc.cot") -> tuple[Column, ...]:
    """``phu_luc.cot``: roles by name (``- chu_tri``) or as a mapping with tieu_de/rong; free columns by ``ma``."""
    if node is None or r.is_null(node):
        return DEFAULT_COLUMNS
    out: list[Column] = []
    for i, n in enumerate(r.seq(node, where)):
        path = f"{where}[{i}]"
        values = {"key": r.text(n, path)} if isinstance(n, yaml.ScalarNode) else read_fields(r, n, path, schema.COLUMN)
        key = values.get("key", "")
        free = key not in schema.ROLES
        if isinstance(n, yaml.MappingNode) and "vai_tro" in own_nodes(n) and free:
            r.error(own_nodes(n)["vai_tro"], f"{path}.vai_tro", f"vai_tro '{shorten(key)}' không có — các vai trò: "
                    f"{', '.join(schema.ROLES)}; cột khác ghi bằng ma (ví dụ ma: kinh_phi)")
            continue
        if free and (not key.isidentifier() or key in schema.RESERVED_TASK_KEYS):
            r.error(n, path, f"mã cột '{shorten(key)}' không dùng được — ghi chữ thường không dấu, nối bằng '_' "
                    "(ví dụ kinh_phi), khác các khóa của nhiệm vụ")
            continue
        width = _width(r, own_nodes(n).get("rong"), f"{path}.rong")
        out.append(Column(key, values.get("heading") or ROLE_HEADINGS.get(key, key),
                          width or ROLE_WIDTHS.get(key, 2.5), free, bool(values.get("in_letters", False)),
                          values.get("group", "")))
    return tuple(out)


def _width(r: Reader, node: Node | None, path: str) -> float:
    text = r.text(node, path).replace(",", ".")
    if not text:
        return 0.0
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.5 <= value <= 25:
        r.error(node, path, f"độ rộng cột '{shorten(text)}' không hợp lệ — ghi số xăng-ti-mét, ví dụ 2,5")
        return 0.0
    return value


def parse_group(r: Reader, node: Node, path: str, gid: str, index: UnitIndex, free: dict[str, bool],
                *, as_printed: bool = False) -> Group:
    """A group's tasks: a), b) … under its number; ``as_printed`` (nhu_in), each task's STT cell as the table
    prints it ("5.1.2" under "5.1")."""
    values = read_fields(r, node, path, schema.GROUP)
    tasks: list[Task] = []
    for k, n in enumerate(r.seq(own_nodes(node).get("nhiem_vu"), f"{path}.nhiem_vu")):
        tpath = f"{path}.nhiem_vu[{k}]"
        label = _label(r, own_nodes(n).get("stt"), tpath, point_letter(k))
        rows = parse_task_rows(r, n, tpath, f"{gid}.{label}", index, free)
        if as_printed:
            rows[0] = dataclasses.replace(rows[0], number=_printed(r, own_nodes(n).get("stt"), tpath, label))
        tasks.extend(rows)
    return Group(gid, numbering.place(gid)[1], values.get("title", ""), tuple(tasks), node.start_mark.line + 1)


def parse_task_rows(r: Reader, node: Node, path: str, tid: str, index: UnitIndex, free: dict[str, bool]
                    ) -> list[Task]:
    """A task, or the stacked sub-rows (``dong``) that share its number: each row one Task of the model."""
    task = parse_task(r, node, path, tid, index, free)
    rows = r.seq(own_nodes(node).get("dong"), f"{path}.dong")
    if not rows:
        return [task]
    out = []
    for k, n in enumerate(rows):
        rpath = f"{path}.dong[{k}]"
        keys = {f.key: False for f in schema.TASK.fields if f.kind != "own"} | free
        values = read_fields(r, n, rpath, schema.TASK, partial=True, index=index, extra=keys)
        values |= _cell_texts(r, n, rpath, index)
        extra = dict(task.extra) | _free_values(r, n, rpath, free)
        merged_up = values.pop("merged_up", task.merged_up if k == 0 else ())  # a sub-row's own, never inherited
        out.append(dataclasses.replace(
            task, **values, id=numbering.subrow_id(tid, k), extra=tuple(extra.items()), continues=k > 0,
            shared_content=k > 0 and "content" not in values, line=n.start_mark.line + 1, merged_up=merged_up))
    return out


def parse_task(r: Reader, node: Node, path: str, tid: str, index: UnitIndex, free: dict[str, bool] | None = None,
               extra: dict[str, bool] | None = None) -> Task:
    keys = {**(extra or {}), **(free or {}), "dong": False}
    values = read_fields(r, node, path, schema.TASK, index=index, extra=keys)
    values |= _cell_texts(r, node, path, index)
    blank = {"content": (), "leads": (), "partners": (), "product": "", "timeline": ""}
    return Task(**{**blank, **values, "id": tid, "number": numbering.place(tid)[2] or numbering.place(tid)[1],
                   "extra": tuple(_free_values(r, node, path, free or {}).items()),
                   "line": node.start_mark.line + 1})


def _free_values(r: Reader, node: Node, path: str, free: dict[str, bool]) -> dict[str, str]:
    nodes = own_nodes(node)
    return {key: text for key in free if (text := r.text(nodes.get(key), f"{path}.{key}"))}


def _cell_texts(r: Reader, node: Node, path: str, index: UnitIndex) -> dict[str, Any]:
    """A lead/partner cell written as the plan prints it ("Sở Tài chính; UBND các xã, phường"): its units
    drive letters and forms, the text is printed as written."""
    out: dict[str, Any] = {}
    nodes = own_nodes(node)
    for key, attr, text_attr in (("chu_tri", "leads", "lead_text"), ("phoi_hop", "partners", "partner_text")):
        cell = nodes.get(key)
        if not isinstance(cell, yaml.ScalarNode) or r.is_null(cell):
            continue
        text = r.text(cell, f"{path}.{key}")
        found = index.find(text)
        if found is not None and text in (found, index.units[found].name):
            continue  # one unit by its code or its name: printed by its name
        if found is not None:  # one unit by another of its names: printed as written
            out.update({attr: (found,), text_attr: text})
            continue
        ids = index.resolve_cell(r, cell, f"{path}.{key}", text)
        out.update({attr: ids, text_attr: text} if ids else {})
    return out


def _printed(r: Reader, stt: Node | None, path: str, label: str) -> str:
    """nhu_in: the STT cell as the table prints it — empty when written empty (``stt: ''``)."""
    return r.text(stt, f"{path}.stt") if stt is not None else label


def _label(r: Reader, stt: Node | None, path: str, expected: str) -> str:
    """A row's printed number: ``stt`` as written, else its place (``validate`` checks the order)."""
    return (r.text(stt, f"{path}.stt") if stt is not None else "") or expected
