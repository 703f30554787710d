"""Watchdog between kehoach and LibreOffice: ``python -m generator.pdfguard WORK SECONDS [--talk] -- soffice …``.

It starts LibreOffice in a process group of its own and makes sure none of that group outlives the conversion:
not after the time limit, not after kehoach is interrupted or killed (kehoach's death is noticed through
PR_SET_PDEATHSIG on Linux and by polling the parent process elsewhere). It then removes the work folder
(documents, private LibreOffice profile, temporary files). Exit status: LibreOffice's, or 124 on time-out.
With ``--talk`` the command keeps the guard's standard input and output (kehoach talks to a LibreOffice kept
running, generator/unoworker.py) and only its errors go to the log.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from types import FrameType

TIMED_OUT = 124
POLL_SECONDS = 0.2


def _die_with_parent() -> None:
    """Linux: ask the kernel to send us SIGTERM when kehoach dies, even by SIGKILL."""
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes

            ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        if hasattr(os, "killpg"):
            os.killpg(proc.pid, signal.SIGKILL)
        else:  # Windows: no process groups here; LibreOffice's own child may outlive it (README)
            proc.kill()
    with contextlib.suppress(subprocess.TimeoutExpired):
        proc.wait(timeout=5)


def main(argv: list[str]) -> int:
    work, seconds = Path(argv[0]), float(argv[1])
    talk = argv[2] == "--talk"
    cmd = argv[4:] if talk else argv[3:]
    parent = os.getppid()
    _die_with_parent()
    (work / "pid").write_text(str(os.getpid()), encoding="ascii")
    env = {**os.environ, "TMPDIR": str(work / "tmp"), "TMP": str(work / "tmp"), "TEMP": str(work / "tmp")}
    (work / "tmp").mkdir(exist_ok=True)
    log = (work / "soffice.log").open("wb")
    proc = subprocess.Popen(cmd, cwd=work, env=env, start_new_session=True,
                            stdout=None if talk else log, stderr=log)

    def stop(signum: int, _frame: FrameType | None) -> None:
        _kill_group(proc)
        shutil.rmtree(work, ignore_errors=True)
        os._exit(128 + signum)

    for name in ("SIGTERM", "SIGINT", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)
    deadline = time.monotonic() + seconds
    code = None
    while code is None:
        if os.getppid() != parent:  # kehoach is gone: nobody will read the result
            stop(signal.SIGTERM, None)
        if time.monotonic() > deadline:
            _kill_group(proc)
            return TIMED_OUT
        with contextlib.suppress(subprocess.TimeoutExpired):
            code = proc.wait(timeout=POLL_SECONDS)
    _kill_group(proc)  # whatever LibreOffice left behind in its group (soffice.bin after oosplash)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
