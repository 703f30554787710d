"""A resolved plan as one standalone YAML file, in the same keys a clerk writes by hand."""

from __future__ import annotations

from typing import Any

import yaml

from .model import BodyPart, Group, Plan, Task
from .vn import VnDate


def _date(d: VnDate) -> str:
    return "/".join(str(p) for p in (d.day, d.month, d.year) if p is not None)


def _drop_empty(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v not in ("", (), [], None, False)}


def _task(t: Task) -> dict[str, Any]:
    return _drop_empty({
        "stt": t.number,
        "noi_dung": list(t.content) if len(t.content) > 1 else t.content[0],
        "chu_tri": list(t.leads),
        "phoi_hop": list(t.partners),
        "san_pham": t.product,
        "thoi_gian": t.timeline,
        "han": f"{t.deadline.day}/{t.deadline.month}/{t.deadline.year}" if t.deadline else "",
    }) | ({"thoi_gian": ""} if not t.timeline else {})


def _body(part: BodyPart) -> dict[str, Any]:
    return _drop_empty({
        "tieu_de": part.title,
        "doan": list(part.paragraphs),
        "muc": [_body(c) for c in part.children],
        "chi_tiet_phu_luc": part.appendix_pointer,
        "phan_cong": part.assignments,
        "ghi_chu_don_vi": dict(part.unit_notes),
        "doan_cuoi": list(part.closing),
    })


def plan_to_data(plan: Plan) -> dict[str, Any]:
    """Plan -> plain data that ``load_plan`` reads back to an equal plan."""
    issuer = plan.issuer
    data: dict[str, Any] = {
        "co_quan_ban_hanh": _drop_empty({"ten": issuer.name, "viet_tat": issuer.short, "chu_quan": issuer.parent,
                                         "dong_tieu_de": list(issuer.header_lines)}),
        "van_ban": {"loai": plan.kind, "so": plan.number, "ky_hieu": plan.symbol, "dia_danh": plan.place,
                    "ngay": _date(plan.date), "trich_yeu": plan.subject},
        "thuc_hien": [_drop_empty({"loai": r.kind, "so_ky_hieu": r.number, "ngay": _date(r.date), "co_quan": r.issuer,
                                   "trich_yeu": r.subject}) for r in plan.references],
        "nguoi_ky": {"quyen_han": list(plan.signer.authority), "chuc_vu": plan.signer.title,
                     "ho_ten": plan.signer.name},
        "noi_nhan": list(plan.recipients),
        "luu": plan.archive,
    }
    if plan.reporting:
        r = plan.reporting
        data["bao_cao"] = _drop_empty({"gui": r.to, "thoi_han": r.deadline, "ky": r.period,
                                       "ky_hieu_cong_van": r.letter_symbol, "cap_tren": r.superior})
    if plan.standing:
        data["co_quan_thuong_truc"] = plan.standing
    data["noi_dung"] = [_body(p) for p in plan.body]
    data["don_vi"] = [
        _drop_empty({"ma": u.id, "ten": u.name, "viet_tat": u.short, "ten_khac": list(u.aliases),
                     "tap_the": u.collective, "thanh_vien": list(u.members), "chu_quan": u.parent,
                     "quan_he": u.relation, "dia_danh": u.place})
        for u in plan.units
    ]
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
