"""A text typed after the signature and before the Phụ lục (a công văn's "Danh mục các văn bản đã ban hành"):
its bold first line is the title, a bold "I." line starts one of its parts, every other line is a paragraph
kept as typed ("1. Quyết định số …" stays one line of the list, not a heading)."""

from __future__ import annotations

from typing import Any

from .header import BODY_HEADINGS
from .word import Blocks, is_bold, text

_ROMAN = BODY_HEADINGS[0][1]


def attachment(bl: Blocks, start: int, end: int, bold: set[str]) -> tuple[dict[str, Any] | None, list[int]]:
    """The ``kem_theo`` entry typed in blocks ``start``–``end`` and the paragraphs it took; (None, []) when
    the first line is not a bold title (the lines are then left for the account of what was not read)."""
    lines = [(k, line, is_bold(el, bold)) for k, (kind, el) in enumerate(bl[start:end], start)
             if kind == "p" and (line := text(el))]
    if not lines or not lines[0][2]:
        return None, []
    out: dict[str, Any] = {"tieu_de": lines[0][1]}
    parts: list[dict[str, Any]] = []
    for _, line, strong in lines[1:]:
        heading = _ROMAN.match(line) if strong else None
        if heading:
            parts.append({"tieu_de": heading.group(2)})
        else:
            (parts[-1] if parts else out).setdefault("doan", []).append(line)
    if parts:
        out["noi_dung"] = parts
    return out, [k for k, _, _ in lines]
