from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PLAN_DATA = ROOT / "plan_data"
DATA = Path(__file__).resolve().parent / "data"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture(scope="session")
def kon_tum():
    from generator.load import load_plan

    return load_plan(PLAN_DATA / "kon-tum.yaml")


@pytest.fixture(scope="session")
def xa_xop():
    from generator.load import load_plan

    return load_plan(PLAN_DATA / "xa-xop.yaml")


@pytest.fixture
def need_soffice():
    """LibreOffice tests may skip on a clerk's machine without it, never in CI."""
    import os

    from .docxread import soffice

    if soffice() is None:
        if os.environ.get("CI"):
            pytest.fail("LibreOffice (soffice) is required in CI: .ci/run installs libreoffice-writer-nogui")
        pytest.skip("LibreOffice is not installed")


@pytest.fixture(scope="session")
def built(tmp_path_factory):
    """Both real plans built once into a temporary output folder."""
    from generator.build import build_plan

    out = tmp_path_factory.mktemp("output")
    for name in ("xa-xop", "kon-tum"):
        build_plan(PLAN_DATA / f"{name}.yaml", out)
    return out


def processes_with(marker: str) -> list[str]:
    out = subprocess.run(["ps", "-ww", "-eo", "stat=,args="], capture_output=True, text=True, check=True).stdout
    return [line for line in out.splitlines() if marker in line and not line.lstrip().startswith("Z")]


@pytest.fixture
def hanging_soffice(tmp_path, monkeypatch):
    """A fake LibreOffice that never finishes and starts a child of its own (as soffice.bin does)."""
    import tempfile

    private = tmp_path / ".tam-rieng"  # its own temp folder: another build on the machine never shows in its checks
    private.mkdir()
    monkeypatch.setenv("TMPDIR", str(private))
    monkeypatch.setattr(tempfile, "tempdir", str(private))
    marker = f"12345.{os.getpid()}"
    fake = tmp_path / "bin" / "soffice"
    fake.parent.mkdir()
    fake.write_text(f"#!/bin/sh\nsleep {marker}1 &\nexec sleep {marker}2\n", encoding="ascii")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setenv("KEHOACH_PDF_TIMEOUT", "3")
    monkeypatch.setenv("KEHOACH_CONVERT_TIMEOUT", "3")
    yield marker
    subprocess.run(["pkill", "-9", "-f", marker], check=False)


# A test that starts LibreOffice (or a stand-in that must be stopped) takes seconds: it is slow, whatever its
# file, so `pytest -m "not slow"` is the subset a developer runs after each change.
_SLOW_FIXTURES = frozenset({"need_soffice", "need_soffice_session", "printed", "letters_printed", "hanging_soffice"})


def pytest_collection_modifyitems(config, items):
    for item in items:
        if _SLOW_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _no_office_left_running():
    """A test that makes the web app asks for a LibreOffice kept running (office.keep_running): it ends with the
    test, so the next test in this process prints as a one-plan build does."""
    yield
    from generator import office

    office.close_all()
    office._keep = False
    office._refused.clear()
    office._python.clear()
