"""The importer stays a set of stages a newcomer can follow (issue 18): no function over 40 lines in
generator/nhap (ruff's C901 holds every function of the package to complexity 15)."""

from __future__ import annotations

import ast
from pathlib import Path

NHAP = Path(__file__).parent.parent / "generator" / "nhap"


def test_no_importer_function_is_over_40_lines() -> None:
    long = []
    for path in sorted(NHAP.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > 40:
                    long.append(f"{path.name}:{node.lineno} {node.name} ({length} dòng)")
    assert len(list(NHAP.glob("*.py"))) >= 5
    assert not long, long
