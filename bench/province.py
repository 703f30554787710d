"""Benchmark: a whole province — N commune plans made from the Kon Tum commune base, built in one command.

Each commune is a short file like plan_data/xa-xop.yaml (its name, place and signer) inheriting
plan_data/kon-tum-cap-xa.yaml. The command runs as a user runs it (`python -m generator build … --jobs J`) and
reports the wall time and the peak memory of the largest process (the parent or a worker), next to the peak of
building one plan alone.

With ``--pdf``: the same build with PDFs, and one single-file LibreOffice conversion measured in the same run;
the cost of a document's PDF (the difference of the two builds over the documents) is compared with it (issue
23 asks for at most 1/8).

Usage: python bench/province.py [--communes N] [--jobs J] [--pdf]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def commune_file(folder: Path, i: int) -> Path:
    path = folder / f"xa-{i:03d}.yaml"
    path.write_text(
        "ke_thua: kon-tum-cap-xa.yaml\n"
        f"co_quan_ban_hanh:\n  ten: Ủy ban nhân dân xã Thử {i}\n"
        f"van_ban:\n  dia_danh: Thử {i}\n"
        f"nguoi_ky:\n  ho_ten: Nguyễn Văn {i}\n"
        "don_vi:\n  - ma: pgd-nhcsxh\n    ten: Phòng giao dịch Ngân hàng Chính sách xã hội Đăk Glei\n"
        "    viet_tat: PGD\n    chu_quan: Ngân hàng Chính sách xã hội\n",
        encoding="utf-8")
    return path


def run(args: list[str]) -> tuple[float, float]:
    """Wall seconds and peak MB of the largest process of one `kehoach build` run (in a fresh child)."""
    script = ("import resource, subprocess, sys, time\n"
              "t = time.perf_counter()\n"
              f"rc = subprocess.run([sys.executable, '-m', 'generator', 'build', *{args!r}], "
              "stdout=subprocess.DEVNULL).returncode\n"
              "spent = time.perf_counter() - t\n"
              "peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024\n"
              "print(rc, spent, peak)\n")
    out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, check=True)
    rc, spent, peak = out.stdout.split()
    if rc != "0":
        raise SystemExit(f"build failed ({rc})")
    return float(spent), float(peak)


def single_conversion(bundles: Path, work: Path) -> float:
    """Seconds LibreOffice takes to convert one letter alone (its start included), as a clerk converting by hand."""
    letter = next(bundles.rglob("cong-van/01-*.docx"))
    work.mkdir()
    start = time.perf_counter()
    subprocess.run(["soffice", f"-env:UserInstallation={(work / 'profile').as_uri()}", "--headless", "--norestore",
                    "--convert-to", "pdf", "--outdir", str(work), str(letter)], capture_output=True, check=True)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--jobs", type=int, default=0, help="0: one per core (the default of kehoach build)")
    parser.add_argument("--pdf", action="store_true", help="also build with --pdf and compare a document's PDF cost")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="kehoach-tinh-"))
    try:
        for name in ("kon-tum.yaml", "kon-tum-cap-xa.yaml"):
            shutil.copy(ROOT / "plan_data" / name, work / name)
        plans = [str(commune_file(work, i)) for i in range(1, args.communes + 1)]
        jobs = ["--jobs", str(args.jobs)] if args.jobs else []
        one, one_peak = run([plans[0], "-o", str(work / "ra-1")])
        spent, peak = run([*plans, "-o", str(work / "ra"), *jobs])
        documents = sum(1 for _ in (work / "ra").rglob("*.docx"))
        print(f"one commune:   {one:6.1f} s, peak {one_peak:6.0f} MB")
        print(f"{args.communes} communes: {spent:6.1f} s ({spent / args.communes * 1000:.0f} ms a plan, "
              f"{documents} documents), peak {peak:6.0f} MB = {peak / one_peak:.2f} x one commune")
        if args.pdf:
            with_pdf, _ = run([*plans, "-o", str(work / "ra-pdf"), "--pdf", *jobs])
            single = single_conversion(work / "ra-1", work / "mot")
            per_document = (with_pdf - spent) / documents
            print(f"with --pdf: {with_pdf:6.1f} s; a document's PDF {per_document * 1000:.0f} ms, one single-file "
                  f"conversion {single * 1000:.0f} ms = 1/{single / per_document:.1f}")
        print(f"this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB; "
              f"{time.strftime('%d/%m/%Y')}")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
