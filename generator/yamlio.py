"""Read YAML into nodes that remember their line and column, and turn bad bytes into clear issues."""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

import yaml

from .errors import Issue, PlanError, display_path
from .vn import nfc


@dataclass(frozen=True)
class Source:
    """A YAML document: its display name and root node."""

    name: str
    root: yaml.Node | None


def _guess_legacy_encoding(data: bytes) -> str:
    """Name the legacy Vietnamese encoding a non-UTF-8 file most likely uses."""
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


def read_text(path: Path) -> str:
    """Read a UTF-8 text file (BOM allowed) as NFC, or raise a PlanError that says what to do."""
    name = display_path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise PlanError([Issue(name, 1, 1, "", "không tìm thấy tệp — kiểm tra lại đường dẫn")]) from None
    except OSError as exc:
        raise PlanError([Issue(name, 1, 1, "", f"không đọc được tệp: {exc.strerror}")]) from None
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
    return nfc(text)


def load_yaml(path: Path) -> Source:
    """Parse one YAML file into a node tree (no Python objects: types are checked by the loader)."""
    name = display_path(path)
    text = read_text(path)
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, col = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or "lỗi cú pháp"
        msg = f"YAML không hợp lệ ({problem}) — kiểm tra thụt lề, dấu ':' và dấu ngoặc kép ở dòng này"
        raise PlanError([Issue(name, line, col, "", msg)]) from None
    except yaml.YAMLError as exc:
        raise PlanError([Issue(name, 1, 1, "", f"YAML không hợp lệ: {exc}")]) from None
    return Source(name, root)
