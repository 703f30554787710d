"""The typed plan model. Built once by ``load.py``; the rest of the code never sees raw YAML."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field

from .numbering import printed as numbering_printed
from .vn import VnDate, format_date, format_number


@dataclass(frozen=True)
class Issuer:
    """The issuing body (cơ quan ban hành) and its parent body (cơ quan chủ quản), if any."""

    name: str
    short: str  # used in symbols and in the "Lưu" line: UBND
    parent: str = ""
    header_lines: tuple[str, ...] = ()  # how the name is printed in the header, upper case


@dataclass(frozen=True)
class Reference:
    """A document the plan implements or is based on, cited the same way everywhere."""

    kind: str  # Quyết định, Chỉ thị, Công văn, Kế hoạch ...
    number: str  # exactly as issued: 1560/QĐ-TTg, 39-CT/TW
    date: VnDate
    issuer: str
    subject: str = ""

    def cite(self) -> str:
        """``Quyết định số 1560/QĐ-TTg ngày 18 tháng 7 năm 2025 của Thủ tướng Chính phủ về …``."""
        text = f"{self.kind} số {self.number}"
        if not self.date.is_blank:
            text += f" {format_date(self.date)}"
        if self.issuer:
            text += f" của {self.issuer}"
        if self.subject:
            text += f" {self.subject}"
        return text


@dataclass(frozen=True)
class Unit:
    """A unit named in the task table: one body (gets letters) or a collective."""

    id: str
    name: str
    short: str = ""
    aliases: tuple[str, ...] = ()
    collective: bool = False
    members: tuple[str, ...] = ()
    parent: str = ""  # its own parent body, printed above its name on its report form
    line: int = field(default=0, compare=False)
    relation: str = ""  # to the issuer: truc_thuoc | cap_duoi | ngoai; "" = inferred (relations.py)
    place: str = ""  # its own place name (địa danh) for its report form; "" = inferred


@dataclass(frozen=True)
class Task:
    """One row of the appendix table."""

    id: str  # printed numbering: "IV.1.b"
    number: str  # the STT cell: "1", "b"
    content: tuple[str, ...]  # paragraphs of the cell ("- " items stay as written)
    leads: tuple[str, ...]  # unit ids, in print order
    partners: tuple[str, ...]
    product: str
    timeline: str
    deadline: dt.date | None = None
    line: int = field(default=0, compare=False)
    origin: str = field(default="", compare=False)  # id of the task in the root plan it was adapted from
    extra: tuple[tuple[str, str], ...] = ()  # free columns (kinh_phi …): column key -> printed text
    lead_text: str = ""  # the lead cell as the plan prints it ("" = the unit names joined)
    partner_text: str = ""
    continues: bool = False  # a stacked sub-row of the task above: same number, number cell merged
    shared_content: bool = False  # a sub-row whose content is the first row's (the content cell is merged)
    merged_up: tuple[str, ...] = ()  # column keys whose cell is printed merged with the row above (gop_tren)

    def value(self, key: str) -> str:
        """The text of a column given as text: sản phẩm, thời gian, or a free column (kinh_phi …)."""
        if key == "san_pham":
            return self.product
        if key == "thoi_gian":
            return self.timeline
        return dict(self.extra).get(key, "")


@dataclass(frozen=True)
class Group:
    """A numbered row with sub-tasks a), b) (IV.1)."""

    id: str
    number: str
    title: str
    tasks: tuple[Task, ...]
    line: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Section:
    """A Roman-numbered section row (I–VI) of the appendix."""

    id: str  # "IV"
    title: str
    items: tuple[Task | Group, ...]
    line: int = field(default=0, compare=False)
    common: tuple[tuple[str, str], ...] = ()  # column key -> one value for all its rows, printed merged
    number: str | None = None  # the STT cell when it is not the id's (nhu_in: "A", "I" again under "B", "")

    @property
    def printed(self) -> str:
        return numbering_printed(self.id) if self.number is None else self.number

    def tasks(self) -> Iterator[Task]:
        for item in self.items:
            if isinstance(item, Group):
                yield from item.tasks
            else:
                yield item


@dataclass(frozen=True)
class Column:
    """A column of the task table: a role kehoach understands (stt, noi_dung, chu_tri, phoi_hop, san_pham,
    thoi_gian) or a free column (kinh_phi, ghi_chu …) whose values the tasks give under its key."""

    key: str
    heading: str
    width: float  # cm
    free: bool = False
    in_letters: bool = False  # a free column that matters to a unit (kinh phí): printed in its letter too
    group: str = ""  # a heading printed above this and the next columns of the same group ("Kinh phí (triệu đồng)")


ROLE_HEADINGS = {
    "stt": "STT", "noi_dung": "NỘI DUNG NHIỆM VỤ", "chu_tri": "ĐƠN VỊ CHỦ TRÌ", "phoi_hop": "ĐƠN VỊ PHỐI HỢP",
    "san_pham": "SẢN PHẨM", "thoi_gian": "THỜI GIAN THỰC HIỆN",
}
ROLE_WIDTHS = {"stt": 1.2, "noi_dung": 9.8, "chu_tri": 3.8, "phoi_hop": 4.0, "san_pham": 3.3, "thoi_gian": 2.6}
DEFAULT_COLUMNS = tuple(Column(k, ROLE_HEADINGS[k], ROLE_WIDTHS[k]) for k in ROLE_HEADINGS)
NUMBERING_STYLES = ("theo_muc", "lien_tuc", "hai_cap", "nhu_in")


@dataclass(frozen=True)
class Appendix:
    title: str
    sections: tuple[Section, ...]
    columns: tuple[Column, ...] = DEFAULT_COLUMNS
    numbering: str = "theo_muc"  # theo_muc: 1, 2 in each section; lien_tuc: 1 … n across sections; hai_cap: 1.1
    caption: str = ""  # the "(Kèm theo …)" line as the plan words it; "" = built from the plan's number and date
    sectionless: bool = False  # no section rows: one unprinted section, tasks numbered 1 … n (phu_luc.nhiem_vu)

    def tasks(self) -> Iterator[Task]:
        for section in self.sections:
            yield from section.tasks()


@dataclass(frozen=True)
class BodyPart:
    """A heading of the Kế hoạch body (I. / 1. / a)) with its paragraphs and sub-parts."""

    title: str
    paragraphs: tuple[str, ...] = ()
    children: tuple[BodyPart, ...] = ()
    appendix_pointer: bool = False  # ends with "(chi tiết tại Phụ lục kèm theo)"
    assignments: bool = False  # one generated paragraph per unit from the table
    unit_notes: tuple[tuple[str, str], ...] = ()  # free text merged into a unit's paragraph
    closing: tuple[str, ...] = ()  # paragraphs after the generated ones


@dataclass(frozen=True)
class Attachment:
    """A text the document carries after its signature, before its Phụ lục (the "Danh mục các văn bản đã ban
    hành" a công văn lists): its title, its paragraphs, and its parts numbered as a body's (I. / 1. / a))."""

    title: str
    paragraphs: tuple[str, ...] = ()
    parts: tuple[BodyPart, ...] = ()


@dataclass(frozen=True)
class Signer:
    authority: tuple[str, ...]  # TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH
    title: str  # PHÓ CHỦ TỊCH
    name: str


@dataclass(frozen=True)
class Reporting:
    """What each unit reports, to whom and by when (used in letters and report forms)."""

    to: str  # who receives the reports
    deadline: str  # "trước ngày 10 tháng 12 hằng năm"
    period: str  # "năm 2025"
    letter_symbol: str = ""  # công văn symbol: UBND-VHXH
    superior: str = ""  # the body the issuer itself reports to (Kính gửi of the summary report)


@dataclass(frozen=True)
class Decision:
    """The Quyết định that issues the plan ("Ban hành kèm theo Quyết định số …"), when there is one."""

    number: str
    symbol: str  # QĐ-UBND
    date: VnDate
    authority: tuple[str, ...] = ()  # the line above Căn cứ: ỦY BAN NHÂN DÂN TỈNH … ("" = from the issuer)
    bases: tuple[str, ...] = ()  # Căn cứ … (without the word "Căn cứ")
    proposal: str = ""  # Theo đề nghị của …
    executors: str = ""  # Điều 3: who carries it out
    effect: str = "Quyết định này có hiệu lực kể từ ngày ký."  # Điều 2
    recipients: tuple[str, ...] = ()  # after "Như Điều 3"

    @property
    def number_text(self) -> str:
        return format_number(self.number, self.symbol)


@dataclass(frozen=True)
class Plan:
    """A whole Kế hoạch: the document data, its body, its units and its appendix table."""

    name: str = field(compare=False)  # file stem, used for the output folder
    source: str = field(compare=False)
    issuer: Issuer
    kind: str
    number: str
    symbol: str
    place: str
    date: VnDate
    subject: str
    references: tuple[Reference, ...]
    signer: Signer
    recipients: tuple[str, ...]
    archive: str
    body: tuple[BodyPart, ...]
    units: tuple[Unit, ...]
    appendix: Appendix
    reporting: Reporting | None = None
    standing: str = ""  # unit id of the standing body (cơ quan thường trực), if any
    decision: Decision | None = None  # the plan is issued by a Quyết định
    more_appendices: tuple[Appendix, ...] = ()  # Phụ lục II, III … (their ids start with PLII., PLIII. …)
    preamble: tuple[str, ...] = ()  # the body's opening paragraphs as written ("" = made from the references)
    opening_style: str = "thuc_hien"  # the body opens "Thực hiện …" or with "Căn cứ …" lines (can_cu)
    body_numbering: str = "la_ma"  # I. / 1. / a); or phan_muc: Phần I / I. / 1. / a); or so: 1. / a) (a công văn)
    attachments: tuple[Attachment, ...] = ()  # texts after the signature, each from a new page (kem_theo)
    # For adapted plans: the files of the chain (nearest base first) and where each root unit went.
    lineage: tuple[str, ...] = field(default=(), compare=False)
    unit_map: tuple[tuple[str, tuple[str, ...]], ...] = field(default=(), compare=False)
    warnings: tuple[str, ...] = field(default=(), compare=False)  # problems that do not stop the build
    _by_id: dict[str, Unit] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        # Built anew for every Plan (also by dataclasses.replace): never shared between two plans.
        object.__setattr__(self, "_by_id", {u.id: u for u in self.units})

    def unit(self, unit_id: str) -> Unit:
        return self._by_id[unit_id]

    def tasks(self) -> Iterator[Task]:  # every appendix's, in print order
        for appendix in self.appendices:
            yield from appendix.tasks()

    @property
    def appendices(self) -> tuple[Appendix, ...]:
        return (self.appendix, *self.more_appendices)

    @property
    def number_text(self) -> str:
        """``Số`` value: ``     /KH-UBND`` or ``05/KH-UBND``."""
        return format_number(self.number, self.symbol)

    def cite(self) -> str:
        """How letters cite this plan: ``Kế hoạch số …/KH-UBND ngày … của Ủy ban nhân dân xã Xốp``, or
        ``Kế hoạch ban hành kèm theo Quyết định số 2820/QĐ-UBND ngày … của …``."""
        if self.decision is not None:
            d = self.decision
            return (f"{self.kind} ban hành kèm theo Quyết định số {d.number_text} {format_date(d.date)} "
                    f"của {self.issuer.name}")
        return f"{self.kind} số {self.number_text} {format_date(self.date)} của {self.issuer.name}"
