"""PDF through LibreOffice: one soffice run for the whole bundle, under a time limit, every PDF checked."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from .bundle import OutFile
from .errors import PdfError

INSTALL_HINT = "cài LibreOffice: sudo apt-get install libreoffice-writer-nogui fonts-liberation2"
START_SECONDS, PER_FILE_SECONDS = 120, 10


def soffice_path() -> str:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        raise PdfError(f"không tìm thấy LibreOffice để xuất PDF — {INSTALL_HINT}")
    return exe


def convert_bundle(stage: Path, files: list[OutFile]) -> list[OutFile]:
    """Convert every staged .docx to a PDF beside it; return the PDFs as bundle files."""
    exe = soffice_path()
    docs = [f for f in files if f.path.endswith(".docx")]
    with tempfile.TemporaryDirectory(prefix="kehoach-pdf-") as tmp:
        work = Path(tmp)
        flat = {}
        for i, f in enumerate(docs):  # flat, unique names: one --outdir serves every subfolder
            name = f"{i:04d}.docx"
            shutil.copyfile(stage / f.path, work / name)
            flat[name] = f
        cmd = [exe, f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
               "--convert-to", "pdf", "--outdir", str(work / "pdf"), *sorted(flat)]
        timeout = START_SECONDS + PER_FILE_SECONDS * len(flat)
        try:
            proc = subprocess.run(cmd, cwd=work, capture_output=True, text=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise PdfError(f"LibreOffice không xuất xong PDF sau {timeout} giây — thử lại, hoặc bỏ --pdf") from None
        out: list[OutFile] = []
        missing = []
        for name, f in flat.items():
            pdf = work / "pdf" / name.replace(".docx", ".pdf")
            if not pdf.is_file() or pdf.stat().st_size == 0:
                missing.append(f.path)
                continue
            rel = f.path[: -len(".docx")] + ".pdf"
            data = pdf.read_bytes()
            (stage / rel).write_bytes(data)
            out.append(OutFile(rel, f"pdf-{f.kind}", data, f.unit))
        if missing:
            detail = (proc.stderr or proc.stdout).strip().splitlines()[-1:] or ["không có thông báo"]
            raise PdfError(f"LibreOffice không xuất được PDF cho: {', '.join(missing)} ({detail[0]})")
        return out
