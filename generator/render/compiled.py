"""A template compiled once per version per process, and the documents rendered from it.

docxtpl, for every document, re-opens the template .docx, serializes its body to text again and cleans its
tags again; python-docx's save then serializes and compresses every unchanged part (styles, numbering,
theme …) again. A bundle renders the letter and form templates dozens of times, so here the first use of a
template does all of that once, and each document makes only what differs: the body, the headers and
footers, the properties.

The steps are docxtpl 0.20's ``render`` and python-docx's save, in their order and with their parsers, so a
document comes out byte for byte as ``DocxTemplate.render`` + ``Document.save`` gave it (tests/test_compiled.py
renders every template both ways)."""

from __future__ import annotations

import copy
import datetime as dt
import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jinja2
from docx import Document
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.coreprops import CoreProperties
from docx.opc.oxml import serialize_part_xml
from docx.opc.part import XmlPart
from docx.oxml.ns import nsmap
from docx.oxml.parser import parse_xml
from docxtpl import DocxTemplate  # type: ignore[import-untyped]  # docxtpl ships no type information
from lxml import etree  # type: ignore[import-untyped]  # no types shipped; python-docx depends on lxml

from .blueprint import S_LAST, S_RULE_ISSUER, S_RULE_TITLE
from .ooxml import (
    XPATH_NS,
    Deflated,
    custom_properties_xml,
    deflate,
    package_parts,
    qn,
    set_custom_properties,
    zip_parts,
)

# docxtpl renders these core properties from the template's own text (a clerk may put tags in them).
RENDERED_PROPERTIES = ("author", "comments", "identifier", "language", "subject", "title")
_DRAWING_IDS = etree.XPath("//wp:docPr", namespaces={"wp": nsmap["wp"]})


@dataclass(frozen=True)
class Styles:
    """The ids of the styles the layout rules look for; None where a clerk's template has no such style."""

    rule_issuer: str | None
    rule_title: str | None
    last: str | None

    @classmethod
    def of(cls, doc: Any) -> Styles:
        def style_id(name: str) -> str | None:
            try:
                return str(doc.styles[name].style_id)
            except KeyError:
                return None

        return cls(style_id(S_RULE_ISSUER), style_id(S_RULE_TITLE), style_id(S_LAST))


@dataclass(frozen=True)
class _Part:
    """A part rendered per document: a header or footer (re-parsed like python-docx's own parts) or footnotes
    (kept as text, as docxtpl leaves them)."""

    name: str
    source: str
    template: jinja2.Template


def _source(xml: str) -> str:
    """docxtpl's preparation of a part's XML for Jinja: its tag clean-up, then a line per paragraph (so an
    error's line number points near the paragraph)."""
    return re.sub(r"<w:p([ >])", r"\n<w:p\1", DocxTemplate.patch_xml(None, xml))


def _compiled_part(name: str, xml: str, env: jinja2.Environment) -> _Part:
    source = _source(xml)
    try:
        return _Part(name, source, env.from_string(source))
    except jinja2.TemplateError as exc:
        _explain(exc, source)
        raise


def _explain(exc: jinja2.TemplateError, source: str) -> None:
    """docxtpl's error context: the template's text around the failing line, tags stripped."""
    lineno = getattr(exc, "lineno", None)
    if lineno is not None:
        start = max(lineno - 4, 0)
        exc.docx_context = [re.sub(r"<[^>]+>", "", line)  # type: ignore[attr-defined]  # docxtpl's attribute
                            for line in source.splitlines()[start:start + 7]]


KEPT_HEADERS = 32  # rendered headers and footers kept per template

_PLACEHOLDERS = (("{_{", "{{"), ("}_}", "}}"), ("{_%", "{%"), ("%_}", "%}"))
_LISTING = re.compile(r"<w:p(?: [^>]*)?>.*?</w:p>", re.DOTALL)
_LISTING_CHARS = re.compile("[\t\a\n\f]")


def _rendered(part: _Part, context: dict[str, Any]) -> str:
    try:
        xml = part.template.render(context)
    except jinja2.TemplateError as exc:
        _explain(exc, part.source)
        raise
    xml = xml.replace("\n<w:p ", "<w:p ").replace("\n<w:p>", "<w:p>")  # the line per paragraph taken out
    for placeholder, tag in _PLACEHOLDERS:
        xml = xml.replace(placeholder, tag)
    return resolve_listing(xml)


def resolve_listing(xml: str) -> str:
    """docxtpl's tabs, line and page breaks ("\\t", "\\n", "\\f", "\\a" in a text), done by docxtpl's code on
    the runs that hold one: its own pass runs three regular expressions over every run of every paragraph."""
    found = _LISTING_CHARS.search(xml)
    if not found:
        return xml
    if "<w:txbxContent" in xml or "<w:ruby" in xml:  # runs inside runs: docxtpl's scan, paragraph by paragraph
        return _LISTING.sub(_listing, xml)
    out, done = [], 0
    while found:  # paragraphs and runs follow one another: the ones holding a sign start at the last <w:p, <w:r
        at = found.start()
        run = _enclosing(xml, at)
        if run is None:  # a sign outside a run's text stays as it is, as docxtpl leaves it
            found = _LISTING_CHARS.search(xml, at + 1)
            continue
        start, end, ppr = run
        out += [xml[done:start], _resolve_run(xml[start:end], ppr)]
        done = end
        found = _LISTING_CHARS.search(xml, done)
    return "".join([*out, xml[done:]])


def _last(xml: str, tag: str, start: int, end: int) -> int:
    """Where the last ``<tag>`` or ``<tag …>`` between ``start`` and ``end`` begins, or -1."""
    return max(xml.rfind(f"<{tag}>", start, end), xml.rfind(f"<{tag} ", start, end))


def _enclosing(xml: str, at: int) -> tuple[int, int, str] | None:
    """The run holding the sign at ``at`` (its start and end), with its paragraph's properties; None when the
    sign is in no run of a paragraph."""
    p = _last(xml, "w:p", xml.rfind("</w:p>", 0, at) + 1, at)  # after the last paragraph closed: short searches
    r = _last(xml, "w:r", max(p, xml.rfind("</w:r>", p, at) + 1), at) if p >= 0 else -1
    if r < 0:
        return None
    p_end, r_end = xml.find("</w:p>", at), xml.find("</w:r>", at)
    if r_end < 0 or p_end < r_end:
        return None
    ppr = _PPR.search(xml, p, p_end)
    return r, r_end + len("</w:r>"), ppr.group(0) if ppr else ""


# docxtpl's patterns: a paragraph's and a run's own properties (repeated in the runs and paragraphs a sign
# starts), a text element.
_PPR = re.compile(r"<w:pPr>.*?</w:pPr>", re.DOTALL)
_RPR = re.compile(r"<w:rPr>.*?</w:rPr>", re.DOTALL)
_T = re.compile(r"<w:t(?: [^>]*)?>.*?</w:t>", re.DOTALL)


def _resolve_run(run: str, ppr: str) -> str:
    """docxtpl's output for a run's texts: a tab becomes a run of its own, "\\a" starts a paragraph with the
    same properties, "\\n" a line break, "\\f" a paragraph holding a page break (tests compare with docxtpl)."""
    found = _RPR.search(run)
    rpr = found.group(0) if found else ""
    opened = f'<w:r>{rpr}<w:t xml:space="preserve">'
    signs = (("\t", f"</w:t></w:r><w:r>{rpr}<w:tab/></w:r>{opened}"),
             ("\a", f"</w:t></w:r></w:p><w:p>{ppr}{opened}"),
             ("\n", '</w:t><w:br/><w:t xml:space="preserve">'),
             ("\f", f'</w:t></w:r></w:p><w:p><w:r><w:br w:type="page"/></w:r></w:p><w:p>{ppr}{opened}'))

    def text(m: re.Match[str]) -> str:
        xml = m.group(0)
        for sign, tags in signs:
            xml = xml.replace(sign, tags)
        return xml

    return _T.sub(text, run)


def _listing(m: re.Match[str]) -> str:
    text = m.group(0)
    return str(DocxTemplate.resolve_listing(None, text)) if _LISTING_CHARS.search(text) else text


class Compiled:
    """One template, ready to render: its parts' Jinja compiled, its unchanged parts serialized and
    compressed, the style ids the layout rules need."""

    def __init__(self, data: bytes, env: jinja2.Environment) -> None:
        doc = Document(io.BytesIO(data))
        props = doc.core_properties  # python-docx adds the part when the template has none, as docxtpl's render
        self.initial = {name: getattr(props, name) for name in RENDERED_PROPERTIES}
        self.core = serialize_part_xml(props._element)
        self.styles = Styles.of(doc)
        self.root = copy.deepcopy(doc.element)  # without the template's body: each document puts its own
        self.root.replace(self.root.body, self.root.makeelement(self.root.body.tag))
        self.body = _compiled_part("word/document.xml",
                                   etree.tostring(doc.element.body, encoding="unicode"), env)
        self.headers = [_compiled_part(part.partname.membername, etree.tostring(parse_xml(part.blob),
                                                                                encoding="unicode"), env)
                        for rel_type in (RT.HEADER, RT.FOOTER)
                        for rel in doc.part.rels.values()
                        if rel.reltype == rel_type and (part := rel.target_part).blob]
        notes = [p for p in doc.part.package.parts
                 if p.content_type == CT.WML_FOOTNOTES and not isinstance(p, XmlPart)]
        self.footnotes = {p.partname.membername: p.blob.decode("utf-8") for p in notes}
        self.core_name = doc.part.package.part_related_by(RT.CORE_PROPERTIES).partname.membername
        rendered = {"word/document.xml", self.core_name, *(h.name for h in self.headers), *self.footnotes}
        self.plain = {n: b for n, b in package_parts(doc).items() if n not in rendered}
        set_custom_properties(doc, {"x": "x"})  # the same package with custom properties: their rel, content type
        self.custom = {n: self.plain[n] if self.plain.get(n) == b else b for n, b in package_parts(doc).items()
                       if n not in rendered and n != "docProps/custom.xml"}
        self._headers_done: dict[tuple[str, str], bytes] = {}
        self.deflated: dict[bytes, Deflated] = {b: deflate(b) for b in {*self.plain.values(), *self.custom.values()}}

    def render(self, context: dict[str, Any], env: jinja2.Environment) -> Rendered:
        """docxtpl's render of ``context``: the body (parsed, its tables' grids repaired), the headers and
        footers, the properties the template's own text sets, the footnotes."""
        root = copy.deepcopy(self.root)
        _put_body(root, _rendered(self.body, context))
        parts = {h.name: self._header(h, _rendered(h, context)) for h in self.headers}
        core = parse_xml(self.core)
        props = CoreProperties(core)
        for name in RENDERED_PROPERTIES:
            setattr(props, name, env.from_string(self.initial[name]).render(context))
        parts.update(self._footnotes(len(root.sectPr_lst), context, env))
        return Rendered(self, root, core, parts)

    def _header(self, part: _Part, xml: str) -> bytes:
        """A header or footer as python-docx loads and saves a part (parsed, blank text dropped, serialized);
        kept per text, since every letter of a bundle has the same page-number header."""
        key = (part.name, xml)
        done = self._headers_done.get(key)
        if done is None:
            done = serialize_part_xml(parse_xml(xml.encode("utf-8")))
            if len(self._headers_done) >= KEPT_HEADERS:
                self._headers_done.clear()
            self._headers_done[key] = done
        return done

    def _footnotes(self, sections: int, context: dict[str, Any], env: jinja2.Environment) -> dict[str, bytes]:
        """docxtpl renders each footnotes part once per section of the rendered document."""
        out = {}
        for name, xml in self.footnotes.items():
            for _ in range(sections):
                xml = _rendered(_compiled_part(name, xml, env), context)
            out[name] = xml.encode("utf-8")
        return out


@dataclass(frozen=True)
class Rendered:
    """A document rendered from its template, before its properties are set and its package zipped (the
    layout rules work on ``root``, the document element, in between)."""

    compiled: Compiled
    root: Any
    core: Any
    parts: dict[str, bytes]

    def document(self, core: dict[str, Any], custom: dict[str, str], edit: Callable[[bytes], bytes]) -> bytes:
        """The .docx: the core properties from ``core``, ``custom`` as custom properties (the template's
        own are kept when there are none), ``edit`` applied to the serialized document part."""
        set_core_properties(CoreProperties(self.core), core)
        parts = {**self.parts, self.compiled.core_name: serialize_part_xml(self.core)}
        if custom:
            parts["docProps/custom.xml"] = custom_properties_xml(custom)
        parts["word/document.xml"] = edit(serialize_part_xml(self.root))
        return zip_parts({**(self.compiled.custom if custom else self.compiled.plain), **parts},
                         self.compiled.deflated)


PROPERTY_CHARS = 255  # the longest text a core property may hold (OPC; python-docx refuses more)


def _property_text(text: str) -> str:
    """``text`` within :data:`PROPERTY_CHARS`, cut at a word with "…" when longer (a title of a whole paragraph)."""
    if len(text) <= PROPERTY_CHARS:
        return text
    cut = text[:PROPERTY_CHARS - 1]
    return (cut.rsplit(" ", 1)[0] if " " in cut[PROPERTY_CHARS // 2:] else cut).rstrip(" ,;:—-") + "…"


def set_core_properties(props: CoreProperties, core: dict[str, Any]) -> None:
    """What Word shows under File > Info: the document's title, the issuer as author, the plan's date (never
    python-docx's 2013 defaults); a date without day or month counts from the first of the period."""
    props.title = _property_text(str(core.get("title", "")))
    props.author = props.last_modified_by = _property_text(str(core.get("author", "")))
    props.comments = ""
    props.language = "vi-VN"
    props.revision = 1
    year, month, day = core.get("date") or (None, None, None)
    if year:
        stamp = dt.datetime(int(year), int(month or 1), int(day or 1), tzinfo=dt.UTC)
        props.created = props.modified = stamp


_GRID_COLUMNS = etree.XPath("count(w:tblGrid[1]/w:gridCol)", namespaces=XPATH_NS)
# docxtpl's grid repair leaves a table as it is when no row has more cells than the grid has columns and some
# row's cells (spans counted) fill the grid; spans it could not read send the table to docxtpl's own code.
_GRID_AS_IS = etree.XPath(
    "w:tblGrid and not(.//w:tr[count(w:tc) > $n])"
    " and .//w:tr[count(w:tc) - count(w:tc/w:tcPr[1]/w:gridSpan[1]) + sum(w:tc/w:tcPr[1]/w:gridSpan[1]/@w:val) >= $n]"
    " and not(.//w:tc/w:tcPr[1]/w:gridSpan[1][not(@w:val) or @w:val = ''"
    " or translate(@w:val, '0123456789', '') != ''])", namespaces=XPATH_NS)


def _put_body(root: Any, xml: str) -> None:
    """The rendered body in place of the template's: parsed as docxtpl parses it, its tables' grids repaired
    by docxtpl's own code when one needs it, drawing ids renumbered from 1001 as docxtpl does."""
    tree = etree.fromstring(xml, etree.XMLParser(recover=True))
    if tree.nsmap.get("w") != XPATH_NS["w"] or not all(
            _GRID_AS_IS(table, n=_GRID_COLUMNS(table)) for table in tree.iter(qn("w:tbl"))):
        tree = DocxTemplate.fix_tables(None, xml)
    for index, drawing in enumerate(_DRAWING_IDS(tree), 1001):
        drawing.attrib["id"] = str(index)
    root.replace(root.body, tree)
