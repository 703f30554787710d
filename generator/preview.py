"""The first page of each document of a bundle as a small PNG, for the web page's file list: the bundle's .docx
printed to PDF by LibreOffice in one run (the PDFs of a ``--pdf`` build are used as they are), then the first
page of each drawn by pdftoppm (poppler). Nothing is written into the bundle folder."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .errors import PdfError, TimedOut
from .pdf import print_pdfs, soffice_or_none, time_limit

RESOLUTION = 40  # dots per inch: an A4 page about 330 × 470 pixels, readable as a thumbnail
PNG_SECONDS = 20


def available() -> bool:
    """LibreOffice and pdftoppm are both on this machine."""
    return soffice_or_none() is not None and shutil.which("pdftoppm") is not None


def first_pages(folder: Path, documents: list[str]) -> dict[str, bytes]:
    """``documents`` (.docx paths in the bundle ``folder``) -> the PNG of each one's first page; a document
    LibreOffice or pdftoppm could not draw is left out."""
    exe, drawer = soffice_or_none(), shutil.which("pdftoppm")
    if exe is None or drawer is None:
        raise PdfError("cần LibreOffice và pdftoppm (gói poppler-utils) để xem trước trang đầu")
    work = Path(tempfile.mkdtemp(prefix="kehoach-xem-"))
    try:
        out: dict[str, bytes] = {}
        for n, (rel, pdf) in enumerate(_pdfs(exe, folder, documents, work).items()):
            if pdf is None:
                continue
            (work / f"{n:04d}.pdf").write_bytes(pdf)
            png = _draw(drawer, work / f"{n:04d}.pdf", work / f"{n:04d}")
            if png is not None:
                out[rel] = png
        return out
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _pdfs(exe: str, folder: Path, documents: list[str], work: Path) -> dict[str, bytes | None]:
    """Each document's PDF: the bundle's own when a --pdf build made one, else printed in one LibreOffice run."""
    built = {rel: folder / (rel[: -len(".docx")] + ".pdf") for rel in documents}
    out: dict[str, bytes | None] = {rel: path.read_bytes() for rel, path in built.items() if path.is_file()}
    rest = [rel for rel in documents if rel not in out]
    try:
        printed = print_pdfs(exe, [folder / rel for rel in rest], work, time_limit(len(rest)))
    except TimedOut:
        raise PdfError("LibreOffice không in xong để xem trước — thử lại sau") from None
    return out | dict(zip(rest, printed, strict=True))


def _draw(drawer: str, pdf: Path, stem: Path) -> bytes | None:
    try:
        subprocess.run([drawer, "-png", "-f", "1", "-l", "1", "-r", str(RESOLUTION), "-singlefile", str(pdf),
                        str(stem)], check=True, capture_output=True, timeout=PNG_SECONDS)
    except (subprocess.SubprocessError, OSError):
        return None
    png = stem.with_suffix(".png")
    return png.read_bytes() if png.is_file() else None
