"""``danh_so: nhu_in``: a received table's own numbers kept as printed (parts A/B above sections, "8.2" under
VIII, a number again after a sub-heading, an unnumbered heading row), and headings read by their words."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from generator.api import build_documents
from generator.errors import PlanError
from generator.load import load_plan_text
from generator.nhap.columns import role as _role
from generator.validate import validate

MINIMAL = (Path(__file__).parent / "data" / "valid" / "minimal.yaml").read_text(encoding="utf-8")
HEAD = MINIMAL[: MINIMAL.index("phu_luc:")]
TABLE = """phu_luc:
  ten: Nhiệm vụ
  danh_so: nhu_in
  muc:
    - {stt: A, ten: PHẦN CHUNG, nhiem_vu: []}
    - stt: VIII
      ten: Tuyên truyền
      nhiem_vu:
        - {stt: "8.1", noi_dung: Tổ chức tuyên truyền, chu_tri: [phong-kinh-te]}
        - {stt: "8.2", noi_dung: Kiểm tra, chu_tri: [cong-an-xa]}
    - {stt: "", ten: Nhiệm vụ giao Công an xã, nhiem_vu: [{stt: "1", noi_dung: Tuần tra, chu_tri: [cong-an-xa]},
                                                          {stt: "1", noi_dung: Tuần tra lại, chu_tri: [cong-an-xa]}]}
"""


def test_numbers_kept_as_printed_and_ids_unique() -> None:
    plan = load_plan_text(HEAD + TABLE, "nhu-in")
    assert [p for p in validate(plan) if not p.warning] == []
    sections = plan.appendix.sections
    assert [s.printed for s in sections] == ["A", "VIII", ""]
    tasks = [t for s in sections for t in s.tasks()]
    assert [t.number for t in tasks] == ["8.1", "8.2", "1", "1"]
    assert len({t.id for t in tasks}) == 4  # the repeated "1" gets an id of its own
    files = build_documents(plan)
    appendix = next(f for f in files if f.kind in ("phu-luc", "ke-hoach"))
    rows = [[c.text for c in r.cells] for t in docx.Document(io.BytesIO(appendix.data)).tables for r in t.rows]
    firsts = [r[0] for r in rows]
    for printed in ("A", "VIII", "8.1", "8.2"):
        assert printed in firsts
    assert firsts.count("1") == 2


def test_an_empty_last_section_is_still_an_error() -> None:
    with pytest.raises(PlanError, match="mục IX không có nhiệm vụ nào"):
        load_plan_text(HEAD + TABLE + "    - {stt: IX, ten: Trống, nhiem_vu: []}\n", "nhu-in")


def test_headings_read_by_their_words() -> None:
    assert _role("Tên nhiệm vụ/dự án", loose=True) == "noi_dung"
    assert _role("Tên đề án ưu tiên", loose=True) == "noi_dung"
    assert _role("Cơ quan chủ trì[1]") == "chu_tri"
    assert _role("Cơ quan chủ trì theo dõi, đánh giá", loose=True) == "chu_tri"
    assert _role("Người đứng đầu chịu trách nhiệm", loose=True) == ""
    assert _role("Kết quả thực hiện", loose=True) == ""
    assert _role("Đơn vị", loose=True) == ""  # a unit of measure (%), not a lead
