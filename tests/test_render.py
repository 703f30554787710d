"""`kehoach build`: the Kế hoạch and its Phụ lục, read back from the generated .docx files."""

from __future__ import annotations

import dataclasses
import io
import re
import zipfile

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from generator.build import build_plan
from generator.cli import main
from generator.load import load_plan
from generator.render.blueprint import S_BODY, TEMPLATES, build_bytes
from generator.render.context import attachment_line, unit_cell
from generator.vn import BLANK

from .conftest import DATA, PLAN_DATA, ROOT
from .docxread import body_paragraphs, open_docx, para_text, pdf_page_sizes, pdf_pages, table_cells, to_pdf

PLANS = ["xa-xop", "kon-tum"]
FILES = ["ke-hoach.docx", "phu-luc.docx"]


def task_table(document):
    return document.tables[-1]


@pytest.mark.parametrize("name", PLANS)
@pytest.mark.parametrize("filename", FILES)
def test_table_text_equals_plan_data(built, name, filename):
    plan = load_plan(PLAN_DATA / f"{name}.yaml")
    rows = table_cells(task_table(open_docx(built / name / filename)))
    assert rows[0] == [[h] for h in ("STT", "NỘI DUNG NHIỆM VỤ", "ĐƠN VỊ CHỦ TRÌ", "ĐƠN VỊ PHỐI HỢP", "SẢN PHẨM",
                                     "THỜI GIAN THỰC HIỆN")]
    expected = []
    for section in plan.appendix.sections:
        expected.append([[section.id], [section.title]])
        for item in section.items:
            tasks = getattr(item, "tasks", (item,))
            if tasks is not (item,) and hasattr(item, "title"):
                expected.append([[item.number], [item.title]])
            for t in tasks:
                expected.append([[t.number], list(t.content), [unit_cell(plan, t.leads)],
                                 [unit_cell(plan, t.partners)], [t.product], [t.timeline]])
    assert rows[1:] == expected


def test_unit_cells_name_the_registry_units(xa_xop):
    task = next(t for t in xa_xop.tasks() if t.id == "I.2")
    assert unit_cell(xa_xop, task.partners) == (
        "Ủy ban Mặt trận Tổ quốc Việt Nam xã; các tổ chức chính trị - xã hội xã; các phòng, đơn vị liên quan"
    )


@pytest.mark.parametrize("name", PLANS)
def test_page_setup_per_section(built, name):
    kh = open_docx(built / name / "ke-hoach.docx")
    pl = open_docx(built / name / "phu-luc.docx")
    portrait, landscape = kh.sections
    a4 = {"portrait": ("11906", "16838"), "landscape": ("16838", "11906")}  # A4 in twips, as Word writes it
    for section, orient in ((portrait, "portrait"), (landscape, "landscape"), (pl.sections[0], "landscape")):
        size = section._sectPr.find(qn("w:pgSz"))
        assert (size.get(qn("w:w")), size.get(qn("w:h"))) == a4[orient]
        assert size.get(qn("w:orient"), "portrait") == orient
        margins = section._sectPr.find(qn("w:pgMar"))
        # top/bottom 20 mm, left 30 mm, right 20 mm: inside the ND30 ranges
        assert [margins.get(qn(f"w:{k}")) for k in ("top", "bottom", "left", "right")] == ["1134", "1134", "1701",
                                                                                           "1134"]
    assert len(pl.sections) == 1


@pytest.mark.parametrize("filename", FILES)
def test_times_new_roman_in_all_four_slots_and_vietnamese(built, filename):
    document = open_docx(built / "xa-xop" / filename)
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    normal = document.styles["Normal"].element.rPr
    for rpr in (defaults, normal):
        fonts = rpr.find(qn("w:rFonts"))
        assert {k.split("}")[1]: v for k, v in fonts.attrib.items()} == {
            "ascii": "Times New Roman", "hAnsi": "Times New Roman", "eastAsia": "Times New Roman",
            "cs": "Times New Roman"}
        assert rpr.find(qn("w:lang")).get(qn("w:val")) == "vi-VN"
    xml = document.element.xml
    assert "asciiTheme" not in xml and "w:rFonts" not in xml.replace('w:rFonts w:ascii="Times New Roman"', "")


def runs_of(paragraph):
    return [r for r in paragraph.runs if r.text.strip()]


def fmt(paragraph):
    """(text, size pt, bold, italic) of a one-run paragraph."""
    (run,) = runs_of(paragraph)
    return para_text(paragraph._p), run.font.size.pt, bool(run.font.bold), bool(run.font.italic)


def test_header_block_elements_and_exact_strings(built):
    document = open_docx(built / "xa-xop" / "ke-hoach.docx")
    header = document.tables[0]
    left = [p for p in header.rows[0].cells[0].paragraphs if p.text]
    right = [p for p in header.rows[0].cells[1].paragraphs if p.text]
    assert [fmt(p) for p in left] == [("ỦY BAN NHÂN DÂN", 12, True, False), ("XÃ XỐP", 12, True, False)]
    assert [fmt(p) for p in right] == [
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, True, False),
        ("Độc lập - Tự do - Hạnh phúc", 13, True, False),
    ]
    (so,) = [p for p in header.rows[1].cells[0].paragraphs if p.text]
    (date,) = [p for p in header.rows[1].cells[1].paragraphs if p.text]
    assert fmt(so) == (f"Số: {BLANK}/KH-UBND", 13, False, False)
    assert fmt(date) == (f"Xốp, ngày {BLANK} tháng 9 năm 2025", 13, False, True)
    paragraphs = [p for p in document.paragraphs if p.text]
    assert fmt(paragraphs[0]) == ("KẾ HOẠCH", 14, True, False)
    assert fmt(paragraphs[1]) == (  # broken where a văn thư breaks it, not "… của Thủ / tướng Chính phủ"
        "Thực hiện Quyết định số 1560/QĐ-TTg ngày 18 tháng 7 năm 2025\ncủa Thủ tướng Chính phủ trên địa bàn xã Xốp",
        14, True, False)


def test_header_rules_are_lines_not_characters(built):
    document = open_docx(built / "xa-xop" / "ke-hoach.docx")
    xml = document.element.xml
    assert "___" not in xml and "───" not in xml and "---" not in xml
    header = document.tables[0]
    rules = [p for c in header.rows[0].cells for p in c.paragraphs if p._p.find(qn("w:pPr") + "/" + qn("w:pBdr"))
             is not None]
    assert len(rules) == 2
    issuer_rule, motto_rule = rules
    cell = Mm(62)
    issuer_len = cell - issuer_rule.paragraph_format.left_indent - issuer_rule.paragraph_format.right_indent
    assert Mm(15) <= issuer_len <= Mm(31)  # 1/3 to 1/2 of "ỦY BAN NHÂN DÂN" (≈ 45 mm at 12 pt bold)
    motto_len = Mm(98) - motto_rule.paragraph_format.left_indent - motto_rule.paragraph_format.right_indent
    assert abs(motto_len - Mm(56.1)) < Mm(0.5)  # as long as "Độc lập - Tự do - Hạnh phúc" prints (measured: 56.1 mm)


@pytest.mark.parametrize("name", ["xa-xop", "kon-tum"])
def test_title_rules_are_a_third_to_a_half_of_their_line(built, name):
    """ND30: the rule under the trích yếu (and under a Phụ lục's title) is 1/3 to 1/2 of the title's longest line."""
    from generator.render.metrics import TITLE_SIZE, text_width

    for filename in ("ke-hoach.docx", "phu-luc.docx"):
        document = open_docx(built / name / filename)
        body = list(document.paragraphs)
        widths, section = [], 0  # the text width of the section each paragraph is in
        for p in body:
            sec = document.sections[min(section, len(document.sections) - 1)]
            widths.append(sec.page_width - sec.left_margin - sec.right_margin)
            section += p._p.find(qn("w:pPr") + "/" + qn("w:sectPr")) is not None
        rules = [i for i, p in enumerate(body) if p._p.find(qn("w:pPr") + "/" + qn("w:pBdr")) is not None]
        assert rules
        for i in rules:
            lines = [line for p in body[max(0, i - 2):i] if p.text.strip() for line in p.text.split("\n")]
            bold = [any(r.bold for r in p.runs) for p in body[max(0, i - 2):i] if p.text.strip()]
            longest = max(text_width(line, TITLE_SIZE, bold=b) for line, b in zip(lines, bold * 4, strict=False))
            fmt_ = body[i].paragraph_format
            rule = widths[i] - fmt_.left_indent - fmt_.right_indent
            assert longest / 3 - Mm(1) <= rule <= longest / 2 + Mm(1), (filename, lines, rule.mm, longest.mm)


def test_body_paragraph_style_follows_nd30(built):
    style = open_docx(built / "xa-xop" / "ke-hoach.docx").styles[S_BODY]
    f = style.paragraph_format
    assert f.alignment == 3  # justified
    assert f.first_line_indent == Mm(12.7)
    assert f.space_after >= Pt(6)
    assert 1.0 <= f.line_spacing <= 1.5
    assert style.font.size == Pt(14)


def test_body_opening_pointer_assignments_and_end_mark(built):
    texts = [t for t in body_paragraphs(open_docx(built / "xa-xop" / "ke-hoach.docx")) if t]
    assert texts[2].startswith("Thực hiện Quyết định số 1560/QĐ-TTg ngày 18 tháng 7 năm 2025 của Thủ tướng Chính phủ ")
    assert texts[2].endswith("; Ủy ban nhân dân xã Xốp ban hành Kế hoạch thực hiện trên địa bàn xã như sau:")
    assert "I. MỤC ĐÍCH, YÊU CẦU" in texts and "IV. TỔ CHỨC THỰC HIỆN" in texts
    assert any(t.endswith("(chi tiết tại Phụ lục kèm theo).") for t in texts)
    i = texts.index("IV. TỔ CHỨC THỰC HIỆN")
    assert texts[i + 1:i + 4] == [
        "1. Phòng Văn hóa - Xã hội",
        "- Là cơ quan thường trực, chủ trì theo dõi, đôn đốc, kiểm tra việc thực hiện Kế hoạch; tổng hợp kết quả "
        "thực hiện của các cơ quan, đơn vị, tham mưu Ủy ban nhân dân xã Xốp báo cáo Ủy ban nhân dân tỉnh Quảng Ngãi "
        "theo quy định.",
        "- Chủ trì, phối hợp với Phòng Kinh tế tiếp tục cân đối, bố trí kịp thời ngân sách của địa phương trong kế "
        "hoạch đầu tư công trung hạn và hằng năm (bao gồm vốn đầu tư công, vốn đầu tư phát triển khác, kinh phí thường "
        "xuyên) ủy thác sang Ngân hàng Chính sách xã hội trên địa bàn để bổ sung nguồn vốn cho vay, phấn đấu hằng năm "
        "chiếm khoảng 15 - 20% tăng trưởng dư nợ tín dụng chung của Ngân hàng Chính sách xã hội trên địa bàn và đến "
        "năm 2030 chiếm 15% tổng nguồn vốn (điểm a nhiệm vụ số 1 Mục IV Phụ lục kèm theo).",
    ]
    headings = [t for t in texts[i:] if re.match(r"\d+\. ", t)]
    assert headings[-1] == "8. Chế độ báo cáo"
    assert headings[1:7] == [  # the Mặt trận with the đoàn thể, then the other bodies outside (van-phong.md §1)
        "2. Các phòng, đơn vị liên quan (Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã, Phòng Kinh tế, Phòng Văn "
        "hóa - Xã hội)",  # Công an xã, outside the issuer's command, is spoken to in its own item only
        "3. Phòng Kinh tế",
        "4. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam xã",
        "5. Đề nghị các tổ chức chính trị - xã hội xã (Hội Nông dân xã, Hội Liên hiệp Phụ nữ xã, Hội Cựu chiến binh "
        "xã, Đoàn Thanh niên Cộng sản Hồ Chí Minh xã)",
        "6. Đề nghị Công an xã",
        "7. Đề nghị Phòng giao dịch Ngân hàng Chính sách xã hội Đăk Glei"]
    assert texts[texts.index("8. Chế độ báo cáo") + 1] == (
        "Các cơ quan, đơn vị báo cáo kết quả thực hiện Kế hoạch về Ủy ban nhân dân xã Xốp (qua Phòng Văn hóa - Xã "
        "hội) trước ngày 10 tháng 12 hằng năm; Phòng Văn hóa - Xã hội tổng hợp, báo cáo Ủy ban nhân dân xã Xốp.")
    content_end = texts.index("Phụ lục") - 1
    assert texts[content_end].endswith("giải quyết./.")
    assert sum(t.endswith("./.") for t in texts) == 1


@pytest.mark.parametrize("name", ["xa-xop", "kon-tum"])
def test_every_letter_recipient_is_named_in_to_chuc_thuc_hien(built, name):
    from generator.assign import assignments
    from generator.load import load_plan

    plan = load_plan(ROOT / "plan_data" / f"{name}.yaml")
    texts = [t for t in body_paragraphs(open_docx(built / name / "ke-hoach.docx")) if t]
    start = texts.index("IV. TỔ CHỨC THỰC HIỆN")
    headings = " | ".join(t for t in texts[start:] if re.match(r"\d+\. ", t))
    for a in assignments(plan):
        named = a.unit.name in headings or any(
            u.collective and a.unit.id in u.members and u.name in headings for u in plan.units)
        assert named, a.unit.name


@pytest.mark.parametrize("name", ["xa-xop", "kon-tum"])
def test_no_internal_task_id_is_printed(built, name):
    internal = re.compile(r"\b[IVX]+\.\d+(?:\.[a-zđ]+)?\b")
    for path in (built / name).rglob("*.docx"):
        document = open_docx(path)
        texts = body_paragraphs(document) + [t for table in document.tables for row in table_cells(table)
                                             for cell in row for t in cell]
        found = [t for t in texts if internal.search(t)]
        assert not found, (path.name, found[:2])


def test_signature_block_beside_noi_nhan(built):
    document = open_docx(built / "xa-xop" / "ke-hoach.docx")
    sign = document.tables[1]
    left, right = sign.rows[0].cells
    assert fmt(left.paragraphs[0]) == ("Nơi nhận:", 12, True, True)
    lines = [p.text for p in left.paragraphs[1:] if p.text]
    assert lines[0] == "- Ủy ban nhân dân tỉnh (b/c);" and lines[-1] == "- Lưu: VT, VHXH."
    assert all(r.font.size == Pt(11) for p in left.paragraphs[1:] for r in p.runs if r.text)
    said = [p for p in right.paragraphs if p.text]
    assert [p.text for p in said] == ["TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH", "Trần Văn Mẫu"]
    assert said[0].paragraph_format.space_before == Pt(6)  # above the authority only: no gap inside it
    assert sign.rows[0]._tr.trPr.find(qn("w:cantSplit")) is not None


def test_appendix_title_block(built):
    plan = load_plan(PLAN_DATA / "xa-xop.yaml")
    for filename in FILES:
        paragraphs = [p for p in open_docx(built / "xa-xop" / filename).paragraphs if p.text]
        i = [p.text for p in paragraphs].index("Phụ lục")
        assert fmt(paragraphs[i]) == ("Phụ lục", 14, True, False)
        assert fmt(paragraphs[i + 1]) == (
            "NHIỆM VỤ TRIỂN KHAI KẾ HOẠCH THỰC HIỆN QUYẾT ĐỊNH SỐ 1560/QĐ-TTg\nNGÀY 18 THÁNG 7 NĂM 2025 CỦA THỦ "
            "TƯỚNG CHÍNH PHỦ", 14, True, False)
        assert fmt(paragraphs[i + 2]) == (attachment_line(plan), 14, False, True)
    assert attachment_line(plan) == (
        f"(Kèm theo Kế hoạch số {BLANK}/KH-UBND ngày {BLANK} tháng 9 năm 2025 của Ủy ban nhân dân xã Xốp)")


def test_attachment_line_matches_seed_001(xa_xop):
    from .test_fidelity import seed_tokens

    head, _ = seed_tokens("001")
    assert attachment_line(xa_xop).split() == head[head.index("(Kèm") :]


@pytest.mark.parametrize("filename", FILES)
def test_table_header_repeats_and_only_tall_rows_split(built, filename):
    from generator.render.context import TALL_ROW_LINES, row_lines

    plan = load_plan(PLAN_DATA / "kon-tum.yaml")
    table = task_table(open_docx(built / "kon-tum" / filename))
    rows = table._tbl.tr_lst
    assert rows[0].trPr.find(qn("w:tblHeader")) is not None
    whole = [r.trPr is not None and r.trPr.find(qn("w:cantSplit")) is not None for r in rows]
    tasks = {t.content[0][:40]: t for t in plan.tasks()}
    for row, kept in zip(rows[1:], whole[1:], strict=True):
        first = "".join(t.text or "" for t in row.findall(qn("w:tc"))[1].iter(qn("w:t")))[:40]
        task = tasks.get(first)
        # section and group rows, and short task rows, never split; a tall task row may continue
        assert kept == (task is None or row_lines(plan, task) <= TALL_ROW_LINES), first
    assert not all(whole) and sum(whole) > len(whole) // 2
    assert not any(r.trPr.find(qn("w:tblHeader")) is not None for r in rows[1:])
    grid = [int(g.get(qn("w:w"))) for g in table._tbl.tblGrid.iter(qn("w:gridCol"))]
    assert abs(sum(grid) - Mm(247).twips) < 20  # the whole landscape text width
    spans = [[tc.grid_span for tc in r.findall(qn("w:tc"))] for r in rows[1:]]
    assert {tuple(s) for s in spans} == {(1, 5), (1, 1, 1, 1, 1, 1)}


def has_page_field(part_element) -> bool:
    return any("PAGE" in (i.text or "") for i in part_element.iter(qn("w:instrText")))


def test_page_numbers_top_centre_not_on_first_pages_and_restart_in_appendix(built):
    document = open_docx(built / "xa-xop" / "ke-hoach.docx")
    body, appendix = document.sections
    for section in (body, appendix):
        assert section.different_first_page_header_footer  # <w:titlePg/>
    assert has_page_field(body.header._element)
    assert body.header.paragraphs[0].alignment == 1
    assert not has_page_field(body.first_page_header._element)
    assert body._sectPr.find(qn("w:pgNumType")) is None
    assert appendix._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
    assert has_page_field(appendix.header._element) and not has_page_field(appendix.first_page_header._element)
    alone = open_docx(built / "xa-xop" / "phu-luc.docx").sections[0]
    assert alone.different_first_page_header_footer and has_page_field(alone.header._element)


def test_text_is_nfc(built):
    import unicodedata

    for filename in FILES:
        for text in body_paragraphs(open_docx(built / "xa-xop" / filename)):
            assert unicodedata.is_normalized("NFC", text)


SPECIAL = 'Sở A & B <ghi chú> "trích" {{ x }} {% if y %}z{% endif %} {# c #}'


def test_special_characters_come_out_literally(tmp_path):
    text = (DATA / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("noi_dung: Tổ chức tuyên truyền", f"noi_dung: '{SPECIAL}'")
    text = text.replace("ten: Phòng Kinh tế", "ten: 'Phòng A & B <1>'")
    text = text.replace("trich_yeu: Thử nghiệm", "trich_yeu: 'Về việc {{ so }} & <b>'")
    path = tmp_path / "dac-biet.yaml"
    path.write_text(text, encoding="utf-8")
    result = build_plan(path, tmp_path / "out")
    for filename in FILES:
        document = open_docx(result.written.folder / filename)
        rows = table_cells(task_table(document))
        assert rows[2][1] == [SPECIAL]
        assert rows[2][2] == ["Phòng A & B <1>"]
    texts = body_paragraphs(open_docx(result.written.folder / "ke-hoach.docx"))
    assert "Về việc {{ so }} & <b>" in texts


def test_templates_are_what_the_builder_makes():
    """The committed templates/ are rebuilt reproducibly by tools/build_templates.py."""
    for name in TEMPLATES:
        committed = zipfile.ZipFile(ROOT / "templates" / name)
        fresh = zipfile.ZipFile(io.BytesIO(build_bytes(name)))
        assert committed.namelist() == fresh.namelist()
        for member in fresh.namelist():
            assert committed.read(member) == fresh.read(member), f"templates/{name}:{member} is stale"


def test_build_is_deterministic(tmp_path, xa_xop):
    a = build_plan(PLAN_DATA / "xa-xop.yaml", tmp_path / "a")
    b = build_plan(PLAN_DATA / "xa-xop.yaml", tmp_path / "b")
    assert [f.data for f in a.written.files] == [f.data for f in b.written.files]


def test_clerk_templates_are_used(tmp_path):
    import shutil

    import docx

    folder = tmp_path / "mau"
    shutil.copytree(ROOT / "templates", folder)
    restyled = docx.Document(str(folder / "ke-hoach.docx"))
    restyled.styles[S_BODY].font.size = Pt(13)
    restyled.save(str(folder / "ke-hoach.docx"))
    result = CliRunner().invoke(main, ["build", str(PLAN_DATA / "xa-xop.yaml"), "-o", str(tmp_path / "out"),
                                       "--templates", str(folder)])
    assert result.exit_code == 0, result.output
    assert open_docx(tmp_path / "out" / "xa-xop" / "ke-hoach.docx").styles[S_BODY].font.size == Pt(13)


def test_missing_template_is_a_clear_error(tmp_path):
    folder = tmp_path / "mau"
    folder.mkdir()
    result = CliRunner().invoke(main, ["build", str(PLAN_DATA / "xa-xop.yaml"), "-o", str(tmp_path / "out"),
                                       "--templates", str(folder)])
    assert result.exit_code == 1
    assert "ke-hoach.docx: không tìm thấy tệp mẫu" in result.output
    assert "Traceback" not in result.output
    assert not (tmp_path / "out" / "xa-xop").exists()


def test_libreoffice_renders_both_documents(built, tmp_path, need_soffice):
    pdfs = to_pdf([built / "xa-xop" / f for f in FILES], tmp_path)
    kh_pages, pl_pages = (pdf_pages(p) for p in pdfs)
    sizes = pdf_page_sizes(pdfs[0])
    portrait = [i for i, (w, h) in enumerate(sizes) if h > w]
    landscape = [i for i, (w, h) in enumerate(sizes) if w > h]
    assert portrait == list(range(len(portrait))) and len(portrait) >= 2
    assert landscape == list(range(len(portrait), len(sizes))) and len(landscape) >= 2
    first_lines = [p.strip().splitlines()[0].strip() for p in kh_pages]
    assert first_lines[0].startswith("ỦY BAN NHÂN DÂN")  # no number on page 1
    assert first_lines[1] == "2"
    assert first_lines[len(portrait)] == "Phụ lục"  # appendix page 1: no number
    assert first_lines[len(portrait) + 1] == "2"  # numbering restarted
    assert all(w > h for w, h in pdf_page_sizes(pdfs[1]))
    assert "Xây dựng, lồng ghép mô hình" in " ".join(" ".join(p.split()) for p in pl_pages)


def test_changing_a_plan_field_changes_only_that_text(xa_xop, tmp_path):
    plan = dataclasses.replace(xa_xop, number="5")
    from generator.render.context import header_context

    assert header_context(plan)["number"] == "05/KH\u2011UBND"  # a non-breaking hyphen: never split at a line end


def test_templates_saved_again_by_libreoffice_still_render(built, tmp_path, need_soffice):
    """A clerk who restyles a template in LibreOffice Writer and saves it as .docx keeps a working template."""
    import subprocess

    from .docxread import soffice

    saved = tmp_path / "mau"
    subprocess.run(
        [soffice(), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless", "--convert-to",
         "docx:MS Word 2007 XML", "--outdir", str(saved), *map(str, sorted((ROOT / "templates").glob("*.docx")))],
        check=True, capture_output=True, timeout=300,
    )
    assert sorted(p.name for p in saved.iterdir() if p.suffix == ".docx") == sorted(TEMPLATES)
    result = build_plan(PLAN_DATA / "xa-xop.yaml", tmp_path / "out", templates=saved)
    for filename in FILES:
        ours, theirs = open_docx(built / "xa-xop" / filename), open_docx(result.written.folder / filename)
        assert table_cells(task_table(theirs)) == table_cells(task_table(ours))
        assert [t for t in body_paragraphs(theirs) if t] == [t for t in body_paragraphs(ours) if t]


@pytest.mark.parametrize("name", ["xa-xop", "kon-tum"])
def test_file_properties_name_the_document_the_issuer_and_the_date(built, name):
    """File > Info in Word: the document's title, the issuer as author, the plan's date — never python-docx's 2013."""
    plan = load_plan(PLAN_DATA / f"{name}.yaml")
    for path in sorted((built / name).rglob("*.docx")):
        core = docx.Document(str(path)).core_properties
        assert core.author == plan.issuer.name and core.last_modified_by == plan.issuer.name, path.name
        assert core.title and "\n" not in core.title and "\u2011" not in core.title, path.name
        assert core.created.year == plan.date.year and core.language == "vi-VN", path.name
        assert "python-docx" not in (core.comments or "") + core.author, path.name


def test_a_title_too_long_for_the_file_properties_is_cut_at_a_word():
    from generator.render.compiled import PROPERTY_CHARS, _property_text
    long = "V/v triển khai Kế hoạch " + "thực hiện nhiệm vụ " * 30
    cut = _property_text(long)
    assert len(cut) <= PROPERTY_CHARS and cut.endswith("vụ…") and long.startswith(cut[:-1])
    assert _property_text("x" * 1000) == "x" * (PROPERTY_CHARS - 1) + "…"
    assert _property_text("Kế hoạch ngắn") == "Kế hoạch ngắn"
