"""Put several rendered letters into one file for printing: each in its own section, numbered from 1."""

from __future__ import annotations

import copy
import io
import zipfile
from typing import Any

from docx.opc.oxml import serialize_part_xml
from docx.oxml.ns import qn
from docx.oxml.parser import parse_xml
from docx.section import Section
from lxml import etree  # type: ignore[import-untyped]  # no types shipped; python-docx depends on lxml

from .ooxml import el, repackaged, restart_page_numbers


def combine_letters(parts: list[bytes]) -> bytes:
    """Letters rendered from the same template, one after another, each starting on a new page.

    The letters share styles and headers (same template), so the first letter's package carries all
    that the others reference. Each letter keeps its own section with titlePg and a page-number restart.
    The bodies are joined as XML text and parsed once: lxml moves an element between documents in time
    that grows with the square of its size (a paragraph of 100,000 runs took minutes).
    """
    first = _document(parts[0])
    final = first.find(qn("w:body")).find(qn("w:sectPr"))
    chunks = []
    for part in parts[1:]:
        # End the current section with a paragraph that carries a copy of its properties.
        closing = el("w:p")
        closing.append(el("w:pPr"))
        closing[0].append(copy.deepcopy(final))
        chunks.append(etree.tostring(closing))
        other = _document(part).find(qn("w:body"))
        chunks.extend(etree.tostring(child) for child in other if child.tag != qn("w:sectPr"))
    final.addprevious(etree.Comment(_MARK))
    head, tail = etree.tostring(first, xml_declaration=True, encoding="UTF-8", standalone=True).split(
        f"<!--{_MARK}-->".encode())
    root = parse_xml(b"".join([head, *chunks, tail]))
    for sect_pr in root.sectPr_lst:
        section = Section(sect_pr, None)  # type: ignore[arg-type]  # works on its sectPr alone
        restart_page_numbers(section)
        section.different_first_page_header_footer = True
    return repackaged(parts[0], {"word/document.xml": serialize_part_xml(root)})


def _document(part: bytes) -> Any:
    """A letter's document part parsed alone (its styles, numbering and headers are the first letter's:
    opening the whole package parsed eight parts to use one)."""
    with zipfile.ZipFile(io.BytesIO(part)) as package:
        return parse_xml(package.read("word/document.xml"))


_MARK = "kehoach: the other letters go here"

