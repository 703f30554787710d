"""Benchmark: ten times the tasks costs at most ten times the time (issue 23).

    python bench/scale.py [--runs N] [--times K]

The Kon Tum plan (22 tasks in 6 sections) and the same plan with its sections repeated K times (default 10:
220 tasks in 60 sections, numbered I … LX), each built in memory (``build.bundle_files``: read, check, render
every document), median of N runs. Printed: both times and their ratio next to K.
"""

from __future__ import annotations

import argparse
import copy
import sys
import tempfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from timing import median_seconds  # noqa: E402

from generator.build import bundle_files  # noqa: E402
from generator.load import load_plan  # noqa: E402
from generator.render.engine import default_templates  # noqa: E402
from generator.vn import roman  # noqa: E402


def larger(times: int, folder: Path) -> Path:
    data = yaml.safe_load((ROOT / "plan_data" / "kon-tum.yaml").read_text(encoding="utf-8"))
    sections = data["phu_luc"]["muc"]
    grown = []
    for k in range(times):
        for section in sections:
            copied = copy.deepcopy(section)
            copied["stt"] = roman(len(grown) + 1)
            copied["ten"] = f"{section['ten']} ({k + 1})"
            grown.append(copied)
    data["phu_luc"]["muc"] = grown
    path = folder / f"kon-tum-x{times}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--times", type=int, default=10)
    args = parser.parse_args()
    templates = default_templates()
    with tempfile.TemporaryDirectory() as tmp:
        paths = [ROOT / "plan_data" / "kon-tum.yaml", larger(args.times, Path(tmp))]
        results = []
        for path in paths:
            plan = load_plan(path)
            tasks = sum(1 for _ in plan.tasks())
            seconds = median_seconds(lambda path=path: bundle_files(load_plan(path), templates), args.runs)[0]
            results.append((tasks, seconds))
            print(f"{path.stem:<14} {tasks:>4} nhiệm vụ {seconds * 1000:8.0f} ms")
    (small_tasks, small), (big_tasks, big) = results
    print(f"{big_tasks / small_tasks:.0f} lần số nhiệm vụ: {big / small:.1f} lần thời gian")


if __name__ == "__main__":
    main()
