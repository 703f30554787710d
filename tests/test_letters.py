"""Letters of one or two pages and a "Tổ chức thực hiện" that never contradicts itself (issue 21), checked on
every plan of ``plan_data/`` (the seeds, the communes made from them and the real plans imported from Word).
Fast: plan in, sentences out, no document written; the printed page counts are in ``test_wording``."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from generator.assign import assignments
from generator.load import load_plan
from generator.model import Plan
from generator.relations import OUTSIDE, full_name, relation
from generator.render.letters import VV_CHARS, VV_LINES, letter_context, vv_line, wrapped_lines
from generator.render.organisation import brief, organisation_parts, receiver_title, receivers, register_members
from generator.vn import HEADER_CHARS, header_lines, name_phrases, name_tokens, upper_title

from .conftest import PLAN_DATA

PLANS = sorted(PLAN_DATA.glob("*.yaml")) + sorted((PLAN_DATA / "vi-du").glob("*.yaml"))
IDS = [p.stem for p in PLANS]
_cache: dict[Path, Plan] = {}


def plan_of(path: Path) -> Plan:
    if path not in _cache:
        _cache[path] = load_plan(path)
    return _cache[path]


def letter_lines(plan: Plan, unit_id: str) -> list[str]:
    a = next(a for a in assignments(plan) if a.unit.id == unit_id)
    return [item["text"].replace("\u2011", "-") for item in letter_context(plan, a)["body"]]


# --- the task's words in a letter -------------------------------------------------------------------------------

def test_brief_keeps_a_short_task_whole() -> None:
    text = "Rà soát, hoàn thiện chính sách về cho vay nước sạch"
    assert brief(text + ".") == text


def test_brief_cuts_a_long_task_where_a_van_thu_would() -> None:
    text = ("Tiếp tục cân đối, bố trí kịp thời ngân sách của địa phương trong kế hoạch đầu tư công trung hạn và hằng "
            "năm (bao gồm vốn đầu tư công, vốn đầu tư phát triển khác, kinh phí thường xuyên) ủy thác sang Ngân hàng "
            "Chính sách xã hội trên địa bàn để bổ sung nguồn vốn cho vay")
    assert brief(text) == (  # never a bracket left open
        "Tiếp tục cân đối, bố trí kịp thời ngân sách của địa phương trong kế hoạch đầu tư công trung hạn và hằng năm …")


def test_brief_never_splits_a_name_nor_ends_on_a_joining_word() -> None:
    text = ("Mở rộng phạm vi, quy mô, đối tượng, nâng mức cho vay, thời hạn vay từ nguồn vốn ngân sách địa phương "
            "ủy thác sang Ngân hàng Chính sách xã hội trên địa bàn phù hợp với mục tiêu các chương trình mục tiêu "
            "quốc gia")
    short = brief(text)
    assert short.endswith("Ngân hàng Chính sách xã hội …")
    one = "Tổ chức " + "rà soát hồ sơ " * 30
    assert not re.search(r"\b(của|và|với|các|để|trong)\s…$", brief(one))


# --- V/v ---------------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", PLANS, ids=IDS)
def test_vv_fits_three_lines_and_never_repeats_itself(path: Path) -> None:
    vv = vv_line(plan_of(path))
    assert wrapped_lines(vv, VV_CHARS) <= VV_LINES, vv
    assert not re.search(r"triển khai (thực hiện )?\S+ (triển khai|thực hiện) (thực hiện|triển khai)", vv), vv
    assert not re.search(r"\b(của|và|về|với)$", vv)


def test_vv_of_the_seeds() -> None:
    assert vv_line(plan_of(PLAN_DATA / "kon-tum.yaml")) == (
        "V/v triển khai Kế hoạch thực hiện Chỉ thị số 39-CT/TW của Ban Bí thư")
    assert vv_line(plan_of(PLAN_DATA / "xa-xop.yaml")) == (  # "trên địa bàn xã Xốp": the sender says it
        "V/v triển khai Kế hoạch thực hiện Quyết định số 1560/QĐ-TTg của Thủ tướng Chính phủ")
    assert vv_line(plan_of(PLAN_DATA / "vi-du" / "dong-nai-179-kh-ubnd-2025.yaml")) == (
        "V/v triển khai Kế hoạch phát triển kinh tế số và xã hội số giai đoạn 2026 - 2030")


# --- letters -----------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", PLANS, ids=IDS)
def test_a_letter_names_each_task_by_number_in_short(path: Path) -> None:
    plan = plan_of(path)
    for a in assignments(plan):
        lines = letter_lines(plan, a.unit.id)
        items = [t for t in lines if re.match(r"([a-zđ]\)|-) ", t)]
        assert items, a.unit.name
        for text in items:
            assert re.search(r"(Nhiệm vụ|nhiệm vụ|Chỉ tiêu|chỉ tiêu|Điểm|điểm) ", text), text
            assert len(text) < 520, text  # short wording, co-leads, partners and deadline: never the whole task


def test_an_outside_body_that_leads_is_asked_to_carry_out_not_to_support() -> None:
    plan = plan_of(PLAN_DATA / "xa-xop.yaml")
    lines = letter_lines(plan, "hoi-nong-dan")
    assert lines[1].startswith("Ủy ban nhân dân xã Xốp đề nghị Hội Nông dân xã Xốp thực hiện các nội dung sau")
    assert lines[2] == "1. Chủ trì thực hiện các nhiệm vụ"
    supporting = [(plan, a) for plan in map(plan_of, PLANS) for a in assignments(plan)
                  if relation(plan, a.unit) == OUTSIDE and not a.leads and a.unit.id != plan.standing]
    assert supporting
    for plan, a in supporting:
        assert "đề nghị" in letter_lines(plan, a.unit.id)[1]
        assert "phối hợp thực hiện các nội dung sau" in letter_lines(plan, a.unit.id)[1]


def test_what_all_tasks_share_is_said_once() -> None:
    lines = letter_lines(plan_of(PLAN_DATA / "xa-xop.yaml"), "hoi-nong-dan")
    assert ("2. Phối hợp thực hiện các nhiệm vụ (giao chung cho các tổ chức chính trị - xã hội xã; thời gian thực "
            "hiện: thường xuyên)") in lines
    assert sum("giao chung cho các tổ chức chính trị" in t for t in lines) == 1


def test_a_long_list_of_supporting_tasks_is_grouped_by_lead() -> None:
    plan = plan_of(PLAN_DATA / "vi-du" / "dong-nai-179-kh-ubnd-2025.yaml")
    lines = letter_lines(plan, next(a.unit.id for a in assignments(plan) if len(a.supports) > 80))
    supports = lines[lines.index("2. Phối hợp thực hiện các nhiệm vụ") + 1:]
    leads = [re.match(r"[a-zđ]\) Phối hợp với (.+?) thực hiện ", t) for t in supports if t[:2] != "3."]
    names = [m.group(1) for m in leads if m]
    assert len(names) == len(set(names)) > 5  # one item per lead unit


@pytest.mark.parametrize("path", PLANS, ids=IDS)
def test_every_unit_note_reaches_its_letter(path: Path) -> None:
    plan = plan_of(path)
    notes = [(u, t) for part in _parts(plan) for u, t in part.unit_notes]
    for unit_id, text in notes:
        reached = [a for a in assignments(plan) if a.unit.id == unit_id or unit_id in _collectives_of(plan, a.unit.id)]
        for a in reached:
            assert any(text.rstrip(".") in line for line in letter_lines(plan, a.unit.id)), (a.unit.name, text)


def test_the_kon_tum_commune_template_note_reaches_the_front() -> None:
    plan = plan_of(PLAN_DATA / "kon-tum-cap-xa.yaml")
    lines = letter_lines(plan, "ubmttq-xa")
    assert any(re.match(r"\d\. Nhiệm vụ chung", t) for t in lines)
    assert any(t.startswith("Chủ trì, phối hợp với các tổ chức chính trị - xã hội xã tổ chức giám sát") for t in lines)


def _parts(plan: Plan) -> list:
    out, stack = [], list(plan.body)
    while stack:
        part = stack.pop()
        out.append(part)
        stack += part.children
    return out


def _collectives_of(plan: Plan, unit_id: str) -> set[str]:
    return {u.id for u in plan.units if u.collective and unit_id in u.members}


# --- Tổ chức thực hiện ---------------------------------------------------------------------------------------

def organisation(plan: Plan) -> list[tuple[str, list[str]]]:
    part = next(p for p in _parts(plan) if p.assignments) if any(p.assignments for p in _parts(plan)) else None
    if part is None:
        pytest.skip("the plan writes its own Tổ chức thực hiện")
    return [(p.title, list(p.paragraphs)) for p in organisation_parts(plan, part)]


@pytest.mark.parametrize("path", PLANS, ids=IDS)
def test_no_unit_coordinates_with_itself(path: Path) -> None:
    plan = plan_of(path)
    for receiver in receivers(plan):
        own = {receiver.unit.name} | {plan.unit(m).name for m in register_members(plan, receiver.unit)}
        title = receiver_title(plan, receiver.unit)
        lines = dict(organisation(plan))[title]
        for line in lines:
            partners = re.match(r"- (?:Chủ trì, )?[Pp]hối hợp với (.+?) (?:thực hiện|[a-zà-ỹđ]+ )", line)
            if partners:
                named = set(partners.group(1).split(", "))
                assert not named & own, f"{title}: {line}"


@pytest.mark.parametrize("path", PLANS, ids=IDS)
def test_every_unit_is_spoken_to_in_one_register_only(path: Path) -> None:
    plan = plan_of(path)
    register: dict[str, set[bool]] = {}
    for receiver in receivers(plan):
        asked = receiver_title(plan, receiver.unit).startswith("Đề nghị")
        assert asked == (relation(plan, receiver.unit) == OUTSIDE), receiver.unit.name
        spoken = register_members(plan, receiver.unit) if receiver.unit.collective else (receiver.unit.id,)
        for unit_id in spoken:
            register.setdefault(unit_id, set()).add(asked)
            assert asked == (relation(plan, plan.unit(unit_id)) == OUTSIDE), plan.unit(unit_id).name
    assert all(len(kinds) == 1 for kinds in register.values())


@pytest.mark.parametrize("path", PLANS, ids=IDS)
def test_no_doubled_verb(path: Path) -> None:
    plan = plan_of(path)
    for _title, lines in organisation(plan):
        for line in lines:
            assert not re.match(r"- Chủ trì(, phối hợp với [^()]*?)? phối hợp\b", line, re.IGNORECASE), line
            assert not re.match(r"- Chủ trì,? chủ trì\b", line, re.IGNORECASE), line


def test_the_front_comes_with_the_mass_organisations() -> None:
    titles = [title for title, _ in organisation(plan_of(PLAN_DATA / "xa-xop.yaml"))]
    outside = [t for t in titles if t.startswith("Đề nghị")]
    assert outside[0] == "Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam xã"
    assert outside[1].startswith("Đề nghị các tổ chức chính trị - xã hội xã")


# --- names in the header ------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", PLANS, ids=IDS)
def test_header_names_break_only_between_the_phrases_of_the_table(path: Path) -> None:
    plan = plan_of(path)
    names = {plan.issuer.name} | {full_name(plan, a.unit) for a in assignments(plan)}
    for name in names:
        upper = upper_title(name)
        lines = header_lines(upper)
        assert " ".join(lines) == " ".join(upper.split())
        assert all(len(line) <= HEADER_CHARS or " " not in line.split(" ", 1)[-1] or line in name_tokens(upper)
                   for line in lines), lines
        assert not any(line.split()[-1] in ("VÀ", "CÁC") for line in lines[:-1]), lines
        words = upper.split()
        ends = {sum(len(line.split()) for line in lines[:i + 1]) for i in range(len(lines) - 1)}  # word index of breaks
        for phrase in name_phrases():
            for start in range(len(words) - len(phrase) + 1):
                if tuple(w.rstrip(",;") for w in words[start:start + len(phrase)]) == phrase:
                    inside = set(range(start + 1, start + len(phrase)))
                    assert not inside & ends, (lines, " ".join(phrase))


def test_the_names_a_van_thu_reviewed() -> None:
    assert header_lines("ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM XÃ XỐP") == ["ỦY BAN MẶT TRẬN TỔ QUỐC", "VIỆT NAM XÃ XỐP"]
    assert header_lines("HỘI LIÊN HIỆP PHỤ NỮ TỈNH KON TUM") == ["HỘI LIÊN HIỆP PHỤ NỮ", "TỈNH KON TUM"]
    assert header_lines("ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP") == ["ỦY BAN NHÂN DÂN", "TỈNH ĐỒNG THÁP"]
    assert header_lines("CHI NHÁNH NGÂN HÀNG CHÍNH SÁCH XÃ HỘI TỈNH KON TUM") == [
        "CHI NHÁNH NGÂN HÀNG", "CHÍNH SÁCH XÃ HỘI", "TỈNH KON TUM"]
    assert header_lines("BAN QUẢN LÝ CÁC KHU CÔNG NGHIỆP, KHU KINH TẾ")[0] == "BAN QUẢN LÝ"


# --- report forms ---------------------------------------------------------------------------------------------

def _form_table(path: Path):
    import io

    import docx

    from generator.api import build_documents

    form = next(f for f in build_documents(plan_of(path)) if f.kind == "bao-cao")
    return docx.Document(io.BytesIO(form.data)).tables[1]


def test_a_plan_without_products_prints_no_empty_product_column() -> None:
    without = PLAN_DATA / "vi-du" / "bac-ninh-144-kh-ubnd-2025.yaml"
    assert not any(t.product for t in plan_of(without).tasks())
    heads = [c.text for c in _form_table(without).rows[0].cells]
    assert "Sản phẩm theo kế hoạch" not in heads and heads[1].startswith("Nhiệm vụ")
    assert "Sản phẩm theo kế hoạch" in [c.text for c in _form_table(PLAN_DATA / "xa-xop.yaml").rows[0].cells]


@pytest.mark.parametrize("path", PLANS, ids=IDS)
def test_short_form_rows_never_split_across_pages(path: Path) -> None:
    from docx.oxml.ns import qn

    table = _form_table(path)
    for row in table.rows[1:]:
        lines = max(sum(1 + len(p.text) // 60 for p in cell.paragraphs) for cell in row.cells)
        if lines <= 8:
            assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None, row.cells[1].text


def test_names_holding_commas_are_joined_by_semicolons() -> None:
    from generator.render.organisation import names

    plan = plan_of(PLAN_DATA / "vi-du" / "dong-nai-179-kh-ubnd-2025.yaml")
    culture = next(u.id for u in plan.units if "," in u.name and not u.collective)
    other = next(u.id for u in plan.units if "," not in u.name and not u.collective)
    assert names(plan, [culture, other]) == f"{plan.unit(culture).name}; {plan.unit(other).name}"
    assert names(plan, [other, other]) == f"{plan.unit(other).name}, {plan.unit(other).name}"


def test_a_unit_abbreviated_in_the_table_is_written_in_full_in_its_letter_and_form() -> None:
    from generator.load import load_plan_text
    from generator.render.letters import report_context
    plan = load_plan_text("""co_quan_ban_hanh: {ten: Ủy ban nhân dân tỉnh Mẫu, viet_tat: UBND}
van_ban: {ky_hieu: KH-UBND, dia_danh: Mẫu, ngay: 20/5/2025, trich_yeu: Thử}
nguoi_ky: {chuc_vu: Chủ tịch, ho_ten: Nguyễn Văn A}
don_vi:
  - {ma: so-khcn, ten: Sở KH&CN}
phu_luc:
  ten: Nhiệm vụ
  nhiem_vu:
    - {noi_dung: Việc một, chu_tri: [so-khcn]}
""")
    a = next(iter(assignments(plan)))
    context = letter_context(plan, a)
    assert context["recipient"] == "Sở Khoa học và Công nghệ"
    texts = letter_lines(plan, "so-khcn")
    assert texts[1].startswith("Ủy ban nhân dân tỉnh Mẫu giao Sở Khoa học và Công nghệ thực hiện")
    assert texts[-1] == "Yêu cầu Sở Khoa học và Công nghệ nghiêm túc triển khai thực hiện./."
    form = report_context(plan, a)
    assert form["issuer_lines"] == ["SỞ KHOA HỌC VÀ CÔNG NGHỆ"]
    # no viet_tat in the data: blanks for the unit to fill, never a guessed abbreviation nor an ellipsis
    from generator.vn import BLANK
    assert form["number"] == f"{BLANK}/BC-{BLANK}" and form["recipients"][-1] == "- Lưu: VT."
