"""Every rule that relates one part of a plan to another, on the model alone.

``validate(plan)`` needs no file: a plan built in code, read from YAML, adapted from another or imported
from Word is checked by the same rules. A problem names a model path in the plan file's own words
(``phu_luc.muc[3].nhiem_vu[2].chu_tri[0]``); whoever made the plan maps that path to a place the user can
find (the YAML reader to file:line:col).
"""

from __future__ import annotations

from collections.abc import Iterator

from . import boundaries, numbering, schema
from .errors import Problem
from .model import Appendix, BodyPart, Group, Plan, Section, Task, Unit
from .schema import DOCUMENT, ISSUER, SIGNER, Record
from .vn import match_key, thousands

# Far above any real plan (Kon Tum: 22 tasks, 31 units); a plan over it is a mistake or an alias bomb, and would
# take minutes to build.
MAX_TASKS = 5_000
MAX_UNITS = 2_000


def validate(plan: Plan) -> list[Problem]:
    """All problems of ``plan``: errors stop a build, warnings are printed."""
    too_big = _too_big(plan)
    if too_big:
        return too_big
    return [*_required(plan), *_units(plan), *_standing(plan), *_references(plan), *_body(plan),
            *_appendix(plan), *_merged_up(plan), *_unreached(plan), *_decision(plan),
            *boundaries.gone(plan)]


def _too_big(plan: Plan) -> list[Problem]:
    """One problem, and no other checks, for a plan too big to be real."""
    tasks = sum(1 for _ in plan.tasks())
    if tasks > MAX_TASKS:
        return [Problem("phu_luc", f"kế hoạch có {thousands(tasks)} nhiệm vụ, quá giới hạn {thousands(MAX_TASKS)} — "
                        "kiểm tra các bí danh *… (mỗi lần dùng chép lại cả danh sách nhiệm vụ), hoặc chia thành "
                        "nhiều kế hoạch")]
    if len(plan.units) > MAX_UNITS:
        return [Problem("don_vi", f"kế hoạch có {thousands(len(plan.units))} đơn vị, quá giới hạn "
                        f"{thousands(MAX_UNITS)} — kiểm tra danh sách don_vi và các bí danh *…")]
    return []


def _decision(plan: Plan) -> Iterator[Problem]:
    """A Quyết định of the Chủ tịch is signed "KT. CHỦ TỊCH", never on behalf of the body (TM.)."""
    d = plan.decision
    if d and d.authority and d.authority[0].startswith("CHỦ TỊCH") and any(
            a.startswith("TM.") for a in plan.signer.authority):
        yield Problem("nguoi_ky.quyen_han", "quyết định do Chủ tịch ban hành (tham_quyen) thì ký “KT. CHỦ TỊCH” hoặc "
                      "Chủ tịch ký, không ký “TM.” tập thể — sửa quyen_han hoặc tham_quyen", warning=True)


def _required(plan: Plan) -> Iterator[Problem]:
    parts: tuple[tuple[str, Record, object], ...] = (
        ("co_quan_ban_hanh", ISSUER, plan.issuer), ("van_ban", DOCUMENT, plan), ("nguoi_ky", SIGNER, plan.signer),
    )
    for where, record, obj in parts:
        for f in record.fields:
            if f.required and not getattr(obj, f.attr):
                yield Problem(f"{where}.{f.key}", f"thiếu trường bắt buộc '{f.key}'")


def _units(plan: Plan) -> Iterator[Problem]:
    first: dict[str, int] = {}
    owner: dict[str, str] = {}
    by_id = {u.id: u for u in plan.units}
    for i, unit in enumerate(plan.units):
        path = f"don_vi[{i}]"
        if not unit.id:
            yield Problem(f"{path}.ma", "đơn vị chưa có mã (ma)")
        elif unit.id in first:
            yield Problem(f"{path}.ma", f"mã đơn vị '{unit.id}' bị trùng (đã có ở đơn vị thứ {first[unit.id] + 1})")
        first.setdefault(unit.id, i)
        if not unit.name:
            yield Problem(f"{path}.ten", f"đơn vị '{unit.id}' chưa có tên (ten)")
        for spelling in dict.fromkeys((unit.id, unit.name, *unit.aliases)):
            key = match_key(spelling)
            if key and owner.setdefault(key, unit.id) != unit.id:
                yield Problem(f"{path}.ten_khac", f"tên '{spelling}' dùng cho cả hai đơn vị '{owner[key]}' và "
                              f"'{unit.id}' — sửa ten hoặc ten_khac")
        yield from _members(unit, path, by_id)


def _members(unit: Unit, path: str, by_id: dict[str, Unit]) -> Iterator[Problem]:
    if unit.members and not unit.collective:
        yield Problem(f"{path}.thanh_vien", "chỉ đơn vị tập thể (tap_the: true) mới có thanh_vien")
    for j, member in enumerate(unit.members):
        where = f"{path}.thanh_vien[{j}]"
        if member not in by_id:
            yield Problem(where, f"không có đơn vị '{member}' trong danh sách don_vi")
        elif by_id[member].collective:
            yield Problem(where, f"'{member}' là đơn vị tập thể — thanh_vien chỉ gồm đơn vị cụ thể")


def _standing(plan: Plan) -> Iterator[Problem]:
    if not plan.standing:
        return
    unit = next((u for u in plan.units if u.id == plan.standing), None)
    if unit is None:
        yield Problem("co_quan_thuong_truc", f"không có đơn vị '{plan.standing}' trong danh sách don_vi")
    elif unit.collective:
        yield Problem("co_quan_thuong_truc",
                      f"'{unit.id}' là đơn vị tập thể — cơ quan thường trực là một đơn vị cụ thể")


def _references(plan: Plan) -> Iterator[Problem]:
    for i, ref in enumerate(plan.references):
        missing = [word for word, blank in (("ngày ban hành (ngay)", ref.date.is_blank),
                                            ("trích yếu (trich_yeu)", not ref.subject)) if blank]
        if missing:
            yield Problem(f"thuc_hien[{i}]", f"văn bản '{ref.kind} số {ref.number}' chưa có {' và '.join(missing)}"
                          " — Kế hoạch sẽ trích dẫn thiếu; bổ sung nếu biết", warning=True)


def _body(plan: Plan) -> Iterator[Problem]:
    known = {u.id for u in plan.units}

    def walk(parts: tuple[BodyPart, ...], path: str) -> Iterator[Problem]:
        for i, part in enumerate(parts):
            where = f"{path}[{i}]"
            for unit_id, _ in part.unit_notes:
                if unit_id not in known:
                    yield Problem(f"{where}.ghi_chu_don_vi.{unit_id}",
                                  f"không có đơn vị '{unit_id}' trong danh sách don_vi")
            yield from walk(part.children, f"{where}.muc")

    yield from walk(plan.body, "noi_dung")


def annex_paths(plan: Plan) -> Iterator[tuple[str, str, Appendix]]:
    """Each appendix with its model path (``phu_luc``, or ``phu_luc[1]`` when there are several) and id prefix."""
    count = len(plan.appendices)
    for k, appendix in enumerate(plan.appendices):
        yield ("phu_luc" if count == 1 else f"phu_luc[{k}]"), numbering.annex_prefix(k, count), appendix


def _appendix(plan: Plan) -> Iterator[Problem]:
    known = {u.id for u in plan.units}
    seen: dict[str, str] = {}
    for where, prefix, appendix in annex_paths(plan):
        yield from _annex(appendix, where, prefix, known, seen)


def _annex(appendix: Appendix, where: str, prefix: str, known: set[str], seen: dict[str, str]
           ) -> Iterator[Problem]:
    style = appendix.numbering
    yield from _columns(appendix, where)
    running = 0
    as_printed = style == "nhu_in"  # any number the table prints; parse made the ids unique
    for i, section in enumerate(appendix.sections):
        path = schema.section_path(where, i, appendix.sectionless)
        yield from _number(section.id, section.id if as_printed else prefix + numbering.section_label(style, i),
                           f"{path}.stt", "trong phụ lục", seen)
        if not section.items and not (as_printed and i + 1 < len(appendix.sections)):  # "A" above "I": a part
            whose = "bảng" if appendix.sectionless else f"mục {section.printed}"
            yield Problem(f"{path}.nhiem_vu", f"{whose} không có nhiệm vụ nào")
        keys = {c.key for c in appendix.columns}
        for key, _ in section.common:
            if key not in keys or key in ("stt", "noi_dung", "chu_tri", "phoi_hop"):
                yield Problem(f"{path}.chung.{key}", f"'{key}' không phải cột ghi chung được — chung chỉ dùng cho "
                              "cột sản phẩm, thời gian hoặc các cột khai báo trong phu_luc.cot")
        for j, rows in enumerate(_numbered(section)):
            running += 1
            ipath = f"{path}.nhiem_vu[{j}]"
            first = rows[0]
            label = numbering.task_label(style, section.id, j, running)
            expected = first.id if as_printed else numbering.task_id(style, section.id, label)
            within = "trong bảng" if appendix.sectionless else f"trong mục {section.printed}"
            yield from _number(first.id, expected, f"{ipath}.stt", within, seen)
            if isinstance(first, Group):
                yield from _group(first, ipath, known, seen, as_printed)
                continue
            for k, row in enumerate(r for r in rows if isinstance(r, Task)):
                rpath = f"{ipath}.dong[{k}]" if len(rows) > 1 else ipath
                if k:
                    yield from _number(row.id, numbering.subrow_id(first.id, k), f"{rpath}.stt",
                                       f"trong nhiệm vụ {first.id}", seen)
                yield from _task(row, rpath, known)


def _merged_up(plan: Plan) -> Iterator[Problem]:
    """``gop_tren``: a cell printed merged with the one above prints one value, so both rows must hold it."""
    paths = {id(t): p for p, t in task_paths(plan)}
    for _, _, appendix in annex_paths(plan):
        headings = {c.key: c.heading for c in appendix.columns}
        for section in appendix.sections:
            above: Task | None = None
            for item in section.items:
                if isinstance(item, Group):
                    above = None  # the group's row is printed in between
                for task in item.tasks if isinstance(item, Group) else (item,):
                    for key in task.merged_up:
                        where = f"{paths[id(task)]}.gop_tren"
                        name = numbering.called(task.id)
                        if key in ("stt", "noi_dung") or key not in headings:
                            yield Problem(where, f"'{key}' không gộp được bằng gop_tren — ghi mã một cột của bảng "
                                          "(chu_tri, phoi_hop, san_pham, thoi_gian, cột tự đặt); số và nội dung "
                                          "dùng chung thì viết các dòng dưới dong")
                        elif above is None:
                            yield Problem(where, f"nhiệm vụ {name} là dòng đầu của mục hoặc nhóm — không có ô phía "
                                          "trên để gộp, bỏ gop_tren")
                        elif _cell(above, key) != _cell(task, key):
                            yield Problem(where, f"ô “{headings[key]}” của nhiệm vụ {name} gộp với dòng trên nhưng "
                                          f"khác giá trị (“{_cell(task, key)}” / “{_cell(above, key)}”) — ô gộp in "
                                          "một giá trị: ghi giống dòng trên hoặc bỏ gop_tren")
                    above = task


def _cell(task: Task, key: str) -> str:
    """What the task holds for a column, as comparable text."""
    if key in ("chu_tri", "phoi_hop"):
        text, ids = (task.lead_text, task.leads) if key == "chu_tri" else (task.partner_text, task.partners)
        return text or "; ".join(ids)
    return task.value(key)


def _numbered(section: Section) -> list[list[Task | Group]]:
    """The section's numbered rows: a task with its stacked sub-rows is one."""
    out: list[list[Task | Group]] = []
    for item in section.items:
        if isinstance(item, Task) and item.continues and out:
            out[-1].append(item)
        else:
            out.append([item])
    return out


def _columns(appendix: Appendix, where: str) -> Iterator[Problem]:
    keys = [c.key for c in appendix.columns]
    for i, key in enumerate(keys):
        if key in keys[:i]:
            yield Problem(f"{where}.cot[{i}]", f"cột '{key}' có hai lần")
    if "noi_dung" not in keys:
        yield Problem(f"{where}.cot", "bảng cần cột nội dung (noi_dung)")
    if "stt" not in keys:
        yield Problem(f"{where}.cot", "bảng cần cột số thứ tự (stt), đặt đầu tiên")
    elif keys[0] != "stt":
        yield Problem(f"{where}.cot[{keys.index('stt')}]", "cột số thứ tự (stt) phải là cột đầu tiên")
    groups = [c.group for c in appendix.columns]
    for i, group in enumerate(groups):
        if group and group in groups[:i] and groups[i - 1] != group:
            yield Problem(f"{where}.cot[{i}].nhom", f"nhóm cột '{group}' bị tách — các cột cùng nhóm phải đứng liền "
                          "nhau (tiêu đề nhóm in một ô chung phía trên)")


def _group(group: Group, path: str, known: set[str], seen: dict[str, str], as_printed: bool = False
           ) -> Iterator[Problem]:
    if not group.tasks and not as_printed:
        yield Problem(f"{path}.nhiem_vu", f"nhóm nhiệm vụ {group.id} không có nhiệm vụ nào")
    k = -1
    for task in group.tasks:
        k += 0 if task.continues else 1
        tpath = f"{path}.nhiem_vu[{k}]"
        expected = task.id if as_printed else numbering.sub_id(group.id, k)
        if not task.continues:
            yield from _number(task.id, expected, f"{tpath}.stt", f"trong nhóm {group.id}", seen)
        yield from _task(task, tpath, known)


def _number(given: str, expected: str, path: str, where: str, seen: dict[str, str]) -> Iterator[Problem]:
    """A row's printed number: in order and used once. Ids are compared whole (IV.1.b)."""
    if given in seen:
        yield Problem(path, f"mã nhiệm vụ '{given}' bị trùng (đã có ở {seen[given]}) — mỗi dòng một số riêng")
    elif match_key(given) != match_key(expected):
        cell, wanted = numbering.place(given)[1:], numbering.place(expected)[1:]  # the printed cells
        yield Problem(path, f"số thứ tự không đúng thứ tự {where}: ở đây phải là '{wanted[1] or wanted[0]}', không "
                      f"phải '{cell[1] or cell[0]}'")
    seen.setdefault(given, f"dòng thứ {len(seen) + 1} của phụ lục")


def _unreached(plan: Plan) -> Iterator[Problem]:
    """Tasks led only by collectives without members: no single unit gets a letter to lead them."""
    by_id = {u.id: u for u in plan.units}
    for path, task in task_paths(plan):
        leads = [by_id[u] for u in task.leads if u in by_id]
        if leads and len(leads) == len(task.leads) and all(u.collective and not u.members for u in leads):
            who = "; ".join(u.name for u in leads)
            yield Problem(f"{path}.chu_tri", f"nhiệm vụ {numbering.called(task.id)} do “{who}” chủ trì "
                          "nhưng chưa khai báo thanh_vien — không đơn vị cụ thể nào nhận công văn chủ trì nhiệm vụ "
                          "này", warning=True)


def task_paths(plan: Plan) -> Iterator[tuple[str, Task]]:
    """Every task with its model path, in the plan file's shape (sub-rows under ``dong``)."""
    for where, _, appendix in annex_paths(plan):
        yield from _annex_task_paths(appendix, where)


def _annex_task_paths(appendix: Appendix, where: str) -> Iterator[tuple[str, Task]]:
    for i, section in enumerate(appendix.sections):
        for j, rows in enumerate(_numbered(section)):
            path = f"{schema.section_path(where, i, appendix.sectionless)}.nhiem_vu[{j}]"
            first = rows[0]
            if isinstance(first, Group):
                k = -1
                for t in first.tasks:
                    k += 0 if t.continues else 1
                    yield f"{path}.nhiem_vu[{k}]", t
            else:
                yield from ((f"{path}.dong[{k}]" if len(rows) > 1 else path, t)
                            for k, t in enumerate(rows) if isinstance(t, Task))


def _task(task: Task, path: str, known: set[str]) -> Iterator[Problem]:
    name = numbering.called(task.id)
    if not any(p.strip() for p in task.content):
        yield Problem(f"{path}.noi_dung", f"nhiệm vụ {name}: nội dung nhiệm vụ trống")
    if not task.leads:
        yield Problem(f"{path}.chu_tri",
                      f"nhiệm vụ {name} chưa có đơn vị chủ trì — thêm ít nhất một đơn vị vào chu_tri")
    for key, ids in (("chu_tri", task.leads), ("phoi_hop", task.partners)):
        for k, unit_id in enumerate(ids):
            if unit_id not in known:
                yield Problem(f"{path}.{key}[{k}]", f"nhiệm vụ {name}: không có đơn vị '{unit_id}' trong don_vi")
            elif unit_id in ids[:k]:
                yield Problem(f"{path}.{key}[{k}]", f"nhiệm vụ {name}: đơn vị '{unit_id}' được ghi hai lần")
    for unit_id in sorted(set(task.leads) & set(task.partners), key=task.partners.index):
        yield Problem(f"{path}.phoi_hop",
                      f"đơn vị '{unit_id}' vừa chủ trì vừa phối hợp nhiệm vụ {task.id} — bỏ ở một trong hai cột")
