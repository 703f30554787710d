"""Golden text of every document kind: what kehoach writes, as a reader sees it, one reviewed file per kind.

Regenerate after an intended change with ``python tools/update_golden.py`` and review the diff in git.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import docx

from generator.build import bundle_files
from generator.diff import diff_plans
from generator.load import load_plan
from generator.render.comparison import comparison_docx
from generator.render.engine import default_templates

from .docxread import para_text

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "golden"
# kind -> (plan, file in its bundle)
DOCUMENTS = {
    "ke-hoach": ("xa-xop", "ke-hoach.docx"),
    "phu-luc": ("xa-xop", "phu-luc.docx"),
    "cong-van-thuong-truc": ("xa-xop", "cong-van/02-phong-van-hoa-xa-hoi.docx"),
    "cong-van-truc-thuoc": ("xa-xop", "cong-van/01-phong-kinh-te.docx"),
    "cong-van-ben-ngoai": ("xa-xop", "cong-van/07-hoi-nong-dan-xa.docx"),
    "cong-van-cap-duoi": ("kon-tum", "cong-van/15-uy-ban-nhan-dan-huyen-dak-glei.docx"),
    "bao-cao": ("xa-xop", "bao-cao/07-hoi-nong-dan-xa.docx"),
    "bao-cao-tong-hop": ("xa-xop", "bao-cao/tong-hop.docx"),
    # a ward's plan made from a real provincial plan received as Word (issue 19): the ward's own act and words
    "ke-hoach-phuong-tu-tinh": ("vi-du/phuong-kinh-bac", "ke-hoach.docx"),
    "cong-van-phuong-tu-tinh": ("vi-du/phuong-kinh-bac", "cong-van/01-phong-kinh-te-ha-tang-va-do-thi.docx"),
}


def document_text(data: bytes) -> str:
    """Paragraphs and table cells in reading order, one line each; cells as "a | b | c" rows."""
    document = docx.Document(io.BytesIO(data))
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            text = para_text(child)
            if text.strip():
                lines.append(text)
        elif tag == "tbl":
            for tr in child.iter("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tr"):
                cells = [" / ".join(t for t in (para_text(p) for p in tc.iter(
                    "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p")) if t.strip())
                    for tc in tr.findall("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}tc")]
                if any(cells):
                    lines.append(" | ".join(cells))
    return "\n".join(lines) + "\n"


def current_texts() -> dict[str, str]:
    """Every golden kind's text as kehoach writes it now."""
    templates = default_templates()
    plans = {name: load_plan(ROOT / "plan_data" / f"{name}.yaml")
             for name in dict.fromkeys(plan for plan, _ in DOCUMENTS.values())}
    files = {name: {f.path: f.data for f in bundle_files(plan, templates)} for name, plan in plans.items()}
    texts = {kind: document_text(files[plan][path]) for kind, (plan, path) in DOCUMENTS.items()}
    texts["so-sanh"] = document_text(comparison_docx(diff_plans(plans["kon-tum"], plans["xa-xop"]), templates))
    texts.update(collection_texts(plans["xa-xop"], files["xa-xop"], templates))
    return texts


def collection_texts(plan: Any, files: dict[str, bytes], templates: Path) -> dict[str, str]:
    """``kehoach tong-hop`` on the Xốp forms filled as tests/test_tonghop.py fills them, on 10/12/2026: the
    consolidated report and a reminder to an own unit and to an outside body."""
    import datetime as dt
    import os
    import tempfile

    from generator.tonghop.collect import collect
    from generator.tonghop.documents import reminder_units, render_reminder, render_report

    from .test_tonghop import fill_xop

    with tempfile.TemporaryDirectory() as tmp:
        forms, inbox = Path(tmp) / "forms", Path(tmp) / "inbox"
        forms.mkdir()
        inbox.mkdir()
        for path, data in files.items():
            if path.startswith("bao-cao/") and path != "bao-cao/tong-hop.docx":
                (forms / path.split("/", 1)[1]).write_bytes(data)
        fill_xop(forms, inbox)
        stamp = dt.datetime(2026, 12, 8, 9, 0).timestamp()  # the undated forms' file time, fixed
        for form in inbox.iterdir():
            os.utime(form, (stamp, stamp))
        c = collect(plan, inbox, dt.date(2026, 12, 10))
    owed = {a.unit.id: (a, late, silent) for a, late, silent in reminder_units(c)}
    due = dt.date(2026, 12, 17)
    return {
        "bao-cao-ket-qua": document_text(render_report(c, templates)),
        "don-doc-ben-ngoai": document_text(render_reminder(c, *owed["hoi-nong-dan"], due, templates)),
    }
