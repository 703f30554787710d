"""Documents a văn thư would sign and send as they are (van-phong.md), checked on both real plans and on two plans
made for the test: a unit leading 25 tasks, and a unit with only supporting tasks. Page make-up is measured
on the PDF LibreOffice prints."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from xml.etree import ElementTree

import pytest

from generator.assign import assignments
from generator.build import build_plan
from generator.load import load_plan
from generator.relations import OUTSIDE, UNDER, full_name, relation, unit_place
from generator.vn import abbreviate_header, header_lines, upper_title

from .conftest import DATA, PLAN_DATA
from .docxread import body_paragraphs, open_docx, table_cells

MINIMAL = (DATA / "valid" / "minimal.yaml").read_text(encoding="utf-8")


def made_plan() -> str:
    """Phòng Kinh tế leads 25 tasks; Hội Nông dân xã only supports; Công an xã co-leads one task."""
    units = ("don_vi:\n  - {ma: phong-kinh-te, ten: Phòng Kinh tế, viet_tat: KT}\n"
             "  - {ma: cong-an-xa, ten: Công an xã, viet_tat: CAX, chu_quan: Công an tỉnh Gia Lai}\n"
             "  - {ma: hoi-nong-dan, ten: Hội Nông dân xã, viet_tat: HND}\n")
    tasks = "".join(
        f"        - noi_dung: Rà soát hồ sơ vay vốn đợt {i + 1} của các hộ gia đình trên địa bàn, lập danh sách "
        f"đề nghị hỗ trợ và báo cáo kết quả\n          chu_tri: [phong-kinh-te{', cong-an-xa' if i == 0 else ''}]\n"
        f"          phoi_hop: [hoi-nong-dan]\n          thoi_gian: {'Thường xuyên' if i % 2 else 'Quý II/2026'}\n"
        for i in range(25))
    head = MINIMAL.split("don_vi:")[0]
    return (head + "co_quan_thuong_truc: phong-kinh-te\nbao_cao:\n  thoi_han: trước ngày 15 tháng 6 hằng năm\n"
            "  ky: 6 tháng đầu năm 2026\n" + units
            + "phu_luc:\n  ten: Nhiệm vụ\n  muc:\n    - ten: Rà soát\n      nhiem_vu:\n" + tasks)


PLANS = ["xa-xop", "kon-tum", "lam-thu"]


@pytest.fixture(scope="session")
def printed(tmp_path_factory, need_soffice_session):
    """The three plans built with PDF, once."""
    out = tmp_path_factory.mktemp("in")
    made = out / "lam-thu.yaml"
    made.write_text(made_plan(), encoding="utf-8")
    for path in (PLAN_DATA / "xa-xop.yaml", PLAN_DATA / "kon-tum.yaml", made):
        build_plan(path, out / "ra", pdf=True)
    return {"xa-xop": PLAN_DATA / "xa-xop.yaml", "kon-tum": PLAN_DATA / "kon-tum.yaml", "lam-thu": made}, out / "ra"


@pytest.fixture(scope="session")
def need_soffice_session():
    import os

    from .docxread import soffice

    if soffice() is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI")
        pytest.skip("LibreOffice is not installed")


def pages_bbox(pdf: Path) -> list[tuple[float, list[tuple[float, float, str]]]]:
    """Each page: its height and its text lines (top, bottom, text), the page number line left out."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    root = ElementTree.fromstring(re.sub(r'xmlns="[^"]+"', "", xml))
    pages = []
    for page in root.iter("page"):
        lines = []
        for line in page.iter("line"):
            text = " ".join(w.text or "" for w in line.iter("word")).strip()
            top, bottom = float(line.get("yMin")), float(line.get("yMax"))
            if not (re.fullmatch(r"\d+", text) and top < 60):
                lines.append((top, bottom, text))
        pages.append((float(page.get("height")), lines))
    return pages


def documents(folder: Path, plan: str) -> list[Path]:
    return sorted((folder / plan).rglob("*.pdf"))


@pytest.mark.parametrize("plan", PLANS)
def test_no_page_holds_only_the_signature_block(printed, plan):
    _, folder = printed
    for pdf in documents(folder, plan):
        for number, (_, lines) in enumerate(pages_bbox(pdf), 1):
            texts = [t for _, _, t in lines]
            at = next((i for i, t in enumerate(texts) if t.startswith("Nơi nhận:")), None)
            if at is not None:
                assert at > 0, f"{pdf.name} page {number} starts with the Nơi nhận and signature"


@pytest.mark.parametrize("plan", PLANS)
def test_every_appendix_page_but_the_last_is_three_quarters_full(printed, plan):
    _, folder = printed
    mm = 72 / 25.4
    for pdf in (folder / plan / "phu-luc.pdf",):
        pages = pages_bbox(pdf)
        for number, (height, lines) in enumerate(pages[:-1], 1):
            top, bottom = 20 * mm, height - 20 * mm
            fill = (max(b for _, b, _ in lines) - top) / (bottom - top)
            assert fill >= 0.75, f"{pdf.name} page {number} is {fill:.0%} full"


def letter_texts(folder: Path, plan_name: str, plan) -> dict[str, list[str]]:
    out = {}
    for a in assignments(plan):
        path = folder / plan_name / "cong-van" / f"{a.slug}.docx"
        out[a.unit.id] = [t for t in body_paragraphs(open_docx(path)) if t]
    return out


@pytest.mark.parametrize("plan_name", PLANS)
def test_letters_speak_as_the_relation_requires(printed, plan_name):
    sources, folder = printed
    plan = load_plan(sources[plan_name])
    standing = plan.unit(plan.standing).name if plan.standing else None
    for unit_id, texts in letter_texts(folder, plan_name, plan).items():
        unit = plan.unit(unit_id)
        name = full_name(plan, unit)
        a = next(a for a in assignments(plan) if a.unit.id == unit_id)
        where = "(chi tiết từng nhiệm vụ tại Phụ lục kèm theo Kế hoạch):"
        if relation(plan, unit) == OUTSIDE:  # "phối hợp" only for a body that leads nothing
            verb = "thực hiện" if a.leads or unit_id == plan.standing else "phối hợp thực hiện"
            assert texts[2] == f"{plan.issuer.name} đề nghị {name} {verb} các nội dung sau {where}"
            assert texts[-1] == f"Đề nghị {name} quan tâm, phối hợp thực hiện./."
            assert not any(t.startswith("Yêu cầu") or f" giao {name}" in t for t in texts)
        else:
            assert texts[2] == f"{plan.issuer.name} giao {name} thực hiện các nội dung sau {where}"
            assert texts[-1] == f"Yêu cầu {name} nghiêm túc triển khai thực hiện./."
        assert not any(t.startswith(f"Thực hiện {plan.kind} số") for t in texts)  # the issuer does not "thực hiện"
        if unit_id == plan.standing:
            assert not any(f"(qua {standing})" in t or f"gửi về {standing}" in t for t in texts), unit_id
            assert any(t.startswith("Là cơ quan thường trực") for t in texts)


@pytest.mark.parametrize("plan_name", PLANS)
def test_every_co_lead_is_named_in_the_other_co_leads_letter(printed, plan_name):
    sources, folder = printed
    plan = load_plan(sources[plan_name])
    letters = letter_texts(folder, plan_name, plan)
    checked = 0
    for task in plan.tasks():
        direct = [u for u in task.leads if not plan.unit(u).collective]
        for unit_id in direct:
            others = [plan.unit(u).name for u in task.leads if u != unit_id]
            text = "\n".join(letters[unit_id])
            for other in others:
                assert other.lower() in text.lower(), (task.id, unit_id, other)
                checked += 1
    assert checked or plan_name == "kon-tum"


@pytest.mark.parametrize("plan_name", PLANS)
def test_agency_names_keep_their_capitals(printed, plan_name):
    sources, folder = printed
    plan = load_plan(sources[plan_name])
    names = {u.name for u in plan.units if not u.name.startswith("Các ")} | {plan.issuer.name}
    lowered = [n[0].lower() + n[1:] for n in names]
    for path in (folder / plan_name).rglob("*.docx"):
        document = open_docx(path)
        text = "\n".join(body_paragraphs(document) + [t for table in document.tables for row in table_cells(table)
                                                       for cell in row for t in cell])
        for name in lowered:
            assert re.search(rf"(?<![\w]){re.escape(name)}", text) is None, (path.name, name)


@pytest.mark.parametrize("plan_name", PLANS)
def test_report_forms_carry_the_units_own_header_and_place(printed, plan_name):
    sources, folder = printed
    plan = load_plan(sources[plan_name])
    for a in assignments(plan):
        unit = a.unit
        document = open_docx(folder / plan_name / "bao-cao" / f"{a.slug}.docx")
        header = document.tables[0]
        lines = [p.text for p in header.rows[0].cells[0].paragraphs if p.text]
        own = header_lines(upper_title(full_name(plan, unit)))
        if unit.name.startswith(("Đoàn Thanh niên", "Tỉnh Đoàn")):  # its own system: "BCH …" over "***"
            assert lines[0].startswith("BCH ") and lines[-1] == "***", lines
        elif unit.parent:
            assert lines == [abbreviate_header(upper_title(unit.parent)), *own], lines
        elif relation(plan, unit) == UNDER:
            assert lines == [abbreviate_header(upper_title(plan.issuer.name)), *own], lines
        else:  # MTTQ, Hội, Đoàn, banks, UBND of a lower level: their own name only, no UBND above it
            assert lines == own, lines
        place = next(p.text for p in header.rows[1].cells[1].paragraphs if p.text)
        assert place.startswith(f"{unit_place(plan, unit)}, ngày"), (unit.name, place)
    if plan_name == "kon-tum":
        glei = next(a for a in assignments(plan) if a.unit.id == "ubnd-dak-glei")
        header = open_docx(folder / plan_name / "bao-cao" / f"{glei.slug}.docx").tables[0]
        assert [p.text for p in header.rows[0].cells[0].paragraphs if p.text] == ["ỦY BAN NHÂN DÂN", "HUYỆN ĐĂK GLEI"]
        assert next(p.text for p in header.rows[1].cells[1].paragraphs if p.text).startswith("Đăk Glei, ngày")
        mttq = next(a for a in assignments(plan) if a.unit.id == "ubmttq-tinh")
        header = open_docx(folder / plan_name / "bao-cao" / f"{mttq.slug}.docx").tables[0]
        assert [p.text for p in header.rows[0].cells[0].paragraphs if p.text] == [
            "ỦY BAN MẶT TRẬN TỔ QUỐC", "VIỆT NAM TỈNH KON TUM"]


def test_report_form_statuses_follow_the_deadline(printed):
    _, folder = printed
    header, *rows = table_cells(open_docx(folder / "lam-thu" / "bao-cao" / "01-phong-kinh-te.docx").tables[1])
    assert len(rows) == 25
    # no task of this plan names a product: the form has no empty "Sản phẩm" column
    assert not any("Sản phẩm" in cell[0] for cell in header) and len(header) == 7
    assert rows[0][3] == ["Quý II/2026"] and rows[0][5][0] == "□ Hoàn thành đúng hạn"
    assert rows[1][3] == ["Thường xuyên"] and rows[1][5] == ["□ Đã thực hiện", "□ Đang thực hiện", "□ Chưa thực hiện"]
    texts = [t for t in body_paragraphs(open_docx(folder / "lam-thu" / "bao-cao" / "01-phong-kinh-te.docx")) if t]
    assert "(kỳ báo cáo: 6 tháng đầu năm 2026)" in texts[1]


def test_a_unit_with_only_supporting_tasks(printed):
    _, folder = printed
    texts = [t for t in body_paragraphs(open_docx(folder / "lam-thu" / "cong-van" / "03-hoi-nong-dan-xa.docx")) if t]
    assert "1. Chủ trì thực hiện các nhiệm vụ" not in texts
    assert texts[3] == "1. Phối hợp thực hiện các nhiệm vụ"
    # 25 supporting tasks: said as a văn thư shortens them, one item per lead unit, the tasks by number
    assert texts[4] == "a) Phối hợp với Phòng Kinh tế, Công an xã thực hiện nhiệm vụ số 1 Mục I."
    numbers = ", ".join(map(str, range(2, 26)))
    assert texts[5] == f"b) Phối hợp với Phòng Kinh tế thực hiện nhiệm vụ số {numbers} Mục I."
    leads = [t for t in body_paragraphs(open_docx(folder / "lam-thu" / "cong-van" / "01-phong-kinh-te.docx"))
             if t.startswith("- Nhiệm vụ số ")]
    assert len(leads) == 25  # past 23 tasks: "-" items, not invented letters


@pytest.mark.parametrize("plan_name", PLANS)
def test_every_letter_recipient_is_covered_by_noi_nhan(printed, plan_name):
    sources, folder = printed
    plan = load_plan(sources[plan_name])
    sign = open_docx(folder / plan_name / "ke-hoach.docx").tables[1]
    lines = [p.text for p in sign.rows[0].cells[0].paragraphs if p.text]
    pointer = any(re.fullmatch(r"- Các cơ quan, đơn vị tại Mục [IVX]+;", line) for line in lines)
    for a in assignments(plan):
        assert pointer or any(a.unit.name in line for line in lines), a.unit.name
    assert all(len(line) <= 40 for line in lines), lines  # one printed line each


# --- Letters of one or two pages (issue 21), measured on the PDF of every plan in plan_data/ ---------------------

ALL_PLANS = sorted(PLAN_DATA.glob("*.yaml")) + sorted((PLAN_DATA / "vi-du").glob("*.yaml"))


@pytest.fixture(scope="session")
def letters_printed(tmp_path_factory, need_soffice_session):
    """Every plan's letters, built and printed by LibreOffice in one run: plan stem -> (plan, {unit id: pdf})."""
    from .docxread import to_pdf

    out = tmp_path_factory.mktemp("thu")
    plans, sources = {}, []
    for path in ALL_PLANS:
        build_plan(path, out / "ra")
        plan = load_plan(path)
        plans[path.stem] = plan
        for a in assignments(plan):
            flat = out / "docx" / f"{path.stem}--{a.slug}.docx"
            flat.parent.mkdir(exist_ok=True)
            flat.write_bytes((out / "ra" / path.stem / "cong-van" / f"{a.slug}.docx").read_bytes())
            sources.append(flat)
    to_pdf(sources, out / "pdf")
    return {stem: (plan, {a.unit.id: out / "pdf" / f"{stem}--{a.slug}.pdf" for a in assignments(plan)})
            for stem, plan in plans.items()}


def words_by_line(pdf: Path) -> list[list[tuple[float, float, str]]]:
    """Each page: its lines as (left, top, text)."""
    xml = subprocess.run(["pdftotext", "-bbox-layout", str(pdf), "-"], capture_output=True, text=True,
                         check=True).stdout
    root = ElementTree.fromstring(re.sub(r'xmlns="[^"]+"', "", xml))
    return [[(float(line.get("xMin")), float(line.get("yMin")),
              " ".join(w.text or "" for w in line.iter("word")).strip()) for line in page.iter("line")]
            for page in root.iter("page")]


@pytest.mark.slow
@pytest.mark.parametrize("stem", [p.stem for p in ALL_PLANS])
def test_letters_fit_two_pages_and_vv_three_lines(letters_printed, stem):
    plan, pdfs = letters_printed[stem]
    for a in assignments(plan):
        pages = words_by_line(pdfs[a.unit.id])
        if len(a.duties) <= 8:
            assert len(pages) <= 2, f"{stem}: {a.unit.name}, {len(a.duties)} tasks, {len(pages)} pages"
        first = pages[0]
        number = next(top for _, top, text in first if text.startswith("Số:"))
        kinh_gui = next(top for _, top, text in first if text.startswith("Kính gửi"))
        vv = [text for left, top, text in first if number < top < kinh_gui and left < 200]
        assert vv[0].startswith("V/v") and len(vv) <= 3, (stem, a.unit.name, vv)


@pytest.mark.slow
@pytest.mark.parametrize("stem", [p.stem for p in ALL_PLANS])
def test_the_signature_page_holds_the_last_two_paragraphs(letters_printed, stem):
    plan, pdfs = letters_printed[stem]
    for a in assignments(plan):
        pages = words_by_line(pdfs[a.unit.id])
        page = next(p for p in pages if any(text.startswith("Nơi nhận") for _, _, text in p))
        before = [text for _, _, text in page[: next(i for i, (_, _, t) in enumerate(page) if t.startswith("Nơi nhận"))]
                  if not re.fullmatch(r"\d+", text)]
        closing = next(i for i, t in enumerate(before) if t.startswith(("Yêu cầu", "Đề nghị")))
        assert closing > 0, f"{stem}: {a.unit.name}: the closing formula alone above the signature"
