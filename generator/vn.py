"""Vietnamese administrative formatting rules (ND 30/2020/NĐ-CP) as small pure functions."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources
from typing import Any

import yaml

# Letters used for điểm a), b) ... in Vietnamese order: no f, j, w, z; đ after d.
POINT_LETTERS = "a b c d đ e g h i k l m n o p q r s t u v x y".split()

BLANK = "\u00a0" * 6  # gap left for the văn thư to write in the day, month or number


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (precomposed Vietnamese)."""
    return unicodedata.normalize("NFC", text)


# Characters a .docx cannot hold, or that would silently change the text (XML 1.0 Char production, and the C1
# controls that copying from old software leaves): validate refuses them in a plan, nhap drops them.
UNUSABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")


def usable(text: str) -> str:
    """``text`` without the UNUSABLE characters."""
    return UNUSABLE.sub("", text)


def thousands(n: int) -> str:
    """``200000`` as Vietnamese writes it: ``200.000``."""
    return f"{n:,}".replace(",", ".")


@dataclass(frozen=True)
class VnDate:
    """A date that may be partial: drafts leave the day, or day and month, blank."""

    day: int | None = None
    month: int | None = None
    year: int | None = None

    @property
    def is_blank(self) -> bool:
        return self.year is None


def short_date(day: Any) -> str:
    """``05/12/2026``: a date as tables, trackers and "đến ngày …" write it."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"


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


# A document symbol is a word (a run without spaces) holding a digit, then "/" or "-", then a letter (1560/QĐ-TTg,
# 39-CT/TW, 22/2023/QĐ-TTg), or a letter, then "/" (KH/TU). Each test is one forward scan with a one-character
# pattern, so a word of any length costs time in proportion to its length: a pasted link or a base64 blob of a
# million characters is read in milliseconds (a single regex with \S* on both sides backtracked cubically).
_WORDS = re.compile(r"\S+")
_DIGIT, _SEPARATOR, _SLASH, _LETTER = re.compile(r"\d"), re.compile(r"[/-]"), re.compile("/"), re.compile("[A-Za-zĐđ]")


def _after(pattern: re.Pattern[str], word: str, start: int) -> int:
    """The index just past the first match of ``pattern`` in ``word`` from ``start``; -1 when there is none."""
    found = pattern.search(word, start)
    return found.end() if found else -1


def is_symbol_word(word: str) -> bool:
    """``word`` (no spaces) is or holds a document symbol: kept as issued in capitals, never split at a hyphen."""
    digit = _after(_DIGIT, word, 0)
    separator = _after(_SEPARATOR, word, digit) if digit >= 0 else -1
    if separator >= 0 and _LETTER.search(word, separator):
        return True
    letter = _after(_LETTER, word, 0)
    return letter >= 0 and _SLASH.search(word, letter) is not None


def upper_title(text: str) -> str:
    """Upper-case a title without touching document symbols (``QĐ-TTg`` stays as issued)."""
    return nfc(_WORDS.sub(lambda m: m.group() if is_symbol_word(m.group()) else m.group().upper(), text))


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
    return _match_key(text) if len(text) <= CACHED_KEY else _key(text)


CACHED_KEY = 300  # names and phrases: a unit's name is compared hundreds of times a build


@functools.lru_cache(maxsize=8192)
def _match_key(text: str) -> str:
    return _key(text)


def _key(text: str) -> str:
    text = fold_tone_style(text).lower()
    text = re.sub(r"\s+", " ", text).strip()
    return text.strip(" .;,")


# Short forms văn thư write in unit cells -> the words they stand for (match keys: lower case, new tone style).
# Short forms clerks write in unit names, with the words they stand for as a name writes them.
_SHORT_FORMS = (
    ("UBMTTQVN", "Ủy ban Mặt trận Tổ quốc Việt Nam"), ("UBMTTQ", "Ủy ban Mặt trận Tổ quốc"),
    ("MTTQ", "Mặt trận Tổ quốc"), ("UBND", "Ủy ban nhân dân"), ("HĐND", "Hội đồng nhân dân"),
    ("KH&CN", "Khoa học và Công nghệ"), ("KHCN", "Khoa học và Công nghệ"),
    ("TT&TT", "Thông tin và Truyền thông"), ("TTTT", "Thông tin và Truyền thông"),
    ("VH, TT&DL", "Văn hóa, Thể thao và Du lịch"), ("VH,TT&DL", "Văn hóa, Thể thao và Du lịch"),
    ("VHTT&DL", "Văn hóa, Thể thao và Du lịch"), ("VHTTDL", "Văn hóa, Thể thao và Du lịch"),
    ("LĐ-TB&XH", "Lao động - Thương binh và Xã hội"), ("LĐTB&XH", "Lao động - Thương binh và Xã hội"),
    ("LĐTBXH", "Lao động - Thương binh và Xã hội"),
    ("NN&PTNT", "Nông nghiệp và Phát triển nông thôn"), ("NNPTNT", "Nông nghiệp và Phát triển nông thôn"),
    ("NN&MT", "Nông nghiệp và Môi trường"), ("NNMT", "Nông nghiệp và Môi trường"),
    ("GD&ĐT", "Giáo dục và Đào tạo"), ("GDĐT", "Giáo dục và Đào tạo"),
    ("TN&MT", "Tài nguyên và Môi trường"), ("TNMT", "Tài nguyên và Môi trường"),
    ("KH&ĐT", "Kế hoạch và Đầu tư"), ("KHĐT", "Kế hoạch và Đầu tư"), ("GTVT", "Giao thông vận tải"),
    ("NHCSXH", "Ngân hàng Chính sách xã hội"), ("BHXH", "Bảo hiểm xã hội"), ("BCHQS", "Bộ Chỉ huy Quân sự"),
    ("CT-XH", "chính trị - xã hội"), ("CTXH", "chính trị - xã hội"), ("HLHPN", "Hội Liên hiệp Phụ nữ"),
    ("TNCS", "Thanh niên Cộng sản"), ("ĐTN", "Đoàn Thanh niên"), ("CCB", "Cựu chiến binh"),
    ("VP", "Văn phòng"), ("TP", "thành phố"),
)


def _short_pattern(forms: Iterable[str], flags: int = 0) -> re.Pattern[str]:
    return re.compile("|".join(rf"(?<![\w&]){re.escape(short)}(?![\w&])" for short in forms), flags)


_SHORT_RE = _short_pattern(short.lower() for short, _ in _SHORT_FORMS)
_LONG = {short.lower(): long.lower() for short, long in _SHORT_FORMS}
_WRITTEN_RE = _short_pattern(short for short, _ in _SHORT_FORMS)
_WRITTEN = dict(_SHORT_FORMS)


def spelled_out(name: str) -> str:
    """A unit's name with its short forms written out, as a Kính gửi or a header writes it: ``Sở KH&CN`` ->
    ``Sở Khoa học và Công nghệ``, ``UBND các xã`` -> ``Ủy ban nhân dân các xã``. Only capitals are short forms."""
    out = _WRITTEN_RE.sub(lambda m: _WRITTEN[m.group()], name)
    return upper_first(out) if out != name and name[:1].isupper() else out


def unit_key(name: str) -> str:
    """A key under which the spellings of one unit meet: short forms written out ("Sở KH&CN" and "Sở Khoa học
    và Công nghệ", "UBND các xã" and "Ủy ban nhân dân các xã"), case and spaces around - and , ignored."""
    key = _SHORT_RE.sub(lambda m: _LONG[m.group()], match_key(name))
    # A separator with the spaces around it; a match starts only where a run of spaces starts (or at the
    # separator), so a long run of spaces costs one pass, not one pass per space.
    return re.sub(r"(?<!\s)\s*+,\s*+|(?<=\s),\s*+", ", ", re.sub(r"(?<!\s)\s*+-\s*+|(?<=\s)-\s*+", " - ", key))


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


# Beginnings of agency names and titles: a sentence keeps their capital wherever they stand.
_PROPER_STARTS = (
    "Ủy ban", "Uỷ ban", "Hội đồng", "Công an", "Ngân hàng", "Chi nhánh", "Trung tâm", "Thủ tướng", "Chính phủ",
    "Quốc hội", "Đảng ", "Đảng ủy", "Mặt trận", "Nhà nước", "Kho bạc", "Chi cục", "Tòa án", "Tỉnh ủy", "Huyện ủy",
    "Tỉnh Đoàn", "Thường trực", "Chủ tịch", "Bí thư", "Văn phòng", "Liên đoàn", "Bảo hiểm xã hội", "Thanh tra",
    "Việt Nam", "Chỉ thị số", "Nghị quyết số", "Nghị định số", "Quyết định số", "Thông tư số", "Kế hoạch số",
    "Công văn số",
)
# One-word beginnings that are proper only before a capital: "Phòng Kinh tế", "Ban Chỉ đạo" — not "Ban hành",
# "Báo cáo", "Trường hợp".
_PROPER_IF_NAMED = {"Ban", "Bộ", "Sở", "Phòng", "Hội", "Đoàn", "Cục", "Viện", "Báo", "Đài", "Trường", "Trạm"}


def lower_common_first(text: str) -> str:
    """Lower the first letter for use mid-sentence, unless the text starts with a proper name or a title.

    ``Tờ trình`` -> ``tờ trình``; ``Các phòng, đơn vị`` -> ``các phòng, đơn vị``;
    ``Ủy ban nhân dân các huyện`` stays (ND30 Phụ lục II: agency names keep their capitals).
    """
    words = text.split(maxsplit=2)
    if text.startswith(_PROPER_STARTS) or (words and len(words[0]) > 1 and words[0].isupper()):
        return text
    if len(words) > 1 and words[0] in _PROPER_IF_NAMED and words[1][:1].isupper():
        return text
    return lower_first(text)


def lower_list(text: str) -> str:
    """Each item of a comma or semicolon list lowered as ``lower_common_first``: ``Tờ trình, Báo cáo`` ->
    ``tờ trình, báo cáo``."""
    return re.sub(r"(^|[,;]\s+)([^,;]+)", lambda m: m.group(1) + lower_common_first(m.group(2)), text)


def first_clause(text: str, limit: int = 200) -> str:
    """The whole text when short, else its first clause (up to the first ";" or sentence end), never cut mid-way."""
    text = text.strip().rstrip(" .;:")
    if len(text) <= limit:
        return text
    match = re.search(r";|\.\s", text)
    return text[: match.start()].rstrip(" ,") if match else text


YOUTH_UNION_TITLE = "ĐOÀN TNCS HỒ CHÍ MINH"  # the Đoàn's title where the state writes the Quốc hiệu

NB_HYPHEN = "\u2011"  # written into .docx as <w:noBreakHyphen/> by render/ooxml.no_break_hyphens


# A symbol without digits or "/": KH-UBND, QĐ-TTg. It never starts on a word after "X-", so each chain of
# hyphenated words is tried once from its start (tried from every word of the chain, "A-A-A-…" cost quadratic time).
_SYMBOL_ONLY = re.compile(r"(?<!\w-)\b[A-ZĐ]{1,6}(?:-[A-ZĐ][A-Za-zĐđ]{0,8})+\b")


def _no_break(word: str) -> str:
    return word.replace("-", NB_HYPHEN)


@functools.lru_cache(maxsize=4096)
def keep_symbols_whole(text: str) -> str:
    """Non-breaking hyphens inside document symbols (``186-KH/TU``, ``KH-UBND``, ``QĐ-TTg``) and periods
    (``quí IV- 2025``, :func:`keep_period_whole`): never split. A task's text passes here once for each letter
    and form that cites it: the answer is kept; a text without "-" or "/" holds neither."""
    if "-" not in text and "/" not in text:
        return text
    text = _WORDS.sub(lambda m: _no_break(m.group()) if is_symbol_word(m.group()) else m.group(), text)
    return keep_period_whole(_SYMBOL_ONLY.sub(lambda m: _no_break(m.group()), text))


_RANGE = re.compile(r"(\d)[ \t]++-[ \t]++(\d)")  # "2026 - 2030"


def keep_range_whole(text: str) -> str:
    """A range of years in a title ("giai đoạn 2026 - 2030") glued by non-breaking spaces: the title's last line
    is never "- 2030" alone."""
    return _RANGE.sub("\\1\u00a0-\u00a0\\2", text)


# "Quí IV- 2025", "tháng 6 - 2025": a period written with a hyphen, as clerks type deadlines.
_PERIOD = re.compile(r"(?i)\b((?:qu[ýí]|tháng)\s++(?:[IV]{1,3}|\d{1,2}))[ \t]*+-([ \t]*+)(\d{4})\b")


def keep_period_whole(text: str) -> str:
    """A deadline's period never breaks at its hyphen ("quí IV- / 2025"): the hyphen non-breaking and the
    space after it a non-breaking space."""
    return _PERIOD.sub(lambda m: m.group(1) + NB_HYPHEN + ("\u00a0" if m.group(2) else "") + m.group(3), text)


# ND30 Phụ lục III abbreviations that keep a Nơi nhận line on one line.
_ABBREVIATIONS = (("Ủy ban nhân dân", "UBND"), ("Hội đồng nhân dân", "HĐND"))


_LINE_ABBREVIATIONS = (
    ("Chủ tịch, các Phó Chủ tịch", "Chủ tịch, các PCT"), ("Ủy ban Mặt trận Tổ quốc Việt Nam", "UBMTTQ Việt Nam"),
    ("Ngân hàng Chính sách xã hội", "NHCSXH"),
)
NOI_NHAN_CHARS = 38  # an 11 pt line of the Nơi nhận column


def abbreviate(name: str) -> str:
    """``Ủy ban nhân dân xã Xốp`` -> ``UBND xã Xốp`` (for Nơi nhận lines)."""
    for long, short in _ABBREVIATIONS:
        name = name.replace(long, short)
    return name


def abbreviate_line(line: str) -> str:
    """A Nơi nhận line shortened with the abbreviations văn thư use (UBND, HĐND, PCT …) when it would wrap."""
    if len(line) <= NOI_NHAN_CHARS:
        return line
    line = abbreviate(line)
    for long, short in _LINE_ABBREVIATIONS:
        if len(line) > NOI_NHAN_CHARS:
            line = line.replace(long, short)
    return line


def abbreviate_header(upper: str) -> str:
    """The parent body line of a header may use common abbreviations: ``UBND TỈNH KON TUM``."""
    for long, short in _ABBREVIATIONS:
        upper = upper.replace(long.upper(), short)
    return upper


_LEVELS_UPPER = ("THÀNH PHỐ", "THỊ XÃ", "THỊ TRẤN", "TỈNH", "HUYỆN", "QUẬN", "XÃ", "PHƯỜNG")
HEADER_CHARS = 26  # capitals of 12 pt bold that fit the header's left column


@functools.cache
def name_phrases() -> tuple[tuple[str, ...], ...]:
    """The phrases of agency names never split across header lines (``data/cum-tu-ten.yaml``), longest first."""
    text = resources.files("generator").joinpath("data/cum-tu-ten.yaml").read_text(encoding="utf-8")
    phrases = {tuple(str(p).split()) for p in yaml.safe_load(text) or []}
    return tuple(sorted(phrases, key=len, reverse=True))


def name_tokens(upper: str) -> list[str]:
    """An upper-case name in the pieces a header line may break between: the phrases of :func:`name_phrases`,
    the level word with the place name after it, "VÀ" with the word after it, and single words."""
    words = upper.split()
    bare = [w.rstrip(",;") for w in words]  # "KHU CÔNG NGHIỆP, KHU KINH TẾ": the comma ends a phrase
    tokens: list[str] = []
    i = 0
    while i < len(words):
        rest = " ".join(words[i:])
        level = next((lv for lv in _LEVELS_UPPER if rest.startswith(lv + " ")), None)
        if level and not rest.startswith("XÃ HỘI"):
            tokens.append(rest)  # the level word and the place name after it stay together
            break
        size = next((len(p) for p in name_phrases() if tuple(bare[i:i + len(p)]) == p
                     and all(w == b for w, b in zip(words[i:i + len(p) - 1], bare[i:i + len(p) - 1], strict=True))),
                    1)
        tokens.append(" ".join(words[i:i + size]))
        i += size
    joined: list[str] = []
    for token in tokens:  # "VÀ", "CÁC" start a line, never end one
        if joined and joined[-1].split()[-1] in ("VÀ", "CÁC", "-"):
            joined[-1] += " " + token
        else:
            joined.append(token)
    return joined


def header_lines(upper: str, width: int = HEADER_CHARS) -> list[str]:
    """An upper-case name split into header lines between the pieces of :func:`name_tokens`: never inside a
    phrase of an agency name or a place name.

    ``ỦY BAN NHÂN DÂN XÃ XỐP`` -> [``ỦY BAN NHÂN DÂN``, ``XÃ XỐP``] (ND30 form);
    ``ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM XÃ ĐĂK PÉK`` -> [``ỦY BAN MẶT TRẬN TỔ QUỐC``, ``VIỆT NAM XÃ ĐĂK PÉK``].
    """
    for lead in ("ỦY BAN NHÂN DÂN ", "HỘI ĐỒNG NHÂN DÂN "):
        if upper.startswith(lead):
            return [lead.strip(), upper[len(lead) :]]
    tokens = name_tokens(upper)
    for count in range(1, len(tokens) + 1):  # the fewest lines, then the most even ones
        lines = _balanced(tuple(tokens), count)
        if max(len(line) for line in lines) <= width:
            return lines
    return tokens


@functools.lru_cache(maxsize=4096)
def _balanced_lines(tokens: tuple[str, ...], count: int) -> tuple[str, ...]:
    if count == 1:
        return (" ".join(tokens),)
    best: tuple[str, ...] = ()
    for cut in range(1, len(tokens) - count + 2):
        lines = (" ".join(tokens[:cut]), *_balanced_lines(tokens[cut:], count - 1))
        if not best or max(map(len, lines)) < max(map(len, best)):
            best = lines
    return best


def _balanced(tokens: tuple[str, ...], count: int) -> list[str]:
    """``tokens`` in ``count`` lines whose longest is as short as possible (memoised: names can be long)."""
    return list(_balanced_lines(tokens, count))


def suggest(word: str, choices: list[str]) -> str:
    """`` — có phải 'x'?`` when a close choice exists, else ''."""
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" — có phải '{close[0]}'?" if close else ""
