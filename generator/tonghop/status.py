"""A task's status as units really mark it on the report form, read into one word of a small vocabulary.

The blank form prints the options a task's deadline allows, one per line, each after a box ("□ Hoàn thành đúng
hạn"). Units mark one by ticking its box (☒, ☑, ✓, ×, x …), by deleting the other options, by putting it in bold,
or they type the status in their own words ("Đã hoàn thành", "HT", "đang triển khai", "chưa thực hiện") — with or
without Vietnamese marks. Each habit is a rule below; two options marked at once is a status nobody can read.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# The vocabulary the tracker and the consolidated report use.
DONE = "Hoàn thành đúng hạn"
DONE_LATE = "Hoàn thành quá hạn"
DONE_PLAIN = "Hoàn thành"  # done, on time or not not said (a recurring task, or words without it)
ONGOING = "Đang thực hiện"
ONGOING_LATE = "Đang thực hiện, quá hạn"
NOT_STARTED = "Chưa thực hiện"
NO_REPORT = "Chưa báo cáo"
STATUSES = (DONE, DONE_LATE, DONE_PLAIN, ONGOING, ONGOING_LATE, NOT_STARTED, NO_REPORT)
DONE_ALL = (DONE, DONE_LATE, DONE_PLAIN)

# The options the blank forms print (render.letters.DATED / RECURRING) -> the vocabulary.
OPTIONS = {
    "Hoàn thành đúng hạn": DONE,
    "Hoàn thành quá hạn": DONE_LATE,
    "Đang thực hiện, trong hạn": ONGOING,
    "Đang thực hiện, quá hạn": ONGOING_LATE,
    "Đã thực hiện": DONE_PLAIN,
    "Đang thực hiện": ONGOING,
    "Chưa thực hiện": NOT_STARTED,
}

BOXES = "□☐❏❑▢◻⬜"
MARKS = "☒☑✓✔✗✘×xXvV√■▪●◼✅+*"


def fold(text: str) -> str:
    """Lower case, no Vietnamese marks, single spaces: "Đã hoàn thành" and "da hoan thanh" read alike."""
    text = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    return " ".join(text.split())


_FOLDED_OPTIONS = sorted(((fold(k), v) for k, v in OPTIONS.items()), key=lambda kv: -len(kv[0]))


@dataclass(frozen=True)
class Line:
    """One line of the status cell as printed: its text and whether it prints bold."""

    text: str
    bold: bool = False


@dataclass(frozen=True)
class Read:
    status: str | None  # None: nothing marked (or nothing readable)
    how: str = ""  # "đánh dấu", "xóa các lựa chọn khác", "in đậm", "ghi bằng chữ"
    problem: str = ""  # why it could not be read


def _option(line: str) -> tuple[str, str] | None:
    """The printed option a line holds and what stands around it (boxes, marks), or None."""
    folded = fold(line)
    for key, status in _FOLDED_OPTIONS:
        at = folded.find(key)
        if at >= 0:
            rest = folded[:at] + " " + folded[at + len(key):]
            return status, rest
    return None


def _marked(rest: str) -> bool:
    """What stands around an option is a tick: a mark character, typed alone or in brackets, not a box alone."""
    chars = re.sub(rf"[\s\[\]()<>:.,;{BOXES}]", "", rest)
    return bool(chars) and all(c in MARKS.lower() for c in chars.lower()) and len(chars) <= 3


# Words units type instead of ticking, most specific first (folded text).
_NOT_STARTED = re.compile(r"\b(chua|khong) (thuc hien|trien khai|bat dau|lam|co)\b|\bchua th\b|\bcth\b")
_NOT_DONE = re.compile(r"\bchua (hoan thanh|xong|ht)\b")
_ONGOING = re.compile(r"\bdang (thuc hien|trien khai|tien hanh|lam|xay dung|trien)\b|\bdang th\b|\bdth\b|\bdtk\b")
_DONE = re.compile(r"\b(da )?(hoan thanh|hoan tat|xong)\b|\bht\b|\bda (thuc hien|trien khai|ban hanh|to chuc)\b")
_LATE = re.compile(r"\b(qua han|tre han|cham tien do|cham so voi|khong dung han|tre)\b")
_ON_TIME = re.compile(r"\b(dung han|trong han|dung tien do|kip thoi)\b")


def from_words(text: str) -> str | None:
    """A status typed in words, or None when the words say none."""
    folded = fold(text)
    late = bool(_LATE.search(folded)) and not re.search(r"\bkhong (bi )?qua han\b", folded)
    if _NOT_STARTED.search(folded):
        return NOT_STARTED
    if _NOT_DONE.search(folded) or _ONGOING.search(folded):
        return ONGOING_LATE if late else ONGOING
    if _DONE.search(folded):
        if late:
            return DONE_LATE
        return DONE if _ON_TIME.search(folded) else DONE_PLAIN
    return None


def read_status(lines: list[Line], printed: tuple[str, ...] = ()) -> Read:
    """The status a cell's lines say; ``printed``: the options the blank form printed for this task (to tell
    "the other options deleted" from "nothing marked")."""
    lines = [ln for ln in lines if ln.text.strip()]
    if not lines:
        return Read(None)
    options = [(ln, found) for ln in lines if (found := _option(ln.text))]
    words = [ln.text for ln in lines if not _option(ln.text) and ln.text.strip(BOXES + " ")]
    ticked = list(dict.fromkeys(status for _, (status, rest) in options if _marked(rest)))
    if len(ticked) == 1:
        return Read(ticked[0], "đánh dấu")
    if len(ticked) > 1:
        return Read(None, problem="đánh dấu nhiều tình trạng: " + ", ".join(ticked))
    bold = list(dict.fromkeys(status for ln, (status, _) in options if ln.bold))
    if len(bold) == 1 and len(options) > 1:
        return Read(bold[0], "in đậm")
    typed = [s for text in words if (s := from_words(text))]
    if typed:
        kinds = list(dict.fromkeys(typed))
        if len(kinds) > 1:
            return Read(None, problem="ghi nhiều tình trạng: " + ", ".join(kinds))
        return Read(kinds[0], "ghi bằng chữ")
    remaining = list(dict.fromkeys(status for _, (status, _) in options))
    if len(remaining) == 1 and (len(printed) > 1 or not printed):
        return Read(remaining[0], "xóa các lựa chọn khác")
    if words:
        return Read(None, problem=f"không hiểu tình trạng “{' '.join(words)[:80]}”")
    return Read(None)
