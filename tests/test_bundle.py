"""The whole bundle: per-unit letters and report forms, the manifest, PDF, and safe writing."""

from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess

import docx
import pytest
from click.testing import CliRunner
from docx.oxml.ns import qn

from generator.cli import main
from generator.load import load_plan
from generator.relations import full_name
from generator.render.letters import DATED, RECURRING
from generator.vn import BLANK

from .conftest import DATA, PLAN_DATA, ROOT
from .docxread import body_paragraphs, open_docx, para_text, pdf_page_sizes, pdf_pages, table_cells

PLANS = ["xa-xop", "kon-tum"]
# "nhiệm vụ số 3 Mục II", "nhiệm vụ số 2, 5, 7 Mục V", "điểm a, b nhiệm vụ số 1 Mục IV"
PRINTED_REF = re.compile(r"(?:điểm ([a-zđ]+(?:, [a-zđ]+)*) )?nhiệm vụ số (\d+(?:, \d+)*) Mục ([IVX]+)", re.IGNORECASE)
INTERNAL_ID = re.compile(r"\b[IVX]+\.\d+(?:\.[a-zđ]+)?\b")


def printed_refs(text):
    """Task ids from references as the Phụ lục prints them, lists spread: "điểm a, b nhiệm vụ số 1 Mục IV" ->
    "IV.1.a", "IV.1.b"; "nhiệm vụ số 2, 5 Mục V" -> "V.2", "V.5"."""
    out = []
    for letters, numbers, section in PRINTED_REF.findall(text):
        for number in numbers.split(", "):
            out += [".".join(p for p in (section, number, letter) if p) for letter in (letters.split(", ") or [""])]
    return out


def letter_refs(item):
    """The tasks a letter's item gives: a lead item names its one task first ("a) Nhiệm vụ số 3 Mục II: …"); a
    supporting item names them after "thực hiện", up to the task's words ("b) Phối hợp với X thực hiện nhiệm vụ số
    2, 5 Mục V.", "c) Phối hợp với Y thực hiện nhiệm vụ số 1 Mục II: xác định …")."""
    if re.match(r"([a-zđ]+\)|-) (Nhiệm vụ|Điểm) ", item):
        return printed_refs(item)[:1]
    cited = re.search(r" thực hiện ((?:điểm|nhiệm vụ) [^:]*?)(?::|\.$)", item)
    return printed_refs(cited.group(1)) if cited else []


def expected_duties(plan):
    """Independent oracle: unit id -> ids of tasks it leads or supports, directly or via a collective."""
    out: dict[str, set[str]] = {}
    members = {u.id: set(u.members) for u in plan.units if u.collective}
    for task in plan.tasks():
        for ref in task.leads + task.partners:
            for unit_id in members.get(ref, {ref}):
                out.setdefault(unit_id, set()).add(task.id)
    return {u: ids for u, ids in out.items() if u not in members}


def manifest(folder):
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def files_by_unit(folder, kind):
    return {f["unit"]: folder / f["path"] for f in manifest(folder)["files"] if f["kind"] == kind}


@pytest.mark.parametrize("name", PLANS)
def test_each_unit_gets_exactly_its_tasks(built, name):
    plan = load_plan(PLAN_DATA / f"{name}.yaml")
    expected = expected_duties(plan)
    folder = built / name
    letters = files_by_unit(folder, "cong-van")
    reports = files_by_unit(folder, "bao-cao")
    assert set(letters) == set(expected) == set(reports)
    for unit_id, ids in expected.items():
        items = [t for t in body_paragraphs(open_docx(letters[unit_id])) if re.match(r"([a-zđ]+\)|-) ", t)]
        assert sorted(i for t in items for i in letter_refs(t)) == sorted(ids), unit_id
        rows = table_cells(open_docx(reports[unit_id]).tables[1])[1:]
        assert sorted(printed_refs(r[1][0])[0] for r in rows) == sorted(ids), unit_id


def test_collective_duties_are_marked(built):
    folder = built / "xa-xop"
    letter = files_by_unit(folder, "cong-van")["phong-kinh-te"]
    text = "\n".join(body_paragraphs(open_docx(letter)))
    # each task by its printed number and short wording; a task given to a collective says so
    assert ("a) Nhiệm vụ số 1 Mục I (giao chung cho các phòng, đơn vị liên quan): Tổ chức nghiên cứu, phổ biến, quán "
            "triệt sâu rộng nội dung Chỉ thị số 39-CT/TW của Ban Bí thư … Thời gian thực hiện: thường xuyên.") in text
    assert "b) Nhiệm vụ số 2 Mục I: Thông tin kịp thời các chủ trương, chính sách của Đảng …" in text
    rows = table_cells(open_docx(files_by_unit(folder, "bao-cao")["phong-kinh-te"]).tables[1])
    roles = {printed_refs(r[1][0])[0]: r[2][0] for r in rows[1:]}
    assert roles["I.1"] == "Chủ trì (giao chung)" and roles["I.2"] == "Chủ trì"
    assert roles["III.1"] == "Chủ trì (giao chung)"


@pytest.mark.parametrize("name", PLANS)
def test_summary_form_lists_every_task(built, name):
    plan = load_plan(PLAN_DATA / f"{name}.yaml")
    rows = table_cells(open_docx(built / name / "bao-cao" / "tong-hop.docx").tables[1])
    assert [printed_refs(r[1][0])[0] for r in rows[1:]] == [t.id for t in plan.tasks()]
    assert [r[0][0] for r in rows[1:]] == [str(i + 1) for i in range(len(rows) - 1)]
    for row, task in zip(rows[1:], plan.tasks(), strict=True):
        recurring = not task.timeline or any(w in task.timeline.lower() for w in ("thường xuyên", "hằng năm"))
        assert row[7] == [f"□ {s}" for s in (RECURRING if recurring else DATED)], task.id
        assert row[4] == [task.timeline]


def test_letter_follows_mau_1_5(built):
    path = built / "xa-xop" / "cong-van" / "02-phong-van-hoa-xa-hoi.docx"
    document = open_docx(path)
    texts = [t for t in body_paragraphs(document) if t]
    assert not any(t in ("CÔNG VĂN", "KẾ HOẠCH") for t in texts)  # no tên loại
    header = document.tables[0]
    left = [para_text(p._p) for p in header.rows[1].cells[0].paragraphs if p.text]
    assert left == [f"Số: {BLANK}/UBND-VHXH", "V/v triển khai Kế hoạch thực hiện Quyết định số 1560/QĐ-TTg của Thủ "
                    "tướng Chính phủ"]
    vv = [p for p in header.rows[1].cells[0].paragraphs if p.text][1]
    assert vv.runs[0].font.size.pt == 12 and not vv.runs[0].font.bold
    assert texts[0] == "Kính gửi: Phòng Văn hóa - Xã hội."
    assert texts[1] == (f"Ngày {BLANK} tháng 9 năm 2025, Ủy ban nhân dân xã Xốp ban hành Kế hoạch số {BLANK}/KH-UBND "
                        "về thực hiện Quyết định số 1560/QĐ-TTg ngày 18 tháng 7 năm 2025 của Thủ tướng Chính phủ "
                        "trên địa bàn xã Xốp (gửi kèm theo).")
    assert texts[2] == ("Ủy ban nhân dân xã Xốp giao Phòng Văn hóa - Xã hội thực hiện các nội dung sau (chi tiết từng "
                        "nhiệm vụ tại Phụ lục kèm theo Kế hoạch):")
    assert texts[3:5] == ["1. Nhiệm vụ của cơ quan thường trực", (
        "Là cơ quan thường trực, chủ trì theo dõi, đôn đốc, kiểm tra việc thực hiện Kế hoạch; tổng hợp kết quả thực "
        "hiện của các cơ quan, đơn vị, tham mưu Ủy ban nhân dân xã Xốp báo cáo Ủy ban nhân dân tỉnh Quảng Ngãi theo "
        "quy định.")]
    assert "2. Chủ trì thực hiện các nhiệm vụ" in texts and "3. Phối hợp thực hiện các nhiệm vụ" in texts
    assert texts[texts.index("4. Chế độ báo cáo") + 1] == (
        "Tiếp nhận báo cáo của các cơ quan, đơn vị (hạn gửi trước ngày 10 tháng 12 hằng năm), tổng hợp, tham mưu Ủy "
        "ban nhân dân xã Xốp báo cáo Ủy ban nhân dân tỉnh Quảng Ngãi.")
    assert texts[-1] == "Yêu cầu Phòng Văn hóa - Xã hội nghiêm túc triển khai thực hiện./."
    assert sum(t.endswith("./.") for t in texts) == 1
    recipients = [p.text for p in document.tables[1].rows[0].cells[0].paragraphs[1:] if p.text]
    assert recipients == ["- Như trên;", "- Chủ tịch, các PCT UBND xã Xốp;", "- Lưu: VT, VHXH."]


def test_letter_to_a_body_outside_the_issuer_asks_and_reports(built):
    letter = files_by_unit(built / "xa-xop", "cong-van")["hoi-nong-dan"]
    texts = [t for t in body_paragraphs(open_docx(letter)) if t]
    assert texts[0] == "Kính gửi: Hội Nông dân xã Xốp."
    # it leads a task given to the đoàn thể nhận ủy thác: asked to "thực hiện", not only to "phối hợp"
    assert texts[2] == ("Ủy ban nhân dân xã Xốp đề nghị Hội Nông dân xã Xốp thực hiện các nội dung sau (chi tiết từng "
                        "nhiệm vụ tại Phụ lục kèm theo Kế hoạch):")
    assert texts[texts.index("3. Chế độ báo cáo") + 1] == (
        "Báo cáo kết quả thực hiện (theo mẫu gửi kèm) về Ủy ban nhân dân xã Xốp (qua Phòng Văn hóa - Xã hội) trước "
        "ngày 10 tháng 12 hằng năm.")
    assert texts[-1] == "Đề nghị Hội Nông dân xã Xốp quan tâm, phối hợp thực hiện./."
    assert not any(w in " ".join(texts) for w in ("giao Hội", "Yêu cầu"))


def test_report_form_follows_mau_1_4(built):
    document = open_docx(built / "xa-xop" / "bao-cao" / "01-phong-kinh-te.docx")
    header = document.tables[0]
    left = [(p.text, bool(p.runs[0].font.bold)) for p in header.rows[0].cells[0].paragraphs if p.text]
    assert left == [("UBND XÃ XỐP", False), ("PHÒNG KINH TẾ", True)]
    assert [p.text for p in header.rows[1].cells[0].paragraphs if p.text] == [f"Số: {BLANK}/BC-KT"]
    assert [p.text for p in header.rows[1].cells[1].paragraphs if p.text] == [
        f"Xốp, ngày {BLANK} tháng {BLANK} năm 2025"]
    texts = [t for t in body_paragraphs(document) if t]
    assert texts[:3] == ["BÁO CÁO", f"Kết quả thực hiện Kế hoạch số {BLANK}/KH-UBND ngày {BLANK} tháng 9 năm 2025\n"
                         "của Ủy ban nhân dân xã Xốp (kỳ báo cáo: năm 2025)",
                         "Kính gửi: Ủy ban nhân dân xã Xốp (qua Phòng Văn hóa - Xã hội)."]
    for heading in ("I. KẾT QUẢ THỰC HIỆN NHIỆM VỤ", "II. ĐÁNH GIÁ", "1. Ưu điểm", "2. Tồn tại, hạn chế",
                    "3. Nguyên nhân", "III. PHƯƠNG HƯỚNG, KIẾN NGHỊ"):
        assert heading in texts
    leaders = document.element.body.findall(".//" + qn("w:tab") + "[@" + qn("w:leader") + "='dot']")
    assert len(leaders) == 13  # 3 lines under each of the three points of II, 4 under III
    assert "……" not in "".join(texts)
    rows = table_cells(document.tables[1])
    assert rows[0][3] == ["Thời hạn"] and rows[0][6] == ["Tình trạng (đánh dấu ×)"]
    assert all(r[7] == [""] for r in rows[1:])
    assert document.sections[0].page_width > document.sections[0].page_height  # landscape: room to write
    right = [p.text for p in document.tables[2].rows[0].cells[1].paragraphs if p.text]
    assert right == ["THỦ TRƯỞNG ĐƠN VỊ", "(Ký, ghi rõ họ tên, đóng dấu)"]


@pytest.mark.parametrize("kind", ["cong-van", "bao-cao", "bao-cao-tong-hop"])
def test_every_document_has_the_nd30_page_and_fonts(built, kind):
    folder = built / "xa-xop"
    for f in manifest(folder)["files"]:
        if f["kind"] != kind:
            continue
        document = open_docx(folder / f["path"])
        for section in document.sections:
            margins = section._sectPr.find(qn("w:pgMar"))
            assert [margins.get(qn(f"w:{k}")) for k in ("top", "bottom", "left", "right")] == ["1134"] * 2 + [
                "1701", "1134"]
            assert section.different_first_page_header_footer
            assert any("PAGE" in (i.text or "") for i in section.header._element.iter(qn("w:instrText")))
        fonts = document.styles.element.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts"))
        assert set(fonts.attrib.values()) == {"Times New Roman"} and len(fonts.attrib) == 4


def test_all_letters_in_one_file_each_numbered_from_one(built):
    folder = built / "xa-xop"
    letters = files_by_unit(folder, "cong-van")
    combined = open_docx(folder / "cong-van" / "tat-ca.docx")
    assert len(combined.sections) == len(letters)
    for section in combined.sections:
        assert section.start_type == 2  # new page
        assert section._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1"
        assert section.different_first_page_header_footer
    texts = body_paragraphs(combined)
    plan = load_plan(PLAN_DATA / "xa-xop.yaml")
    assert [t for t in texts if t.startswith("Kính gửi:")] == [
        f"Kính gửi: {full_name(plan, plan.unit(u))}." for u in letters]


def _tree(xml):
    """An XML part as its elements (tag, attributes, text), wherever its namespaces are declared."""
    from lxml import etree

    return [(e.tag, dict(e.attrib), e.text, e.tail) for e in etree.fromstring(xml).iter()]


def test_letters_joined_as_text_read_as_joined_element_by_element(built):
    # The print file splices the letters' body text (one namespace declaration; 114 KB instead of 339 KB for
    # Xốp); it must hold the same elements as joining them element by element, its fallback.
    import zipfile

    from generator.render import combine

    folder = built / "xa-xop" / "cong-van"
    parts = [p.read_bytes() for p in sorted(folder.glob("[0-9]*.docx"))]
    documents = [combine._document_part(part) for part in parts]
    spliced = combine._spliced(documents)
    assert spliced is not None and _tree(spliced) == _tree(combine._joined(documents))
    printed = zipfile.ZipFile(folder / "tat-ca.docx").read("word/document.xml")
    assert printed.count(b"xmlns:w=") == 1 and len(printed) < sum(map(len, documents))
    assert printed == zipfile.ZipFile(io.BytesIO(combine.combine_letters(parts))).read("word/document.xml")


def test_letters_that_cannot_be_spliced_are_joined_element_by_element(built):
    from generator.render import combine
    from generator.render.ooxml import repackaged

    folder = built / "xa-xop" / "cong-van"
    parts = [p.read_bytes() for p in sorted(folder.glob("[0-9]*.docx"))[:3]]
    second = combine._document_part(parts[1])
    # a letter saved by another program: its document element declares one more namespace
    parts[1] = repackaged(parts[1], {"word/document.xml": second.replace(
        b"<w:document ", b'<w:document xmlns:x15="urn:kehoach-test" ', 1)})
    assert combine._spliced([combine._document_part(p) for p in parts]) is None
    combined = docx.Document(io.BytesIO(combine.combine_letters(parts)))
    assert len(combined.sections) == 3
    assert all(s._sectPr.find(qn("w:pgNumType")).get(qn("w:start")) == "1" for s in combined.sections)
    letters = [docx.Document(io.BytesIO(p)) for p in parts]
    assert [p.text for p in combined.paragraphs if p.text] == [p.text for d in letters for p in d.paragraphs if p.text]
    # a body whose last section properties sit in its last paragraph is not cut there either
    at = second.rfind(b"<w:sectPr")
    inside = second[:at] + b"<w:p><w:pPr>" + second[at:].replace(b"</w:body>", b"</w:pPr></w:p></w:body>")
    assert combine._spliced([second, inside]) is None and combine._spliced([second, second]) is not None
    # a comment inside the last section properties that looks like their start: the splice cuts the XML wrong,
    # and the letters are joined element by element instead
    fooled = second.replace(b"</w:sectPr></w:body>", b"<!-- <w:sectPr --></w:sectPr></w:body>")
    assert fooled != second and combine._spliced([fooled, fooled]) is not None
    parts = [repackaged(part, {"word/document.xml": fooled}) for part in parts]
    combined = docx.Document(io.BytesIO(combine.combine_letters(parts)))
    assert len(combined.sections) == 3


def test_manifest_lists_every_file_with_its_hash(built):
    folder = built / "xa-xop"
    data = manifest(folder)
    assert data["plan"] == "xa-xop.yaml"  # the same whatever the working directory
    on_disk = sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file() and p.name != "manifest.json")
    assert sorted(f["path"] for f in data["files"]) == on_disk
    for f in data["files"]:
        assert hashlib.sha256((folder / f["path"]).read_bytes()).hexdigest() == f["sha256"]
        assert f["path"].isascii() and " " not in f["path"]
    kinds = {f["kind"] for f in data["files"]}
    assert kinds == {"ke-hoach", "phu-luc", "cong-van", "cong-van-tat-ca", "bao-cao", "bao-cao-tong-hop"}


def run_build(*args):
    return CliRunner().invoke(main, ["build", *map(str, args)])


def test_build_prints_counts(tmp_path):
    result = run_build(PLAN_DATA / "xa-xop.yaml", "-o", tmp_path)
    assert result.exit_code == 0, result.output
    assert "1 kế hoạch, 1 phụ lục, 10 công văn, 10 mẫu báo cáo, 1 tệp in tất cả công văn, 1 mẫu báo cáo tổng hợp" in (
        result.output)


def test_edited_file_is_never_overwritten_without_force(tmp_path):
    assert run_build(PLAN_DATA / "xa-xop.yaml", "-o", tmp_path).exit_code == 0
    edited = tmp_path / "xa-xop" / "cong-van" / "01-phong-kinh-te.docx"
    document = docx.Document(str(edited))
    document.add_paragraph("Ghi chú của văn thư")
    document.save(str(edited))
    before = edited.read_bytes()
    result = run_build(PLAN_DATA / "xa-xop.yaml", "-o", tmp_path)
    assert result.exit_code == 1
    assert "cong-van/01-phong-kinh-te.docx" in result.output and "--force" in result.output
    assert "Traceback" not in result.output
    assert edited.read_bytes() == before
    result = run_build(PLAN_DATA / "xa-xop.yaml", "-o", tmp_path, "--force")
    assert result.exit_code == 0
    assert edited.read_bytes() != before
    assert run_build(PLAN_DATA / "xa-xop.yaml", "-o", tmp_path).exit_code == 0  # unedited: rebuilt freely


def test_a_file_kehoach_did_not_write_is_kept(tmp_path):
    folder = tmp_path / "xa-xop"
    folder.mkdir()
    mine = folder / "ghi-chu.txt"
    mine.write_text("của tôi", encoding="utf-8")
    assert run_build(PLAN_DATA / "xa-xop.yaml", "-o", tmp_path).exit_code == 0
    assert mine.read_text(encoding="utf-8") == "của tôi"


def snapshot(folder):
    return {p: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_failure_midway_leaves_previous_bundle(tmp_path):
    assert run_build(PLAN_DATA / "xa-xop.yaml", "-o", tmp_path).exit_code == 0
    before = snapshot(tmp_path / "xa-xop")
    templates = tmp_path / "mau"
    shutil.copytree(ROOT / "templates", templates)
    broken = docx.Document(str(templates / "cong-van.docx"))
    broken.add_paragraph("{{ thieu_dau_dong ")
    broken.save(str(templates / "cong-van.docx"))
    result = run_build(PLAN_DATA / "xa-xop.yaml", "-o", tmp_path, "--templates", templates)
    assert result.exit_code == 1
    assert "cong-van.docx: thẻ mẫu sai cú pháp" in result.output and "Traceback" not in result.output
    assert snapshot(tmp_path / "xa-xop") == before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".kehoach-")]


def test_file_names_are_ascii_slugs_inside_the_output(tmp_path):
    text = (DATA / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("ten: Phòng Kinh tế", "ten: '../../Đội Công tác/ xã'").replace("ten: Công an xã",
                                                                                      "ten: '..\\\\ĐỘI'")
    plan = tmp_path / "ten-la.yaml"
    plan.write_text(text, encoding="utf-8")
    result = run_build(plan, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (tmp_path / "out" / "ten-la" / "cong-van").iterdir())
    assert names == ["01-doi-cong-tac-xa.docx", "02-doi.docx", "tat-ca.docx"]
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["ten-la"]


def test_warns_about_tasks_no_single_unit_receives(tmp_path):
    text = (DATA / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("  - ma: cong-an-xa\n", "  - ma: bao-chi\n    ten: Các cơ quan báo chí\n    tap_the: true\n"
                        "  - ma: cong-an-xa\n")
    text = text.replace("chu_tri: [cong-an-xa]", "chu_tri: [bao-chi]")
    plan = tmp_path / "canh-bao.yaml"
    plan.write_text(text, encoding="utf-8")
    result = run_build(plan, "-o", tmp_path / "out")
    assert result.exit_code == 0
    assert (f"{plan}:32:20: phu_luc.muc[0].nhiem_vu[1].chu_tri: cảnh báo: nhiệm vụ I.2 do “Các cơ quan báo chí” "
            "chủ trì nhưng chưa khai báo thanh_vien" in result.output.replace(str(plan.resolve()), str(plan)))


def test_pdf_for_every_document(tmp_path, need_soffice):
    result = run_build(PLAN_DATA / "xa-xop.yaml", "-o", tmp_path, "--pdf")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "xa-xop"
    data = manifest(folder)
    docs = sorted(f["path"] for f in data["files"] if f["path"].endswith(".docx"))
    pdfs = sorted(f["path"] for f in data["files"] if f["path"].endswith(".pdf"))
    assert pdfs == [d.removesuffix(".docx") + ".pdf" for d in docs]
    plan = load_plan(PLAN_DATA / "xa-xop.yaml")
    appendix_text = " ".join(" ".join(page.split()) for page in pdf_pages(folder / "phu-luc.pdf"))
    for task in plan.tasks():
        # LibreOffice hyphenates nothing here, so each paragraph's first words appear intact with diacritics
        assert " ".join(task.content[0].split()[:6]) in appendix_text, task.id
    for pdf in pdfs:
        fonts = subprocess.run(["pdffonts", str(folder / pdf)], capture_output=True, text=True, check=True).stdout
        names = [line.split()[0] for line in fonts.splitlines()[2:]]
        assert names and all("LiberationSerif" in n for n in names), (pdf, names)
    pages = pdf_pages(folder / "ke-hoach.pdf")
    first_lines = [p.strip().splitlines()[0].strip() for p in pages]
    assert first_lines[0].startswith("ỦY BAN NHÂN DÂN") and first_lines[1] == "2"
    sizes = pdf_page_sizes(folder / "ke-hoach.pdf")
    appendix_start = first_lines.index("Phụ lục")
    assert all(w > h for w, h in sizes[appendix_start:]) and all(h > w for w, h in sizes[:appendix_start])
    letter = pdf_pages(folder / "cong-van" / "02-phong-van-hoa-xa-hoi.pdf")
    assert letter[1].strip().splitlines()[0].strip() == "2"
    # the print file: every letter starts a new page without a number, and its next page is "2" again
    combined = [p.strip().splitlines()[0].strip() for p in pdf_pages(folder / "cong-van" / "tat-ca.pdf")]
    starts = [i for i, first in enumerate(combined) if first.startswith("ỦY BAN NHÂN DÂN")]
    assert len(starts) == len(files_by_unit(folder, "cong-van"))
    assert all(combined[i + 1] == "2" for i in starts if i + 1 < len(combined) and i + 1 not in starts)


def test_missing_libreoffice_says_what_to_install(tmp_path, monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    result = run_build(PLAN_DATA / "xa-xop.yaml", "-o", tmp_path, "--pdf")
    assert result.exit_code == 1
    assert "libreoffice-writer-nogui fonts-liberation2" in result.output
    assert not (tmp_path / "xa-xop").exists()


def test_unwritable_output_is_a_clear_error(tmp_path):
    blocker = tmp_path / "khong-ghi-duoc"
    blocker.write_text("tệp, không phải thư mục", encoding="utf-8")
    result = run_build(PLAN_DATA / "xa-xop.yaml", "-o", blocker / "con")
    assert result.exit_code == 1
    assert "không ghi được" in result.output and "Traceback" not in result.output


def test_template_with_an_unknown_variable_or_unsafe_tag(tmp_path):
    for bad, expected in (("{{ bien_khong_co }}", "mẫu dùng biến không có trong dữ liệu"),
                          ("{{ cycler.__init__.__globals__.os.getcwd() }}", "mẫu chứa thẻ không được phép")):
        templates = tmp_path / "mau"
        shutil.rmtree(templates, ignore_errors=True)
        shutil.copytree(ROOT / "templates", templates)
        document = docx.Document(str(templates / "phu-luc.docx"))
        document.add_paragraph(bad)
        document.save(str(templates / "phu-luc.docx"))
        result = run_build(PLAN_DATA / "xa-xop.yaml", "-o", tmp_path / "out", "--templates", templates)
        assert result.exit_code == 1
        assert "phu-luc.docx" in result.output and expected in result.output, result.output
        assert "Traceback" not in result.output


def test_the_doan_writes_its_form_in_its_own_system_and_the_hoi_in_the_states(built):
    """Hướng dẫn 29-HD/TWĐTN-VP: "ĐOÀN TNCS HỒ CHÍ MINH" where the state writes the Quốc hiệu, "BCH ĐOÀN XÃ …"
    over "***", a symbol "-BC/ĐTN", signed for the Ban Chấp hành; the Hội keep the state's header."""
    forms = files_by_unit(built / "xa-xop", "bao-cao")
    doan = open_docx(forms["doan-thanh-nien"])
    header = doan.tables[0]
    cell_text = [[[p.text for p in c.paragraphs if p.text] for c in row.cells] for row in header.rows]
    assert cell_text == [[["BCH ĐOÀN XÃ XỐP", "***"], ["ĐOÀN TNCS HỒ CHÍ MINH"]],
                         [[f"Số: {BLANK}-BC/ĐTN"], [f"Xốp, ngày {BLANK} tháng {BLANK} năm 2025"]]]
    signature = " ".join(p.text for p in doan.tables[-1].rows[0].cells[1].paragraphs if p.text)
    assert signature.startswith("TM. BAN CHẤP HÀNH\nBÍ THƯ")
    hoi = open_docx(forms["hoi-nong-dan"]).tables[0]
    assert [p.text for p in hoi.rows[0].cells[1].paragraphs if p.text] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert "***" not in [p.text for p in hoi.rows[0].cells[0].paragraphs]
