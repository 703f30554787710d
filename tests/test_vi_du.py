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
