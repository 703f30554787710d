"""The clerk's corrections to the units an import read, before the plan file is written: a name read wrong ("Các
Cục: Bản quyền tác giả"), a collective that is one body or a body that is a collective, the members a collective
has, its relation to the issuer (which decides "giao" or "đề nghị" in its letter). The web page's import step
offers them; the plan file records each as a comment.

A renamed unit keeps its name as read among its other spellings (``ten_khac``), so a lead or partner cell kept
as printed still reads back to it.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

from ..errors import KehoachError
from ..relations import LABELS
from ..vn import match_key, nfc
from .output import Imported, summary

MAX_NAME = 300


@dataclass(frozen=True)
class UnitFix:
    name: str
    collective: bool
    members: tuple[str, ...] = ()  # unit codes, for a collective
    relation: str = ""  # truc_thuoc / cap_duoi / ngoai; "" = inferred from the name, as kehoach does


class BadFix(KehoachError):
    """A correction that cannot be applied: said in the clerk's words, nothing changed."""


def fix_units(imported: Imported, fixes: dict[str, UnitFix]) -> Imported:
    """A copy of ``imported`` with the units of ``fixes`` (by code) corrected and each change noted."""
    out = copy.deepcopy(imported)
    units = {u["ma"]: u for u in out.data.get("don_vi", [])}
    singles = {code for code, u in units.items() if not u.get("tap_the")}
    changed = []
    for code, fix in fixes.items():
        if code not in units:
            raise BadFix(f"không có đơn vị mã “{code[:40]}” trong bản nhập — tải lại trang")
        said = _apply(units[code], fix, singles - {code}, units)
        if said:
            changed.append(said)
    names = [match_key(str(u["ten"])) for u in units.values()]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise BadFix(f"hai đơn vị cùng tên “{twice[0]}” — đặt tên khác, hoặc để một đơn vị là tập thể gồm đơn vị kia")
    out.notes += [f"đã sửa khi nhập: {c}" for c in changed]
    annexes = out.data["phu_luc"] if isinstance(out.data.get("phu_luc"), list) else [out.data.get("phu_luc", {})]
    out.summary = summary(out.data, annexes, out.missing)
    out.reload()
    return out


def _apply(unit: dict[str, Any], fix: UnitFix, singles: set[str], units: dict[str, dict[str, Any]]) -> str:
    """One unit corrected in place; what changed, in words ("" when nothing did)."""
    name = nfc(" ".join(fix.name.split()))
    if not name or len(name) > MAX_NAME:
        raise BadFix(f"tên đơn vị “{str(unit['ten'])[:60]}” để trống hoặc quá dài — ghi tên đầy đủ của đơn vị")
    unknown = [m for m in fix.members if m not in singles]
    if unknown:
        raise BadFix(f"“{name[:60]}”: thành viên “{unknown[0][:40]}” không phải một đơn vị của bản nhập")
    if fix.relation and fix.relation not in LABELS:
        raise BadFix(f"“{name[:60]}”: quan hệ “{fix.relation[:20]}” không có — chọn trực thuộc, cấp dưới hoặc "
                     "bên ngoài")
    said = []
    old = str(unit["ten"])
    if name != old:
        unit["ten"] = name
        if match_key(old) != match_key(name):
            unit["ten_khac"] = list(dict.fromkeys([*unit.get("ten_khac", []), old]))  # cells printed as read
        said.append(f"“{old}” → “{name}”")
    if fix.collective != bool(unit.get("tap_the")):
        said.append("là tập thể" if fix.collective else "là một đơn vị, không phải tập thể")
    _set(unit, "tap_the", fix.collective)
    members = list(dict.fromkeys(fix.members)) if fix.collective else []
    if members != list(unit.get("thanh_vien", [])):
        said.append("thành viên: " + (", ".join(str(units[m]["ten"]) for m in members) or "không còn"))
    _set(unit, "thanh_vien", members)
    if fix.relation != unit.get("quan_he", ""):
        said.append(f"quan hệ: {LABELS[fix.relation] if fix.relation else 'kehoach tự suy ra theo tên'}")
    _set(unit, "quan_he", fix.relation)
    return f"{name}: {'; '.join(said)}" if said else ""


def _set(unit: dict[str, Any], key: str, value: Any) -> None:
    if value:
        unit[key] = value
    else:
        unit.pop(key, None)
