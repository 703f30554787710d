from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLAN_DATA = ROOT / "plan_data"
DATA = Path(__file__).resolve().parent / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def kon_tum():
    from generator.load import load_plan

    return load_plan(PLAN_DATA / "kon-tum.yaml")


@pytest.fixture(scope="session")
def xa_xop():
    from generator.load import load_plan

    return load_plan(PLAN_DATA / "xa-xop.yaml")
