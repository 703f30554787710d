"""A received Word file opened without trusting it (``kehoach nhap``, and the web page's uploads).

A received plan comes from outside: it may be damaged, made by a tool that writes odd XML, or made to hurt
(a zip bomb, an entity DOCTYPE, a table of a million rows). Before python-docx sees it, the package is
checked against limits far above any real plan — from the zip directory (the inflated size of each part and
of all of them, the number of parts) and from one streaming pass over every XML part (depth, paragraphs,
table rows, the text of one paragraph or cell), without entity expansion or network access. Each refusal
says what and how much; every parser error becomes "the file is damaged: open it in Word, save it, import
it again" with the part that failed. .doc, .odt and .rtf go through LibreOffice under the watchdog that
``build --pdf`` uses.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import re
import shutil
import stat
import tempfile
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import docx
from docx.oxml.ns import qn
from lxml import etree  # type: ignore[import-untyped]  # no types shipped; python-docx depends on lxml

from .errors import KehoachError, display_path, os_reason
from .vn import thousands

# Limits, each far above a real plan (Kon Tum's 52-page plan: 1 MB, 60 parts, XML depth 14, 1,600 paragraphs,
# 160 table rows, longest cell 2,400 characters) and low enough that a refused file costs seconds and little
# memory. README "Không mất dữ liệu" names them.
MAX_BYTES = 50 * 1024 * 1024  # the file as received
MAX_PARTS = 2_000  # files inside the .docx package
MAX_PART_BYTES = 64 * 1024 * 1024  # one part, inflated
MAX_TOTAL_BYTES = 160 * 1024 * 1024  # all parts, inflated
MAX_DEPTH = 100  # XML nesting (a table in a table in a table … adds 4 levels each)
MAX_PARAGRAPHS = 30_000  # a file just under this imports in about 10 s
MAX_ROWS = 5_000  # table rows in the whole document (as many as tasks in a plan); just under: about 10 s
MAX_TEXT = 100_000  # characters in one paragraph or one table cell
MAX_COLUMNS = 63  # Word's own limit on table columns
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
CONVERTED = (".doc", ".odt", ".rtf")
WORK_PREFIX = "kehoach-nhap-"
CONVERT_SECONDS = 90  # LibreOffice opens a real .doc in 2–5 s; KEHOACH_CONVERT_TIMEOUT overrides
SAVE_AGAIN = "mở bằng Word (hoặc LibreOffice), lưu lại thành .docx rồi nhập lại"

_P, _TR, _TC, _T, _VAL = qn("w:p"), qn("w:tr"), qn("w:tc"), qn("w:t"), qn("w:val")


class Refused(KehoachError):
    """A received file kehoach will not read, with the reason and what to do."""


def _fail(path: Path, message: str) -> Refused:
    return Refused(f"{display_path(path)}: {message}")


class BadValue(Exception):
    """A Word attribute that is not what Word writes there (gridSpan="abc")."""


def word_int(el: Any, default: int, low: int, high: int) -> int:
    """The whole-number ``w:val`` of a Word element (``default`` when the element or value is absent)."""
    if el is None:
        return default
    value = el.get(_VAL)
    if value is None:
        return default
    try:
        number = int(value)
    except ValueError:
        number = low - 1
    if not low <= number <= high:
        raise BadValue(f"{_local(el.tag)} = “{value[:20]}”, Word chỉ ghi số từ {low} đến {high}")
    return number


def _local(tag: str) -> str:
    return "w:" + tag.rsplit("}", 1)[-1]


def damaged(path: Path, part: str = "", detail: str = "") -> Refused:
    where = f" ({'phần ' + part if part else ''}{': ' if part and detail else ''}{detail})" if part or detail else ""
    return _fail(path, f"tệp Word bị hỏng hoặc không đúng định dạng{where} — {SAVE_AGAIN}")


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.0f} MB" if n >= 1024 * 1024 else f"{n / 1024:.0f} KB"


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file of at most MAX_BYTES; folders, FIFOs, devices and link loops refused first."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise _fail(path, "không tìm thấy tệp — kiểm tra lại đường dẫn") from None
    except OSError as exc:
        raise _fail(path, f"không đọc được tệp: {os_reason(exc)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise _fail(path, "là một thư mục — ghi tên tệp Word của kế hoạch (ví dụ KE-HOACH.docx)")
    if not stat.S_ISREG(info.st_mode):
        raise _fail(path, "đây không phải tệp thường (thiết bị, ống dẫn …) — ghi đường dẫn tới tệp Word (.docx)")
    if info.st_size > MAX_BYTES:
        raise _fail(path, f"tệp quá lớn ({_mb(info.st_size)}; tối đa {_mb(MAX_BYTES)}) — một kế hoạch thường "
                    "dưới 5 MB; bỏ bớt ảnh rồi lưu lại")
    try:
        with path.open("rb") as f:
            data = f.read(MAX_BYTES + 1)
    except OSError as exc:
        raise _fail(path, f"không đọc được tệp: {os_reason(exc)}") from None
    if len(data) > MAX_BYTES:  # grew while being read
        raise _fail(path, f"tệp quá lớn (tối đa {_mb(MAX_BYTES)})")
    return data


def open_received(path: Path) -> Any:
    """The received file as a python-docx document, once it has passed every check; refusals explained."""
    data = read_bytes(path)
    if not data:
        raise _fail(path, "tệp rỗng (0 byte) — tệp chưa được lưu hết hoặc chép hỏng; lấy lại tệp Word đã nhận")
    suffix = path.suffix.lower()
    if suffix == ".pdf" or data.startswith(b"%PDF"):
        raise _fail(path, "tệp PDF không đọc được bảng nhiệm vụ chính xác — mở bản Word (.docx) của kế hoạch; "
                    "chỉ có PDF thì mở bằng Word (Tệp → Mở), kiểm tra lại rồi lưu thành .docx")
    if suffix in CONVERTED:
        data = convert(path, data)
    elif data.startswith(OLE_MAGIC):
        raise _fail(path, "tệp có mật khẩu (đã mã hóa) hoặc là tệp Word cũ (.doc) mang tên .docx — mở bằng Word, "
                    "bỏ mật khẩu nếu có (Tệp → Thông tin → Bảo vệ tài liệu), lưu thành .docx rồi nhập")
    check_package(path, data)
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # the package passed every check: what the parser still finds is the file's
        if not from_parser(exc):
            raise
        raise damaged(path, detail=_detail(exc)) from exc


def from_parser(exc: BaseException) -> bool:
    """The error was raised inside python-docx, lxml or zipfile while reading the file's content (a value of
    the wrong type, a missing part), not in kehoach's own code."""
    if isinstance(exc, zipfile.BadZipFile | etree.LxmlError | KeyError | EOFError):
        return True
    tb = exc.__traceback__
    last = ""
    while tb is not None:
        last = tb.tb_frame.f_globals.get("__name__", "")
        tb = tb.tb_next
    return isinstance(exc, ValueError | TypeError | AttributeError) and last.startswith(("docx.", "lxml", "zipfile"))


def _detail(exc: BaseException) -> str:
    """What python-docx met, in words a clerk can pass on (its own messages are English)."""
    missing = re.search(r"no item named '([^']{1,200})'", str(exc)) if isinstance(exc, KeyError) else None
    return f"thiếu phần {missing.group(1)}" if missing else ""


def check_package(path: Path, data: bytes) -> None:
    """Refuse a package that breaks a limit or is not a readable zip of well-formed XML, before parsing it."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError, OSError):
        raise damaged(path, detail="không phải gói .docx") from None
    if len(infos) > MAX_PARTS:
        raise _fail(path, f"tệp có {thousands(len(infos))} phần bên trong (tối đa {thousands(MAX_PARTS)}) — không "
                    f"phải một văn bản Word bình thường; {SAVE_AGAIN}")
    total = 0
    for info in infos:
        if info.file_size > MAX_PART_BYTES:
            raise _fail(path, f"phần {info.filename} khi giải nén lớn {_mb(info.file_size)} (tối đa "
                        f"{_mb(MAX_PART_BYTES)}) — tệp bất thường (có thể là “bom nén”); {SAVE_AGAIN}")
        total += info.file_size
    if total > MAX_TOTAL_BYTES:
        raise _fail(path, f"tệp khi giải nén lớn {_mb(total)} (tối đa {_mb(MAX_TOTAL_BYTES)}) — tệp bất thường "
                    f"(có thể là “bom nén”), hoặc chứa quá nhiều ảnh; bỏ bớt ảnh, {SAVE_AGAIN}")
    names = {info.filename for info in infos}
    if "[Content_Types].xml" not in names:
        raise damaged(path, detail="thiếu [Content_Types].xml")
    counts = _Counts()
    for info in infos:
        if info.filename.endswith((".xml", ".rels")) and not info.is_dir():
            try:
                with archive.open(info) as stream:
                    _scan(path, info.filename, stream, counts)
            except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
                raise damaged(path, info.filename, "không giải nén được") from exc


@dataclass
class _Counts:
    paragraphs: int = 0
    rows: int = 0


def _scan(path: Path, part: str, stream: IO[bytes], counts: _Counts) -> None:  # noqa: C901 one pass, one loop
    """One streaming pass over an XML part: well-formed, no DOCTYPE, within the limits. Memory stays flat:
    every element is dropped once read."""
    depth = 0
    open_texts: list[int] = []  # characters so far in each paragraph and cell still open
    kinds: list[str] = []
    events = etree.iterparse(stream, events=("start", "end"), resolve_entities=False, no_network=True,
                             load_dtd=False, huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        for event, el in events:
            if event == "start":
                depth += 1
                if depth == 1 and el.getroottree().docinfo.doctype:
                    raise damaged(path, part, "có khai báo DOCTYPE, Word không bao giờ ghi")
                if depth > MAX_DEPTH:
                    raise _too_deep(path, part)
                tag = el.tag
                if tag == _P:
                    counts.paragraphs += 1
                    if counts.paragraphs > MAX_PARAGRAPHS:
                        raise _fail(path, f"văn bản có hơn {thousands(MAX_PARAGRAPHS)} đoạn — quá lớn cho một kế "
                                    "hoạch; tách thành nhiều tệp hoặc bỏ phần không phải kế hoạch")
                    open_texts.append(0)
                    kinds.append("đoạn")
                elif tag == _TC:
                    open_texts.append(0)
                    kinds.append("ô bảng")
                elif tag == _TR:
                    counts.rows += 1
                    if counts.rows > MAX_ROWS:
                        raise _fail(path, f"các bảng có hơn {thousands(MAX_ROWS)} hàng — quá lớn cho một kế hoạch; "
                                    "tách phụ lục thành nhiều tệp")
                continue
            depth -= 1
            tag = el.tag
            if tag == _T and el.text and open_texts:
                size = len(el.text)
                for k in (-1, -2) if len(open_texts) > 1 else (-1,):
                    open_texts[k] += size
                    if open_texts[k] > MAX_TEXT:
                        raise _fail(path, f"một {kinds[k]} dài hơn {thousands(MAX_TEXT)} ký tự — không phải nội dung "
                                    "kế hoạch (dán nhầm dữ liệu?); xóa đoạn đó, lưu lại rồi nhập")
            elif tag in (_P, _TC) and open_texts:
                open_texts.pop()
                kinds.pop()
            el.clear(keep_tail=False)
            parent = el.getparent()
            if parent is not None:
                with contextlib.suppress(TypeError):
                    while el.getprevious() is not None:
                        del parent[0]
    except etree.XMLSyntaxError as exc:  # libxml2's own words are English: the place is enough
        if "depth" in str(exc):  # libxml2 stops at 256 levels, sometimes before our count sees them
            raise _too_deep(path, part) from None
        line, column = exc.position
        raise damaged(path, part, f"XML sai ở dòng {line}, cột {column}") from None


def _too_deep(path: Path, part: str) -> Refused:
    return _fail(path, f"phần {part} lồng sâu quá {MAX_DEPTH} tầng (bảng trong bảng …) — không phải một văn bản "
                 f"Word bình thường; {SAVE_AGAIN}")


def time_limit() -> float:
    with contextlib.suppress(ValueError):
        if (seconds := float(os.environ.get("KEHOACH_CONVERT_TIMEOUT", ""))) > 0:
            return seconds
    return CONVERT_SECONDS


def convert(path: Path, data: bytes) -> bytes:
    """.doc, .odt or .rtf -> .docx bytes, through LibreOffice under the watchdog (own process group, time
    limit, private profile, nothing left behind)."""
    from .errors import TimedOut
    from .pdf import clean_stale_work, run_guarded, soffice_or_none

    exe = soffice_or_none()
    if exe is None:
        raise _fail(path, "cần LibreOffice để đọc tệp .doc/.odt — cài LibreOffice, hoặc mở bằng Word và lưu "
                    "thành .docx")
    clean_stale_work(WORK_PREFIX)
    work = Path(tempfile.mkdtemp(prefix=WORK_PREFIX))
    try:
        source = work / f"nhan{path.suffix.lower()}"
        source.write_bytes(data)  # a plain name, whatever the original is called
        limit = time_limit()
        try:
            code = run_guarded(exe, work, ["--convert-to", "docx", "--outdir", str(work / "ra"), source.name], limit)
        except TimedOut as exc:
            raise _fail(path, f"LibreOffice không chuyển xong tệp sang .docx trong {exc.spent:.0f} giây (giới hạn "
                        f"{limit:.0f} giây) — đã dừng LibreOffice; {SAVE_AGAIN}, hoặc đặt KEHOACH_CONVERT_TIMEOUT "
                        "lớn hơn") from None
        out = work / "ra" / "nhan.docx"
        try:
            if code != 0 or not out.is_file():
                raise OSError(errno.ENOENT, "no output")
            if out.stat().st_size > MAX_BYTES:
                raise _fail(path, f"tệp sau khi chuyển sang .docx quá lớn (tối đa {_mb(MAX_BYTES)})")
            return out.read_bytes()
        except OSError:
            raise _fail(path, f"LibreOffice không chuyển được tệp này sang .docx — {SAVE_AGAIN}") from None
    except OSError as exc:
        raise _fail(path, f"không chuẩn bị được chỗ chuyển đổi tệp: {os_reason(exc)}") from None
    finally:
        shutil.rmtree(work, ignore_errors=True)
