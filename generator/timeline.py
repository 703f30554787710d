"""Deadlines as plans write them, understood: "Thường xuyên", "Quý II/2025", "Trước 30/6/2025" …

The Phụ lục prints the text as written; ``read_timeline`` gives its structure — recurring, a date, or a
period with its first and last day — which report forms use to offer the statuses that fit.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

RECURRING = "lap_lai"  # thường xuyên, hằng năm, định kỳ …
DATE = "ngay"  # a day: "Trước 30/6/2025", "30/6/2025"
PERIOD = "khoang"  # a month, quarter, half-year, year or years
UNKNOWN = ""

_RECURRING = re.compile(r"thường xuyên|hằng (năm|quý|tháng|tuần)|hàng (năm|quý|tháng|tuần)|định kỳ|liên tục",
                        re.IGNORECASE)
_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
_QUARTER = re.compile(r"quý\s+(IV|III|II|I|[1-4])\s*(?:/|năm)\s*(\d{4})", re.IGNORECASE)
_MONTH = re.compile(r"tháng\s+(\d{1,2})\s*(?:/|năm)\s*(\d{4})", re.IGNORECASE)
_YEARS = re.compile(r"(\d{4})\s*[-–]\s*(\d{4})")
_HALF = re.compile(r"6 tháng (đầu|cuối) năm(?:\s+(\d{4}))?", re.IGNORECASE)
_YEAR = re.compile(r"\b(\d{4})\b")
_QUARTERS = {"I": 1, "II": 2, "III": 3, "IV": 4, "1": 1, "2": 2, "3": 3, "4": 4}


@dataclass(frozen=True)
class Timeline:
    kind: str
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def dated(self) -> bool:
        """A deadline that can be met or missed (a date or a period), not a recurring duty."""
        return self.kind in (DATE, PERIOD)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _valid_date(day: int, month: int, year: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def read_timeline(text: str, year: int | None = None) -> Timeline:
    """The structure of a deadline text; ``year`` (the plan's) completes "6 tháng đầu năm"."""
    if not text.strip():
        return Timeline(UNKNOWN)
    if _RECURRING.search(text):
        return Timeline(RECURRING)
    if m := _DATE.search(text):
        day = _valid_date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        if day is not None:
            return Timeline(DATE, None, day)
    if m := _QUARTER.search(text):
        q, y = _QUARTERS[m.group(1).upper()], int(m.group(2))
        return Timeline(PERIOD, dt.date(y, 3 * q - 2, 1), _month_end(y, 3 * q))
    if (m := _MONTH.search(text)) and 1 <= int(m.group(1)) <= 12:
        month, y = int(m.group(1)), int(m.group(2))
        return Timeline(PERIOD, dt.date(y, month, 1), _month_end(y, month))
    if m := _YEARS.search(text):
        first, last = sorted((int(m.group(1)), int(m.group(2))))
        return Timeline(PERIOD, dt.date(first, 1, 1), dt.date(last, 12, 31))
    if (m := _HALF.search(text)) and (m.group(2) or year):
        half_year = int(m.group(2)) if m.group(2) else year or 0
        first_half = m.group(1).lower() == "đầu"
        return Timeline(PERIOD, dt.date(half_year, 1 if first_half else 7, 1),
                        _month_end(half_year, 6 if first_half else 12))
    if m := _YEAR.search(text):
        whole = int(m.group(1))
        return Timeline(PERIOD, dt.date(whole, 1, 1), dt.date(whole, 12, 31))
    return Timeline(UNKNOWN)
