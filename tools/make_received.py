"""Write the received-plan fixtures of tests/data/nhan/ the way clerks make them in Word, not with kehoach's
templates: plain python-docx tables, typed numbers, section rows merged across, line breaks inside cells,
vertically merged cells, a table continued in a second table, an appendix sent as a file of its own, two header
rows with a column-numbers row and an uneven grid, a table without sections inside the body.

    python tools/make_received.py      # rewrites tests/data/nhan/*.docx

The texts come from the seed extractions (tests/fixtures/seeds/, through the plan data that reproduces them
word for word) and from the free-table example; the unit cells are printed as the seeds print them.
"""

from __future__ import annotations

import sys
from pathlib import Path

import docx
import yaml
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.load import load_plan  # noqa: E402
from generator.model import Group, Plan, Task  # noqa: E402

OUT = ROOT / "tests" / "data" / "nhan"
SEED_CELLS = yaml.safe_load((ROOT / "tests" / "fixtures" / "seed_unit_cells.yaml").read_text(encoding="utf-8"))
HEADINGS = ["STT", "NỘI DUNG NHIỆM VỤ", "ĐƠN VỊ CHỦ TRÌ", "ĐƠN VỊ PHỐI HỢP", "SẢN PHẨM", "THỜI GIAN THỰC HIỆN"]


def landscape(document: docx.document.Document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(2))
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)


def centred(document: docx.document.Document, text: str, *, bold: bool = False, italic: bool = False) -> None:
    p = document.add_paragraph()
    p.alignment = 1
    run = p.add_run(text)
    run.bold, run.italic = bold, italic


def write(cell, text: str, *, bold: bool = False, breaks: bool = False) -> None:
    """The cell's text; with ``breaks`` a long text is typed with line breaks (Shift+Enter) as clerks do."""
    p = cell.paragraphs[0]
    if not breaks or len(text) < 90:
        p.add_run(text).bold = bold
        return
    words, line = text.split(), []
    for i, w in enumerate(words):
        line.append(w)
        if len(" ".join(line)) > 70 and i < len(words) - 1:
            run = p.add_run(" ".join(line) + " ")
            run.add_break(WD_BREAK.LINE)
            line = []
    p.add_run(" ".join(line))


def merge_down(cells: list) -> None:
    """A vertical merge written as Word writes it: restart on the first cell, continue below, text in the first."""
    for i, cell in enumerate(cells):
        pr = cell._tc.get_or_add_tcPr()
        vm = OxmlElement("w:vMerge")
        if i == 0:
            vm.set(qn("w:val"), "restart")
        else:
            for p in cell.paragraphs:
                for r in list(p.runs):
                    r._r.getparent().remove(r._r)
        pr.append(vm)


def new_table(document: docx.document.Document):
    table = document.add_table(rows=1, cols=6)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, HEADINGS, strict=True):
        write(cell, text, bold=True)
    return table


def heading_row(table, stt: str, title: str) -> None:
    cells = table.add_row().cells
    write(cells[0], stt, bold=True)
    merged = cells[1].merge(cells[5])
    write(merged, title, bold=True)


def task_row(table, task: Task, lead: str, partner: str) -> list:
    cells = table.add_row().cells
    for cell, text in zip(cells, [task.number, " ".join(task.content), lead, partner, task.product, task.timeline],
                          strict=True):
        write(cell, text, breaks=True)
    return cells


def fill(table, plan: Plan, cells: dict[str, list[str]], *, new_table_at: str = "", document=None) -> dict:
    """The plan's sections, groups and tasks as rows, unit cells as the seed prints them; returns each task's row
    cells by id. ``new_table_at``: the section where the typist began a second table (the header typed again)."""
    rows = {}
    for section in plan.appendix.sections:
        if section.id == new_table_at:
            table = new_table(document)
        heading_row(table, section.id, section.title)
        for item in section.items:
            if isinstance(item, Group):
                heading_row(table, item.number, item.title)
            for task in item.tasks if isinstance(item, Group) else (item,):
                lead, partner = cells[task.id]
                rows[task.id] = task_row(table, task, lead, partner)
    return rows


def appendix_heading(document: docx.document.Document, title: str, caption: str = "") -> None:
    """A landscape page opening with "PHỤ LỤC", the title in capitals and the "(Kèm theo …)" line."""
    landscape(document)
    centred(document, "PHỤ LỤC", bold=True)
    centred(document, title.upper(), bold=True)
    if caption:
        centred(document, caption, italic=True)


def kon_tum_appendix() -> None:
    """The provincial table (seed 000) as a separate Phụ lục file, cut into two tables after section III."""
    plan: Plan = load_plan(ROOT / "plan_data" / "kon-tum.yaml")
    cells = SEED_CELLS["000"]
    document = docx.Document()
    appendix_heading(document, plan.appendix.title,
                     "(Kèm theo Kế hoạch số      /KH-UBND ngày      tháng      năm 2025 của Ủy ban nhân dân tỉnh)")
    fill(new_table(document), plan, cells, new_table_at="IV", document=document)
    document.save(OUT / "kon-tum-phu-luc.docx")


def plan_opening(document: docx.document.Document, commune: str, number: str, place_date: str, subject: str) -> None:
    """The ND30 header typed in a borderless 2×2 table, then KẾ HOẠCH and the trích yếu."""
    header = document.add_table(rows=2, cols=2)
    motto = ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    for cell, lines in zip(header.rows[0].cells, [["ỦY BAN NHÂN DÂN", commune], motto], strict=True):
        cell.paragraphs[0].add_run(lines[0]).bold = True
        cell.add_paragraph().add_run(lines[1]).bold = True
    write(header.rows[1].cells[0], number)
    write(header.rows[1].cells[1], place_date)
    centred(document, "KẾ HOẠCH", bold=True)
    centred(document, subject, bold=True)


def signature(document: docx.document.Document, recipients: tuple[str, ...], signer: tuple[str, ...]) -> None:
    """Nơi nhận on the left, the signature block on the right, in a borderless table."""
    left, right = document.add_table(rows=1, cols=2).rows[0].cells
    left.paragraphs[0].add_run("Nơi nhận:").bold = True
    for line in recipients:
        left.add_paragraph(line)
    for i, line in enumerate(signer):
        (right.paragraphs[0] if i == 0 else right.add_paragraph()).add_run(line).bold = True


def xop_whole() -> None:
    """The commune plan (seed 001) whole: header, body, signature, then the Phụ lục, the lead cells of II.1–II.3
    and V.3–V.4 merged down (the same lead), content typed with line breaks."""
    plan: Plan = load_plan(ROOT / "plan_data" / "xa-xop.yaml")
    document = docx.Document()
    landscape(document)
    plan_opening(document, "XÃ XỐP", "Số:      /KH-UBND", "Xốp, ngày      tháng 9 năm 2025", plan.subject)
    body = (("I. MỤC ĐÍCH, YÊU CẦU", "Triển khai kịp thời, đầy đủ các nhiệm vụ được giao."),
            ("II. TỔ CHỨC THỰC HIỆN", "Các phòng, đơn vị thực hiện các nhiệm vụ tại Phụ lục kèm theo./."))
    for heading, text in body:
        document.add_paragraph().add_run(heading).bold = True
        document.add_paragraph(text)
    signature(document, ("- Ủy ban nhân dân tỉnh (b/c);", "- Các phòng, đơn vị thuộc UBND xã;", "- Lưu: VT, VHXH."),
              ("TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "", "", "Trần Văn Mẫu"))
    document.add_page_break()
    centred(document, "PHỤ LỤC", bold=True)
    centred(document, plan.appendix.title.upper(), bold=True)
    cells = SEED_CELLS["001"]
    rows = fill(new_table(document), plan, cells)
    for run in (["II.1", "II.2", "II.3"], ["V.3", "V.4"]):  # the same lead: typed once, merged down
        assert len({cells[t][0] for t in run}) == 1, run
        merge_down([rows[t][2] for t in run])
    document.save(OUT / "xa-xop-go-tay.docx")


def auto_numbered() -> None:
    """The free-table example typed with Word's automatic numbering in the STT column (List Number), which runs
    on across the sections: 1, 2 under I, then 3, 4 under II."""
    text = (ROOT / "tests" / "data" / "valid" / "bang-tu-do.yaml").read_text(encoding="utf-8")
    text = text[: text.index("quyet_dinh:")] + text[text.index("thuc_hien:"):]
    from generator.load import load_plan_text

    plan = load_plan_text(text, "bang-tu-do")
    document = docx.Document()
    appendix_heading(document, plan.appendix.title)
    headings = [c.heading for c in plan.appendix.columns]
    table = document.add_table(rows=1, cols=len(headings))
    table.style = "Table Grid"
    for cell, heading in zip(table.rows[0].cells, headings, strict=True):
        write(cell, heading, bold=True)
    from generator.render.context import cell_text, column_value

    for section in plan.appendix.sections:
        cells = table.add_row().cells
        write(cells[0], section.id, bold=True)
        write(cells[1].merge(cells[-1]), section.title, bold=True)
        rows = []
        for task in section.tasks():
            cells = table.add_row().cells
            for cell, column in zip(cells, plan.appendix.columns, strict=True):
                if column.key == "stt":
                    cell.paragraphs[0].style = document.styles["List Number"]  # Word numbers it
                else:
                    write(cell, column_value(plan, task, column.key) if column.free else cell_text(plan, task,
                                                                                                   column.key))
            rows.append((task, cells))
        for k, (task, cells) in enumerate(rows):  # stacked sub-rows: number and content cells merged
            if task.continues:
                merge_down([rows[k - 1][1][0], cells[0]])
                merge_down([rows[k - 1][1][1], cells[1]])
    document.save(OUT / "so-tu-dong.docx")


def grouped_header() -> None:
    """The commune table (seed 001) as many provinces type theirs: two header rows ("Đơn vị thực hiện" over
    "Chủ trì" and "Phối hợp"), a row numbering the columns (1) … (6), the content column two grid columns wide
    in every row (a border dragged in Word), the table cut after section III with both header rows and the
    numbers typed again."""
    plan: Plan = load_plan(ROOT / "plan_data" / "xa-xop.yaml")
    cells = SEED_CELLS["001"]
    document = docx.Document()
    appendix_heading(document, plan.appendix.title,
                     "(Kèm theo Kế hoạch số      /KH-UBND ngày      tháng 9 năm 2025 của Ủy ban nhân dân xã Xốp)")

    def table_with_header():
        table = document.add_table(rows=3, cols=7)
        table.style = "Table Grid"
        top, below, numbers = (r.cells for r in table.rows)
        for i, text in ((0, "TT"), (1, "Nội dung nhiệm vụ"), (5, "Sản phẩm"), (6, "Thời gian thực hiện")):
            cell = top[i].merge(top[i + 1]) if i == 1 else top[i]
            write(cell, text, bold=True)
            cell.merge(below[i + 1] if i == 1 else below[i])
        write(top[3].merge(top[4]), "Đơn vị thực hiện", bold=True)
        write(below[3], "Chủ trì", bold=True)
        write(below[4], "Phối hợp", bold=True)
        wide = numbers[1].merge(numbers[2])
        for n, cell in enumerate((numbers[0], wide, *numbers[3:]), 1):
            write(cell, f"({n})")
        return table

    table = table_with_header()
    for section in plan.appendix.sections:
        if section.id == "IV":
            table = table_with_header()
        for item in (section, *section.items):
            if not isinstance(item, Task):  # the section's row, a group's row: number, then title across
                row = table.add_row().cells
                write(row[0], item.id if item is section else item.number, bold=True)
                write(row[1].merge(row[6]), item.title, bold=True)
            for task in item.tasks if isinstance(item, Group) else (item,) if isinstance(item, Task) else ():
                row = table.add_row().cells
                lead, partner = cells[task.id]
                texts = [task.number, " ".join(task.content), lead, partner, task.product, task.timeline]
                for cell, text in zip((row[0], row[1].merge(row[2]), *row[3:]), texts, strict=True):
                    write(cell, text, breaks=True)
    document.save(OUT / "hai-hang-tieu-de.docx")


def table_in_body() -> None:
    """A commune plan as communes often type it: the task table inside the body under "II. NHIỆM VỤ CỤ THỂ", no
    section rows, "III. TỔ CHỨC THỰC HIỆN" and the signature after it (test data written for kehoach)."""
    document = docx.Document()
    plan_opening(document, "XÃ MẪU", "Số: 12/KH-UBND", "Mẫu, ngày 03 tháng 4 năm 2025",
                 "Tổ chức Tháng hành động vì trẻ em năm 2025")
    document.add_paragraph("Thực hiện Kế hoạch số 50/KH-UBND ngày 20/3/2025 của Ủy ban nhân dân huyện, Ủy ban nhân "
                           "dân xã ban hành Kế hoạch như sau:")
    document.add_paragraph().add_run("I. MỤC ĐÍCH, YÊU CẦU").bold = True
    document.add_paragraph("Nâng cao nhận thức của cộng đồng về quyền trẻ em.")
    document.add_paragraph().add_run("II. NHIỆM VỤ CỤ THỂ").bold = True
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["TT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian"],
                          strict=True):
        write(cell, text, bold=True)
    for values in (["1", "Tuyên truyền về quyền trẻ em trên hệ thống loa truyền thanh", "Phòng Văn hóa - Xã hội",
                    "Đoàn Thanh niên xã", "Tháng 6/2025"],
                   ["2", "Thăm, tặng quà trẻ em có hoàn cảnh khó khăn", "Hội Liên hiệp Phụ nữ xã",
                    "Phòng Văn hóa - Xã hội", "01/6/2025"],
                   ["3", "Tổ chức vui chơi cho trẻ em tại các thôn", "Đoàn Thanh niên xã",
                    "Phòng Văn hóa - Xã hội; Hội Liên hiệp Phụ nữ xã", "Tháng 6/2025"]):
        for cell, text in zip(table.add_row().cells, values, strict=True):
            write(cell, text)
    document.add_paragraph().add_run("III. TỔ CHỨC THỰC HIỆN").bold = True
    document.add_paragraph("Các đơn vị được giao nhiệm vụ triển khai thực hiện, báo cáo kết quả về Ủy ban nhân dân "
                           "xã trước ngày 30/6/2025./.")
    signature(document, ("- Ủy ban nhân dân huyện (b/c);", "- Các đơn vị có tên tại Kế hoạch;", "- Lưu: VT."),
              ("TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "", "", "Nguyễn Văn C"))
    document.save(OUT / "trong-noi-dung.docx")


def no_table() -> None:
    document = docx.Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Tổ chức Ngày hội văn hóa các dân tộc (không có phụ lục nhiệm vụ).")
    document.save(OUT / "khong-co-bang.docx")


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    kon_tum_appendix()
    xop_whole()
    auto_numbered()
    grouped_header()
    table_in_body()
    no_table()
    (OUT / "hong.docx").write_bytes(b"PK\x03\x04 this zip was cut off in the e-mail")
    # An encrypted Office file is an OLE compound file; only its signature matters to the check.
    (OUT / "co-mat-khau.docx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 504)
    (OUT / "anh-chup.pdf").write_bytes(b"%PDF-1.4\n% a scanned page: one image, no text\n%%EOF\n")
    for path in sorted(OUT.iterdir()):
        print(f"wrote {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
