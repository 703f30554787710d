"""The eight real 2025 plans, received as Word files (tests/data/that/, typed by tools/make_real_plans.py from the
crawled texts in tests/fixtures/real-plans/): nhap reads each, the plan validates and builds, and the built
Phụ lục prints every task row of the source cell by cell."""

from __future__ import annotations

import io
import itertools
import os
import re
import shutil
from collections import Counter
from pathlib import Path

import docx
import pytest

from generator.api import build_documents
from generator.load import load_plan_text
from generator.nhap import read_plan_docx, to_yaml
from generator.validate import validate

from .realplans import SPECS, Paragraph, Table, document, plain, stacked, width_of

DATA = Path(__file__).parent / "data" / "that"
FILES = {p.name.split(".")[0]: p for p in sorted(DATA.iterdir())}
NEEDS_SOFFICE = {n for n, p in FILES.items() if p.suffix != ".docx"}
# What the crawl mangled so that no văn thư's table has it, named here so that nothing else is let off.
NUMBER = re.compile(r"^([IVXLC]+(\.\d+)*|[A-Z]|\d+(\.\d+)*)\.?$")
CRAWL_JUNK: dict[str, int] = {}
# Not read whole yet (issue 18 stays open): each fails for the reason given, and strict xfail says when it passes.
NOT_YET: dict[str, str] = {}
# What nhap cannot place yet and says so (it stops unless --cho-phep-thieu).
LEFT_OVER: dict[str, int] = {}


def source_rows(name: str, merge_down: bool) -> list[tuple[str, ...]]:
    """The task rows of the source's appendix tables, as printed: (stt, cells …), whitespace collapsed."""
    blocks = document(name)
    first_appendix = next(i for i, b in enumerate(blocks) if isinstance(b, Paragraph) and b.plain.startswith("PHỤ LỤC"))
    rows: list[tuple[str, ...]] = []
    for block in blocks[first_appendix:]:
        if not isinstance(block, Table):
            continue
        texts = block.texts()
        width = width_of(texts)
        above: list[str] = []
        for row in texts[1:]:
            if not row[0] and (len(row) > width or (len(row) > 1 and (NUMBER.match(row[1]) or not row[1]))):
                row = row[1:]  # an empty cell the web page put in front
            if len(row) <= 2 and NUMBER.match(row[0]):
                above = [""] * width  # a section row: a task under it merges nothing from the task above it
            elif merge_down and above and 2 <= len(row) < width and not NUMBER.match(row[0]):
                row = stacked(row, above, width)
            if NUMBER.match(row[0]):
                row = [row[0].rstrip("."), *row[1:]]  # "3." typed: kehoach prints its numbers without the mark
            others = [t for t in row[2:] if t]
            if len(row) == width and row[0] and not row[1] and len(others) == 1:
                # "5.1 | | Thương mại": a sub-heading the page printed in the lead column (its title cell merged
                # across in the document) — kehoach prints it as the group heading it is, its title across
                rows.append((row[0], others[0]))
            elif len(row) == width and others:
                rows.append(tuple(row))
                above = row
    return rows


def built_rows(files: list) -> Counter[tuple[str, ...]]:
    out: Counter[tuple[str, ...]] = Counter()
    for f in files:
        if f.kind not in ("ke-hoach", "phu-luc", "quyet-dinh"):
            continue
        doc = docx.Document(io.BytesIO(f.data))
        for table in doc.tables:
            above: dict[int, str] = {}  # grid column -> the text a vertical merge carries down
            for tr in table.rows:
                cells, at = [], 0
                for tc in tr._tr.tc_lst:
                    text = plain(" ".join(p.text for p in docx.table._Cell(tc, table).paragraphs))
                    if tc.vMerge == "continue":
                        text = above.get(at, "")
                    above[at] = text
                    cells.append(text)
                    at += tc.grid_span
                out[tuple(cells)] += 1
    return out


def imported(name: str, tmp: Path):
    path = FILES[name]
    if path.suffix != ".docx" and shutil.which("soffice") is None and not os.environ.get("CI"):
        pytest.skip("cần LibreOffice để đọc .doc/.odt")
    result = read_plan_docx(path)
    return result, to_yaml(result, path)


@pytest.mark.slow
@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.xfail(reason=NOT_YET[n], strict=True))
                                  if n in NOT_YET else n for n in sorted(SPECS)])
def test_real_plan_imports_whole(name: str, tmp_path: Path) -> None:
    from tools.make_real_plans import HABITS

    result, text = imported(name, tmp_path)
    assert len(result.missing) == LEFT_OVER.get(name, 0), result.missing[:5]
    assert result.summary.startswith("đọc được: ")
    plan = load_plan_text(text, name)
    problems = [p for p in validate(plan) if not p.warning]
    assert not problems, problems[:5]
    built = built_rows(build_documents(plan))
    missing = [row for row in source_rows(name, HABITS[name].merge_down) if not built[row]]
    assert len(missing) <= CRAWL_JUNK.get(name, 0), missing[:3]


def test_a_cong_van_takes_its_trich_yeu_from_the_vv_line() -> None:
    """A công văn has no title line: its "V/v …" under the number is the trích yếu, and its first paragraph is
    body text (it used to become the kind and the trích yếu of the plan)."""
    data = read_plan_docx(FILES["bvhttdl-2025"]).data
    assert data["van_ban"]["loai"] == "Công văn"
    assert data["co_quan_ban_hanh"]["viet_tat"] == "BVHTTDL"  # not VP, the drafting unit
    assert data["van_ban"]["trich_yeu"] == "đẩy nhanh tiến độ thực hiện các nhiệm vụ trọng tâm"
    assert data["loi_mo_dau"][0].startswith("Thủ tướng Chính phủ đã ban hành Chỉ thị số 33/CT-TTg ngày 06/11/2025")


def test_a_list_after_the_signature_prints_after_it_word_for_word(tmp_path: Path) -> None:
    """The Bộ's "Danh mục các văn bản đã ban hành" typed between its signature and its Phụ lục becomes the plan's
    kem_theo, and the built công văn prints it from a new page after the signature: title, "I. QUYẾT ĐỊNH" …,
    every item as typed (its "1." kept), in the source's order."""
    blocks = document("bvhttdl-2025")
    start = next(i for i, b in enumerate(blocks) if isinstance(b, Paragraph) and b.plain.startswith("Danh mục"))
    source = list(itertools.takewhile(lambda b: isinstance(b, Paragraph) and not b.plain.startswith("PHỤ LỤC"),
                                      blocks[start:]))
    lines = [b.plain for b in source if b.plain]
    result, text = imported("bvhttdl-2025", tmp_path)
    assert any(r.startswith("kèm theo sau chữ ký (kem_theo): “Danh mục các văn bản đã ban hành”") for r in result.read)
    plan = load_plan_text(text, "bvhttdl-2025")
    main = next(f for f in build_documents(plan) if f.kind == "ke-hoach")
    doc = docx.Document(io.BytesIO(main.data))
    printed = [" ".join(p.text.split()) for p in doc.paragraphs]
    at = printed.index(lines[0])
    assert printed[at:at + len(lines)] == lines
    assert doc.paragraphs[at].paragraph_format.page_break_before  # from a new page, after the signature
    signature = next(i for i, p in enumerate(doc.element.body) if p.tag.endswith("tbl") and "Nơi nhận" in
                     "".join(p.itertext()))
    assert list(doc.element.body).index(doc.paragraphs[at]._p) > signature


def _body_headings(name: str) -> list[str]:
    """The source's bold numbered headings ("I. MỤC ĐÍCH", "1. Thủ trưởng …") above its signature, as titles."""
    out = []
    for block in document(name):
        if isinstance(block, Table) and any("Nơi nhận" in cell for row in block.texts() for cell in row):
            break
        if isinstance(block, Paragraph) and block.text.startswith("**") and HEADING.match(block.plain):
            out.append(HEADING.sub("", block.plain))
    return out


HEADING = re.compile(r"^([IVX]+|\d+)\.\s+")
POINT = re.compile(r"^([a-zđ]{1,2}\)|-) ")


def _paragraphs(data: bytes) -> list[tuple[str, str]]:
    return [(p.style.name, " ".join(p.text.split())) for p in docx.Document(io.BytesIO(data)).paragraphs]


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SPECS))
def test_the_body_and_the_letters_carry_what_the_source_says(name: str, tmp_path: Path) -> None:
    """Every body heading of the source is in the built document with its trích yếu, number and signer; every
    unit the plan (cell-exact to the source) names as lead gets a letter listing each task it leads, once."""
    from generator.assign import assignments

    _result, text = imported(name, tmp_path)
    plan = load_plan_text(text, name)
    files = build_documents(plan)
    main = " ".join(t for f in files if f.kind in ("ke-hoach", "quyet-dinh") for _, t in _paragraphs(f.data))
    missing = [h for h in _body_headings(name) if h not in main and h.upper() not in main]
    assert not missing, missing
    assert plan.subject and plan.subject in main
    signed = " ".join(" ".join(c.text for c in t._cells) for f in files if f.kind in ("ke-hoach", "quyet-dinh")
                      for t in docx.Document(io.BytesIO(f.data)).tables)
    assert plan.signer.name in signed and f"{plan.number}/{plan.symbol}" in signed
    letters = {f.unit: _paragraphs(f.data) for f in files if f.kind == "cong-van"}
    for a in assignments(plan):
        tasks = list(dict.fromkeys(d.task.id.split("#")[0] for d in a.leads))
        lines = letters[a.unit.id]
        start = next((i for i, (style, t) in enumerate(lines) if style.startswith("KH Khoản") and "Chủ trì" in t), None)
        part = [] if start is None else list(itertools.takewhile(lambda s: not s[0].startswith("KH Khoản"),
                                                                 lines[start + 1:]))
        assert sum(1 for _, t in part if POINT.match(t)) == len(tasks), a.unit.name


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(SPECS))
def test_the_import_returns_the_plan_its_file_reads_as(name: str, tmp_path: Path) -> None:
    """nhap returns the Plan (loaded once from what it read, with validate's issues) beside the file it writes:
    the file reads back to that Plan, and so does the file ``adapt -o``'s writer makes of it — nhap keeps its
    shorter spelling (only what differs from the defaults) for the clerk who edits it."""
    from generator.export import plan_to_yaml

    result, text = imported(name, tmp_path)
    assert result.plan is not None and result.valid, [str(i) for i in result.issues if not i.warning][:3]
    assert load_plan_text(text, name) == result.plan
    assert load_plan_text(plan_to_yaml(result.plan), name) == result.plan
    assert not any("_at" in line for line in text.splitlines())  # no reader's own keys in the file
