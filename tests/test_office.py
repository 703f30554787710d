"""One LibreOffice kept running across bundles (generator/office.py): the same PDFs as one LibreOffice run per
bundle, started once per process, stopped at the time limit, replaced when it breaks, never outliving kehoach."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from generator import office
from generator.errors import TimedOut
from generator.pdf import print_pdfs, reproducible, soffice_or_none
from generator.vn import VnDate

from .conftest import processes_with


def fake_worker(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, behaviour: str) -> str:
    """A stand-in for LibreOffice's Python running unoworker.py; ``behaviour`` is Python run after the arguments
    are read (``say`` writes an answer line). Returns a marker found in its command line."""
    marker = f"kehoach-fake-office-{os.getpid()}-{tmp_path.name}"
    script = tmp_path / "fake_worker.py"
    script.write_text(
        "import json, sys, time\n"
        "def say(**a):\n    sys.stdout.write(json.dumps(a) + '\\n'); sys.stdout.flush()\n"
        f"{behaviour}\n", encoding="utf-8")
    python = tmp_path / "uno-python"
    python.write_text(f"#!/bin/sh\nexec {sys.executable} {script} {marker} \"$@\"\n", encoding="utf-8")
    python.chmod(0o755)
    monkeypatch.setenv("KEHOACH_UNO_PYTHON", str(python))
    office.keep_running()
    return marker


PRINTS = ("say(ready=True)\n"
          "for line in sys.stdin:\n"
          "    r = json.loads(line); open(r['target'], 'wb').write(b'%PDF-1.4 /Type /Page %%EOF'); say(ok=True)\n")


def test_an_office_is_not_kept_for_one_bundle(tmp_path, monkeypatch):
    fake_worker(tmp_path, monkeypatch, PRINTS)
    office._keep = False
    assert office.office("soffice") is None


def test_an_office_is_started_once_for_many_bundles(tmp_path, monkeypatch):
    fake_worker(tmp_path, monkeypatch, PRINTS)
    sources = []
    for i in range(3):
        (tmp_path / f"{i}.docx").write_bytes(b"x")
        sources.append(tmp_path / f"{i}.docx")
    first = office.office("soffice")
    for bundle in range(2):
        work = tmp_path / f"work{bundle}"
        work.mkdir()
        assert print_pdfs("soffice", sources, work, 10) == [b"%PDF-1.4 /Type /Page %%EOF"] * 3
    assert office.office("soffice") is first and first.alive()


def test_a_hung_office_is_stopped_at_the_limit_and_replaced(tmp_path, monkeypatch):
    marker = fake_worker(tmp_path, monkeypatch, "say(ready=True)\nif sys.stdin.readline():\n    time.sleep(600)\n")
    hung = office.office("soffice")
    assert hung is not None
    (tmp_path / "a.docx").write_bytes(b"x")
    started = time.monotonic()
    with pytest.raises(TimedOut):
        hung.convert([(tmp_path / "a.docx", tmp_path / "a.pdf")], 1.0)
    assert time.monotonic() - started < 10
    deadline = time.monotonic() + 10
    while processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_with(marker) == []
    assert not hung.work.exists()
    assert office.office("soffice") is not hung  # the next bundle gets a new one


def test_a_broken_office_leaves_the_bundle_to_one_libreoffice_run(tmp_path, monkeypatch):
    fake_worker(tmp_path, monkeypatch, "say(ready=True)\nsys.stdin.readline()\nsys.exit(3)\n")
    runs = []

    def one_run(exe, work, args, limit):
        runs.append(args)
        (work / "pdf").mkdir(exist_ok=True)
        (work / "pdf" / "0000.pdf").write_bytes(b"%PDF-1.4 /Type /Page %%EOF")
        return 0

    monkeypatch.setattr("generator.pdf.run_guarded", one_run)
    (tmp_path / "a.docx").write_bytes(b"x")
    work = tmp_path / "work"
    work.mkdir()
    assert print_pdfs("soffice", [tmp_path / "a.docx"], work, 10) == [b"%PDF-1.4 /Type /Page %%EOF"]
    assert runs and runs[0][0] == "--convert-to"


def test_an_office_that_cannot_start_is_not_asked_again(tmp_path, monkeypatch):
    fake_worker(tmp_path, monkeypatch, "say(ready=False, error='no display')\n")
    assert office.office("soffice") is None
    assert office.office("soffice") is None and "soffice" in office._refused


def _print_in_forked_worker(source: str, answer) -> None:
    """Run in a forked worker: says its pid, whether it got an office of its own, and what it printed."""
    own = office.office("soffice")
    target = Path(source).with_name(f"{os.getpid()}.pdf")
    done = own is not None and own.convert([(Path(source), target)], 10) == [True]
    answer.send((os.getpid(), own is not None and own.proc.pid != os.getpid(), target.read_bytes() if done else None))


@pytest.mark.parametrize("parents_office", ["running", "closed"])
def test_a_forked_worker_starts_its_own_office_instead_of_waiting_for_its_parents(parents_office, tmp_path,
                                                                                   monkeypatch):
    # The parent has or had an office (the web page, an earlier test in the same pytest worker): a worker forked by
    # `kehoach build a b --pdf` inherited the launcher without its thread and waited forever (CI stop 32 timed
    # out on this, in test_safety's two-plan --pdf build).
    import multiprocessing

    fake_worker(tmp_path, monkeypatch, PRINTS)
    parents = office.office("soffice")
    assert parents is not None
    if parents_office == "closed":
        office.close_all()
    (tmp_path / "a.docx").write_bytes(b"x")
    fork = multiprocessing.get_context("fork")  # as batch.py's pool on Linux
    answers, answer = fork.Pipe(duplex=False)
    child = fork.Process(target=_print_in_forked_worker, args=(str(tmp_path / "a.docx"), answer))
    child.start()
    try:
        assert answers.poll(60), "the forked worker is stuck waiting for an office"
        pid, own, printed = answers.recv()
    finally:
        child.kill()
        child.join()
    assert pid != os.getpid() and own and printed == b"%PDF-1.4 /Type /Page %%EOF"
    if parents_office == "running":
        assert office.office("soffice") is parents and parents.alive()  # the child let go of it, never closed it
        assert parents.convert([(tmp_path / "a.docx", tmp_path / "parent.pdf")], 10) == [True]


def test_killing_kehoach_stops_its_office(tmp_path, monkeypatch):
    marker = fake_worker(tmp_path, monkeypatch, "say(ready=True)\ntime.sleep(600)\n")
    child = subprocess.Popen([sys.executable, "-c", (
        "import sys, time\nfrom generator import office\noffice.keep_running()\n"
        "assert office.office('soffice') is not None\nprint('up', flush=True)\ntime.sleep(600)\n")],
        stdout=subprocess.PIPE, env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    try:
        assert child.stdout is not None and child.stdout.readline().strip() == b"up"
        assert processes_with(marker)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    deadline = time.monotonic() + 10
    while processes_with(marker) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_with(marker) == []


@pytest.fixture
def uno_python(need_soffice):
    exe = soffice_or_none()
    python = office.uno_python(exe)
    if python is None:
        if os.environ.get("CI"):
            pytest.fail("a Python with LibreOffice's uno is required in CI: .ci/run installs python3-uno")
        pytest.skip("no Python with LibreOffice's uno module (python3-uno)")
    return exe


def test_the_kept_office_prints_what_one_libreoffice_run_prints(built, tmp_path, uno_python, monkeypatch):
    sources = [built / "xa-xop" / "ke-hoach.docx", built / "xa-xop" / "phu-luc.docx",
               built / "xa-xop" / "cong-van" / "tat-ca.docx"]
    (tmp_path / "once").mkdir()
    once = print_pdfs(uno_python, sources, tmp_path / "once", 120)
    office.keep_running()

    def no_second_way(*args):
        raise AssertionError("printed by a LibreOffice run of its own, not by the kept office")

    monkeypatch.setattr("generator.pdf.run_guarded", no_second_way)
    kept, offices = [], []
    for run in range(2):
        (tmp_path / f"kept{run}").mkdir()
        kept.append(print_pdfs(uno_python, sources, tmp_path / f"kept{run}", 120))
        offices.append(office.office(uno_python))
    assert offices[0] is offices[1] and offices[0] is not None and offices[0].alive()
    stamp = VnDate(2025, 6, 1)
    for pdfs in kept:
        assert all(pdf is not None for pdf in pdfs)
        assert [reproducible(p, stamp) for p in pdfs] == [reproducible(p, stamp) for p in once]  # type: ignore[arg-type]


def _keeps_an_office(_path: Path) -> bool:
    return office._keep


def test_each_build_worker_is_told_to_keep_an_office(tmp_path, monkeypatch):
    # Workers started fresh (spawn, forkserver) inherit nothing: `kehoach build a b --pdf` tells each one.
    from click.testing import CliRunner

    from generator import batch
    from generator.cli import main

    paths = [tmp_path / "a.yaml", tmp_path / "b.yaml"]
    assert batch.in_workers(paths, _keeps_an_office, 2) == ([False, False], [])
    assert batch.in_workers(paths, _keeps_an_office, 2, initializer=office.keep_running) == ([True, True], [])
    asked = []

    def in_workers(paths, work, jobs, progress=None, initializer=None):
        asked.append(initializer)
        return [], []

    monkeypatch.setattr(batch, "in_workers", in_workers)
    for extra in (["--pdf"], []):
        office._keep = False
        CliRunner().invoke(main, ["build", *map(str, paths), "-o", str(tmp_path / "out"), "--jobs", "2", *extra])
    assert asked == [office.keep_running, None]
