"""Every refusal of every command is told in Vietnamese: click's own messages, OS errors, YAML problems, help."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from generator.cli import main

from .conftest import DATA, PLAN_DATA, ROOT

ENGLISH = ("Error", "Usage", "Options:", "Commands:", "Missing", "Invalid", "does not exist", "Directory", "File '",
           "Traceback", "found character", "No such", "Try '", "Got unexpected", "Is a directory", "Permission denied",
           "not found", "[required]", "DIRECTORY", "FILE", "PATH", "ARGS", "expected", "Aborted", "Did you mean",
           "requires an argument", "is not", "Show this message")
XOP = str(PLAN_DATA / "xa-xop.yaml")
BAD_ARGUMENTS = [
    [], ["--help"], ["-h"], ["khong-co-lenh"], ["--khong-co"], ["buil"],
    *[[command, "--help"] for command in ("validate", "build", "adapt", "diff", "xem", "nhap")],
    ["validate"], ["validate", "khong-co.yaml"], ["validate", str(ROOT)], ["validate", XOP, "--khong-co"],
    ["validate", str(DATA / "invalid" / "invalid_yaml.yaml")], ["validate", str(DATA / "bad" / "yaml" / "tab.yaml")],
    ["build"], ["build", XOP, "-o"], ["build", XOP, "-o", str(ROOT / "README.md")], ["build", XOP, "--pdff"],
    ["build", XOP, "--templates", "khong-co"], ["build", XOP, "--templates", str(ROOT / "README.md")],
    ["build", "khong-co.yaml"], ["build", XOP, "--force=1"],
    ["adapt", XOP], ["adapt", XOP, "-o"], ["adapt", XOP, "-o", str(ROOT / "generator")], ["adapt", "khong-co.yaml",
                                                                                        "-o", "x.yaml"],
    ["adapt", XOP, "-o", str(ROOT / "README.md")],
    ["diff"], ["diff", XOP], ["diff", XOP, "khong-co.yaml"], ["diff", XOP, XOP, "-o", str(ROOT / "generator")],
    ["diff", XOP, XOP, "--templates", "khong-co"], ["diff", XOP, XOP, "-o", str(ROOT / "README.md" / "x.docx")],
    ["nhap"], ["nhap", "khong-co.docx", "-o", "x.yaml"], ["nhap", str(DATA / "nhan" / "hong.docx"), "-o", "x.yaml"],
    ["nhap", str(DATA / "nhan" / "anh-chup.pdf"), "-o", "x.yaml"], ["nhap", str(ROOT / "README.md"), "-o", "x.yaml"],
    ["nhap", str(DATA / "nhan" / "khong-co-bang.docx"), "-o", "x.yaml"], ["nhap", str(ROOT), "-o", "x.yaml"],
    ["nhap", str(DATA / "nhan" / "so-tu-dong.docx"), "-o", str(ROOT / "README.md")],
    ["nhap", str(DATA / "nhan" / "so-tu-dong.docx"), "-o", "x.yaml", "--don-vi", "khong-co.yaml"],
]


@pytest.mark.parametrize("args", BAD_ARGUMENTS, ids=lambda a: " ".join(a)[-60:] or "(không đối số)")
def test_every_refusal_is_vietnamese_only(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, args, prog_name="kehoach")
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    text = result.output
    assert text.strip()
    assert not [w for w in ENGLISH if w in text], text
    if args not in ([], ["--help"], ["-h"]) and "--help" not in args:
        assert result.exit_code in (1, 2), text
