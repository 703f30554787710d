"""The only place that runs docxtpl: sandboxed Jinja, autoescape on, StrictUndefined, then exact XML fixes."""

from __future__ import annotations

import collections
import contextlib
import copy
import functools
import os
import re
import signal
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jinja2
from docx.section import Section
from docx.shared import Length, Mm, Pt
from docx.text.parfmt import ParagraphFormat
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree  # type: ignore[import-untyped]  # no types shipped; python-docx depends on lxml

from ..errors import TemplateError, display_path
from ..vn import thousands
from .blueprint import TASK_TABLE_CAPTION
from .compiled import Compiled, Styles
from .context import TableLayout
from .metrics import TITLE_SIZE, text_width
from .ooxml import XPATH_NS, el, no_break_hyphens, qn


def default_templates() -> Path:
    """The templates shipped with the package (installed), or the repository's templates/ folder."""
    here = Path(__file__).resolve().parent.parent
    for folder in (here / "templates", here.parent / "templates"):
        if (folder / "ke-hoach.docx").exists():
            return folder
    msg = "không tìm thấy thư mục mẫu mặc định — cài lại kehoach (pip install .)"
    raise TemplateError(msg)


# A template is a clerk's file: it may be broken or hostile. Our templates are 40 KB and render in 50 ms.
MAX_TEMPLATE_BYTES = 20 * 1024 * 1024
MAX_UNZIPPED_BYTES = 100 * 1024 * 1024
MAX_ZIP_ENTRIES = 2_000
MAX_OUTPUT_CHARS = 50 * 1024 * 1024
RENDER_SECONDS = 20.0
MAX_CALL_NUMBER = 1_000_000  # largest number a template may pass to a method or use in * and **


class BudgetExceeded(Exception):
    """A template asked for more time or output than any document needs."""


COMPILED_PARTS = 64  # template parts kept compiled: every part of the default templates, and room for a clerk's


class _BudgetEnv(SandboxedEnvironment):
    """Sandboxed (docxtpl #632): no Python internals; and bounded: output size, numbers, repetition."""

    intercepted_binops = frozenset(["*", "**"])

    def __init__(self) -> None:
        super().__init__(autoescape=True, undefined=jinja2.StrictUndefined)
        self.concat = self._bounded_concat  # type: ignore[method-assign]
        self._compiled: collections.OrderedDict[str, jinja2.Template] = collections.OrderedDict()
        self.new_lock()

    def new_lock(self) -> None:
        """A free lock for the cache; also run in a forked worker (a batch build), where a lock a parent's thread
        (the web page's builds run in threads) held at the fork would never be released."""
        self._lock = threading.Lock()

    def from_string(self, source: Any, globals: Any = None,
                    template_class: Any = None) -> jinja2.Template:
        """A template part compiled once per process: docxtpl hands over the same XML for every letter and form
        of a bundle (207 compiles for Xốp's 24 documents before); a clerk's edited template is another source."""
        if globals or template_class or not isinstance(source, str):
            return super().from_string(source, globals, template_class)
        with self._lock:
            hit = self._compiled.get(source)
            if hit is not None:
                self._compiled.move_to_end(source)
                return hit
        compiled = super().from_string(source)
        with self._lock:
            self._compiled[source] = compiled
            while len(self._compiled) > COMPILED_PARTS:
                self._compiled.popitem(last=False)
        return compiled

    @staticmethod
    def _bounded_concat(chunks: Any) -> str:
        out, size = [], 0
        for chunk in chunks:
            size += len(chunk)
            if size > MAX_OUTPUT_CHARS:
                raise BudgetExceeded("output")
            out.append(chunk)
        return "".join(out)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        for value in (left, right):
            if isinstance(value, int) and abs(value) > MAX_CALL_NUMBER:
                raise BudgetExceeded("number")
        if operator == "**" and isinstance(right, int) and right > 64:
            raise BudgetExceeded("number")
        return super().call_binop(context, operator, left, right)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        if any(isinstance(a, int) and abs(a) > MAX_CALL_NUMBER for a in (*args, *kwargs.values())):
            raise BudgetExceeded("number")
        return super().call(__context, __obj, *args, **kwargs)


@functools.lru_cache(maxsize=16)
def _compiled(path: str, _mtime: int, _size: int) -> Compiled:
    """Each template read and compiled once per version per process (a bundle renders the letter and form
    templates dozens of times)."""
    return Compiled(Path(path).read_bytes(), _ENV)


_ENV = _BudgetEnv()  # one per process: stateless apart from its compiled parts


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_ENV.new_lock)


@contextlib.contextmanager
def _time_budget(seconds: float) -> Iterator[None]:
    """Stop a render that runs longer than ``seconds`` (POSIX main thread; elsewhere the other limits hold)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(_signum: int, _frame: Any) -> None:
        raise BudgetExceeded("time")

    outer, _ = signal.getitimer(signal.ITIMER_REAL)
    if outer and outer <= seconds:  # the host's own alarm (a server's, a test runner's) is sooner: it stays
        yield
        return
    started = time.monotonic()
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if outer:  # the host's later alarm, set again for what is left of it
            signal.setitimer(signal.ITIMER_REAL, max(outer - (time.monotonic() - started), 1e-6))


@functools.lru_cache(maxsize=32)
def _check_template_file(path: str, _mtime: int, size: int) -> str:
    """'' for a template of sane size, else what is wrong with it (cached per file version)."""
    if size > MAX_TEMPLATE_BYTES:
        return f"tệp mẫu quá lớn ({size // 1024 // 1024} MB; tối đa {MAX_TEMPLATE_BYTES // 1024 // 1024} MB)"
    try:
        with zipfile.ZipFile(path) as z:
            entries = z.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return "không phải tệp .docx (hỏng, hoặc là tệp .doc cũ) — mở bằng Word và lưu lại dạng .docx"
    unzipped = sum(e.file_size for e in entries)
    if len(entries) > MAX_ZIP_ENTRIES or unzipped > MAX_UNZIPPED_BYTES:
        return f"tệp mẫu quá lớn khi giải nén (tối đa {MAX_UNZIPPED_BYTES // 1024 // 1024} MB) — kiểm tra lại tệp"
    return ""


BUDGET_MESSAGES = {
    "time": f"mẫu chạy quá {RENDER_SECONDS:.0f} giây (vòng lặp không dừng?)",
    "output": "mẫu sinh ra quá nhiều chữ (vòng lặp hoặc phép nhân quá lớn?)",
    "number": f"mẫu dùng số quá lớn (trên {thousands(MAX_CALL_NUMBER)})",
}


def render_docx(template: Path, context: dict[str, Any], tables: list[TableLayout] | None = None) -> bytes:
    """Render one template with ``context``; every failure becomes a TemplateError naming the file.

    ``tables`` lay out the task tables, in order (their columns come from the plan, not from the template)."""
    name = display_path(template)
    if not template.is_file():
        msg = f"{name}: không tìm thấy tệp mẫu — kiểm tra --templates hoặc xóa tệp mẫu hỏng để dùng mẫu mặc định"
        raise TemplateError(msg)
    info = template.stat()
    problem = _check_template_file(str(template), info.st_mtime_ns, info.st_size)
    if problem:
        raise TemplateError(f"{name}: {problem}")
    try:
        compiled = _compiled(str(template), info.st_mtime_ns, info.st_size)
        with _time_budget(RENDER_SECONDS):
            rendered = compiled.render(context, _ENV)
    except BudgetExceeded as exc:
        msg = f"{name}: {BUDGET_MESSAGES[str(exc)]} — sửa thẻ mẫu trong Word, hoặc dùng lại mẫu mặc định"
        raise TemplateError(msg) from None
    except jinja2.TemplateSyntaxError as exc:
        where = _snippet(getattr(exc, "docx_context", None) or "")
        near = f" gần “{where}”" if where else ""
        msg = f"{name}: thẻ mẫu sai cú pháp ({jinja_problem(exc.message or '')}){near} — sửa thẻ {{{{ … }}}} trong Word"
        raise TemplateError(msg) from None
    except jinja2.UndefinedError as exc:
        msg = f"{name}: mẫu dùng biến không có trong dữ liệu ({exc.message}) — sửa hoặc xóa thẻ đó trong Word"
        raise TemplateError(msg) from None
    except jinja2.exceptions.SecurityError as exc:
        raise TemplateError(f"{name}: mẫu chứa thẻ không được phép ({exc})") from None
    except Exception:  # a broken zip or XML inside a clerk's file
        msg = (f"{name}: tệp mẫu .docx bị hỏng (nội dung bên trong không đọc được) — mở bằng Word, lưu lại, "
               "hoặc dùng lại mẫu mặc định")
        raise TemplateError(msg) from None
    lay_out(rendered.root, compiled.styles, context, tables)
    return rendered.document(context.get("core") or {}, context.get("custom") or {}, edit=no_break_hyphens)


def lay_out(root: Any, styles: Styles, context: dict[str, Any], tables: list[TableLayout] | None) -> None:
    """The layout rules on a rendered document element, in order."""
    body = root.body
    fix_issuer_rule(body, styles, context)
    fix_title_rules(root, styles)
    for header in context.get("drop_if_empty") or ():
        drop_empty_column(body, str(header))
    keep_short_rows_whole(body)
    if tables:
        lay_out_task_tables(body, tables)
    breaks_before_next(body)
    keep_closing_with_previous(body, styles)


_JINJA_PROBLEMS = [
    ("Unexpected end of template", "thiếu thẻ đóng như {% endfor %} hoặc {% endif %}"),
    ("Encountered unknown tag", "có thẻ {% … %} lạ"),
    ("unexpected end of template", "thẻ chưa đóng bằng }} hoặc %}"),
    ("expected token", "thẻ viết sai hoặc chưa đóng"),
    ("unexpected", "có ký tự không đúng chỗ trong thẻ"),
]


def jinja_problem(message: str) -> str:
    """Jinja's syntax complaint (English) told as what to look for in the template."""
    return next((vn for en, vn in _JINJA_PROBLEMS if en in message), "thẻ viết sai")


def _snippet(text: Any) -> str:
    text = re.sub(r"<[^>]+>", "", str(text))
    return " ".join(text.split())[:80]


def estimate_width(text: str, size: Pt, *, bold: bool = True) -> Length:
    """Rough printed width of an upper-case line in Times New Roman (enough to size a rule)."""
    em = 0.0
    for ch in text:
        em += 0.25 if ch == " " else 0.5 if ch.isdigit() else 0.72 if ch.isupper() else 0.5
    return Length(int(em * size * (1.03 if bold else 1.0)))


def fix_issuer_rule(body: Any, styles: Styles, context: dict[str, Any]) -> None:
    """Size the rule under the issuer name to ~45 % of its longest line (ND30: 1/3 to 1/2), centred."""
    lines = context.get("issuer_lines") or []
    style_id = styles.rule_issuer
    if not lines or style_id is None:  # a clerk's template without the rule style: nothing to size
        return
    longest = max(estimate_width(line, Pt(12)) for line in lines)
    for p in _STYLED_ANYWHERE(body, style=style_id):
        cell = p.getparent()
        tcw = cell.find(qn("w:tcPr") + "/" + qn("w:tcW")) if cell.tag == qn("w:tc") else None
        width = Length(int(tcw.get(qn("w:w"))) * 635) if tcw is not None else Mm(62)
        rule = max(Mm(15), min(Length(int(longest * 0.45)), Length(width - Mm(4))))
        indent = Length((width - rule) // 2)
        fmt = ParagraphFormat(p)
        fmt.left_indent = indent
        fmt.right_indent = indent


# XPath compiled once: python-docx's .xpath() builds its namespace map on every call, and the layout rules ask
# thousands of times a bundle. _string is an element's text (XPath string(.)).
_string = etree.XPath("string(.)")
_STYLED = etree.XPath("./w:p[w:pPr/w:pStyle/@w:val = $style]", namespaces=XPATH_NS)
_STYLED_ANYWHERE = etree.XPath(".//w:p[w:pPr/w:pStyle/@w:val = $style]", namespaces=XPATH_NS)
_SECTIONS_BEFORE = etree.XPath("count(preceding-sibling::w:p[w:pPr/w:sectPr])", namespaces=XPATH_NS)
_PAGE_BREAKS = etree.XPath(".//w:p[w:r/w:br[@w:type = 'page']]", namespaces=XPATH_NS)
_W_P, _W_TC = qn("w:p"), qn("w:tc")


def _cell_is_short(tc: Any, size: Pt, most: int, *, nested: bool = True) -> bool:
    """Whether the table cell prints in at most ``most`` lines, each paragraph wrapped at the cell's width.

    Without paragraphs inside paragraphs (text boxes: ``nested``), a paragraph of width x on a line of width w
    takes at most 1 + x // w lines, so a cell takes at most its paragraphs plus its whole text's width // w;
    when that bound is within ``most`` the paragraphs need not be measured one by one."""
    twips, paragraphs, text = _CELL(tc).split("|", 2)  # one XPath: python-docx's proxies make each find slow
    width = max(1, int(twips) * 635 - Mm(2)) if twips.isascii() and twips.isdigit() else Mm(40)
    if not nested and int(paragraphs) + int(text_width(text, size)) // width <= most:
        return True
    lines = 0
    for p in tc.iter(_W_P):
        lines += max(1, -(-int(text_width(_string(p), size)) // width))
        if lines > most:
            return False
    return True


_CELL = etree.XPath("concat(w:tcPr/w:tcW/@w:w, '|', count(.//w:p), '|', string(.))", namespaces=XPATH_NS)
_TEXT_BOXES = etree.XPath("boolean(.//w:txbxContent)", namespaces=XPATH_NS)


FORM_SIZE = Pt(11)  # a form table's text
SHORT_ROW_LINES = 14  # a form row this short never splits across pages (a long one may: no half-empty pages)


def keep_short_rows_whole(body: Any) -> None:
    """In a table with a repeated header row (a report form), a short row is kept on one page: never "□ Chưa
    thực hiện" alone at the top of the next page (the Phụ lục's task table has its own rule)."""
    nested = bool(_TEXT_BOXES(body))
    for tbl in body.iter(qn("w:tbl")):
        caption = tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}")
        rows = tbl.findall(qn("w:tr"))
        if (caption is not None and caption.get(qn("w:val")) == TASK_TABLE_CAPTION) or not rows \
                or rows[0].find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is None:
            continue
        for tr in rows[1:]:
            if all(_cell_is_short(tc, FORM_SIZE, SHORT_ROW_LINES, nested=nested) for tc in tr.findall(_W_TC)):
                trpr = tr.find(qn("w:trPr"))
                if trpr is None:
                    trpr = el("w:trPr")
                    tr.insert(0, trpr)
                if trpr.find(qn("w:cantSplit")) is None:
                    trpr.insert(0, el("w:cantSplit"))


def drop_empty_column(body: Any, header: str) -> None:
    """Remove the column headed ``header`` from a form's table when no row fills it (a plan without products
    prints no empty "Sản phẩm" column); its width goes to the task's column (the second)."""
    for tbl in body.iter(qn("w:tbl")):
        rows = tbl.findall(qn("w:tr"))
        if not rows or header not in _string(rows[0]):  # not a cell's text if not in the row's
            continue
        heads = [_string(tc).strip() for tc in rows[0].findall(qn("w:tc"))]
        if header not in heads or len(heads) < 3:
            continue
        col = heads.index(header)
        body_rows = [tr.findall(qn("w:tc")) for tr in rows[1:]]
        if any(len(cells) == len(heads) and _string(cells[col]).strip() for cells in body_rows):
            continue
        grid = tbl.find(qn("w:tblGrid"))
        cols = grid.findall(qn("w:gridCol")) if grid is not None else []
        if len(cols) == len(heads):
            cols[1].set(qn("w:w"), str(int(cols[1].get(qn("w:w"))) + int(cols[col].get(qn("w:w")))))
            grid.remove(cols[col])
        for tr in rows:
            cells = tr.findall(qn("w:tc"))
            if len(cells) == len(heads):
                w_gone, w_keep = (c.find(qn("w:tcPr") + "/" + qn("w:tcW")) for c in (cells[col], cells[1]))
                if w_gone is not None and w_keep is not None:
                    w_keep.set(qn("w:w"), str(int(w_keep.get(qn("w:w"))) + int(w_gone.get(qn("w:w")))))
                tr.remove(cells[col])
            elif len(cells) == 1:  # a row across the table
                span = cells[0].find(qn("w:tcPr") + "/" + qn("w:gridSpan"))
                if span is not None:
                    span.set(qn("w:val"), str(int(span.get(qn("w:val"))) - 1))


TITLE_RULE_SHARE = 0.42  # of the title's longest line (ND30: from a third to a half)


def _section_width(root: Any, p: Any) -> Length:
    """The text width of the section a top-level paragraph of the body is in."""
    sections = root.sectPr_lst
    if not sections:  # a body without section properties: Word's A4 with the ND30 margins
        return Length(Mm(210) - Mm(30) - Mm(20))
    section = Section(sections[min(int(_SECTIONS_BEFORE(p)), len(sections) - 1)], None)  # type: ignore[arg-type]  # reads only its sectPr
    width, left, right = section.page_width, section.left_margin, section.right_margin
    return Length((width or Mm(210)) - (left or Mm(30)) - (right or Mm(20)))


def _printed_lines(p: Any) -> list[tuple[str, bool]]:
    """The lines of a paragraph as printed (split at its line breaks), each with whether it is bold."""
    lines, bold = [""], False
    for r in p.iter(qn("w:r")):
        bold = bold or r.find(qn("w:rPr") + "/" + qn("w:b")) is not None
        for child in r:
            if child.tag == qn("w:t"):
                lines[-1] += child.text or ""
            elif child.tag == qn("w:br"):
                lines.append("")
    return [(line, bold) for line in lines if line.strip()]


def fix_title_rules(root: Any, styles: Styles) -> None:
    """Size each rule under a title to :data:`TITLE_RULE_SHARE` of the title's longest printed line, centred
    (ND30: the rule under the trích yếu is a third to a half of its line)."""
    style_id = styles.rule_title
    if style_id is None:  # a clerk's template without the rule style
        return
    for p in _styled(root.body, style_id):
        above: list[Any] = []  # the title: the last two printed paragraphs since the previous rule
        for q in p.itersiblings(_W_P, preceding=True):
            if _is_styled(q, style_id):
                break
            if _string(q).strip():
                above.insert(0, q)
                if len(above) == 2:
                    break
        lines = [line for q in above for line in _printed_lines(q)]
        if lines:
            width = _section_width(root, p)
            longest = min(width, max(text_width(t, TITLE_SIZE, bold=b) for t, b in lines))
            rule = max(Mm(15), Length(int(longest * TITLE_RULE_SHARE)))
            indent = Length((width - rule) // 2)
            fmt = ParagraphFormat(p)
            fmt.left_indent = fmt.right_indent = indent


_P_STYLE = f"{qn('w:pPr')}/{qn('w:pStyle')}"


def _styled(body: Any, style_id: str) -> list[Any]:
    """The body's own paragraphs in the style ``style_id`` (found by XPath, its first pStyle checked)."""
    return [p for p in _STYLED(body, style=style_id) if _is_styled(p, style_id)]


def _is_styled(p: Any, style_id: str) -> bool:
    """The paragraph's own style is ``style_id`` (its first pStyle, as Word reads it)."""
    style = p.find(_P_STYLE)
    return style is not None and style.get(qn("w:val")) == style_id


def lay_out_task_tables(body: Any, layouts: list[TableLayout]) -> None:
    """Column widths and alignment, section rows across the table, merged cells: on each rendered task table
    (found by its caption, so a clerk's restyled template keeps working), in order."""
    found = [tbl for tbl in body.iter(qn("w:tbl"))
             if (caption := tbl.find(f"{qn('w:tblPr')}/{qn('w:tblCaption')}")) is not None
             and caption.get(qn("w:val")) == TASK_TABLE_CAPTION]
    for tbl, layout in zip(found, layouts, strict=False):
        twips = [round(w * 567) for w in layout.widths]
        grid = tbl.find(qn("w:tblGrid"))
        for col in list(grid):
            grid.remove(col)
        for w in twips:
            grid.append(el("w:gridCol", **{"w:w": str(w)}))
        rows = tbl.findall(qn("w:tr"))
        if not rows:
            continue
        for tc, w in zip(rows[0].findall(qn("w:tc")), twips, strict=False):
            _cell_width(tc, w)
        if layout.groups:
            _group_headings(rows[0], layout.groups, twips)
        for index, tr in enumerate(rows[1:]):
            cells = tr.findall(qn("w:tc"))
            if len(cells) == len(twips):  # a task row: one cell a column
                for col, tc in enumerate(cells):
                    _cell_width(tc, twips[col])
                    _align(tc, layout.aligns[col])
                    merge = layout.merges[index][col] if index < len(layout.merges) else ""
                    if merge and len(layout.merges[index]) == len(twips):
                        _vmerge(tc, merge)
            elif len(cells) == 2:  # a section or group row: its number, then its title across the table
                _cell_width(cells[0], twips[0])
                _cell_width(cells[1], sum(twips[1:]))


def _group_headings(header: Any, groups: tuple[str, ...], twips: list[int]) -> None:
    """Headings of grouped columns under one heading across them (``nhom``): the header becomes two rows, the
    group's heading merged across its columns above theirs, the other headings merged down both rows."""
    cells = header.findall(qn("w:tc"))
    if len(cells) != len(groups) or not any(groups):
        return
    lower = copy.deepcopy(header)
    header.addnext(lower)
    below = lower.findall(qn("w:tc"))
    col = 0
    while col < len(groups):
        group = groups[col]
        if not group:
            _vmerge(cells[col], "restart")
            _vmerge(below[col], "continue")
            col += 1
            continue
        end = col
        while end < len(groups) and groups[end] == group:
            end += 1
        top = cells[col]
        _set_text(top, group)
        if end - col > 1:
            _set_tc_child(top, "w:gridSpan", **{"w:val": str(end - col)})
            _cell_width(top, sum(twips[col:end]))
            for extra in cells[col + 1:end]:
                header.remove(extra)
        col = end


def _set_text(tc: Any, text: str) -> None:
    """The cell's first run says ``text``; its other runs and paragraphs go (their formatting stays)."""
    paragraphs = tc.findall(qn("w:p"))
    for p in paragraphs[1:]:
        tc.remove(p)
    texts = paragraphs[0].findall(f".//{qn('w:t')}") if paragraphs else []
    if not texts:
        return
    texts[0].text = text
    for t in texts[1:]:
        t.text = ""


def _tc_pr(tc: Any) -> Any:
    pr = tc.find(qn("w:tcPr"))
    if pr is None:
        pr = el("w:tcPr")
        tc.insert(0, pr)
    return pr


# CT_TcPr children in schema order: a new one goes before the first that must follow it.
_TCPR_ORDER = ["w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd", "w:noWrap",
               "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"]


_TCPR_AFTER = {tag: frozenset(qn(t) for t in _TCPR_ORDER[i + 1:]) for i, tag in enumerate(_TCPR_ORDER)}


def _set_tc_child(tc: Any, tag: str, **attrs: str) -> None:
    pr = _tc_pr(tc)
    old = pr.find(qn(tag))
    if old is not None:
        pr.remove(old)
    new = el(tag, **attrs)
    after = _TCPR_AFTER[tag]
    for i, child in enumerate(pr):
        if child.tag in after:
            pr.insert(i, new)
            return
    pr.append(new)


def _cell_width(tc: Any, twips: int) -> None:
    _set_tc_child(tc, "w:tcW", **{"w:w": str(twips), "w:type": "dxa"})


def _vmerge(tc: Any, how: str) -> None:
    if how == "restart":
        _set_tc_child(tc, "w:vMerge", **{"w:val": "restart"})
    else:
        _set_tc_child(tc, "w:vMerge")
        for p in tc.findall(qn("w:p"))[1:]:  # a continued cell holds one empty paragraph
            tc.remove(p)
        for r in tc.findall(f"{qn('w:p')}/{qn('w:r')}"):
            r.getparent().remove(r)


def _align(tc: Any, jc: str) -> None:
    for p in tc.findall(qn("w:p")):
        ppr = p.find(qn("w:pPr"))
        if ppr is None:
            ppr = el("w:pPr")
            p.insert(0, ppr)
        old = ppr.find(qn("w:jc"))
        if old is not None:
            ppr.remove(old)
        new = el("w:jc", **{"w:val": jc})
        later = next((c for c in ppr if c.tag in _AFTER_JC), None)
        if later is not None:
            later.addprevious(new)
        else:
            ppr.append(new)


_AFTER_JC = {qn(t) for t in ("w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
                             "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")}


def breaks_before_next(body: Any) -> None:
    """A paragraph holding only a page break (docxtpl's "\f") becomes "page break before" on the paragraph
    after it, so the new page starts with that paragraph instead of an empty line."""
    for p in _PAGE_BREAKS(body):
        runs = p.findall(qn("w:r"))
        if not runs or _string(p).strip():
            continue
        breaks = [br for r in runs for br in r.findall(qn("w:br")) if br.get(qn("w:type")) == "page"]
        nxt = p.getnext()
        if len(breaks) != 1 or nxt is None or nxt.tag != qn("w:p") or any(len(r) > 2 for r in runs):
            continue
        ppr = nxt.find(qn("w:pPr"))
        if ppr is None:
            ppr = el("w:pPr")
            nxt.insert(0, ppr)
        before = el("w:pageBreakBefore")
        later = next((c for c in ppr if c.tag not in (qn("w:pStyle"), qn("w:keepNext"), qn("w:keepLines"))), None)
        if later is not None:
            later.addprevious(before)
        else:
            ppr.append(before)
        prev = p.getprevious()  # what docxtpl left of the paragraph it split at the break: empty runs only
        if (prev is not None and prev.tag == qn("w:p") and prev.findall(qn("w:r"))
                and not _string(prev) and not prev.xpath("./w:r/*[not(self::w:rPr or self::w:t)]")):
            prev.getparent().remove(prev)
        p.getparent().remove(p)


def keep_closing_with_previous(body: Any, styles: Styles) -> None:
    """The closing paragraph keeps the one before it on its page (van-phong.md §7: a signature page never holds
    the closing formula alone): the style keeps the closing with the signature, this keeps the last two."""
    if styles.last is None:  # a clerk's template without the closing style
        return
    for p in _styled(body, styles.last):
        before = next(p.itersiblings(_W_P, preceding=True), None)
        if before is not None and before.text.strip():  # python-docx's paragraph text
            ParagraphFormat(before).keep_with_next = True
