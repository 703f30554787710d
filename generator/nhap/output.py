"""What the import returns and the plan file it writes: comments first (where each part came from, what to
check), then the data; the errors kehoach finds in the rows read, told at the table and row of the Word file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import schema
from ..errors import Issue
from ..export import to_yaml_text
from ..model import Plan
from ..units import uncertain
from .appendix import count_tasks

_ORDER = ["co_quan_ban_hanh", "van_ban", "quyet_dinh", "nguoi_ky", "noi_nhan", "luu", "loi_mo_dau", "noi_dung",
          "kem_theo", "don_vi", "phu_luc"]


@dataclass
class Imported:
    """What an import read: the plan file's data, the plan kehoach reads from it (loaded once, by the loader
    every plan file goes through) with its problems, and the account for the clerk."""

    data: dict[str, Any]
    notes: list[str] = field(default_factory=list)  # what to check or fill in
    read: list[str] = field(default_factory=list)  # what was read from where, for the file's comments
    missing: list[str] = field(default_factory=list)  # what could not be placed: the import stops unless allowed
    summary: str = ""  # one line a clerk checks in a minute: what was read, what is uncertain, what was left
    plan: Plan | None = None  # None when the data does not read as a plan (its errors in ``issues``)
    issues: list[Issue] = field(default_factory=list)  # validate's, placed in the data (errors and warnings)

    @property
    def valid(self) -> bool:
        return self.plan is not None and not any(not i.warning for i in self.issues)

    def reload(self) -> None:
        """The plan read again from ``data`` (after a correction)."""
        from ..load import read_plan_text

        self.plan, self.issues = read_plan_text(to_yaml_text(self.data), "nhap")


def ordered(data: dict[str, Any]) -> dict[str, Any]:
    return {k: data[k] for k in _ORDER if k in data}


def row_places(annexes: list[dict[str, Any]], places: dict[int, str]) -> dict[str, str]:
    """Model path of each task row read (``phu_luc.muc[1].nhiem_vu[2]``) -> where it is in the Word file;
    ``places``: where each row's mapping was read, by its identity."""
    out: dict[str, str] = {}

    def rows(items: list[dict[str, Any]], path: str) -> None:
        for j, item in enumerate(items):
            at = f"{path}.nhiem_vu[{j}]"
            subrows = item.get("dong", [])
            if id(item) in places or subrows:
                out[at] = places.get(id(item)) or places.get(id(subrows[0]), "")
            for k, sub in enumerate(subrows):
                out[f"{at}.dong[{k}]"] = places.get(id(sub), "")
            if "ten" in item and "nhiem_vu" in item:
                rows(item["nhiem_vu"], at)

    for n, annex in enumerate(annexes):
        where = "phu_luc" if len(annexes) == 1 else f"phu_luc[{n}]"
        for i, section in enumerate(annex.get("muc", [annex])):
            rows(section["nhiem_vu"], schema.section_path(where, i, "muc" not in annex))
    return out


def row_problems(issues: list[Issue], places: dict[str, str]) -> list[str]:
    """The errors kehoach finds in the rows read (a number typed twice, a task without a lead …), told at the
    table and row of the Word file where the clerk sees them."""
    out = []
    for issue in issues:
        path = issue.where
        while path and path not in places:
            path = path.rsplit(".", 1)[0] if "." in path else ""
        if not issue.warning and path and places[path]:
            out.append(f"{places[path]}: {issue.message}")
    return list(dict.fromkeys(out))


def to_yaml(imported: Imported, source: Path) -> str:
    """The plan file: comments first (where it came from, what to check), then the data."""
    lines = [f"# Kế hoạch nhập từ {source.name} bằng `kehoach nhap`.",
             "# Kiểm tra trước khi dùng: `kehoach xem` (mã nhiệm vụ, đơn vị) và `kehoach validate`.",
             "# - viet_tat, quan_he của các đơn vị và thanh_vien của các đơn vị tập thể (tap_the) cần điền tay;",
             "# - các ô chủ trì/phối hợp in khác cách kehoach in được giữ nguyên văn (chuỗi chữ)."]
    if imported.read:
        lines.append("# Đã đọc:")
        lines += [f"# - {item}" for item in imported.read]
    if imported.missing:
        lines.append("# Chưa nhập được:")
        lines += [f"# - {note}" for note in imported.missing]
    if imported.notes:
        lines.append("# Cần kiểm tra:")
        lines += [f"# - {note}" for note in imported.notes]
    return "\n".join(lines) + "\n" + to_yaml_text(imported.data)


def summary(data: dict[str, Any], annexes: list[dict[str, Any]], missing: list[str]) -> str:
    """"đọc được: 4 mục, 11 nhiệm vụ, 9 đơn vị (2 đơn vị cần xem: …); chưa nhập: 1 — xem trong tệp"."""
    sections = sum(len(a.get("muc", [])) for a in annexes)
    tasks = sum(count_tasks(s) for a in annexes for s in a.get("muc", [a]))
    units = data.get("don_vi", [])
    doubtful = [str(u.get("ten") or u["ma"]) for u in units
                if uncertain(str(u.get("ten") or ""), bool(u.get("tap_the")), len(u.get("thanh_vien", [])))]
    text = (f"đọc được: {f'{sections} mục, ' if sections else ''}{tasks} nhiệm vụ, {len(units)} đơn vị"
            + (f" ({len(doubtful)} đơn vị cần xem: {', '.join(doubtful[:5])}{' …' if len(doubtful) > 5 else ''})"
               if doubtful else ""))
    return text + (f"; chưa nhập: {len(missing)}" if missing else "")
