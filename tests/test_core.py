"""The plan core without YAML: a Plan built in code is validated and adapted; YAML places the same problems."""

from __future__ import annotations

import dataclasses

import pytest

from generator.adapt import Changes, Insert, Replacement, RowChange, adapt
from generator.errors import PlanError, Problem
from generator.load import load_plan, load_plan_text
from generator.model import Appendix, Issuer, Plan, Section, Signer, Task, Unit
from generator.validate import validate
from generator.vn import VnDate

from .conftest import DATA, PLAN_DATA


def task(tid: str, content: str, leads: tuple[str, ...], partners: tuple[str, ...] = ()) -> Task:
    return Task(id=tid, number=tid.rsplit(".", 1)[-1], content=(content,), leads=leads, partners=partners,
                product="", timeline="")


def code_plan(*tasks: Task, units: tuple[Unit, ...] | None = None) -> Plan:
    """The plan of tests/data/valid/minimal.yaml, built in Python."""
    return Plan(
        name="mau", source="(mã)", issuer=Issuer("Ủy ban nhân dân xã Mẫu", "UBND"), kind="Kế hoạch", number="",
        symbol="KH-UBND", place="Mẫu", date=VnDate(5, 3, 2026), subject="Thử nghiệm", references=(),
        signer=Signer((), "CHỦ TỊCH", "Nguyễn Văn A"), recipients=(), archive="VT", body=(),
        units=(Unit("phong-kinh-te", "Phòng Kinh tế"), Unit("cong-an-xa", "Công an xã")) if units is None else units,
        appendix=Appendix("Nhiệm vụ", (Section("I", "Tuyên truyền", tasks),)),
    )


GOOD = (task("I.1", "Tổ chức tuyên truyền", ("phong-kinh-te",), ("cong-an-xa",)),
        task("I.2", "Kiểm tra", ("cong-an-xa",)))


def test_a_valid_plan_built_in_code_has_no_problem():
    assert validate(code_plan(*GOOD)) == []


# The same three mistakes, made in code and in YAML: the problem names the model path, YAML adds the place.
MISTAKES = [
    ("lead also partner", GOOD[0], dataclasses.replace(GOOD[0], partners=("phong-kinh-te",)),
     "[phong-kinh-te]\n          phoi_hop: [cong-an-xa]", "[phong-kinh-te]\n          phoi_hop: [phong-kinh-te]",
     Problem("phu_luc.muc[0].nhiem_vu[0].phoi_hop",
             "đơn vị 'phong-kinh-te' vừa chủ trì vừa phối hợp nhiệm vụ I.1 — bỏ ở một trong hai cột"), "26:21"),
    ("no lead", GOOD[1], dataclasses.replace(GOOD[1], leads=()),
     "          chu_tri: [cong-an-xa]\n", "          chu_tri: []\n",
     Problem("phu_luc.muc[0].nhiem_vu[1].chu_tri",
             "nhiệm vụ I.2 chưa có đơn vị chủ trì — thêm ít nhất một đơn vị vào chu_tri"), "29:20"),
    ("numbering", GOOD[1], dataclasses.replace(GOOD[1], id="I.3", number="3"),
     "        - stt: 2\n", "        - stt: 3\n",
     Problem("phu_luc.muc[0].nhiem_vu[1].stt",
             "số thứ tự không đúng thứ tự trong mục I: ở đây phải là '2', không phải '3'"), "27:16"),
]


@pytest.mark.parametrize(("name", "good", "bad", "old", "new", "problem", "place"), MISTAKES,
                         ids=[m[0] for m in MISTAKES])
def test_code_and_yaml_report_the_same_problem(name, good, bad, old, new, problem, place):
    tasks = tuple(bad if t is good else t for t in GOOD)
    assert validate(code_plan(*tasks)) == [problem]
    text = (DATA / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    assert old in text
    with pytest.raises(PlanError) as caught:
        load_plan_text(text.replace(old, new), "mau")
    assert [str(i) for i in caught.value.issues] == [f"mau.yaml:{place}: {problem.path}: {problem.message}"]


def test_every_rule_between_fields_is_found_on_the_model():
    units = (Unit("phong-kinh-te", "Phòng Kinh tế"), Unit("phong-kinh-te", "Phòng Tài chính"),
             Unit("hoi", "Các hội", collective=True, members=("khong-co", "hoi")),
             Unit("ca", "Công an xã", aliases=("Phòng Kinh tế",), members=("phong-kinh-te",)))
    plan = dataclasses.replace(code_plan(task("I.1", " ", ("ca", "ca", "ma")), task("I.1", "Hai", ("hoi",)),
                                         units=units), standing="hoi", subject="")
    got = {(p.path, p.message.split(" — ")[0], p.warning) for p in validate(plan)}
    assert got == {
        ("van_ban.trich_yeu", "thiếu trường bắt buộc 'trich_yeu'", False),
        ("don_vi[1].ma", "mã đơn vị 'phong-kinh-te' bị trùng (đã có ở đơn vị thứ 1)", False),
        ("don_vi[2].thanh_vien[0]", "không có đơn vị 'khong-co' trong danh sách don_vi", False),
        ("don_vi[2].thanh_vien[1]", "'hoi' là đơn vị tập thể", False),
        ("don_vi[3].ten_khac", "tên 'Phòng Kinh tế' dùng cho cả hai đơn vị 'phong-kinh-te' và 'ca'", False),
        ("don_vi[3].thanh_vien", "chỉ đơn vị tập thể (tap_the: true) mới có thanh_vien", False),
        ("co_quan_thuong_truc", "'hoi' là đơn vị tập thể", False),
        ("phu_luc.muc[0].nhiem_vu[0].noi_dung", "nhiệm vụ I.1: nội dung nhiệm vụ trống", False),
        ("phu_luc.muc[0].nhiem_vu[0].chu_tri[1]", "nhiệm vụ I.1: đơn vị 'ca' được ghi hai lần", False),
        ("phu_luc.muc[0].nhiem_vu[0].chu_tri[2]", "nhiệm vụ I.1: không có đơn vị 'ma' trong don_vi", False),
        ("phu_luc.muc[0].nhiem_vu[1].stt", "mã nhiệm vụ 'I.1' bị trùng (đã có ở dòng thứ 2 của phụ lục)", False),
    }
    lonely = dataclasses.replace(plan, units=(*units[:2], dataclasses.replace(units[2], members=()), units[3]))
    assert Problem("phu_luc.muc[0].nhiem_vu[1].chu_tri", "nhiệm vụ I.1 do “Các hội” chủ trì nhưng chưa khai báo "
                   "thanh_vien — không đơn vị cụ thể nào nhận công văn chủ trì nhiệm vụ này", True) in validate(lonely)


def test_adapt_takes_a_base_plan_and_changes_built_in_code():
    base = code_plan(*GOOD)
    added = task("", "Sơ kết", ("ca-xa",))
    changes = Changes(
        name="thon-a", units=(Unit("ca-xa", "Công an thôn"),), unit_map={"cong-an-xa": ("ca-xa",)},
        keep=frozenset({"phong-kinh-te"}),
        replacements=(Replacement("tuyên truyền", "tuyên truyền, vận động", "thay_chu[0]"),
                      Replacement("không có", "x", "thay_chu[1]")),
        rows={"I.1": RowChange(add_sentence="Báo cáo kết quả.", path="phu_luc.sua.I.1")},
        inserts=(Insert("I.1", dataclasses.replace(added, origin="thon-a#them[0]"), "phu_luc.them[0]"),),
        document={"subject": "Thử nghiệm ở thôn"},
    )
    plan, problems = adapt(base, changes)
    assert [(t.id, t.content, t.leads, t.partners, t.origin) for t in plan.tasks()] == [
        ("I.1", ("Tổ chức tuyên truyền, vận động. Báo cáo kết quả.",), ("phong-kinh-te",), ("ca-xa",), "I.1"),
        ("I.2", ("Sơ kết",), ("ca-xa",), (), "thon-a#them[0]"),
        ("I.3", ("Kiểm tra",), ("ca-xa",), (), "I.2"),
    ]
    assert [u.id for u in plan.units] == ["ca-xa", "phong-kinh-te"]
    assert plan.subject == "Thử nghiệm ở thôn" and plan.name == "thon-a"
    assert problems == [Problem("thay_chu[1]", "không tìm thấy “không có” trong nội dung nhiệm vụ nào", warning=True)]
    assert validate(plan) == []
    assert base.units[1].id == "cong-an-xa" and len(list(base.tasks())) == 2  # the base is untouched


def test_adapt_reports_a_lead_lost_in_the_unit_map():
    plan, problems = adapt(code_plan(*GOOD), Changes(unit_map={"cong-an-xa": ()}, keep=frozenset({"phong-kinh-te"})))
    assert problems == [Problem("doi_don_vi", "nhiệm vụ I.2 không còn đơn vị chủ trì sau khi đổi đơn vị — thêm "
                                "chu_tri tại phu_luc.sua.I.2", subject="phu_luc.muc[0].nhiem_vu[1].chu_tri")]
    assert [p.path for p in validate(plan)] == ["phu_luc.muc[0].nhiem_vu[1].chu_tri"]


def test_a_broken_base_and_a_broken_child_are_both_reported(tmp_path):
    base = (DATA / "valid" / "minimal.yaml").read_text(encoding="utf-8").replace("ngay: 5/3/2026", "ngay: 31/4/2026")
    (tmp_path / "tinh.yaml").write_text(base, encoding="utf-8")
    child = tmp_path / "xa.yaml"
    child.write_text("ke_thua: tinh.yaml\nphu_luc:\n  sua:\n    I.9: {bo: true}\n    I.2: {chu_tri: [khong-co]}\n",
                     encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        load_plan(child)
    lines = [f"{i.file.rsplit('/', 1)[-1]}:{i.line}: {i.where}: {i.message.split(' — ')[0]}"
             for i in caught.value.issues]
    assert lines == [
        "tinh.yaml:7: van_ban.ngay: ngày không có thật: 31/4/2026 (tháng 4 năm 2026 có 30 ngày)",
        "xa.yaml:4: phu_luc.sua.I.9: kế hoạch gốc không có nhiệm vụ 'I.9'",
        "xa.yaml:5: phu_luc.sua.I.2.chu_tri[0]: không có đơn vị 'khong-co' trong danh sách don_vi",
    ]


def test_a_rule_broken_by_the_child_is_placed_in_the_child(tmp_path):
    child = tmp_path / "xa.yaml"
    child.write_text(f"ke_thua: {PLAN_DATA / 'xa-xop.yaml'}\nphu_luc:\n  sua:\n    I.1:\n"
                     "      noi_dung: ''\n", encoding="utf-8")
    with pytest.raises(PlanError) as caught:
        load_plan(child)
    # validate() sees task I.1 of the adapted plan; the problem is placed where this file emptied it
    assert [(i.line, i.col, i.where, i.message) for i in caught.value.issues] == [
        (5, 17, "phu_luc.sua.I.1.noi_dung", "nhiệm vụ I.1: nội dung nhiệm vụ trống")]


def test_replace_gives_a_new_plan_and_never_changes_the_original():
    plan = load_plan(PLAN_DATA / "xa-xop.yaml")
    first = plan.units[0]
    other = dataclasses.replace(plan, units=(dataclasses.replace(first, name="Đổi tên"), *plan.units[1:]))
    assert plan.unit(first.id).name == first.name and other.unit(first.id).name == "Đổi tên"
    with pytest.raises(dataclasses.FrozenInstanceError):
        plan.name = "x"  # type: ignore[misc]


KEM_THEO = """
kem_theo:
  - tieu_de: Danh mục các văn bản đã ban hành
    doan: Các văn bản dưới đây đã gửi các đơn vị.
    noi_dung:
      - tieu_de: QUYẾT ĐỊNH
        doan:
          - 1. Quyết định số 12/QĐ-UBND ngày 03/3/2025 của Ủy ban nhân dân tỉnh.
          - 2. Quyết định số 40/QĐ-UBND ngày 09/5/2025 của Ủy ban nhân dân tỉnh.
"""


def test_a_text_after_the_signature_reads_writes_back_and_stays_with_its_issuer(tmp_path):
    """``kem_theo`` (a list the plan prints after its signature) is read, written back by ``adapt -o``'s writer
    to an equal plan, and not carried into a plan another body adapts from it (it is the issuer's own list)."""
    from generator.export import plan_to_yaml

    base = (PLAN_DATA / "kon-tum.yaml").read_text(encoding="utf-8") + KEM_THEO
    plan = load_plan_text(base, "kon-tum")
    [attachment] = plan.attachments
    assert attachment.title == "Danh mục các văn bản đã ban hành"
    assert attachment.paragraphs == ("Các văn bản dưới đây đã gửi các đơn vị.",)
    assert attachment.parts[0].title == "QUYẾT ĐỊNH" and len(attachment.parts[0].paragraphs) == 2
    assert load_plan_text(plan_to_yaml(plan), "kon-tum").attachments == plan.attachments
    (tmp_path / "tinh.yaml").write_text(base, encoding="utf-8")
    commune = ("ke_thua: tinh.yaml\nco_quan_ban_hanh:\n  ten: Ủy ban nhân dân xã Xốp\nvan_ban:\n  ngay: 12/2025\n"
               "nguoi_ky:\n  ho_ten: Nguyễn Văn A\n")
    (tmp_path / "xa.yaml").write_text(commune, encoding="utf-8")
    assert load_plan(tmp_path / "xa.yaml").attachments == ()


def test_a_text_after_the_signature_without_its_title_is_named_at_its_line():
    text = (PLAN_DATA / "kon-tum.yaml").read_text(encoding="utf-8") + "kem_theo:\n  - doan: Một dòng.\n"
    with pytest.raises(PlanError) as caught:
        load_plan_text(text, "kon-tum")
    errors = [(i.line, i.where, i.message) for i in caught.value.issues if not i.warning]
    assert errors == [(text.count("\n"), "kem_theo[0].tieu_de", "thiếu trường bắt buộc 'tieu_de'")]
