"""The plan data reproduces the two signed seed tables word for word (see tests/fixtures/seeds/)."""

from __future__ import annotations

import dataclasses
from collections import Counter

import pytest
import yaml

from generator.model import Group, Plan
from generator.units import UnitIndex
from generator.vn import nfc, upper_title

from .conftest import FIXTURES

SEED_FILES = {"000": "000_4e74593af59f0528.txt", "001": "001_db483ec83b50c074.txt"}
HEADER_END = "HIỆN"  # last word of the table header row "… THỜI GIAN THỰC HIỆN"

# Deliberate corrections of typos in the signed originals: (seed, task id, field) -> [(original, corrected)].
CORRECTIONS = {
    ("000", "II.3", "noi_dung"): [("quốc giảm nghèo", "quốc gia giảm nghèo")],
    ("000", "VI.4", "noi_dung"): [("tận tâm, tận tuy", "tận tâm, tận tụy")],
    ("001", "II.3", "noi_dung"): [("quốc giảm nghèo", "quốc gia giảm nghèo")],
}
# Unit references the data leaves out on purpose: seed 001 II.1 names "Các phòng, đơn vị liên quan" as both
# lead and partner; a unit cannot be both, so the partner mention is dropped.
DROPPED_UNITS = {("001", "II.1", "phoi_hop"): ("cac-phong-don-vi",)}
# Tokens in the extraction that are not table text: seed 001 carries the page number "2" of its second page.
NOISE = {"000": [], "001": ["2"]}
# Seed 001 prints the symbol as "QĐ-TTG" in its upper-case title; ND30 keeps symbols case-exact.
TITLE_FIX = {"001": ("QĐ-TTG", "QĐ-TTg")}


def seed_tokens(seed: str) -> tuple[list[str], list[str]]:
    """(title tokens before the table header, table tokens after it)."""
    text = nfc((FIXTURES / "seeds" / SEED_FILES[seed]).read_text(encoding="utf-8"))
    tokens = text.split()
    stt = tokens.index("STT")
    end = tokens.index(HEADER_END, stt)
    head = tokens[:stt]
    return head, tokens[end + 1 :]


def unit_cells(seed: str) -> dict[str, list[str]]:
    return yaml.safe_load((FIXTURES / "seed_unit_cells.yaml").read_text(encoding="utf-8"))[seed]


def original(seed: str, task_id: str, field: str, text: str) -> str:
    """Undo the recorded corrections, giving the text as the seed prints it."""
    for orig, fixed in CORRECTIONS.get((seed, task_id, field), []):
        assert fixed in text, f"correction {fixed!r} not found in {task_id}.{field}"
        text = text.replace(fixed, orig)
    return text


def table_rows(plan: Plan, seed: str) -> list[list[list[str]]]:
    """Each printed row as a list of cells, each cell a list of tokens, in seed spelling."""
    cells = unit_cells(seed)
    rows: list[list[list[str]]] = []
    for section in plan.appendix.sections:
        rows.append([[section.id], section.title.split()])
        for item in section.items:
            if isinstance(item, Group):
                rows.append([[item.number], item.title.split()])
            for task in item.tasks if isinstance(item, Group) else (item,):
                lead, partner = cells[task.id]
                rows.append(
                    [
                        [task.number],
                        original(seed, task.id, "noi_dung", " ".join(task.content)).split(),
                        lead.split(),
                        partner.split(),
                        task.product.split(),
                        task.timeline.split(),
                    ]
                )
    return rows


def _is_subsequence(needle: list[str], hay: list[str]) -> bool:
    it = iter(hay)
    return all(tok in it for tok in needle)


def fidelity_problems(plan: Plan, seed: str) -> list[str]:
    """Every difference between the plan's table and the seed's table text."""
    problems: list[str] = []
    _, seed_toks = seed_tokens(seed)
    rows = table_rows(plan, seed)
    expected = Counter(tok for row in rows for cell in row for tok in cell)
    actual = Counter(seed_toks) - Counter(NOISE[seed])
    missing, extra = actual - expected, expected - actual
    if missing:
        problems.append(f"words in the seed but not in the data: {dict(missing)}")
    if extra:
        problems.append(f"words in the data but not in the seed: {dict(extra)}")
    pos = 0
    for row in rows:
        head = row[0] + row[1][:3]
        start = next(
            (i for i in range(pos, len(seed_toks)) if _is_subsequence(head, seed_toks[i : i + 12])
             and seed_toks[i] == head[0]),
            None,
        )
        if start is None:
            problems.append(f"row {' '.join(head)} not found in order")
            continue
        window = seed_toks[start : start + 4 * sum(map(len, row)) + 80]
        problems += [f"cell {' '.join(cell[:6])} … out of order" for cell in row if not _is_subsequence(cell, window)]
        pos = start + 1
    return problems


@pytest.mark.parametrize(("seed", "plan_fixture"), [("000", "kon_tum"), ("001", "xa_xop")])
def test_table_text_equals_seed(seed, plan_fixture, request):
    plan = request.getfixturevalue(plan_fixture)
    assert fidelity_problems(plan, seed) == []


@pytest.mark.parametrize(("seed", "plan_fixture"), [("000", "kon_tum"), ("001", "xa_xop")])
def test_unit_cells_resolve_to_task_units(seed, plan_fixture, request):
    plan = request.getfixturevalue(plan_fixture)
    index = UnitIndex(plan.units)
    cells = unit_cells(seed)
    assert sorted(cells) == sorted(t.id for t in plan.tasks())
    for task in plan.tasks():
        lead_cell, partner_cell = cells[task.id]
        for field, refs, cell in (("chu_tri", task.leads, lead_cell), ("phoi_hop", task.partners, partner_cell)):
            named = index.parse_cell(cell) if cell else ()
            assert named is not None, f"{task.id}.{field}: {cell!r} names a unit the registry does not know"
            dropped = DROPPED_UNITS.get((seed, task.id, field), ())
            assert tuple(u for u in named if u not in dropped) == refs, f"{task.id}.{field}"


def test_xop_appendix_title_matches_seed(xa_xop):
    head, _ = seed_tokens("001")
    title = head[head.index("LỤC") + 1 : head.index("(Kèm")]
    wrong, right = TITLE_FIX["001"]
    assert upper_title(xa_xop.appendix.title).split() == [t.replace(wrong, right) for t in title]


def test_one_changed_word_fails_fidelity(xa_xop):
    task = next(t for t in xa_xop.tasks() if t.id == "V.4")
    changed = dataclasses.replace(task, content=(task.content[0].replace("nước sạch", "nước ngọt"),))
    sections = tuple(
        dataclasses.replace(s, items=tuple(changed if i is task else i for i in s.items))
        for s in xa_xop.appendix.sections
    )
    plan = dataclasses.replace(xa_xop, appendix=dataclasses.replace(xa_xop.appendix, sections=sections))
    problems = fidelity_problems(plan, "001")
    assert any("sạch" in p for p in problems) and any("ngọt" in p for p in problems)


def test_one_changed_unit_fails_fidelity(kon_tum):
    index = UnitIndex(kon_tum.units)
    assert index.parse_cell("Sở Xây dựng") == ("so-xay-dung",)
    assert index.parse_cell("Sở Xây dựng mới") is None
