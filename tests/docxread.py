"""Reading generated .docx files back for tests: real w:tc cells (merged cells once), paragraph texts."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import docx
from docx.oxml.ns import qn

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def para_text(p) -> str:
    out = []
    marks = {qn("w:tab"): "\t", qn("w:br"): "\n", qn("w:noBreakHyphen"): "-"}
    for e in p.iter(qn("w:t"), *marks):
        out.append(e.text or "" if e.tag == qn("w:t") else marks[e.tag])
    return "".join(out)


def table_cells(table) -> list[list[list[str]]]:
    """Rows -> cells (each real w:tc once) -> paragraph texts."""
    return [
        [[para_text(p) for p in tc.findall(qn("w:p"))] for tc in tr.findall(qn("w:tc"))]
        for tr in table._tbl.tr_lst
    ]


def body_paragraphs(document) -> list[str]:
    return [para_text(p._p) for p in document.paragraphs]


def open_docx(path: Path):
    return docx.Document(str(path))


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_pdf(paths: list[Path], outdir: Path) -> list[Path]:
    exe = soffice()
    assert exe
    subprocess.run(
        [exe, f"-env:UserInstallation=file://{outdir}/lo-profile", "--headless", "--convert-to", "pdf",
         "--outdir", str(outdir), *map(str, paths)],
        check=True, capture_output=True, timeout=300,
    )
    pdfs = [outdir / (p.stem + ".pdf") for p in paths]
    for pdf in pdfs:
        assert pdf.exists(), f"LibreOffice did not write {pdf.name}"
    return pdfs


def pdf_pages(pdf: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    return text.split("\f")[:-1]


def pdf_page_sizes(pdf: Path) -> list[tuple[float, float]]:
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "999", str(pdf)], check=True, capture_output=True,
                         text=True).stdout
    sizes = []
    for line in out.splitlines():
        if line.startswith("Page") and "size:" in line:
            w, _, h = line.split("size:")[1].split()[:3]
            sizes.append((float(w), float(h)))
    return sizes
