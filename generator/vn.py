"""Vietnamese administrative formatting rules (ND 30/2020/NĐ-CP) as small pure functions."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Letters used for điểm a), b) ... in Vietnamese order: no f, j, w, z; đ after d.
POINT_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()

BLANK = "\u00a0" * 6  # gap left for the văn thư to write in the day, month or number


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (precomposed Vietnamese)."""
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class VnDate:
    """A date that may be partial: drafts leave the day, or day and month, blank."""

    day: int | None = None
    month: int | None = None
    year: int | None = None

    @property
    def is_blank(self) -> bool:
        return self.year is None


def pad_day(day: int) -> str:
    """Days below 10 get a leading zero."""
    return f"{day:02d}"


def pad_month(month: int) -> str:
    """Only months 1 and 2 are zero-padded (ND30 Phụ lục I)."""
    return f"{month:02d}" if month <= 2 else str(month)


def format_date(date: VnDate) -> str:
    """``ngày 05 tháng 3 năm 2020``; blanks where a part is not known yet."""
    day = pad_day(date.day) if date.day else BLANK
    month = pad_month(date.month) if date.month else BLANK
    year = str(date.year) if date.year else BLANK
    return f"ngày {day} tháng {month} năm {year}"


def format_place_date(place: str, date: VnDate) -> str:
    """The header line ô4: ``Xốp, ngày      tháng 9 năm 2025``."""
    return f"{place}, {format_date(date)}"


def format_number(number: str | int | None, symbol: str) -> str:
    """``05/KH-UBND``; numbers below 10 are padded to two digits; blank for registration."""
    if number is None or str(number).strip() == "":
        return f"{BLANK}/{symbol}"
    text = str(number).strip()
    if re.fullmatch(r"[0-9]{1,9}", text):
        value = int(text)
        text = f"{value:02d}" if value < 10 else str(value)
    return f"{text}/{symbol}"


_ROMAN = [
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
]


def roman(n: int) -> str:
    """Roman numeral for any positive count (past 3999 the thousands repeat: MMMM for 4000)."""
    if n < 1:
        msg = f"roman numeral out of range: {n}"
        raise ValueError(msg)
    out = []
    for value, letters in _ROMAN:
        count, n = divmod(n, value)
        out.append(letters * count)
    return "".join(out)


def point_letter(index: int) -> str:
    """The ``index``-th (0-based) điểm letter: a, b, c, d, đ, e, g … y, then aa, bb … yy, aaa …

    ND30 lists 23 letters for điểm; a longer list goes on with the letters doubled, then tripled, as long
    enumerations in legal texts do, so every item keeps a letter that can be cited ("điểm bb").
    """
    turn, pos = divmod(index, len(POINT_LETTERS))
    return POINT_LETTERS[pos] * (turn + 1)


# A document symbol keeps its case in upper-cased titles: 1560/QĐ-TTg, 39-CT/TW, 22/2023/QĐ-TTg.
_SYMBOL = re.compile(r"\S*\d\S*[/-]\S*[A-Za-zĐđ]\S*|\S*[A-Za-zĐđ]\S*/\S*")


def upper_title(text: str) -> str:
    """Upper-case a title without touching document symbols (``QĐ-TTg`` stays as issued)."""
    out, last = [], 0
    for match in _SYMBOL.finditer(text):
        out.append(text[last : match.start()].upper())
        out.append(match.group())
        last = match.end()
    out.append(text[last:].upper())
    return nfc("".join(out))


def upper_first(text: str) -> str:
    """Capitalise the first letter only (sentence start)."""
    return text[:1].upper() + text[1:] if text else text


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:] if text else text


# Old-style tone placement met in real documents ("Uỷ", "hoà") -> the style used throughout (ND30 example "ỦY").
_TONE_FIX = {
    "uỷ": "ủy", "uý": "úy", "uỳ": "ùy", "uỹ": "ũy", "uỵ": "ụy",
    "oà": "òa", "oá": "óa", "oả": "ỏa", "oã": "õa", "oạ": "ọa",
    "oè": "òe", "oé": "óe", "oẻ": "ỏe", "oẽ": "õe", "oẹ": "ọe",
}
# Only open syllables differ between the two styles ("hoà" / "hòa"); "đoàn", "toán" are the same in both.
_TONE_RE = re.compile("(?:" + "|".join(_TONE_FIX) + r")(?!\w)", re.IGNORECASE)


def fold_tone_style(text: str) -> str:
    """Rewrite old-style tone placement to the new style, keeping case."""

    def fix(m: re.Match[str]) -> str:
        new = _TONE_FIX[m.group().lower()]
        return "".join(n.upper() if o.isupper() else n for o, n in zip(m.group(), new, strict=True))

    return _TONE_RE.sub(fix, nfc(text))


def match_key(text: str) -> str:
    """A key for comparing names: NFC, new tone style, lower case, single spaces, no end punctuation."""
    text = fold_tone_style(text).lower()
    text = re.sub(r"\s+", " ", text).strip()
    return text.strip(" .;,")


_SLUG_MAP = str.maketrans({"đ": "d", "Đ": "D"})


def slugify(text: str) -> str:
    """ASCII file-name slug: ``Phòng Văn hóa - Xã hội`` -> ``phong-van-hoa-xa-hoi``."""
    text = nfc(text).translate(_SLUG_MAP)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^A-Za-z0-9]+", "-", text).strip("-").lower()
    return text or "x"


# Names Windows reserves for devices: a folder or file called "con" or "nul.docx" cannot be opened there.
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)), *(f"lpt{i}" for i in range(10))}
MAX_SLUG = 60


def file_slug(text: str) -> str:
    """``slugify`` made safe as a file or folder name anywhere: at most 60 characters, no reserved device name."""
    slug = slugify(text)
    if len(slug) > MAX_SLUG:
        cut = slug[:MAX_SLUG]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[MAX_SLUG // 2 :] else cut
    if slug.split(".")[0] in _RESERVED:
        slug += "-kh"
    return slug
