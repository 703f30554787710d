"""The importer's row rules, one clerk habit each (generator/nhap/rows.py), and the small rules around them:
each tested alone on a table built in memory, as python-docx builds what Word writes."""

from __future__ import annotations

import docx
import pytest

from generator.model import Unit
from generator.nhap.columns import table_header
from generator.nhap.header import _name_apart, _recipients, _subject, name_from_lines, place_of
from generator.nhap.rows import Marks, Row, heading, skipped, values
from generator.nhap.units import _COLLECTIVE, Registry, member_prefixes, split_units, unit_cell
from generator.nhap.word import grid, table_rows
from generator.units import UnitIndex, uncertain

HEAD = ["STT", "Nội dung nhiệm vụ", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian"]


def table(*rows: list[str]):
    document = docx.Document()
    t = document.add_table(rows=len(rows) + 1, cols=len(HEAD))
    for r, texts in enumerate([HEAD, *rows]):
        for c, text in enumerate(texts):
            t.cell(r, c).text = text
    return t


def row_of(t, n: int) -> Row:
    return Row(f"dòng {n + 1}", grid(table_rows(t._tbl)[n]))


def test_the_header_is_found_and_each_column_named() -> None:
    header = table_header(table(["1", "a", "b", "c", "d"])._tbl)
    assert header is not None
    assert (header.start, header.size) == (0, 1)
    assert header.keys == ["stt", "noi_dung", "chu_tri", "phoi_hop", "thoi_gian"]


@pytest.mark.parametrize(("texts", "skip"), [
    (HEAD, True),  # the header typed again where the table goes on to the next page
    (["(1)", "(2)", "(3)", "(4)", "(5)"], True),  # the numbers row under the header
    (["1", "2", "3", "4", "5"], True),
    (["", "", "", "", ""], True),  # an empty row left at the end
    (["1", "Tuyên truyền", "Phòng Văn hóa", "", "Quý I"], False),
])
def test_rows_a_reader_skips(texts: list[str], skip: bool) -> None:
    t = table(texts)
    assert skipped(row_of(t, 1), {tuple(HEAD)}) is skip


def test_a_section_row_typed_in_one_cell_across_the_table() -> None:
    t = table(["", "", "", "", ""])
    merged = t.cell(1, 0).merge(t.cell(1, 4))
    merged.text = "II. NHIỆM VỤ CỤ THỂ"
    header = table_header(t._tbl)
    assert header is not None
    assert heading(row_of(t, 1), header, Marks()) == ("II", "NHIỆM VỤ CỤ THỂ")


def test_a_number_then_a_title_across_the_rest() -> None:
    t = table(["I.", "", "", "", ""])
    t.cell(1, 1).merge(t.cell(1, 4)).text = "Tuyên truyền"
    header = table_header(t._tbl)
    assert header is not None
    marks = Marks()
    assert heading(row_of(t, 1), header, marks) == ("I", "Tuyên truyền")
    assert marks.seen == ["I."]


@pytest.mark.parametrize(("texts", "found"), [
    (["III", "Kiểm tra, giám sát", "", "", ""], ("III", "Kiểm tra, giám sát")),  # a Roman number, no units
    (["", "Nhóm nhiệm vụ về thể chế", "", "", ""], ("", "Nhóm nhiệm vụ về thể chế")),  # unnumbered title
    (["1", "Tuyên truyền", "Phòng Văn hóa", "", "Quý I"], None),  # a task
    (["III", "Kiểm tra", "Thanh tra", "", ""], None),  # a Roman number with a lead is a task as printed
])
def test_a_heading_typed_in_the_tables_own_cells(texts: list[str], found: tuple[str, str] | None) -> None:
    t = table(texts)
    header = table_header(t._tbl)
    assert header is not None
    assert heading(row_of(t, 1), header, Marks()) == found


def test_a_value_merged_down_belongs_to_every_row_it_covers() -> None:
    t = table(["1", "Tuyên truyền", "Phòng Văn hóa", "", "Quý I"], ["2", "Kiểm tra", "", "", ""])
    t.cell(1, 2).merge(t.cell(2, 2))
    t.cell(1, 4).merge(t.cell(2, 4))
    header = table_header(t._tbl)
    assert header is not None
    first = values(row_of(t, 1), header, Marks(), {})
    second = values(row_of(t, 2), header, Marks(), first.text)
    assert second.text["chu_tri"] == "Phòng Văn hóa"
    assert second.text["thoi_gian"] == "Quý I"
    assert second.merged["chu_tri"] == "continue"


@pytest.mark.parametrize(("typed", "number"), [("1.", "1"), ("a)", "a"), ("II.", "II"), ("B.", "B"), ("1.2", "1.2"),
                                               ("1", "1")])
def test_a_number_typed_with_a_mark(typed: str, number: str) -> None:
    assert Marks().number(typed) == number


@pytest.mark.parametrize(("issuer", "place"), [
    ("Ủy ban nhân dân tỉnh Đồng Nai", "Đồng Nai"),
    ("Ủy ban nhân dân xã Xốp", "Xốp"),
    ("Ủy ban nhân dân thành phố Hồ Chí Minh", "Hồ Chí Minh"),
    ("Sở Nội vụ tỉnh Bắc Ninh", "Bắc Ninh"),
    ("Bộ Văn hóa, Thể thao và Du lịch", ""),  # a ministry's name has no place: the clerk fills it in
    ("Chính phủ", ""),
])
def test_the_place_of_an_issuer(issuer: str, place: str) -> None:
    assert place_of(issuer) == place


def test_a_cell_split_as_a_van_thu_reads_it() -> None:
    assert split_units("Sở Tài chính, Ủy ban nhân dân các huyện, thành phố") == [
        "Sở Tài chính", "Ủy ban nhân dân các huyện, thành phố"]


@pytest.mark.parametrize(("cell", "units"), [
    ("- Bộ Nông nghiệp và Môi trường; - Bộ Tài chính; - UBND các tỉnh.",
     ["Bộ Nông nghiệp và Môi trường", "Bộ Tài chính", "UBND các tỉnh"]),  # a dash a line, ";" between
    ("- Bộ Công an - Bộ Tài chính", ["Bộ Công an", "Bộ Tài chính"]),  # a dash a line, no ";"
    ("Sở Lao động - Thương binh và Xã hội", ["Sở Lao động - Thương binh và Xã hội"]),  # a dash inside a name
    ("Bộ Nông nghiệp và Môi trường và các bộ, ngành liên quan",
     ["Bộ Nông nghiệp và Môi trường", "Các bộ, ngành liên quan"]),  # "A và B"
    ("Các viện, trường; doanh nghiệp, các sở, ngành có liên quan",
     ["Các viện, trường", "Doanh nghiệp", "Các sở, ngành có liên quan"]),  # ";" and "," mixed
    ("Sở Xây dựng, các nhà đầu tư hạ tầng", ["Sở Xây dựng", "Các nhà đầu tư hạ tầng"]),  # a unit, then outsiders
    ("Sở Khoa học và Công nghệ", ["Sở Khoa học và Công nghệ"]),
    ("Sở Văn hóa, Thể thao và Du lịch", ["Sở Văn hóa, Thể thao và Du lịch"]),
    ("Sở KH&CN chủ trì hướng dẫn, tổng hợp; Các sở, ngành, UBND cấp xã thực hiện công bố dữ liệu mở",
     ["Sở KH&CN", "Các sở, ngành", "UBND cấp xã"]),  # what each does, after its name
    ("Bộ Công an (chủ trì), Bộ Quốc phòng", ["Bộ Công an", "Bộ Quốc phòng"]),
    ("Trung tâm Kiểm tra chất lượng", ["Trung tâm Kiểm tra chất lượng"]),  # a capital: part of the name
    # one kind, then its names (Bộ VHTTDL's Công văn 6225): commas between, or ";" when a name has a comma
    ("Các Cục: Di sản văn hóa, Bản quyền tác giả", ["Cục Di sản văn hóa", "Cục Bản quyền tác giả"]),
    ("Các Cục: Bản quyền tác giả; Phát thanh truyền hình và Thông tin điện tử; Xuất bản, In và Phát hành; Báo chí; "
     "Du lịch Quốc gia Việt Nam. Vụ Kế hoạch, Tài chính.",
     ["Cục Bản quyền tác giả", "Cục Phát thanh truyền hình và Thông tin điện tử", "Cục Xuất bản, In và Phát hành",
      "Cục Báo chí", "Cục Du lịch Quốc gia Việt Nam", "Vụ Kế hoạch, Tài chính"]),  # ". " ends the list
    ("Các Sở: Tài chính, Giáo dục và Đào tạo, Y tế; UBND các xã",
     ["Sở Tài chính", "Sở Giáo dục và Đào tạo", "Sở Y tế", "UBND các xã"]),  # a unit of its own after ";"
])
def test_lead_and_partner_cells_as_clerks_write_them(cell: str, units: list[str]) -> None:
    assert split_units(cell) == units


def test_a_name_the_cell_shortens_is_kept_so_the_printed_cell_reads_back() -> None:
    """"Các Cục: Di sản văn hóa, Bản quyền tác giả" stays printed as typed; the units keep the cell's short
    spellings as ten_khac, so the plan file reads the cell back to the two Cục (each gets its letter)."""
    from generator.units import UnitIndex

    registry = Registry(UnitIndex(()))
    cell = unit_cell("Các Cục: Di sản văn hóa, Bản quyền tác giả", registry)
    registry.settle()
    units = {u["ten"]: u.get("ten_khac", []) for u in registry.units.values()}
    assert units == {"Cục Di sản văn hóa": ["Các Cục: Di sản văn hóa"],
                     "Cục Bản quyền tác giả": ["Bản quyền tác giả"]}
    assert len(cell.ids) == 2


@pytest.mark.parametrize(("lines", "name"), [
    (["BỘ VĂN HÓA, THỂ THAO", "VÀ DU LỊCH"], "Bộ Văn hóa, Thể thao và Du lịch"),
    (["BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI"], "Bộ Lao động - Thương binh và Xã hội"),
    (["THỦ TƯỚNG CHÍNH PHỦ"], "Thủ tướng Chính phủ"),
    (["ỦY BAN NHÂN DÂN", "TỈNH ĐỒNG NAI"], "Ủy ban nhân dân tỉnh Đồng Nai"),
])
def test_an_issuer_typed_in_capitals_is_named_as_written_in_a_sentence(lines: list[str], name: str) -> None:
    assert name_from_lines(lines) == name


@pytest.mark.parametrize(("collective", "prefixes"), [
    ("Các sở, ban, ngành", ["sở ", "ban "]),
    ("Các bộ, ngành, địa phương", ["bộ "]),
    ("Các sở, ngành liên quan", []),  # only the relevant ones: the clerk chooses
    ("Các nhà đầu tư hạ tầng", []),
])
def test_the_members_a_collective_names(collective: str, prefixes: list[str]) -> None:
    assert member_prefixes(collective) == prefixes


@pytest.mark.parametrize(("name", "collective", "members", "doubt"), [
    ("Thương mại", False, 0, True),  # a sub-heading read as a unit
    ("P", False, 0, True),
    ("EVN", False, 0, False),
    ("Sở Tài chính", False, 0, False),
    ("Các sở, ban, ngành", True, 0, True),  # a collective whose tasks reach no one
    ("Các sở, ban, ngành", True, 3, False),
])
def test_which_units_need_a_look(name: str, collective: bool, members: int, doubt: bool) -> None:
    assert bool(uncertain(name, collective, members)) is doubt


def test_a_cell_printed_with_roles_names_its_units() -> None:
    """The plan keeps such a cell as printed; its units are found past what each does."""
    units = (Unit("so-khcn", "Sở Khoa học và Công nghệ", aliases=("Sở KH&CN",)),
             Unit("cac-so-nganh", "Các sở, ngành", collective=True), Unit("ubnd-xa", "UBND cấp xã"))
    found = UnitIndex(units).split_cell(
        "Sở KH&CN chủ trì hướng dẫn, tổng hợp; Các sở, ngành, UBND cấp xã thực hiện công bố dữ liệu mở hằng năm.")
    assert found == (("so-khcn", "cac-so-nganh", "ubnd-xa"), "")


@pytest.mark.parametrize(("lines", "apart"), [
    (["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH Võ Tấn Đức"], ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Võ Tấn Đức"]),
    (["KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG Trần Hồng Hà"], ["KT. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "Trần Hồng Hà"]),
    (["BỘ TRƯỞNG", "Nguyễn Văn Hùng"], ["BỘ TRƯỞNG", "Nguyễn Văn Hùng"]),
])
def test_a_signer_title_and_name_typed_on_one_line(lines: list[str], apart: list[str]) -> None:
    assert _name_apart(lines) == apart


def test_a_trich_yeu_typed_in_capitals_is_written_as_nd30_prints_it() -> None:
    data = {"co_quan_ban_hanh": {"ten": "Ủy ban nhân dân tỉnh Đồng Nai"}}
    notes: list[str] = []
    assert _subject("PHÁT TRIỂN KINH TẾ SỐ TRÊN ĐỊA BÀN TỈNH ĐỒNG NAI GIAI ĐOẠN 2026 - 2030", data, notes) == (
        "Phát triển kinh tế số trên địa bàn tỉnh Đồng Nai giai đoạn 2026 - 2030")
    assert len(notes) == 1  # said
    assert _subject("về chuyển đổi số", data, notes) == "về chuyển đổi số" and len(notes) == 1


@pytest.mark.parametrize(("name", "collective"), [
    ("Các sở, ngành", True), ("UBND các xã, phường", True), ("Chủ tịch UBND các tỉnh", True),
    ("Ban Quản lý các Khu công nghiệp, khu kinh tế", False),  # one body whose name says "các"
    ("Sở Tài chính", False),
])
def test_which_names_are_collectives(name: str, collective: bool) -> None:
    assert bool(_COLLECTIVE.match(name)) is collective


def test_the_noi_nhan_lines_as_clerks_type_them() -> None:
    """"- VP UBND tỉnh:" with "+" lines under it is one recipient; "+ Lưu: VT" is the Lưu line."""
    assert _recipients(["- Các sở, ban, ngành;", "- VP UBND tỉnh:", "+ LĐVP, KGVX;", "+ Lưu: VT."]) == (
        ["Các sở, ban, ngành", "VP UBND tỉnh: LĐVP, KGVX"], "VT")
    assert _recipients(["- Như trên;", "- Lưu: VT, VHXH."]) == (["Như trên"], "VT, VHXH")
