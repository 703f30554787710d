"""What belongs to the act of issuing a plan, and is never inherited by another issuer's plan.

A commune that adapts the province's plan issues its own act: its number, date, signer, Nơi nhận, Lưu and
opening are its own. ``identity`` gives, for a plan whose issuer differs from its base's, each of those either
derived (the opening cites the base plan; the signer's authority from the issuer's kind; Nơi nhận and Lưu as a
văn thư writes them) or required (the date and the signer's name, with an example). A revision by the same
issuer, or a base written as a template for every commune ("Ủy ban nhân dân xã"), passes them on as written.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

from .errors import Problem
from .levels import locality
from .model import Issuer, Plan, Reference, Reporting, Signer, Unit
from .vn import abbreviate, lower_common_first, match_key

# The signer block of a body kind when the base's was another kind's (a Thủ tướng's plan adapted by a UBND).
_SIGNERS = {
    "ủy ban nhân dân": Signer(("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH"), "PHÓ CHỦ TỊCH", ""),
}


def inherited(base: Plan, document: Mapping[str, Any], signer: Mapping[str, Any]) -> dict[str, Any]:
    """A revision (or a template's heir): the plan attributes it gives, over the base's."""
    return {**document, "signer": dataclasses.replace(base.signer, **signer)}


def identity(base: Plan, document: Mapping[str, Any], signer: Mapping[str, Any], units: tuple[Unit, ...],
             standing: str) -> tuple[dict[str, Any], list[Problem]]:
    """Another issuer's plan: the attributes it gives, and those of the issuing act it does not give derived
    (or reported missing)."""
    issuer: Issuer = document.get("issuer", base.issuer)
    problems: list[Problem] = []
    values: dict[str, Any] = {"number": "", "symbol": _symbol(base, issuer), "preamble": (),
                              "opening_style": "thuc_hien", "references": (cite_base(base),),
                              "recipients": recipients(base, issuer), "archive": archive(units, standing)}
    place = locality(issuer.name).place
    if "place" not in document:
        if place:
            values["place"] = place
        else:
            problems.append(Problem("van_ban.dia_danh", "chưa có địa danh của văn bản (không lấy của kế hoạch "
                                    "gốc) — ví dụ: van_ban: {dia_danh: Tân Phú Đông}"))
    if "date" not in document or document["date"].is_blank:
        problems.append(Problem("van_ban.ngay", f"chưa có ngày ban hành (không lấy ngày của kế hoạch gốc của "
                                f"{base.issuer.name}) — ví dụ: van_ban: {{ngay: 15/12/2025}}, hoặc chỉ tháng: "
                                "{ngay: 12/2025}"))
    values.update(document)
    values["signer"] = _signer(base, issuer, signer, problems)
    if base.reporting is not None:
        values["reporting"] = _reporting(base, document.get("reporting", base.reporting), issuer, units, standing)
    return values, problems


def cite_base(base: Plan) -> Reference:
    """The base plan as the opening cites it: its number, date, issuer and subject (or its decision's)."""
    subject = lower_common_first(base.subject)
    subject = subject if subject.startswith("về ") else f"về {subject}"
    if base.decision is not None:
        d = base.decision
        return Reference("Quyết định", d.number_text, d.date, base.issuer.name,
                         f"ban hành {base.kind} {subject.removeprefix('về ')}")
    return Reference(base.kind, base.number_text, base.date, base.issuer.name, subject)


def recipients(base: Plan, issuer: Issuer) -> tuple[str, ...]:
    """Nơi nhận as a văn thư writes it: the base's issuer (for its report), the bodies above at this level and
    the signer's colleagues; the units with tasks are added where the plan is printed (one line to Mục IV)."""
    lines = [f"{base.issuer.name} (b/c)"]
    place = locality(issuer.name)
    if match_key(place.body) == "ủy ban nhân dân" and place.level:
        level = place.level
        lines += [f"Thường trực Đảng ủy {level} (b/c)", f"Thường trực HĐND {level}",
                  f"Chủ tịch, các PCT {abbreviate(issuer.name)}"]
    return tuple(lines)


def archive(units: tuple[Unit, ...], standing: str) -> str:
    """``VT`` and the standing body's abbreviation (the unit that drafted the plan keeps a copy)."""
    short = _short(units, standing)
    return f"VT, {short}" if short else "VT"


def _short(units: tuple[Unit, ...], unit_id: str) -> str:
    return next((u.short for u in units if u.id == unit_id), "")


def _symbol(base: Plan, issuer: Issuer) -> str:
    """``KH-UBND``: the kind's abbreviation of the base symbol, then this issuer's."""
    kind = base.symbol.split("-", 1)[0] if base.symbol else ""
    return f"{kind}-{issuer.short}" if kind and issuer.short else base.symbol


def _signer(base: Plan, issuer: Issuer, given: Mapping[str, Any], problems: list[Problem]) -> Signer:
    same_kind = match_key(locality(base.issuer.name).body or base.issuer.name) == \
        match_key(locality(issuer.name).body or issuer.name)
    start = base.signer if same_kind else _SIGNERS.get(match_key(locality(issuer.name).body), Signer((), "", ""))
    signer = dataclasses.replace(start, **{"name": "", **given})
    if not signer.name:
        problems.append(Problem("nguoi_ky.ho_ten", f"chưa có họ tên người ký (không lấy người ký của "
                                f"{base.issuer.name}) — ví dụ: nguoi_ky: {{ho_ten: Nguyễn Văn A}}"))
    if not signer.title:
        problems.append(Problem("nguoi_ky.chuc_vu", "chưa có chức vụ người ký — ví dụ: nguoi_ky: "
                                "{quyen_han: [TM. ỦY BAN NHÂN DÂN, KT. CHỦ TỊCH], chuc_vu: PHÓ CHỦ TỊCH}"))
    return signer


def _reporting(base: Plan, reporting: Reporting, issuer: Issuer, units: tuple[Unit, ...], standing: str
               ) -> Reporting:
    """Reports go to this issuer (through its standing body), which reports to the base's issuer: each of
    these the plan left as the base's is derived."""
    short = _short(units, standing)
    derived = {"to": "", "superior": base.issuer.name,
               "letter_symbol": f"{issuer.short}-{short}" if short and issuer.short else ""}
    old = base.reporting
    return dataclasses.replace(reporting, **{k: v for k, v in derived.items()
                                             if old is None or getattr(reporting, k) == getattr(old, k)})
