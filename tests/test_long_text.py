"""A million characters without a space (a pasted link, a base64 blob) through every text path of `build` and
`nhap`, in seconds: each run has a time limit that a quadratic path would pass by hours.

The regex-by-regex proof is tests/test_linear.py; this is the same promise end to end, through docxtpl, lxml
and the letter combining, which no regex test sees.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from generator.received import MAX_TEXT

from .conftest import DATA, ROOT
from .docxread import body_paragraphs, open_docx, table_cells

pytestmark = pytest.mark.slow

WORD = "https://a.b/" + "Ab1-Đ/x_" * 124_999  # 1,000,004 characters, hyphens and slashes but no space
LIMIT = 120  # seconds; a linear build of these takes a few, the cubic pattern of issue 17 took hours
MINIMAL = (DATA / "valid" / "minimal.yaml").read_text(encoding="utf-8")
BODY = "noi_dung:\n  - tieu_de: Mục đích\n    doan:\n      - Bảo đảm an toàn.\n"
PATHS = {  # where the word goes: the minimal plan's text it replaces (or follows)
    "trich_yeu": ("trich_yeu: Thử nghiệm", f"trich_yeu: Thử {WORD}"),
    "noi_dung": ("noi_dung: Kiểm tra", f"noi_dung: Kiểm tra {WORD}"),
    "san_pham": ("noi_dung: Kiểm tra", f"noi_dung: Kiểm tra\n          san_pham: {WORD}"),
    "thoi_gian": ("noi_dung: Kiểm tra", f"noi_dung: Kiểm tra\n          thoi_gian: {WORD}"),
    "ten_muc": ("ten: Tuyên truyền", f"ten: Tuyên truyền {WORD}"),
    "ten_don_vi": ("ten: Công an xã", f"ten: Công an xã {WORD}"),
    "doan": ("phu_luc:", BODY.replace("Bảo đảm an toàn.", f"Bảo đảm {WORD}") + "phu_luc:"),
}


def kehoach(*args: str) -> subprocess.CompletedProcess[str]:
    env = os.environ | {"PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "generator", *args], capture_output=True, text=True, timeout=LIMIT,
                          env=env, check=False)


def texts(path: Path) -> str:
    """Every paragraph and cell of a .docx as one text (a <w:noBreakHyphen/> read as "-")."""
    document = open_docx(path)
    cells = [" ".join(c) for t in document.tables for row in table_cells(t) for c in row]
    return "\n".join(body_paragraphs(document) + cells)


@pytest.mark.parametrize("where", sorted(PATHS))
def test_a_million_characters_without_a_space_build_in_seconds(where, tmp_path):
    old, new = PATHS[where]
    plan = tmp_path / "dai.yaml"
    plan.write_text(MINIMAL.replace(old, new, 1), encoding="utf-8")
    result = kehoach("build", str(plan), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    bundle = tmp_path / "out" / "dai"
    document = "phu-luc.docx" if where not in ("trich_yeu", "doan") else "ke-hoach.docx"
    assert WORD in texts(bundle / document)  # whole: not cut, not broken by a space or a line break
    assert len(list(bundle.rglob("*.docx"))) >= 7


def received(word: str) -> docx.document.Document:
    """A short plan typed in Word with ``word`` in its title, a body paragraph and a task cell."""
    document = docx.Document()
    for text in ("ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "XÃ MẪU\tĐộc lập - Tự do - Hạnh phúc",
                 "Số: 15/KH-UBND\tMẫu, ngày 10 tháng 5 năm 2025"):
        document.add_paragraph(text)
    for text, bold in (("KẾ HOẠCH", True), (f"Phòng, chống dịch bệnh {word}", True), ("I. MỤC ĐÍCH", True),
                       (f"Xem {word}", False), ("II. NHIỆM VỤ", True)):
        document.add_paragraph().add_run(text).bold = bold
    table = document.add_table(rows=2, cols=4)
    for row, values in zip(table.rows, (["TT", "Nội dung", "Chủ trì", "Thời gian"],
                                        ["1", f"Cập nhật {word}", "Trạm Y tế xã", "Tháng 6/2025"]), strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text
    return document


def test_the_longest_text_a_received_file_may_hold_imports_and_builds_in_seconds(tmp_path):
    word = WORD[: MAX_TEXT - len("Phòng, chống dịch bệnh ")]  # the longest text it is put after
    source = tmp_path / "nhan.docx"
    received(word).save(str(source))
    result = kehoach("nhap", str(source), "-o", str(tmp_path / "nhan.yaml"))
    assert result.returncode == 0, result.stderr
    data = (tmp_path / "nhan.yaml").read_text(encoding="utf-8")
    assert data.count(word) == 3  # the title, the paragraph and the cell, whole
    completed = tmp_path / "xa.yaml"
    completed.write_text("nguoi_ky: {chuc_vu: Chủ tịch, ho_ten: Lê Văn D}\n" + data, encoding="utf-8")
    result = kehoach("build", str(completed), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert word in texts(tmp_path / "out" / "xa" / "phu-luc.docx")


def test_a_million_characters_in_one_cell_of_a_received_file_are_refused_in_seconds(tmp_path):
    source = tmp_path / "nhan.docx"
    received(WORD).save(str(source))
    result = kehoach("nhap", str(source), "-o", str(tmp_path / "nhan.yaml"))
    assert result.returncode == 1
    assert "dài hơn 100.000 ký tự" in result.stderr and "Traceback" not in result.stderr, result.stderr
    assert not (tmp_path / "nhan.yaml").exists()
