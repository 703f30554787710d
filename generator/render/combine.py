"""Put several rendered letters into one file for printing: each in its own section, numbered from 1."""

from __future__ import annotations

import copy
import io

import docx
from docx.oxml.ns import qn
from lxml import etree  # type: ignore[import-untyped]  # no types shipped; python-docx depends on lxml

from .ooxml import el, normalize_docx, restart_page_numbers


def combine_letters(parts: list[bytes]) -> bytes:
    """Letters rendered from the same template, one after another, each starting on a new page.

    The letters share styles and headers (same template), so the first letter's package carries all
    that the others reference. Each letter keeps its own section with titlePg and a page-number restart.
    The bodies are joined as XML text and parsed once: lxml moves an element between documents in time
    that grows with the square of its size (a paragraph of 100,000 runs took minutes).
    """
    first = docx.Document(io.BytesIO(parts[0]))
    final = first.element.body.find(qn("w:sectPr"))
    chunks = []
    for part in parts[1:]:
        # End the current section with a paragraph that carries a copy of its properties.
        closing = el("w:p")
        closing.append(el("w:pPr"))
        closing[0].append(copy.deepcopy(final))
        chunks.append(etree.tostring(closing))
        other = docx.Document(io.BytesIO(part)).element.body
        chunks.extend(etree.tostring(child) for child in other if child.tag != qn("w:sectPr"))
    final.addprevious(etree.Comment(_MARK))
    head, tail = etree.tostring(first.element, xml_declaration=True, encoding="UTF-8", standalone=True).split(
        f"<!--{_MARK}-->".encode())
    joined = b"".join([head, *chunks, tail])
    base = docx.Document(io.BytesIO(normalize_docx(parts[0], edit={"word/document.xml": lambda _: joined})))
    for section in base.sections:
        restart_page_numbers(section)
        section.different_first_page_header_footer = True
    buf = io.BytesIO()
    base.save(buf)
    return normalize_docx(buf.getvalue())


_MARK = "kehoach: the other letters go here"

