"""`kehoach validate`: every problem, with file:line:col, field path, message and exit status 1."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import PlanError, display_path

from .conftest import DATA, PLAN_DATA

INVALID = DATA / "invalid"

EXPECTED = {
    "invalid_yaml": "8:2: YAML không hợp lệ: thụt lề không khớp với các dòng phía trên — các khóa cùng cấp "
    "phải thẳng hàng",
    "not_utf8": "2:9: tệp không phải UTF-8 (byte 0xD2); có vẻ là bảng mã Windows-1258 (CP1258) — mở tệp bằng "
    "Notepad hoặc Unikey (Công cụ chuyển mã) và lưu lại với mã UTF-8",
    "unknown_key": "8:3: van_ban.trich_yue: khóa lạ 'trich_yue' — có phải 'trich_yeu'?",
    "missing_required": "5:3: van_ban.ky_hieu: thiếu trường bắt buộc 'ky_hieu'",
    "wrong_type": "29:20: phu_luc.muc[0].nhiem_vu[1].chu_tri: cần một danh sách (mỗi mục một dòng bắt đầu "
    "bằng '- '), nhưng ở đây là một bảng khóa: giá trị",
    "impossible_date": "7:9: van_ban.ngay: ngày không có thật: 30/02/2025 (tháng 2 năm 2025 có 28 ngày)",
    "unknown_unit": "25:21: phu_luc.muc[0].nhiem_vu[0].chu_tri[0]: không có đơn vị 'phong-kt' trong danh sách "
    "don_vi — có phải 'phong-kinh-te'?",
    "duplicate_task_id": "27:16: phu_luc.muc[0].nhiem_vu[1].stt: mã nhiệm vụ 'I.1' bị trùng (đã có ở dòng thứ 2 của "
    "phụ lục) — mỗi dòng một số riêng",
    "task_without_lead": "27:11: phu_luc.muc[0].nhiem_vu[1].chu_tri: nhiệm vụ I.2 chưa có đơn vị chủ trì — "
    "thêm ít nhất một đơn vị vào chu_tri",
    "lead_and_partner": "26:21: phu_luc.muc[0].nhiem_vu[0].phoi_hop: đơn vị 'phong-kinh-te' vừa chủ trì vừa "
    "phối hợp nhiệm vụ I.1 — bỏ ở một trong hai cột",
    "numbering_out_of_order": "27:16: phu_luc.muc[0].nhiem_vu[1].stt: số thứ tự không đúng thứ tự trong mục I: "
    "ở đây phải là '2', không phải '3'",
    "comma_in_flow_mapping": "13:45: don_vi[0].Hạ tầng và Đô thị: chữ 'Hạ tầng và Đô thị' bị tách khỏi giá trị "
    "đứng trước vì dấu phẩy trong {…} — đặt cả giá trị trong ngoặc kép: ten: \"Phòng Kinh tế, Hạ tầng và Đô thị\"",
    "empty_content": "28:21: phu_luc.muc[0].nhiem_vu[1].noi_dung: nhiệm vụ I.2: nội dung nhiệm vụ trống",
}


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("scenario", sorted(EXPECTED))
def test_each_problem_is_reported_with_place_and_exit_1(scenario):
    path = INVALID / f"{scenario}.yaml"
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"{display_path(path)}:{EXPECTED[scenario]}"]
    assert "Traceback" not in result.output


def test_real_plans_are_valid():
    result = run("validate", str(PLAN_DATA / "kon-tum.yaml"), str(PLAN_DATA / "xa-xop.yaml"))
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if not line.startswith(" ") and "cảnh báo" not in line]
    assert lines[0].endswith("kon-tum.yaml: hợp lệ — 6 mục, 22 nhiệm vụ, 31 đơn vị (24 đơn vị cụ thể, 7 tập thể)")
    assert lines[1].endswith("xa-xop.yaml: hợp lệ — 6 mục, 23 nhiệm vụ, 14 đơn vị (10 đơn vị cụ thể, 4 tập thể)")
    assert "  Quan hệ với Ủy ban nhân dân xã Xốp suy ra từ tên đơn vị (ghi quan_he trong don_vi để đổi):" in (
        result.output.splitlines())
    assert ("    bên ngoài: Công an xã, Ủy ban Mặt trận Tổ quốc Việt Nam xã, Phòng giao dịch Ngân hàng Chính sách xã "
            "hội Đăk Glei, Hội Nông dân xã, Hội Liên hiệp Phụ nữ xã, Hội Cựu chiến binh xã, Đoàn Thanh niên Cộng sản "
            "Hồ Chí Minh xã") in result.output.splitlines()


def test_all_problems_of_a_file_are_listed_at_once(tmp_path):
    text = (DATA / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("ngay: 5/3/2026", "ngay: 31/4/2026").replace("[phong-kinh-te]", "[phong-kt]")
    text = text.replace("        - stt: 2\n", "        - stt: 3\n").replace("trich_yeu:", "trich_yue:")
    bad = tmp_path / "nhieu_loi.yaml"
    bad.write_text(text, encoding="utf-8")
    result = run("validate", str(bad))
    assert result.exit_code == 1
    messages = [line.split(": ", 1)[1] for line in result.output.splitlines()]
    assert len(messages) == 4
    assert any("31/4/2026" in m for m in messages)
    assert any("phong-kt" in m for m in messages)
    assert any("'3'" in m for m in messages)
    assert any("trich_yue" in m for m in messages)


def test_a_bad_file_does_not_hide_a_good_one():
    result = run("validate", str(INVALID / "unknown_unit.yaml"), str(PLAN_DATA / "xa-xop.yaml"))
    assert result.exit_code == 1
    assert "xa-xop.yaml: hợp lệ" in result.output


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("", "1:1: tệp trống — cần có ít nhất co_quan_ban_hanh, van_ban, nguoi_ky, don_vi, phu_luc"),
        ("- a\n- b\n", "1:1: cần một bảng khóa: giá trị, nhưng ở đây là một danh sách"),
    ],
)
def test_empty_or_shapeless_file(tmp_path, content, message):
    path = tmp_path / "x.yaml"
    path.write_text(content, encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 1
    assert result.output.splitlines() == [f"{display_path(path)}:{message}"]


def test_missing_file():
    result = run("validate", "khong-co.yaml")
    assert result.exit_code == 1
    assert result.output.strip() == "khong-co.yaml:1:1: không tìm thấy tệp — kiểm tra lại đường dẫn"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["validate"], "Lỗi: thiếu đối số 'TỆP_KẾ_HOẠCH...'."),
        (["buid"], "Lỗi: không có lệnh 'buid' (các lệnh: validate, build, adapt, diff, xem, nhap) — có phải "
                   "'build'?"),
        (["nhapp"], "Lỗi: không có lệnh 'nhapp' (các lệnh: validate, build, adapt, diff, xem, nhap) — có phải "
                    "'nhap'?"),
        (["build", "--pfd", "x.yaml"], "Lỗi: không có tùy chọn '--pfd' — có phải '--pdf'?"),
        (["adapt", "x.yaml"], "Lỗi: thiếu tùy chọn '-o' / '--output'."),
    ],
)
def test_usage_errors_are_told_in_vietnamese(args, message):
    result = run(*args)
    assert result.exit_code == 2
    assert result.output.splitlines()[0] == message
    assert result.output.splitlines()[1].startswith("Xem hướng dẫn: kehoach")


def test_help_is_in_vietnamese():
    result = run("build", "--help")
    assert result.exit_code == 0
    assert result.output.startswith("Cách dùng: kehoach build [TÙY CHỌN] TỆP_KẾ_HOẠCH...")
    assert "Tùy chọn:" in result.output and "Hiện hướng dẫn này rồi thoát." in result.output
    assert "Show this message" not in result.output and "Usage:" not in result.output


@pytest.mark.parametrize("scenario", sorted(set(EXPECTED) - {"not_utf8"}))  # bytes that are not text: files only
def test_the_same_problems_from_text_as_from_the_file(scenario):
    from generator.load import load_plan_text

    path = INVALID / f"{scenario}.yaml"
    with pytest.raises(PlanError) as from_text:
        load_plan_text(path.read_text(encoding="utf-8"), scenario, folder=INVALID)
    assert [str(i) for i in from_text.value.issues] == [f"{scenario}.yaml:{EXPECTED[scenario]}"]


def test_a_plan_from_text_builds_in_memory(tmp_path):
    from generator.api import build_documents, load_plan_text, write_documents

    plan = load_plan_text((DATA / "valid" / "minimal.yaml").read_text(encoding="utf-8"), "xa-mau")
    files = build_documents(plan)
    assert {f.path for f in files} >= {"ke-hoach.docx", "phu-luc.docx", "bao-cao/tong-hop.docx"}
    written = write_documents(plan, files, tmp_path)
    assert written.folder == tmp_path / "xa-mau" and (tmp_path / "xa-mau" / "manifest.json").is_file()


def test_no_import_cycle_in_the_package():
    """Every import between the package's modules, also those inside functions: the graph has no cycle."""
    import ast

    package = PLAN_DATA.parent / "generator"
    graph: dict[str, set[str]] = {}
    for path in package.rglob("*.py"):
        module = ".".join(path.relative_to(package.parent).with_suffix("").parts).removesuffix(".__init__")
        base = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
        edges = graph.setdefault(module, set())
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level:
                target = ".".join(base[: len(base) - node.level + 1] + ([node.module] if node.module else []))
                names = [f"{target}.{a.name}" for a in node.names]
                edges.update(n for n in [target, *names] if (package.parent / n.replace(".", "/")).with_suffix(
                    ".py").exists() or (package.parent / n.replace(".", "/") / "__init__.py").exists())
    edges_of = {m: {e for e in es if e != m and not m.startswith(e + ".") and e != "generator"}
                for m, es in graph.items()}
    visiting, done = set(), set()

    def visit(m: str, trail: list[str]) -> None:
        assert m not in visiting, " → ".join([*trail, m])
        if m in done:
            return
        visiting.add(m)
        for e in edges_of.get(m, ()):
            visit(e, [*trail, m])
        visiting.discard(m)
        done.add(m)

    for module in edges_of:
        visit(module, [])


# --- Bodies that no longer exist at the plan's date (issue 21: provinces merged, districts ended on 1/7/2025) ------

def _plan_text(date: str, issuer: str, extra: str = "") -> str:
    return f"""co_quan_ban_hanh: {{ten: {issuer}, viet_tat: UBND}}
van_ban: {{ky_hieu: KH-UBND, dia_danh: Mẫu, ngay: {date}, trich_yeu: Thử}}
nguoi_ky: {{chuc_vu: Chủ tịch, ho_ten: Nguyễn Văn A}}
don_vi:
  - {{ma: pkt, ten: Phòng Kinh tế}}
  - {{ma: ubnd-huyen, ten: Ủy ban nhân dân huyện Đăk Glei}}
  - {{ma: pgd, ten: Phòng giao dịch Ngân hàng Chính sách xã hội huyện Đăk Glei}}
{extra}phu_luc:
  ten: Nhiệm vụ
  nhiem_vu:
    - {{noi_dung: Việc một, chu_tri: [pkt], phoi_hop: [ubnd-huyen, pgd]}}
"""


def _gone(text: str) -> list[tuple[str, str]]:
    from generator.boundaries import gone
    from generator.load import load_plan_text
    return [(p.path, p.message) for p in gone(load_plan_text(text))]


def test_a_plan_after_the_merger_is_told_which_bodies_no_longer_exist():
    reporting = "bao_cao: {thoi_han: trước ngày 10/12, ky: năm 2025, cap_tren: Ủy ban nhân dân tỉnh Kon Tum}\n"
    found = _gone(_plan_text("15/9/2025", "Ủy ban nhân dân xã Mẫu", reporting))
    assert [path for path, _ in found] == ["don_vi[1].ten", "bao_cao.cap_tren"]
    district, province = (message for _, message in found)
    assert district == ("“Ủy ban nhân dân huyện Đăk Glei”: cấp huyện đã kết thúc hoạt động từ ngày 01/7/2025, kế "
                        "hoạch ngày 15/9/2025 không còn gửi hay giao cho “Ủy ban nhân dân huyện” — sửa thành cơ quan "
                        "cấp tỉnh hoặc cấp xã đang đảm nhiệm việc này")
    assert province == ("“Ủy ban nhân dân tỉnh Kon Tum”: tỉnh Kon Tum đã hợp nhất vào tỉnh Quảng Ngãi từ ngày "
                        "01/7/2025 (Nghị quyết số 202/2025/QH15 ngày 12/6/2025 của Quốc hội), kế hoạch ngày 15/9/2025 "
                        "không còn gửi hay giao cho cơ quan này — sửa thành cơ quan tương ứng của tỉnh Quảng Ngãi")


@pytest.mark.parametrize("date", ["30/6/2025", "6/2025", "2025", "15/3/2024"])
def test_a_plan_before_the_merger_or_of_unknown_month_names_them_freely(date):
    assert _gone(_plan_text(date, "Ủy ban nhân dân tỉnh Kon Tum")) == []


@pytest.mark.parametrize("date", ["1/7/2025", "7/2025", "2026"])
def test_the_issuer_itself_may_be_gone(date):
    found = _gone(_plan_text(date, "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu"))
    assert [path for path, _ in found][:1] == ["co_quan_ban_hanh.ten"]


def test_validate_prints_the_warning_and_the_plans_of_the_repository_have_none(tmp_path):
    path = tmp_path / "ke-hoach.yaml"
    path.write_text(_plan_text("15/9/2025", "Ủy ban nhân dân tỉnh Kon Tum"), encoding="utf-8")
    result = run("validate", str(path))
    assert result.exit_code == 0, result.output
    assert "ke-hoach.yaml:1:" in result.output and "cảnh báo: “Ủy ban nhân dân tỉnh Kon Tum”: tỉnh Kon Tum" in (
        result.output)
    every = sorted(PLAN_DATA.glob("*.yaml")) + sorted((PLAN_DATA / "vi-du").glob("*.yaml"))
    output = run("validate", *map(str, every)).output
    assert "hợp nhất" not in output and "cấp huyện đã kết thúc" not in output, output


def test_forms_built_without_a_reporting_regime_are_said_so(tmp_path):
    result = run("build", str(DATA / "valid" / "minimal.yaml"), str(PLAN_DATA / "xa-bo-y.yaml"), "-o",
                 str(tmp_path))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    note = "  lưu ý: kế hoạch chưa có chế độ báo cáo (bao_cao) — các mẫu báo cáo không ghi kỳ báo cáo"
    assert lines[0].startswith("tests/data/valid/minimal.yaml: đã ghi") or "minimal.yaml: đã ghi" in lines[0]
    assert lines[1].startswith(note)
    assert sum(line.startswith(note) for line in lines) == 1  # xa-bo-y has one: no note


@pytest.mark.parametrize(("text", "column"), [('ten: "a\\x07b"\n', 6), ("ten: a\x0bb\n", 7), ("ten: ab\n", 0)])
def test_unusable_characters_are_found_whether_typed_or_escaped(text, column):
    """The values are searched only when the text has an unusable character or an escape: both ways caught."""
    from generator.errors import PlanError
    from generator.yamlio import parse_yaml_text

    if not column:
        assert parse_yaml_text(text, "x.yaml") is not None
        return
    with pytest.raises(PlanError) as caught:
        parse_yaml_text(text, "x.yaml")
    assert str(caught.value).startswith(f"x.yaml:1:{column}: có ký tự không dùng được")
