"""One LibreOffice kept running, converting documents to PDF on request; run by a Python that has LibreOffice's
``uno`` module (Debian's python3-uno, or LibreOffice's own program/python), not by kehoach's Python:

    python3 unoworker.py SOFFICE WORK

It starts SOFFICE headless with its private profile in WORK, connects over a named pipe, and says
``{"ready": true}`` on a line. Then each line read is a request ``{"source": …, "target": …}`` (absolute
paths), answered by one line ``{"ok": true}`` or ``{"ok": false, "error": …}``. End of input ends LibreOffice
and the worker. Standard library and ``uno`` only: this Python has none of kehoach's dependencies.

kehoach's side (generator/office.py) runs this behind generator/pdfguard.py, which stops LibreOffice with it
whatever happens, and enforces the time limits."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import sys
import time
from typing import Any

CONNECT_SECONDS = 30.0


def _uno() -> Any:
    """LibreOffice's Python bridge, imported when run (kehoach's own Python, which has none, can import this
    module: its tests read every module)."""
    import uno  # type: ignore[import-not-found]  # present only in LibreOffice's Python

    return uno


def _prop(name: str, value: Any) -> Any:
    from com.sun.star.beans import PropertyValue  # type: ignore[import-not-found]  # LibreOffice's, as uno

    prop = PropertyValue()
    prop.Name, prop.Value = name, value
    return prop


def _say(**answer: Any) -> None:
    sys.stdout.write(json.dumps(answer) + "\n")
    sys.stdout.flush()


def _connect(pipe: str, office: subprocess.Popen[bytes]) -> Any:
    local = _uno().getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            context = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return context.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", context)
        except Exception:  # not listening yet (LibreOffice takes about a second to start)
            if office.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def _convert(desktop: Any, source: str, target: str) -> None:
    hidden = (_prop("Hidden", True), _prop("ReadOnly", True))
    url = _uno().systemPathToFileUrl
    document = desktop.loadComponentFromURL(url(source), "_blank", 0, hidden)
    if document is None:
        raise RuntimeError("LibreOffice không mở được tệp")
    try:  # the filter --convert-to pdf uses for a text document, with its default settings
        document.storeToURL(url(target), (_prop("FilterName", "writer_pdf_Export"),))
    finally:
        document.close(True)


def main(soffice: str, work: str) -> int:
    pipe = "kehoach-" + hashlib.sha256(os.path.abspath(work).encode()).hexdigest()[:16]
    profile = _uno().systemPathToFileUrl(os.path.join(os.path.abspath(work), "profile"))
    office = subprocess.Popen(
        [soffice, f"-env:UserInstallation={profile}", "--headless", "--norestore", "--nologo", "--nodefault",
         "--nolockcheck", f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        desktop = _connect(pipe, office)
    except Exception as exc:
        _say(ready=False, error=str(exc) or type(exc).__name__)
        office.kill()
        return 1
    _say(ready=True)
    for line in sys.stdin:
        request = json.loads(line)
        try:
            _convert(desktop, request["source"], request["target"])
        except Exception as exc:  # one document LibreOffice cannot print: said, and the next one is tried
            _say(ok=False, error=str(getattr(exc, "Message", "") or exc) or type(exc).__name__)
        else:
            _say(ok=True)
    with contextlib.suppress(Exception):  # already gone: the guard stops what is left
        desktop.terminate()
    try:
        office.wait(timeout=20)
    except subprocess.TimeoutExpired:
        office.kill()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
