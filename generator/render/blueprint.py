"""Build the default .docx templates (docxtpl tags inside real Word files) with python-docx.

Run ``python tools/build_templates.py`` after changing this file; a test checks that the committed
templates are what this code builds. A clerk may restyle the templates in Word: the tags and the
``{%tr``/``{%p`` control rows and paragraphs must stay.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING, WD_TAB_ALIGNMENT, WD_TAB_LEADER
from docx.oxml.ns import qn
from docx.shared import Cm, Length, Mm, Pt
from docx.table import _Cell
from docx.text.paragraph import Paragraph

from ..vn import YOUTH_UNION_TITLE
from .metrics import text_width as printed_width
from .ooxml import (
    add_page_number,
    borderless,
    docx_bytes,
    drop_styles_with_effects,
    el,
    grid_borders,
    restart_page_numbers,
    row_flags,
    rule_paragraph,
    set_lang,
    set_run_fonts,
    set_widths,
    setup_page,
    text_width,
)

BODY_SIZE = Pt(14)
INDENT = Cm(1.27)

# Style names a clerk sees in Word's style list.
S_BODY = "KH Đoạn văn"
S_MUC = "KH Đề mục I"
S_KHOAN = "KH Khoản 1"
S_DIEM = "KH Điểm a"
S_TABLE = "KH Bảng"
S_LAST = "KH Đoạn cuối"  # the last paragraph of the content: kept on the page of the signature
S_RULE_ISSUER = "KH Gạch dưới tên cơ quan"
S_RULE_TITLE = "KH Gạch dưới trích yếu"
S_RULE_MOTTO = "KH Gạch dưới tiêu ngữ"

MOTTO = "Độc lập - Tự do - Hạnh phúc"
MOTTO_RULE = printed_width(MOTTO, Pt(13), bold=True)  # as long as the motto line [nd30.md §2 #3]
# the rule under the Đoàn's title: 60 % of the printed title (its guide asks a rule, not its length)
OWN_TITLE_RULE = Length(int(printed_width(YOUTH_UNION_TITLE, Pt(15), bold=True) * 0.6))
HEADER_WIDTHS: list[Length] = [Mm(62), Mm(98)]  # left ≈ 39 %, right ≥ 93 mm so the Quốc hiệu never wraps
SIGN_WIDTHS: list[Length] = [Mm(75), Mm(85)]
TASK_TABLE_CAPTION = "kehoach: bảng nhiệm vụ"  # how the renderer finds the task table to lay out its columns


def base_document() -> DocxDocument:
    """A4 portrait, ND30 margins, Times New Roman in every slot, vi-VN, and the paragraph styles."""
    doc = Document()
    drop_styles_with_effects(doc)
    styles = doc.styles
    rpr_default = styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for rpr in (rpr_default, styles["Normal"].element.get_or_add_rPr()):
        set_run_fonts(rpr)
        set_lang(rpr)
    normal = styles["Normal"]
    normal.font.size = BODY_SIZE
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing_rule = WD_LINE_SPACING.SINGLE
    for name in ("Header", "Footer"):
        if name in [s.name for s in styles]:
            set_run_fonts(styles[name].element.get_or_add_rPr())

    def pstyle(name: str, *, bold: bool = False, size: Pt = BODY_SIZE, base: str = "Normal") -> None:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.base_style = styles[base]
        style.font.size = size
        style.font.bold = bold
        style.quick_style = True

    pstyle(S_BODY)
    body = styles[S_BODY].paragraph_format
    body.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    body.first_line_indent = INDENT
    body.space_after = Pt(6)
    body.line_spacing = 1.15
    body.widow_control = True
    pstyle(S_MUC, bold=True, base=S_BODY)
    pstyle(S_KHOAN, bold=True, base=S_BODY)
    pstyle(S_DIEM, base=S_BODY)
    pstyle(S_LAST, base=S_BODY)
    for name in (S_MUC, S_KHOAN, S_LAST):
        styles[name].paragraph_format.keep_with_next = True
    styles[S_LAST].paragraph_format.keep_together = True
    pstyle(S_TABLE, size=Pt(12))
    table = styles[S_TABLE].paragraph_format
    table.space_before = Pt(2)
    table.space_after = Pt(2)
    for name in (S_RULE_ISSUER, S_RULE_TITLE, S_RULE_MOTTO):
        pstyle(name, size=Pt(2))
    setup_page(doc.sections[0])
    return doc


def para(
    container: DocxDocument | _Cell,
    text: str = "",
    *,
    style: str | None = None,
    size: Pt | None = None,
    bold: bool | None = None,
    italic: bool | None = None,
    align: WD_ALIGN_PARAGRAPH | None = None,
    before: Pt | None = None,
    after: Pt | None = None,
) -> Paragraph:
    """Add a paragraph (reusing a cell's empty first paragraph) with one formatted run."""
    first = container.paragraphs[0] if isinstance(container, _Cell) and len(container.paragraphs) == 1 else None
    p = first if first is not None and not first.text and not first.runs else container.add_paragraph()
    if style:
        # a cell's part is the DocumentPart, which python-docx's types do not say
        styles = container.part.document.styles if isinstance(container, _Cell) else container.styles  # type: ignore[attr-defined]
        p.style = styles[style]
    if text:
        run = p.add_run(text)
        run.font.size = size
        run.font.bold = bold
        run.font.italic = italic
    if align is not None:
        p.alignment = align
    if before is not None:
        p.paragraph_format.space_before = before
    if after is not None:
        p.paragraph_format.space_after = after
    return p


C = WD_ALIGN_PARAGRAPH.CENTER


def across(doc: DocxDocument, widths: list[Length]) -> list[Length]:
    """Column widths stretched to the text width of the document's last section (portrait or landscape)."""
    total = text_width(doc.sections[-1])
    return [Length(int(w * total / sum(widths))) for w in widths]


def header_block(doc: DocxDocument, *, second_left: Callable[[_Cell], None] | None = None, number: bool = True,
                 optional_number: bool = False, own_title: bool = False) -> None:
    """ND30 header: issuer | Quốc hiệu, Tiêu ngữ (row 1); Số | place and date (row 2). With ``own_title``, an
    organisation with its own system prints its title instead of the Quốc hiệu when the context gives one
    (the Đoàn: "ĐOÀN TNCS HỒ CHÍ MINH" over a rule, and "***" under its name, Hướng dẫn 29-HD/TWĐTN-VP)."""
    table = doc.add_table(rows=2, cols=2)
    widths = across(doc, HEADER_WIDTHS)
    borderless(table, widths)
    left, right = table.rows[0].cells
    para(left, "{%p if issuer_parent %}", align=C)
    para(left, "{{ issuer_parent }}", size=Pt(12), bold=False, align=C)
    para(left, "{%p endif %}", align=C)
    para(left, "{%p for line in issuer_lines %}", align=C)
    para(left, "{{ line }}", size=Pt(12), bold=True, align=C)
    para(left, "{%p endfor %}", align=C)
    if own_title:
        para(left, "{%p if own_title %}", align=C)
        para(left, "***", size=Pt(12), align=C)
        para(left, "{%p else %}", align=C)
    rule_paragraph(para(left, style=S_RULE_ISSUER), Mm(20))
    if own_title:
        para(left, "{%p endif %}", align=C)
        para(right, "{%p if own_title %}", align=C)
        para(right, "{{ own_title }}", size=Pt(15), bold=True, align=C)
        rule_paragraph(para(right, style=S_RULE_MOTTO), Length((widths[1] - OWN_TITLE_RULE) // 2))
        para(right, "{%p else %}", align=C)
    para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=Pt(12), bold=True, align=C)
    para(right, MOTTO, size=Pt(13), bold=True, align=C)
    rule_paragraph(para(right, style=S_RULE_MOTTO), Length((widths[1] - MOTTO_RULE) // 2))
    if own_title:
        para(right, "{%p endif %}", align=C)
    left2, right2 = table.rows[1].cells
    if number and optional_number:  # a Kế hoạch issued by a Quyết định has no number of its own
        para(left2, "{%p if number_shown %}", align=C)
        para(left2, "Số: {{ number }}", size=Pt(13), align=C, before=Pt(6))
        para(left2, "{%p endif %}", align=C)
    elif number:
        para(left2, "Số: {{ number }}", size=Pt(13), align=C, before=Pt(6))
    if second_left:
        second_left(left2)
    para(right2, "{{ place_date }}", size=Pt(13), italic=True, align=C, before=Pt(6))


def noi_nhan_and_signature(doc: DocxDocument) -> _Cell:
    """A one-row table that never splits: "Nơi nhận:" and its list on the left; returns the right cell."""
    table = doc.add_table(rows=1, cols=2)
    borderless(table, across(doc, SIGN_WIDTHS))
    row_flags(table.rows[0]._tr)
    left: _Cell = table.rows[0].cells[0]
    right: _Cell = table.rows[0].cells[1]
    para(left, "Nơi nhận:", size=Pt(12), bold=True, italic=True, before=Pt(6))
    para(left, "{%p for line in recipients %}")
    para(left, "{{ line }}", size=Pt(11))
    para(left, "{%p endfor %}")
    return right


def signature_block(doc: DocxDocument) -> None:
    """Nơi nhận (left) beside the signature (right): authority lines, title, signing space, name."""
    right = noi_nhan_and_signature(doc)
    # "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH / PHÓ CHỦ TỊCH": one paragraph, its lines without gaps between them
    para(right, "{{ signature_lines }}", size=BODY_SIZE, bold=True, align=C, before=Pt(6))
    for _ in range(4):
        para(right, align=C)
    para(right, "{{ signer_name }}", size=BODY_SIZE, bold=True, align=C)


def body_loop(doc: DocxDocument, items: str = "body") -> None:
    """One paragraph per item of ``items`` (the body); the paragraph style follows its kind."""
    para(doc, f"{{%p for item in {items} %}}")
    para(doc, "{%p if item.kind == 'muc' %}")
    para(doc, "{{ item.text }}", style=S_MUC)
    para(doc, "{%p elif item.kind == 'khoan' %}")
    para(doc, "{{ item.text }}", style=S_KHOAN)
    para(doc, "{%p elif item.kind == 'diem' %}")
    para(doc, "{{ item.text }}", style=S_DIEM)
    para(doc, "{%p elif item.kind == 'cuoi' %}")
    para(doc, "{{ item.text }}", style=S_LAST)
    para(doc, "{%p elif item.kind in ('tham_quyen', 'quyet_dinh') %}")  # a Quyết định's own lines (mẫu 1.3)
    para(doc, "{{ item.text }}", size=BODY_SIZE, bold=True, align=C, before=Pt(6), after=Pt(6))
    para(doc, "{%p elif item.kind == 'can_cu' %}")
    para(doc, "{{ item.text }}", style=S_BODY, italic=True)
    para(doc, "{%p elif item.kind == 'dieu' %}")
    para(doc, "{{ item.label }}", style=S_BODY, bold=True).add_run(" {{ item.text }}")
    para(doc, "{%p elif item.kind == 'dieu_cuoi' %}")
    para(doc, "{{ item.label }}", style=S_LAST, bold=True).add_run(" {{ item.text }}")
    para(doc, "{%p else %}")
    para(doc, "{{ item.text }}", style=S_BODY)
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")


def appendix_block(doc: DocxDocument, width: Length) -> None:
    """Each appendix: "Phụ lục" (I, II …), its title, the "(Kèm theo …)" line, a short rule, the task table."""
    para(doc, "{%p for a in appendices %}")
    para(doc, "{{ a.page_break }}{{ a.label }}", size=BODY_SIZE, bold=True, align=C)
    para(doc, "{{ a.title }}", size=BODY_SIZE, bold=True, align=C)
    para(doc, "{{ a.attachment }}", size=BODY_SIZE, italic=True, align=C)
    rule = para(doc, style=S_RULE_TITLE)
    rule_paragraph(rule, Length((width - Mm(40)) // 2))
    rule.paragraph_format.space_after = Pt(6)
    task_table(doc)
    para(doc, "{%p endfor %}")


def task_table(doc: DocxDocument) -> None:
    """The task table, its columns a loop over the plan's columns (``{%tc for %}``): the header row, a section
    or group row (number, then the title across the table), and a task row. Widths, alignment and merged cells
    are set after rendering from the plan's column data (``engine.lay_out_task_table``); a clerk restyles
    fonts, borders and shading here in Word."""
    table = doc.add_table(rows=8, cols=3)
    grid_borders(table)
    table.autofit = False
    hdr = table.rows[0]
    row_flags(hdr._tr, header=True)
    for cell, text in zip(hdr.cells, ["{%tc for c in a.columns %}", "{{ c.heading }}", "{%tc endfor %}"],
                          strict=True):
        para(cell, text, style=S_TABLE, size=Pt(12), bold=True, align=C)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    table.add_row()
    table.add_row()
    controls = {1: "{%tr for r in a.rows %}", 2: "{%tr if r.heading %}", 4: "{%tr elif r.tall %}", 6: "{%tr else %}",
                8: "{%tr endif %}", 9: "{%tr endfor %}"}
    for index, tag in controls.items():
        row = table.rows[index]
        merged = row.cells[0].merge(row.cells[-1])
        para(merged, tag, style=S_TABLE)
    heading = table.rows[3]
    row_flags(heading._tr)
    para(heading.cells[0], "{{ r.stt }}", style=S_TABLE, bold=True, align=C)
    title = heading.cells[1].merge(heading.cells[-1])
    para(title, "{% colspan r.span %}{{ r.title }}", style=S_TABLE, bold=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    for cell in (heading.cells[0], title):  # a section row never ends a page alone
        cell.paragraphs[0].paragraph_format.keep_with_next = True
    # A tall row may continue on the next page (as the signed seeds do), so no page is left a third empty;
    # a short row stays whole.
    for index, cant_split in ((5, False), (7, True)):
        task = table.rows[index]
        row_flags(task._tr, cant_split=cant_split)
        for cell, text in zip(task.cells, ["{%tc for c in r.cells %}", "{{ c.text }}", "{%tc endfor %}"], strict=True):
            para(cell, text, style=S_TABLE, align=WD_ALIGN_PARAGRAPH.LEFT)
    set_widths(table, [Mm(12), Mm(223), Mm(12)])
    table._tbl.tblPr.append(el("w:tblCaption", **{"w:val": TASK_TABLE_CAPTION}))  # last child, as the schema wants


def ke_hoach_template() -> DocxDocument:
    doc = base_document()
    header_block(doc, optional_number=True)
    para(doc, "{{ kind_upper }}", size=BODY_SIZE, bold=True, align=C, before=Pt(18))
    para(doc, "{{ subject }}", size=BODY_SIZE, bold=True, align=C)
    para(doc, "{%p if issued_by %}", align=C)  # "(Ban hành kèm theo Quyết định số …)"
    para(doc, "{{ issued_by }}", size=BODY_SIZE, italic=True, align=C)
    para(doc, "{%p endif %}", align=C)
    rule = para(doc, style=S_RULE_TITLE)
    rule_paragraph(rule, Length((text_width(doc.sections[0]) - Mm(40)) // 2))
    rule.paragraph_format.space_after = Pt(12)  # the gap above the body, without an empty paragraph
    body_loop(doc)
    para(doc, "{%p if signed %}")  # the Quyết định carries the signature of a plan it issues
    signature_block(doc)
    para(doc, "{%p endif %}")
    # A text the plan carries after its signature (kem_theo), each from a new page: title, then its content.
    para(doc, "{%p for t in attachments %}")
    para(doc, "{{ t.page_break }}{{ t.title }}", size=BODY_SIZE, bold=True, align=C, after=Pt(12))
    body_loop(doc, "t.lines")
    para(doc, "{%p endfor %}")
    add_page_number(doc.sections[0], BODY_SIZE)
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    setup_page(section, landscape=True)
    restart_page_numbers(section)
    section.different_first_page_header_footer = True
    appendix_block(doc, text_width(section))
    return doc


def quyet_dinh_template() -> DocxDocument:
    """The Quyết định that issues a plan: header, title, the issuing authority, Căn cứ lines, "QUYẾT ĐỊNH:",
    Điều 1–3, Nơi nhận and signature (ND30 Phụ lục I, mẫu 1.4)."""
    doc = base_document()
    header_block(doc)
    para(doc, "QUYẾT ĐỊNH", size=BODY_SIZE, bold=True, align=C, before=Pt(18))
    para(doc, "{{ subject }}", size=BODY_SIZE, bold=True, align=C)
    rule_paragraph(para(doc, style=S_RULE_TITLE), Length((text_width(doc.sections[0]) - Mm(40)) // 2))
    para(doc, "{%p for line in authority_lines %}", align=C)
    para(doc, "{{ line }}", size=BODY_SIZE, bold=True, align=C, before=Pt(6), after=Pt(6))
    para(doc, "{%p endfor %}", align=C)
    para(doc, "{%p for item in body %}")
    para(doc, "{%p if item.kind == 'can_cu' %}")
    para(doc, "{{ item.text }}", style=S_BODY, italic=True)
    para(doc, "{%p elif item.kind == 'quyet_dinh' %}")
    para(doc, "{{ item.text }}", size=BODY_SIZE, bold=True, align=C, before=Pt(6), after=Pt(6))
    para(doc, "{%p else %}")
    dieu = para(doc, "{{ item.label }}", style=S_BODY, bold=True)
    dieu.add_run(" {{ item.text }}")
    para(doc, "{%p endif %}")
    para(doc, "{%p endfor %}")
    signature_block(doc)
    add_page_number(doc.sections[0], BODY_SIZE)
    return doc


def phu_luc_template() -> DocxDocument:
    doc = base_document()
    section = doc.sections[0]
    setup_page(section, landscape=True)
    add_page_number(section, BODY_SIZE)
    appendix_block(doc, text_width(section))
    return doc


def vv_line(cell: _Cell) -> None:
    """Công văn: "V/v …" under Số, 12 pt regular, 6 pt after the Số line (ND30 ô 5b)."""
    para(cell, "{{ vv }}", size=Pt(12), align=C, before=Pt(6))


def kinh_gui(doc: DocxDocument) -> None:
    para(doc, "Kính gửi: {{ recipient }}.", size=BODY_SIZE, align=C, before=Pt(12), after=Pt(12))


def cong_van_template() -> DocxDocument:
    """Mẫu 1.5: no tên loại; V/v under Số; Kính gửi; body; signature and Nơi nhận."""
    doc = base_document()
    header_block(doc, second_left=vv_line)
    kinh_gui(doc)
    body_loop(doc)
    signature_block(doc)
    add_page_number(doc.sections[0], BODY_SIZE)
    return doc


STATUS_COLUMN = "Tình trạng (đánh dấu ×)"
REPORT_HEADERS = ["STT", "Nhiệm vụ (theo Phụ lục kèm theo Kế hoạch)", "Vai trò", "Thời hạn", "Sản phẩm theo kế hoạch",
                  "Kết quả thực hiện (sản phẩm, số liệu)", STATUS_COLUMN, "Khó khăn, vướng mắc, đề xuất"]
REPORT_FIELDS = ["r.seq", "r.content", "r.role", "r.deadline", "r.product", "r.result", "r.status", ""]
# 247 mm; the write-in columns (result, status, difficulties) 110 mm
REPORT_WIDTHS: list[Length] = [Mm(12), Mm(62), Mm(18), Mm(20), Mm(25), Mm(48), Mm(34), Mm(28)]
SUMMARY_HEADERS = ["STT", "Nhiệm vụ (theo Phụ lục kèm theo Kế hoạch)", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời hạn",
                   "Sản phẩm theo kế hoạch", "Kết quả thực hiện (sản phẩm, số liệu)", STATUS_COLUMN,
                   "Khó khăn, vướng mắc, đề xuất"]
SUMMARY_FIELDS = ["r.seq", "r.content", "r.leads", "r.partners", "r.deadline", "r.product", "r.result", "r.status",
                  ""]
SUMMARY_WIDTHS: list[Length] = [Mm(12), Mm(52), Mm(24), Mm(24), Mm(18), Mm(22), Mm(42), Mm(32), Mm(21)]  # 247 mm
CENTRED_FIELDS = ("r.seq", "r.role", "r.deadline", "r.reported")


def loop_table(doc: DocxDocument, headers: list[str], fields: list[str], widths: list[Length]) -> None:
    """A bordered table: a repeated header row, then one row per item of ``rows``."""
    table = doc.add_table(rows=4, cols=len(headers))
    grid_borders(table)
    table.autofit = False
    row_flags(table.rows[0]._tr, header=True)
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        para(cell, text, style=S_TABLE, size=Pt(11), bold=True, align=C)
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    for index, tag in ((1, "{%tr for r in rows %}"), (3, "{%tr endfor %}")):
        row = table.rows[index]
        para(row.cells[0].merge(row.cells[-1]), tag, style=S_TABLE)
    row_flags(table.rows[2]._tr, cant_split=False)  # long tasks continue on the next page: no half-empty pages
    for cell, field in zip(table.rows[2].cells, fields, strict=True):
        align = C if field in CENTRED_FIELDS else WD_ALIGN_PARAGRAPH.LEFT
        para(cell, f"{{{{ {field} }}}}" if field else "", style=S_TABLE, size=Pt(11), align=align)
    set_widths(table, widths)


def dotted_lines(doc: DocxDocument, count: int, width: Length) -> None:
    """Writing lines for the unit to fill in: a right tab stop with a dot leader, not typed dots."""
    for _ in range(count):
        p = para(doc, style=S_BODY)
        p.paragraph_format.first_line_indent = Pt(0)
        p.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT, WD_TAB_LEADER.DOTS)
        p.add_run("\t")


def assessment(doc: DocxDocument, width: Length) -> None:
    para(doc, "II. ĐÁNH GIÁ", style=S_MUC, before=Pt(12))
    for title in ("1. Ưu điểm", "2. Tồn tại, hạn chế", "3. Nguyên nhân"):
        para(doc, title, style=S_KHOAN)
        dotted_lines(doc, 3, width)
    para(doc, "III. PHƯƠNG HƯỚNG, KIẾN NGHỊ", style=S_MUC)
    dotted_lines(doc, 4, width)
    doc.paragraphs[-1].paragraph_format.keep_with_next = True  # never a signature alone on a page
    doc.paragraphs[-2].paragraph_format.keep_with_next = True


def report_signature(doc: DocxDocument) -> None:
    """The blank form's signature: the head of the unit signs (placeholder, no name)."""
    right = noi_nhan_and_signature(doc)
    para(right, "{{ signer_title }}", size=BODY_SIZE, bold=True, align=C, before=Pt(6))
    para(right, "(Ký, ghi rõ họ tên, đóng dấu)", size=Pt(13), italic=True, align=C)


def kinh_gui_blank(doc: DocxDocument) -> None:
    """"Kính gửi:" with a dotted writing line (tab leader) for a recipient the form's user fills in."""
    p = para(doc, "Kính gửi:", size=BODY_SIZE, align=C, before=Pt(12), after=Pt(12))
    p.paragraph_format.tab_stops.add_tab_stop(Length(text_width(doc.sections[-1]) // 2 + Mm(50)),
                                              WD_TAB_ALIGNMENT.LEFT, WD_TAB_LEADER.DOTS)
    p.alignment = WD_ALIGN_PARAGRAPH.LEFT
    p.paragraph_format.left_indent = Length(text_width(doc.sections[-1]) // 2 - Mm(50))
    p.add_run("\t")


def report_opening(doc: DocxDocument, *, recipient: bool = True) -> None:
    para(doc, "{{ kind_upper }}", size=BODY_SIZE, bold=True, align=C, before=Pt(18))
    para(doc, "{{ subject }}", size=BODY_SIZE, bold=True, align=C)
    rule_paragraph(para(doc, style=S_RULE_TITLE), Length((text_width(doc.sections[-1]) - Mm(40)) // 2))
    if recipient:
        kinh_gui(doc)
    else:  # the summary goes to the issuer's superior when the data names it, else a line to write on
        para(doc, "{%p if recipient %}")
        kinh_gui(doc)
        para(doc, "{%p else %}")
        kinh_gui_blank(doc)
        para(doc, "{%p endif %}")
    para(doc, "{{ intro }}", style=S_BODY)
    para(doc, "I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ", style=S_MUC)


def bao_cao_template() -> DocxDocument:
    """Mẫu 1.4 BÁO CÁO, blank, for one unit: its tasks with blank result and status columns."""
    doc = base_document()
    setup_page(doc.sections[0], landscape=True)
    header_block(doc, own_title=True)
    report_opening(doc)
    loop_table(doc, REPORT_HEADERS, REPORT_FIELDS, REPORT_WIDTHS)
    assessment(doc, text_width(doc.sections[0]))
    report_signature(doc)
    add_page_number(doc.sections[0], BODY_SIZE)
    return doc


def tong_hop_template() -> DocxDocument:
    """The consolidated form for the issuing body: every task, its lead and partners, the same blank columns."""
    doc = base_document()
    setup_page(doc.sections[0], landscape=True)
    header_block(doc)
    report_opening(doc, recipient=False)
    loop_table(doc, SUMMARY_HEADERS, SUMMARY_FIELDS, SUMMARY_WIDTHS)
    assessment(doc, text_width(doc.sections[0]))
    signature_block(doc)
    add_page_number(doc.sections[0], BODY_SIZE)
    return doc


RESULT_HEADERS = ["STT", "Nhiệm vụ (theo Phụ lục kèm theo Kế hoạch)", "Đơn vị chủ trì", "Thời hạn", "Tình trạng",
                  "Kết quả thực hiện", "Ngày báo cáo"]
RESULT_FIELDS = ["r.seq", "r.content", "r.leads", "r.deadline", "r.status", "r.result", "r.reported"]
RESULT_WIDTHS: list[Length] = [Mm(12), Mm(70), Mm(32), Mm(24), Mm(26), Mm(61), Mm(22)]  # 247 mm


def ket_qua_template() -> DocxDocument:
    """The consolidated report the standing body prepares from the returned forms (``kehoach tong-hop``):
    mẫu 1.4 BÁO CÁO with the results written out, a blank "Đề xuất, kiến nghị" for the clerk, the signature,
    then a landscape Phụ lục of every task with its status."""
    doc = base_document()
    header_block(doc)
    para(doc, "{{ kind_upper }}", size=BODY_SIZE, bold=True, align=C, before=Pt(18))
    para(doc, "{{ subject }}", size=BODY_SIZE, bold=True, align=C)
    rule_paragraph(para(doc, style=S_RULE_TITLE), Length((text_width(doc.sections[0]) - Mm(40)) // 2))
    para(doc, "{%p if recipient %}")
    kinh_gui(doc)
    para(doc, "{%p else %}")
    kinh_gui_blank(doc)
    para(doc, "{%p endif %}")
    body_loop(doc)
    para(doc, "{{ proposals_title }}", style=S_MUC)
    dotted_lines(doc, 4, text_width(doc.sections[0]))
    doc.paragraphs[-1].paragraph_format.keep_with_next = True  # never a signature alone on a page
    signature_block(doc)
    add_page_number(doc.sections[0], BODY_SIZE)
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    setup_page(section, landscape=True)
    restart_page_numbers(section)
    para(doc, "Phụ lục", size=BODY_SIZE, bold=True, align=C)
    para(doc, "TÌNH HÌNH THỰC HIỆN CÁC NHIỆM VỤ", size=BODY_SIZE, bold=True, align=C)
    para(doc, "{{ attachment }}", size=BODY_SIZE, italic=True, align=C)
    rule = para(doc, style=S_RULE_TITLE)
    rule_paragraph(rule, Length((text_width(section) - Mm(40)) // 2))
    rule.paragraph_format.space_after = Pt(6)
    loop_table(doc, RESULT_HEADERS, RESULT_FIELDS, RESULT_WIDTHS)
    return doc


COMPARE_HEADERS = ["Mã nhiệm vụ", "Nội dung thay đổi", "Kế hoạch gốc", "Kế hoạch điều chỉnh"]
COMPARE_WIDTHS: list[Length] = [Mm(22), Mm(35), Mm(95), Mm(95)]  # 247 mm


def so_sanh_template() -> DocxDocument:
    """Bảng so sánh: what an adapted plan changed, word by word, for a leader to read (landscape)."""
    doc = base_document()
    setup_page(doc.sections[0], landscape=True)
    header_block(doc, number=False)
    para(doc, "BẢNG SO SÁNH", size=BODY_SIZE, bold=True, align=C, before=Pt(18))
    para(doc, "{{ subject }}", size=BODY_SIZE, bold=True, align=C)
    rule_paragraph(para(doc, style=S_RULE_TITLE), Length((text_width(doc.sections[0]) - Mm(40)) // 2))
    para(doc, "{{ summary }}", style=S_BODY, before=Pt(12))
    para(doc, "Chữ gạch ngang: nội dung bỏ đi; chữ đậm, gạch chân: nội dung thêm vào.", style=S_BODY,
         italic=True, size=Pt(12))
    table = doc.add_table(rows=4, cols=len(COMPARE_HEADERS))
    grid_borders(table)
    table.autofit = False
    row_flags(table.rows[0]._tr, header=True)
    for cell, text in zip(table.rows[0].cells, COMPARE_HEADERS, strict=True):
        para(cell, text, style=S_TABLE, bold=True, align=C)
    for index, tag in ((1, "{%tr for r in rows %}"), (3, "{%tr endfor %}")):
        row = table.rows[index]
        para(row.cells[0].merge(row.cells[-1]), tag, style=S_TABLE)
    row_flags(table.rows[2]._tr)
    for cell, fld in zip(table.rows[2].cells, ["{{ r.id }}", "{{ r.label }}", "{{r r.old }}", "{{r r.new }}"],
                         strict=True):
        para(cell, fld, style=S_TABLE, align=C if fld == "{{ r.id }}" else WD_ALIGN_PARAGRAPH.LEFT)
    set_widths(table, COMPARE_WIDTHS)
    add_page_number(doc.sections[0], BODY_SIZE)
    return doc


TEMPLATES: dict[str, Callable[[], DocxDocument]] = {
    "so-sanh.docx": so_sanh_template,
    "ke-hoach.docx": ke_hoach_template,
    "phu-luc.docx": phu_luc_template,
    "quyet-dinh.docx": quyet_dinh_template,
    "cong-van.docx": cong_van_template,
    "bao-cao.docx": bao_cao_template,
    "tong-hop.docx": tong_hop_template,
    "ket-qua.docx": ket_qua_template,
}


def build_bytes(name: str) -> bytes:
    doc = TEMPLATES[name]()
    # python-docx leaves the document's first paragraph empty: drop it so page 1 starts with the header.
    first = doc.element.body[0]
    if first.tag == qn("w:p") and not "".join(first.itertext()):
        doc.element.body.remove(first)
    doc.core_properties.author = "kehoach"
    trim_package(doc)
    return docx_bytes(doc)


_STYLE_REFS = {qn("w:pStyle"), qn("w:rStyle"), qn("w:tblStyle"), qn("w:numStyleLink"), qn("w:styleLink")}


def trim_package(doc: DocxDocument) -> None:
    """Only the styles the template uses (with those they are based on or link to, the defaults and our own):
    python-docx's starting package carries a gallery of about 260 styles and their latent list, 350 KB that
    every document kehoach writes parsed, serialized and zipped again. Word and LibreOffice still offer their
    built-in styles. Its thumbnail of an empty page goes too."""
    root = doc.styles.element
    by_id = {s.get(qn("w:styleId")): s for s in root.findall(qn("w:style"))}
    parts = [doc.part, *(rel.target_part for rel in doc.part.rels.values() if not rel.is_external)]
    wanted = [el.get(qn("w:val")) for part in parts if hasattr(part, "element")
              for el in part.element.iter() if el.tag in _STYLE_REFS]
    wanted += [sid for sid, s in by_id.items() if s.get(qn("w:default")) == "1" or s.get(qn("w:customStyle")) == "1"]
    keep: set[str] = set()
    while wanted:
        sid = wanted.pop()
        if sid in keep or sid not in by_id:
            continue
        keep.add(sid)
        links = (qn("w:basedOn"), qn("w:next"), qn("w:link"))
        wanted += [ref.get(qn("w:val")) for ref in by_id[sid] if ref.tag in links]
    for sid, style in by_id.items():
        if sid not in keep:
            root.remove(style)
    latent = root.find(qn("w:latentStyles"))
    if latent is not None:
        root.remove(latent)
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rid)


def write_templates(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in TEMPLATES:
        path = folder / name
        path.write_bytes(build_bytes(name))
        written.append(path)
    return written
