"""Levels of government in plan text: who issues a plan (tỉnh, xã …), and its words rewritten for another level.

A commune that adapts the province's plan inherits text written by the province about itself: "trên địa bàn
tỉnh", "Ủy ban nhân dân tỉnh", "Tỉnh ủy", "tỉnh Bắc Ninh". ``LevelRewriter`` turns those into the commune's
words where they refer to the issuer, and leaves alone what names other bodies ("các tỉnh", "cấp tỉnh",
"Ủy ban nhân dân tỉnh Gia Lai"); ``leftovers`` finds what still speaks as the province, for validate to list.

A base whose issuer has no place name ("Ủy ban nhân dân xã") is a template made for every commune: its heirs
take its identity (number, date, signer, Nơi nhận) as written, like a revision by the same issuer.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .vn import match_key

# Longest first: "thành phố" before "phố"; "thị xã" before "xã".
LEVEL_WORDS = ("thành phố", "đặc khu", "thị trấn", "thị xã", "tỉnh", "huyện", "quận", "xã", "phường")
_DISTRICT = ("huyện", "thành phố", "thị xã", "quận")
# Bodies of a locality, as plans write them before the level word ("Uỷ": the older placing of the tone mark).
_BODIES = r"(Ủy ban nhân dân|Uỷ ban nhân dân|UBND|Hội đồng nhân dân|HĐND)"
# A bare level word after these names some other locality or a tier, not the issuer ("các tỉnh", "cấp tỉnh").
_NOT_SELF = ("các", "cấp", "liên", "những", "nhiều", "mỗi", "từng", "ngoài", "giữa", "hai", "và", "với")
# The Party committee of a level, written as one capitalised word.
_LEVEL_ENDS = {w.split()[-1] for w in LEVEL_WORDS}
# A commune reports to the province, never straight to a Bộ or the Chính phủ: an inherited "báo cáo Bộ …" is the
# province's own reporting line.
_REPORTS_ABOVE = re.compile(r"\bbáo cáo (?:Bộ|Chính phủ|Thủ tướng)\b")
COMMUNE_LEVELS = ("xã", "phường", "đặc khu", "thị trấn")  # the level of a commune's own government
_PARTY = {"tỉnh": "Tỉnh ủy", "thành phố": "Thành ủy", "huyện": "Huyện ủy", "quận": "Quận ủy", "thị xã": "Thị ủy"}


@dataclass(frozen=True)
class Locality:
    """``Ủy ban nhân dân tỉnh Bắc Ninh`` -> body ``Ủy ban nhân dân``, level ``tỉnh``, place ``Bắc Ninh``."""

    body: str = ""
    level: str = ""
    place: str = ""


@functools.lru_cache(maxsize=1024)  # a name is looked at for every letter of a bundle
def locality(name: str) -> Locality:
    """The issuer's body, level and place name; an empty Locality for a name without a level word."""
    words = name.split()
    for i in range(1, len(words)):
        for level in LEVEL_WORDS:
            size = len(level.split())
            if " ".join(words[i:i + size]).lower() == level:
                return Locality(" ".join(words[:i]), level, " ".join(words[i + size:]))
    return Locality()


def is_template(name: str) -> bool:
    """A body named without its place ("Ủy ban nhân dân xã"): a plan written for every locality of a level."""
    found = locality(name)
    return bool(found.level) and (not found.place or found.place.startswith("("))


def same_issuer(base: str, name: str) -> bool:
    """Whether a plan issued by ``name`` is a revision of its base's (or the base is a template for it)."""
    return match_key(base) == match_key(name) or is_template(base)


def _word(text: str) -> str:
    return r"\b" + re.escape(text) + r"\b"


def _level(level: str) -> str:
    """A level word as plans write it: "tỉnh", or "Tỉnh" capitalised in the middle of a sentence as some
    provinces write their own ("trên địa bàn Tỉnh", "Uỷ ban nhân dân Tỉnh")."""
    return f"(?:{re.escape(level)}|{re.escape(level[:1].upper() + level[1:])})"


class LevelRewriter:
    """Rewrites the base issuer's words about itself into the new issuer's (see the module docstring)."""

    def __init__(self, base: str, new: str) -> None:
        self.old, self.new = locality(base), locality(new)
        self.active = bool(self.old.level and self.new.level and match_key(base) != match_key(new))
        if not self.active:
            return
        old, new_level = self.old, self.new.level
        self.new_place = f"{new_level} {self.new.place}".strip()
        districts = "".join(f"|, {re.escape(d)}" for d in _DISTRICT if d != old.level)[1:]
        place = rf"(?: {re.escape(old.place)}\b)?" if old.place else ""
        # "UBND tỉnh Bắc Ninh", "Ủy ban nhân dân tỉnh, huyện, thành phố" (the levels of one order, now one).
        self.body_at = re.compile(rf"\b{_BODIES} {_level(old.level)}\b(?:{districts})*{place}")
        lower = "|".join(re.escape(w) for w in LEVEL_WORDS if w != old.level)
        # "UBND các phường, xã", "Ủy ban nhân dân cấp xã", "… các cấp": in the new issuer's plan, the issuer itself.
        levels = rf"(?:{lower})\b(?:(?:, | và |/)(?:{lower})\b)*"
        self.lower_bodies = re.compile(rf"\b{_BODIES} (?:các cấp\b|(?:các|cấp) {levels})")
        self.place_at = re.compile(rf"\b{_level(old.level)} {re.escape(old.place)}\b") if old.place else None
        self.party = re.compile(_word(_PARTY[old.level])) if old.level in _PARTY else None
        self.bare = re.compile(rf"\b{_level(old.level)}\b")
        self.place = re.compile(_word(old.place)) if old.place else None

    def _own_body(self, m: re.Match[str]) -> bool:
        """A body of the base level, and not another locality's ("UBND tỉnh Gia Lai")."""
        return (m.group(0).endswith(self.old.place) and bool(self.old.place)) or not _next_is_name(m.string, m.end())

    def rewrite(self, text: str) -> str:
        if not self.active or not text:
            return text
        text = self.lower_bodies.sub(lambda m: f"{m.group(1)} {self.new_place}", text)
        text = self.body_at.sub(lambda m: f"{m.group(1)} {self.new_place}" if self._own_body(m) else m.group(0),
                                text)
        if self.place_at is not None:
            text = self.place_at.sub(self.new_place, text)
        if self.party is not None:
            text = self.party.sub(f"Đảng ủy {self.new.level}", text)
        text = self._bare(text)
        return self._place(text)

    def _bare(self, text: str) -> str:
        """"của tỉnh", "toàn tỉnh", "địa bàn tỉnh" -> the new level; not "các tỉnh", "cấp tỉnh", "tỉnh lộ"."""
        out, last = [], 0
        for m in self.bare.finditer(text):
            if _previous_word(text, m.start()).lower() in _NOT_SELF or _next_is_name(text, m.end()) or \
                    text[m.end():m.end() + 12].lstrip().startswith(("lộ", ", huyện", ", thành")):
                continue
            starts = _previous_word(text, m.start()).endswith((".", "!", "?", ":")) or not text[:m.start()].strip()
            out += [text[last:m.start()], self.new.level.capitalize() if starts else self.new.level]
            last = m.end()
        return "".join(out) + text[last:]

    def _place(self, text: str) -> str:
        """The bare place name used for the province itself ("để Bắc Ninh bứt phá"), not in a proper name
        ("Báo Bắc Ninh") or after a level word (already rewritten, or another level's: "thành phố Bắc Ninh")."""
        if self.place is None:
            return text
        out, last = [], 0
        for m in self.place.finditer(text):
            previous = _previous_word(text, m.start())
            if previous[:1].isupper() or previous.lower() in _LEVEL_ENDS:
                continue
            starts = not previous or previous.endswith((".", "!", "?", ":"))  # a sentence begins with it
            out += [text[last:m.start()], self.new_place[:1].upper() + self.new_place[1:] if starts else self.new_place]
            last = m.end()
        return "".join(out) + text[last:]

    def leftovers(self, text: str) -> list[str]:
        """Phrases that still speak as the base issuer after rewriting: its bodies, Party committee, place, and
        (in a commune's plan) its reporting line to a Bộ or the Chính phủ."""
        if not self.active:
            return []
        found = [m.group(0) for m in self.body_at.finditer(text) if self._own_body(m)]
        for pattern in (self.party, self.place_at):
            if pattern is not None:
                found += [m.group(0) for m in pattern.finditer(text)]
        if self.place is not None:
            found += [m.group(0) for m in self.place.finditer(text)
                      if _previous_word(text, m.start()).lower() not in _LEVEL_ENDS]
        if self.new.level in COMMUNE_LEVELS:
            found += [m.group(0) for m in _REPORTS_ABOVE.finditer(text)]
        return list(dict.fromkeys(found))


def _previous_word(text: str, at: int) -> str:
    words = text[max(0, at - 24):at].split()
    return words[-1] if words else ""


def _next_is_name(text: str, at: int) -> bool:
    """The next word begins with a capital: the level word is part of a proper name ("tỉnh Gia Lai")."""
    rest = text[at:at + 3].lstrip()
    return bool(rest) and rest[0].isupper()
