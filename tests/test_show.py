"""`kehoach xem`: the ids and codes a clerk writes in a commune's file."""

from __future__ import annotations

from click.testing import CliRunner

from generator.cli import main

from .conftest import PLAN_DATA


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], prog_name="kehoach")


def test_tasks_show_the_ids_to_write_in_sua_and_sau():
    result = run("xem", PLAN_DATA / "kon-tum-cap-xa.yaml")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].endswith("kon-tum-cap-xa.yaml — Kế hoạch của Ủy ban nhân dân xã: 6 mục, 23 nhiệm vụ, 14 đơn vị")
    assert lines[1].startswith("Kế thừa: ") and lines[1].endswith("kon-tum.yaml")
    assert any(line.startswith("    IV.1.c    Tăng cường huy động vốn") for line in lines)
    assert any("chủ trì: Phòng Kinh tế; Phòng Văn hóa - Xã hội | phối hợp:" in line for line in lines)
    changes = result.output.split("THAY ĐỔI SO VỚI ", 1)[1].splitlines()
    assert changes[0].endswith("kon-tum.yaml") and changes[1].startswith("Nhiệm vụ thay đổi: 20; thêm: 1; bỏ: 0")


def test_units_show_codes_relations_and_counts():
    result = run("xem", PLAN_DATA / "xa-xop.yaml", "--don-vi")
    assert result.exit_code == 0, result.output
    assert "NHIỆM VỤ" not in result.output
    rows = {line.split()[0]: line.split() for line in result.output.splitlines()[4:] if line.startswith("  ")
            and not line.strip().startswith("gồm")}
    assert rows["phong-vhxh"][1:4] == ["12", "9", "trực"]  # direct and through "Các phòng, đơn vị liên quan"
    assert rows["hoi-nong-dan"][1:5] == ["1", "8", "bên", "ngoài"]
    assert rows["to-chuc-ctxh"][1:4] == ["0", "8", "tập"]


def test_one_section_and_a_section_that_does_not_exist():
    result = run("xem", PLAN_DATA / "kon-tum.yaml", "--muc", "iv")
    assert result.exit_code == 0
    assert "  IV.1.a" in result.output and "  V.1 " not in result.output and "ĐƠN VỊ" not in result.output
    result = run("xem", PLAN_DATA / "kon-tum.yaml", "--muc", "X")
    assert result.exit_code == 1
    assert "không có mục 'X' — các mục: I, II, III, IV, V, VI" in result.output
