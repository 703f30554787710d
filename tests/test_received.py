"""A received Word file is opened without trusting it: limits checked before parsing, damage told as damage,
LibreOffice under a watchdog. Every hostile file here is made by the test (none is stored).

Each refusal: exit 1, a Vietnamese message that says what and how much, nothing written, no process left;
the big ones run in a child process under a 500 MB memory limit and a 10 s time limit.
"""

from __future__ import annotations

import io
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.received import MAX_DEPTH, MAX_PARAGRAPHS, MAX_ROWS

from .conftest import DATA, ROOT, processes_with

NHAN = DATA / "nhan"
MEMORY = 500 * 1024 * 1024
SECONDS = 10
DAMAGED = "tệp Word bị hỏng hoặc không đúng định dạng"
SAVE_AGAIN = "mở bằng Word (hoặc LibreOffice), lưu lại thành .docx rồi nhập lại"
UNEXPECTED = "lỗi không mong đợi"
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def plain_docx() -> bytes:
    """A small plan typed in Word: a title and a task table."""
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    table = document.add_table(rows=2, cols=4)
    for row, values in zip(table.rows, (["TT", "Nội dung", "Chủ trì", "Thời gian"],
                                        ["1", "Kiểm tra", "Công an xã", "Năm 2025"]), strict=True):
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text
    buf = io.BytesIO()
    document.save(buf)
    return buf.getvalue()


def rezipped(data: bytes, edit: Callable[[str, bytes], bytes | None]) -> bytes:
    """The package with each part replaced by ``edit(name, part)`` (None drops the part)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            part = edit(info.filename, src.read(info))
            if part is not None:
                dst.writestr(info.filename, part)
    return out.getvalue()


def with_document(change: Callable[[bytes], bytes]) -> bytes:
    return rezipped(plain_docx(), lambda name, part: change(part) if name == "word/document.xml" else part)


def body_with(xml: str) -> bytes:
    """The plan with ``xml`` put at the start of its body."""
    return with_document(lambda part: part.replace(b"<w:body>", b"<w:body>" + xml.encode(), 1))


def nhap_limited(tmp_path: Path, data: bytes, name: str = "nhan.docx") -> subprocess.CompletedProcess[str]:
    """`kehoach nhap` of ``data`` in a child process under the memory and time limits."""
    source = tmp_path / name
    source.write_bytes(data)

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))

    return subprocess.run([sys.executable, "-m", "generator", "nhap", str(source), "-o", str(tmp_path / "ra.yaml")],
                          capture_output=True, text=True, timeout=SECONDS, preexec_fn=limit, cwd=ROOT, check=False,
                          env=os.environ | {"PYTHONPATH": str(ROOT)})


def assert_refused(result: subprocess.CompletedProcess[str], tmp_path: Path, *words: str) -> None:
    message = result.stderr
    assert result.returncode == 1, (result.stdout, message)
    assert "Traceback" not in message and UNEXPECTED not in message and "MemoryError" not in message, message
    for word in words:
        assert word in message, message
    assert message.count("\n") == 1, message  # one problem, told once
    assert not (tmp_path / "ra.yaml").exists()


def test_a_plain_received_file_imports_under_the_same_limits(tmp_path):
    """The control: the limits of the tests below leave room for a real import."""
    result = nhap_limited(tmp_path, plain_docx())
    assert result.returncode == 0, result.stderr
    assert "Kiểm tra" in (tmp_path / "ra.yaml").read_text(encoding="utf-8")


def _bomb(parts: dict[str, int]) -> bytes:
    """The plan with extra parts of the given inflated sizes, written in pieces (the test's memory stays flat)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(plain_docx())) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, src.read(info))
        chunk = b" " * (1024 * 1024)
        for name, size in parts.items():
            with dst.open(name, "w", force_zip64=True) as stream:
                for _ in range(size // len(chunk)):
                    stream.write(chunk)
    return out.getvalue()


@pytest.mark.parametrize(("parts", "words"), [
    ({"word/media/anh.xml": 200 * 1024 * 1024}, ["phần word/media/anh.xml khi giải nén lớn 200 MB (tối đa 64 MB)",
                                                "bom nén"]),
    ({f"word/media/anh{i}.bin": 60 * 1024 * 1024 for i in range(3)},
     ["tệp khi giải nén lớn 18", " MB (tối đa 160 MB)"]),
], ids=["one-part", "all-parts"])
def test_a_zip_bomb_is_refused_before_it_is_inflated(tmp_path, parts, words):
    data = _bomb(parts)
    assert len(data) < 1024 * 1024  # a small file …
    assert_refused(nhap_limited(tmp_path, data), tmp_path, *words)  # … that would inflate past the memory limit


def test_a_package_of_too_many_parts_is_refused(tmp_path):
    data = rezipped(plain_docx(), lambda name, part: part)
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a") as z:
        for i in range(2_001):
            z.writestr(f"customXml/item{i}.bin", b"")
    assert_refused(nhap_limited(tmp_path, out.getvalue()), tmp_path, "tệp có 2.01", "phần bên trong (tối đa 2.000)")


def _rows(n: int) -> str:
    row = ("<w:tr><w:tc><w:p><w:r><w:t>{i}</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Nhiệm vụ {i}</w:t></w:r>"
           "</w:p></w:tc></w:tr>")
    return "<w:tbl>" + "".join(row.format(i=i) for i in range(n)) + "</w:tbl><w:p/>"


@pytest.mark.parametrize(("xml", "words"), [
    (_rows(MAX_ROWS + 1), ["các bảng có hơn 5.000 hàng", "tách phụ lục"]),
    ("<w:p><w:r><w:t>Đoạn</w:t></w:r></w:p>" * (MAX_PARAGRAPHS + 1), ["văn bản có hơn 30.000 đoạn"]),
    ("<w:tbl><w:tr><w:tc>" * 5_000 + "<w:p/>" + "</w:tc></w:tr></w:tbl>" * 5_000 + "<w:p/>",
     ["phần word/document.xml lồng sâu quá 100 tầng (bảng trong bảng …)"]),
    ("<w:p><w:r><w:t>" + "x" * 100_001 + "</w:t></w:r></w:p>", ["một đoạn dài hơn 100.000 ký tự"]),
    ("<w:tbl><w:tr><w:tc><w:p><w:r><w:t>" + "a" * 60_000 + "</w:t></w:r></w:p><w:p><w:r><w:t>" + "b" * 60_000
     + "</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/>", ["một ô bảng dài hơn 100.000 ký tự"]),
], ids=["rows", "paragraphs", "nested-tables", "long-paragraph", "long-cell"])
def test_a_document_too_big_for_a_plan_is_refused_in_seconds(tmp_path, xml, words):
    started = time.monotonic()
    result = nhap_limited(tmp_path, body_with(xml))
    assert_refused(result, tmp_path, *words)
    assert time.monotonic() - started < SECONDS


def test_the_limits_are_far_above_a_real_plan():
    assert MAX_ROWS >= 30 * 160 and MAX_PARAGRAPHS >= 15 * 1_600 and MAX_DEPTH >= 5 * 14  # Kon Tum's 52 pages


def test_the_damaged_part_and_place_are_named(tmp_path):
    """The damaged cases themselves are the corpus tests/data/bad/nhan (tests/test_bad_inputs.py runs them all)."""
    bad = DATA / "bad" / "nhan"
    for name, words in (("xml-cat-doi", r"\(phần word/document\.xml: XML sai ở dòng \d+, cột \d+\)"),
                        ("gop-cot-bang-chu", r"\(phần word/document\.xml: w:gridSpan = “abc”, Word chỉ ghi số từ 1 "
                                             r"đến 63\)"),
                        ("doctype-thuc-the", r"có khai báo DOCTYPE, Word không bao giờ ghi"),
                        ("thieu-document-xml", r"\(thiếu phần word/document\.xml\)"),
                        ("rong", r"tệp rỗng \(0 byte\)")):
        result = nhap_limited(tmp_path, (bad / f"{name}.docx").read_bytes())
        assert_refused(result, tmp_path)
        assert re.search(words, result.stderr), result.stderr
        if name != "rong":
            assert DAMAGED in result.stderr and SAVE_AGAIN in result.stderr, result.stderr


ATTRIBUTE = re.compile(rb'(w:[A-Za-z]+)="[^"]*"')


@pytest.mark.slow
@pytest.mark.parametrize("source", ["xa-xop-go-tay.docx", "hai-hang-tieu-de.docx", "so-tu-dong.docx"])
def test_no_word_attribute_of_the_wrong_type_is_an_unexpected_error(tmp_path, source):
    """Every attribute name of a real received file, set to "abc" everywhere it occurs: read, or told as damaged."""
    data = (NHAN / source).read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = sorted({m.group(1) for m in ATTRIBUTE.finditer(z.read("word/document.xml"))})
    assert len(names) > 10
    failures = []
    for name in names:
        def spoil(part: bytes, name: bytes = name) -> bytes:
            return re.sub(re.escape(name) + rb'="[^"]*"', name + b'="abc"', part)

        path = tmp_path / f"{name.decode().replace(':', '-')}.docx"
        path.write_bytes(rezipped(data, lambda n, part: spoil(part) if n == "word/document.xml" else part))
        result = CliRunner().invoke(main, ["nhap", str(path), "-o", str(path.with_suffix(".yaml"))])
        if result.exit_code not in (0, 1) or UNEXPECTED in result.output or (
                result.exit_code == 1 and DAMAGED not in result.output):
            failures.append(f"{name.decode()}: {result.output.strip()[-300:]}")
    assert not failures, "\n".join(failures)


def test_a_doc_file_whose_libreoffice_never_answers_is_stopped_at_the_limit(tmp_path, hanging_soffice, monkeypatch):
    work = tmp_path / "tam"
    work.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(work))
    source = tmp_path / "nhan.doc"
    source.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 1024)
    started = time.monotonic()
    result = CliRunner().invoke(main, ["nhap", str(source), "-o", str(tmp_path / "ra.yaml")])
    elapsed = time.monotonic() - started
    assert result.exit_code == 1
    assert ("LibreOffice không chuyển xong tệp sang .docx trong 3 giây (giới hạn 3 giây) — đã dừng LibreOffice"
            in result.output and "KEHOACH_CONVERT_TIMEOUT" in result.output), result.output
    assert elapsed < 3 + 5, elapsed
    time.sleep(0.3)
    assert processes_with(hanging_soffice) == []  # the grandchild too
    assert not list(work.iterdir())  # the work folder and LibreOffice's profile removed
    assert not (tmp_path / "ra.yaml").exists()


@pytest.mark.parametrize("kind", ["fifo", "loop", "device", "folder"])
def test_what_is_not_a_file_is_named_for_what_it_is(tmp_path, kind):
    path = tmp_path / "nhan.docx"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "loop":
        path.symlink_to(tmp_path / "khac.docx")
        (tmp_path / "khac.docx").symlink_to(path)
    elif kind == "device":
        path = Path("/dev/zero")
    else:
        path.mkdir()
    started = time.monotonic()
    result = CliRunner().invoke(main, ["nhap", str(path), "-o", str(tmp_path / "ra.yaml")])
    assert result.exit_code == 1 and time.monotonic() - started < SECONDS
    words = {"fifo": "không phải tệp thường", "device": "không phải tệp thường", "folder": "là một thư mục",
             "loop": "liên kết tượng trưng (symlink) trỏ vòng tròn"}[kind]
    assert words in result.output and "không tìm thấy tệp" not in result.output, result.output
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert not (tmp_path / "ra.yaml").exists()


def test_nhap_drops_the_characters_validate_would_refuse(tmp_path):
    """C1 controls (U+0080–U+009F) are valid XML, and copying from old software leaves them in Word files."""
    data = body_with("<w:p><w:r><w:t>I. MỤC\u0085 ĐÍCH</w:t></w:r></w:p><w:p><w:r><w:t>Bảo\u009b đảm\u0080</w:t>"
                     "</w:r></w:p>")
    data = rezipped(data, lambda name, part: part.replace("Kiểm tra".encode(), "Kiểm\u0096 tra".encode())
                    if name == "word/document.xml" else part)
    result = nhap_limited(tmp_path, data)
    assert result.returncode == 0, result.stderr
    text = (tmp_path / "ra.yaml").read_text(encoding="utf-8")
    assert "Kiểm tra" in text and "Bảo đảm" in text
    assert not re.search("[\u0080-\u009f]", text)
    checked = CliRunner().invoke(main, ["validate", str(tmp_path / "ra.yaml")])
    assert "ký tự không dùng được" not in checked.output, checked.output
