"""Low-level WordprocessingML helpers shared by the template builder and the post-render pass."""

from __future__ import annotations

import functools
import io
import re
import struct
import zipfile
import zlib
from typing import Any

from docx.document import Document as DocxDocument
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap
from docx.oxml.ns import qn as _qn
from docx.section import Section
from docx.shared import Length, Mm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree  # type: ignore[import-untyped]  # no types shipped; python-docx depends on lxml

from ..vn import NB_HYPHEN

# python-docx's oxml elements are lxml elements with generated accessors that carry no type information.
XmlElement = Any

FONT = "Times New Roman"
LANG = "vi-VN"

# ND30 page: A4, margins inside the ranges (top/bottom 20–25, left 30–35, right 15–20 mm).
MARGINS = {"top": Mm(20), "bottom": Mm(20), "left": Mm(30), "right": Mm(20)}
HEADER_DISTANCE = Mm(10)


XPATH_NS = {"w": nsmap["w"]}  # the prefix the compiled XPath expressions use


@functools.lru_cache(maxsize=512)
def qn(tag: str) -> str:
    """python-docx's ``qn`` ("w:p" as "{…main}p"), remembered: the layout rules ask it thousands of times."""
    return str(_qn(tag))


def el(tag: str, **attrs: str) -> XmlElement:
    e = OxmlElement(tag)
    for k, v in attrs.items():
        e.set(qn(k), str(v))
    return e


def set_run_fonts(rpr: XmlElement, name: str = FONT) -> None:
    """Times New Roman in all four slots, theme fonts removed (they would win over the plain ones)."""
    rf = rpr.find(qn("w:rFonts"))
    if rf is None:
        rf = el("w:rFonts")
        rpr.insert(0, rf)
    rf.attrib.clear()
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rf.set(qn(slot), name)


def set_lang(rpr: XmlElement) -> None:
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = el("w:lang")
        rpr.append(lang)
    for attr in ("w:val", "w:eastAsia", "w:bidi"):
        lang.set(qn(attr), LANG)


def setup_page(section: Section, *, landscape: bool = False) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.top_margin, section.bottom_margin = MARGINS["top"], MARGINS["bottom"]
    section.left_margin, section.right_margin = MARGINS["left"], MARGINS["right"]
    section.header_distance = HEADER_DISTANCE
    section.footer_distance = HEADER_DISTANCE


def text_width(section: Section) -> Length:
    width, left, right = section.page_width, section.left_margin, section.right_margin
    assert width is not None and left is not None and right is not None  # set by setup_page
    return Length(width - left - right)


def add_page_number(section: Section, size: Pt) -> None:
    """Centred PAGE field in the header, none on the first page (ND30 §6)."""
    section.different_first_page_header_footer = True
    header = section.header
    header.is_linked_to_previous = False
    p = header.paragraphs[0]
    p.alignment = 1  # centre
    for kind in ("begin", None, "separate", "end"):
        run = p.add_run()
        run.font.size = size
        if kind:
            run._r.append(el("w:fldChar", **{"w:fldCharType": kind}))
        else:
            instr = el("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = " PAGE "
            run._r.append(instr)
    section.first_page_header.is_linked_to_previous = False


def restart_page_numbers(section: Section) -> None:
    sect_pr = section._sectPr
    pg = sect_pr.find(qn("w:pgNumType"))
    if pg is None:
        pg = el("w:pgNumType")
        sect_pr.insert_element_before(
            pg, "w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection",
            "w:bidi", "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange",
        )
    pg.set(qn("w:start"), "1")


def borderless(table: Table, widths: list[Length]) -> None:
    """A layout table: fixed widths (tblGrid for LibreOffice, tcW for Word), no borders."""
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    borders = el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(el(f"w:{side}", **{"w:val": "nil"}))
    table._tbl.tblPr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription"
    )
    set_widths(table, widths)


def grid_borders(table: Table) -> None:
    borders = el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(el(f"w:{side}", **{"w:val": "single", "w:sz": "4", "w:space": "0", "w:color": "000000"}))
    table._tbl.tblPr.insert_element_before(
        borders, "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription"
    )


def set_widths(table: Table, widths: list[Length]) -> None:
    for gc, w in zip(table._tbl.tblGrid.iter(qn("w:gridCol")), widths, strict=True):
        gc.set(qn("w:w"), str(w.twips))
    for row in table.rows:
        for cell, w in zip(row.cells, widths, strict=False):
            cell.width = w
    tbl_w = table._tbl.tblPr.find(qn("w:tblW"))
    if tbl_w is None:
        tbl_w = el("w:tblW")
        table._tbl.tblPr.insert_element_before(
            tbl_w, "w:jc", "w:tblInd", "w:tblBorders", "w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook"
        )
    tbl_w.set(qn("w:w"), str(sum(w.twips for w in widths)))
    tbl_w.set(qn("w:type"), "dxa")


def row_flags(row_tr: XmlElement, *, header: bool = False, cant_split: bool = True) -> None:
    trpr = row_tr.get_or_add_trPr()
    if cant_split:
        trpr.append(el("w:cantSplit"))
    if header:
        trpr.append(el("w:tblHeader"))


PPR_ORDER = (
    "pStyle keepNext keepLines pageBreakBefore framePr widowControl numPr suppressLineNumbers pBdr shd tabs "
    "suppressAutoHyphens kinsoku wordWrap overflowPunct topLinePunct autoSpaceDE autoSpaceDN bidi "
    "adjustRightInd snapToGrid spacing ind contextualSpacing mirrorIndents suppressOverlap jc textDirection "
    "textAlignment textboxTightWrap outlineLvl divId cnfStyle rPr sectPr pPrChange"
).split()


def rule_paragraph(p: Paragraph, indent: Length) -> None:
    """Turn ``p`` into a short centred solid line: a bottom border, indented equally on both sides."""
    ppr = p._p.get_or_add_pPr()
    bdr = el("w:pBdr")
    bdr.append(el("w:bottom", **{"w:val": "single", "w:sz": "6", "w:space": "1", "w:color": "000000"}))
    ppr.insert_element_before(bdr, *["w:" + t for t in PPR_ORDER[PPR_ORDER.index("pBdr") + 1 :]])
    set_rule_indent(p, indent)
    fmt = p.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(2)
    fmt.first_line_indent = Pt(0)


def set_rule_indent(p: Paragraph, indent: Length) -> None:
    p.paragraph_format.left_indent = indent
    p.paragraph_format.right_indent = indent


def normalize_docx(data: bytes) -> bytes:
    """Re-zip with fixed timestamps and order so the same input gives the same bytes."""
    with zipfile.ZipFile(io.BytesIO(data)) as src:
        return zip_parts({name: src.read(name) for name in src.namelist()})


Deflated = tuple[int, bytes]  # a part's CRC-32 and its raw deflate stream


def deflate(data: bytes) -> Deflated:
    """``data`` compressed as zipfile does it (zlib's default level, raw deflate)."""
    packer = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
    return zlib.crc32(data), packer.compress(data) + packer.flush()


_LOCAL = struct.Struct("<4s2B4HL2L2H")
_CENTRAL = struct.Struct("<4s4B4HL2L5H2L")
_END = struct.Struct("<4s4H2LH")
_DOS_DATE = 1 << 5 | 1  # 1980-01-01, the earliest a zip can say: no build time in the file
_READ_WRITE = 0o600 << 16  # rw------- for an unzip that keeps Unix modes
_UTF8_NAME = 0x800


def zip_parts(parts: dict[str, bytes], known: dict[bytes, Deflated] | None = None) -> bytes:
    """The package as a zip: [Content_Types].xml first, then the parts by name, every entry dated 1980 and
    deflated — the same bytes for the same parts on every run and machine. ``known`` holds parts compressed
    before (a template's styles, theme, numbering: the same in every document of a bundle).

    The entries are laid out field for field as Python's zipfile writes them (tests compare the two), written
    here because zipfile cannot take a part compressed earlier."""
    out, central, offset = [], [], 0
    for name in sorted(parts, key=lambda n: (n != "[Content_Types].xml", n)):
        data = parts[name]
        crc, packed = (known.get(data) if known else None) or deflate(data)
        try:
            encoded, flags = name.encode("ascii"), 0
        except UnicodeEncodeError:
            encoded, flags = name.encode("utf-8"), _UTF8_NAME
        fields = (20, 0, flags, zipfile.ZIP_DEFLATED, 0, _DOS_DATE, crc, len(packed), len(data), len(encoded))
        out += [_LOCAL.pack(b"PK\x03\x04", *fields, 0), encoded, packed]
        central += [_CENTRAL.pack(b"PK\x01\x02", 20, 3, *fields, 0, 0, 0, 0, _READ_WRITE, offset), encoded]
        offset += _LOCAL.size + len(encoded) + len(packed)
    directory = b"".join(central)
    end = _END.pack(b"PK\x05\x06", 0, 0, len(parts), len(parts), len(directory), offset, 0)
    return b"".join([*out, directory, end])


def repackaged(data: bytes, replace: dict[str, bytes]) -> bytes:
    """The zipped package ``data`` with the parts named in ``replace`` replaced; the other parts keep their
    compressed bytes (a bundle's combined letters: one part new, a dozen as the first letter has them)."""
    parts, known = dict(replace), {}
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        for info in z.infolist():
            if info.filename in replace:
                continue
            part = parts[info.filename] = z.read(info)
            if info.compress_type == zipfile.ZIP_DEFLATED:
                local = _LOCAL.unpack_from(data, info.header_offset)
                start = info.header_offset + _LOCAL.size + local[-2] + local[-1]
                known[part] = (info.CRC, data[start:start + info.compress_size])
    return zip_parts(parts, known)


class _Parts:
    """python-docx's physical package writer, collecting the parts instead of zipping them."""

    def __init__(self) -> None:
        self.parts: dict[str, bytes] = {}

    def write(self, pack_uri: Any, blob: bytes) -> None:
        self.parts[pack_uri.membername] = blob


def package_parts(doc: DocxDocument) -> dict[str, bytes]:
    """Every part of the document as python-docx's save serializes it, by zip member name (python-docx's
    package writer steps, without its zip); a python-docx without those steps is saved and unzipped."""
    from docx.opc.pkgwriter import PackageWriter

    package = doc.part.package
    steps = ("_write_content_types_stream", "_write_pkg_rels", "_write_parts")
    if not all(hasattr(PackageWriter, s) for s in steps):
        buffer = io.BytesIO()
        doc.save(buffer)
        with zipfile.ZipFile(buffer) as z:
            return {name: z.read(name) for name in z.namelist()}
    parts = list(package.parts)
    for part in parts:
        part.before_marshal()
    collected: Any = _Parts()  # duck-typed: python-docx's writer steps only call .write(pack_uri, blob)
    PackageWriter._write_content_types_stream(collected, parts)  # type: ignore[no-untyped-call]  # untyped
    PackageWriter._write_pkg_rels(collected, package.rels)  # type: ignore[no-untyped-call]  # in python-docx
    PackageWriter._write_parts(collected, parts)
    return dict(collected.parts)


def docx_bytes(doc: DocxDocument) -> bytes:
    """The document as :func:`normalize_docx` writes it, zipped once (python-docx's own save compresses every
    part, and normalizing unzipped and compressed them again: a fifth of a bundle's time)."""
    return zip_parts(package_parts(doc))


_HYPHEN = NB_HYPHEN.encode()
_TEXT = re.compile(rb"<w:t(?: [^>]*)?>([^<]*)</w:t>")  # linear: [^<]* cannot overlap the closing tag
_HYPHEN_BETWEEN = b'</w:t><w:noBreakHyphen/><w:t xml:space="preserve">'


def no_break_hyphens(xml: bytes) -> bytes:
    """U+2011 in the text of a serialized part (document symbols: 186‑KH/TU) becomes Word's own
    <w:noBreakHyphen/>, which every reader prints as "-" and never breaks a line at.

    Done on the serialized text, not on the tree: a long symbol-rich text has millions of hyphens, and
    lxml creates and places elements one by one (seconds per document). Only the text elements that hold a
    hyphen are rewritten, found from the hyphen: a bundle's documents have hundreds of texts each."""
    out, done = [], 0
    at = xml.find(_HYPHEN)
    while at >= 0:
        start = max(xml.rfind(b"<w:t>", done, at), xml.rfind(b"<w:t ", done, at))
        m = _TEXT.match(xml, start) if start >= 0 and xml.find(b"<", start + 1, at) < 0 else None
        if m is None or not m.start(1) <= at < m.end(1):  # a hyphen outside a text stays as it is
            at = xml.find(_HYPHEN, at + len(_HYPHEN))
            continue
        out += [xml[done:start], b'<w:t xml:space="preserve">', m.group(1).replace(_HYPHEN, _HYPHEN_BETWEEN),
                b"</w:t>"]
        done = m.end()
        at = xml.find(_HYPHEN, done)
    return b"".join([*out, xml[done:]]) if out else xml


def drop_styles_with_effects(doc: DocxDocument) -> None:
    """python-docx's default package carries stylesWithEffects.xml, which disagrees with our styles."""
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects"):
            doc.part.drop_rel(rid)


_CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CUSTOM_FMTID = "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}"  # the one format id Word writes for user properties


def custom_properties_xml(props: dict[str, str]) -> bytes:
    """docProps/custom.xml holding ``props``, each a text property, numbered as Word numbers them."""
    root = etree.Element(f"{{{_CUSTOM_NS}}}Properties", nsmap={None: _CUSTOM_NS, "vt": _VT_NS})
    for pid, (name, value) in enumerate(props.items(), 2):  # pid 2 onward, as Word numbers them
        prop = etree.SubElement(root, f"{{{_CUSTOM_NS}}}property", fmtid=_CUSTOM_FMTID, pid=str(pid), name=name)
        etree.SubElement(prop, f"{{{_VT_NS}}}lpwstr").text = value
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))


def set_custom_properties(doc: DocxDocument, props: dict[str, str]) -> None:
    """Write ``props`` as the document's custom properties (docProps/custom.xml), replacing the template's."""
    from docx.opc.constants import CONTENT_TYPE as CT
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    if not props:
        return
    blob = custom_properties_xml(props)
    package = doc.part.package
    for rel in list(package.rels.values()):
        if rel.reltype == RT.CUSTOM_PROPERTIES:  # a clerk's template saved by Word may carry its own
            package.rels.pop(rel.rId)
    package.relate_to(Part(PackURI("/docProps/custom.xml"), CT.OFC_CUSTOM_PROPERTIES, blob, package),
                      RT.CUSTOM_PROPERTIES)


def custom_properties(doc: DocxDocument) -> dict[str, str]:
    """The document's custom properties as text (what Word and LibreOffice keep under Custom)."""
    from docx.opc.constants import RELATIONSHIP_TYPE as RT

    out: dict[str, str] = {}
    for rel in doc.part.package.rels.values():
        if rel.reltype != RT.CUSTOM_PROPERTIES or rel.is_external:
            continue
        try:
            root = etree.fromstring(rel.target_part.blob, etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError:
            continue
        for prop in root.findall(f"{{{_CUSTOM_NS}}}property"):
            name = prop.get("name") or ""
            out[name] = "".join(prop.itertext()).strip()
    return out
