"""Printed width of text in Times New Roman (and Liberation Serif, metric-compatible), from the fonts' advance
widths in thousandths of an em: enough to size a rule to its line or to break a title where it would wrap.
Vietnamese letters are as wide as their base letter (the marks sit above or below)."""

from __future__ import annotations

import functools
import itertools
import re
import unicodedata

from docx.shared import Length, Pt

_REGULAR = dict(zip(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    (444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500, 500, 500, 333, 389, 278, 500, 500,
     722, 500, 500, 444, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722, 556, 722, 667,
     556, 611, 722, 722, 944, 722, 722, 611), strict=True))
_BOLD = dict(zip(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    (500, 556, 444, 556, 444, 333, 500, 556, 278, 333, 556, 278, 833, 556, 500, 556, 556, 444, 389, 333, 556, 500,
     722, 500, 500, 444, 722, 667, 722, 722, 667, 611, 778, 778, 389, 500, 778, 667, 944, 722, 778, 611, 778, 722,
     556, 667, 722, 722, 1000, 722, 722, 667), strict=True))
_OTHER = {" ": 250, "-": 333, "‑": 333, "/": 278, ",": 250, ".": 250, ":": 278, ";": 278, "(": 333, ")": 333,
          "&": 778, "%": 833, '"': 444, "“": 444, "”": 444, "'": 278, "’": 278, "…": 1000}
_BASE = {"đ": "d", "Đ": "D", "ư": "u", "Ư": "U", "ơ": "o", "Ơ": "O"}


def _base(ch: str) -> str:
    if ch in _BASE:
        return _BASE[ch]
    decomposed = unicodedata.normalize("NFD", ch)
    return _BASE.get(decomposed[0], decomposed[0])


@functools.lru_cache(maxsize=4096)
def _units(ch: str, bold: bool) -> int:
    base = _base(ch)
    return (_BOLD if bold else _REGULAR).get(base) or _OTHER.get(base) or 500


def text_width(text: str, size: Pt, *, bold: bool = False) -> Length:
    """Advance width of ``text`` set in ``size``; digits are 500, unknown signs 500."""
    units = _text_units(text, bold) if len(text) <= CACHED_TEXT else sum(_units(ch, bold) for ch in text)
    return Length(int(units * size / 1000))


CACHED_TEXT = 2_000  # texts up to this length keep their width: a task's text is measured once per form


@functools.lru_cache(maxsize=8192)
def _text_units(text: str, bold: bool) -> int:
    return sum(_units(ch, bold) for ch in text)


TEXT_WIDTH = Length(int(Pt(160 * 72 / 25.4)))  # A4 portrait less ND30 margins (30 mm + 20 mm)
WIDE_TEXT_WIDTH = Length(int(Pt(247 * 72 / 25.4)))  # A4 landscape (a Phụ lục, a report form)
TITLE_SIZE = Pt(14)
_KEEP_TOGETHER = re.compile(
    r"(?i:Thủ tướng Chính phủ|Ban Bí thư|Ban Chấp hành Trung ương|Bộ Chính trị|Ủy ban nhân dân|Hội đồng nhân dân|"
    r"Mặt trận Tổ quốc(?: Việt Nam)?|Ngân hàng Chính sách xã hội|ngày \d{1,2} tháng \d{1,2} năm \d{4}|"
    r"tháng \d{1,2}|năm \d{4}|giai đoạn \S+(?: - \S+)?|số \d\S*)|"
    r"(?:[Tt]ỉnh|[Tt]hành phố|[Hh]uyện|[Qq]uận|[Tt]hị xã|[Tt]hị trấn|[Xx]ã|[Pp]hường|[Đđ]ặc khu)"
    r"(?: [A-ZĐ\u00c0-\u00dd\u0102\u0110\u01a0\u01af\u1ea0-\u1ef8][^\s,;]*)+|"
    r"(?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ|THỊ TRẤN|XÃ(?! HỘI)|PHƯỜNG|ĐẶC KHU)(?: (?!CỦA\b|VỀ\b|GIAI\b|NĂM\b)[^\s,;]+)+?"
    r"(?= GIAI\b| NĂM\b| CỦA\b| VỀ\b|$)")
_NO_LINE_END = frozenset("của về và với cho trên trong tại theo để từ đến các những là đối số ngày".split())
# Where a văn thư prefers to break a title: before a linking word or a date, after a comma.
_GOOD_START = ("của ", "về ", "trên ", "trong ", "tại ", "giai đoạn", "nhằm ", "để ", "và ", "đối với ", "theo ",
               "ngày ", "đến ")


def _tokens(text: str) -> list[str]:
    """Words, a phrase of :data:`_KEEP_TOGETHER` (a title, a date, a number, a place) counted as one; a word runs
    on through non-breaking spaces (the blank of an unnumbered "số      /KH-UBND") and into a bracket or mark
    written against it."""
    spans: list[tuple[int, int]] = []
    at = 0
    for m in _KEEP_TOGETHER.finditer(text):
        spans += [(at + w.start(), at + w.end()) for w in re.finditer(r"[^ \t\n]+", text[at:m.start()])]
        spans.append(m.span())
        at = m.end()
    spans += [(at + w.start(), at + w.end()) for w in re.finditer(r"[^ \t\n]+", text[at:])]
    merged: list[tuple[int, int]] = []
    for start, end in spans:  # "(… năm 2026)": the bracket stays on the date it closes
        if merged and merged[-1][1] == start:
            merged[-1] = (merged[-1][0], end)
        else:
            merged.append((start, end))
    return [text[a:b] for a, b in merged]


def title_lines(text: str, size: Pt, width: Length = TEXT_WIDTH, *, bold: bool = True) -> list[str]:
    """A centred title in the fewest lines that fit ``width``, as even as possible, broken where a văn thư breaks
    it: never inside a name, a date, a number or a place ("Thủ / tướng"), never after "của", "về", "và" …, never
    leaving one word alone on the last line."""
    if text_width(text, size, bold=bold) <= width:
        return [text]
    tokens = _tokens(text)
    widths = [text_width(t, size, bold=bold) for t in tokens]
    space = text_width(" ", size, bold=bold)

    def line_width(i: int, j: int) -> int:
        return sum(widths[i:j]) + space * (j - i - 1)

    good_only = True

    def allowed(j: int) -> bool:  # a break before token j
        if tokens[j - 1].lower() in _NO_LINE_END or not tokens[j - 1].strip() or (
                len(tokens) - j <= 1 and len(tokens) >= 4):
            return False
        return not good_only or tokens[j - 1].endswith((",", ";")) or (tokens[j].lower() + " ").startswith(_GOOD_START)

    best: dict[tuple[int, int], tuple[int, tuple[int, ...]] | None] = {}

    def split(i: int, lines: int) -> tuple[int, tuple[int, ...]] | None:
        """The breaks after token i into ``lines`` lines with the narrowest widest line, or None."""
        if (i, lines) in best:
            return best[(i, lines)]
        result: tuple[int, tuple[int, ...]] | None = None
        if lines == 1:
            result = (line_width(i, len(tokens)), ()) if line_width(i, len(tokens)) <= width else None
        else:
            for j in range(i + 1, len(tokens)):
                if line_width(i, j) > width:
                    break
                rest = split(j, lines - 1) if allowed(j) else None
                if rest is not None:
                    widest = max(line_width(i, j), rest[0])
                    if result is None or widest < result[0]:
                        result = (widest, (j, *rest[1]))
        best[(i, lines)] = result
        return result

    for good_only in (True, False):  # noqa: B007 — read by allowed()
        best.clear()
        for count in range(2, len(tokens) + 1):
            found = split(0, count)
            if found is not None:
                cuts = (0, *found[1], len(tokens))
                return [" ".join(tokens[a:b]) for a, b in itertools.pairwise(cuts)]
    return [text]


def title_text(text: str, width: Length = TEXT_WIDTH) -> str:
    """A 14 pt bold title with its line breaks ("\n") where :func:`title_lines` puts them."""
    return "\n".join(title_lines(text, TITLE_SIZE, width))
