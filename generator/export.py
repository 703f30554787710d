"""A resolved plan as one standalone YAML file, in the same keys a clerk writes by hand."""

from __future__ import annotations

from typing import Any

import yaml

from . import schema
from .model import BodyPart, Group, Plan, Task, Unit
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
    return {"stt": t.number, **record(t, schema.TASK, keep=("thoi_gian",))}


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
        "van_ban": record(plan, schema.DOCUMENT, keep=tuple(f.key for f in schema.DOCUMENT.fields)),
        "thuc_hien": [record(r, schema.REFERENCE) for r in plan.references],
        "nguoi_ky": record(plan.signer, schema.SIGNER, keep=tuple(f.key for f in schema.SIGNER.fields)),
        "noi_nhan": list(plan.recipients),
        "luu": plan.archive,
    }
    if plan.reporting:
        data["bao_cao"] = record(plan.reporting, schema.REPORTING)
    if plan.standing:
        data["co_quan_thuong_truc"] = plan.standing
    data["noi_dung"] = [_body(p) for p in plan.body]
    data["don_vi"] = [_unit(u) for u in plan.units]
    sections = []
    for s in plan.appendix.sections:
        items = [
            {"stt": i.number, "ten": i.title, "nhiem_vu": [_task(t) for t in i.tasks]} if isinstance(i, Group)
            else _task(i)
            for i in s.items
        ]
        sections.append({"stt": s.id, "ten": s.title, "nhiem_vu": items})
    data["phu_luc"] = {"ten": plan.appendix.title, "muc": sections}
    return data


class _Dumper(yaml.SafeDumper):
    pass


def _str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Long texts as folded blocks: readable and safe for quotes, colons and "- " at the start.
    style = ">" if len(value) > 100 else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def plan_to_yaml(plan: Plan) -> str:
    header = (
        f"# Kế hoạch đầy đủ, tạo bởi `kehoach adapt` từ {plan.source}"
        + (f" (kế thừa {' → '.join(plan.lineage)})" if plan.lineage else "")
        + ".\n# Tệp này đứng riêng: sửa trực tiếp mọi phần nếu muốn.\n"
    )
    body = yaml.dump(plan_to_data(plan), Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110,
                     default_flow_style=False)
    return header + body
