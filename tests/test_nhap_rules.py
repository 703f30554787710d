"""The importer's row rules, one clerk habit each (generator/nhap/rows.py), and the small rules around them:
each tested alone on a table built in memory, as python-docx builds what Word writes."""

from __future__ import annotations

import docx
import pytest

from generator.nhap.columns import table_header
from generator.nhap.header import place_of
from generator.nhap.rows import Marks, Row, heading, skipped, values
from generator.nhap.units import split_units
from generator.nhap.word import grid, table_rows

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
