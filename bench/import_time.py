"""Benchmark: time to import a received Word plan (`kehoach nhap`), median of several runs.

    python bench/import_time.py [--runs N]

Inputs: the Kon Tum appendix typed as a plain Word table (tests/data/nhan/kon-tum-phu-luc.docx, 22 tasks, two
tables) with the province's unit registry; the Kon Tum plan as kehoach builds it (body, signature and Phụ lục:
the round-trip case); and the largest real received plans (tests/data/that/): the Đồng Nai Kế hoạch (323 body
paragraphs, 94 tasks in five joined tables) and the Thông báo 624 (123 tasks, seven tables), plus QĐ 2530 as
the .doc it came in (LibreOffice conversion included).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import median_seconds  # noqa: E402

from generator.api import build_documents  # noqa: E402
from generator.load import load_plan  # noqa: E402
from generator.nhap import read_plan_docx, to_yaml  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    province = load_plan(ROOT / "plan_data" / "kon-tum.yaml")
    with tempfile.TemporaryDirectory(prefix="kehoach-bench-") as tmp:
        built = Path(tmp) / "ke-hoach.docx"
        built.write_bytes(next(f.data for f in build_documents(province) if f.path == "ke-hoach.docx"))
        cases = [("kon-tum phụ lục gõ tay", ROOT / "tests" / "data" / "nhan" / "kon-tum-phu-luc.docx", province.units),
                 ("kon-tum kế hoạch đủ", built, ())]
        that = ROOT / "tests" / "data" / "that"
        cases += [("đồng nai 179 (94 nv)", that / "dong-nai-179-kh-ubnd-2025.docx", ()),
                  ("tb 624 (123 nv)", that / "tb-624-vpcp-2025.docx", ()),
                  ("qđ 2530 .doc (76 nv)", that / "qd-2530-qd-ttg-2025.doc", ())]
        print(f"{'input':<24} {'median':>9} {'min':>9} {'max':>9}")
        for label, path, units in cases:
            med, lo, hi = median_seconds(lambda p=path, u=units: to_yaml(read_plan_docx(p, u), p), args.runs)
            print(f"{label:<24} {med:>8.3f}s {lo:>8.3f}s {hi:>8.3f}s")


if __name__ == "__main__":
    main()
