"""A real ``kehoach web`` server for a test: a free loopback port, the command as a clerk runs it."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def serve(folder: Path, out: Path) -> Iterator[tuple[str, str]]:
    """(base URL, the line the command printed first), the server stopped afterwards."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "generator", "web", str(folder), "--port", str(port),
                               "--no-browser", "-o", str(out)], stdout=subprocess.PIPE, text=True)
    try:
        assert server.stdout is not None
        first = server.stdout.readline()
        url = f"http://127.0.0.1:{port}/"
        for _ in range(150):
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except OSError:
                time.sleep(0.1)
        yield url, first
    finally:
        server.terminate()
        server.wait(timeout=10)
