"""`kehoach nhap`: a received Word plan becomes a plan file that builds the same documents."""

from __future__ import annotations

import io

import docx
import pytest
from click.testing import CliRunner

from generator.api import build_documents
from generator.cli import main
from generator.load import load_plan, load_plan_text

from .conftest import DATA, PLAN_DATA
from .docxread import body_paragraphs, table_cells

PLANS = [*sorted(PLAN_DATA.glob("*.yaml")), *(DATA / "valid" / f"{name}.yaml" for name in ("bang-tu-do", "cot-nhom",
                                                                                    "khong-chia-muc", "hai-phu-luc"))]


def plan_of(path):
    """The plan; the free-table example without its Quyết định (whose signature the Kế hoạch does not print)."""
    text = path.read_text(encoding="utf-8")
    if "quyet_dinh:" not in text:
        return load_plan(path)
    start, end = text.index("quyet_dinh:"), text.index("thuc_hien:")
    return load_plan_text(text[:start] + text[end:], path.stem)


def built(plan) -> dict[str, bytes]:
    return {f.path: f.data for f in build_documents(plan)}


def tables_text(data: bytes) -> list[list[list[str]]]:
    d = docx.Document(io.BytesIO(data))
    return [[[" ".join(c) for c in row] for row in table_cells(t)] for t in d.tables]


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
def test_a_built_plan_imported_back_builds_the_same_plan(path, tmp_path):
    original = plan_of(path)
    docs = built(original)
    source = tmp_path / "nhan-duoc.docx"
    source.write_bytes(docs["ke-hoach.docx"])
    out = tmp_path / "nhap.yaml"
    result = CliRunner().invoke(main, ["nhap", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    again = load_plan(out)
    rebuilt = built(again)
    # the Phụ lục, cell by cell
    assert tables_text(rebuilt["phu-luc.docx"]) == tables_text(docs["phu-luc.docx"])
    # every task: the same lead and partner units, as names
    names = [(sorted(again.unit(u).name.lower() for u in t.leads), sorted(again.unit(u).name.lower()
              for u in t.partners)) for t in again.tasks()]
    assert names == [(sorted(original.unit(u).name.lower() for u in t.leads),
                      sorted(original.unit(u).name.lower() for u in t.partners)) for t in original.tasks()]
    # header, signer and body paragraphs
    assert body_paragraphs(docx.Document(io.BytesIO(rebuilt["ke-hoach.docx"]))) == body_paragraphs(
        docx.Document(io.BytesIO(docs["ke-hoach.docx"])))
    assert tables_text(rebuilt["ke-hoach.docx"])[:2] == tables_text(docs["ke-hoach.docx"])[:2]


NHAN = DATA / "nhan"


def imported(tmp_path, source, registry=None, allow_missing=False):
    out = tmp_path / f"{source.stem}.yaml"
    args = ["nhap", str(source), "-o", str(out)] + (["--don-vi", str(registry)] if registry else []) + (
        ["--cho-phep-thieu"] if allow_missing else [])
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return out, result


def source_table(path) -> list[list[str]]:
    """The received file's task table(s) cell by cell (a merged cell once, as Word stores it), header typed once."""
    rows: list[list[str]] = []
    for table in docx.Document(str(path)).tables:
        # words as typed; the line breaks typed to wrap a cell are layout, not text
        cells = [[" ".join(" ".join(c).split()) for c in row] for row in table_cells(table)]
        if not cells or cells[0][0] != "STT":
            continue
        rows += cells[1:] if rows else cells  # the header typed again where the table goes on
    return rows


def test_the_kon_tum_seed_received_as_a_separate_appendix_passes_the_seed_fidelity_test(tmp_path):
    from .test_fidelity import fidelity_problems

    out, result = imported(tmp_path, NHAN / "kon-tum-phu-luc.docx", PLAN_DATA / "kon-tum.yaml")
    assert "tệp chỉ có phụ lục" in result.output
    # the clerk completes what an appendix alone cannot say
    head = (PLAN_DATA / "kon-tum.yaml").read_text(encoding="utf-8")
    completion = head[head.index("co_quan_ban_hanh:"):head.index("noi_dung:")]
    data = out.read_text(encoding="utf-8")
    data = data[data.index("don_vi:"):]
    plan = load_plan_text(completion + data, "kon-tum-nhap")
    assert fidelity_problems(plan, "000") == []
    assert tables_text(built(plan)["phu-luc.docx"])[0] == source_table(NHAN / "kon-tum-phu-luc.docx")
    province = load_plan(PLAN_DATA / "kon-tum.yaml")
    assert [(t.id, t.leads, t.partners) for t in plan.tasks()] == [
        (t.id, t.leads, t.partners) for t in province.tasks()]
    from generator.assign import assignments
    assert [(a.unit.id, [d.task.id for d in a.leads], [d.task.id for d in a.supports]) for a in assignments(plan)] == [
        (a.unit.id, [d.task.id for d in a.leads], [d.task.id for d in a.supports]) for a in assignments(province)]


def test_a_commune_plan_typed_in_word_imports_whole(tmp_path):
    out, result = imported(tmp_path, NHAN / "xa-xop-go-tay.docx", PLAN_DATA / "xa-xop.yaml")
    assert "vừa chủ trì vừa phối hợp — chỉ giữ ở cột chủ trì" in result.output  # seed 001 II.1, as the data does
    plan = load_plan(out)
    assert plan.issuer.name == "Ủy ban nhân dân xã Xốp" and plan.place == "Xốp" and plan.signer.name == "Trần Văn Mẫu"
    assert [p.title for p in plan.body] == ["MỤC ĐÍCH, YÊU CẦU", "TỔ CHỨC THỰC HIỆN"]
    assert plan.recipients == ("Ủy ban nhân dân tỉnh (b/c)", "Các phòng, đơn vị thuộc UBND xã")
    printed = tables_text(built(plan)["phu-luc.docx"])[0]
    received = source_table(NHAN / "xa-xop-go-tay.docx")
    ii1 = next(i for i, row in enumerate(received) if row[0] == "1" and received[i - 1][0] == "II")
    # the partner cell of II.1 named the lead too: printed again without it, from the units' names
    assert printed[ii1][3] == "Ủy ban Mặt trận Tổ quốc Việt Nam xã; các tổ chức chính trị - xã hội xã"
    printed[ii1][3] = received[ii1][3]
    assert printed == received
    xop = load_plan(PLAN_DATA / "xa-xop.yaml")
    assert [(t.id, t.leads, t.partners) for t in plan.tasks()] == [(t.id, t.leads, t.partners) for t in xop.tasks()]


def test_an_odt_file_is_read_through_libreoffice(tmp_path, need_soffice):
    import subprocess

    from .docxread import soffice

    subprocess.run([str(soffice()), "--headless", "--convert-to", "odt", "--outdir", str(tmp_path),
                    str(NHAN / "xa-xop-go-tay.docx")], check=True, capture_output=True, timeout=120)
    out, _ = imported(tmp_path, tmp_path / "xa-xop-go-tay.odt", PLAN_DATA / "xa-xop.yaml")
    from_doc = load_plan(out)
    (tmp_path / "docx").mkdir()
    out2, _ = imported(tmp_path / "docx", NHAN / "xa-xop-go-tay.docx", PLAN_DATA / "xa-xop.yaml")
    assert list(from_doc.tasks()) == list(load_plan(out2).tasks())


@pytest.mark.parametrize(("name", "words"), [
    ("khong-co-bang.docx", "không tìm thấy bảng nhiệm vụ"),
    ("hong.docx", "tệp Word bị hỏng hoặc không đúng định dạng"),
    ("co-mat-khau.docx", "tệp có mật khẩu"),
    ("anh-chup.pdf", "tệp PDF không đọc được bảng nhiệm vụ chính xác"),
])
def test_a_file_that_cannot_be_imported_is_refused_and_nothing_is_written(tmp_path, name, words):
    out = tmp_path / "ra.yaml"
    result = CliRunner().invoke(main, ["nhap", str(NHAN / name), "-o", str(out)])
    assert result.exit_code == 1
    assert words in result.output and "Traceback" not in result.output
    assert not out.exists()


COMPLETION = """co_quan_ban_hanh: {ten: Ủy ban nhân dân tỉnh Mẫu, viet_tat: UBND}
van_ban: {ky_hieu: KH-UBND, dia_danh: Mẫu, ngay: 5/3/2025, trich_yeu: về chuyển đổi số năm 2025}
nguoi_ky: {chuc_vu: Phó Chủ tịch, ho_ten: Nguyễn Văn A}
"""


def add_rows(table, rows) -> None:
    """Rows typed into ``table``, one text a cell."""
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text


def import_document(tmp_path, document, name, registry=None, completion=COMPLETION, allow_missing=False):
    """``document`` saved as a received file and imported, completed with what a table alone cannot say."""
    source = tmp_path / f"{name}.docx"
    document.save(str(source))
    out, result = imported(tmp_path, source, registry, allow_missing)
    data = out.read_text(encoding="utf-8")
    return load_plan_text(completion + data[data.index("don_vi:"):], name), result


def test_word_automatic_numbering_is_read_as_the_numbers_word_shows(tmp_path):
    out, _ = imported(tmp_path, NHAN / "so-tu-dong.docx")
    data = out.read_text(encoding="utf-8")
    plan = load_plan_text(COMPLETION + data[data.index("don_vi:"):], "so-tu-dong")
    assert plan.appendix.numbering == "lien_tuc"
    printed = tables_text(built(plan)["phu-luc.docx"])[0]
    received = source_table(NHAN / "so-tu-dong.docx")
    assert [r[0] for r in printed] == ["STT", "I", "1", "2", "II", "3", "", "4"]  # Word's list runs on: 1 … 4
    assert [r[1:] for r in printed] == [r[1:] for r in received]
    assert [r[0] for r in received] == ["STT", "I", "", "", "II", "", "", ""]  # no number typed in the cells


def test_the_file_says_what_was_read_from_where_and_what_to_check(tmp_path):
    out, result = imported(tmp_path, NHAN / "xa-xop-go-tay.docx", PLAN_DATA / "xa-xop.yaml")
    head = out.read_text(encoding="utf-8").split("\nco_quan_ban_hanh:")[0].splitlines()
    assert head[4:11] == [
        "# Đã đọc:",
        "# - phần đầu (cơ quan, số, ngày): bảng 1",
        "# - nội dung: 2 mục, đoạn 3–6",
        "# - nơi nhận và chữ ký: bảng 2",
        "# - phụ lục 1: bảng 3 — 6 mục, 23 nhiệm vụ",
        "# Cần kiểm tra:",
        "# - nhiệm vụ 1 (mục II, bảng 3, dòng 6): Các phòng, đơn vị liên quan vừa chủ trì vừa phối hợp — chỉ giữ "
        "ở cột chủ trì",
    ]
    assert "cần kiểm tra: nhiệm vụ 1 (mục II" in result.output
    assert "đọc được: 6 mục, 23 nhiệm vụ, 14 đơn vị" in result.output


def test_section_and_group_rows_typed_as_clerks_type_them(tmp_path):
    """A section typed in one cell across the table ("I. …"), a section typed in its cells, a group typed as an
    ordinary row with a), b) under it, headings worded otherwise ("TT", "Nhiệm vụ", "Thời hạn")."""
    document = docx.Document()
    table = document.add_table(rows=1, cols=5)
    for cell, text in zip(table.rows[0].cells, ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời hạn"],
                          strict=True):
        cell.text = text
    row = table.add_row().cells
    row[0].merge(row[4]).text = "I. Tuyên truyền"
    add_rows(table, (["1", "Phổ biến Kế hoạch", "Sở Tư pháp", "", "Quý I/2025"], ["II", "Kiểm tra", "", "", ""],
                     ["1", "Kiểm tra việc thực hiện", "", "", ""],
                     ["a", "Kiểm tra các sở", "Thanh tra tỉnh", "Sở Nội vụ", "Tháng 9/2025"],
                     ["b", "Kiểm tra các xã", "Thanh tra tỉnh", "", "Tháng 10/2025"]))
    plan, _ = import_document(tmp_path, document, "go-tay", completion=COMPLETION.replace("chuyển đổi số", "kiểm tra"))
    assert [(s.id, s.title) for s in plan.appendix.sections] == [("I", "Tuyên truyền"), ("II", "Kiểm tra")]
    assert [(t.id, plan.unit(t.leads[0]).name, t.timeline) for t in plan.tasks()] == [
        ("I.1", "Sở Tư pháp", "Quý I/2025"), ("II.1.a", "Thanh tra tỉnh", "Tháng 9/2025"),
        ("II.1.b", "Thanh tra tỉnh", "Tháng 10/2025")]
    assert plan.appendix.sections[1].items[0].title == "Kiểm tra việc thực hiện"
    assert [c.heading for c in plan.appendix.columns] == ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp",
                                                          "Thời hạn"]


def test_from_the_received_word_file_to_a_commune_bundle(tmp_path):
    """README "Từng bước cho một xã mới": nhap the province's plan, write a short commune file, build."""
    docs = built(load_plan(PLAN_DATA / "kon-tum.yaml"))
    received = tmp_path / "KE-HOACH-TINH.docx"
    received.write_bytes(docs["ke-hoach.docx"])
    imported(tmp_path, received)
    (tmp_path / "xa-moi.yaml").write_text("""ke_thua: KE-HOACH-TINH.yaml
co_quan_ban_hanh: {ten: Ủy ban nhân dân xã Mới, viet_tat: UBND}
van_ban: {so: "", ky_hieu: KH-UBND, dia_danh: Mới, ngay: 10/2025, trich_yeu: Thực hiện Kế hoạch của tỉnh}
nguoi_ky: {quyen_han: [TM. Ủy ban nhân dân, KT. Chủ tịch], chuc_vu: Phó Chủ tịch, ho_ten: Lê Văn B}
noi_nhan: [Ủy ban nhân dân tỉnh (b/c)]
don_vi:
  - {ma: vhxh, ten: Phòng Văn hóa - Xã hội}
  - {ma: kt, ten: Phòng Kinh tế}
  - {ma: ca, ten: Công an xã}
  - {ma: mt, ten: Ủy ban Mặt trận Tổ quốc Việt Nam xã}
  - {ma: pgd, ten: Phòng giao dịch Ngân hàng Chính sách xã hội huyện}
  - {ma: cac-phong, ten: "Các phòng, đơn vị liên quan", tap_the: true, thanh_vien: [vhxh, kt]}
doi_don_vi:
  cac-so-ban-nganh-lien-quan: cac-phong
  ubnd-cac-huyen-thanh-pho: cac-phong
  trung-tam-truyen-thong-tinh-kon-tum: vhxh
  cac-co-quan-bao-chi-dong-tren-dia-ban: vhxh
  cac-to-chuc-ctxh: mt
  ubmttq-tinh: mt
  cac-to-chuc-ctxh-nhan-uy-thac-cac-cap: mt
  chi-nhanh-nhcsxh-tinh-huyen-thanh-pho: pgd
  chi-nhanh-nhcsxh-tinh: pgd
  so-tai-chinh: kt
  so-dan-toc-va-ton-giao: vhxh
  so-xay-dung: kt
  so-nong-nghiep-va-moi-truong: kt
  so-noi-vu: vhxh
  cong-an-tinh: ca
  so-giao-duc-va-dao-tao: vhxh
  ubnd-cac-cap: cac-phong
sua_noi_dung: true
""", encoding="utf-8")
    result = CliRunner().invoke(main, ["build", str(tmp_path / "xa-moi.yaml"), "-o", str(tmp_path / "ra")])
    assert result.exit_code == 0, result.output
    plan = load_plan(tmp_path / "xa-moi.yaml")
    assert {u.name for u in plan.units} >= {"Phòng Văn hóa - Xã hội", "Phòng Kinh tế", "Công an xã"}
    letters = sorted(p.name for p in (tmp_path / "ra" / "xa-moi" / "cong-van").iterdir())
    assert "03-cong-an-xa.docx" in letters or any("cong-an-xa" in n for n in letters)
    table = tables_text((tmp_path / "ra" / "xa-moi" / "phu-luc.docx").read_bytes())[0]
    unit_cells = " ".join(" ".join(row[2:4]) for row in table if len(row) == 6)  # chủ trì, phối hợp
    assert "Sở " not in unit_cells and "Công an tỉnh" not in unit_cells and "Công an xã" in unit_cells


def test_a_body_written_in_parts_round_trips(tmp_path):
    text = (PLAN_DATA / "kon-tum.yaml").read_text(encoding="utf-8").replace(
        "van_ban:\n", "van_ban:\n  danh_so_noi_dung: phan_muc\n  mo_dau: can_cu\n", 1)
    original = load_plan_text(text, "phan", folder=PLAN_DATA)
    docs = built(original)
    source = tmp_path / "phan.docx"
    source.write_bytes(docs["ke-hoach.docx"])
    out, _ = imported(tmp_path, source)
    again = load_plan(out)
    assert again.body_numbering == "phan_muc"
    assert body_paragraphs(docx.Document(io.BytesIO(built(again)["ke-hoach.docx"]))) == body_paragraphs(
        docx.Document(io.BytesIO(docs["ke-hoach.docx"])))


def test_a_doc_file_saved_by_libreoffice_is_read(tmp_path, need_soffice):
    """A Word 97 .doc, as LibreOffice saves one (through .odt: its docx-to-doc filter drops tables)."""
    import subprocess

    from .docxread import soffice

    profile = f"-env:UserInstallation=file://{tmp_path / 'lo'}"
    for target, source in (("odt", NHAN / "xa-xop-go-tay.docx"), ("doc:MS Word 97", tmp_path / "xa-xop-go-tay.odt")):
        subprocess.run([str(soffice()), profile, "--headless", "--convert-to", target, "--outdir", str(tmp_path),
                        str(source)], check=True, capture_output=True, timeout=120)
    assert (tmp_path / "xa-xop-go-tay.doc").read_bytes().startswith(b"\xd0\xcf\x11\xe0")  # a real Word 97 file
    out, _ = imported(tmp_path, tmp_path / "xa-xop-go-tay.doc", PLAN_DATA / "xa-xop.yaml")
    from_doc = load_plan(out)
    (tmp_path / "docx").mkdir()
    out2, _ = imported(tmp_path / "docx", NHAN / "xa-xop-go-tay.docx", PLAN_DATA / "xa-xop.yaml")
    assert list(from_doc.tasks()) == list(load_plan(out2).tasks())
    assert tables_text(built(from_doc)["phu-luc.docx"]) == tables_text(built(load_plan(out2))["phu-luc.docx"])


XOP = """co_quan_ban_hanh: {ten: Ủy ban nhân dân xã Xốp, viet_tat: UBND}
van_ban: {so: "", ky_hieu: KH-UBND, dia_danh: Xốp, ngay: 9/2025, trich_yeu: Thực hiện Quyết định số 1560/QĐ-TTg}
nguoi_ky: {quyen_han: [TM. Ủy ban nhân dân, KT. Chủ tịch], chuc_vu: Phó Chủ tịch, ho_ten: Trần Văn Mẫu}
noi_nhan: [Ủy ban nhân dân tỉnh (b/c)]
noi_dung: [{tieu_de: Nhiệm vụ, chi_tiet_phu_luc: true}]
"""


def test_two_header_rows_a_column_numbers_row_and_an_uneven_grid(tmp_path):
    """Seed 001 typed as many provinces type tables: "Đơn vị thực hiện" over "Chủ trì" / "Phối hợp", a row
    numbering the columns (1) … (6), the content column two grid columns wide, the table cut in two with both
    header rows and the numbers typed again."""
    from .test_fidelity import fidelity_problems

    source = NHAN / "hai-hang-tieu-de.docx"
    out, result = imported(tmp_path, source, PLAN_DATA / "xa-xop.yaml")
    assert "gộp ngang" not in result.output and "ngoài các cột" not in result.output
    assert "nhiệm vụ 1 (mục II, bảng 1, dòng 8)" in result.output  # counted as Word counts the rows
    data = out.read_text(encoding="utf-8")
    plan = load_plan_text(XOP + data[data.index("don_vi:"):], "hai-hang")
    assert [(c.key, c.heading, c.group) for c in plan.appendix.columns] == [
        ("stt", "TT", ""), ("noi_dung", "Nội dung nhiệm vụ", ""), ("chu_tri", "Chủ trì", "Đơn vị thực hiện"),
        ("phoi_hop", "Phối hợp", "Đơn vị thực hiện"), ("san_pham", "Sản phẩm", ""),
        ("thoi_gian", "Thời gian thực hiện", "")]
    assert fidelity_problems(plan, "001") == []
    xop = load_plan(PLAN_DATA / "xa-xop.yaml")
    assert [(t.id, t.leads, t.partners) for t in plan.tasks()] == [(t.id, t.leads, t.partners) for t in xop.tasks()]
    # printed as received: both header rows (the group once, across its two columns), then the rows, without the
    # (1) … (6) rows and the header typed again
    printed = tables_text(built(plan)["phu-luc.docx"])[0]
    first, second = ([[" ".join(c.split()) for c in row] for row in t] for t in tables_text(source.read_bytes()))
    assert first[2][0] == "(1)" and second[:3] == first[:3]  # the numbers row; both header rows typed again
    received = first[:2] + first[3:] + second[3:]
    ii1 = next(i for i, row in enumerate(received) if row[0] == "1" and received[i - 1][0] == "II")
    assert printed[ii1][3] == "Ủy ban Mặt trận Tổ quốc Việt Nam xã; các tổ chức chính trị - xã hội xã"
    printed[ii1][3] = received[ii1][3]  # the partner cell named the lead too (seed 001 II.1): printed without it
    assert printed == received


def test_odd_rows_are_placed_by_the_grid_or_listed(tmp_path):
    """A row shifted right (gridBefore), a lead and partner cell merged across, a cell outside the header's
    columns (gridAfter on the header), an empty row, the same role named twice ("Cơ quan chủ trì", "Đơn vị thực
    hiện"), "Số TT", "Ghi chú"."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def grid_gap(row, where: str) -> None:  # the row's first or last grid column left without a cell
        row._tr.remove(row._tr.tc_lst[0 if where == "w:gridBefore" else -1])
        gap = OxmlElement(where)
        gap.set(qn("w:val"), "1")
        row._tr.get_or_add_trPr().append(gap)

    document = docx.Document()
    table = document.add_table(rows=1, cols=7)
    for cell, text in zip(table.rows[0].cells, ["Số TT", "Nội dung", "Cơ quan chủ trì", "Đơn vị thực hiện",
                                                "Thời gian", "Ghi chú"], strict=False):
        cell.text = text
    grid_gap(table.rows[0], "w:gridAfter")
    cells = table.add_row().cells
    cells[0].text = "I"
    cells[1].merge(cells[6]).text = "Tuyên truyền"
    for values in (["1", "Phổ biến Kế hoạch", "Sở Tư pháp", "Sở Nội vụ", "Quý I/2025", "", ""],
                   ["2", "Tập huấn", "Sở Nội vụ", "", "Quý II/2025", "", ""], [""] * 7,
                   ["3", "Kiểm tra", "Thanh tra tỉnh", "", "Tháng 9/2025", "", "thừa"],
                   ["", "Báo cáo kết quả", "Sở Tư pháp", "", "Tháng 12/2025", "", ""]):
        row = table.add_row()
        for cell, text in zip(row.cells, values, strict=True):
            cell.text = text
    grid_gap(row, "w:gridBefore")  # the number cell of the last row deleted: the others stay in their columns
    merged = table.add_row().cells
    merged[0].text, merged[1].text, merged[4].text = "5", "Sơ kết", "Tháng 12/2025"
    merged[2].merge(merged[3]).text = "UBND các huyện, thành phố"
    plan, result = import_document(tmp_path, document, "la", allow_missing=True)
    assert "bảng 1, dòng 6: ô “thừa” nằm ngoài các cột của tiêu đề — chưa nhập ô này" in result.output
    assert ("bảng 1, dòng 8: ô “UBND các huyện, thành phố” gộp ngang 2 cột — đã đặt vào cột “Cơ quan chủ trì”, "
            "kiểm tra lại") in result.output
    assert [c.key for c in plan.appendix.columns] == ["stt", "noi_dung", "chu_tri", "don_vi_thuc_hien", "thoi_gian",
                                                      "ghi_chu"]
    assert [(t.id, t.content[0], [plan.unit(u).name for u in t.leads], t.extra, t.timeline)
            for t in plan.tasks()] == [
        ("I.1", "Phổ biến Kế hoạch", ["Sở Tư pháp"], (("don_vi_thuc_hien", "Sở Nội vụ"),), "Quý I/2025"),
        ("I.2", "Tập huấn", ["Sở Nội vụ"], (), "Quý II/2025"),
        ("I.3", "Kiểm tra", ["Thanh tra tỉnh"], (), "Tháng 9/2025"),
        ("I.4", "Báo cáo kết quả", ["Sở Tư pháp"], (), "Tháng 12/2025"),
        ("I.5", "Sơ kết", ["UBND các huyện, thành phố"], (), "Tháng 12/2025")]


def test_no_table_shape_makes_nhap_crash(tmp_path):
    """Random tables as careless typing makes them (cells merged across and down, rows shifted, short rows,
    a table inside a cell, empty rows and headings): nhap writes a file or refuses, never a traceback, and what
    it writes loads or names its problems."""
    import contextlib
    import random

    from docx.exceptions import InvalidSpanError
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    from generator.errors import PlanError

    rng = random.Random(30)
    written = 0
    headings = ["STT", "TT", "Nội dung", "Nhiệm vụ", "Cơ quan chủ trì", "Phối hợp", "Thời gian", "Thời hạn",
                "Kinh phí", "Ghi chú", "", "Sản phẩm", "Đơn vị thực hiện"]
    words = ["I", "II", "1", "2", "a", "b", "Sở Tư pháp", "UBND các xã", "Quý I/2025", "Thường xuyên", "", "",
             "Tổ chức tuyên truyền", "Các sở, ban, ngành", "(1)", "{{ x }}", "a & b", "1.2"]
    for n in range(40):
        cols = rng.randint(3, 8)
        document = docx.Document()
        table = document.add_table(rows=1, cols=cols)
        first = ["STT", "Nội dung", "Cơ quan chủ trì"] if rng.random() < 0.7 else []
        for i, cell in enumerate(table.rows[0].cells):
            cell.text = first[i] if i < len(first) else rng.choice(headings)
        for _ in range(rng.randint(0, 12)):
            row = table.add_row()
            cells = row.cells
            for cell in cells:
                cell.text = rng.choice(words)
            if rng.random() < 0.3:
                a = rng.randrange(cols - 1)
                cells[a].merge(cells[rng.randint(a + 1, cols - 1)])
            if rng.random() < 0.2 and len(table.rows) > 2:
                c = rng.randrange(cols)
                with contextlib.suppress(InvalidSpanError, IndexError):  # spans not lined up: python-docx refuses
                    table.rows[-2].cells[c].merge(cells[c])
            if rng.random() < 0.15 and len(row._tr.tc_lst) > 1:
                tag = rng.choice(["w:gridBefore", "w:gridAfter"])
                row._tr.remove(row._tr.tc_lst[0 if tag == "w:gridBefore" else -1])
                gap = OxmlElement(tag)
                gap.set(qn("w:val"), "1")
                row._tr.get_or_add_trPr().append(gap)
            if rng.random() < 0.05:
                cells[-1].add_table(rows=1, cols=2).cell(0, 0).text = "bảng lồng"
        source = tmp_path / f"ngau-nhien-{n}.docx"
        document.save(str(source))
        out = tmp_path / f"ngau-nhien-{n}.yaml"
        result = CliRunner().invoke(main, ["nhap", str(source), "-o", str(out), "--cho-phep-thieu"])
        assert result.exit_code in (0, 1), (n, result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit), (n, repr(result.exception))
        assert out.exists() == (result.exit_code == 0), (n, result.output)
        if out.exists():
            written += 1
            text = out.read_text(encoding="utf-8")
            with contextlib.suppress(PlanError):  # a random table need not be a valid plan: its problems are named
                load_plan_text(COMPLETION + text[text.index("\ndon_vi:") + 1:], f"ngau-nhien-{n}")
    assert written >= 15  # most random tables are task tables: the reading is what is exercised


STYLES = """co_quan_ban_hanh: {ten: Ủy ban nhân dân xã Mẫu, viet_tat: UBND}
van_ban: {ky_hieu: KH-UBND, dia_danh: Mẫu, ngay: 5/3/2026, trich_yeu: Thử nghiệm}
nguoi_ky: {chuc_vu: Chủ tịch, ho_ten: Nguyễn Văn A}
noi_dung: [{tieu_de: Nhiệm vụ, chi_tiet_phu_luc: true}]
don_vi: [{ma: pkt, ten: Phòng Kinh tế}, {ma: ca, ten: Công an xã}]
phu_luc:
  ten: Nhiệm vụ
  danh_so: STYLE
  cot: [stt, noi_dung, chu_tri, phoi_hop, thoi_gian]
  muc:
    - ten: Tuyên truyền
      nhiem_vu:
        - {noi_dung: Một, chu_tri: [pkt], thoi_gian: Quý I/2026}
        - {noi_dung: Hai, chu_tri: [pkt], phoi_hop: [ca]}
    - ten: Kiểm tra
      nhiem_vu:
        - {noi_dung: Ba, chu_tri: [ca]}
        - ten: Nhóm việc
          nhiem_vu:
            - {noi_dung: Bốn, chu_tri: [pkt]}
            - {noi_dung: Năm, chu_tri: [ca]}
        - noi_dung: Sáu
          dong:
            - {chu_tri: [pkt], thoi_gian: Tháng 3/2026}
            - {chu_tri: [ca], thoi_gian: Tháng 4/2026}
    - ten: Tổng kết
      nhiem_vu:
        - {noi_dung: Bảy, chu_tri: [pkt]}
"""


@pytest.mark.parametrize("style", ["theo_muc", "lien_tuc", "hai_cap"])
def test_every_numbering_style_with_groups_and_sub_rows_round_trips(tmp_path, style):
    """Sections 1, 2 over tasks 1.1, 2.1 (hai_cap) are sections, not groups numbered 2."""
    original = load_plan_text(STYLES.replace("STYLE", style), style)
    docs = built(original)
    source = tmp_path / "kh.docx"
    source.write_bytes(docs["ke-hoach.docx"])
    out, _ = imported(tmp_path, source)
    again = load_plan(out)
    assert again.appendix.numbering == style
    assert [t.id for t in again.tasks()] == [t.id for t in original.tasks()]
    assert tables_text(built(again)["phu-luc.docx"]) == tables_text(docs["phu-luc.docx"])


def test_a_task_table_inside_the_body_becomes_the_phu_luc_and_nothing_after_it_is_lost(tmp_path):
    """Under "II. NHIỆM VỤ CỤ THỂ", no section rows; "III. TỔ CHỨC THỰC HIỆN" and the signature after it."""
    source = NHAN / "trong-noi-dung.docx"
    out, result = imported(tmp_path, source)
    assert "cảnh báo" not in result.output
    head = out.read_text(encoding="utf-8").split("\nco_quan_ban_hanh:")[0].splitlines()
    assert head[5:] == [
        "# - phần đầu (cơ quan, số, ngày): bảng 1",
        "# - nội dung: 3 mục, đoạn 3–8",
        "# - nơi nhận và chữ ký: bảng 3",
        "# - phụ lục 1: bảng 2 (trong nội dung, mục “NHIỆM VỤ CỤ THỂ” — kehoach in bảng này thành Phụ lục kèm theo) "
        "— không chia mục, 3 nhiệm vụ"]
    plan = load_plan(out)
    assert [(p.title, p.appendix_pointer, p.paragraphs) for p in plan.body] == [
        ("MỤC ĐÍCH, YÊU CẦU", False, ("Nâng cao nhận thức của cộng đồng về quyền trẻ em.",)),
        ("NHIỆM VỤ CỤ THỂ", True, ()),
        ("TỔ CHỨC THỰC HIỆN", False, ("Các đơn vị được giao nhiệm vụ triển khai thực hiện, báo cáo kết quả về Ủy "
                                      "ban nhân dân xã trước ngày 30/6/2025./.",))]
    assert plan.signer.name == "Nguyễn Văn C" and plan.recipients[0] == "Ủy ban nhân dân huyện (b/c)"
    assert plan.appendix.title == "Nhiệm vụ cụ thể" and plan.appendix.sectionless
    docs = built(plan)
    printed = tables_text(docs["phu-luc.docx"])[0]
    assert printed == tables_text(source.read_bytes())[1]  # no section row added: cell by cell as received
    assert "Nhiệm vụ cụ thể (chi tiết tại Phụ lục kèm theo)." in body_paragraphs(
        docx.Document(io.BytesIO(docs["ke-hoach.docx"])))
    assert [t.id for t in plan.tasks()] == ["1", "2", "3"]


def test_what_nhap_cannot_place_after_the_table_is_listed_not_dropped(tmp_path):
    """A note typed under the task table, and a table of indicators (no lead or deadline column) after it."""
    document = docx.Document(str(NHAN / "kon-tum-phu-luc.docx"))
    document.add_paragraph("Ghi chú: kinh phí thực hiện từ nguồn ngân sách tỉnh.")
    document.add_paragraph("PHỤ LỤC II")
    table = document.add_table(rows=2, cols=3)
    for row, texts in zip(table.rows, (["STT", "Chỉ tiêu", "Năm 2025"], ["1", "Tỷ lệ hộ nghèo giảm", "1,5%"]),
                          strict=True):
        for cell, text in zip(row.cells, texts, strict=True):
            cell.text = text
    source = tmp_path / "them.docx"
    document.save(str(source))
    refused = CliRunner().invoke(main, ["nhap", str(source), "-o", str(tmp_path / "them.yaml")])
    assert refused.exit_code == 1 and not (tmp_path / "them.yaml").exists()
    assert "chưa nhập: 3 — chưa ghi" in refused.output and "Traceback" not in refused.output
    out, result = imported(tmp_path, source, allow_missing=True)
    listed = [line.removeprefix("# - ") for line in out.read_text(encoding="utf-8").splitlines()]
    for note in ("đoạn 4 (sau bảng của phụ lục 1) chưa nhập: “Ghi chú: kinh phí thực hiện từ nguồn ngân sách tỉnh.”",
                 "đoạn 5 (sau bảng của phụ lục 1) chưa nhập: “PHỤ LỤC II”",
                 "bảng 3 (sau bảng của phụ lục 1) chưa nhập (bắt đầu: “STT Chỉ tiêu Năm 2025 1 Tỷ lệ hộ nghèo giảm "
                 "1,5%…”) — không phải bảng nhiệm vụ; chép tay nếu cần"):
        assert note in listed and f"cảnh báo: chưa nhập được: {note}" in result.output


def test_spellings_of_one_unit_become_one_unit_with_its_other_names(tmp_path):
    """"Sở KH&CN" / "Sở Khoa học và Công nghệ", "UBND các xã" / "Ủy ban nhân dân các xã", case differences:
    one unit each, named in full, the other spellings kept as ten_khac; every cell printed as received."""
    document = docx.Document()
    table = document.add_table(rows=1, cols=4)
    rows = [["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp"], ["I", "Chuyển đổi số", "", ""],
            ["1", "Xây dựng kho dữ liệu", "Sở KH&CN", "UBND các xã; Sở tài chính"],
            ["2", "Số hóa hồ sơ", "Ủy ban nhân dân các xã", "Sở Khoa học và Công nghệ"],
            ["3", "Bố trí kinh phí", "Sở Tài chính", "Sở VH, TT&DL"],
            ["4", "Quảng bá du lịch số", "Sở Văn hóa, Thể thao và Du lịch", "Sở KH&CN"]]
    for cell, text in zip(table.rows[0].cells, rows[0], strict=True):
        cell.text = text
    add_rows(table, rows[1:])
    plan, _ = import_document(tmp_path, document, "ten-goi")
    assert [(u.id, u.name, u.aliases) for u in plan.units] == [
        ("so-khoa-hoc-va-cong-nghe", "Sở Khoa học và Công nghệ", ("Sở KH&CN",)),
        ("ubnd-cac-xa", "Ủy ban nhân dân các xã", ("UBND các xã",)),
        ("so-tai-chinh", "Sở Tài chính", ()),
        ("so-van-hoa-the-thao-va-du-lich", "Sở Văn hóa, Thể thao và Du lịch", ("Sở VH, TT&DL",))]
    assert [(t.id, t.leads, t.partners) for t in plan.tasks()] == [
        ("I.1", ("so-khoa-hoc-va-cong-nghe",), ("ubnd-cac-xa", "so-tai-chinh")),
        ("I.2", ("ubnd-cac-xa",), ("so-khoa-hoc-va-cong-nghe",)),
        ("I.3", ("so-tai-chinh",), ("so-van-hoa-the-thao-va-du-lich",)),
        ("I.4", ("so-van-hoa-the-thao-va-du-lich",), ("so-khoa-hoc-va-cong-nghe",))]
    printed = tables_text(built(plan)["phu-luc.docx"])[0]
    assert [row[2:4] for row in printed[2:]] == [row[2:4] for row in rows[2:]]


def test_a_cell_naming_a_known_unit_and_a_new_one(tmp_path):
    """With --don-vi, the known unit keeps its code; only the other becomes a new unit."""
    document = docx.Document(str(NHAN / "kon-tum-phu-luc.docx"))
    table = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    table.rows[2].cells[3].text = "Sở Tài chính; Trường Chính trị tỉnh"
    plan, _ = import_document(tmp_path, document, "moi", PLAN_DATA / "kon-tum.yaml")
    first = next(plan.tasks())
    assert first.partners == ("so-tai-chinh", "truong-chinh-tri-tinh")
    assert [u.id for u in plan.units].count("so-tai-chinh") == 1
    assert plan.unit("truong-chinh-tri-tinh").name == "Trường Chính trị tỉnh"


def test_a_deadline_under_a_time_group_and_a_funding_column_reach_forms_and_letters(tmp_path):
    """"Thời gian" over "Bắt đầu" / "Hoàn thành": the finish is the deadline; "Kinh phí" goes into letters."""
    document = docx.Document()
    table = document.add_table(rows=2, cols=6)
    top, below = table.rows[0].cells, table.rows[1].cells
    for i, text in ((0, "TT"), (1, "Nội dung"), (2, "Chủ trì"), (5, "Kinh phí (triệu đồng)")):
        top[i].text = text
        top[i].merge(below[i])
    top[3].merge(top[4]).text = "Thời gian"
    below[3].text, below[4].text = "Bắt đầu", "Hoàn thành"
    add_rows(table, (["1", "Khảo sát hiện trạng", "Sở Xây dựng", "Tháng 3/2025", "Tháng 6/2025", "200"],
                     ["2", "Lập quy hoạch chi tiết", "Sở Xây dựng", "Tháng 7/2025", "Quý IV/2025", "800"]))
    plan, _ = import_document(tmp_path, document, "thoi-gian")
    assert [(c.key, c.heading, c.group, c.in_letters) for c in plan.appendix.columns] == [
        ("stt", "TT", "", False), ("noi_dung", "Nội dung", "", False), ("chu_tri", "Chủ trì", "", False),
        ("bat_dau", "Bắt đầu", "Thời gian", False), ("thoi_gian", "Hoàn thành", "Thời gian", False),
        ("kinh_phi_trieu_dong", "Kinh phí (triệu đồng)", "", True)]
    assert [t.timeline for t in plan.tasks()] == ["Tháng 6/2025", "Quý IV/2025"]
    letter = body_paragraphs(docx.Document(io.BytesIO(built(plan)["cong-van/01-so-xay-dung.docx"])))
    assert "a) Nhiệm vụ số 1: Khảo sát hiện trạng. Thời gian hoàn thành: tháng 6/2025; kinh phí (triệu đồng): 200." in (
        letter)


def test_a_folder_given_as_the_received_file_is_named_as_a_folder(tmp_path):
    result = CliRunner().invoke(main, ["nhap", str(tmp_path), "-o", str(tmp_path / "ra.yaml")])
    assert result.exit_code == 1
    assert "là một thư mục — ghi tên tệp Word của kế hoạch (ví dụ KE-HOACH.docx)" in result.output
    assert not (tmp_path / "ra.yaml").exists()


def test_problems_of_the_rows_read_are_told_at_their_table_and_row(tmp_path):
    """A number typed wrong and a lead cell left empty in the received table: nhap says where they are in the
    Word file (one typo does not make the whole table look numbered another way)."""
    document = docx.Document(str(NHAN / "kon-tum-phu-luc.docx"))
    rows = document.tables[0].rows
    assert (rows[4].cells[0].text, rows[5].cells[0].text) == ("II", "1")
    rows[5].cells[0].text = "4"
    rows[3].cells[2].text = ""
    plan_file = tmp_path / "loi.yaml"
    source = tmp_path / "loi.docx"
    document.save(str(source))
    refused = CliRunner().invoke(main, ["nhap", str(source), "-o", str(plan_file)])
    assert refused.exit_code == 1 and not plan_file.exists()  # a plan with rows in error is not written unasked
    assert "--cho-phep-thieu" in refused.output
    result = CliRunner().invoke(main, ["nhap", str(source), "-o", str(plan_file), "--cho-phep-thieu"])
    assert result.exit_code == 0
    told = [line.split("chưa nhập được: ", 1)[1] for line in result.output.splitlines() if "bảng 1, dòng" in line]
    assert [line.removeprefix("  - ") for line in refused.output.splitlines() if "bảng 1, dòng" in line] == told
    assert told == ["bảng 1, dòng 4: nhiệm vụ I.2 chưa có đơn vị chủ trì — thêm ít nhất một đơn vị vào chu_tri",
                    "bảng 1, dòng 6: số thứ tự không đúng thứ tự trong mục II: ở đây phải là '1', không phải '4'"]
    assert all(f"# - {line}" in plan_file.read_text(encoding="utf-8").splitlines() for line in told)


def test_numbers_typed_with_a_mark_after_them(tmp_path):
    """"1.", "a)", "II." in the STT cells read as 1, a, II (and said once), not as numbers out of order."""
    document = docx.Document()
    table = document.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ["TT", "Nội dung", "Chủ trì", "Thời gian"], strict=True):
        cell.text = text
    add_rows(table, (["I.", "Tuyên truyền", "", ""], ["1.", "Phổ biến Kế hoạch", "Sở Tư pháp", "Quý I/2025"],
                     ["2.", "Kiểm tra", "", ""], ["a)", "Kiểm tra các sở", "Thanh tra tỉnh", "Tháng 9/2025"],
                     ["b)", "Kiểm tra các xã", "Thanh tra tỉnh", "Tháng 10/2025"],
                     ["II.", "Sơ kết", "", ""], ["1.", "Báo cáo sơ kết", "Sở Nội vụ", "Tháng 12/2025"]))
    plan, result = import_document(tmp_path, document, "dau")
    assert "số thứ tự gõ kèm dấu (I., 1., 2. …) — kehoach in số không kèm dấu" in result.output
    assert [t.id for t in plan.tasks()] == ["I.1", "I.2.a", "I.2.b", "II.1"]
    assert plan.appendix.sections[0].items[1].title == "Kiểm tra"


def typed_plan(header) -> docx.document.Document:
    """A short commune plan; ``header(document)`` types its ND30 header."""
    document = docx.Document()
    header(document)
    for text, bold in (("KẾ HOẠCH", True), ("Phòng, chống dịch bệnh năm 2025", True), ("I. MỤC ĐÍCH", True),
                       ("Chủ động phòng bệnh.", False), ("II. NHIỆM VỤ", True)):
        document.add_paragraph().add_run(text).bold = bold
    table = document.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ["TT", "Nội dung", "Chủ trì", "Thời gian"], strict=True):
        cell.text = text
    add_rows(table, [["1", "Phun thuốc khử khuẩn", "Trạm Y tế xã", "Tháng 6/2025"]])
    left, right = document.add_table(rows=1, cols=2).rows[0].cells
    left.text = "Nơi nhận:\n- UBND huyện (b/c);\n- Lưu: VT."  # typed with Shift+Enter: one paragraph
    right.text = "TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\n\n\nLê Văn D"
    return document


def tab_header(document) -> None:
    """Typed as paragraphs, the two sides parted by a tab."""
    for line in ("Ủy ban nhân dân huyện A\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "ỦY BAN NHÂN DÂN\tĐộc lập - Tự do - "
                 "Hạnh phúc", "XÃ MẪU\t", "Số: 15/KH-UBND\tMẫu, ngày 10 tháng 5 năm 2025"):
        p = document.add_paragraph()
        left, _, right = line.partition("\t")
        p.add_run(left).bold = left.isupper()
        p.add_run().add_tab()
        p.add_run(right)


def one_row_header(document) -> None:
    """A table of one row: issuer, a rule and Số in the left cell; Quốc hiệu, Tiêu ngữ and the date in the right."""
    left, right = document.add_table(rows=1, cols=2).rows[0].cells
    left.paragraphs[0].add_run("Ủy ban nhân dân huyện A")
    for line in ("ỦY BAN NHÂN DÂN", "XÃ MẪU"):
        left.add_paragraph().add_run(line).bold = True
    left.add_paragraph("-------")
    left.add_paragraph("Số: 15/KH-UBND")
    right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n---------------"
    right.add_paragraph("Mẫu, ngày 10 tháng 5 năm 2025")


@pytest.mark.parametrize("header", [tab_header, one_row_header], ids=["tab", "one-row"])
def test_a_header_typed_otherwise_and_a_signature_typed_with_line_breaks(tmp_path, header):
    from generator.vn import VnDate

    source = tmp_path / "kh.docx"
    typed_plan(header).save(str(source))
    out, result = imported(tmp_path, source)
    assert "cảnh báo" not in result.output
    plan = load_plan(out)
    assert (plan.issuer.name, plan.issuer.parent, plan.issuer.header_lines) == (
        "Ủy ban nhân dân xã Mẫu", "Ủy ban nhân dân huyện A", ("ỦY BAN NHÂN DÂN", "XÃ MẪU"))
    assert (plan.number, plan.symbol, plan.place, plan.date, plan.subject) == (
        "15", "KH-UBND", "Mẫu", VnDate(10, 5, 2025), "Phòng, chống dịch bệnh năm 2025")
    assert (plan.signer.authority, plan.signer.title, plan.signer.name) == (("TM. ỦY BAN NHÂN DÂN",), "CHỦ TỊCH",
                                                                            "Lê Văn D")
    assert plan.recipients == ("UBND huyện (b/c)",)
    assert [p.title for p in plan.body] == ["MỤC ĐÍCH", "NHIỆM VỤ"]


def test_a_date_line_without_the_place_takes_it_from_the_issuer_and_says_so(tmp_path):
    """"Ngày 10 tháng 5 năm 2025" typed alone: the place is the issuer's ("xã Mẫu" -> "Mẫu"), told in the file."""

    def header(document) -> None:
        one_row_header(document)
        right = document.tables[0].rows[0].cells[1]
        right.paragraphs[-1].text = "Ngày 10 tháng 5 năm 2025"

    source = tmp_path / "kh.docx"
    typed_plan(header).save(str(source))
    out, _ = imported(tmp_path, source)
    plan = load_plan(out)
    assert (plan.place, str(plan.date.day), str(plan.date.month)) == ("Mẫu", "10", "5")
    assert "# - dòng ngày tháng không ghi địa danh — lấy “Mẫu” từ tên cơ quan ban hành; kiểm tra van_ban.dia_danh" in (
        out.read_text(encoding="utf-8"))


def test_headings_numbered_by_word_and_a_title_typed_on_one_line(tmp_path):
    """"KẾ HOẠCH" and the trích yếu in one paragraph (Shift+Enter); headings whose I., 1. Word prints (a
    Heading style, or a bold line of a numbered list) keep their levels."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    def numbered(paragraph, level: int) -> None:
        num_pr = OxmlElement("w:numPr")
        for tag, value in (("w:ilvl", str(level)), ("w:numId", "1")):
            child = OxmlElement(tag)
            child.set(qn("w:val"), value)
            num_pr.append(child)
        paragraph._p.get_or_add_pPr().append(num_pr)

    def header(document) -> None:
        one_row_header(document)
        title = document.add_paragraph()
        title.add_run("KẾ HOẠCH").bold = True
        title.runs[0].add_break()
        title.add_run("Phòng, chống dịch bệnh năm 2025").bold = True
        document.add_paragraph("MỤC ĐÍCH, YÊU CẦU", style="Heading 1")
        numbered(paragraph := document.add_paragraph(), 1)
        paragraph.add_run("Mục đích").bold = True
        document.add_paragraph("Chủ động phòng bệnh.")
        document.add_paragraph("NHIỆM VỤ", style="Heading 1")

    document = docx.Document()
    header(document)
    table = document.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ["TT", "Nội dung", "Chủ trì", "Thời gian"], strict=True):
        cell.text = text
    add_rows(table, [["1", "Phun thuốc khử khuẩn", "Trạm Y tế xã", "Tháng 6/2025"]])
    left, right = document.add_table(rows=1, cols=2).rows[0].cells
    left.text, right.text = "Nơi nhận:\n- Lưu: VT.", "CHỦ TỊCH\n\nLê Văn D"
    source = tmp_path / "kieu.docx"
    document.save(str(source))
    out, _ = imported(tmp_path, source)
    plan = load_plan(out)
    assert (plan.kind, plan.subject) == ("Kế hoạch", "Phòng, chống dịch bệnh năm 2025")
    assert [(p.title, [c.title for c in p.children]) for p in plan.body] == [
        ("MỤC ĐÍCH, YÊU CẦU", ["Mục đích"]), ("NHIỆM VỤ", [])]
    assert plan.body[0].children[0].paragraphs == ("Chủ động phòng bệnh.",)


def task_table(document, rows, head=("STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian")):
    """A task table typed in Word: its header (unless None), then ``rows``; a row of two cells is a heading."""
    table = document.add_table(rows=0, cols=5)
    for values in ([list(head)] if head else []) + list(rows):
        cells = table.add_row().cells
        if len(values) == 2:
            cells[0].text = values[0]
            cells[1].merge(cells[4]).text = values[1]
        else:
            for cell, text in zip(cells, values, strict=True):
                cell.text = text
    return table


TASKS = [["I", "Tuyên truyền"], ["1", "Phổ biến Kế hoạch", "Sở Tư pháp", "", "Quý I/2025"],
         ["2", "Tập huấn cán bộ", "Sở Nội vụ", "Sở Tư pháp", "Quý II/2025"]]
MORE = [["3", "Kiểm tra việc thực hiện", "Thanh tra tỉnh", "", "Tháng 9/2025"],
        ["II", "Sơ kết"], ["1", "Sơ kết 6 tháng", "Sở Nội vụ", "", "Tháng 7/2025"]]


@pytest.mark.parametrize("second_head", [None, ("", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian")],
                         ids=["no-header", "header-without-stt"])
def test_a_table_continued_in_a_second_word_table_is_joined(tmp_path, second_head):
    """The table cut in two with an empty paragraph between (Word would join them otherwise): the second part
    with no header, or with the header typed again, its STT heading left empty and worded otherwise."""
    document = docx.Document()
    document.add_paragraph("PHỤ LỤC")
    document.add_paragraph("Nhiệm vụ cụ thể")
    task_table(document, TASKS)
    document.add_paragraph()
    task_table(document, MORE, head=second_head)
    plan, result = import_document(tmp_path, document, "noi-tiep")
    assert [(t.id, t.content[0]) for t in plan.tasks()] == [
        ("I.1", "Phổ biến Kế hoạch"), ("I.2", "Tập huấn cán bộ"), ("I.3", "Kiểm tra việc thực hiện"),
        ("II.1", "Sơ kết 6 tháng")]
    assert "# - phụ lục 1: bảng 1, bảng 2 — 2 mục, 4 nhiệm vụ" in (tmp_path / "noi-tiep.yaml").read_text("utf-8")
    assert "bảng 2" not in result.output
    assert len(plan.appendices) == 1


def test_a_table_after_a_new_label_is_another_appendix_and_a_table_after_text_is_not_joined(tmp_path):
    """"PHỤ LỤC II" between two task tables: two appendices; a table of other columns after the task table is
    not read as its rows."""
    document = docx.Document()
    document.add_paragraph("PHỤ LỤC I")
    document.add_paragraph("Nhiệm vụ năm 2025")
    task_table(document, TASKS)
    document.add_paragraph("PHỤ LỤC II")
    document.add_paragraph("Nhiệm vụ năm 2026")
    task_table(document, [["I", "Sơ kết"], *MORE[-1:], ["2", "Tổng kết", "Sở Nội vụ", "", "Tháng 12/2026"]])
    other = document.add_table(rows=1, cols=3)
    for cell, text in zip(other.rows[0].cells, ["Chỉ số", "Năm 2025", "Năm 2026"], strict=True):
        cell.text = text
    plan, result = import_document(tmp_path, document, "hai-phu-luc", allow_missing=True)
    assert [a.title for a in plan.appendices] == ["Nhiệm vụ năm 2025", "Nhiệm vụ năm 2026"]
    assert [len(list(a.tasks())) for a in plan.appendices] == [2, 2]
    assert "bảng 3 (sau bảng của phụ lục 2) chưa nhập" in result.output


def test_a_numbered_sub_heading_typed_in_the_lead_column_is_a_group(tmp_path):
    """"5.1 | | Thương mại" in bold, then 5.1.1, 5.1.2: the group "Thương mại" and its tasks, printed as received
    (no unit called "Thương mại")."""
    document = docx.Document()
    table = task_table(document, [["I", "Kinh tế số"]])
    cells = table.add_row().cells
    cells[0].text = "5.1"
    cells[2].paragraphs[0].add_run("Thương mại").bold = True
    for values in (["5.1.1", "Phát triển thương mại điện tử", "Sở Công Thương", "", "2026"],
                   ["5.1.2", "Hỗ trợ doanh nghiệp lên sàn", "Sở Công Thương", "", "2026"],
                   ["5.2", "Chuyển đổi số năng lượng", "Sở Công Thương", "", "2027"]):
        for cell, text in zip(table.add_row().cells, values, strict=True):
            cell.text = text
    plan, _ = import_document(tmp_path, document, "nhom-o-cot-chu-tri")
    group = plan.appendix.sections[0].items[0]
    assert (group.title, [t.number for t in group.tasks]) == ("Thương mại", ["5.1.1", "5.1.2"])
    assert [u.name for u in plan.units] == ["Sở Công Thương"]
    printed = tables_text(built(plan)["phu-luc.docx"])[0]
    assert [r[0] for r in printed[1:]] == ["I", "5.1", "5.1.1", "5.1.2", "5.2"]


def test_tables_each_under_its_numbered_title_are_sections_of_one_appendix(tmp_path):
    """The tracking table of a Thông báo: under "PHỤ LỤC I", "1. Nhiệm vụ quá hạn" and its table, "2. …" and
    its table (the header typed again): one appendix of two sections, nothing "chưa nhập"."""
    document = docx.Document()
    document.add_paragraph("PHỤ LỤC I")
    document.add_paragraph("TỔNG HỢP CÁC NHIỆM VỤ CHẬM MUỘN")
    document.add_paragraph("1. Các nhiệm vụ về chuyển đổi số quá hạn")
    task_table(document, TASKS[1:])
    document.add_paragraph("2. Các nhiệm vụ về khoa học công nghệ quá hạn")
    task_table(document, [MORE[0]])
    plan, result = import_document(tmp_path, document, "thong-bao")
    assert plan.appendix.title == "TỔNG HỢP CÁC NHIỆM VỤ CHẬM MUỘN"
    assert [(s.number, s.title, len(s.items)) for s in plan.appendix.sections] == [
        ("1", "Các nhiệm vụ về chuyển đổi số quá hạn", 2), ("2", "Các nhiệm vụ về khoa học công nghệ quá hạn", 1)]
    assert "đoạn" not in result.output and "bảng 2" not in result.output  # no title or table left over


def test_a_section_number_merged_down_over_its_task_starts_a_task(tmp_path):
    """"D." merged down over the STT cell of the task under it (the task has no number of its own): a task of
    section D printed with an empty STT cell, not a sub-row of the task above."""
    document = docx.Document()
    table = task_table(document, [["A.", "BỘ XÂY DỰNG"], ["1", "Kiểm kê khí thải", "Bộ Xây dựng", "", "2026"],
                                  ["D.", "BỘ Y TẾ"], ["", "Giám sát sức khỏe", "Bộ Y tế", "", "2027"]])
    table.cell(3, 0).merge(table.cell(4, 0))
    plan, _ = import_document(tmp_path, document, "gop-so")
    assert [(s.number, [(t.number, t.content[0]) for t in s.items]) for s in plan.appendix.sections] == [
        ("A", [("1", "Kiểm kê khí thải")]), ("D", [("", "Giám sát sức khỏe")])]
    printed = tables_text(built(plan)["phu-luc.docx"])[0]
    assert [r[:2] for r in printed[1:]] == [["A", "BỘ XÂY DỰNG"], ["1", "Kiểm kê khí thải"], ["D", "BỘ Y TẾ"],
                                             ["", "Giám sát sức khỏe"]]


def test_a_decision_with_its_plan_attached_reads_both(tmp_path):
    """A Quyết định (căn cứ, đề nghị, Điều 1–3, signature) with the Kế hoạch it issues attached after the
    signature: the decision is read into quyet_dinh, the attached plan is the plan — nothing left unread."""
    document = docx.Document()
    left, right = document.add_table(rows=1, cols=2).rows[0].cells
    left.text = "ỦY BAN NHÂN DÂN\nTỈNH MẪU\nSố: 2820/QĐ-UBND"
    right.text = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nMẫu, ngày 12 tháng 3 năm 2025"
    for line, bold in (("QUYẾT ĐỊNH", True), ("Ban hành Kế hoạch chuyển đổi số năm 2025", True),
                       ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH MẪU", True),
                       ("Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;", False),
                       ("Căn cứ Quyết định số 923/QĐ-TTg ngày 14/5/2025 của Thủ tướng Chính phủ;", False),
                       ("Theo đề nghị của Giám đốc Sở Khoa học và Công nghệ tại Tờ trình số 125/TTr-SKHCN.", False),
                       ("QUYẾT ĐỊNH:", True),
                       ("Điều 1. Ban hành kèm theo Quyết định này Kế hoạch chuyển đổi số năm 2025.", False),
                       ("Điều 2. Quyết định này có hiệu lực kể từ ngày ký.", False),
                       ("Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các sở chịu trách nhiệm thi hành "
                        "Quyết định này./.", False)):
        document.add_paragraph().add_run(line).bold = bold
    left, right = document.add_table(rows=1, cols=2).rows[0].cells
    left.text = "Nơi nhận:\n- Như Điều 3;\n- Bộ Khoa học và Công nghệ (b/c);\n- Lưu: VT, KGVX."
    right.text = "KT. CHỦ TỊCH\nPHÓ CHỦ TỊCH\n\n\nNguyễn Văn A"
    for line, bold in (("KẾ HOẠCH", True), ("Chuyển đổi số năm 2025", True),
                       ("(Ban hành kèm theo Quyết định số 2820/QĐ-UBND ngày 12 tháng 3 năm 2025 của Ủy ban nhân dân "
                        "tỉnh Mẫu)", False), ("I. MỤC ĐÍCH", True), ("Đẩy mạnh chuyển đổi số.", False),
                       ("II. NHIỆM VỤ", True), ("Các sở thực hiện các nhiệm vụ tại Phụ lục.", False),
                       ("PHỤ LỤC", True), ("Nhiệm vụ chuyển đổi số", True)):
        document.add_paragraph().add_run(line).bold = bold
    task_table(document, TASKS)
    source = tmp_path / "qd.docx"
    document.save(str(source))
    out, result = imported(tmp_path, source)
    plan = load_plan(out)
    d = plan.decision
    assert d is not None and (d.number, d.symbol, str(d.date.day)) == ("2820", "QĐ-UBND", "12")
    assert d.authority == ("CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH MẪU",)
    assert d.bases == ("Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025",
                       "Quyết định số 923/QĐ-TTg ngày 14/5/2025 của Thủ tướng Chính phủ")
    assert d.executors == "Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các sở"
    assert d.recipients == ("Bộ Khoa học và Công nghệ (b/c)",)
    assert (plan.kind, plan.subject, [p.title for p in plan.body]) == (
        "Kế hoạch", "Chuyển đổi số năm 2025", ["MỤC ĐÍCH", "NHIỆM VỤ"])
    assert (plan.signer.title, plan.signer.name) == ("PHÓ CHỦ TỊCH", "Nguyễn Văn A")
    assert "chưa nhập" not in result.output
    kinds = {f.kind for f in build_documents(plan)}
    assert {"quyet-dinh", "ke-hoach", "phu-luc"} <= kinds
