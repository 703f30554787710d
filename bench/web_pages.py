"""Benchmark: how long `kehoach web` takes to serve its pages for the Kon Tum plans (median of several runs).

    python bench/web_pages.py [--runs N]

Served in process through the framework's test client (no network): the home page of plan_data/ (every plan
read and checked), the Kon Tum plan with its table and units, a filtered view, the commune wizard's unit and
task step proposed from Kon Tum. The issue asks for < 300 ms per page. Then a build of Kon Tum in the background:
the longest time its progress (documents done) stood still, read every 50 ms as the page's refresh would.
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
        progress(client)


def progress(client: TestClient) -> None:
    """Press "Tạo bộ văn bản" for Kon Tum and watch /tien-do: the longest gap between two changes of the count."""
    import re
    import time

    form_token = re.search(r'name="form_token" value="([^"]+)"', client.get("/nhap").text)
    assert form_token
    start = time.monotonic()
    client.post("/ke-hoach/kon-tum/tao-bo", data={"form_token": form_token.group(1)}, follow_redirects=False)
    last, changed, gap = -1, start, 0.0
    while True:
        state = client.get("/ke-hoach/kon-tum/tien-do").json()
        now = time.monotonic()
        if state["done"] != last:
            gap, last, changed = max(gap, now - changed), state["done"], now
        if state["finished"]:
            break
        time.sleep(0.05)
    print(f"{'tạo bộ Kon Tum (52 văn bản) nền':<34} {(now - start) * 1000:6.0f} ms  "
          f"(số văn bản đứng yên lâu nhất {gap * 1000:.0f} ms)")


if __name__ == "__main__":
    main()
