"""The only place that runs docxtpl: sandboxed Jinja, autoescape on, StrictUndefined, then exact XML fixes."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import jinja2
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from jinja2.sandbox import SandboxedEnvironment

from ..errors import TemplateError, display_path
from .blueprint import S_RULE_ISSUER
from .ooxml import normalize_docx


def default_templates() -> Path:
    """The templates shipped with the package (installed), or the repository's templates/ folder."""
    here = Path(__file__).resolve().parent.parent
    for folder in (here / "templates", here.parent / "templates"):
        if (folder / "ke-hoach.docx").exists():
            return folder
    msg = "không tìm thấy thư mục mẫu mặc định — cài lại kehoach (pip install .)"
    raise TemplateError(msg)


def _env() -> SandboxedEnvironment:
    # Sandboxed: a clerk-supplied template cannot reach Python internals (docxtpl #632).
    return SandboxedEnvironment(autoescape=True, undefined=jinja2.StrictUndefined)


def render_docx(template: Path, context: dict[str, Any]) -> bytes:
    """Render one template with ``context``; every failure becomes a TemplateError naming the file."""
    name = display_path(template)
    if not template.is_file():
        msg = f"{name}: không tìm thấy tệp mẫu — kiểm tra --templates hoặc xóa tệp mẫu hỏng để dùng mẫu mặc định"
        raise TemplateError(msg)
    try:
        tpl = DocxTemplate(str(template))
        tpl.render(context, jinja_env=_env(), autoescape=True)
    except jinja2.TemplateSyntaxError as exc:
        where = getattr(exc, "docx_context", None) or exc.source or ""
        msg = f"{name}: thẻ mẫu sai cú pháp ({exc.message}) gần “{_snippet(where)}” — sửa thẻ {{{{ … }}}} trong Word"
        raise TemplateError(msg) from None
    except jinja2.UndefinedError as exc:
        msg = f"{name}: mẫu dùng biến không có trong dữ liệu ({exc.message}) — sửa hoặc xóa thẻ đó trong Word"
        raise TemplateError(msg) from None
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(f"{name}: mẫu chứa thẻ không được phép ({exc})") from None
    except Exception as exc:  # a broken zip or XML inside a clerk's file
        raise TemplateError(f"{name}: không đọc được tệp mẫu .docx ({type(exc).__name__}: {exc})") from None
    fix_issuer_rule(tpl, context)
    buf = io.BytesIO()
    tpl.save(buf)
    return normalize_docx(buf.getvalue())


def _snippet(text: Any) -> str:
    text = re.sub(r"<[^>]+>", "", str(text))
    return " ".join(text.split())[:80]


def estimate_width(text: str, size: Pt, *, bold: bool = True) -> Length:
    """Rough printed width of an upper-case line in Times New Roman (enough to size a rule)."""
    em = 0.0
    for ch in text:
        em += 0.25 if ch == " " else 0.5 if ch.isdigit() else 0.72 if ch.isupper() else 0.5
    return Length(int(em * size * (1.03 if bold else 1.0)))


def fix_issuer_rule(tpl: DocxTemplate, context: dict[str, Any]) -> None:
    """Size the rule under the issuer name to ~45 % of its longest line (ND30: 1/3 to 1/2), centred."""
    lines = context.get("issuer_lines") or []
    if not lines:
        return
    try:
        style_id = tpl.docx.styles[S_RULE_ISSUER].style_id
    except KeyError:  # a clerk's template without the rule style: nothing to size
        return
    longest = max(estimate_width(line, Pt(12)) for line in lines)
    body = tpl.docx.element.body
    for p in body.xpath(f'.//w:p[w:pPr/w:pStyle[@w:val="{style_id}"]]'):
        cell = p.getparent()
        tcw = cell.find(qn("w:tcPr") + "/" + qn("w:tcW")) if cell.tag == qn("w:tc") else None
        width = Length(int(tcw.get(qn("w:w"))) * 635) if tcw is not None else Mm(62)
        rule = max(Mm(15), min(Length(int(longest * 0.45)), Length(width - Mm(4))))
        indent = Length((width - rule) // 2)
        paragraph = Paragraph(p, None)
        paragraph.paragraph_format.left_indent = indent
        paragraph.paragraph_format.right_indent = indent
