"""plan_data/vi-du/: three real 2025 plans as plan files (made with nhap, then checked by hand) and a ward's
adaptation of the Bắc Ninh plan in 30 lines. Each real plan builds a Phụ lục whose every task row is the source's,
cell by cell, like the seeds' fidelity test."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.api import build_documents
from generator.levels import LevelRewriter
from generator.load import load_plan
from generator.validate import validate

from .test_real_plans import built_rows, source_rows

VI_DU = Path(__file__).parent.parent / "plan_data" / "vi-du"
REAL = ["bac-ninh-144-kh-ubnd-2025", "dong-nai-179-kh-ubnd-2025", "qd-2597-qd-ttg-2025"]


@pytest.mark.slow
@pytest.mark.parametrize("name", REAL)
def test_every_task_row_is_the_source_s(name: str) -> None:
    plan = load_plan(VI_DU / f"{name}.yaml")
    assert not [p for p in validate(plan) if not p.warning]
    built = built_rows(build_documents(plan))
    rows = source_rows(name, merge_down=False)
    assert len(rows) >= 19
    assert [r for r in rows if not built[r]] == []


@pytest.mark.slow
def test_a_ward_adapts_the_province_plan_in_thirty_lines() -> None:
    """Issue 11's acceptance on a real plan: a short file that says only what differs (identity, its own units,
    the mapping), and every task of the province reaches a unit of the ward."""
    path = VI_DU / "phuong-kinh-bac.yaml"
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 30
    plan = load_plan(path)
    province = load_plan(VI_DU / "bac-ninh-144-kh-ubnd-2025.yaml")
    assert not [p for p in validate(plan) if not p.warning]
    assert plan.issuer.name == "Ủy ban nhân dân phường Kinh Bắc" and plan.place == "Kinh Bắc"
    # every task of the province, in the ward's words (issue 19): "GRDP tỉnh" -> "GRDP phường"
    rewrite = LevelRewriter(province.issuer.name, plan.issuer.name).rewrite
    assert [t.content for t in plan.tasks()] == [tuple(map(rewrite, t.content)) for t in province.tasks()]
    assert plan.appendix.sections[0].items[0].content == ("Kinh tế số chiếm 45% GRDP phường.",)
    ward = {u.id for u in plan.units}
    assert all(t.leads and set(t.leads) <= ward for t in plan.tasks())
    rows = built_rows(build_documents(plan))
    assert not any("Sở Tài chính" in cell for row in rows for cell in row)
    assert any("Phòng Kinh tế, Hạ tầng và Đô thị" in cell for row in rows for cell in row)


def test_a_decision_carrying_its_plan_prints_as_a_decision() -> None:
    """QĐ 2597/QĐ-TTg approves its Đề án in Điều 1 "với những nội dung chính sau đây": built again, the authority
    line and "QUYẾT ĐỊNH:" are centred and bold, the grounds italic, and each "Điều N." bold with its text after
    it in the same paragraph (ND30 mẫu 1.3) — not ordinary body paragraphs."""
    from io import BytesIO

    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    plan = load_plan(VI_DU / "qd-2597-qd-ttg-2025.yaml")
    data = next(f.data for f in build_documents(plan) if f.path == "ke-hoach.docx")
    paragraphs = Document(BytesIO(data)).paragraphs

    def find(start: str):  # type: ignore[no-untyped-def]
        return next(p for p in paragraphs if p.text.startswith(start))

    for line in ("THỦ TƯỚNG CHÍNH PHỦ", "QUYẾT ĐỊNH:"):
        p = find(line)
        assert p.text == line and p.alignment == WD_ALIGN_PARAGRAPH.CENTER and all(r.bold for r in p.runs)
    marker = [p.text for p in paragraphs].index("QUYẾT ĐỊNH:")
    grounds = [p for p in paragraphs[:marker] if p.text.startswith(("Căn cứ", "Theo đề nghị"))]
    assert len(grounds) == 10 and all(r.italic for p in grounds for r in p.runs if r.text.strip())
    for n, rest in ((1, "Phê duyệt Đề án"), (2, "Quyết định này có hiệu lực"), (3, "Các Bộ trưởng")):
        p = find(f"Điều {n}.")
        assert p.runs[0].text == f"Điều {n}." and p.runs[0].bold
        assert p.text.startswith(f"Điều {n}. {rest}") and not any(r.bold for r in p.runs[1:])
    assert find("Điều 3.").text.endswith("thi hành Quyết định này./.")
    # the citations of "Điều 1 Quyết định này" inside the content stay ordinary text
    assert any("Phần III Điều 1 Quyết định này" in p.text and not p.runs[0].bold for p in paragraphs)
