"""Task tables as real plans print them: columns as data, numbering styles, stacked sub-rows, merged values,
cells printed as written, deadlines understood, captions; and adapting a plan's body with its table."""

from __future__ import annotations

import datetime as dt
import io

import docx
import pytest
from docx.oxml.ns import qn

from generator.api import build_documents
from generator.diff import diff_plans
from generator.errors import PlanError
from generator.export import plan_to_yaml
from generator.load import load_plan, load_plan_text
from generator.render.letters import DATED, RECURRING, statuses
from generator.timeline import DATE, PERIOD, UNKNOWN, read_timeline
from generator.timeline import RECURRING as EVERY

from .conftest import DATA
from .docxread import body_paragraphs, table_cells

VALID = DATA / "valid"


def documents(plan) -> dict[str, docx.document.Document]:
    return {f.path: docx.Document(io.BytesIO(f.data)) for f in build_documents(plan)}


@pytest.fixture(scope="module")
def free():
    plan = load_plan(VALID / "bang-tu-do.yaml")
    return plan, documents(plan)


def task_table(document):
    return next(t for t in document.tables if t._tbl.tblPr.find(qn("w:tblCaption")) is not None)


# The Phụ lục of bang-tu-do.yaml, cell by cell (a merged cell once, its continuation empty).
FREE_TABLE = [
    ["STT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành", "Kinh phí (triệu đồng)",
     "Nguồn kinh phí"],
    ["I", "Hạ tầng số"],
    ["1", "Nâng cấp Trung tâm dữ liệu tỉnh", "Sở Khoa học và Công nghệ", "Sở Tài chính; UBND các xã, phường",
     "Quý II/2025", "1.500", "Ngân sách tỉnh"],
    ["2", "Phủ sóng di động các thôn còn lõm sóng", "Sở Khoa học và Công nghệ", "", "Thường xuyên", "", ""],
    ["II", "Chính quyền số"],
    ["3", "Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "Sở Nội vụ", "", "Trước 30/6/2025", "300", ""],
    ["", "", "UBND các xã, phường", "Sở Nội vụ", "Tháng 12/2025", "200", ""],
    ["4", "Đào tạo kỹ năng số cho cán bộ, công chức", "Các sở, ban, ngành liên quan", "", "Hằng năm", "",
     "Ngân sách tỉnh"],
]


def test_free_columns_numbering_sub_rows_and_cell_texts_print_as_written(free):
    _, docs = free
    table = task_table(docs["phu-luc.docx"])
    assert [[" ".join(cell) for cell in row] for row in table_cells(table)] == FREE_TABLE


def merge_of(tc) -> str:
    vm = tc.find(f"{qn('w:tcPr')}/{qn('w:vMerge')}")
    return "" if vm is None else vm.get(qn("w:val")) or "continue"


def test_sub_rows_share_their_number_and_a_common_value_is_one_merged_cell(free):
    _, docs = free
    rows = [tr.findall(qn("w:tc")) for tr in task_table(docs["phu-luc.docx"])._tbl.tr_lst]
    column = {name: i for i, name in enumerate(FREE_TABLE[0])}
    assert [merge_of(rows[r][column["Nguồn kinh phí"]]) for r in (2, 3)] == ["restart", "continue"]
    assert [merge_of(rows[r][column["STT"]]) for r in (5, 6)] == ["restart", "continue"]
    assert [merge_of(rows[r][column["Nhiệm vụ"]]) for r in (5, 6)] == ["restart", "continue"]
    assert merge_of(rows[5][column["Cơ quan chủ trì"]]) == ""  # each sub-row has its own lead
    assert all(len(r) == 2 for r in (rows[1], rows[4]))  # section rows: number, then the title across


def test_column_widths_fill_the_page_in_the_given_proportions(free):
    _, docs = free
    table = task_table(docs["phu-luc.docx"])
    grid = [int(c.get(qn("w:w"))) for c in table._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert len(grid) == 7 and abs(sum(grid) - 24.7 * 567) < 20
    assert grid[1] / grid[5] == pytest.approx(8 / 2.2, rel=0.01)


def test_the_caption_is_printed_as_the_plan_words_it():
    text = HAI_CAP.replace("STT_HERE ", "").replace("  danh_so:", "  dong_kem_theo: Kèm theo Kế hoạch số 15/KH-UBND "
                                                   "ngày 05/3/2026 của UBND xã\n  danh_so:")
    paragraphs = body_paragraphs(documents(load_plan_text(text, "c"))["phu-luc.docx"])
    assert "(Kèm theo Kế hoạch số 15/KH-UBND ngày 05/3/2026 của UBND xã)" in paragraphs


def test_a_plan_issued_by_a_quyet_dinh(free):
    _, docs = free
    decision = body_paragraphs(docs["quyet-dinh.docx"])
    start = decision.index("QUYẾT ĐỊNH")
    assert [p for p in decision[start:] if p.strip()][:10] == [
        "QUYẾT ĐỊNH",
        "Ban hành Kế hoạch về chuyển đổi số năm 2025",
        "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH MẪU",
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
        "Căn cứ Quyết định số 923/QĐ-TTg ngày 14/5/2025 của Thủ tướng Chính phủ;",
        "Theo đề nghị của Giám đốc Sở Khoa học và Công nghệ tại Tờ trình số 125/TTr-SKHCN ngày 01/3/2025.",
        "QUYẾT ĐỊNH:",
        "Điều 1. Ban hành kèm theo Quyết định này Kế hoạch về chuyển đổi số năm 2025.",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
        "Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc các sở, Thủ trưởng các ban, ngành thuộc tỉnh; Chủ "
        "tịch Ủy ban nhân dân các xã, phường và các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành Quyết "
        "định này./.",
    ]
    header = " ".join(" ".join(c) for row in table_cells(docs["quyet-dinh.docx"].tables[0]) for c in row)
    assert "Số: 2820/QĐ-UBND" in header and "Mẫu, ngày 12 tháng 3 năm 2025" in header
    plan_text = body_paragraphs(docs["ke-hoach.docx"])
    assert ("(Ban hành kèm theo Quyết định số 2820/QĐ-UBND ngày 12 tháng 3 năm 2025 của Ủy ban nhân dân tỉnh Mẫu)"
            in plan_text)
    plan_header = " ".join(" ".join(c) for row in table_cells(docs["ke-hoach.docx"].tables[0]) for c in row)
    assert "Số:" not in plan_header and "ngày" not in plan_header  # the Quyết định carries number and date
    assert not any("Nơi nhận" in " ".join(" ".join(c) for row in table_cells(t) for c in row)
                   for t in docs["ke-hoach.docx"].tables)  # and the signature
    assert ("(Kèm theo Kế hoạch ban hành kèm theo Quyết định số 2820/QĐ-UBND ngày 12 tháng 3 năm 2025 của Ủy ban "
            "nhân dân tỉnh Mẫu)") in body_paragraphs(docs["phu-luc.docx"])
    letter = body_paragraphs(docs["cong-van/01-so-khoa-hoc-va-cong-nghe.docx"])
    assert ("Ngày 12 tháng 3 năm 2025, Ủy ban nhân dân tỉnh Mẫu ban hành Quyết định số 2820/QĐ-UBND ban hành Kế "
            "hoạch về chuyển đổi số năm 2025 (gửi kèm theo).") in letter


def test_units_of_a_printed_cell_get_their_letters_with_the_free_columns_that_matter(free):
    plan, docs = free
    task = next(plan.tasks())
    assert task.partner_text == "Sở Tài chính; UBND các xã, phường" and task.partners == ("so-tc", "ubnd-xa")
    letter = body_paragraphs(docs["cong-van/02-so-tai-chinh.docx"])
    assert ("a) Phối hợp với Sở Khoa học và Công nghệ thực hiện nhiệm vụ số 1: nâng cấp Trung tâm dữ liệu tỉnh. Thời "
            "gian hoàn thành: quý II/2025; kinh phí (triệu đồng): 1.500.") in letter
    noi_vu = body_paragraphs(docs["cong-van/03-so-noi-vu.docx"])
    assert ("a) Nhiệm vụ số 3: Số hóa hồ sơ, kết quả giải quyết thủ tục hành chính. Thời gian hoàn thành: trước "
            "30/6/2025; kinh phí (triệu đồng): 300.") in noi_vu
    assert not any("nguồn kinh phí" in p.lower() for p in noi_vu)  # not marked trong_cong_van


def test_sub_rows_are_one_task_number_in_citations(free):
    plan, _ = free
    rows = [t for t in plan.tasks() if t.number == "3"]
    assert [(t.id, t.continues, t.shared_content) for t in rows] == [("3", False, False), ("3-2", True, True)]
    from generator.render.organisation import cite_tasks
    assert cite_tasks(rows) == "nhiệm vụ số 3"


HAI_CAP = """
co_quan_ban_hanh: {ten: Ủy ban nhân dân xã Mẫu, viet_tat: UBND}
van_ban: {ky_hieu: KH-UBND, dia_danh: Mẫu, ngay: 5/3/2026, trich_yeu: Thử nghiệm}
nguoi_ky: {chuc_vu: Chủ tịch, ho_ten: Nguyễn Văn A}
don_vi: [{ma: pkt, ten: Phòng Kinh tế}]
phu_luc:
  ten: Nhiệm vụ
  danh_so: hai_cap
  cot: [stt, noi_dung, chu_tri, thoi_gian]
  muc:
    - ten: Tuyên truyền
      nhiem_vu:
        - {noi_dung: Một, chu_tri: pkt, thoi_gian: Quý I/2026}
        - {noi_dung: Hai, chu_tri: pkt}
    - ten: Kiểm tra
      nhiem_vu:
        - {STT_HERE noi_dung: Ba, chu_tri: pkt}
"""


def test_two_level_numbering():
    plan = load_plan_text(HAI_CAP.replace("STT_HERE ", ""), "hai-cap")
    assert [(s.id, [(t.id, t.number) for t in s.tasks()]) for s in plan.appendix.sections] == [
        ("1", [("1.1", "1.1"), ("1.2", "1.2")]), ("2", [("2.1", "2.1")])]
    table = task_table(documents(plan)["phu-luc.docx"])
    assert [[" ".join(c) for c in row] for row in table_cells(table)] == [
        ["STT", "NỘI DUNG NHIỆM VỤ", "ĐƠN VỊ CHỦ TRÌ", "THỜI GIAN THỰC HIỆN"], ["1", "Tuyên truyền"],
        ["1.1", "Một", "Phòng Kinh tế", "Quý I/2026"], ["1.2", "Hai", "Phòng Kinh tế", ""], ["2", "Kiểm tra"],
        ["2.1", "Ba", "Phòng Kinh tế", ""]]


@pytest.mark.parametrize(("style", "stt", "message"), [
    ("hai_cap", "stt: '2.2', ", "số thứ tự không đúng thứ tự trong mục 2: ở đây phải là '2.1', không phải '2.2'"),
    ("lien_tuc", "stt: 4, ", "số thứ tự không đúng thứ tự trong mục II: ở đây phải là '3', không phải '4'"),
    ("theo_muc", "stt: 2, ", "số thứ tự không đúng thứ tự trong mục II: ở đây phải là '1', không phải '2'"),
])
def test_numbers_are_checked_in_the_plans_style(style, stt, message):
    text = HAI_CAP.replace("hai_cap", style).replace("STT_HERE ", stt)
    with pytest.raises(PlanError) as caught:
        load_plan_text(text, "so")
    assert [i.message for i in caught.value.issues] == [message]


def test_a_cell_naming_an_unknown_unit_is_reported():
    text = HAI_CAP.replace("STT_HERE ", "").replace("{noi_dung: Hai, chu_tri: pkt}",
                                                    '{noi_dung: Hai, chu_tri: "Phòng Kinh tế; Công an xã"}')
    with pytest.raises(PlanError) as caught:
        load_plan_text(text, "o")
    assert [str(i) for i in caught.value.issues] == [
        "o.yaml:14:36: phu_luc.muc[0].nhiem_vu[1].chu_tri: không nhận ra đơn vị ở “Công an xã” trong “Phòng Kinh tế; "
        "Công an xã” — thêm đơn vị này vào don_vi (hoặc tên này vào ten_khac của đơn vị đó)"]


@pytest.mark.parametrize("bad", ["cot: [noi_dung, stt]", "cot: [stt, chu_tri]", "cot: [stt, {vai_tro: kinh_phi}]",
                                 "cot: [stt, noi_dung, {ma: noi-dung}]", "danh_so: abc"])
def test_column_and_numbering_mistakes_are_refused(bad):
    text = HAI_CAP.replace("STT_HERE ", "").replace("cot: [stt, noi_dung, chu_tri, thoi_gian]", bad)
    with pytest.raises(PlanError) as caught:
        load_plan_text(text, "o")
    assert len(caught.value.issues) >= 1 and all(i.line > 1 for i in caught.value.issues)


@pytest.mark.parametrize(("text", "kind", "start", "end"), [
    ("Thường xuyên", EVERY, None, None),
    ("Hằng năm", EVERY, None, None),
    ("Quý II/2025", PERIOD, dt.date(2025, 4, 1), dt.date(2025, 6, 30)),
    ("Trước 30/6/2025", DATE, None, dt.date(2025, 6, 30)),
    ("Tháng 3/2026", PERIOD, dt.date(2026, 3, 1), dt.date(2026, 3, 31)),
    ("2025 - 2030", PERIOD, dt.date(2025, 1, 1), dt.date(2030, 12, 31)),
    ("6 tháng đầu năm", PERIOD, dt.date(2025, 1, 1), dt.date(2025, 6, 30)),
    ("Năm 2025 và giai đoạn 2026 -2030 (hoàn thành trong quý I/2025)", PERIOD, dt.date(2025, 1, 1),
     dt.date(2025, 3, 31)),
    ("Khi có yêu cầu", UNKNOWN, None, None),
])
def test_deadlines_are_understood_as_plans_write_them(text, kind, start, end):
    got = read_timeline(text, 2025)
    assert (got.kind, got.start, got.end) == (kind, start, end)


def test_report_forms_offer_the_statuses_of_the_deadline(free):
    plan, _ = free
    by_text = {t.timeline: statuses(t, 2025) for t in plan.tasks()}
    assert by_text == {"Quý II/2025": DATED, "Thường xuyên": RECURRING, "Trước 30/6/2025": DATED,
                       "Tháng 12/2025": DATED, "Hằng năm": RECURRING}


def test_a_full_file_written_back_loads_to_the_same_plan(free, tmp_path):
    plan, _ = free
    back = load_plan_text(plan_to_yaml(plan), "lai")
    assert back == plan and back.appendix == plan.appendix


def test_a_free_column_change_shows_in_diff(free):
    plan, _ = free
    changed = load_plan_text((VALID / "bang-tu-do.yaml").read_text(encoding="utf-8").replace("kinh_phi: 300",
                                                                                             "kinh_phi: 350"), "b")
    d = diff_plans(plan, changed)
    assert [(c.new_id, [(f.label, f.old, f.new) for f in c.fields]) for c in d.changed] == [
        ("3", [("Kinh phí (triệu đồng)", "300", "350")])]


PROVINCIAL = ("Sở Khoa học và Công nghệ", "Sở Tài chính", "Sở Nội vụ", "Các sở, ban, ngành", "UBND các xã, phường",
              "Ngân sách tỉnh", "UBND tỉnh")


def test_a_commune_adaptation_leaves_no_provincial_department_in_its_body_table_or_letters():
    child = VALID / "xa-mau.yaml"
    assert len(child.read_text(encoding="utf-8").splitlines()) <= 30
    plan = load_plan(child)
    docs = documents(plan)
    body = body_paragraphs(docs["ke-hoach.docx"])
    tables = [" ".join(" ".join(c) for row in table_cells(t) for c in row)
              for name, d in docs.items() if name in ("ke-hoach.docx", "phu-luc.docx") for t in d.tables]
    letters = [p for name, d in docs.items() if name.startswith("cong-van/") for p in body_paragraphs(d)]
    # the Nơi nhận may still send a copy to the province (b/c): it is in a table, outside the task table
    text = "\n".join(body + letters + [tables[-1]])
    assert not [name for name in PROVINCIAL if name in text]
    assert "Văn phòng HĐND và UBND xã là cơ quan thường trực" in "\n".join(body)


def test_inherited_body_naming_a_mapped_away_unit_is_warned_about(tmp_path):
    """Across issuers the inherited body follows the mapping by default (issue 19); kept as written
    (giu_noi_dung), each name of the base still in it is listed, with the key that changes or keeps it."""
    child = tmp_path / "xa.yaml"
    text = (VALID / "xa-mau.yaml").read_text(encoding="utf-8").replace("ke_thua: bang-tu-do.yaml",
                                                                        f"ke_thua: {VALID / 'bang-tu-do.yaml'}")
    child.write_text(text.replace("sua_noi_dung: true\n", ""), encoding="utf-8")
    assert not [w for w in load_plan(child).warnings if "nội dung kế thừa" in w]
    child.write_text(text.replace("sua_noi_dung: true\n", "giu_noi_dung: true\n"), encoding="utf-8")
    warned = [w for w in load_plan(child).warnings if "nội dung kế thừa" in w and "Sở Khoa học và Công nghệ”" in w]
    assert len(warned) == 1
    assert warned[0].startswith(f"{child}:3:10: ke_thua: cảnh báo: nội dung kế thừa còn nhắc “Sở Khoa học và Công "
                                "nghệ” của kế hoạch gốc (1 chỗ — noi_dung[1]: “")
    assert warned[0].endswith("— bỏ giu_noi_dung để kehoach tự đổi tên đơn vị và cấp, hoặc để giữ nguyên: "
                              "giu_chu: [\"Sở Khoa học và Công nghệ\"]")


def test_a_chu_tich_decision_signed_on_behalf_of_the_body_is_warned_about():
    text = (VALID / "bang-tu-do.yaml").read_text(encoding="utf-8").replace(
        "quyen_han: [KT. Chủ tịch]", "quyen_han: [TM. Ủy ban nhân dân, KT. Chủ tịch]")
    plan = load_plan_text(text, "ky")
    assert any("nguoi_ky.quyen_han: cảnh báo: quyết định do Chủ tịch ban hành" in w for w in plan.warnings)
    assert not any("quyen_han" in w for w in load_plan(VALID / "bang-tu-do.yaml").warnings)


TWO = (VALID / "hai-phu-luc.yaml").read_text(encoding="utf-8")


def test_several_appendices_are_numbered_and_cited_by_their_appendix(tmp_path):
    plan = load_plan_text(TWO, "hai")
    assert [t.id for t in plan.tasks()] == ["PLI.I.1", "PLII.I.1"]
    docs = documents(plan)
    paragraphs = body_paragraphs(docs["phu-luc.docx"])
    assert [p.strip() for p in paragraphs if p.strip().startswith("Phụ lục")] == ["Phụ lục I", "Phụ lục II"]
    second = next(p for p in docs["phu-luc.docx"].paragraphs if p.text.strip() == "Phụ lục II")
    assert second._p.xpath("./w:pPr/w:pageBreakBefore")  # each appendix starts a page
    tables = [[[" ".join(c) for c in row] for row in table_cells(t)] for t in docs["phu-luc.docx"].tables]
    assert tables == [
        [["STT", "Chỉ tiêu", "Đơn vị tính", "ĐƠN VỊ CHỦ TRÌ"], ["I", "Kinh tế"],
         ["1", "Tỷ lệ hộ dùng thanh toán số", "%", "Phòng Kinh tế"]],
        [["STT", "NỘI DUNG NHIỆM VỤ", "ĐƠN VỊ CHỦ TRÌ", "ĐƠN VỊ PHỐI HỢP", "SẢN PHẨM", "THỜI GIAN THỰC HIỆN"],
         ["I", "Tuyên truyền"], ["1", "Tuyên truyền chuyển đổi số", "Phòng Văn hóa - Xã hội", "Phòng Kinh tế", "", ""]]]
    letter = body_paragraphs(docs["cong-van/01-phong-kinh-te.docx"])
    assert "a) Chỉ tiêu số 1 Mục I Phụ lục I: Tỷ lệ hộ dùng thanh toán số." in letter  # a row of targets
    assert ("a) Phối hợp với Phòng Văn hóa - Xã hội thực hiện nhiệm vụ số 1 Mục I Phụ lục II: tuyên truyền chuyển "
            "đổi số." in letter)
    assert load_plan_text(plan_to_yaml(plan), "lai") == plan
    base = tmp_path / "hai.yaml"
    base.write_text(TWO, encoding="utf-8")
    child = load_plan_text("ke_thua: hai.yaml\nphu_luc:\n  sua:\n    PLII.I.1: {san_pham: Tin bài}\n", "con",
                           folder=tmp_path)
    assert [(t.id, t.product) for t in child.tasks()] == [("PLI.I.1", ""), ("PLII.I.1", "Tin bài")]


def test_a_body_opening_with_can_cu_lines_and_numbered_in_parts():
    text = (VALID / "bang-tu-do.yaml").read_text(encoding="utf-8").replace(
        "  trich_yeu: về chuyển đổi số năm 2025\n",
        "  trich_yeu: về chuyển đổi số năm 2025\n  mo_dau: can_cu\n  danh_so_noi_dung: phan_muc\n")
    plan = load_plan_text(text, "cc")
    body = [p for p in body_paragraphs(documents(plan)["ke-hoach.docx"]) if p.strip()]
    start = body.index("Căn cứ Quyết định số 923/QĐ-TTg ngày 14 tháng 5 năm 2025 của Thủ tướng Chính phủ ban hành Kế "
                       "hoạch triển khai Phong trào thi đua đổi mới sáng tạo và chuyển đổi số;")
    assert body[start + 1:start + 6] == [
        "Ủy ban nhân dân tỉnh Mẫu ban hành Kế hoạch thực hiện trên địa bàn tỉnh như sau:", "Phần I",
        "MỤC ĐÍCH, YÊU CẦU", "Đẩy mạnh chuyển đổi số trong hoạt động của các cơ quan nhà nước trên địa bàn tỉnh.",
        "Phần II"]
    assert "I. SỞ KHOA HỌC VÀ CÔNG NGHỆ" in body  # the units of "Tổ chức thực hiện" one level down
    assert load_plan_text(plan_to_yaml(plan), "lai") == plan
    with pytest.raises(PlanError) as caught:
        load_plan_text(text.replace("mo_dau: can_cu", "mo_dau: cancu"), "sai")
    assert [i.message.split(" — ")[0] for i in caught.value.issues if not i.warning] == ["'cancu' không hợp lệ"]


def test_a_cell_naming_one_unit_by_another_name_prints_as_written():
    text = HAI_CAP.replace("STT_HERE ", "").replace("[{ma: pkt, ten: Phòng Kinh tế}]",
                                                    "[{ma: pkt, ten: Phòng Kinh tế, ten_khac: [Phòng KT]}]")
    text = text.replace("{noi_dung: Hai, chu_tri: pkt}", "{noi_dung: Hai, chu_tri: Phòng KT}")
    plan = load_plan_text(text, "bi-danh")
    one, two, _ = plan.tasks()
    assert (one.leads, one.lead_text) == (("pkt",), "") and (two.leads, two.lead_text) == (("pkt",), "Phòng KT")
    rows = [[" ".join(c) for c in row] for row in table_cells(task_table(documents(plan)["phu-luc.docx"]))]
    assert [r[2] for r in rows if len(r) > 2][1:] == ["Phòng Kinh tế", "Phòng KT", "Phòng Kinh tế"]


def test_grouped_columns_print_under_one_heading_on_two_header_rows():
    plan = load_plan(VALID / "cot-nhom.yaml")
    docs = documents(plan)
    table = task_table(docs["phu-luc.docx"])
    rows = table._tbl.tr_lst
    assert [[" ".join(c) for c in row] for row in table_cells(table)[:3]] == [
        ["TT", "Nội dung nhiệm vụ", "Cơ quan thực hiện", "Thời gian hoàn thành", "Kinh phí (triệu đồng)"],
        ["", "", "Chủ trì", "Phối hợp", "", "Tổng số", "Ngân sách tỉnh", "Nguồn khác"],
        ["I", "Quy hoạch và hạ tầng"]]
    spans = [tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}") for tc in rows[0].findall(qn("w:tc"))]
    assert [s.get(qn("w:val")) if s is not None else "1" for s in spans] == ["1", "1", "2", "1", "3"]
    assert [merge_of(tc) for tc in rows[0].findall(qn("w:tc"))] == ["restart", "restart", "", "restart", ""]
    assert [merge_of(tc) for tc in rows[1].findall(qn("w:tc"))] == ["continue", "continue", "", "", "continue", "",
                                                                     "", ""]
    assert all(tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None for tr in rows[:2])  # both repeat
    assert table_cells(table)[3][5:] == [["300"], ["300"], [""]]
    letter = body_paragraphs(docs["cong-van/01-so-van-hoa-the-thao-va-du-lich.docx"])
    # the partners hold a comma of their own ("UBND các xã, phường"): joined by ";" as the Phụ lục does, and the
    # details then said as sentences
    assert ("a) Nhiệm vụ số 1 Mục I: Khảo sát, lựa chọn các điểm du lịch cộng đồng. Đơn vị phối hợp: Sở Nông nghiệp "
            "và Môi trường; UBND các xã, phường. Thời gian hoàn thành: quý II/2025. Kinh phí (triệu đồng): tổng số "
            "300." in letter)
    again = load_plan_text(plan_to_yaml(plan), "lai")  # written back by `adapt -o` with its groups
    assert again.appendix.columns == plan.appendix.columns


def test_columns_of_one_group_must_stand_together():
    partner = "    - {vai_tro: phoi_hop, tieu_de: Phối hợp, nhom: Cơ quan thực hiện}\n"
    deadline = "    - {vai_tro: thoi_gian, tieu_de: Thời gian hoàn thành}\n"
    text = (VALID / "cot-nhom.yaml").read_text(encoding="utf-8").replace(partner + deadline, deadline + partner)
    with pytest.raises(PlanError) as err:
        load_plan_text(text, "c")
    assert str(err.value) == ("c.yaml:39:52: phu_luc.cot[4].nhom: nhóm cột 'Cơ quan thực hiện' bị tách — các cột "
                              "cùng nhóm phải đứng liền nhau (tiêu đề nhóm in một ô chung phía trên)")


def test_a_table_without_sections_prints_no_section_row_and_numbers_1_to_n():
    plan = load_plan(VALID / "khong-chia-muc.yaml")
    assert plan.appendix.sectionless and plan.appendix.numbering == "lien_tuc"
    assert [t.id for t in plan.tasks()] == ["1", "2.a", "2.b", "3", "3-2"]
    docs = documents(plan)
    table = task_table(docs["phu-luc.docx"])
    assert [[" ".join(c) for c in row] for row in table_cells(table)] == [
        ["STT", "NỘI DUNG NHIỆM VỤ", "ĐƠN VỊ CHỦ TRÌ", "ĐƠN VỊ PHỐI HỢP", "THỜI GIAN THỰC HIỆN", "Nguồn kinh phí"],
        ["1", "Tuyên truyền về quyền trẻ em trên hệ thống loa truyền thanh", "Phòng Văn hóa - Xã hội",
         "Đoàn Thanh niên xã", "Tháng 6/2025", "Ngân sách xã"],
        ["2", "Thăm, tặng quà trẻ em"],
        ["a", "Trẻ em có hoàn cảnh khó khăn", "Hội Liên hiệp Phụ nữ xã", "", "01/6/2025", "Ngân sách xã"],
        ["b", "Trẻ em khuyết tật", "Phòng Văn hóa - Xã hội", "", "01/6/2025", ""],
        ["3", "Tổ chức vui chơi cho trẻ em tại các thôn", "Đoàn Thanh niên xã", "Phòng Văn hóa - Xã hội",
         "Tháng 6/2025", ""],
        ["", "", "Hội Liên hiệp Phụ nữ xã", "", "Tháng 7/2025", ""]]
    rows = [tr.findall(qn("w:tc")) for tr in table._tbl.tr_lst]
    assert [merge_of(rows[r][5]) for r in (3, 4, 5, 6)] == ["restart", "continue", "continue", "continue"]
    letter = body_paragraphs(docs["cong-van/01-phong-van-hoa-xa-hoi.docx"])
    assert "b) Điểm b nhiệm vụ số 2: Trẻ em khuyết tật. Thời gian thực hiện: 01/6/2025." in letter
    assert ("a) Phối hợp với Đoàn Thanh niên xã thực hiện nhiệm vụ số 3: tổ chức vui chơi cho trẻ em tại các thôn. "
            "Thời gian thực hiện: tháng 6/2025.") in letter
    # written back by `adapt -o` in the same shape, and read back the same
    text = plan_to_yaml(plan)
    assert "\n  nhiem_vu:\n" in text and "\n  muc:" not in text and "danh_so" not in text
    assert list(load_plan_text(text, "lai").tasks()) == list(plan.tasks())


def test_a_commune_adapts_a_table_without_sections_by_its_numbers(tmp_path):
    child = tmp_path / "xa.yaml"
    child.write_text(f"""ke_thua: {VALID / 'khong-chia-muc.yaml'}
phu_luc:
  sua:
    "1": {{thoi_gian: Tháng 5/2025}}
    2.b: {{bo: true}}
  them:
    - sau: "1"
      noi_dung: Treo băng rôn tại trụ sở
      chu_tri: [vhxh]
""", encoding="utf-8")
    plan = load_plan(child)
    assert [(t.id, t.content[0][:20], t.timeline) for t in plan.tasks()] == [
        ("1", "Tuyên truyền về quyề", "Tháng 5/2025"), ("2", "Treo băng rôn tại tr", ""),
        ("3.a", "Trẻ em có hoàn cảnh ", "01/6/2025"), ("4", "Tổ chức vui chơi cho", "Tháng 6/2025"),
        ("4-2", "Tổ chức vui chơi cho", "Tháng 7/2025")]


@pytest.mark.parametrize(("old", "new", "message"), [
    ("\n  chung:", "\n  danh_so: theo_muc\n  chung:",
     "phu_luc.danh_so: bảng không chia mục (nhiem_vu ngay dưới phu_luc) đánh số 1, 2 … đến hết bảng — bỏ danh_so"),
    ("\n  nhiem_vu:\n", "\n  muc: []\n  nhiem_vu:\n",
     "phu_luc.nhiem_vu: nhiem_vu ngay dưới phu_luc chỉ dùng cho bảng không chia mục — bỏ muc, hoặc chuyển nhiem_vu "
     "vào từng mục"),
    ("\n  nhiem_vu:\n", "\n  cac_nhiem_vu:\n",
     "phu_luc.muc: thiếu trường bắt buộc 'muc' (các mục I, II … của bảng) — bảng không chia mục thì ghi nhiem_vu "
     "ngay dưới phu_luc"),
], ids=["numbering", "both", "neither"])
def test_a_table_without_sections_is_written_one_way(old, new, message):
    text = (VALID / "khong-chia-muc.yaml").read_text(encoding="utf-8").replace(old, new, 1)
    with pytest.raises(PlanError) as err:
        load_plan_text(text, "c")
    assert message in [f"{i.where}: {i.message}" for i in err.value.issues]


MERGED = """co_quan_ban_hanh: {ten: Ủy ban nhân dân xã Mẫu, viet_tat: UBND}
van_ban: {ky_hieu: KH-UBND, dia_danh: Mẫu, ngay: 5/3/2026, trich_yeu: Thử nghiệm}
nguoi_ky: {chuc_vu: Chủ tịch, ho_ten: Nguyễn Văn A}
don_vi: [{ma: pkt, ten: Phòng Kinh tế}, {ma: ca, ten: Công an xã}]
phu_luc:
  ten: Nhiệm vụ
  cot: [stt, noi_dung, chu_tri, phoi_hop, thoi_gian]
  muc:
    - ten: Kiểm tra
      nhiem_vu:
        - {noi_dung: Kiểm tra chợ, chu_tri: [pkt], phoi_hop: [ca], thoi_gian: Quý I/2026}
        - {noi_dung: Kiểm tra quán ăn, chu_tri: [pkt], thoi_gian: Quý I/2026, gop_tren: [chu_tri, thoi_gian]}
        - {noi_dung: Kiểm tra cửa hàng, chu_tri: [pkt], thoi_gian: Quý II/2026, gop_tren: [chu_tri]}
"""


def test_a_cell_merged_with_the_row_above_prints_once():
    plan = load_plan_text(MERGED, "gop")
    table = task_table(documents(plan)["phu-luc.docx"])
    assert [[" ".join(c) for c in row] for row in table_cells(table)][2:] == [
        ["1", "Kiểm tra chợ", "Phòng Kinh tế", "Công an xã", "Quý I/2026"],
        ["2", "Kiểm tra quán ăn", "", "", ""],
        ["3", "Kiểm tra cửa hàng", "", "", "Quý II/2026"]]
    rows = [tr.findall(qn("w:tc")) for tr in table._tbl.tr_lst][2:]
    assert [merge_of(r[2]) for r in rows] == ["restart", "continue", "continue"]
    assert [merge_of(r[4]) for r in rows] == ["restart", "continue", ""]
    assert [t.leads for t in plan.tasks()] == [("pkt",)] * 3  # each task still has its lead for the letters
    assert list(load_plan_text(plan_to_yaml(plan), "lai").tasks()) == list(plan.tasks())


@pytest.mark.parametrize(("old", "new", "message"), [
    ("Quý II/2026, gop_tren: [chu_tri]", "Quý II/2026, gop_tren: [thoi_gian]",
     "phu_luc.muc[0].nhiem_vu[2].gop_tren: ô “THỜI GIAN THỰC HIỆN” của nhiệm vụ I.3 gộp với dòng trên nhưng khác "
     "giá trị (“Quý II/2026” / “Quý I/2026”) — ô gộp in một giá trị: ghi giống dòng trên hoặc bỏ gop_tren"),
    ("thoi_gian: Quý I/2026}", "thoi_gian: Quý I/2026, gop_tren: [chu_tri]}",
     "phu_luc.muc[0].nhiem_vu[0].gop_tren: nhiệm vụ I.1 là dòng đầu của mục hoặc nhóm — không có ô phía trên để "
     "gộp, bỏ gop_tren"),
    ("gop_tren: [chu_tri]}", "gop_tren: [noi_dung]}",
     "phu_luc.muc[0].nhiem_vu[2].gop_tren: 'noi_dung' không gộp được bằng gop_tren — ghi mã một cột của bảng "
     "(chu_tri, phoi_hop, san_pham, thoi_gian, cột tự đặt); số và nội dung dùng chung thì viết các dòng dưới dong"),
], ids=["different", "first", "content"])
def test_a_merged_cell_must_hold_the_value_above(old, new, message):
    with pytest.raises(PlanError) as err:
        load_plan_text(MERGED.replace(old, new, 1), "gop")
    assert message in [f"{i.where}: {i.message}" for i in err.value.issues]
