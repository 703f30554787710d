"""ND30 formatting rules as pure functions."""

from __future__ import annotations

import pytest

from generator.vn import (
    BLANK,
    VnDate,
    format_date,
    format_number,
    format_place_date,
    point_letter,
    roman,
    slugify,
    upper_title,
)


@pytest.mark.parametrize(
    ("date", "text"),
    [
        (VnDate(5, 1, 2020), "ngày 05 tháng 01 năm 2020"),
        (VnDate(29, 6, 2019), "ngày 29 tháng 6 năm 2019"),
        (VnDate(8, 2, 2010), "ngày 08 tháng 02 năm 2010"),
        (VnDate(18, 7, 2025), "ngày 18 tháng 7 năm 2025"),
        (VnDate(1, 12, 2025), "ngày 01 tháng 12 năm 2025"),
        (VnDate(None, 9, 2025), f"ngày {BLANK} tháng 9 năm 2025"),
        (VnDate(None, 2, 2026), f"ngày {BLANK} tháng 02 năm 2026"),
        (VnDate(None, None, 2026), f"ngày {BLANK} tháng {BLANK} năm 2026"),
        (VnDate(), f"ngày {BLANK} tháng {BLANK} năm {BLANK}"),
    ],
)
def test_dates_pad_days_and_only_months_1_and_2(date, text):
    assert format_date(date) == text


def test_place_date_line():
    assert format_place_date("Xốp", VnDate(None, 9, 2025)) == f"Xốp, ngày {BLANK} tháng 9 năm 2025"


@pytest.mark.parametrize(
    ("number", "text"),
    [("5", "05/KH-UBND"), (5, "05/KH-UBND"), ("12", "12/KH-UBND"), ("125", "125/KH-UBND"),
     ("", f"{BLANK}/KH-UBND"), (None, f"{BLANK}/KH-UBND")],
)
def test_document_numbers(number, text):
    assert format_number(number, "KH-UBND") == text


def test_roman_numerals():
    assert [roman(n) for n in (1, 4, 6, 9, 14, 40, 1999)] == ["I", "IV", "VI", "IX", "XIV", "XL", "MCMXCIX"]
    with pytest.raises(ValueError):
        roman(0)


def test_point_letters_follow_vietnamese_order():
    assert [point_letter(i) for i in range(8)] == ["a", "b", "c", "d", "đ", "e", "g", "h"]
    assert "f" not in [point_letter(i) for i in range(23)]


@pytest.mark.parametrize(
    ("title", "upper"),
    [
        (
            "Nhiệm vụ triển khai Kế hoạch thực hiện Quyết định số 1560/QĐ-TTg ngày 18 tháng 7 năm 2025",
            "NHIỆM VỤ TRIỂN KHAI KẾ HOẠCH THỰC HIỆN QUYẾT ĐỊNH SỐ 1560/QĐ-TTg NGÀY 18 THÁNG 7 NĂM 2025",
        ),
        ("thực hiện Chỉ thị số 39-CT/TW của Ban Bí thư", "THỰC HIỆN CHỈ THỊ SỐ 39-CT/TW CỦA BAN BÍ THƯ"),
        ("theo Quyết định số 22/2023/QĐ-TTg", "THEO QUYẾT ĐỊNH SỐ 22/2023/QĐ-TTg"),
        ("mục đích, yêu cầu", "MỤC ĐÍCH, YÊU CẦU"),
        ("kinh tế - xã hội 2021-2030", "KINH TẾ - XÃ HỘI 2021-2030"),
    ],
)
def test_upper_title_keeps_symbols_case_exact(title, upper):
    assert upper_title(title) == upper


def test_slugs_are_ascii():
    assert slugify("Phòng Văn hóa - Xã hội") == "phong-van-hoa-xa-hoi"
    assert slugify("Đoàn Thanh niên") == "doan-thanh-nien"
    assert slugify("../../etc/passwd") == "etc-passwd"


def test_end_mark_is_added_once():
    from generator.render.context import with_end_mark

    assert with_end_mark("xem xét, giải quyết.") == "xem xét, giải quyết./."
    assert with_end_mark("xem xét, giải quyết") == "xem xét, giải quyết./."
    assert with_end_mark("xem xét, giải quyết./.  ") == "xem xét, giải quyết./."  # typed by the clerk


def test_a_range_of_years_in_a_title_stays_on_one_line() -> None:
    from generator.vn import keep_range_whole

    assert keep_range_whole("Phát triển kinh tế số giai đoạn 2026 - 2030") == (
        "Phát triển kinh tế số giai đoạn 2026\u00a0-\u00a02030")
    assert keep_range_whole("Sở Lao động - Thương binh và Xã hội") == "Sở Lao động - Thương binh và Xã hội"


@pytest.mark.parametrize(("name", "written"), [
    ("Sở KH&CN", "Sở Khoa học và Công nghệ"),
    ("Sở VH, TT&DL", "Sở Văn hóa, Thể thao và Du lịch"),
    ("Sở LĐ-TB&XH", "Sở Lao động - Thương binh và Xã hội"),
    ("UBND các xã, phường", "Ủy ban nhân dân các xã, phường"),
    ("BCHQS tỉnh", "Bộ Chỉ huy Quân sự tỉnh"),
    ("UBND TP Kon Tum", "Ủy ban nhân dân thành phố Kon Tum"),
    ("Phòng Kinh tế", "Phòng Kinh tế"),  # nothing to write out
    ("Tổ công tác vp", "Tổ công tác vp"),  # only capitals are short forms
])
def test_a_units_short_forms_are_written_out_for_its_kinh_gui(name, written):
    from generator.vn import spelled_out
    assert spelled_out(name) == written


@pytest.mark.parametrize(("text", "kept"), [
    ("Quí IV- 2025", "Quí IV\u2011\u00a02025"),
    ("quý II-2026", "quý II\u20112026"),
    ("tháng 6 - 2025", "tháng 6\u2011\u00a02025"),
    ("Quý IV/2025", "Quý IV/2025"),
    ("năm 2025-2026", "năm 2025-2026"),
])
def test_a_deadline_period_never_breaks_at_its_hyphen(text, kept):
    from generator.vn import keep_period_whole, keep_symbols_whole
    assert keep_period_whole(text) == kept
    assert keep_symbols_whole(text) == kept
