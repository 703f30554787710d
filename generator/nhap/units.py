"""Stage 4: lead and partner cells resolved to units.

A cell is split as a văn thư reads it; each name is looked up in the known registry (another plan's units),
else becomes a new unit, the spellings of one unit meeting under its ``unit_key``. Once every cell is read,
each new unit takes its longest spelling as its name and a code from it, and a cell becomes the units' codes
when kehoach prints it the same from their names — else it stays the text as printed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .. import schema
from ..export import record
from ..model import Unit
from ..units import ROLE, UnitIndex
from ..vn import match_key, slugify, unit_key

# Where a new unit starts after ", " in a cell: the words unit names begin with.
_UNIT_START = re.compile(
    r"(Sở|Phòng|Ủy ban|UBND|Công an|Hội|Đoàn|Ban|Văn phòng|Trung tâm|Chi nhánh|Ngân hàng|Bảo hiểm|Báo|Đài|"
    r"Liên đoàn|Mặt trận|Các|Bộ|Cục|Chi cục|Kho bạc|Thanh tra|Viện|Trường|Bệnh viện|Tỉnh|Huyện|Thành|Quân|"
    r"Bộ Chỉ huy|Đồn|Hạt|Cảng|Tòa án|Viện kiểm sát|Vụ|Tổng cục)\b")
# Long words of unit names, as the short forms văn thư use in codes (ubnd-cac-huyen, chi-nhanh-nhcsxh-tinh).
_CODE_WORDS = (("uy-ban-mat-tran-to-quoc-viet-nam", "ubmttq"), ("uy-ban-mat-tran-to-quoc", "ubmttq"),
               ("uy-ban-nhan-dan", "ubnd"), ("hoi-dong-nhan-dan", "hdnd"),
               ("ngan-hang-chinh-sach-xa-hoi", "nhcsxh"), ("chinh-tri-xa-hoi", "ctxh"), ("co-lien-quan", "lien-quan"))


# A collective: "Các sở, ngành", "UBND các xã", "Chủ tịch UBND các tỉnh" — not "Ban Quản lý các Khu công nghiệp".
_COLLECTIVE = re.compile(r"(các|(ubnd|ủy ban nhân dân|hđnd|hội đồng nhân dân|công an|chủ tịch( ubnd| ủy ban nhân "
                         r"dân)?|thủ trưởng( cơ quan)?|lãnh đạo|bộ trưởng) các)\b", re.IGNORECASE)


@dataclass
class Registry:
    """The units met in the cells (by ``unit_key``: the spellings of one unit meet), and the known registry they
    are looked up in first. New units carry a temporary code until every cell is read (``settle``)."""

    known: UnitIndex
    units: dict[str, dict[str, Any]] = field(default_factory=dict)

    def settle(self) -> dict[str, str]:
        """Each new unit's name (its longest spelling: the words written out), other spellings as ten_khac, and
        its code from that name; returns temporary code -> code."""
        final: dict[str, str] = {}
        taken = {u["ma"] for u in self.units.values() if u.get("_known")}
        for unit in self.units.values():
            if unit.get("_known"):
                continue
            spellings = [unit["ten"], *unit.pop("_variants", [])]
            # the words written out; of spellings differing in case, the one capitalised as names are
            unit["ten"] = max(spellings, key=lambda n: (len(n), not n.isupper(), sum(c.isupper() for c in n)))
            others = list(dict.fromkeys(n for n in [*spellings, *unit.pop("_aliases", [])]
                                        if match_key(n) != match_key(unit["ten"])))
            if others:
                unit["ten_khac"] = others
            final[unit["ma"]] = unit["ma"] = code(unit["ten"], taken)
            taken.add(unit["ma"])
        return final

    def name(self, uid: str) -> str:
        for unit in self.units.values():
            if unit["ma"] == uid and unit.get("ten"):
                return str(unit["ten"])
        return self.known.units[uid].name if uid in self.known.units else uid

    def known_unit(self, uid: str) -> str:
        self.units.setdefault(f"#{uid}", {"ma": uid, "_known": True})
        return uid

    def alias(self, uid: str, written: str) -> None:
        """A spelling of the unit only a cell's context makes its name: kept as ten_khac, never its name."""
        unit = next(u for u in self.units.values() if u["ma"] == uid)
        if match_key(written) not in (match_key(n) for n in unit.setdefault("_aliases", [])):
            unit["_aliases"].append(written)

    def new_unit(self, name: str) -> str:
        key = unit_key(name)
        unit = self.units.get(key)
        if unit is None:
            unit = {"ma": f"#{len(self.units)}", "ten": name}
            if _COLLECTIVE.match(name):
                unit["tap_the"] = True
            self.units[key] = unit
        elif name != unit["ten"]:
            unit.setdefault("_variants", []).append(name)  # "Sở KH&CN" for "Sở Khoa học và Công nghệ"
        return str(unit["ma"])


@dataclass
class UnitsCell:
    """A lead/partner cell of new units: printed as written unless kehoach prints the same from the units'
    names — known only once every cell is read (a later cell may spell a unit in full)."""

    text: str
    ids: list[str]


_BULLET = re.compile(r"(?:^|\s)[-–•+*]\s+")  # "- Bộ Tài chính; - Bộ Công an": one unit a line, a dash before
_NEXT = r"(?=" + _UNIT_START.pattern + r"|các\b)"  # where a unit's name starts ("các sở, ngành" too)


# "Các Cục: Di sản văn hóa, Bản quyền tác giả": one kind of unit, then the names that follow it.
_SHARED_KIND = re.compile(r"^các\s+(cục|vụ|sở|bộ|phòng|ban|viện|trường|trung tâm|chi cục|hội)\s*:\s*", re.IGNORECASE)
# ". " before a new unit's name ends a list ("… Du lịch Quốc gia Việt Nam. Vụ Kế hoạch, Tài chính.")
_SENTENCE = re.compile(r"\.\s+" + _NEXT)


def split_units(text: str) -> list[str]:
    """A lead/partner cell as a văn thư reads it: units separated by ";", by a dash or bullet starting a line,
    by ", " or " và " before a new unit's name ("Sở Tài chính, Ủy ban nhân dân các huyện, thành phố" is two
    units, the second with a comma inside; "Bộ Nông nghiệp và Môi trường và các bộ, ngành liên quan" two), and
    "Các Cục: A, B" as Cục A and Cục B."""
    return [name for name, _ in split_spelled(text)]


def split_spelled(text: str) -> list[tuple[str, str]]:
    """Each unit of a cell: (its name, as the cell writes it) — "Các Sở: Tài chính, Nội vụ" gives ("Sở Tài
    chính", "Các Sở: Tài chính") and ("Sở Nội vụ", "Nội vụ"); a name written whole is written as it is."""
    out: list[tuple[str, str]] = []
    for sentence in _SENTENCE.split(text.strip()):
        shared = _SHARED_KIND.match(sentence)
        if shared:
            out += _shared_kind(sentence, shared)
        else:
            out += [(n, n) for n in _split_plain(sentence)]
    return [(n[:1].upper() + n[1:], w) for n, w in out if n]


def _shared_kind(sentence: str, shared: re.Match[str]) -> list[tuple[str, str]]:
    """"Các Cục: A; B, C; D" (";" between the names, a comma inside one), "Các Sở: A, B" (commas between); a
    part after ";" that names a unit of its own ("…; UBND các xã") ends the list."""
    kind = shared.group(1)[:1].upper() + shared.group(1)[1:].lower()
    parts = sentence[shared.end():].split(";")
    end = next((i for i, p in enumerate(parts) if i and _own_unit(p.strip())), len(parts))
    listed = parts[:end] if end > 1 else parts[0].split(",")
    names = [n.strip(" .,") for n in listed if n.strip(" .,")]
    out = [(f"{kind} {n}", n) for n in names]
    if out:
        out[0] = (out[0][0], sentence[:shared.end()] + names[0])
    return out + [(n, n) for n in _split_plain(";".join(parts[end:]))]


def _own_unit(part: str) -> bool:
    """A part that starts a unit's name ("UBND các xã"); "Báo chí" is a field of the list, not a newspaper."""
    return bool(_UNIT_START.match(part)) and not re.match(r"Báo\s+[a-zđ]", part)


def _split_plain(text: str) -> list[str]:
    out: list[str] = []
    # a list typed with a dash a line: the lines are parted by ";" (a dash inside a name stays: "Sở Lao động -
    # Thương binh và Xã hội"), or by the dashes alone when no ";" was typed
    parts = _BULLET.split(text) if _BULLET.match(text) and ";" not in text else text.split(";")
    for part in parts:
        pieces = re.split(r",\s+" + _NEXT + r"|\s+và\s+" + _NEXT, re.sub(r"^[-–•+*]\s+", "", part.strip()))
        names = [_without_role(p) for p in pieces if p]
        out += [n for n in names if n and not _UNIT_START.fullmatch(n)]
    return out


def _without_role(piece: str) -> str:
    """A unit's name without what it does ("Sở KH&CN chủ trì hướng dẫn, tổng hợp" -> "Sở KH&CN")."""
    found = next((m for m in ROLE.finditer(piece) if m.start() > 0 and piece[m.start() - 1] in " ("), None)
    return (piece[:found.start()] if found else piece).strip(" .,(")


def printed(names: list[str]) -> str:
    """Units as kehoach prints them in one cell: "; " between, a collective after the first in lower case."""
    return "; ".join(n if i == 0 or not n.startswith("Các ") else n[:1].lower() + n[1:] for i, n in enumerate(names))


def unit_cell(text: str, registry: Registry) -> Any:
    index = registry.known
    found, rest = index.split_cell(text)
    if found and not rest:  # every unit of the cell is in the known registry
        ids = [registry.known_unit(uid) for uid in found]
        return ids if printed([index.units[u].name for u in ids]) == text else text
    ids = []
    for name, written in split_spelled(text):
        known_id = index.find(name) if index.units else None
        uid = registry.known_unit(known_id) if known_id is not None else registry.new_unit(name)
        if written != name and known_id is None:
            registry.alias(uid, written)  # "Bản quyền tác giả" after "Các Cục:": read back from the printed cell
        ids.append(uid)
    return UnitsCell(text, ids)


def task_units(row: dict[str, str], merged: dict[str, str], registry: Registry, notes: list[str], where: str
               ) -> dict[str, Any]:
    """A task from a row's texts: unit cells resolved, a content merged with the row above left out."""
    task: dict[str, Any] = {}
    for key, text in row.items():
        if key in ("chu_tri", "phoi_hop"):
            if text:
                task[key] = unit_cell(text, registry)
        elif key == "noi_dung":
            if merged.get(key) != "continue":
                task[key] = text
        elif text or key == "thoi_gian":
            task[key] = text
    _one_role(task, registry, notes, where)
    return task


def _ids(value: Any, index: UnitIndex) -> list[str]:
    if isinstance(value, list):
        return value
    if isinstance(value, UnitsCell):
        return value.ids
    return list(index.split_cell(value)[0]) if index.units else []


def _one_role(task: dict[str, Any], registry: Registry, notes: list[str], where: str) -> None:
    """A unit printed as both lead and partner of a task stays a lead only (a plan cannot give it both)."""
    leads = _ids(task.get("chu_tri", []), registry.known)
    partners = _ids(task.get("phoi_hop", []), registry.known)
    both = [u for u in partners if u in leads]
    if not both:
        return
    kept = [u for u in partners if u not in both]
    if kept:
        task["phoi_hop"] = kept
    else:
        task.pop("phoi_hop")
    notes.append(f"nhiệm vụ {task.get('stt', '?')} ({where}): {', '.join(registry.name(u) for u in both)} vừa chủ "
                 "trì vừa phối hợp — chỉ giữ ở cột chủ trì")


def finish_cells(node: Any, names: dict[str, str], final: dict[str, str]) -> None:
    """Unit cells of the read tables with their units' final codes; a cell kehoach prints the same from the
    units' names becomes their codes, any other stays the text as printed."""
    if isinstance(node, list):
        for item in node:
            finish_cells(item, names, final)
        return
    if not isinstance(node, dict):
        return
    for key in ("chu_tri", "phoi_hop"):
        value = node.get(key)
        if isinstance(value, UnitsCell):
            ids = [final.get(u, u) for u in value.ids]
            node[key] = ids if printed([names[u] for u in ids]) == value.text else value.text
        elif isinstance(value, list):
            node[key] = [final.get(u, u) for u in value]
    for key in ("muc", "nhiem_vu", "dong"):
        finish_cells(node.get(key), names, final)


def code(name: str, taken: set[str]) -> str:
    slug = slugify(name)
    for long, short in _CODE_WORDS:
        slug = slug.replace(long, short)
    base = slug[:40].rsplit("-", 1)[0] if len(slug) > 40 else slug
    base = base.strip("-") or "don-vi"
    found, n = base, 2
    while found in taken:
        found, n = f"{base}-{n}", n + 1
    return found


# The kinds a collective names ("Các sở, ban, ngành") -> how its members' names begin ("Sở Tư pháp", "Ban Dân tộc").
_KINDS = {"sở": "sở ", "bộ": "bộ ", "ban": "ban ", "phòng": "phòng ", "hội": "hội ", "trường": "trường ",
          "viện": "viện ", "trung tâm": "trung tâm ", "cục": "cục ", "chi cục": "chi cục "}
_CHOSEN = re.compile(r"\b(liên quan|khác|được giao|có nhu cầu)\b")  # "các sở liên quan": the clerk chooses which


def member_prefixes(name: str) -> list[str]:
    """How the names of a collective's members begin, from its words: "Các sở, ban, ngành" -> ["sở ", "ban "];
    none when it names only the relevant ones ("Các sở, ngành liên quan") or kinds no name begins with."""
    key = match_key(name)
    if not key.startswith("các ") or _CHOSEN.search(key):
        return []
    kinds = [k.strip() for k in re.split(r",|\bvà\b", key[4:])]
    return [_KINDS[k] for k in kinds if k in _KINDS]


def add_members(registry: Registry, notes: list[str]) -> None:
    """A collective the tables name gets the units of the same plan its words name ("Các sở, ban, ngành": every
    Sở and Ban), said in the notes; one that gets none is told, with what it leads."""
    names = {u["ma"]: str(u.get("ten") or registry.name(u["ma"])) for u in registry.units.values()}
    singles = {uid: match_key(n) for uid, n in names.items()
               if not next((u for u in registry.units.values() if u["ma"] == uid), {}).get("tap_the")}
    for unit in registry.units.values():
        prefixes = member_prefixes(unit.get("ten", "")) if unit.get("tap_the") else []
        found = [uid for uid, key in singles.items() if key.startswith(tuple(prefixes))] if prefixes else []
        if found:
            unit["thanh_vien"] = found
            notes.append(f"đơn vị tập thể “{unit['ten']}” gồm {len(found)} đơn vị có tên bắt đầu bằng "
                         f"{', '.join('“' + p.strip().capitalize() + '”' for p in prefixes)} trong kế hoạch — kiểm tra "
                         "thanh_vien")


def unit_list(registry: Registry, known: tuple[Unit, ...]) -> list[dict[str, Any]]:
    """The units the tables name: those of the known registry as written there (with their members), then the
    new ones."""
    used = {u["ma"] for u in registry.units.values() if u.get("_known")}
    by_id = {u.id: u for u in known}
    used |= {m for uid in list(used) for m in by_id[uid].members}
    return ([_unit_data(u) for u in known if u.id in used]
            + [u for u in registry.units.values() if not u.get("_known")])


def _unit_data(unit: Unit) -> dict[str, Any]:
    data = record(unit, schema.UNIT)
    return data | ({"thanh_vien": list(unit.members)} if unit.members else {})
