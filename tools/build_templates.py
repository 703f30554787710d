"""Rebuild the default templates in templates/ (or check them with --check)."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from generator.render.blueprint import TEMPLATES, build_bytes, write_templates  # noqa: E402


def main() -> int:
    folder = ROOT / "templates"
    if "--check" in sys.argv:
        stale = [n for n in TEMPLATES if not (folder / n).exists() or (folder / n).read_bytes() != build_bytes(n)]
        for name in stale:
            print(f"templates/{name} is out of date: run python tools/build_templates.py")
        return 1 if stale else 0
    for path in write_templates(folder):
        print(f"wrote {path.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
