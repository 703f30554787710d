"""YAML nodes of a plan -> typed model parts. Every problem is collected in the Reader, never raised."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from .model import (
    Appendix,
    BodyPart,
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
from .vn import VnDate, match_key, point_letter, roman, slugify, upper_title

TOP_KEYS = {
    "co_quan_ban_hanh": True, "van_ban": True, "thuc_hien": False, "nguoi_ky": True, "noi_nhan": False,
    "luu": False, "noi_dung": False, "bao_cao": False, "don_vi": True, "phu_luc": True, "ghi_chu": False,
    "co_quan_thuong_truc": False,
}
REF_KEYS = {"loai": True, "so_ky_hieu": True, "ngay": False, "co_quan": False, "trich_yeu": False}


def _text(r: Reader, n: Node, p: str) -> str:
    return r.text(n, p)


def _upper(r: Reader, n: Node, p: str) -> str:
    return upper_title(r.text(n, p))


def _upper_lines(r: Reader, n: Node, p: str) -> tuple[str, ...]:
    return tuple(upper_title(t) for t in r.texts(n, p))


def _date(r: Reader, n: Node, p: str) -> VnDate:
    return r.date(n, p)


# YAML key -> (model attribute, reader, required in a complete plan)
Fields = dict[str, tuple[str, Callable[[Reader, Node, str], Any], bool]]
ISSUER_FIELDS: Fields = {
    "ten": ("name", _text, True), "viet_tat": ("short", _text, True), "chu_quan": ("parent", _text, False),
    "dong_tieu_de": ("header_lines", _upper_lines, False),
}
DOC_FIELDS: Fields = {
    "loai": ("kind", _text, False), "so": ("number", _text, False), "ky_hieu": ("symbol", _text, True),
    "dia_danh": ("place", _text, True), "ngay": ("date", _date, False), "trich_yeu": ("subject", _text, True),
}
SIGNER_FIELDS: Fields = {
    "quyen_han": ("authority", _upper_lines, False), "chuc_vu": ("title", _upper, True),
    "ho_ten": ("name", _text, True),
}
REPORT_FIELDS: Fields = {
    "gui": ("to", _text, False), "thoi_han": ("deadline", _text, True), "ky": ("period", _text, True),
    "ky_hieu_cong_van": ("letter_symbol", _text, False), "cap_tren": ("superior", _text, False),
}
DOC_DEFAULTS = {"kind": "Kế hoạch", "number": "", "symbol": "", "place": "", "date": VnDate(), "subject": ""}


def read_fields(r: Reader, node: Node | None, path: str, fields: Fields, *, partial: bool = False) -> dict[str, Any]:
    """The given fields of a mapping, by model attribute; required ones checked unless ``partial``."""
    m = r.mapping(node, path, {k: req and not partial for k, (_, _, req) in fields.items()}) or {}
    return {fields[k][0]: fields[k][1](r, v, f"{path}.{k}") for k, v in m.items() if k in fields}


BODY_KEYS = {
    "tieu_de": True, "doan": False, "muc": False, "chi_tiet_phu_luc": False,
    "phan_cong": False, "ghi_chu_don_vi": False, "doan_cuoi": False,
}
UNIT_KEYS = {
    "ma": True, "ten": True, "viet_tat": False, "ten_khac": False,
    "tap_the": False, "thanh_vien": False, "chu_quan": False, "quan_he": False, "dia_danh": False,
}
APPENDIX_KEYS = {"ten": True, "muc": True}
SECTION_KEYS = {"stt": False, "ten": True, "nhiem_vu": True}
TASK_KEYS = {
    "stt": False, "noi_dung": True, "chu_tri": False, "phoi_hop": False,
    "san_pham": False, "thoi_gian": False, "han": False,
}
GROUP_KEYS = {"stt": False, "ten": True, "nhiem_vu": True}


def parse_plan(r: Reader, root: Node | None, path: Path) -> Plan | None:
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
        issuer=make_issuer(read_fields(r, top.get("co_quan_ban_hanh"), "co_quan_ban_hanh", ISSUER_FIELDS)),
        **{**DOC_DEFAULTS, **read_fields(r, top.get("van_ban"), "van_ban", DOC_FIELDS)},
        references=parse_references(r, top.get("thuc_hien")),
        signer=Signer(**{"authority": (), "title": "", "name": "",
                         **read_fields(r, top.get("nguoi_ky"), "nguoi_ky", SIGNER_FIELDS)}),
        recipients=r.texts(top.get("noi_nhan"), "noi_nhan"),
        archive=r.text(top.get("luu"), "luu") or "VT",
        body=parse_body_parts(r, top.get("noi_dung"), index),
        units=units,
        appendix=parse_appendix(r, top.get("phu_luc"), index),
        reporting=parse_reporting(r, top.get("bao_cao")),
        standing=parse_standing(r, top.get("co_quan_thuong_truc"), index),
    )


def parse_standing(r: Reader, node: Node | None, index: UnitIndex) -> str:
    """The standing body: one concrete unit of the registry."""
    if node is None or r.is_null(node):
        return ""
    unit_id = index.resolve(r, node, "co_quan_thuong_truc") or ""
    if unit_id and index.units[unit_id].collective:
        msg = f"'{unit_id}' là đơn vị tập thể — cơ quan thường trực là một đơn vị cụ thể"
        r.error(node, "co_quan_thuong_truc", msg)
        return ""
    return unit_id


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
    refs = []
    for i, n in enumerate(r.seq(node, "thuc_hien")):
        path = f"thuc_hien[{i}]"
        m = r.mapping(n, path, REF_KEYS) or {}
        refs.append(Reference(
            kind=r.text(m.get("loai"), f"{path}.loai"),
            number=r.text(m.get("so_ky_hieu"), f"{path}.so_ky_hieu"),
            date=r.date(m.get("ngay"), f"{path}.ngay"),
            issuer=r.text(m.get("co_quan"), f"{path}.co_quan"),
            subject=r.text(m.get("trich_yeu"), f"{path}.trich_yeu"),
        ))
        missing = [word for word, blank in (("ngày ban hành (ngay)", refs[-1].date.is_blank),
                                            ("trích yếu (trich_yeu)", not refs[-1].subject)) if blank]
        if m and missing:
            r.error(n, path, f"văn bản '{refs[-1].kind} số {refs[-1].number}' chưa có {' và '.join(missing)} — "
                    "Kế hoạch sẽ trích dẫn thiếu; bổ sung nếu biết", warning=True)
    return tuple(refs)


def parse_reporting(r: Reader, node: Node | None, base: Reporting | None = None, *, partial: bool = False
                    ) -> Reporting | None:
    if node is None:
        return base
    values = read_fields(r, node, "bao_cao", REPORT_FIELDS, partial=partial and base is not None)
    start = base.__dict__ if base else {"to": "", "deadline": "", "period": "", "letter_symbol": "", "superior": ""}
    return Reporting(**{**start, **values})


def parse_body_parts(r: Reader, node: Node | None, index: UnitIndex) -> tuple[BodyPart, ...]:
    return tuple(parse_body(r, n, f"noi_dung[{i}]", index) for i, n in enumerate(r.seq(node, "noi_dung")))


def parse_body(r: Reader, node: Node, path: str, index: UnitIndex) -> BodyPart:
    m = r.mapping(node, path, BODY_KEYS) or {}
    notes = []
    for key_node, value in r.entries(m.get("ghi_chu_don_vi"), f"{path}.ghi_chu_don_vi"):
        where = f"{path}.ghi_chu_don_vi.{key_node.value}"
        unit_id = index.resolve(r, key_node, where)
        if unit_id:
            notes.append((unit_id, r.text(value, where, required=True)))
    return BodyPart(
        title=r.text(m.get("tieu_de"), f"{path}.tieu_de"),
        paragraphs=r.paragraphs(m.get("doan"), f"{path}.doan"),
        children=tuple(
            parse_body(r, n, f"{path}.muc[{i}]", index) for i, n in enumerate(r.seq(m.get("muc"), f"{path}.muc"))
        ),
        appendix_pointer=r.flag(m.get("chi_tiet_phu_luc"), f"{path}.chi_tiet_phu_luc"),
        assignments=r.flag(m.get("phan_cong"), f"{path}.phan_cong"),
        unit_notes=tuple(notes),
        closing=r.paragraphs(m.get("doan_cuoi"), f"{path}.doan_cuoi"),
    )


def parse_units(r: Reader, node: Node | None, known: tuple[Unit, ...] = ()) -> tuple[Unit, ...]:
    """The ``don_vi`` list; collective members may also name ``known`` units (those of a base plan)."""
    units: list[Unit] = []
    seen: dict[str, int] = {}
    member_nodes: list[tuple[int, Node, str]] = []
    for i, n in enumerate(r.seq(node, "don_vi")):
        path = f"don_vi[{i}]"
        m = r.mapping(n, path, UNIT_KEYS) or {}
        unit_id = r.text(m.get("ma"), f"{path}.ma")
        if unit_id in seen:
            r.error(m.get("ma"), f"{path}.ma", f"mã đơn vị '{unit_id}' bị trùng (đã có ở dòng {seen[unit_id]})")
        seen[unit_id] = n.start_mark.line + 1
        collective = r.flag(m.get("tap_the"), f"{path}.tap_the")
        for j, member in enumerate(r.seq(m.get("thanh_vien"), f"{path}.thanh_vien")):
            member_nodes.append((i, member, f"{path}.thanh_vien[{j}]"))
        if m.get("thanh_vien") is not None and not collective:
            r.error(m.get("thanh_vien"), f"{path}.thanh_vien", "chỉ đơn vị tập thể (tap_the: true) mới có thanh_vien")
        units.append(
            Unit(
                id=unit_id,
                name=r.text(m.get("ten"), f"{path}.ten"),
                short=r.text(m.get("viet_tat"), f"{path}.viet_tat"),
                aliases=r.texts(m.get("ten_khac"), f"{path}.ten_khac"),
                collective=collective,
                parent=r.text(m.get("chu_quan"), f"{path}.chu_quan"),
                line=n.start_mark.line + 1,
                relation=read_relation(r, m.get("quan_he"), f"{path}.quan_he"),
                place=r.text(m.get("dia_danh"), f"{path}.dia_danh"),
            )
        )
    UnitIndex(tuple(units), r)  # reports names shared by two units
    own = {u.id for u in units}
    index = UnitIndex(tuple(units) + tuple(u for u in known if u.id not in own))
    members: dict[int, list[str]] = {}
    for i, member, path in member_nodes:
        member_id = index.resolve(r, member, path)
        if member_id and index.units[member_id].collective:
            r.error(member, path, f"'{member_id}' là đơn vị tập thể — thanh_vien chỉ gồm đơn vị cụ thể")
        elif member_id:
            members.setdefault(i, []).append(member_id)
    return tuple(
        Unit(**{**u.__dict__, "members": tuple(members.get(i, ()))}) if i in members else u
        for i, u in enumerate(units)
    )


def parse_appendix(r: Reader, node: Node | None, index: UnitIndex) -> Appendix:
    m = r.mapping(node, "phu_luc", APPENDIX_KEYS) or {}
    numbering = Numbering(r)
    sections = []
    for i, n in enumerate(r.seq(m.get("muc"), "phu_luc.muc")):
        path = f"phu_luc.muc[{i}]"
        sm = r.mapping(n, path, SECTION_KEYS) or {}
        sid = numbering.check(sm.get("stt"), n, path, roman(i + 1), "")
        items: list[Task | Group] = []
        for j, item in enumerate(r.seq(sm.get("nhiem_vu"), f"{path}.nhiem_vu")):
            ipath = f"{path}.nhiem_vu[{j}]"
            tid = numbering.check(_get(item, "stt"), item, ipath, str(j + 1), sid)
            if _get(item, "noi_dung") is None and _get(item, "nhiem_vu") is not None:
                items.append(parse_group(r, item, ipath, tid, index, numbering))
            else:
                items.append(parse_task(r, item, ipath, tid, index))
        if not items and sm:
            r.error(n, f"{path}.nhiem_vu", "mục không có nhiệm vụ nào")
        sections.append(Section(sid, r.text(sm.get("ten"), f"{path}.ten"), tuple(items), n.start_mark.line + 1))
    return Appendix(r.text(m.get("ten"), "phu_luc.ten"), tuple(sections))


def parse_group(
    r: Reader, node: Node, path: str, gid: str, index: UnitIndex, numbering: Numbering
) -> Group:
    m = r.mapping(node, path, GROUP_KEYS) or {}
    tasks = []
    for k, n in enumerate(r.seq(m.get("nhiem_vu"), f"{path}.nhiem_vu")):
        tpath = f"{path}.nhiem_vu[{k}]"
        tid = numbering.check(_get(n, "stt"), n, tpath, point_letter(k), gid)
        tasks.append(parse_task(r, n, tpath, tid, index))
    title = r.text(m.get("ten"), f"{path}.ten")
    return Group(gid, gid.rsplit(".", 1)[-1], title, tuple(tasks), node.start_mark.line + 1)


def parse_task(r: Reader, node: Node, path: str, tid: str, index: UnitIndex, extra: dict[str, bool] | None = None
               ) -> Task:
    m = r.mapping(node, path, {**TASK_KEYS, **(extra or {})}) or {}
    content = r.paragraphs(m.get("noi_dung"), f"{path}.noi_dung")
    if m and not content and "noi_dung" in m and not r.is_null(m["noi_dung"]):
        r.error(m["noi_dung"], f"{path}.noi_dung", "nội dung nhiệm vụ trống")
    leads = index.resolve_all(r, m.get("chu_tri"), f"{path}.chu_tri")
    partners = index.resolve_all(r, m.get("phoi_hop"), f"{path}.phoi_hop")
    if m and not leads and not any(i.where.startswith(f"{path}.chu_tri") for i in r.issues):
        r.error(node, f"{path}.chu_tri", f"nhiệm vụ {tid} chưa có đơn vị chủ trì — thêm ít nhất một đơn vị vào chu_tri")
    for unit_id in sorted(set(leads) & set(partners), key=partners.index):
        r.error(
            m["phoi_hop"], f"{path}.phoi_hop",
            f"đơn vị '{unit_id}' vừa chủ trì vừa phối hợp nhiệm vụ {tid} — bỏ ở một trong hai cột",
        )
    return Task(
        id=tid,
        number=tid.rsplit(".", 1)[-1],
        content=content,
        leads=leads,
        partners=partners,
        product=r.text(m.get("san_pham"), f"{path}.san_pham"),
        timeline=r.text(m.get("thoi_gian"), f"{path}.thoi_gian"),
        deadline=r.full_date(m.get("han"), f"{path}.han"),
        line=node.start_mark.line + 1,
    )


def _get(node: Node, key: str) -> Node | None:
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            if k.value == key:
                found: Node = v
                return found
    return None


class Numbering:
    """Checks the printed numbering (stt) of sections and tasks: in order, no duplicates."""

    def __init__(self, r: Reader) -> None:
        self.r = r
        self.seen: dict[str, int] = {}

    def check(self, stt: Node | None, node: Node, path: str, expected: str, parent: str) -> str:
        given = self.r.text(stt, f"{path}.stt") if stt is not None else ""
        label = given or expected
        tid = f"{parent}.{label}" if parent else label
        line = node.start_mark.line + 1
        if tid in self.seen:
            self.r.error(stt or node, f"{path}.stt",
                         f"mã nhiệm vụ '{shorten(tid)}' bị trùng (đã có ở dòng {self.seen[tid]})")
        elif given and match_key(given) != match_key(expected):
            where = f"trong mục {parent}" if parent else "trong phụ lục"
            self.r.error(
                stt, f"{path}.stt",
                f"số thứ tự không đúng thứ tự {where}: ở đây phải là '{expected}', không phải '{shorten(given)}'",
            )
        self.seen.setdefault(tid, line)
        return tid
