"""Benchmark: a bundle's build time next to the floor — what python-docx alone needs to open and save the same
finished documents — measured side by side in one run (issue 23 asks for ≤ 1.3×).

    python bench/floor.py [--runs N]

For xa-xop (24 documents) and kon-tum (52): N in-process builds (``build.bundle_files``: read and check the
plan, render every document, in memory — no disk), each followed by a pass that opens each finished .docx with
python-docx and saves it to memory. Build and floor alternate, so a busy moment of the machine slows both; the
ratio printed is the median of the N paired ratios, next to the median times.
"""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import statistics  # noqa: E402
import time  # noqa: E402

import docx  # noqa: E402

from generator.build import bundle_files  # noqa: E402
from generator.load import load_plan  # noqa: E402
from generator.render.engine import default_templates  # noqa: E402


def floor(documents: list[bytes]) -> None:
    for data in documents:
        out = io.BytesIO()
        docx.Document(io.BytesIO(data)).save(out)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    templates = default_templates()
    print(f"{'plan':<10} {'docs':>5} {'build':>9} {'floor':>9} {'ratio':>6}")
    for name in ("xa-xop", "kon-tum"):
        path = ROOT / "plan_data" / f"{name}.yaml"
        files = bundle_files(load_plan(path), templates)
        documents = [f.data for f in files if f.path.endswith(".docx")]
        builds, floors = [], []
        for _ in range(runs):
            start = time.perf_counter()
            bundle_files(load_plan(path), templates)
            middle = time.perf_counter()
            floor(documents)
            builds.append(middle - start)
            floors.append(time.perf_counter() - middle)
        build, bottom = statistics.median(builds), statistics.median(floors)
        ratio = statistics.median(b / f for b, f in zip(builds, floors, strict=True))
        print(f"{name:<10} {len(documents):>5} {build * 1000:>7.0f}ms {bottom * 1000:>7.0f}ms {ratio:>5.2f}×")


if __name__ == "__main__":
    main()
