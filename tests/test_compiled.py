"""The compiled renderer (generator/render/compiled.py) against what it replaces: docxtpl's render, python-docx's
save and zipfile, run side by side on every template and on a clerk's template with the parts docxtpl renders
that ours do not use (footnotes, tags in a header and in the properties, a table whose grid docxtpl repairs)."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docxtpl import DocxTemplate

from generator.build import bundle_files
from generator.diff import diff_plans
from generator.load import load_plan
from generator.render import comparison, documents, engine
from generator.render.compiled import Styles, set_core_properties
from generator.render.ooxml import no_break_hyphens, package_parts, set_custom_properties, zip_parts
from generator.tonghop import documents as tonghop_documents
from generator.tonghop.collect import collect

from .conftest import DATA, PLAN_DATA

TEMPLATES = engine.default_templates()


def zipfile_zip(parts: dict[str, bytes]) -> bytes:
    """The package as Python's zipfile writes it with kehoach's fixed date, order and mode."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name in sorted(parts, key=lambda n: (n != "[Content_Types].xml", n)):
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o600 << 16
            z.writestr(info, parts[name])
    return out.getvalue()


def docxtpl_render(template: Path, context: dict[str, Any], tables: Any) -> bytes:
    """A document the way kehoach made it before templates were compiled: docxtpl opens and renders the
    template, the layout rules run on python-docx's document, python-docx serializes, zipfile zips."""
    tpl = DocxTemplate(str(template))
    tpl.render(context, jinja_env=engine._ENV, autoescape=True)
    engine.lay_out(tpl.docx.element, Styles.of(tpl.docx), context, tables)
    set_core_properties(tpl.docx.core_properties, context.get("core") or {})
    set_custom_properties(tpl.docx, context.get("custom") or {})
    parts = package_parts(tpl.docx)
    parts["word/document.xml"] = no_break_hyphens(parts["word/document.xml"])
    return zipfile_zip(parts)


@pytest.fixture(scope="module")
def renders(monkeypatch_module: pytest.MonkeyPatch) -> list[tuple[Path, dict[str, Any], Any, bytes]]:
    """Every render of two bundles, a comparison and a result report: template, context, tables, output."""
    seen: list[tuple[Path, dict[str, Any], Any, bytes]] = []

    def recording(template: Path, context: dict[str, Any], tables: Any = None) -> bytes:
        out = engine.render_docx(template, context, tables)
        seen.append((template, context, tables, out))
        return out

    for module in (documents, comparison, tonghop_documents):
        monkeypatch_module.setattr(module, "render_docx", recording)
    xop, kon_tum = load_plan(PLAN_DATA / "xa-xop.yaml"), load_plan(PLAN_DATA / "kon-tum.yaml")
    bundle_files(xop, TEMPLATES)
    bundle_files(load_plan(PLAN_DATA / "vi-du" / "qd-2597-qd-ttg-2025.yaml"), TEMPLATES)
    bundle_files(load_plan(DATA / "valid" / "bang-tu-do.yaml"), TEMPLATES)  # issued by a Quyết định
    comparison.comparison_docx(diff_plans(kon_tum, xop), TEMPLATES)
    tonghop_documents.render_report(collect(xop, PLAN_DATA, dt.date(2025, 12, 1), forms=[]), TEMPLATES)
    return seen


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_every_template_is_rendered(renders):
    used = {template.name for template, *_ in renders}
    assert used == {p.name for p in TEMPLATES.glob("*.docx")}


def test_compiled_documents_are_docxtpl_documents_byte_for_byte(renders):
    for template, context, tables, out in renders:
        assert out == docxtpl_render(template, context, tables), template.name


def clerk_template(tmp_path: Path, context: dict[str, Any]) -> Path:
    """The default letter template as a clerk might have edited it: a tag in the header and in the document's
    subject, footnotes with a tag, a table of three cells on a grid of two (docxtpl widens the grid)."""
    key = next(k for k, v in context.items() if isinstance(v, str) and v and re.fullmatch(r"\w+", k))
    doc = docx.Document(str(TEMPLATES / "cong-van.docx"))
    doc.core_properties.subject = f"Về {{{{ {key} }}}}"
    doc.sections[0].header.add_paragraph(f"Đầu trang: {{{{ {key} }}}}")
    table = doc.add_table(rows=1, cols=3)
    table.cell(0, 0).text = f"{{{{ {key} }}}}"
    grid = table._tbl.tblGrid
    grid.remove(grid.gridCol_lst[-1])
    buffer = io.BytesIO()
    doc.save(buffer)
    path = tmp_path / "cong-van.docx"
    path.write_bytes(with_footnotes(buffer.getvalue(), key))
    return path


def with_footnotes(data: bytes, key: str) -> bytes:
    notes = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:footnotes xmlns:w="http://schemas.'
             'openxmlformats.org/wordprocessingml/2006/main"><w:footnote w:id="1"><w:p><w:r><w:t>Ghi chú: {{ '
             + key + ' }}</w:t></w:r></w:p></w:footnote></w:footnotes>')
    rel = ('<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
           'footnotes" Target="footnotes.xml"/></Relationships>')
    override = ('<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-'
                'officedocument.wordprocessingml.footnotes+xml"/></Types>')
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["word/footnotes.xml"] = notes.encode()
    parts["word/_rels/document.xml.rels"] = parts["word/_rels/document.xml.rels"].replace(
        b"</Relationships>", rel.encode())
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(b"</Types>", override.encode())
    return zipfile_zip(parts)


def test_a_clerks_template_renders_as_docxtpl_renders_it(renders, tmp_path):
    _, context, tables, _ = next(r for r in renders if r[0].name == "cong-van.docx")
    edited = clerk_template(tmp_path, context)
    out = engine.render_docx(edited, context, tables)
    assert out == docxtpl_render(edited, context, tables)
    with zipfile.ZipFile(io.BytesIO(out)) as z:
        notes, core = z.read("word/footnotes.xml").decode(), z.read("docProps/core.xml").decode()
        header = b"".join(z.read(n) for n in z.namelist() if n.startswith("word/header")).decode()
        document = z.read("word/document.xml").decode()
    assert "{{" not in notes + core + header
    assert "Ghi chú: " in notes and "Đầu trang: " in header and "<dc:subject>Về " in core
    assert document.count("<w:gridCol") > 0 and "{{" not in document


def test_zip_is_zipfiles_zip():
    parts = {"word/document.xml": "<w:document>Kế hoạch</w:document>".encode() * 500, "[Content_Types].xml": b"<T/>",
             "_rels/.rels": b"", "customXml/t\u00ean.xml": b"<x/>"}
    ours = zip_parts(parts)
    assert ours == zipfile_zip(parts)
    with zipfile.ZipFile(io.BytesIO(ours)) as z:
        assert z.testzip() is None
        assert z.namelist()[0] == "[Content_Types].xml"
        assert {n: z.read(n) for n in z.namelist()} == parts


def test_a_part_compressed_before_is_used_as_it_is():
    from generator.render.ooxml import deflate

    styles = b"<w:styles/>" * 100
    known = {styles: deflate(styles)}
    assert zip_parts({"word/styles.xml": styles}, known) == zip_parts({"word/styles.xml": styles})


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def para(text: str, style: str = "") -> str:
    ppr = f'<w:pPr><w:pStyle w:val="{style}"/></w:pPr>' if style else ""
    return f'<w:p>{ppr}<w:r><w:rPr><w:b/></w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


LISTINGS = [
    para("một dòng"),
    para("dòng\nxuống dòng") + para("không") + para("ô\tcột"),
    para("đoạn\ađoạn mới", "S") + para("trang\fmới") + para("\a\a"),
    '<w:tbl><w:tr><w:tc>' + para("trong ô\adưới") + '</w:tc></w:tr></w:tbl>' + '<w:p w:rsidR="1">' + para("x")[5:],
    para("hộp") [:-6] + '<w:r><w:pict><w:txbxContent>' + para("trong\nhộp") + '</w:txbxContent></w:pict></w:r></w:p>'
    + para("sau\nhộp"),
    '<w:tblPr><w:tblCaption w:val="ngoài\nđoạn"/></w:tblPr>' + para("rồi\nđoạn"),
    '<w:p/>' + para("rỗng trước\a"),
]


@pytest.mark.parametrize("xml", LISTINGS)
def test_listing_signs_are_resolved_as_docxtpl_resolves_them(xml):
    from generator.render.compiled import resolve_listing

    body = f"<w:body {W}>{xml}</w:body>"
    assert resolve_listing(body) == DocxTemplate.resolve_listing(None, body)


def table(grid: int, rows: list[list[str]], inner: str = "") -> str:
    cols = "".join(f'<w:gridCol w:w="{1000 * (i + 1)}"/>' for i in range(grid))
    cells = "".join("<w:tr>" + "".join(
        (f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>' if span else "<w:tc>") + para("ô") + "</w:tc>"
        for span in row) + "</w:tr>" for row in rows)
    return f'<w:tbl><w:tblPr/><w:tblGrid>{cols}</w:tblGrid>{cells}{inner}</w:tbl>'


GRIDS = [
    table(3, [["", "", ""], ["", ""]]),
    table(2, [["", "", ""]]),
    table(4, [["", ""], ["2", ""]]),
    table(3, [["2", ""], ["3"]]),
    table(3, [["2.0", ""]]),
    table(2, [["", ""], [" 2"]]),
    table(0, []),
    table(2, []),
    table(2, [["", ""]], inner=f"<w:tr><w:tc>{table(1, [['', '']])}</w:tc></w:tr>"),
    '<w:tbl><w:tr><w:tc>' + para("không có lưới") + '</w:tc></w:tr></w:tbl>',
]


@pytest.mark.parametrize("xml", GRIDS)
def test_table_grids_are_repaired_as_docxtpl_repairs_them(xml):
    import copy

    from lxml import etree

    from generator.render.compiled import _put_body

    body = f"<w:body {W}>{xml}<w:sectPr/></w:body>"
    template = docx.Document(str(TEMPLATES / "cong-van.docx")).element
    ours, theirs = copy.deepcopy(template), copy.deepcopy(template)
    try:
        _put_body(ours, body)
    except Exception as exc:  # docxtpl's own code fails on this table: so must ours, the same way
        with pytest.raises(type(exc)):
            DocxTemplate.fix_tables(None, body)
        return
    theirs.replace(theirs.body, DocxTemplate.fix_tables(None, body))
    assert etree.tostring(ours) == etree.tostring(theirs)


HYPHEN = "\u2011"
HYPHENATED = [
    f'<w:p><w:r><w:t>186{HYPHEN}KH/TU</w:t></w:r></w:p>',
    f'<w:r><w:t xml:space="preserve">a{HYPHEN}b{HYPHEN}c </w:t><w:t>không</w:t><w:t>{HYPHEN}</w:t></w:r>',
    f'<w:tblCaption w:val="x{HYPHEN}y"/><w:t>z{HYPHEN}</w:t>',
    f'<w:t a="{HYPHEN}">không</w:t><w:t a="{HYPHEN}">có{HYPHEN}</w:t>',
    f'<w:tab/><w:tbl>{HYPHEN}</w:tbl><w:t/>',
    "<w:t>không gạch</w:t>",
]


@pytest.mark.parametrize("xml", HYPHENATED)
def test_no_break_hyphens_rewrites_exactly_the_texts_that_hold_one(xml):
    text = re.compile(rb"<w:t(?: [^>]*)?>([^<]*)</w:t>")
    hyphen, between = HYPHEN.encode(), b'</w:t><w:noBreakHyphen/><w:t xml:space="preserve">'

    def every_text(m):
        if hyphen not in m.group(1):
            return m.group(0)
        return b'<w:t xml:space="preserve">' + m.group(1).replace(hyphen, between) + b"</w:t>"

    data = xml.encode()
    assert no_break_hyphens(data) == text.sub(every_text, data)


RUNS = [
    '<w:p><w:pPr><w:jc w:val="left"/><w:rPr><w:b/></w:rPr></w:pPr><w:r w:rsidR="0"><w:rPr><w:i/></w:rPr>'
    '<w:t>một\ahai</w:t><w:t>ba\tbốn</w:t></w:r><w:r><w:t>năm</w:t></w:r>'
    '<w:hyperlink><w:r><w:t>sáu\nbảy</w:t></w:r></w:hyperlink></w:p>',
    '<w:p><w:r><w:instrText>PAGE\n</w:instrText><w:t>tám\f</w:t></w:r></w:p><w:p><w:pPr/><w:r><w:t>\a</w:t></w:r></w:p>',
    '<w:p><w:r><w:ruby><w:rt><w:r><w:t>chín\nmười</w:t></w:r></w:rt></w:ruby></w:r></w:p>',
]


@pytest.mark.parametrize("xml", RUNS)
def test_listing_signs_in_runs_are_resolved_as_docxtpl_resolves_them(xml):
    test_listing_signs_are_resolved_as_docxtpl_resolves_them(xml)


@pytest.mark.parametrize("seed", range(5))
def test_a_cells_quick_bound_agrees_with_measuring_each_paragraph(seed):
    """keep_short_rows_whole's shortcut (paragraphs + whole text // width) never calls long a cell that is
    short when each paragraph is measured, nor the other way round."""
    import random

    from lxml import etree

    from generator.render.engine import FORM_SIZE, _cell_is_short

    rng = random.Random(seed)
    words = ["Ủy", "ban", "nhân", "dân", "xã", "báo", "cáo", "kết", "quả", "thực", "hiện", "nhiệm", "vụ", "□"]
    for _ in range(300):
        paragraphs = "".join(
            f"<w:p><w:r><w:t>{' '.join(rng.choices(words, k=rng.choice([0, 1, 5, 20, 60, 200])))}</w:t></w:r></w:p>"
            for _ in range(rng.randint(1, 16)))
        width = f'<w:tcPr><w:tcW w:w="{rng.choice([300, 1200, 2500, 5000])}" w:type="dxa"/></w:tcPr>'
        tc = etree.fromstring(f"<w:tc {W}>{width if rng.random() < 0.8 else ''}{paragraphs}</w:tc>")
        most = rng.choice([1, 5, 14])
        assert _cell_is_short(tc, FORM_SIZE, most, nested=False) == _cell_is_short(tc, FORM_SIZE, most)
