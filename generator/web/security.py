"""What keeps the page safe on a clerk's computer on an office network.

- Loopback only by default; another host needs an access token (printed in the link, then kept in a cookie).
- No text from the browser is ever used as a path: a plan is a name that must be one of the folder's plan
  files; a bundle file must be one of the files the bundle folder holds.
- Every POST carries the page's form token and, when the browser says where it comes from, the same origin.
- Uploads: at most 20 MB, checked by content (a Word, LibreOffice or RTF file), kept in a private temporary
  folder and deleted after the import.
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import re
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

MAX_UPLOAD = 20 * 1024 * 1024
_NAME = re.compile(r"^[^\W_][\w.-]{0,99}$")  # a plan's file name without .yaml: letters, digits, - _ .
_KINDS = {b"PK\x03\x04": (".docx", ".odt"), b"\xd0\xcf\x11\xe0": (".doc",), b"{\\rtf": (".rtf",)}


class WebError(Exception):
    """A request the page refuses, with the HTTP status and what to do (in Vietnamese)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


@dataclass
class Guard:
    access: str = ""  # the access token when served beyond loopback ("" = loopback, none needed)
    form: str = field(default_factory=lambda: secrets.token_urlsafe(24))  # the form token of this server

    def allowed(self, given: str) -> bool:
        return not self.access or hmac.compare_digest(given.encode(), self.access.encode())

    def check_post(self, token: str, origin: str | None, host: str | None) -> None:
        if not hmac.compare_digest(token.encode(), self.form.encode()):
            raise WebError(403, "Biểu mẫu đã cũ hoặc không phải từ trang này — tải lại trang rồi làm lại.")
        if origin and origin != "null" and urlsplit(origin).netloc != (host or ""):
            raise WebError(403, "Yêu cầu đến từ một trang khác — chỉ gửi biểu mẫu từ trang kehoach.")


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def plan_path(folder: Path, name: str) -> Path:
    """The plan file called ``name`` in ``folder``; a name that is not one of its plans is refused."""
    if not _NAME.match(name) or ".." in name:
        raise WebError(400, f"Tên kế hoạch không hợp lệ: “{name[:60]}” — chọn kế hoạch từ trang đầu.")
    path = folder / f"{name}.yaml"
    real, root = os.path.realpath(path), os.path.realpath(folder)
    if os.path.dirname(real) != root or not os.path.isfile(real):
        raise WebError(404, f"Không có kế hoạch “{name}” trong thư mục {folder} — chọn kế hoạch từ trang đầu.")
    return path


def bundle_files(folder: Path) -> list[str]:
    """The files of a bundle folder, as paths relative to it (the only ones a download may name)."""
    out = []
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        rel = os.path.relpath(dirpath, folder)
        out += [f if rel == "." else f"{rel}/{f}" for f in sorted(filenames) if not f.startswith(".")]
    return out


def check_upload(filename: str, head: bytes, size: int) -> str:
    """The upload's suffix, once its size and content say it is a Word/LibreOffice file."""
    if size > MAX_UPLOAD:
        raise WebError(413, f"Tệp quá lớn ({size // 1024 // 1024} MB; tối đa {MAX_UPLOAD // 1024 // 1024} MB) — "
                       "một kế hoạch chỉ vài MB, kiểm tra lại tệp.")
    suffix = Path(filename).suffix.lower()
    kinds = next((k for magic, k in _KINDS.items() if head.startswith(magic)), ())
    if not kinds:
        raise WebError(415, "Tệp không phải văn bản Word (.docx, .doc), LibreOffice (.odt) hay .rtf — chọn tệp "
                       "kế hoạch nhận được.")
    return suffix if suffix in kinds else kinds[0]
