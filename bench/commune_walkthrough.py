"""Benchmark: a commune's plan from a received provincial plan no test uses, the README's five steps timed.

    python bench/commune_walkthrough.py [--ten "Mỹ Thọ"]

Input: Đồng Tháp's Kế hoạch 617/KH-UBND of 01/12/2025 (chuyển đổi số cho doanh nghiệp, 11 tasks), crawled text
in bench/data/ (source: the public legal-text crawl tnt305/tai_lieu_noi_bo, file 8718801c503045f9.md), typed into
Word as a văn thư types it by ``python tools/make_real_plans.py dong-thap-617-kh-ubnd-2025``. The tests never
read it, so the importer and the commune proposals were not shaped around it.

Each step runs the ``kehoach`` command as a clerk does, in a fresh folder: nhap, tao-xa, the two "# điền" lines
filled (date, signer), validate, build. Printed: the machine time of each step, the lines the clerk typed, the
length of the starter file, and the lines of the built documents that still speak as the province
("… tỉnh" as the issuer's own level, the province's name outside the citation of its plan).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.golden import document_text  # noqa: E402

SOURCE = ROOT / "bench" / "data" / "dong-thap-617-kh-ubnd-2025.docx"
FILLED = {"  ngay:": "  ngay: 15/12/2025", "  ho_ten:": "  ho_ten: Trần Văn Bình"}
# The province speaking as itself: its bodies, "địa bàn/của/toàn tỉnh" (any case), its name.
SPEAKS = re.compile(r"\b(?:Ủy ban nhân dân|Uỷ ban nhân dân|UBND) (?i:tỉnh)\b(?! [A-ZĐ])|"
                    r"\b(?:địa bàn|của|toàn) (?i:tỉnh)\b|Tỉnh ủy|Đồng Tháp")
CITED = re.compile(r"Kế hoạch số 617/KH-UBND ngày 01 tháng 12 năm 2025 của Ủy ban nhân dân tỉnh Đồng Tháp|"
                   r"UBND tỉnh Đồng Tháp \(b/c\)")


def run(step: str, args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(["kehoach", *args], cwd=cwd, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"{step}: exit {result.returncode}\n{result.stdout}{result.stderr}")
    return seconds


def fill(path: Path) -> int:
    lines, typed = [], 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if "# điền:" in line:
            line = FILLED[line.split("#")[0].rstrip()]
            typed += 1
        lines.append(line)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return typed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--ten", default="Mỹ Thọ")
    args = parser.parse_args()
    if shutil.which("kehoach") is None:
        sys.exit("cài kehoach trước: pip install .")
    with tempfile.TemporaryDirectory(prefix="kehoach-walk-") as tmp:
        work = Path(tmp)
        (work / "plan_data").mkdir()
        shutil.copy(SOURCE, work / SOURCE.name)
        times = {"1. nhap": run("nhap", ["nhap", SOURCE.name, "-o", "plan_data/tinh.yaml"], work)}
        times["2. tao-xa"] = run("tao-xa", ["tao-xa", "plan_data/tinh.yaml", "--ten", args.ten, "-o",
                                            "plan_data/xa.yaml"], work)
        starter = work / "plan_data" / "xa.yaml"
        size = len(starter.read_text(encoding="utf-8").splitlines())
        typed = fill(starter)
        times["4. validate"] = run("validate", ["validate", "plan_data/xa.yaml"], work)
        times["5. build"] = run("build", ["build", "plan_data/xa.yaml"], work)
        leftovers, mentions = [], []
        for docx_file in sorted((work / "output" / "xa").rglob("*.docx")):
            for line in document_text(docx_file.read_bytes()).splitlines():
                line = CITED.sub("", line)
                where = f"{docx_file.relative_to(work / 'output' / 'xa')}: "
                if SPEAKS.search(line):
                    leftovers.append(where + line[:110])
                elif (m := re.search(r"\b(?i:tỉnh)\b", line)) and "tat-ca" not in where:
                    mentions.append(where + "…" + line[max(0, m.start() - 40):m.end() + 30] + "…")
    for step, seconds in times.items():
        print(f"{step:<12} {seconds:6.2f} s")
    print(f"tệp của xã: {size} dòng, gõ tay {typed} dòng")
    print(f"dòng còn nói như tỉnh: {len(leftovers)}")
    for line in leftovers:
        print("  " + line)
    print(f"chữ 'tỉnh' còn lại (để người đọc xét: cấp khác, tỉnh khác …): {len(mentions)}")
    for line in dict.fromkeys(mentions):
        print("  " + line)


if __name__ == "__main__":
    main()
