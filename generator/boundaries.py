"""Bodies that no longer exist at a plan's date: the provinces merged and the district level ended on 1/7/2025.

A plan dated on or after that day that names such a body as a living one — its issuer or the issuer's parent, a
unit it assigns, the body it reports to, a Nơi nhận line — is sent to, or speaks for, nobody. The list of merged
provinces is data (``data/dia-gioi-2025.yaml``); a body's name is read for "tỉnh <old province>" and for the
district level's own bodies ("Ủy ban nhân dân huyện …", "Huyện ủy"). What the plan cites (an older document of
such a body) is history and is not read here.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources

import yaml

from .errors import Problem
from .model import Plan
from .vn import VnDate


@dataclass(frozen=True)
class _Boundaries:
    since: VnDate
    basis: str
    merged: dict[str, str]  # old province -> the province it is part of
    province: re.Pattern[str]


# The district level's own bodies; a "Phòng giao dịch" of a bank keeps its district's name and lives on.
_DISTRICT_BODY = re.compile(
    r"\b(?:(?:Ủy ban nhân dân|UBND|Hội đồng nhân dân|HĐND|Công an|Ban Chỉ huy Quân sự|Phòng(?! giao dịch)[^,;()]*?)"
    r"\s+(?:các\s+)?(?:huyện|quận|thị xã)|Huyện ủy|Quận ủy|Thị ủy)\b")


@functools.cache
def _boundaries() -> _Boundaries:
    text = resources.files("generator").joinpath("data/dia-gioi-2025.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    day, month, year = (int(x) for x in str(data["hieu_luc"]).split("/"))
    merged = {str(old): str(new) for old, new in data["tinh_hop_nhat"].items()}
    names = "|".join(re.escape(old) for old in sorted(merged, key=len, reverse=True))
    return _Boundaries(VnDate(day, month, year), str(data["can_cu"]), merged,
                       re.compile(rf"\btỉnh\s+({names})(?!\w)"))


def _on_or_after(date: VnDate, since: VnDate) -> bool:
    """Only a date known to be on or after ``since`` (a day, month and year): "2025" alone is not."""
    assert since.year and since.month and since.day
    if date.year is None or date.year != since.year:
        return date.year is not None and date.year > since.year
    if date.month is None or date.month != since.month:
        return date.month is not None and date.month > since.month
    return since.day == 1 or (date.day is not None and date.day >= since.day)


def _when(date: VnDate) -> str:
    """``ngày 15/9/2025``, ``tháng 9/2025``."""
    return f"ngày {date.day:02d}/{date.month}/{date.year}" if date.day else f"tháng {date.month}/{date.year}"


def living_bodies(plan: Plan) -> Iterator[tuple[str, str]]:
    """(model path, name) of every body the plan addresses or speaks for as living."""
    yield "co_quan_ban_hanh.ten", plan.issuer.name
    if plan.issuer.parent:
        yield "co_quan_ban_hanh.chu_quan", plan.issuer.parent
    for i, unit in enumerate(plan.units):
        yield f"don_vi[{i}].ten", unit.name
        if unit.parent:
            yield f"don_vi[{i}].chu_quan", unit.parent
    if plan.reporting:
        yield "bao_cao.gui", plan.reporting.to
        yield "bao_cao.cap_tren", plan.reporting.superior
    for i, line in enumerate(plan.recipients):
        yield f"noi_nhan[{i}]", line


def gone(plan: Plan) -> Iterator[Problem]:
    """A warning for each living body of the plan that no longer exists at the plan's date."""
    b = _boundaries()
    if not _on_or_after(plan.date, b.since):
        return
    since, dated = _when(b.since), _when(plan.date)
    for path, name in living_bodies(plan):
        if not name:
            continue
        province = b.province.search(name)
        if province:
            old = province.group(1)
            yield Problem(path, f"“{name}”: tỉnh {old} đã hợp nhất vào tỉnh {b.merged[old]} từ {since} ({b.basis}), "
                                f"kế hoạch {dated} không còn gửi hay giao cho cơ quan này — sửa thành cơ quan "
                                f"tương ứng của tỉnh {b.merged[old]}", warning=True)
            continue
        district = _DISTRICT_BODY.search(name)
        if district:
            yield Problem(path, f"“{name}”: cấp huyện đã kết thúc hoạt động từ {since}, kế hoạch {dated} không còn "
                                "gửi hay giao cho “" + district.group() + "” — sửa thành cơ quan cấp tỉnh hoặc cấp xã "
                                "đang đảm nhiệm việc này", warning=True)
