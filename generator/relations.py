"""Who a unit is to the issuer (van-phong.md §1), and the names, place and parent body it is addressed by.

The relation decides the verb of every sentence addressed to the unit: units under the issuer and lower levels
of government are "giao"-ed tasks; bodies outside the issuer's command (the Mặt trận, the Hội and Đoàn, banks,
Công an, Party bodies, the press) are "đề nghị"-ed. It is data (``quan_he``); when the data is silent it is
inferred from the name, and ``kehoach validate`` shows what it assumed.
"""

from __future__ import annotations

from .levels import LEVEL_WORDS, locality
from .model import Plan, Unit
from .vn import match_key, spelled_out

UNDER, LOWER, OUTSIDE = "truc_thuoc", "cap_duoi", "ngoai"
LABELS = {UNDER: "trực thuộc", LOWER: "cấp dưới", OUTSIDE: "bên ngoài"}
RELATION_WORDS = {
    UNDER: UNDER, "truc_thuoc": UNDER, "thuoc": UNDER,
    LOWER: LOWER, "cap_duoi": LOWER,
    OUTSIDE: OUTSIDE, "ben_ngoai": OUTSIDE, "ngoai": OUTSIDE,
}

# Name beginnings (match_key form), checked in this order: "phòng giao dịch" is a bank, not a phòng.
_OUTSIDE = (
    "ủy ban mặt trận", "mặt trận", "hội ", "các hội", "đoàn thanh niên", "tỉnh đoàn", "huyện đoàn", "thành đoàn",
    "liên đoàn", "ngân hàng", "chi nhánh ngân hàng", "phòng giao dịch", "công an", "kho bạc", "bảo hiểm",
    "cục thuế", "chi cục", "thuế", "đảng ủy", "ban thường vụ", "tỉnh ủy", "huyện ủy", "thường trực", "báo ",
    "đài ", "các cơ quan báo chí", "cơ quan báo chí", "viện kiểm sát", "tòa án", "bộ chỉ huy", "ban chỉ huy",
    "các tổ chức", "các đoàn thể", "tổ chức", "doanh nghiệp", "các doanh nghiệp",
)
_LOWER = ("ủy ban nhân dân", "ubnd", "chính quyền")
_UNDER = (
    "phòng ", "văn phòng", "sở ", "các sở", "các phòng", "ban quản lý", "ban dân tộc", "trung tâm", "thanh tra",
    "trường ", "các trường", "trạm y tế", "bộ phận", "các cơ quan chuyên môn",
)


def relation(plan: Plan, unit: Unit) -> str:
    """The unit's relation to the issuer: from the data, else inferred."""
    return unit.relation or inferred_relation(plan, unit)


def inferred_relation(plan: Plan, unit: Unit) -> str:
    if unit.collective and unit.members:
        kinds = {relation(plan, plan.unit(m)) for m in unit.members}
        if len(kinds) == 1:
            return kinds.pop()
    key = match_key(unit.name) + " "
    if key.startswith(_OUTSIDE):
        return OUTSIDE
    if key.startswith(_LOWER) and match_key(unit.name) != match_key(plan.issuer.name):
        return LOWER
    if key.startswith(_UNDER):
        return UNDER
    return OUTSIDE  # unknown: "đề nghị" is never an order to a body the issuer does not command


def assumed_relations(plan: Plan) -> dict[str, list[str]]:
    """Relation label -> names of the concrete units whose relation was inferred, for `validate` to show."""
    out: dict[str, list[str]] = {}
    for unit in plan.units:
        if not unit.relation and not unit.collective:
            out.setdefault(LABELS[inferred_relation(plan, unit)], []).append(unit.name)
    return out


def _locality(name: str) -> str:
    """``Ủy ban nhân dân huyện Đăk Glei`` -> ``Đăk Glei``; '' when the name holds no place name."""
    found = locality(name)
    return found.place if match_key(found.body) in ("ủy ban nhân dân", "hội đồng nhân dân") else ""


def unit_place(plan: Plan, unit: Unit) -> str:
    """The place name the unit writes before its dates: its own, a UBND's locality, else the issuer's."""
    return unit.place or _locality(unit.name) or plan.place


def full_name(plan: Plan, unit: Unit) -> str:
    """The name as written on an envelope: a name ending in a bare level word gets its place name.

    ``Hội Nông dân xã`` -> ``Hội Nông dân xã Xốp``; ``Công an tỉnh`` -> ``Công an tỉnh Kon Tum``; a short form
    written out (``Sở KH&CN`` -> ``Sở Khoa học và Công nghệ``: the table may abbreviate, a Kính gửi does not).
    """
    name = spelled_out(unit.name)
    if unit.collective or not name.split():
        return name
    for level in LEVEL_WORDS:
        if name.endswith(" " + level) and not name.startswith(("Các ", "các ")):
            place = unit_place(plan, unit)
            if place and not place.startswith("("):
                return f"{name} {place}"
    return name


def unit_parent(plan: Plan, unit: Unit) -> str:
    """The parent body printed above the unit's name: its own (data), else the issuer for units under it."""
    if unit.parent:
        return unit.parent
    return plan.issuer.name if relation(plan, unit) == UNDER else ""
