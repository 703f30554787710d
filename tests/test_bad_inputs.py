"""Every bad input of the corpus (tests/data/bad, made by tools/make_bad_inputs.py): exit 1, one Vietnamese
message naming the file (and its line), no traceback, and the output folder exactly as it was."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.errors import display_path
from generator.render import engine

from .conftest import DATA, PLAN_DATA, ROOT

BAD = DATA / "bad"
PLANS = sorted(p for folder in ("yaml", "ma-hoa", "noi-dung") for p in (BAD / folder).glob("*.yaml"))
TEMPLATES = sorted((BAD / "mau").glob("*.docx"))
RECEIVED = sorted((BAD / "nhan").glob("*.docx"))
ENGLISH = ("Traceback", "Error", "error:", "No such", "found character", "expected", "Invalid", "not allowed",
           "exception", "does not exist", "Directory")
VIETNAMESE = re.compile(r"[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]")


def test_the_corpus_is_large_enough():
    assert len(PLANS) + len(TEMPLATES) + len(RECEIVED) >= 100
    assert {p.parent.name for p in PLANS} == {"yaml", "ma-hoa", "noi-dung"} and len(TEMPLATES) >= 10
    assert len(RECEIVED) >= 14


@pytest.fixture(scope="module")
def previous_bundle(tmp_path_factory):
    """A real bundle, copied into each output folder before the bad run so that 'unchanged' means something."""
    out = tmp_path_factory.mktemp("truoc")
    assert CliRunner().invoke(main, ["build", str(PLAN_DATA / "xa-xop.yaml"), "-o", str(out)]).exit_code == 0
    return out / "xa-xop"


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def assert_refused(result, out: Path, before: dict[str, bytes], named: str) -> None:
    text = result.output
    assert result.exit_code == 1, text
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert named in text, text
    assert VIETNAMESE.search(text), text
    assert not [w for w in ENGLISH if w in text], text
    assert snapshot(out) == before


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: f"{p.parent.name}/{p.stem}")
def test_bad_plan_is_refused_and_nothing_changes(plan, tmp_path, previous_bundle):
    out = tmp_path / "out"
    shutil.copytree(previous_bundle, out / plan.stem)
    before = snapshot(out)
    result = CliRunner().invoke(main, ["build", str(plan), "-o", str(out)])
    assert_refused(result, out, before, "")
    # the file is named with a line: this one, or (for a base plan it extends) the one where the problem is
    assert re.search(r"\.yaml:\d+:\d+: ", result.output), result.output
    assert display_path(plan) in result.output or plan.name in result.output, result.output


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: p.stem)
def test_bad_template_is_refused_and_nothing_changes(template, tmp_path, previous_bundle, monkeypatch):
    monkeypatch.setattr(engine, "RENDER_SECONDS", 1.0)  # the endless loop is stopped after a second, not twenty
    kind = template.stem.split("--")[0]
    mau = tmp_path / "mau"
    shutil.copytree(ROOT / "templates", mau)
    shutil.copyfile(template, mau / f"{kind}.docx")
    out = tmp_path / "out"
    shutil.copytree(previous_bundle, out / "xa-xop")
    before = snapshot(out)
    args = ["build", str(PLAN_DATA / "xa-xop.yaml"), "-o", str(out), "--templates", str(mau)]
    result = CliRunner().invoke(main, args)
    assert_refused(result, out, before, f"{kind}.docx")


def _multiplied(kind: str) -> str:
    """A small plan whose aliases multiply it past a limit: 6,000 tasks from 1,000 written, or 6 million
    characters of text from one million."""
    head = (DATA / "valid" / "minimal.yaml").read_text(encoding="utf-8").split("phu_luc:")[0]
    if kind == "nhiem-vu":
        tasks = "".join("        - {noi_dung: Kiểm tra định kỳ, chu_tri: [cong-an-xa]}\n" for _ in range(1000))
        first = "    - stt: I\n      ten: Một\n      nhiem_vu: &t\n" + tasks
        return head + "phu_luc:\n  ten: Nhiệm vụ\n  muc:\n" + first + "".join(
            f"    - {{stt: {r}, ten: Tiếp, nhiem_vu: *t}}\n" for r in ("II", "III", "IV", "V", "VI"))
    text = "Kiểm" + "x" * 1_000_000
    rows = "".join("        - {noi_dung: *chu, chu_tri: [cong-an-xa]}\n" for _ in range(5))
    return head + ("phu_luc:\n  ten: Nhiệm vụ\n  muc:\n    - stt: I\n      ten: Một\n      nhiem_vu:\n"
                   f"        - {{noi_dung: &chu {text}, chu_tri: [cong-an-xa]}}\n" + rows)


@pytest.mark.parametrize(("kind", "words"), [("nhiem-vu", "6.000 nhiệm vụ, quá giới hạn 5.000"),
                                             ("chu", "trên 5.000.000 ký tự")])
def test_aliases_that_multiply_a_plan_are_refused_before_it_is_built(kind, words, tmp_path, previous_bundle):
    plan = tmp_path / f"bi-danh-{kind}.yaml"
    plan.write_text(_multiplied(kind), encoding="utf-8")
    out = tmp_path / "out"
    shutil.copytree(previous_bundle, out / plan.stem)
    before = snapshot(out)
    result = CliRunner().invoke(main, ["build", str(plan), "-o", str(out)])
    assert_refused(result, out, before, f"{plan.name}:")
    assert words in result.output and result.output.count("\n") == 1, result.output


@pytest.mark.parametrize("received", RECEIVED, ids=lambda p: p.stem)
def test_bad_received_file_is_refused_and_nothing_is_written(received, tmp_path):
    out = tmp_path / "ra"
    out.mkdir()
    result = CliRunner().invoke(main, ["nhap", str(received), "-o", str(out / "ke-hoach.yaml")])
    assert_refused(result, out, {}, f"{display_path(received)}: ")
    assert "lỗi không mong đợi" not in result.output and result.output.count("\n") == 1, result.output
    assert "root:" not in result.output  # the external entity was never read


def _nodes(node, seen=None):
    """Every node once (an alias is visited where it is first met), with what a message names it by."""
    import yaml

    seen = set() if seen is None else seen
    if node is None or id(node) in seen:
        return []
    seen.add(id(node))
    out = [(type(node).__name__, node.tag, node.value if isinstance(node, yaml.ScalarNode) else None,
            node.start_mark.line, node.start_mark.column)]
    children = node.value if isinstance(node, yaml.SequenceNode) else \
        [c for pair in node.value for c in pair] if isinstance(node, yaml.MappingNode) else []
    for child in children:
        out += _nodes(child, seen)
    return out


def test_the_fast_yaml_loader_reads_every_file_as_the_pure_python_one():
    """libyaml composes the plans 15 times faster; for every plan and test file it takes, the nodes, values and
    positions (lines and columns of messages) are the pure-Python loader's."""
    import yaml

    from generator import yamlio

    compared = 0
    for path in sorted([*PLAN_DATA.rglob("*.yaml"), *DATA.rglob("*.yaml")]):
        text = path.read_text(encoding="utf-8", errors="replace")
        if not yamlio._fast(text):
            continue
        try:
            slow = yaml.compose(text, Loader=yaml.SafeLoader)
        except (yaml.YAMLError, RecursionError):
            continue
        assert _nodes(yamlio._compose(text)) == _nodes(slow), path
        compared += 1
    assert compared > 50


@pytest.mark.parametrize("text", ["- " * 100_000 + "x\n", "[" * 100_000 + "\n", "a:\n" + " " * 300 + "b: 1\n"],
                         ids=["gach-dau-dong", "ngoac", "thut-le"])
def test_nesting_that_crashes_libyaml_never_reaches_it(text, tmp_path):
    """"- - - …" nested 100,000 times made libyaml's C recursion crash the process (exit -11): such text goes to
    the pure-Python loader, which says the nesting is too deep — in a child process, so a crash would show."""
    import subprocess
    import sys

    plan = tmp_path / "sau.yaml"
    plan.write_text(text, encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "generator", "validate", str(plan)], capture_output=True,
                            text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 1, (result.returncode, result.stderr[-300:])
    assert "Traceback" not in result.stderr


def test_the_render_time_limit_keeps_the_hosts_own_alarm():
    # A server or a test runner (pytest-timeout) may have its own SIGALRM set: a render neither cancels it nor
    # takes its handler, and its own limit still holds inside a later host alarm.
    import signal
    import time

    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *_: fired.append(True))
    try:
        signal.setitimer(signal.ITIMER_REAL, 30.0)
        with pytest.raises(engine.BudgetExceeded), engine._time_budget(0.2):
            time.sleep(2)
        assert 25 < signal.getitimer(signal.ITIMER_REAL)[0] <= 30  # set again, less the time spent
        signal.setitimer(signal.ITIMER_REAL, 0.2)  # sooner than the render's limit: it fires, with its handler
        with engine._time_budget(20):
            time.sleep(0.5)
        assert fired == [True]
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
