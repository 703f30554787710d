"""Benchmark: how long `kehoach web` takes to serve its pages for the Kon Tum plans (median of several runs).

    python bench/web_pages.py [--runs N]

Served in process through the framework's test client (no network): the home page of plan_data/ (every plan
read and checked), the Kon Tum plan with its table and units, a filtered view, the commune wizard's unit and
task step proposed from Kon Tum. The issue asks for < 300 ms per page.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from starlette.testclient import TestClient  # noqa: E402
from timing import median_seconds  # noqa: E402

from generator.web.app import create_app  # noqa: E402

PAGES = {
    "trang đầu (đã đọc, đọc lại khi tệp đổi)": "/",
    "kế hoạch Kon Tum": "/ke-hoach/kon-tum",
    "Kon Tum lọc theo mục IV": "/ke-hoach/kon-tum?muc=IV",
    "xã Xốp (kế thừa 2 tầng)": "/ke-hoach/xa-xop",
    "tạo kế hoạch cho xã từ Kon Tum": "/ke-hoach/kon-tum/tao-xa?ten=T%C3%A2n+Ph%C3%BA+%C4%90%C3%B4ng",
}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=7)
    runs = parser.parse_args().runs
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "plan_data"
        shutil.copytree(ROOT / "plan_data", folder, ignore=shutil.ignore_patterns("vi-du"))
        client = TestClient(create_app(folder, Path(tmp) / "output"))
        first = median_seconds(lambda: TestClient(create_app(folder, Path(tmp) / "output")).get("/"), runs)[0]
        print(f"{'trang đầu, lần đầu (đọc ' + str(len(list(folder.glob('*.yaml')))) + ' kế hoạch)':<34} "
              f"{first * 1000:6.0f} ms")
        for label, url in PAGES.items():
            assert client.get(url).status_code == 200, url
            median, low, high = median_seconds(lambda url=url: client.get(url), runs)
            print(f"{label:<34} {median * 1000:6.0f} ms  (min {low * 1000:.0f}, max {high * 1000:.0f})")


if __name__ == "__main__":
    main()
