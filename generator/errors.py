"""One exception hierarchy: everything a clerk can fix is a KehoachError; anything else is a bug."""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path


class KehoachError(Exception):
    """Something the user can fix; ``str(exc)`` is the message they see (in Vietnamese)."""


@dataclass(frozen=True, order=True)
class Issue:
    """One problem found in a data file, with its place."""

    file: str
    line: int
    col: int
    where: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        kind = "cảnh báo: " if self.warning else ""
        where = f"{self.where}: " if self.where else ""
        return f"{self.file}:{self.line}:{self.col}: {where}{kind}{self.message}"


@dataclass(frozen=True)
class Problem:
    """A problem found on the model, before anyone knows where it was written: ``path`` is a model path in
    the plan file's words (``phu_luc.muc[3].nhiem_vu[2].chu_tri``); the reader of a file places it."""

    path: str
    message: str
    warning: bool = False
    subject: str = ""  # the model path of the result it is about, when ``path`` is where it was caused


class PlanError(KehoachError):
    """A plan file has problems; all of them are listed at once."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = sorted(issues)
        super().__init__("\n".join(str(i) for i in self.issues))


class TemplateError(KehoachError):
    """A .docx template is missing or broken."""


class RenderError(KehoachError):
    """A document could not be produced."""


class OutputError(KehoachError):
    """The output folder cannot be written safely."""


class TimedOut(Exception):
    """LibreOffice did not finish within its time limit and was stopped."""

    def __init__(self, spent: float) -> None:
        super().__init__(f"{spent:.0f} s")
        self.spent = spent


class PdfError(KehoachError):
    """LibreOffice is missing or a PDF conversion failed."""


def display_path(path: Path) -> str:
    """A path as the user typed it relative to the working directory when possible."""
    try:  # abspath, not resolve(): a symlink loop must not turn a message into a crash
        return str(Path(os.path.abspath(path)).relative_to(os.path.abspath(os.getcwd())))
    except (ValueError, OSError):
        return str(path)


_OS_REASONS = {
    errno.ENOENT: "không có tệp hoặc thư mục này",
    errno.EACCES: "không có quyền truy cập",
    errno.EPERM: "không được phép",
    errno.EISDIR: "đây là một thư mục",
    errno.ENOTDIR: "một phần của đường dẫn không phải thư mục",
    errno.ENOSPC: "đĩa đã đầy",
    errno.EROFS: "ổ đĩa chỉ cho phép đọc",
    errno.ELOOP: "liên kết tượng trưng (symlink) trỏ vòng tròn",
    errno.ENAMETOOLONG: "tên tệp quá dài",
    errno.EEXIST: "đã có tệp hoặc thư mục cùng tên",
    errno.ENOTEMPTY: "thư mục không trống",
    errno.EBUSY: "tệp đang được dùng",
    errno.ETXTBSY: "tệp đang được dùng",
    errno.EMFILE: "mở quá nhiều tệp cùng lúc",
    errno.EXDEV: "không chuyển được giữa hai ổ đĩa",
    errno.EINVAL: "tên hoặc thao tác không hợp lệ",
    errno.EIO: "lỗi đọc ghi đĩa",
    errno.EFBIG: "tệp quá lớn",
    errno.EDQUOT: "hết hạn mức dung lượng",
}


def os_reason(exc: OSError) -> str:
    """An OS error told in Vietnamese (by errno); never the system's English text."""
    if isinstance(exc, PermissionError) and exc.errno is None:
        return "tệp đang được dùng hoặc không có quyền truy cập"
    return _OS_REASONS.get(exc.errno or 0, f"lỗi hệ thống số {exc.errno}" if exc.errno else "lỗi hệ thống")


REPORT_TO = ("đây là lỗi của kehoach, không phải lỗi của bạn — gửi tệp kế hoạch kèm thông báo này cho người quản trị "
             "kehoach của đơn vị (chạy lại với biến môi trường KEHOACH_DEBUG=1 để có chi tiết kỹ thuật)")


def unexpected_message(where: str, exc: BaseException) -> str:
    """One line for a bug met while handling ``where``: what happened and where to report it, no traceback."""
    return f"{where}: lỗi không mong đợi ({type(exc).__name__}) — {REPORT_TO}"
