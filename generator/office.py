"""One LibreOffice per process, kept running across bundles: ``kehoach build --pdf`` of many plans pays
LibreOffice's start (about a second) once per worker instead of once per plan, and the web page's previews and
builds once. A process that prints one bundle does not keep it (:func:`keep_running` is not called): one
LibreOffice run prints a bundle faster than talking to one over UNO.

LibreOffice is driven over UNO by generator/unoworker.py, which needs a Python with LibreOffice's ``uno`` module
(Debian: python3-uno; LibreOffice's own program/python elsewhere; KEHOACH_UNO_PYTHON names one, "-" turns this
off). Without one, or when it fails to start, :func:`office` says None and pdf.py runs LibreOffice once per bundle
as before. It runs behind generator/pdfguard.py like every LibreOffice kehoach starts: nothing outlives kehoach.
A bundle's documents share one time limit; past it the office is stopped (TimedOut) and the next bundle starts
another."""

from __future__ import annotations

import atexit
import concurrent.futures
import contextlib
import json
import os
import selectors
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import IO, Any

from .errors import TimedOut

START_SECONDS = 30.0  # LibreOffice starts in about a second; as pdf.START_SECONDS, room for a slow machine
LIFETIME_SECONDS = 7 * 24 * 3600.0  # the guard's own limit: the office lives as long as the process
CLOSE_SECONDS = 10.0  # LibreOffice ends in well under a second once asked
WORK_PREFIX = "kehoach-pdf-office-"  # under pdf.WORK_PREFIX: a run's stale-folder sweep finds it too
MAX_LINE = 1 << 20  # an answer is a few dozen bytes


class OfficeGone(Exception):
    """The office stopped answering properly (crashed, closed its output): the bundle is printed another way."""


class Office:
    """A LibreOffice kept running: :meth:`convert` prints documents to PDF, one request at a time."""

    def __init__(self, soffice: str, python: str) -> None:
        self.work = Path(tempfile.mkdtemp(prefix=WORK_PREFIX))
        here = Path(__file__).parent  # both scripts use the standard library only: run by path, no PYTHONPATH
        guard = [sys.executable, str(here / "pdfguard.py"), str(self.work), str(LIFETIME_SECONDS), "--talk", "--",
                 python, str(here / "unoworker.py"), soffice, str(self.work)]
        self.proc = subprocess.Popen(guard, cwd=self.work, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL, bufsize=0)
        self.lock = threading.Lock()
        try:
            answer = self._answer(time.monotonic() + START_SECONDS)
        except (OfficeGone, TimeoutError):
            self.close()
            raise OfficeGone("LibreOffice did not start") from None
        if not answer.get("ready"):
            self.close()
            raise OfficeGone(str(answer.get("error", "LibreOffice did not start")))

    def convert(self, pairs: list[tuple[Path, Path]], limit: float) -> list[bool]:
        """Print each source to its target within ``limit`` seconds for all: whether each PDF was made.
        TimedOut past the limit, OfficeGone when the office stops answering (it is closed either way)."""
        started = time.monotonic()
        done = []
        with self.lock:
            for source, target in pairs:
                self._ask({"source": str(source.resolve()), "target": str(target.resolve())})
                try:
                    done.append(bool(self._answer(started + limit).get("ok")))
                except TimeoutError:
                    self.close(now=True)
                    raise TimedOut(time.monotonic() - started) from None
        return done

    def _ask(self, request: dict[str, str]) -> None:
        stdin: IO[bytes] | None = self.proc.stdin
        try:
            assert stdin is not None
            stdin.write(json.dumps(request).encode() + b"\n")
            stdin.flush()
        except (OSError, ValueError, AssertionError):
            self.close()
            raise OfficeGone("LibreOffice closed its input") from None

    def _answer(self, deadline: float) -> dict[str, Any]:
        """The office's next answer, read before ``deadline`` (TimeoutError after it); a line that is not an
        answer (a library's stray print) is passed over."""
        stdout = self.proc.stdout
        if stdout is None:
            raise OfficeGone("no output")
        while True:
            with selectors.DefaultSelector() as selector:
                selector.register(stdout, selectors.EVENT_READ)
                if not selector.select(max(0.0, deadline - time.monotonic())):
                    raise TimeoutError
            line = stdout.readline(MAX_LINE)  # unbuffered: a line at a time, nothing left unseen in a buffer
            if not line:
                self.close(now=True)
                raise OfficeGone("LibreOffice stopped answering")
            with contextlib.suppress(ValueError):
                answer = json.loads(line)
                if isinstance(answer, dict):
                    return answer

    def alive(self) -> bool:
        return self.proc.poll() is None

    def close(self, *, now: bool = False) -> None:
        """End of input ends LibreOffice; a guard that does not finish soon, or at once when ``now`` (a hung or
        broken office), is stopped, and stops LibreOffice."""
        with contextlib.suppress(OSError, ValueError):
            if self.proc.stdin is not None:
                self.proc.stdin.close()
        try:
            self.proc.wait(timeout=0 if now else CLOSE_SECONDS)
        except subprocess.TimeoutExpired:
            self.proc.terminate()
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.proc.wait(timeout=10)
        with contextlib.suppress(OSError, ValueError):
            if self.proc.stdout is not None:
                self.proc.stdout.close()
        shutil.rmtree(self.work, ignore_errors=True)


_lock = threading.Lock()
_keep = False
_current: dict[str, Office] = {}


def _new_launcher() -> concurrent.futures.ThreadPoolExecutor:
    """The thread the office is started from, which lives as long as the process: the guard dies with the thread
    that started it (Linux's parent-death signal follows the thread), and the web page's threads come and go."""
    return concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="kehoach-office")


_launcher = _new_launcher()


def keep_running() -> None:
    """This process prints many bundles (several plans, the web page): keep one LibreOffice running for them."""
    global _keep
    _keep = True
_refused: set[str] = set()
_python: dict[str, str | None] = {}


def office(soffice: str) -> Office | None:
    """This process's office for ``soffice``, started on first use; None where none can run (then pdf.py runs
    LibreOffice once per bundle)."""
    if not _keep or os.name != "posix":  # answers are read with select(): Windows has it for sockets only
        return None
    with _lock:
        running = _current.get(soffice)
        if running is not None and running.alive():
            return running
        python = uno_python(soffice)
        if python is None or soffice in _refused:
            return None
        try:  # Office's own start is bounded; the margin covers the launcher's thread not running at all
            _current[soffice] = _launcher.submit(Office, soffice, python).result(START_SECONDS + CLOSE_SECONDS)
        except (OfficeGone, OSError, concurrent.futures.TimeoutError):
            _refused.add(soffice)  # do not wait a minute again for every bundle
            return None
        return _current[soffice]


def uno_python(soffice: str) -> str | None:
    """A Python that can import LibreOffice's ``uno``: KEHOACH_UNO_PYTHON, LibreOffice's own, the system's."""
    if soffice not in _python:
        _python[soffice] = _find_uno_python(soffice)
    return _python[soffice]


def _find_uno_python(soffice: str) -> str | None:
    chosen = os.environ.get("KEHOACH_UNO_PYTHON")
    if chosen is not None:
        return None if chosen in ("", "-", "0") else chosen
    program = Path(os.path.realpath(soffice)).parent
    for candidate in (program / "python", program / "python.exe", Path("/usr/bin/python3")):
        if candidate.is_file() and _imports_uno(str(candidate)):
            return str(candidate)
    return None


def _imports_uno(python: str) -> bool:
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        return subprocess.run([python, "-c", "import uno"], stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL, timeout=30).returncode == 0
    return False


def _forget_parents_offices() -> None:
    """Run in a forked child (``kehoach build`` of many plans forks its workers): it starts with a copy of this
    module's state but none of the parent's threads. The launcher would queue a start for a thread that is not
    there and wait forever, and a lock a parent thread held would never be released. The child gets its own
    launcher and lock, and lets go of the parent's offices: its copies of their pipes are closed (the parent's
    office still ends when the parent closes its own), and it starts its own office when it needs one."""
    global _lock, _launcher
    _lock = threading.Lock()
    _launcher = _new_launcher()
    for inherited in _current.values():
        for pipe in (inherited.proc.stdin, inherited.proc.stdout):
            with contextlib.suppress(OSError, ValueError):
                if pipe is not None:
                    pipe.close()
        inherited.proc.returncode = 0  # not this process's child: never waited for or signalled from here
    _current.clear()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_forget_parents_offices)


@atexit.register
def close_all() -> None:
    """Every office of this process, ended (a worker that exits without this is cleaned up by its guard)."""
    with _lock:
        for running in _current.values():
            running.close()
        _current.clear()
