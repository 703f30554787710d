"""The plan file's vocabulary, declared once.

Each record of the model (Issuer, Task, Unit …) has one declaration here: the YAML key a clerk writes, the
model attribute it fills, how the value is read and written back, whether a complete plan needs it, and
the Vietnamese label used when two plans are compared. Reading (``parse``), adapting (``adapt``: which
task keys a ``sua`` may change), writing back (``export``) and comparing (``diff``) all take their names
from here, so a new task field is one line below plus its tests.

Kinds (how a value is read and written):
    text         one line                       upper        one line, printed upper case
    lines        a list of lines                upper_lines  a list of lines, upper case
    paragraphs   paragraphs (list, or blank-line separated text)
    date         18/7/2025, 7/2025 or 2025      full_date    a whole date 30/6/2026
    flag         true / false                   relation     truc_thuoc / cap_duoi / ngoai
    unit         one unit (code, name or alias) units        a list of units
    own          read by the record's own code (numbering, nested lists, notes)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Kind = Literal["text", "upper", "lines", "upper_lines", "paragraphs", "date", "full_date", "flag", "relation",
               "unit", "units", "own"]


@dataclass(frozen=True)
class Field:
    key: str  # the YAML key
    attr: str  # the model attribute ("" for keys that only steer reading, like ``sau``)
    kind: Kind
    required: bool = False  # in a complete plan (a plan that extends another may leave it out)
    label: str = ""  # Vietnamese name, for comparisons

    def __post_init__(self) -> None:
        assert self.key.isidentifier() and self.key.islower(), self.key


@dataclass(frozen=True)
class Record:
    fields: tuple[Field, ...]

    @property
    def keys(self) -> dict[str, bool]:
        """YAML key -> required: what ``Reader.mapping`` checks a mapping against."""
        return {f.key: f.required for f in self.fields}


ISSUER = Record((
    Field("ten", "name", "text", True), Field("viet_tat", "short", "text", True),
    Field("chu_quan", "parent", "text"), Field("dong_tieu_de", "header_lines", "upper_lines"),
))
DOCUMENT = Record((
    Field("loai", "kind", "text"), Field("so", "number", "text"), Field("ky_hieu", "symbol", "text", True),
    Field("dia_danh", "place", "text", True), Field("ngay", "date", "date"),
    Field("trich_yeu", "subject", "text", True), Field("mo_dau", "opening_style", "text"),
    Field("danh_so_noi_dung", "body_numbering", "text"),
))
OPENING_STYLES = ("thuc_hien", "can_cu")
BODY_NUMBERINGS = ("la_ma", "phan_muc", "so")
SIGNER = Record((
    Field("quyen_han", "authority", "upper_lines"), Field("chuc_vu", "title", "upper", True),
    Field("ho_ten", "name", "text", True),
))
DECISION = Record((
    Field("so", "number", "text"), Field("ky_hieu", "symbol", "text", True), Field("ngay", "date", "date"),
    Field("tham_quyen", "authority", "upper_lines"), Field("can_cu", "bases", "lines"),
    Field("de_nghi", "proposal", "text"), Field("thi_hanh", "executors", "text", True),
    Field("hieu_luc", "effect", "text"), Field("noi_nhan", "recipients", "lines"),
))
REPORTING = Record((
    Field("gui", "to", "text"), Field("thoi_han", "deadline", "text", True), Field("ky", "period", "text", True),
    Field("ky_hieu_cong_van", "letter_symbol", "text"), Field("cap_tren", "superior", "text"),
))
REFERENCE = Record((
    Field("loai", "kind", "text", True), Field("so_ky_hieu", "number", "text", True), Field("ngay", "date", "date"),
    Field("co_quan", "issuer", "text"), Field("trich_yeu", "subject", "text"),
))
UNIT = Record((
    Field("ma", "id", "text", True), Field("ten", "name", "text", True), Field("viet_tat", "short", "text"),
    Field("ten_khac", "aliases", "lines"), Field("tap_the", "collective", "flag"),
    Field("thanh_vien", "members", "own"), Field("chu_quan", "parent", "text"),
    Field("quan_he", "relation", "relation"), Field("dia_danh", "place", "text"),
))
TASK = Record((
    Field("stt", "number", "own"),
    Field("noi_dung", "content", "paragraphs", True, "Nội dung"),
    Field("chu_tri", "leads", "units", False, "Đơn vị chủ trì"),
    Field("phoi_hop", "partners", "units", False, "Đơn vị phối hợp"),
    Field("san_pham", "product", "text", False, "Sản phẩm"),
    Field("thoi_gian", "timeline", "text", False, "Thời gian thực hiện"),
    Field("han", "deadline", "full_date", False, "Hạn hoàn thành"),
    Field("gop_tren", "merged_up", "lines"),  # cells printed merged with the row above (the same value)
    Field("dong", "", "own"),  # stacked sub-rows sharing the task's number
))
# Keys a task cannot use for a free column: its own, and the edits of ``sua``.
RESERVED_TASK_KEYS = frozenset({f.key for f in TASK.fields} | {"them_doan", "them_cau", "thay_chu", "bo", "sau", "ma"})
GROUP = Record((Field("stt", "number", "own"), Field("ten", "title", "text", True),
                Field("nhiem_vu", "tasks", "own", True)))
SECTION = Record((Field("stt", "id", "own"), Field("ten", "title", "text", True),
                  Field("nhiem_vu", "items", "own", True), Field("chung", "common", "own")))
APPENDIX = Record((
    Field("ten", "title", "text", True), Field("muc", "sections", "own"), Field("cot", "columns", "own"),
    Field("danh_so", "numbering", "text"), Field("dong_kem_theo", "caption", "text"),
    # a table without section rows: its tasks (and merged values) right under phu_luc
    Field("nhiem_vu", "", "own"), Field("chung", "", "own"),
))


def section_path(where: str, index: int, sectionless: bool) -> str:
    """Where the ``index``-th section of the appendix at ``where`` is written: ``phu_luc.muc[2]``, or the
    appendix itself for a table without section rows."""
    return where if sectionless else f"{where}.muc[{index}]"
COLUMN = Record((
    Field("vai_tro", "key", "text"), Field("ma", "key", "text"), Field("tieu_de", "heading", "text"),
    Field("rong", "width", "text"), Field("trong_cong_van", "in_letters", "flag"), Field("nhom", "group", "text"),
))
# Column roles kehoach understands -> the task key that fills them.
ROLES = ("stt", "noi_dung", "chu_tri", "phoi_hop", "san_pham", "thoi_gian")
BODY = Record((
    Field("tieu_de", "title", "text", True), Field("doan", "paragraphs", "paragraphs"),
    Field("muc", "children", "own"), Field("chi_tiet_phu_luc", "appendix_pointer", "flag"),
    Field("phan_cong", "assignments", "flag"), Field("ghi_chu_don_vi", "unit_notes", "own"),
    Field("doan_cuoi", "closing", "paragraphs"),
))
ATTACHMENT = Record((
    Field("tieu_de", "title", "text", True), Field("doan", "paragraphs", "paragraphs"),
    Field("noi_dung", "parts", "own"),
))
# The top of a plan file: key -> required.
TOP = {
    "co_quan_ban_hanh": True, "van_ban": True, "thuc_hien": False, "nguoi_ky": True, "noi_nhan": False,
    "luu": False, "noi_dung": False, "bao_cao": False, "don_vi": True, "phu_luc": True, "ghi_chu": False,
    "co_quan_thuong_truc": False, "quyet_dinh": False, "loi_mo_dau": False, "kem_theo": False,
}
# A plan that extends another: every top key optional, plus what says how it differs.
OVERLAY = {**dict.fromkeys(TOP, False), "ke_thua": True, "doi_don_vi": False, "giu_don_vi": False,
           "thay_chu": False, "sua_noi_dung": False, "giu_noi_dung": False, "giu_chu": False}
OVERLAY_APPENDIX = {"ten": False, "sua": False, "them": False, "dong_kem_theo": False}
# ``phu_luc.sua.<task>``: any task field but its number, and the edits below.
TASK_CHANGE = {**{f.key: False for f in TASK.fields if f.kind != "own"},
               "them_doan": False, "them_cau": False, "thay_chu": False, "bo": False}
ROW_CHANGE = {"ten": False, "bo": False}  # ``phu_luc.sua.<section or group>``
INSERT_EXTRA = {"sau": True}  # ``phu_luc.them[i]``: a task and the row it follows
REPLACE = {"tim": True, "thay": True}
# Task fields compared by ``diff``, in print order.
COMPARED = tuple(f for f in TASK.fields if f.label)
