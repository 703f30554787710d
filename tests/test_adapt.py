"""Adapting a provincial plan for a commune: extends, unit mapping, per-task changes, adapt and diff."""

from __future__ import annotations

import docx
import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.diff import diff_plans, render_text
from generator.errors import display_path
from generator.load import load_plan

from .conftest import DATA, FIXTURES, PLAN_DATA
from .docxread import body_paragraphs, table_cells

ADAPT = DATA / "adapt"


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def non_blank_lines(path) -> int:
    return sum(1 for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


def test_xop_extends_the_province_and_equals_the_full_transcription(xa_xop):
    assert xa_xop.lineage == ("plan_data/kon-tum-cap-xa.yaml", "plan_data/kon-tum.yaml")
    assert xa_xop == load_plan(FIXTURES / "xa-xop-day-du.yaml")
    # the seed-001 fidelity test (tests/test_fidelity.py) runs on this same resolved plan


def test_file_sizes_stated_in_the_readme():
    readme = (PLAN_DATA.parent / "README.md").read_text(encoding="utf-8")
    xop, shared, full = (non_blank_lines(p) for p in (PLAN_DATA / "xa-xop.yaml", PLAN_DATA / "kon-tum-cap-xa.yaml",
                                                      FIXTURES / "xa-xop-day-du.yaml"))
    assert f"{xop} dòng" in readme and f"{shared} dòng" in readme and f"{full} dòng" in readme


def test_a_second_commune_is_a_short_file_that_builds_the_whole_bundle(tmp_path):
    path = PLAN_DATA / "xa-bo-y.yaml"
    assert non_blank_lines(path) <= 20
    result = run("build", path, "-o", tmp_path)
    assert result.exit_code == 0, result.output
    folder = tmp_path / "xa-bo-y"
    assert "10 công văn, 10 mẫu báo cáo" in result.output
    text = "\n".join(
        t for f in folder.rglob("*.docx") for t in body_paragraphs(docx.Document(str(f)))
    ) + "\n".join(
        c for f in folder.rglob("*.docx") for table in docx.Document(str(f)).tables
        for row in table_cells(table) for cell in row for c in cell
    )
    assert "XÃ BỜ Y" in text and "Bờ Y, ngày" in text and "Lê Thị Mẫu" in text
    assert "Phòng giao dịch Ngân hàng Chính sách xã hội Ngọc Hồi" in text
    assert "Xốp" not in text and "Đăk Glei" not in text and "Kon Tum" not in text.replace("tỉnh Kon Tum", "")
    assert (folder / "cong-van" / "06-phong-giao-dich-ngan-hang-chinh-sach-xa-hoi-ngoc-hoi.docx").exists()


# Hand-derived from seeds 000 and 001 (see tests/fixtures/seeds/README.md): every task whose text or units
# differ beyond the unit renaming; II.2 and III.1 differ only by the renaming; IV.1.c is new; none dropped.
SEED_CHANGED = ["I.1", "I.2", "II.1", "II.3", "III.2", "IV.1.a", "IV.1.b", "V.1", "V.2", "V.3", "V.4", "V.5",
                "V.6", "V.7", "V.8", "V.9", "VI.1", "VI.2", "VI.3", "VI.4"]


def test_diff_reports_exactly_the_tasks_that_differ_between_the_seeds(kon_tum, xa_xop):
    d = diff_plans(kon_tum, xa_xop)
    assert [c.new_id for c in d.changed] == SEED_CHANGED
    assert [t.id for t in d.added] == ["IV.1.c"]
    assert d.dropped == []
    fields = {c.new_id: [f.label for f in c.fields] for c in d.changed}
    assert fields["III.2"] == ["Nội dung"]
    assert fields["II.3"] == ["Đơn vị phối hợp"]
    assert ("Sở Tài chính", "Phòng Kinh tế; Phòng Văn hóa - Xã hội") in d.units


def test_diff_command_prints_word_changes_and_writes_the_comparison_table(tmp_path):
    out = tmp_path / "so-sanh.docx"
    result = run("diff", PLAN_DATA / "kon-tum.yaml", PLAN_DATA / "xa-xop.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    assert "Nhiệm vụ thay đổi: 20; thêm: 1; bỏ: 0" in result.output
    assert "Thực hiện đầy đủ, [-đảm bảo-] {+bảo đảm+} chất lượng" in result.output or (
        "{+bảo+} đảm [-bảo-]" in result.output)
    document = docx.Document(str(out))
    assert document.sections[0].orientation == 1
    rows = table_cells(document.tables[1])
    assert rows[0] == [["Mã nhiệm vụ"], ["Nội dung thay đổi"], ["Kế hoạch gốc"], ["Kế hoạch điều chỉnh"]]
    ids = {r[0][0] for r in rows[1:]}
    assert set(SEED_CHANGED) | {"IV.1.c", "Đơn vị"} == ids
    row = next(r for r in document.tables[1].rows if r.cells[0].text == "III.2")
    struck = [r.text.strip() for r in row.cells[2].paragraphs[0].runs if r.font.strike]
    added = [r.text.strip() for r in row.cells[3].paragraphs[0].runs if r.font.bold and r.font.underline]
    assert (struck, added) in ((["đảm bảo"], ["bảo đảm"]), (["bảo"], ["bảo"]))
    assert run("diff", PLAN_DATA / "kon-tum.yaml", PLAN_DATA / "xa-xop.yaml", "-o", out).exit_code == 1


def test_unrelated_plans_are_compared_by_task_id(kon_tum):
    d = diff_plans(load_plan(FIXTURES / "xa-xop-day-du.yaml"), load_plan(PLAN_DATA / "xa-bo-y.yaml"))
    assert d.added == [] and d.dropped == []
    assert d.changed == []  # same table; only the PGD's name differs
    assert d.units == [("Phòng giao dịch Ngân hàng Chính sách xã hội Đăk Glei",
                        "Phòng giao dịch Ngân hàng Chính sách xã hội Ngọc Hồi")]


def test_adapt_writes_a_standalone_file_that_loads_to_the_same_plan(tmp_path, xa_xop):
    out = tmp_path / "xa-xop-day-du.yaml"
    result = run("adapt", PLAN_DATA / "xa-xop.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    assert "ke_thua" not in out.read_text(encoding="utf-8")
    assert load_plan(out) == xa_xop
    assert run("adapt", PLAN_DATA / "xa-xop.yaml", "-o", out).exit_code == 1  # no silent overwrite
    assert run("adapt", PLAN_DATA / "xa-xop.yaml", "-o", out, "--force").exit_code == 0


def test_drop_insert_and_renumber():
    plan = load_plan(ADAPT / "drop_and_insert.yaml")
    section_v = plan.appendix.sections[4]
    assert [(t.id, t.origin) for t in section_v.tasks()][:3] == [
        ("V.1", "drop_and_insert.yaml#them[0]"), ("V.2", "V.1"), ("V.3", "V.3")]
    assert section_v.items[0].content == ("Nhiệm vụ mở đầu mục V",)
    section_iv = plan.appendix.sections[3]
    assert section_iv.items[0].title == "Nhóm nhiệm vụ đã đổi tên"
    assert [t.id for t in section_iv.tasks()] == ["IV.1.a", "IV.1.b", "IV.2"]


ERRORS = {
    "cycle_a": [("cycle_b", "1:10: ke_thua: kế thừa vòng tròn: tests/data/adapt/cycle_a.yaml → "
                 "tests/data/adapt/cycle_b.yaml → tests/data/adapt/cycle_a.yaml — một kế hoạch không thể kế thừa "
                 "chính nó")],
    "missing_base": [("missing_base", "1:10: ke_thua: không tìm thấy kế hoạch gốc 'khong-co.yaml' (đường dẫn tính "
                      "từ thư mục của tệp này)")],
    "unmapped_units": [
        ("unmapped_units", "6:3: doi_don_vi: đơn vị 'cong-an-tinh' (Công an tỉnh) của kế hoạch gốc chưa được đổi "
         "(doi_don_vi) hay giữ lại (giu_don_vi) — có ở nhiệm vụ V.6"),
        ("unmapped_units", "6:3: doi_don_vi: đơn vị 'so-giao-duc-dao-tao' (Sở Giáo dục và Đào tạo) của kế hoạch gốc "
         "chưa được đổi (doi_don_vi) hay giữ lại (giu_don_vi) — có ở nhiệm vụ V.7"),
    ],
    "unknown_change": [
        ("unknown_change", "4:5: phu_luc.sua.V.10: kế hoạch gốc không có nhiệm vụ 'V.10' — có phải 'V.1'?"),
        ("unknown_change", "7:7: phu_luc.sua.V.1.san_pahm: khóa lạ 'san_pahm' — có phải 'san_pham'?"),
        ("unknown_change", "9:12: phu_luc.them[0].sau: kế hoạch gốc không có nhiệm vụ 'IV.1.d' — có phải 'IV.1.b'?"),
    ],
    "lead_dropped": [("lead_dropped", "3:3: doi_don_vi: nhiệm vụ V.6 không còn đơn vị chủ trì sau khi đổi đơn vị — "
                      "thêm chu_tri tại phu_luc.sua.V.6")],
}


@pytest.mark.parametrize("scenario", sorted(ERRORS))
def test_adaptation_errors(scenario, monkeypatch):
    monkeypatch.chdir(PLAN_DATA.parent)
    result = run("validate", f"tests/data/adapt/{scenario}.yaml")
    assert result.exit_code == 1
    expected = [f"{display_path(ADAPT / f'{name}.yaml')}:{msg}" for name, msg in ERRORS[scenario]]
    assert result.output.splitlines() == expected


def test_a_replacement_that_matches_nothing_is_a_warning(monkeypatch):
    monkeypatch.chdir(PLAN_DATA.parent)
    result = run("validate", "tests/data/adapt/unused_replacement.yaml")
    assert result.exit_code == 0
    assert (
        "tests/data/adapt/unused_replacement.yaml:4:5: thay_chu[1]: cảnh báo: không tìm thấy “không có ở đâu cả” "
        "trong nội dung nhiệm vụ nào") in result.output.splitlines()
    plan = load_plan(ADAPT / "unused_replacement.yaml")
    vi1 = next(t for t in plan.tasks() if t.id == "VI.1")
    assert "Hội đồng quản trị các cấp" not in vi1.content[0] and "Hội đồng quản trị, tăng cường" in vi1.content[0]


def test_build_several_plans_one_bad_does_not_stop_the_others(tmp_path):
    result = run("build", PLAN_DATA / "xa-bo-y.yaml", DATA / "invalid" / "unknown_unit.yaml", PLAN_DATA /
                 "xa-xop.yaml", "-o", tmp_path)
    assert result.exit_code == 1
    assert (tmp_path / "xa-bo-y" / "ke-hoach.docx").exists() and (tmp_path / "xa-xop" / "ke-hoach.docx").exists()
    assert "không có đơn vị 'phong-kt'" in result.output
    assert "Tổng cộng 3 kế hoạch: 2 thành công, 1 lỗi." in result.output


def test_replace_never_changes_the_original_plan():
    import dataclasses

    original = load_plan(PLAN_DATA / "xa-xop.yaml")
    name = original.unit("phong-kinh-te").name
    renamed = tuple(dataclasses.replace(u, name="Phòng Kinh tế - Hạ tầng") if u.id == "phong-kinh-te" else u
                    for u in original.units)
    copy = dataclasses.replace(original, units=renamed)
    assert copy.unit("phong-kinh-te").name == "Phòng Kinh tế - Hạ tầng"
    assert original.unit("phong-kinh-te").name == name


@pytest.mark.parametrize("path", sorted(PLAN_DATA.glob("*.yaml")), ids=lambda p: p.stem)
def test_a_plan_compared_with_itself_has_no_change(path):
    d = diff_plans(load_plan(path), load_plan(path))
    assert d.empty and not d.renumbered, render_text(d)


def test_two_communes_adapted_alike_differ_only_in_their_own_units():
    d = diff_plans(load_plan(PLAN_DATA / "xa-xop.yaml"), load_plan(PLAN_DATA / "xa-bo-y.yaml"))
    assert not (d.changed or d.added or d.dropped or d.renumbered)
    assert [old for old, _ in d.units] == ["Phòng giao dịch Ngân hàng Chính sách xã hội Đăk Glei"]


def test_a_task_inserted_at_a_number_the_base_uses_is_added_and_the_rest_renumbered(tmp_path):
    child = tmp_path / "xa-moi.yaml"
    child.write_text(f"ke_thua: {PLAN_DATA / 'xa-xop.yaml'}\nphu_luc:\n  them:\n    - sau: VI.2\n"
                     "      noi_dung: Tổ chức hội nghị sơ kết việc thực hiện Kế hoạch trên địa bàn xã\n"
                     "      chu_tri: [phong-vhxh]\n", encoding="utf-8")
    d = diff_plans(load_plan(PLAN_DATA / "xa-xop.yaml"), load_plan(child))
    assert [t.id for t in d.added] == ["VI.3"] and not d.changed and not d.dropped
    assert d.renumbered == [("VI.3", "VI.4"), ("VI.4", "VI.5")]
    assert "Chỉ đổi số thứ tự: VI.3 → VI.4, VI.4 → VI.5" in render_text(d)


def test_unit_cells_are_compared_as_whole_units():
    d = diff_plans(load_plan(PLAN_DATA / "kon-tum.yaml"), load_plan(PLAN_DATA / "xa-xop.yaml"))
    change = next(c for c in d.changed if c.new_id == "I.2")
    partners = next(f for f in change.fields if f.label == "Đơn vị phối hợp")
    assert partners.units
    assert ("-", "Ủy ban nhân dân các huyện, thành phố") in partners.ops()
    assert ("+", "Ủy ban Mặt trận Tổ quốc Việt Nam xã") in partners.ops()
    assert all(" " in words or op == "=" for op, words in partners.ops())  # never a lone word like "Ủy"


def test_an_inserted_task_is_named_by_where_it_goes(tmp_path):
    child = tmp_path / "xa-moi.yaml"
    child.write_text(f"ke_thua: {PLAN_DATA / 'xa-xop.yaml'}\nphu_luc:\n  them:\n    - sau: VI.2\n"
                     "      noi_dung: Tổ chức hội nghị sơ kết\n", encoding="utf-8")
    result = run("validate", str(child))
    assert result.exit_code == 1
    # Named by the number it will print under, and placed at the entry that adds it.
    assert result.output.splitlines() == [f"{display_path(child)}:4:7: phu_luc.them[0].chu_tri: nhiệm vụ VI.3 chưa "
                                          "có đơn vị chủ trì — thêm ít nhất một đơn vị vào chu_tri"]


def test_many_plans_built_in_workers_say_and_write_what_one_process_does(tmp_path):
    """--jobs: each plan in a worker process; the files byte for byte and the messages, in the order of the
    files, as a serial build writes them; a bad plan among them stops nothing."""
    plans = [PLAN_DATA / "xa-xop.yaml", DATA / "invalid" / "comma_in_flow_mapping.yaml", PLAN_DATA / "xa-bo-y.yaml",
             DATA / "valid" / "minimal.yaml"]
    said = {}
    for jobs in ("1", "3"):
        result = run("build", *plans, "-o", tmp_path / jobs, "--jobs", jobs)
        assert result.exit_code == 1
        said[jobs] = result.output.replace(str(tmp_path / jobs), "RA")
    assert said["1"] == said["3"]
    assert said["3"].splitlines()[-1] == "Tổng cộng 4 kế hoạch: 3 thành công, 1 lỗi."
    first, second = ({p.relative_to(tmp_path / j): p.read_bytes() for p in (tmp_path / j).rglob("*") if p.is_file()}
                     for j in ("1", "3"))
    assert first == second and len(first) > 40
    assert run("build", PLAN_DATA / "xa-xop.yaml", "--jobs", "0").exit_code == 2  # usage error, nothing built
