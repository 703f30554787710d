"""Put several rendered letters into one file for printing: each in its own section, numbered from 1."""

from __future__ import annotations

import copy
import io

import docx
from docx.oxml.ns import qn

from .ooxml import el, normalize_docx, restart_page_numbers


def combine_letters(parts: list[bytes]) -> bytes:
    """Letters rendered from the same template, one after another, each starting on a new page.

    The letters share styles and headers (same template), so the first letter's package carries all
    that the others reference. Each letter keeps its own section with titlePg and a page-number restart.
    """
    base = docx.Document(io.BytesIO(parts[0]))
    body = base.element.body
    final = body.find(qn("w:sectPr"))
    for part in parts[1:]:
        # End the current section with a paragraph that carries a copy of its properties.
        closing = el("w:p")
        closing.append(el("w:pPr"))
        closing[0].append(copy.deepcopy(final))
        final.addprevious(closing)
        other = docx.Document(io.BytesIO(part)).element.body
        for child in list(other):
            if child.tag != qn("w:sectPr"):
                final.addprevious(child)
    for section in base.sections:
        restart_page_numbers(section)
        section.different_first_page_header_footer = True
    buf = io.BytesIO()
    base.save(buf)
    return normalize_docx(buf.getvalue())
