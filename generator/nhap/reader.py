"""Stage 5: the whole received file read part by part — where each part is (header, title, body, signature,
appendices and the tables that continue them), each read by its stage, and what no stage read listed.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import KehoachError, display_path
from ..model import Unit
from ..received import BadValue, Refused, damaged, from_parser, open_received
from ..units import UnitIndex
from . import header as hd
from .appendix import appendix, appendix_start, continues, count_tasks, sentence_case
from .attachment import attachment
from .body import body
from .columns import Header, table_header
from .decision import as_plan, attached, read_decision
from .output import Imported, ordered, row_places, row_problems, summary
from .units import Registry, add_members, finish_cells, unit_list
from .word import Blocks, blocks, bold_styles, paragraph_number, table_numbers, table_text, text


@dataclass
class _Layout:
    """Where each part of the file is, by block index."""

    blocks: Blocks
    header: int | None = None  # the header table
    typed: int | None = None  # the header typed as paragraphs: its last paragraph
    groups: list[list[int]] = field(default_factory=list)  # each appendix's table and the tables continuing it
    headers: dict[int, Header | None] = field(default_factory=dict)  # each table's header (None: not a task table)
    inline: list[list[int]] = field(default_factory=list)  # task tables typed in the body
    signature: int | None = None
    addressees: int | None = None  # a công văn's "Kính gửi:" typed in a table under the header
    plan: int | None = None  # a plan attached after the Quyết định's signature: its title
    attached: list[int] = field(default_factory=list)  # paragraphs of a text after the signature (kem_theo)
    start: int = 0  # the first block after the header
    end_of_body: int = 0

    @property
    def table_no(self) -> dict[int, int]:
        return table_numbers(self.blocks)


def _groups(bl: Blocks, headers: dict[int, Header | None]) -> list[list[int]]:
    """Each appendix's task table and the tables continuing it; ``headers``: each table's header, read once."""
    out: list[list[int]] = []
    first: Header | None = None  # the header of the group's first table
    for k, (kind, el) in enumerate(bl):
        if kind != "t":
            continue
        own = headers[k] = table_header(el)
        if out and first is not None and continues(bl, out[-1][-1], k, first, own):
            out[-1].append(k)
        elif own is not None:
            out.append([k])
            first = own
    return out


def _layout(path: Path, bl: Blocks) -> _Layout:
    at = _Layout(bl)
    at.header = next((k for k, (kind, el) in enumerate(bl) if kind == "t" and hd.NATIONAL in table_text(el).upper()),
                     None)
    at.typed = None if at.header is not None else hd.header_paragraphs(bl)
    top = at.header if at.header is not None else at.typed
    at.start = top + 1 if top is not None else 0
    if at.start < len(bl) and bl[at.start][0] == "t" and table_text(bl[at.start][1]).startswith("Kính gửi"):
        at.addressees, at.start = at.start, at.start + 1
    at.groups = _groups(bl, at.headers)
    if not at.groups:
        raise _fail(path, "không tìm thấy bảng nhiệm vụ (bảng có cột nội dung/nhiệm vụ và cột chủ trì, phối hợp "
                    "hoặc thời gian) — kehoach nhập kế hoạch có phụ lục dạng bảng")
    at.signature = next((k for k, (kind, el) in enumerate(bl) if kind == "t" and k > at.start
                         and "nơi nhận" in table_text(el).lower()), None)
    # a task table typed in the body (before the signature, no "Phụ lục" label above it): kehoach prints it
    # as the Phụ lục, the heading above it pointing there
    at.inline = [g for g in at.groups if at.signature is not None and g[0] < at.signature
                 and appendix_start(bl, g[0]) == g[0]]
    first = next((g[0] for g in at.groups if g not in at.inline), None)
    if at.signature is not None and first is not None and at.signature > first:
        at.signature = None  # a Nơi nhận table after the appendix is not the plan's signature
    at.end_of_body = at.signature if at.signature is not None else appendix_start(
        bl, at.groups[0][0] if first is None else first)
    if at.signature is not None and first is not None:
        at.plan = attached(bl, at.signature, appendix_start(bl, first))
        if at.plan is not None:  # the decision, its signature, then the plan it issues: the plan is the body
            at.end_of_body = appendix_start(bl, first)
    return at


def read_plan_docx(path: Path, known: tuple[Unit, ...] = ()) -> Imported:
    """The plan in ``path``; ``known`` units (another plan's registry) are used for the cells they name."""
    document = open_received(path)
    try:
        return _read(path, document, known)
    except BadValue as exc:
        raise damaged(path, "word/document.xml", str(exc)) from None
    except Exception as exc:  # a value python-docx reads lazily (a style's type) that Word would not write
        if not from_parser(exc):
            raise
        raise damaged(path, detail="có giá trị Word không đọc được") from exc


def _read(path: Path, document: Any, known: tuple[Unit, ...]) -> Imported:
    bold = bold_styles(document)
    at = _layout(path, blocks(document))
    bl, notes, missing, data = at.blocks, [], [], {}  # type: tuple[Blocks, list[str], list[str], dict[str, Any]]
    if at.header is not None:
        hd.header_table(bl[at.header][1], data, notes)
    elif at.typed is not None:
        hd.header_from_paragraphs(bl, at.typed, data, notes)
    if at.plan is not None and at.signature is not None:
        read_decision(bl, at.start, at.signature, data, notes)
    first_body = hd.title(bl, at.start if at.plan is None else at.plan, at.end_of_body, data, bold, notes)
    under = body(bl[first_body:at.end_of_body], data, missing, bold,
                 frozenset(id(bl[k][1]) for g in at.inline for k in g))
    _after_body(at, data, notes, bold)
    registry, places = Registry(UnitIndex(known)), {}  # type: tuple[Registry, dict[int, str]]
    annexes = [appendix(bl, g, registry, notes, n, sentence_case(under.get(id(bl[g[0]][1]), "")), at.table_no,
                        missing, at.headers, places) for n, g in enumerate(at.groups)]
    missing += _leftovers(at)
    final = registry.settle()
    add_members(registry, notes)
    names = {u["ma"]: u["ten"] for u in registry.units.values() if not u.get("_known")} | {u.id: u.name for u in known}
    finish_cells(annexes, names, final)
    hd.decision(data, notes)
    if at.header is None and at.typed is None:
        hd.from_caption(bl, at.groups[0][0], data, notes)
    data["don_vi"] = unit_list(registry, known)
    data["phu_luc"] = annexes[0] if len(annexes) == 1 else annexes
    out = Imported(ordered(data), notes, _account(at, data, annexes, under, first_body), missing)
    out.reload()
    missing += row_problems(out.issues, row_places(annexes, places))
    out.summary = summary(data, annexes, missing)
    return out


def _after_body(at: _Layout, data: dict[str, Any], notes: list[str], bold: set[str]) -> None:
    """The signature and Nơi nhận, a công văn's Kính gửi, and what follows the signature: the plan a Quyết định
    issues, or a text the document carries (kem_theo)."""
    if at.signature is None:
        if at.header is not None or at.typed is not None:
            notes.append("không thấy phần Nơi nhận và chữ ký trước phụ lục — điền nguoi_ky, noi_nhan")
        return
    hd.signature(at.blocks[at.signature][1], data)
    if at.addressees is not None:
        hd.addressees(at.blocks[at.addressees][1], data, notes)
    if at.plan is not None:
        as_plan(data)
    else:
        _attachment(at, data, bold)


def _attachment(at: _Layout, data: dict[str, Any], bold: set[str]) -> None:
    """A text typed between the signature and the first Phụ lục (a list of documents issued …): kem_theo."""
    assert at.signature is not None
    first = min((g[0] for g in at.groups if g not in at.inline and g[0] > at.signature), default=None)
    end = appendix_start(at.blocks, first) if first is not None else len(at.blocks)
    found, at.attached = attachment(at.blocks, at.signature + 1, end, bold)
    if found is not None:
        data["kem_theo"] = [found]


def _used(at: _Layout) -> set[int]:
    used = set(range(at.header if at.header is not None else 0, at.end_of_body))  # the Kính gửi table too
    used |= set(at.attached)
    if at.signature is not None:
        used.add(at.signature)
    for group in at.groups:
        used |= set(range(appendix_start(at.blocks, group[0]), group[-1] + 1))
    return used


def _leftovers(at: _Layout) -> list[str]:
    """What no step read: listed, never dropped in silence (a note under a table, a table of indicators …)."""
    out = []
    used, table_no = _used(at), at.table_no
    for k, (kind, el) in enumerate(at.blocks):
        if k in used:
            continue
        after = [n + 1 for n, g in enumerate(at.groups) if g[-1] < k]
        later = any(g[0] > k for g in at.groups)
        where = (f" (sau bảng của phụ lục {after[-1]})" if after
                 else f" (sau chữ ký{', trước phụ lục' if later else ''})"
                 if at.signature is not None and k > at.signature else "")
        if kind == "t" and (words := table_text(el)):
            out.append(f"bảng {table_no[k]}{where} chưa nhập (bắt đầu: “{words[:50]}…”) — không phải bảng nhiệm vụ; "
                       "chép tay nếu cần")
        elif kind == "p" and (words := text(el)):
            out.append(f"đoạn {paragraph_number(at.blocks, k)}{where} chưa nhập: “{words[:60]}”")
    return out


def _account(at: _Layout, data: dict[str, Any], annexes: list[dict[str, Any]], under: dict[int, str],
             first_body: int) -> list[str]:
    """What was read from where, for the file's comments."""
    read, table_no = [], at.table_no
    if at.header is not None:
        read.append(f"phần đầu (cơ quan, số, ngày): bảng {table_no[at.header]}")
    elif at.typed is not None:
        read.append(f"phần đầu (cơ quan, số, ngày): đoạn 1–{paragraph_number(at.blocks, at.typed)}")
    if data.get("noi_dung") or data.get("loi_mo_dau"):
        read.append(f"nội dung: {len(data.get('noi_dung', []))} mục, đoạn {paragraph_number(at.blocks, first_body)}–"
                    f"{paragraph_number(at.blocks, at.end_of_body - 1)}")
    if at.addressees is not None:
        read.append(f"kính gửi: bảng {table_no[at.addressees]}")
    if at.plan is not None and at.signature is not None:
        read.append(f"quyết định: đoạn {paragraph_number(at.blocks, at.start)}–"
                    f"{paragraph_number(at.blocks, at.signature)}, kế hoạch ban hành kèm theo từ đoạn "
                    f"{paragraph_number(at.blocks, at.plan)}")
    if at.signature is not None:
        read.append(f"nơi nhận và chữ ký: bảng {table_no[at.signature]}")
    if at.attached:
        read.append(f"kèm theo sau chữ ký (kem_theo): “{data['kem_theo'][0]['tieu_de']}”, đoạn "
                    f"{paragraph_number(at.blocks, at.attached[0])}–{paragraph_number(at.blocks, at.attached[-1])}")
    for n, (group, annex) in enumerate(zip(at.groups, annexes, strict=True)):
        count = sum(count_tasks(s) for s in annex.get("muc", [annex]))
        where = ", ".join(f"bảng {table_no[k]}" for k in group)
        if group in at.inline:
            heading = under.get(id(at.blocks[group[0]][1]))
            where += (f" (trong nội dung{f', mục “{heading}”' if heading else ''} — kehoach in bảng này thành Phụ "
                      "lục kèm theo)")
        shape = f"{len(annex['muc'])} mục" if "muc" in annex else "không chia mục"
        read.append(f"phụ lục {n + 1}: {where} — {shape}, {count} nhiệm vụ")
    return read


def _fail(path: Path, message: str) -> KehoachError:
    return Refused(f"{display_path(path)}: {message}")
