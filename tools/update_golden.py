"""Rewrite tests/golden/*.txt from what kehoach writes now. Review the diff (git diff tests/golden) before committing.

Usage: python tools/update_golden.py
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.golden import GOLDEN, current_texts  # noqa: E402


def main() -> None:
    GOLDEN.mkdir(exist_ok=True)
    for kind, text in current_texts().items():
        (GOLDEN / f"{kind}.txt").write_text(text, encoding="utf-8")
        print(f"wrote tests/golden/{kind}.txt")


if __name__ == "__main__":
    main()
