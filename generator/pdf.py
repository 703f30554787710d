"""PDF through LibreOffice: one soffice run for the whole bundle, under one time limit, behind a watchdog that
leaves no LibreOffice process or profile behind; every PDF checked and made byte-reproducible."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .bundle import OutFile
from .errors import PdfError, TimedOut
from .office import OfficeGone, office
from .vn import VnDate

INSTALL_HINT = "cài LibreOffice: sudo apt-get install libreoffice-writer-nogui fonts-liberation2"
# Measured (bench/build_time.py, 2 cores): LibreOffice starts in about 1.1 s and converts a document in about
# 0.2 s. The limit leaves room for a machine several times slower: 30 s + 1 s per document (82 s for Kon Tum's
# 52 documents). KEHOACH_PDF_TIMEOUT (seconds) overrides it.
START_SECONDS, PER_FILE_SECONDS = 30, 1
WORK_PREFIX = "kehoach-pdf-"


def soffice_or_none() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def soffice_path() -> str:
    exe = soffice_or_none()
    if exe is None:
        raise PdfError(f"không tìm thấy LibreOffice để xuất PDF — {INSTALL_HINT}")
    return exe


def _font_families(name: str) -> str:
    """The families fontconfig has installed under ``name`` ("" when none, or no fontconfig: Windows, macOS)."""
    exe = shutil.which("fc-list")
    if exe is None:
        return "?"
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        return subprocess.run([exe, name, "family"], capture_output=True, text=True, timeout=10).stdout.strip()
    return "?"


def font_notice() -> str:
    """One sentence for a PDF build on a machine without Times New Roman (the font of every template): LibreOffice
    then prints in another font; said once per run, with the package that gives the real metrics."""
    if _font_families("Times New Roman"):
        return ""
    if _font_families("Liberation Serif"):
        return ("Lưu ý: máy này không có phông Times New Roman nên bản PDF in bằng phông Liberation Serif (cùng độ "
                "rộng từng chữ: dòng và trang như bản in từ Word; tệp .docx vẫn dùng Times New Roman). Muốn PDF đúng "
                "phông: cài gói ttf-mscorefonts-installer (Debian, Ubuntu) hoặc chép phông Times New Roman vào máy.")
    return ("Lưu ý: máy này không có phông Times New Roman, cũng không có Liberation Serif (cùng độ rộng chữ) — bản "
            "PDF in bằng phông khác, dòng và trang có thể khác bản in từ Word. Cài gói fonts-liberation2 hoặc "
            "ttf-mscorefonts-installer (Debian, Ubuntu).")


def time_limit(documents: int) -> float:
    override = os.environ.get("KEHOACH_PDF_TIMEOUT", "")
    with contextlib.suppress(ValueError):
        if float(override) > 0:
            return float(override)
    return START_SECONDS + PER_FILE_SECONDS * documents


def convert_bundle(stage: Path, files: list[OutFile], *, stamp: VnDate | None = None) -> list[OutFile]:
    """Convert every staged .docx to a PDF beside it; return the PDFs as bundle files."""
    exe = soffice_path()
    docs = [f for f in files if f.path.endswith(".docx")]
    clean_stale_work(WORK_PREFIX)
    work = Path(tempfile.mkdtemp(prefix=WORK_PREFIX))
    try:
        limit = time_limit(len(docs))
        try:
            printed = print_pdfs(exe, [stage / f.path for f in docs], work, limit)
        except TimedOut as exc:
            raise PdfError(f"LibreOffice không xuất xong PDF trong {exc.spent:.0f} giây (giới hạn {limit:.0f} giây) "
                           "— đã dừng LibreOffice; thử lại, đặt KEHOACH_PDF_TIMEOUT lớn hơn, hoặc bỏ --pdf") from None
        out: list[OutFile] = []
        missing = []
        for f, data in zip(docs, printed, strict=True):
            if data is None:
                missing.append(f.path)
                continue
            rel = f.path[: -len(".docx")] + ".pdf"
            data = reproducible(data, stamp or VnDate())
            (stage / rel).write_bytes(data)
            out.append(OutFile(rel, f"pdf-{f.kind}", data, f.unit))
        if missing:
            log = (work / "soffice.log").read_text(encoding="utf-8", errors="replace").strip().splitlines()
            detail = log[-1] if log else "không có thông báo"
            raise PdfError(f"LibreOffice không xuất được PDF cho: {', '.join(missing)} ({detail})")
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)


def print_pdfs(exe: str, sources: list[Path], work: Path, limit: float) -> list[bytes | None]:
    """Each .docx of ``sources`` printed to PDF in ``work`` (TimedOut past ``limit``): its PDF's bytes, or None
    when LibreOffice made no real PDF of it. By this process's LibreOffice kept running (office.py) where one can
    run, else by one LibreOffice run for them all."""
    names = []
    for i, source in enumerate(sources):  # flat, unique names: one --outdir serves every subfolder
        names.append(f"{i:04d}.docx")
        shutil.copyfile(source, work / names[-1])
    pdfs = [work / "pdf" / name.replace(".docx", ".pdf") for name in names]
    running = office(exe) if names else None
    if running is not None:
        (work / "pdf").mkdir(exist_ok=True)
        with contextlib.suppress(OfficeGone):  # it stopped answering: one LibreOffice run, as without it
            running.convert([(work / name, pdf) for name, pdf in zip(names, pdfs, strict=True)], limit)
            return [_read_pdf(pdf) for pdf in pdfs]
    if names:
        run_guarded(exe, work, ["--convert-to", "pdf", "--outdir", str(work / "pdf"), *names], limit)
    return [_read_pdf(pdf) for pdf in pdfs]


def run_guarded(exe: str, work: Path, args: list[str], limit: float) -> int:
    """Run LibreOffice in ``work`` (its private profile there) behind the watchdog; its exit status, or
    TimedOut once ``limit`` seconds have passed (LibreOffice and all its children stopped by then)."""
    cmd = [exe, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore", *args]
    guard = [sys.executable, "-m", "generator.pdfguard", str(work), str(limit), "--", *cmd]
    started = time.monotonic()
    proc = subprocess.Popen(guard, cwd=work, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": _package_root()})
    try:
        code = proc.wait(timeout=limit + 15)
    except BaseException:  # time-out of the guard itself, Ctrl+C: the guard kills LibreOffice when we go
        proc.terminate()
        with contextlib.suppress(subprocess.TimeoutExpired):
            proc.wait(timeout=10)
        raise
    if code == 124:
        raise TimedOut(time.monotonic() - started)
    return code


def _package_root() -> str:
    """Where ``generator`` is importable from, for the guard process (installed or run from the repository)."""
    root = str(Path(__file__).resolve().parent.parent)
    extra = os.environ.get("PYTHONPATH", "")
    return root + (os.pathsep + extra if extra else "")


def _read_pdf(path: Path) -> bytes | None:
    """The file's bytes if it is a real PDF with at least one page."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    if not data.startswith(b"%PDF-") or b"%%EOF" not in data[-1024:]:
        return None
    if not re.search(rb"/Type\s*/Page(?![a-zA-Z])", data):
        return None
    return data


def reproducible(data: bytes, stamp: VnDate) -> bytes:
    """The same input gives the same bytes: the creation time becomes the plan's date and the document ID a
    hash of the content. Every replacement keeps its length, so the PDF's byte offsets stay valid."""
    date = f"{stamp.year or 2000:04d}{stamp.month or 1:02d}{stamp.day or 1:02d}000000".encode()
    data = re.sub(rb"/(CreationDate|ModDate)\(D:\d{14}", lambda m: b"/" + m.group(1) + b"(D:" + date, data)
    ident = re.search(rb"/ID\s*\[\s*<([0-9A-Fa-f]{32})>\s*<([0-9A-Fa-f]{32})>\s*\]", data)
    if ident is None:
        return data
    body = re.sub(rb"/DocChecksum\s*/[0-9A-Fa-f]{32}", b"", data[: ident.start()] + data[ident.end() :])
    digest = hashlib.md5(body, usedforsecurity=False).hexdigest().upper().encode()
    data = data[: ident.start(1)] + digest + data[ident.end(1) : ident.start(2)] + digest + data[ident.end(2) :]
    return re.sub(rb"(/DocChecksum\s*/)[0-9A-Fa-f]{32}", lambda m: m.group(1) + digest, data)


def clean_stale_work(prefix: str) -> None:
    """Remove work folders of conversions whose guard is gone (kehoach and its guard both killed at once)."""
    if os.name != "posix":
        return
    for entry in Path(tempfile.gettempdir()).glob(prefix + "*"):
        try:
            pid = int((entry / "pid").read_text(encoding="ascii"))
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(entry, ignore_errors=True)
        except (OSError, ValueError):
            continue
