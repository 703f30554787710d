"""Read YAML into nodes that remember their line and column, and turn bad bytes into clear issues."""

from __future__ import annotations

import codecs
import contextlib
import contextvars
import hashlib
import re
import stat
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .errors import Issue, PlanError, display_path, os_reason
from .vn import UNUSABLE, nfc, thousands

# Limits far above any real plan (the Kon Tum plan: 40 KB, about 3,000 nodes, nesting depth 9) that keep a
# hostile or broken file from exhausting the machine.
MAX_FILE_BYTES = 5 * 1024 * 1024
MAX_NODES = 200_000  # counted with every alias expanded where it is used
MAX_DEPTH = 40
MAX_ALIAS_NODES = 10_000  # what one use of an alias *… may expand to
MAX_CHARS = 5_000_000  # characters of text with every alias expanded: no more than the file itself may hold


@dataclass(frozen=True)
class Source:
    """A YAML document: its display name and root node."""

    name: str
    root: yaml.Node | None


def _guess_legacy_encoding(data: bytes) -> str:
    """Name the legacy Vietnamese encoding a non-UTF-8 file most likely uses."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        return "UTF-32"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "UTF-16 (Unicode của Notepad cũ)"
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        return "TCVN3 (ABC) hoặc VNI"
    # Windows-1258 writes tones as combining marks after the vowel.
    if any("\u0300" <= ch <= "\u0323" for ch in text):
        return "Windows-1258 (CP1258)"
    return "TCVN3 (ABC) hoặc VNI"


def _position(data: bytes, offset: int) -> tuple[int, int]:
    before = data[:offset]
    line = before.count(b"\n") + 1
    col = offset - (before.rfind(b"\n") + 1) + 1
    return line, col


def _read_regular(path: Path, name: str) -> bytes:
    """The bytes of a regular file of reasonable size; FIFOs, devices and folders are refused before reading."""

    def fail(message: str) -> PlanError:
        return PlanError([Issue(name, 1, 1, "", message)])

    try:
        info = path.stat()
    except FileNotFoundError:
        raise fail("không tìm thấy tệp — kiểm tra lại đường dẫn") from None
    except OSError as exc:
        raise fail(f"không đọc được tệp: {os_reason(exc)}") from None
    if stat.S_ISDIR(info.st_mode):
        raise fail("đây là một thư mục, không phải tệp kế hoạch — ghi đường dẫn tới tệp .yaml")
    if not stat.S_ISREG(info.st_mode):
        raise fail("đây không phải tệp thường (thiết bị, ống dẫn …) — ghi đường dẫn tới tệp .yaml")
    if info.st_size > MAX_FILE_BYTES:
        raise fail(f"tệp quá lớn ({info.st_size // 1024} KB; tối đa {MAX_FILE_BYTES // 1024 // 1024} MB) "
                   "— một kế hoạch chỉ vài chục KB, kiểm tra lại tệp")
    try:
        with path.open("rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise fail(f"không đọc được tệp: {os_reason(exc)}") from None
    if len(data) > MAX_FILE_BYTES:  # grew while being read
        raise fail(f"tệp quá lớn (tối đa {MAX_FILE_BYTES // 1024 // 1024} MB)")
    return data


# The files read while a recording is on (load.py keeps a base plan while the files it was read from stay the
# same): each path with its bytes as read.
_reads: contextvars.ContextVar[list[tuple[Path, bytes]] | None] = contextvars.ContextVar("kehoach_reads",
                                                                                          default=None)


@contextlib.contextmanager
def recording_reads() -> Iterator[list[tuple[Path, bytes]]]:
    """Every plan file :func:`read_text` reads inside this block, with its bytes; a recording around this one
    gets them too."""
    reads: list[tuple[Path, bytes]] = []
    outer = _reads.get()
    token = _reads.set(reads)
    try:
        yield reads
    finally:
        _reads.reset(token)
        if outer is not None:
            outer.extend(reads)


def fingerprint(data: bytes) -> tuple[int, bytes]:
    """What :func:`same_content` compares a file with: its size and SHA-256 (not the bytes: a web page keeping
    a few bases of 5 MB files would hold them all)."""
    return len(data), hashlib.sha256(data).digest()


def same_content(path: Path, print_: tuple[int, bytes]) -> bool:
    """Whether the file at ``path`` has the content ``print_`` was taken from: a regular file of that size and
    digest (False when it cannot be read; a FIFO or device put in its place is never opened, as opening one may
    wait forever)."""
    size, digest = print_
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode) or info.st_size != size:
            return False
        with path.open("rb") as f:
            return hashlib.sha256(f.read(size + 1)).digest() == digest
    except OSError:
        return False


# A .docx/.odt (a zip) or a .doc (OLE2) given where a plan file is expected: what a clerk received.
_WORD_MAGIC = (b"PK\x03\x04", b"\xd0\xcf\x11\xe0")
_WORD_SUFFIXES = (".docx", ".doc", ".odt", ".rtf")


def read_text(path: Path) -> str:
    """Read a UTF-8 text file (BOM allowed), or raise a PlanError that says what to do."""
    name = display_path(path)
    data = _read_regular(path, name)
    reads = _reads.get()
    if reads is not None:
        reads.append((path, data))
    if data.startswith(_WORD_MAGIC) or path.suffix.lower() in _WORD_SUFFIXES:
        raise PlanError([Issue(name, 1, 1, "", "đây là tệp Word (văn bản), không phải tệp kế hoạch .yaml — nhập nó "
                               f"bằng: kehoach nhap {name} -o plan_data/{path.stem}.yaml")])
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line, col = _position(data, exc.start)
        guess = _guess_legacy_encoding(data)
        msg = (
            f"tệp không phải UTF-8 (byte 0x{data[exc.start]:02X}); có vẻ là bảng mã {guess} — "
            "mở tệp bằng Notepad hoặc Unikey (Công cụ chuyển mã) và lưu lại với mã UTF-8"
        )
        raise PlanError([Issue(name, line, col, "", msg)]) from None
    return text  # NFC is applied by parse_yaml_text, the one place every door goes through


def load_yaml(path: Path) -> Source:
    """Parse one YAML file into a node tree (no Python objects: types are checked by the loader)."""
    return parse_yaml_text(read_text(path), display_path(path))


def parse_yaml_text(text: str, name: str) -> Source:
    """Parse YAML text (already decoded) into a node tree; ``name`` is how messages name its source."""
    text = nfc(text)
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        raise PlanError([Issue(name, 1, 1, "", f"dữ liệu quá lớn (tối đa {MAX_FILE_BYTES // 1024 // 1024} MB)")])
    try:
        root = _compose(text)
    except RecursionError:
        msg = f"dữ liệu lồng nhau quá sâu — một kế hoạch không cần quá {MAX_DEPTH} tầng thụt lề hay ngoặc"
        raise PlanError([Issue(name, 1, 1, "", msg)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        msg = f"YAML không hợp lệ: {yaml_problem(exc)}"
        raise PlanError([Issue(name, line, col, "", msg)]) from None
    except yaml.reader.ReaderError as exc:
        before = text[: exc.position]
        line, col = before.count("\n") + 1, exc.position - (before.rfind("\n") + 1) + 1
        msg = f"có ký tự không dùng được trong văn bản: {char_name(chr(exc.character))} — xóa ký tự này"
        raise PlanError([Issue(name, line, col, "", msg)]) from None
    except yaml.YAMLError:
        raise PlanError([Issue(name, 1, 1, "", "YAML không hợp lệ — kiểm tra lại cú pháp của tệp")]) from None
    # A text without an unusable character and without escapes ("\x07" in quotes) gives none to its values:
    # then the values need not be searched one by one.
    problems = check_nodes(name, root, clean="\\" not in text and not UNUSABLE.search(text))
    if problems:
        raise PlanError(problems)
    return Source(name, root)


# libyaml's loader (PyYAML's C extension) composes the same nodes with the same lines and columns 15 times faster
# (Kon Tum: 22 ms -> 1.5 ms); it is used for text it reads as the pure-Python loader does: printable characters
# only, nesting far under what its recursion may reach. Anything it refuses is read again by the pure-Python
# loader, whose messages the clerk's advice below is written for.
_C_LOADER = getattr(yaml, "CSafeLoader", None)
_NOT_PRINTABLE = re.compile("[^\x09\x0A\x0D\x20-\x7E\x85\xA0-\uD7FF\uE000-\uFFFD\U00010000-\U0010FFFF]")
_INDENT = re.compile(r"^ {200}", re.MULTILINE)  # a line indented 200 spaces: block nesting no plan has
_COMPACT = re.compile(r"(?:[-?] ++){20}")  # "- - - - …": sequences nested on one line (libyaml's C recursion
# crashed the process at 100,000 of them; the pure-Python loader stops with a RecursionError)
_BRACKETS = re.compile(r"[\[\]{}]")
MAX_FAST_BRACKETS = 10_000


def _compose(text: str) -> yaml.Node | None:
    if _C_LOADER is not None and _fast(text):
        try:
            return yaml.compose(text, Loader=_C_LOADER)
        except yaml.YAMLError:
            pass  # told below in the pure-Python loader's words
    return yaml.compose(text, Loader=yaml.SafeLoader)


def load_data(text: str) -> Any:
    """YAML text as Python data (no positions): for a quick look at a plan file, as the page and tao-xa take at
    the communes of a folder. Read as :func:`parse_yaml_text` reads — libyaml when it can; yaml.YAMLError and
    RecursionError are the caller's."""
    if _C_LOADER is not None and _fast(text):
        with contextlib.suppress(yaml.YAMLError):
            return yaml.load(text, Loader=_C_LOADER)  # CSafeLoader: safe, builds plain data only
    return yaml.safe_load(text)


def _fast(text: str) -> bool:
    """Text the C loader reads as the pure-Python one does, within a depth its C recursion takes easily."""
    if _NOT_PRINTABLE.search(text) or _INDENT.search(text) or _COMPACT.search(text):
        return False
    brackets = _BRACKETS.findall(text)
    if len(brackets) > MAX_FAST_BRACKETS:
        return False
    depth = deepest = 0
    for b in brackets:  # flow nesting, counted without regard to quotes: only ever too cautious
        depth += 1 if b in "[{" else -1
        deepest = max(deepest, depth)
    return deepest <= MAX_DEPTH


# PyYAML's problems (English) -> what a clerk should do, for the mistakes clerks make.
_YAML_PROBLEMS = [
    ("found character '\\t'", "dòng này có ký tự Tab — thụt lề bằng dấu cách, không dùng phím Tab"),
    ("while scanning a quoted scalar", "thiếu dấu ngoặc kép đóng — mỗi đoạn mở bằng \" phải đóng bằng \""),
    ("mapping values are not allowed", "có dấu ':' giữa đoạn chữ — đặt cả đoạn chữ trong ngoặc kép \"…\""),
    ("could not find expected ':'", "thiếu dấu ':' sau tên khóa, hoặc đoạn chữ xuống dòng sai thụt lề"),
    ("expected <block end>", "thụt lề không khớp với các dòng phía trên — các khóa cùng cấp phải thẳng hàng"),
    ("expected ',' or ']'", "thiếu dấu ']' đóng danh sách, hoặc có dấu ',' trong tên — đặt tên trong ngoặc kép"),
    ("expected ',' or '}'", "thiếu dấu '}' đóng, hoặc có dấu ',' trong đoạn chữ — đặt đoạn chữ trong ngoặc kép"),
    ("found undefined alias", "bí danh *… chưa được khai báo bằng neo &… ở phía trên"),
    ("found unknown escape character", "có dấu \\ lạ trong ngoặc kép — dùng ngoặc đơn '…' hoặc viết \\\\"),
    ("expected alphabetic or numeric character", "dấu & hoặc * ở đầu giá trị — đặt cả đoạn chữ trong ngoặc kép"),
    ("found character '@'", "dấu @ hoặc ` ở đầu giá trị — đặt cả đoạn chữ trong ngoặc kép"),
    ("found character '`'", "dấu @ hoặc ` ở đầu giá trị — đặt cả đoạn chữ trong ngoặc kép"),
    ("while scanning a block scalar", "sau dấu | hoặc > chỉ được xuống dòng — đoạn chữ bắt đầu ở dòng sau"),
    ("found unexpected end of stream", "tệp kết thúc giữa chừng — thiếu dấu đóng ngoặc ở phía trên"),
    ("expected a single document", "tệp có nhiều phần ngăn bởi '---' — mỗi tệp chỉ một kế hoạch"),
]


def yaml_problem(exc: yaml.MarkedYAMLError) -> str:
    """The parser's problem told as a fix; unknown ones get the general advice."""
    said = f"{exc.context or ''} {exc.problem or ''}"
    for english, vietnamese in _YAML_PROBLEMS:
        if english in said:
            return vietnamese
    return "sai cú pháp — kiểm tra thụt lề, dấu ':' và dấu ngoặc kép ở dòng này"


def char_name(ch: str) -> str:
    """``U+0007`` with the character's Unicode name when it has one."""
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" ({name})" if name else "")


def check_nodes(name: str, root: yaml.Node | None, *, clean: bool = False) -> list[Issue]:
    """Walk the node graph as the loader will (aliases expanded where used): bad characters (unless the text
    is known ``clean`` of them), depth, size."""
    issues: list[Issue] = []
    count = chars = 0
    seen: set[int] = set()
    sizes: dict[int, int] = {}
    stack: list[tuple[yaml.Node, int]] = [(root, 1)] if root is not None else []
    while stack:
        node, depth = stack.pop()
        count += 1
        line, col = node.start_mark.line + 1, node.start_mark.column + 1
        if count > MAX_NODES:
            msg = (f"tệp có quá nhiều phần tử (trên {thousands(MAX_NODES)}, kể cả các bí danh *…) — kiểm tra các "
                   "neo & và bí danh *, hoặc chia kế hoạch thành nhiều tệp")
            return [*issues, Issue(name, line, col, "", msg)]
        if depth > MAX_DEPTH:
            msg = (f"dữ liệu lồng nhau quá sâu (trên {MAX_DEPTH} tầng) — kiểm tra thụt lề, "
                   "hoặc một bí danh *… trỏ vào chính nó")
            return [*issues, Issue(name, line, col, "", msg)]
        if id(node) in seen and not isinstance(node, yaml.ScalarNode):  # an alias used again: how much it copies
            size = _expanded(node, sizes, depth)
            if size > MAX_ALIAS_NODES:
                msg = (f"neo &… ở dòng này được dùng lại bằng bí danh *… và mỗi lần chép {thousands(size)} phần tử "
                       f"(tối đa {thousands(MAX_ALIAS_NODES)}) — viết riêng từng phần thay cho bí danh")
                if size > MAX_NODES:
                    msg = ("neo &… ở dòng này chứa một bí danh *… trỏ vào chính nó, nên chép mãi không hết — "
                           "xóa bí danh đó")
                return [*issues, Issue(name, line, col, "", msg)]
        seen.add(id(node))
        for child in _children(node):
            stack.append((child, depth + 1))
        if isinstance(node, yaml.ScalarNode):
            text = str(node.value)
            chars += len(text)
            if chars > MAX_CHARS:
                msg = (f"tệp có quá nhiều chữ (trên {thousands(MAX_CHARS)} ký tự, kể cả các bí danh *…) — kiểm tra "
                       "các neo & và bí danh *, hoặc chia kế hoạch thành nhiều tệp")
                return [*issues, Issue(name, line, col, "", msg)]
            bad = None if clean else UNUSABLE.search(text)
            if bad is not None and len(issues) < 20:
                msg = (f"có ký tự không dùng được trong văn bản: {char_name(bad.group())} — xóa ký tự này "
                       "(thường do chép từ trang web hoặc phần mềm khác)")
                issues.append(Issue(name, line, col, "", msg))
    return issues


def _expanded(node: yaml.Node, sizes: dict[int, int], depth: int) -> int:
    """Nodes under ``node`` with aliases expanded, each node counted once (memoized); an alias inside itself
    counts as more than MAX_NODES."""
    key = id(node)
    if key in sizes:
        return sizes[key]
    if depth > MAX_DEPTH:
        return MAX_NODES + 1
    sizes[key] = MAX_NODES + 1  # while it is being counted: reached again means a cycle
    size = 1 + sum(_expanded(child, sizes, depth + 1) for child in _children(node))
    sizes[key] = min(size, MAX_NODES + 1)
    return sizes[key]


def _children(node: yaml.Node) -> Iterator[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        yield from reversed(node.value)
    elif isinstance(node, yaml.MappingNode):
        for key, value in reversed(node.value):
            yield value
            yield key
