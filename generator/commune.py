"""``kehoach tao-xa``: the short plan file of a commune that implements a provincial plan, written for it.

The file extends the provincial plan (``ke_thua``) and says only what differs: the commune's name, the fields a
commune must fill (marked ``# điền``), its units and a mapping of every provincial unit proposed from the table of
usual correspondences between levels (``data/tuong-ung-cap-xa.yaml``), each proposal commented so the clerk sees
what was guessed; tasks whose lead has no counterpart in a commune are proposed dropped, and tasks the province
gave to the communes themselves go to the commune's standing office. The web wizard uses the same ``propose``.
"""

from __future__ import annotations

import functools
import json
import os
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

from .levels import COMMUNE_LEVELS, LevelRewriter, is_template
from .model import Group, Plan, Unit
from .vn import match_key, nfc, slugify, spelled_out
from .yamlio import load_data

MAP, SELF, KEEP, DROP = "doi", "chinh_xa", "giu", "bo"


@dataclass(frozen=True)
class Rule:
    starts: tuple[str, ...]
    id: str = ""  # the commune unit's id ({cap}: the level word's slug)
    short: str = ""  # its abbreviation (the Lưu line, letter symbols)
    name: str = ""  # the commune unit's name ({cap}: the level word)
    ward_name: str = ""  # its name in a phường, when it differs
    how: str = MAP  # MAP, SELF, KEEP, DROP, or "cac_phong" (the collective of the commune's offices)


@dataclass(frozen=True)
class Proposal:
    """What becomes of one unit of the provincial plan in the commune's."""

    base: Unit
    how: str
    targets: tuple[str, ...] = ()  # ids of the commune's units
    why: str = ""


@dataclass
class Draft:
    """The proposal for one commune: its units, the mapping, and the row changes of the table."""

    level: str
    place: str
    units: dict[str, str] = field(default_factory=dict)  # id -> name, in order of first use
    shorts: dict[str, str] = field(default_factory=dict)  # id -> abbreviation, where the table gives one
    proposals: list[Proposal] = field(default_factory=list)
    rows: dict[str, tuple[dict[str, Any], str]] = field(default_factory=dict)  # base row id -> (change, why)
    standing: str = ""
    inserts: list[dict[str, str]] = field(default_factory=list)  # phu_luc.them: sau, noi_dung, chu_tri

    @property
    def issuer(self) -> str:
        return f"Ủy ban nhân dân {self.level} {self.place}"

    def add_unit(self, name: str, uid: str = "", short: str = "") -> str:
        uid = uid.replace("{cap}", slugify(self.level)) if uid else slugify(name)
        self.units.setdefault(uid, name.replace("{cap}", self.level))
        if short:
            self.shorts[uid] = short
        return uid

    def office(self) -> str:
        """Who takes the tasks the province gave to the communes themselves: the standing body, else the
        Văn phòng, else the first office."""
        offices = [u for u, name in self.units.items() if match_key(name).startswith(("văn phòng", "phòng"))]
        return self.standing or next((u for u in offices if u == "van-phong"), offices[0] if offices else "")


@functools.cache
def rules() -> tuple[Rule, ...]:
    """The table of correspondences shipped with the package (read once per process)."""
    text = resources.files("generator").joinpath("data/tuong-ung-cap-xa.yaml").read_text(encoding="utf-8")
    out = []
    for entry in yaml.safe_load(text):
        how = SELF if entry.get("chinh_xa") else KEEP if entry.get("giu") else \
            "cac_phong" if entry.get("cac_phong") else MAP
        out.append(Rule(tuple(nfc(s) for s in entry["ten_bat_dau"]), entry.get("ma", ""), entry.get("viet_tat", ""),
                        entry.get("xa", ""), entry.get("phuong", ""), how))
    return tuple(out)


def _rule_for(unit: Unit, table: tuple[Rule, ...]) -> Rule | None:
    """The first row of the table for the unit's name, its short forms written out ("Sở KH&CN": Sở Khoa học và
    Công nghệ), or one of its other spellings."""
    names = (unit.name, *unit.aliases)
    keys = list(dict.fromkeys(match_key(s) for n in names for s in (n, spelled_out(n))))
    return next((r for r in table if any(key.startswith(r.starts) for key in keys)), None)


@dataclass(frozen=True)
class Precedent:
    """What the communes of the folder that extend the same base chose for one of its units."""

    how: str  # MAP, KEEP or DROP
    targets: tuple[str, ...]  # their units' codes
    communes: tuple[str, ...]  # who chose it


MAX_SIBLING_BYTES = 1_000_000  # a commune's short file; anything larger is not one


def precedents(base_path: Path, folder: Path, level: str, skip: Path | None = None) -> dict[str, Precedent]:
    """For each unit of the base, the choice most communes of ``level`` in ``folder`` made when they adapted
    ``base_path`` (a tie: the first file by name); ``skip``: the file being written. Files that do not read are
    passed over — a suggestion is never worth an error."""
    votes: dict[str, dict[tuple[str, tuple[str, ...]], list[str]]] = {}
    for path in sorted(folder.glob("*.yaml")):
        data = _sibling(path, base_path, skip)
        if data is None or split_name(str(data["co_quan_ban_hanh"]["ten"]).removeprefix("Ủy ban nhân dân "),
                                      None)[0] != level:
            continue
        name = str(data["co_quan_ban_hanh"]["ten"])
        name = f"mẫu {path.stem}" if is_template(name) else name  # a plan written for every commune
        for uid, choice in _choices_of(data).items():
            votes.setdefault(uid, {}).setdefault(choice, []).append(name)
    out = {}
    for uid, by_choice in votes.items():
        (how, targets), names = max(by_choice.items(), key=lambda kv: len(kv[1]))  # max keeps the first of a tie
        out[uid] = Precedent(how, targets, tuple(names))
    return out


def _sibling(path: Path, base_path: Path, skip: Path | None) -> dict[str, Any] | None:
    try:
        if (skip is not None and path.resolve() == skip.resolve()) or path.stat().st_size > MAX_SIBLING_BYTES:
            return None
        data = load_data(path.read_text(encoding="utf-8"))
        ok = isinstance(data, dict) and isinstance(data.get("ke_thua"), str) and \
            (path.parent / data["ke_thua"]).resolve() == base_path.resolve() and \
            isinstance(data.get("co_quan_ban_hanh"), dict) and data["co_quan_ban_hanh"].get("ten")
        return data if ok else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError, RecursionError):
        return None


def _choices_of(data: dict[str, Any]) -> dict[str, tuple[str, tuple[str, ...]]]:
    out: dict[str, tuple[str, tuple[str, ...]]] = {}
    mapping = data.get("doi_don_vi")
    for uid, value in (mapping.items() if isinstance(mapping, dict) else ()):
        targets = tuple(str(t) for t in value) if isinstance(value, list) else (str(value),) if value else ()
        out[str(uid)] = (MAP, targets) if targets else (DROP, ())
    kept = data.get("giu_don_vi")
    for uid in kept if isinstance(kept, list) else ():
        out[str(uid)] = (KEEP, ())
    return out


def propose(base: Plan, place: str, level: str = "xã", learned: dict[str, Precedent] | None = None) -> Draft:
    """Every unit of ``base`` mapped, kept or dropped for the commune, and the table's rows that follow;
    ``learned``: what other communes chose (it wins over the table, and says so)."""
    draft = Draft(level, place)
    table = rules()
    found: dict[str, Proposal] = {}
    for unit in sorted(base.units, key=lambda u: u.collective):  # members before their collectives
        found[unit.id] = _propose_unit(unit, draft, table, found)
    for uid, before in (learned or {}).items():  # once every unit of the commune the table gives is known
        if uid in found:
            found[uid] = _as_before(found[uid], before, draft)
    draft.proposals = [found[u.id] for u in base.units]
    standing = found.get(base.standing)
    draft.standing = standing.targets[0] if standing and standing.targets else ""
    propose_rows(base, draft)
    return draft


def _as_before(proposal: Proposal, before: Precedent, draft: Draft) -> Proposal:
    """The choice other communes made, when it differs from the table's and names units this commune has."""
    same = (before.how, before.targets) == (proposal.how, proposal.targets) or \
        (before.how == DROP and proposal.how == SELF)
    if same or any(t not in draft.units for t in before.targets):
        return proposal
    who = ", ".join(before.communes[:2]) + (f" và {len(before.communes) - 2} nơi khác" if len(before.communes) > 2
                                           else "")
    done = {MAP: "→ " + ", ".join(draft.units[t] for t in before.targets), KEEP: "giữ nguyên", DROP: "bỏ"}[before.how]
    return Proposal(proposal.base, before.how, before.targets, f"{proposal.base.name} {done} (như {who} đã chọn)")


def _propose_unit(unit: Unit, draft: Draft, table: tuple[Rule, ...], found: dict[str, Proposal]) -> Proposal:
    rule = _rule_for(unit, table)
    if rule is not None and rule.how == MAP:
        name = (rule.ward_name if draft.level == "phường" and rule.ward_name else rule.name)
        target = draft.add_unit(name, rule.id, rule.short)
        return Proposal(unit, MAP, (target,), f"{unit.name} → {draft.units[target]}")
    if rule is not None and rule.how == SELF:
        return Proposal(unit, SELF, (), f"{unit.name}: ở kế hoạch của {draft.level}, đó là chính {draft.level}")
    if rule is not None and rule.how == KEEP:
        return Proposal(unit, KEEP, (), f"{unit.name}: cơ quan ngoài, giữ nguyên ({draft.level} đề nghị phối hợp)")
    if rule is not None or unit.collective:
        offices = [p.targets[0] for p in found.values() if p.how == MAP and match_key(draft.units[p.targets[0]])
                   .startswith(("phòng", "văn phòng"))]
        members = tuple(dict.fromkeys(t for m in unit.members if m in found for t in found[m].targets))
        targets = tuple(dict.fromkeys(offices)) if rule is not None else members
        if targets:
            return Proposal(unit, MAP, targets, f"{unit.name} → {', '.join(draft.units[t] for t in targets)}")
    return Proposal(unit, DROP, (), f"{unit.name}: không có đơn vị tương ứng ở cấp {draft.level}")


def propose_rows(base: Plan, draft: Draft) -> None:
    """The table's rows that follow ``draft.proposals`` (again, after a clerk changed them): a task whose every
    lead maps to nothing goes to the standing office when the communes were its lead, else it is dropped; a
    section left with no task is dropped whole."""
    found = {p.base.id: p for p in draft.proposals}
    draft.rows = {}
    for annex in base.appendices:
        for section in annex.sections:
            tasks = [t for item in section.items for t in (item.tasks if isinstance(item, Group) else (item,))]
            dropped = []
            for task in tasks:
                if any(found[u].targets or found[u].how == KEEP for u in task.leads if u in found) or not task.leads:
                    continue
                gone = ", ".join(found[u].base.name for u in task.leads if u in found)
                office = draft.office()
                if any(found[u].how == SELF for u in task.leads if u in found) and office:
                    draft.rows[task.id] = ({"chu_tri": office},
                                           f"{gone} chủ trì (chính {draft.level}) → {draft.units[office]}")
                else:
                    draft.rows[task.id] = ({"bo": True}, f"bỏ: {gone} không có ở cấp {draft.level}")
                    dropped.append(task.id)
            if tasks and len(dropped) == len(tasks):
                for tid in dropped:
                    del draft.rows[tid]
                draft.rows[section.id] = ({"bo": True}, f"bỏ cả mục: không nhiệm vụ nào có đơn vị chủ trì ở cấp "
                                          f"{draft.level}")


def _scalar(value: Any) -> str:
    """One YAML value on one line (JSON is YAML): quoted only when plain YAML would misread it."""
    text = str(value)
    plain = yaml.safe_dump(text, allow_unicode=True, width=10**6).strip()
    plain = plain.removesuffix("...").strip()
    return plain if plain == text else json.dumps(text, ensure_ascii=False)


def starter_text(base: Plan, base_file: str, draft: Draft, *, date: str = "", signer: str = "") -> str:
    """The commune's file, as a person would write it, with its comments."""
    rewriter = LevelRewriter(base.issuer.name, draft.issuer)
    lines = [
        f"# Kế hoạch của {draft.issuer} thực hiện {base.cite()}.",
        "# Tạo bằng kehoach tao-xa. Điền các dòng \"# điền\", xem lại các dòng \"# đề xuất\", rồi chạy:",
        "#   kehoach validate <tệp này>   và   kehoach build <tệp này>",
        f"ke_thua: {_scalar(base_file)}",
        "co_quan_ban_hanh:",
        f"  ten: {_scalar(draft.issuer)}",
        "van_ban:",
        f"  ngay: {_scalar(date)}" if date else
        "  ngay:            # điền: ngày ban hành, ví dụ 15/12/2025 (hoặc 12/2025 khi chưa ký)",
        f"  trich_yeu: {_scalar(rewriter.rewrite(base.subject))}  # đề xuất: trích yếu của kế hoạch gốc, đổi sang "
        f"{draft.level}",
        "nguoi_ky:",
        f"  ho_ten: {_scalar(signer)}" if signer else "  ho_ten:          # điền: họ tên người ký",
        "  # mặc định: TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH — khi Chủ tịch ký, ghi:",
        "  # quyen_han: [TM. ỦY BAN NHÂN DÂN]",
        "  # chuc_vu: CHỦ TỊCH",
        "# Số, Nơi nhận, dòng Lưu và câu mở đầu (\"Thực hiện Kế hoạch số … của …\") kehoach tự viết; ghi so, noi_nhan,",
        "# luu, thuc_hien để viết khác.",
    ]
    if draft.standing:
        lines.append(f"co_quan_thuong_truc: {draft.standing}  # đề xuất: theo cơ quan thường trực của kế hoạch gốc")
    lines.append(f"don_vi:  # các đơn vị của {draft.level} được giao nhiệm vụ (đề xuất từ đơn vị của kế hoạch gốc)")
    lines += [f"  - {{ma: {uid}, ten: {_scalar(name)}"
              + (f", viet_tat: {_scalar(draft.shorts[uid])}}}" if uid in draft.shorts else "}")
              for uid, name in draft.units.items()]
    lines += _mapping_lines(draft)
    lines += _row_lines(draft)
    return "\n".join(lines) + "\n"


def _mapping_lines(draft: Draft) -> list[str]:
    mapped = [p for p in draft.proposals if p.how != KEEP]
    kept = [p for p in draft.proposals if p.how == KEEP]
    lines = [f"doi_don_vi:  # đơn vị của kế hoạch gốc → đơn vị của {draft.level} (null: bỏ khỏi ô chủ trì, phối hợp)"]
    for p in mapped:
        value = p.targets[0] if len(p.targets) == 1 else f"[{', '.join(p.targets)}]" if p.targets else "null"
        lines.append(f"  {p.base.id}: {value}  {_comment(p.why)}")
    if kept:
        lines.append("giu_don_vi:  # cơ quan ngoài, giữ nguyên tên")
        lines += [f"  - {p.base.id}  {_comment(p.why)}" for p in kept]
    return lines


def _row_lines(draft: Draft) -> list[str]:
    if not draft.rows and not draft.inserts:
        return []
    lines = ["phu_luc:"]
    if draft.rows:
        lines.append("  sua:")
    for rid, (change, why) in draft.rows.items():
        body = ", ".join(f"{k}: {_flow(v)}" for k, v in change.items())
        lines.append(f"    {_scalar(rid)}: {{{body}}}  {_comment(why)}")
    if draft.inserts:
        lines.append("  them:  # nhiệm vụ thêm (đã ghi trên trang)")
    for insert in draft.inserts:
        lines.append("    - {" + ", ".join(f"{k}: {_flow(v)}" for k, v in insert.items()) + "}")
    return lines


PICKED = "(đã chọn trên trang)"


def _comment(why: str) -> str:
    """``# đề xuất: …`` for kehoach's guess, ``# đã chọn: …`` for what the clerk chose on the web page."""
    return f"# đã chọn: {why.removesuffix(PICKED).strip()}" if why.endswith(PICKED) else f"# đề xuất: {why}"


def _flow(value: Any) -> str:
    """A value inside ``{…}``: ids and flags plain, any other text quoted (a comma or colon would split it)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_flow(v) for v in value) + "]"
    text = str(value)
    return text if text and all(c.isalnum() or c in "-_." for c in text) else json.dumps(text, ensure_ascii=False)


def split_name(text: str, level: str | None) -> tuple[str, str]:
    """``"phường Kinh Bắc"`` -> ("phường", "Kinh Bắc"); a bare name is a xã unless ``level`` says otherwise."""
    text = " ".join(nfc(text).split())
    for word in COMMUNE_LEVELS:
        if text.lower().startswith(word + " "):
            return level or word, text[len(word) + 1:]
    return level or "xã", text


def default_output(base_path: Path, draft: Draft) -> Path:
    return base_path.parent / f"{slugify(draft.level)}-{slugify(draft.place)}.yaml"


def relative_base(base_path: Path, out: Path) -> str:
    """``ke_thua`` as written: the base's path from the folder of the commune's file."""
    return Path(os.path.relpath(os.path.abspath(base_path), os.path.abspath(out.parent))).as_posix()


@dataclass
class Reopened:
    """A commune file the wizard wrote, read back as the choices that wrote it."""

    draft: Draft
    date: str
    signer: str


_CHOICE = re.compile(r"^\s+(?:- )?(\"[^\"]*\"|[^\s:]+)(?::.*?)?  # (đề xuất|đã chọn): (.*)$")


def reopen(base: Plan, text: str) -> Reopened | None:
    """The choices of a commune file written by the wizard or ``tao-xa`` (units, mapping, row changes, date,
    signer), so the page can show them again; None when writing those choices back would not give the file
    byte for byte — it was edited by hand, and the page would lose the edits."""
    try:
        data = load_data(text)
        reopened = _choices(base, data, text)
    except (yaml.YAMLError, KeyError, TypeError, ValueError, AttributeError):
        return None
    same = starter_text(base, str(data["ke_thua"]), reopened.draft, date=reopened.date, signer=reopened.signer)
    return reopened if same == text else None


def _choices(base: Plan, data: dict[str, Any], text: str) -> Reopened:
    name = str(data["co_quan_ban_hanh"]["ten"])
    level, place = split_name(name.removeprefix("Ủy ban nhân dân "), None)
    fresh = {p.base.id: p for p in propose(base, place, level).proposals}
    whys = {m[1].strip('"'): m[3] + (f" {PICKED}" if m[2] == "đã chọn" else "") for line in text.splitlines()
            if (m := _CHOICE.match(line))}
    draft = Draft(level, place, standing=str(data.get("co_quan_thuong_truc") or ""))
    for unit in data.get("don_vi") or []:
        draft.add_unit(str(unit["ten"]), str(unit["ma"]), str(unit.get("viet_tat") or ""))
    mapping, kept = data.get("doi_don_vi") or {}, set(data.get("giu_don_vi") or [])
    for unit in base.units:
        value = mapping.get(unit.id, ())
        targets = tuple(value) if isinstance(value, list) else (str(value),) if value else ()
        how = KEEP if unit.id in kept else MAP if targets else SELF if fresh[unit.id].how == SELF else DROP
        draft.proposals.append(Proposal(unit, how, targets, whys.get(unit.id, "")))
    table = data.get("phu_luc") or {}
    draft.rows = {str(rid): (dict(change), whys.get(str(rid), "")) for rid, change in (table.get("sua") or {}).items()}
    draft.inserts = [{k: str(v) for k, v in insert.items()} for insert in table.get("them") or []]
    return Reopened(draft, _text(data["van_ban"].get("ngay")), _text(data["nguoi_ky"].get("ho_ten")))


def _text(value: Any) -> str:
    return "" if value is None else str(value)
