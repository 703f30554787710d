"""`kehoach nhap`: a received Word plan becomes a plan file that builds the same documents."""

from __future__ import annotations

import io

import docx
import pytest
from click.testing import CliRunner

from generator.api import build_documents
from generator.cli import main
from generator.load import load_plan, load_plan_text
from generator.render.context import unit_cell

from .conftest import DATA, PLAN_DATA
from .docxread import body_paragraphs, table_cells

PLANS = [*sorted(PLAN_DATA.glob("*.yaml")), DATA / "valid" / "bang-tu-do.yaml"]


def plan_of(path):
    """The plan; the free-table example without its Quyết định (whose signature the Kế hoạch does not print)."""
    if path.parent.name != "valid":
        return load_plan(path)
    text = path.read_text(encoding="utf-8")
    start, end = text.index("quyet_dinh:"), text.index("thuc_hien:")
    return load_plan_text(text[:start] + text[end:], path.stem)


def built(plan) -> dict[str, bytes]:
    return {f.path: f.data for f in build_documents(plan)}


def tables_text(data: bytes) -> list[list[list[str]]]:
    d = docx.Document(io.BytesIO(data))
    return [[[" ".join(c) for c in row] for row in table_cells(t)] for t in d.tables]


@pytest.mark.parametrize("path", PLANS, ids=lambda p: p.stem)
def test_a_built_plan_imported_back_builds_the_same_plan(path, tmp_path):
    original = plan_of(path)
    docs = built(original)
    source = tmp_path / "nhan-duoc.docx"
    source.write_bytes(docs["ke-hoach.docx"])
    out = tmp_path / "nhap.yaml"
    result = CliRunner().invoke(main, ["nhap", str(source), "-o", str(out)])
    assert result.exit_code == 0, result.output
    again = load_plan(out)
    rebuilt = built(again)
    # the Phụ lục, cell by cell
    assert tables_text(rebuilt["phu-luc.docx"]) == tables_text(docs["phu-luc.docx"])
    # every task: the same lead and partner units, as names
    assert [({n for n in unit_cell(again, t.leads).split("; ")}, t.lead_text) for t in again.tasks()] == [
        ({n for n in unit_cell(again, t.leads).split("; ")}, t.lead_text) for t in again.tasks()]
    names = [(sorted(again.unit(u).name.lower() for u in t.leads), sorted(again.unit(u).name.lower()
              for u in t.partners)) for t in again.tasks()]
    assert names == [(sorted(original.unit(u).name.lower() for u in t.leads),
                      sorted(original.unit(u).name.lower() for u in t.partners)) for t in original.tasks()]
    # header, signer and body paragraphs
    assert body_paragraphs(docx.Document(io.BytesIO(rebuilt["ke-hoach.docx"]))) == body_paragraphs(
        docx.Document(io.BytesIO(docs["ke-hoach.docx"])))
    assert tables_text(rebuilt["ke-hoach.docx"])[:2] == tables_text(docs["ke-hoach.docx"])[:2]
