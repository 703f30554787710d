"""Every sentence kehoach writes is reviewed: each document kind's full text must equal its golden file."""

from __future__ import annotations

import pytest

from .golden import DOCUMENTS, GOLDEN, current_texts

KINDS = [*DOCUMENTS, "so-sanh", "bao-cao-ket-qua", "don-doc-ben-ngoai"]


@pytest.fixture(scope="module")
def texts():
    return current_texts()


@pytest.mark.parametrize("kind", KINDS)
def test_document_text_equals_the_reviewed_golden_file(texts, kind):
    golden = (GOLDEN / f"{kind}.txt").read_text(encoding="utf-8")
    # line lists give a readable diff; regenerate with: python tools/update_golden.py
    assert texts[kind].splitlines() == golden.splitlines()
