"""A resolved plan as one standalone YAML file, in the same keys a clerk writes by hand."""

from __future__ import annotations

from typing import Any

import yaml

from . import schema
from .model import DEFAULT_COLUMNS, ROLE_HEADINGS, ROLE_WIDTHS, Appendix, BodyPart, Group, Plan, Task, Unit
from .vn import VnDate


def _date(d: VnDate) -> str:
    return "/".join(str(p) for p in (d.day, d.month, d.year) if p is not None)


def _drop_empty(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v not in ("", (), [], None, False)}


def _value(kind: str, value: Any) -> Any:
    """A model value as the clerk writes it (the inverse of ``parse.READERS``)."""
    if kind in ("lines", "upper_lines", "units"):
        return list(value)
    if kind == "paragraphs":
        return value[0] if len(value) == 1 else list(value)
    if kind == "date":
        return _date(value)
    if kind == "full_date":
        return f"{value.day}/{value.month}/{value.year}" if value else ""
    return value


def record(obj: Any, rec: schema.Record, *, keep: tuple[str, ...] = ()) -> dict[str, Any]:
    """``obj``'s fields under their YAML keys; empty ones left out unless named in ``keep``."""
    data = {f.key: _value(f.kind, getattr(obj, f.attr)) for f in rec.fields if f.kind != "own"}
    return {k: v for k, v in data.items() if k in keep or v not in ("", (), [], None, False)}


def _task(t: Task) -> dict[str, Any]:
    data = {"stt": t.number, **record(t, schema.TASK, keep=("thoi_gian",)), **dict(t.extra)}
    if t.lead_text:
        data["chu_tri"] = t.lead_text
    if t.partner_text:
        data["phoi_hop"] = t.partner_text
    return data


def _rows(tasks: tuple[Task, ...] | list[Task]) -> list[dict[str, Any]]:
    """Tasks, a task's stacked sub-rows written back under ``dong``."""
    out: list[dict[str, Any]] = []
    runs: list[list[Task]] = []
    for t in tasks:
        if t.continues and runs:
            runs[-1].append(t)
        else:
            runs.append([t])
    for run in runs:
        if len(run) == 1:
            out.append(_task(run[0]))
            continue
        first = _task(run[0])
        head = {"stt": first.pop("stt"), "noi_dung": first.pop("noi_dung")}
        rows = [first] + [{k: v for k, v in _task(t).items()
                           if k != "stt" and not (k == "noi_dung" and t.shared_content)} for t in run[1:]]
        out.append({**head, "dong": rows})
    return out


def _columns(appendix: Appendix) -> list[Any]:
    out: list[Any] = []
    for c in appendix.columns:
        data: dict[str, Any] = {"ma" if c.free else "vai_tro": c.key}
        if c.heading != ROLE_HEADINGS.get(c.key):
            data["tieu_de"] = c.heading
        if c.width != ROLE_WIDTHS.get(c.key):
            data["rong"] = c.width
        if c.in_letters:
            data["trong_cong_van"] = True
        if c.group:
            data["nhom"] = c.group
        out.append(c.key if len(data) == 1 else data)
    return out


def _body(part: BodyPart) -> dict[str, Any]:
    return _drop_empty({
        **record(part, schema.BODY),
        "muc": [_body(c) for c in part.children],
        "ghi_chu_don_vi": dict(part.unit_notes),
    })


def _unit(u: Unit) -> dict[str, Any]:
    data = record(u, schema.UNIT)
    return data | ({"thanh_vien": list(u.members)} if u.members else {})


def plan_to_data(plan: Plan) -> dict[str, Any]:
    """Plan -> plain data that ``load_plan`` reads back to an equal plan."""
    data: dict[str, Any] = {
        "co_quan_ban_hanh": record(plan.issuer, schema.ISSUER),
        "van_ban": {k: v for k, v in record(plan, schema.DOCUMENT, keep=("loai", "so", "ky_hieu", "dia_danh", "ngay",
                                                                          "trich_yeu")).items()
                    if (k, v) not in (("mo_dau", "thuc_hien"), ("danh_so_noi_dung", "la_ma"))},
        "thuc_hien": [record(r, schema.REFERENCE) for r in plan.references],
        "nguoi_ky": record(plan.signer, schema.SIGNER, keep=tuple(f.key for f in schema.SIGNER.fields)),
        "noi_nhan": list(plan.recipients),
        "luu": plan.archive,
    }
    if plan.reporting:
        data["bao_cao"] = record(plan.reporting, schema.REPORTING)
    if plan.standing:
        data["co_quan_thuong_truc"] = plan.standing
    if plan.decision:
        data["quyet_dinh"] = record(plan.decision, schema.DECISION)
    if plan.preamble:
        data["loi_mo_dau"] = list(plan.preamble)
    data["noi_dung"] = [_body(p) for p in plan.body]
    if plan.attachments:
        data["kem_theo"] = [_drop_empty({**record(a, schema.ATTACHMENT), "noi_dung": [_body(p) for p in a.parts]})
                            for a in plan.attachments]
    data["don_vi"] = [_unit(u) for u in plan.units]
    annexes = [_appendix(a) for a in plan.appendices]
    data["phu_luc"] = annexes[0] if len(annexes) == 1 else annexes
    return data


def _appendix(appendix: Appendix) -> dict[str, Any]:
    sections = []
    for s in appendix.sections:
        items: list[Any] = []
        loose: list[Task] = []
        for i in s.items:
            if isinstance(i, Group):
                items += _rows(loose)
                loose = []
                items.append({"stt": i.number, "ten": i.title, "nhiem_vu": _rows(i.tasks)})
            else:
                loose.append(i)
        items += _rows(loose)
        section: dict[str, Any] = {"stt": s.printed, "ten": s.title, "nhiem_vu": items}
        if s.common:
            section["chung"] = dict(s.common)
        sections.append(section)
    head = {"ten": appendix.title, **({"dong_kem_theo": appendix.caption} if appendix.caption else {}),
            **({"danh_so": appendix.numbering} if appendix.numbering != "theo_muc" and not appendix.sectionless
               else {}),
            **({"cot": _columns(appendix)} if appendix.columns != DEFAULT_COLUMNS else {})}
    if appendix.sectionless:  # the one unprinted section's tasks (and merged values) right under phu_luc
        return head | {k: v for k, v in sections[0].items() if k in ("chung", "nhiem_vu")}
    return head | {"muc": sections}


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Long texts as folded blocks: readable and safe for quotes, colons and "- " at the start.
    style = ">" if len(value) > 100 else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _list(dumper: yaml.SafeDumper, value: list[Any]) -> yaml.SequenceNode:
    # A short list of names or codes on one line, as clerks write them: chu_tri: [so-tai-chinh, ubnd-cac-xa]
    short = all(isinstance(v, str | int) for v in value) and len(", ".join(map(str, value))) <= 60
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=short and bool(value))


_Dumper.add_representer(str, _str)
_Dumper.add_representer(list, _list)


def to_yaml_text(data: Any) -> str:
    """Plan data as a plan file writes it: keys in order, long texts folded, short lists on one line."""
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110, default_flow_style=False)


def plan_to_yaml(plan: Plan) -> str:
    header = (
        f"# Kế hoạch đầy đủ, tạo bởi `kehoach adapt` từ {plan.source}"
        + (f" (kế thừa {' → '.join(plan.lineage)})" if plan.lineage else "")
        + ".\n# Tệp này đứng riêng: sửa trực tiếp mọi phần nếu muốn.\n"
    )
    return header + to_yaml_text(plan_to_data(plan))
