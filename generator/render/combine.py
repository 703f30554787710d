"""Put several rendered letters into one file for printing: each in its own section, numbered from 1."""

from __future__ import annotations

import contextlib
import copy
import io
import zipfile

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
    documents = [_document_part(part) for part in parts]
    root, spliced = None, _spliced(documents)
    if spliced is not None:  # text cut where it only looked like the body's bounds (a comment) does not parse
        with contextlib.suppress(etree.XMLSyntaxError):
            root = parse_xml(spliced)
    if root is None:
        root = parse_xml(_joined(documents))
    for sect_pr in root.sectPr_lst:
        section = Section(sect_pr, None)  # type: ignore[arg-type]  # works on its sectPr alone
        restart_page_numbers(section)
        section.different_first_page_header_footer = True
    return repackaged(parts[0], {"word/document.xml": serialize_part_xml(root)})


def _spliced(documents: list[bytes]) -> bytes | None:
    """The letters' bodies joined as the text they are, each ended by a paragraph carrying a copy of the first
    letter's section properties; None unless every letter opens with the same document element (so its
    namespaces read the same in the first letter's) and ends its body with one section properties element."""
    bodies: list[bytes] = []
    head = final = tail = b""
    for xml in documents:
        start, end, close = xml.find(b"<w:body>"), xml.rfind(b"<w:sectPr"), xml.rfind(b"</w:body>")
        if not 0 <= start < end < close or not xml.endswith(b"</w:sectPr>", 0, close) \
                or b"</w:p>" in xml[end:close]:  # no section at the body's end: a paragraph's, or none
            return None
        if not bodies:
            head, final, tail = xml[:start], xml[end:close], xml[close:]
        elif xml[:start] != head:
            return None
        bodies.append(xml[start + len(b"<w:body>"):end])
    closing = b"<w:p><w:pPr>" + final + b"</w:pPr></w:p>"
    return b"".join([head, b"<w:body>", closing.join(bodies), final, tail])


def _joined(documents: list[bytes]) -> bytes:
    """The letters' bodies joined element by element (letters whose document elements differ): each body child
    serialized with the namespaces it uses."""
    first = parse_xml(documents[0])
    final = first.find(qn("w:body")).find(qn("w:sectPr"))
    chunks = []
    for document in documents[1:]:
        # End the current section with a paragraph that carries a copy of its properties.
        closing = el("w:p")
        closing.append(el("w:pPr"))
        closing[0].append(copy.deepcopy(final))
        chunks.append(etree.tostring(closing))
        other = parse_xml(document).find(qn("w:body"))
        chunks.extend(etree.tostring(child) for child in other if child.tag != qn("w:sectPr"))
    final.addprevious(etree.Comment(_MARK))
    head, tail = etree.tostring(first, xml_declaration=True, encoding="UTF-8", standalone=True).split(
        f"<!--{_MARK}-->".encode())
    return b"".join([head, *chunks, tail])


def _document_part(part: bytes) -> bytes:
    """A letter's document part (its styles, numbering and headers are the first letter's: opening the whole
    package parsed eight parts to use one)."""
    with zipfile.ZipFile(io.BytesIO(part)) as package:
        return package.read("word/document.xml")


_MARK = "kehoach: the other letters go here"
