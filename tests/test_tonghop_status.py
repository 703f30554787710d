"""Reading a status cell as units mark it: one rule per habit (issue 22)."""

from __future__ import annotations

import pytest

from generator.render.letters import DATED, RECURRING
from generator.tonghop.status import (
    DONE,
    DONE_LATE,
    DONE_PLAIN,
    NOT_STARTED,
    ONGOING,
    ONGOING_LATE,
    Line,
    from_words,
    read_status,
)


def cell(*texts: str, bold: int | None = None) -> list[Line]:
    return [Line(t, i == bold) for i, t in enumerate(texts)]


BLANK_DATED = [f"□ {o}" for o in DATED]
BLANK_RECURRING = [f"□ {o}" for o in RECURRING]


@pytest.mark.parametrize(("lines", "expected", "how"), [
    (["☒ Hoàn thành đúng hạn", *BLANK_DATED[1:]], DONE, "đánh dấu"),
    ([BLANK_DATED[0], "☑ Hoàn thành quá hạn", *BLANK_DATED[2:]], DONE_LATE, "đánh dấu"),
    ([*BLANK_DATED[:2], "x □ Đang thực hiện, trong hạn", BLANK_DATED[3]], ONGOING, "đánh dấu"),
    ([*BLANK_DATED[:3], "□ Đang thực hiện, quá hạn ✓"], ONGOING_LATE, "đánh dấu"),
    ([*BLANK_DATED[:3], "[X] Đang thực hiện, quá hạn"], ONGOING_LATE, "đánh dấu"),
    (["■ Đã thực hiện", *BLANK_RECURRING[1:]], DONE_PLAIN, "đánh dấu"),
    ([BLANK_RECURRING[0], "× Đang thực hiện", BLANK_RECURRING[2]], ONGOING, "đánh dấu"),
    (["√ Chưa thực hiện"], NOT_STARTED, "đánh dấu"),
    (["□ Hoàn thành quá hạn"], DONE_LATE, "xóa các lựa chọn khác"),
    (["Hoàn thành đúng hạn"], DONE, "xóa các lựa chọn khác"),
    (["Đã hoàn thành"], DONE_PLAIN, "ghi bằng chữ"),
    (["HT"], DONE_PLAIN, "ghi bằng chữ"),
    (["Hoàn thành, đúng hạn"], DONE, "ghi bằng chữ"),
    (["đã hoàn thành nhưng chậm so với kế hoạch"], DONE_LATE, "ghi bằng chữ"),
    (["Đang triển khai"], ONGOING, "ghi bằng chữ"),
    (["dang thuc hien, qua han"], ONGOING_LATE, "xóa các lựa chọn khác"),  # an option's words, marks left out
    (["Chưa hoàn thành"], ONGOING, "ghi bằng chữ"),
    (["Chưa triển khai"], NOT_STARTED, "ghi bằng chữ"),
    (["chua thuc hien"], NOT_STARTED, "xóa các lựa chọn khác"),
])
def test_each_habit_reads_one_status(lines: list[str], expected: str, how: str) -> None:
    read = read_status(cell(*lines), DATED if len(lines) > 1 and "Hoàn" in " ".join(lines) else RECURRING)
    assert (read.status, read.how, read.problem) == (expected, how, "")


def test_an_option_in_bold_is_the_one_chosen() -> None:
    assert read_status(cell(*BLANK_DATED, bold=1), DATED).status == DONE_LATE
    assert read_status(cell(*BLANK_DATED, bold=1), DATED).how == "in đậm"


def test_an_untouched_cell_has_no_status_and_no_problem() -> None:
    assert read_status(cell(*BLANK_DATED), DATED) == read_status([], DATED)
    assert read_status(cell(*BLANK_DATED), DATED).status is None
    assert read_status(cell(*BLANK_DATED), DATED).problem == ""


def test_two_options_ticked_is_a_problem_not_a_guess() -> None:
    read = read_status(cell("☒ Hoàn thành đúng hạn", "☒ Hoàn thành quá hạn", *BLANK_DATED[2:]), DATED)
    assert read.status is None and "nhiều tình trạng" in read.problem


def test_words_no_rule_knows_are_a_problem() -> None:
    read = read_status(cell("xem báo cáo riêng"), DATED)
    assert read.status is None and "xem báo cáo riêng" in read.problem


def test_a_box_left_without_a_mark_is_not_a_tick() -> None:
    """"□ Hoàn thành …" untouched among the options is not chosen; the words beside an option are not a tick."""
    assert read_status(cell(*BLANK_RECURRING), RECURRING).status is None
    assert read_status(cell("□ Đã thực hiện (xong)", *BLANK_RECURRING[1:]), RECURRING).status is None


@pytest.mark.parametrize(("text", "expected"), [
    ("Đã xong", DONE_PLAIN), ("đã ban hành kế hoạch", DONE_PLAIN), ("không quá hạn, đã hoàn thành", DONE_PLAIN),
    ("Trễ hạn nhưng đã hoàn thành", DONE_LATE), ("Đang TH", ONGOING), ("Không thực hiện", NOT_STARTED),
    ("Số liệu năm 2025", None),
])
def test_words(text: str, expected: str | None) -> None:
    assert from_words(text) == expected
