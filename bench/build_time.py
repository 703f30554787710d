"""Benchmark: time to build each plan's bundle (median of several runs), with and without --pdf.

Usage: python bench/build_time.py [--runs N] [--pdf-runs N]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import median_seconds  # noqa: E402

from generator.build import build_plan  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--pdf-runs", type=int, default=3)
    args = parser.parse_args()
    out = Path(tempfile.mkdtemp(prefix="kehoach-bench-"))
    try:
        print(f"{'plan':<12} {'mode':<8} {'files':>5} {'median':>9} {'min':>9} {'max':>9}")
        for name in ("xa-xop", "kon-tum"):
            plan = ROOT / "plan_data" / f"{name}.yaml"
            modes = [("docx", False, args.runs)]
            if shutil.which("soffice") and args.pdf_runs:
                modes.append(("+pdf", True, args.pdf_runs))
            for mode, pdf, runs in modes:
                kwargs = {"force": True, "pdf": True} if pdf else {"force": True}
                files = len(build_plan(plan, out, **kwargs).written.files)  # warm-up, and the file count
                med, lo, hi = median_seconds(lambda p=plan, k=kwargs: build_plan(p, out, **k), runs)
                print(f"{name:<12} {mode:<8} {files:>5} {med * 1000:>7.0f}ms {lo * 1000:>7.0f}ms {hi * 1000:>7.0f}ms")
    finally:
        shutil.rmtree(out, ignore_errors=True)


if __name__ == "__main__":
    main()
