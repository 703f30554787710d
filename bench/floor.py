"""Benchmark: a bundle's build time next to the floor — what python-docx alone needs to open and save the same
finished documents — measured side by side in one run (issue 23 asks for ≤ 1.3×).

    python bench/floor.py [--runs N]

For xa-xop (24 documents) and kon-tum (52): the median of N in-process builds (``build.bundle_files``: read
and check the plan, render every document, in memory — no disk), and the median of N passes that open each
finished .docx with python-docx and save it to memory. The ratio is build / floor.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import docx  # noqa: E402
from timing import median_seconds  # noqa: E402

from generator.build import bundle_files  # noqa: E402
from generator.load import load_plan  # noqa: E402
from generator.render.engine import default_templates  # noqa: E402


def floor(documents: list[bytes]) -> None:
    for data in documents:
        out = io.BytesIO()
        docx.Document(io.BytesIO(data)).save(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    templates = default_templates()
    print(f"{'plan':<10} {'docs':>5} {'build':>9} {'floor':>9} {'ratio':>6}")
    for name in ("xa-xop", "kon-tum"):
        path = ROOT / "plan_data" / f"{name}.yaml"
        files = bundle_files(load_plan(path), templates)
        documents = [f.data for f in files if f.path.endswith(".docx")]
        build = median_seconds(lambda path=path: bundle_files(load_plan(path), templates), runs)[0]
        bottom = median_seconds(lambda documents=documents: floor(documents), runs)[0]
        print(f"{name:<10} {len(documents):>5} {build * 1000:>7.0f}ms {bottom * 1000:>7.0f}ms {build / bottom:>5.2f}×")


if __name__ == "__main__":
    main()
