"""Benchmark: `kehoach tong-hop` on 100 filled report forms (issue 22's target: under 5 s on 2 cores).

    python bench/collect_forms.py [--forms 100] [--runs 3]

Inputs: the Kon Tum bundle's 24 forms (4–20 rows each), each filled as tests/fill_forms.py fills them (every row
ticked, a result typed), copied under new names until there are --forms files — as a standing body receives
them over several periods; the later copy of a unit's form counts. The time covers reading every form, matching,
and writing the report, the tracker and the reminders.
"""

from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import median_seconds  # noqa: E402

from generator.build import build_plan  # noqa: E402
from generator.load import load_plan  # noqa: E402
from generator.render.letters import statuses  # noqa: E402
from generator.tonghop.run import tong_hop  # noqa: E402
from tests import fill_forms as ff  # noqa: E402

PLAN = ROOT / "plan_data" / "kon-tum.yaml"


def filled_forms(tmp: Path, count: int) -> Path:
    build_plan(PLAN, tmp / "bundle")
    plan = load_plan(PLAN)
    forms = sorted(p for p in (tmp / "bundle" / "kon-tum" / "bao-cao").glob("[0-9]*.docx"))
    by_row = {}
    from generator.assign import assignments

    for a in assignments(plan):
        by_row[a.slug] = [statuses(d.task, plan.date.year) for d in a.duties]
    inbox = tmp / "nhan"
    inbox.mkdir()
    filled = []
    for form in forms:
        doc = ff.open_form(form)
        for n, options in enumerate(by_row[form.stem], 1):
            ff.mark(doc, n, options[n % len(options)], ("tick", "x", "bold")[n % 3])
            ff.write(doc, n, "Kết quả", f"Đã triển khai theo kế hoạch, đợt {n}")
        target = inbox / form.name
        ff.save(doc, target)
        filled.append(target)
    for i in range(count - len(filled)):
        source = filled[i % len(filled)]
        shutil.copyfile(source, inbox / f"{source.stem}-ky-{i // len(filled) + 2}.docx")
    return inbox


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--forms", type=int, default=100)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="kehoach-bench-") as tmp:
        inbox = filled_forms(Path(tmp), args.forms)
        out = Path(tmp) / "out"

        def run() -> None:
            shutil.rmtree(out, ignore_errors=True)
            tong_hop(PLAN, inbox, out, day=dt.date(2026, 12, 5))

        median, low, high = median_seconds(run, args.runs)
        rows = sum(1 for _ in inbox.iterdir())
        print(f"tong-hop, {rows} mẫu báo cáo (Kon Tum): {median:.2f} s (min {low:.2f}, max {high:.2f})")


if __name__ == "__main__":
    main()
