"""Base plans kept per process (load._Kept): a batch of communes or the web page reads the province's plan once,
and never keeps it past a change to any file it was read from."""

from __future__ import annotations

import shutil

import pytest

from generator import load
from generator.errors import PlanError, display_path
from generator.load import load_plan

from .conftest import PLAN_DATA

CHAIN = ("xa-xop.yaml", "kon-tum-cap-xa.yaml", "kon-tum.yaml")


@pytest.fixture
def chain(tmp_path):
    """Xốp's plan and the two plans it extends, copied where a test may edit them."""
    for name in CHAIN:
        shutil.copyfile(PLAN_DATA / name, tmp_path / name)
    return tmp_path


@pytest.fixture
def reads(monkeypatch):
    """The plan files parsed, by name, in order."""
    seen: list[str] = []
    parse = load.load_yaml

    def counted(path):
        seen.append(path.name)
        return parse(path)

    monkeypatch.setattr(load, "load_yaml", counted)
    return seen


def test_a_second_commune_reads_only_its_own_file(chain, reads):
    first = load_plan(chain / "xa-xop.yaml")
    assert reads == list(CHAIN)
    reads.clear()
    shutil.copyfile(chain / "xa-xop.yaml", chain / "xa-khac.yaml")
    second = load_plan(chain / "xa-khac.yaml")
    assert reads == ["xa-khac.yaml"]
    assert list(second.tasks()) == list(first.tasks()) and second.units == first.units


def test_a_changed_file_anywhere_in_the_chain_is_read_again(chain, reads):
    load_plan(chain / "xa-xop.yaml")
    province = chain / "kon-tum.yaml"
    text = province.read_text(encoding="utf-8")
    assert "Sở Tài chính" in text
    province.write_text(text.replace("Sở Tài chính", "Sở Tài chính và Kế hoạch"), encoding="utf-8")
    reads.clear()
    load_plan(chain / "xa-xop.yaml")
    assert reads == list(CHAIN)  # the province changed: both bases read again
    province.write_text(text, encoding="utf-8")
    reads.clear()
    assert load_plan(chain / "xa-xop.yaml") == load_plan(PLAN_DATA / "xa-xop.yaml")


def test_a_base_with_an_error_is_not_kept(chain, reads):
    province = chain / "kon-tum.yaml"
    good = province.read_bytes()
    province.unlink()  # the province's file not there yet
    with pytest.raises(PlanError) as missing:
        load_plan(chain / "xa-xop.yaml")
    assert "không tìm thấy kế hoạch gốc 'kon-tum.yaml'" in str(missing.value.issues[0])
    province.write_bytes(good)  # then written: the next build finds it
    reads.clear()
    load_plan(chain / "xa-xop.yaml")
    assert reads == list(CHAIN)


def test_messages_name_files_from_the_working_directory_of_each_read(chain, monkeypatch):
    # The province's own warnings (documents cited without a date) name its file as seen from where kehoach runs.
    (chain / "sub").mkdir()
    named = []
    for cwd in (chain, chain / "sub", chain):
        monkeypatch.chdir(cwd)
        plan, issues = load._read_base(chain / "kon-tum.yaml", ())
        assert plan is not None and issues and all(i.warning for i in issues)
        assert {i.file for i in issues} == {display_path(chain / "kon-tum.yaml")}
        named.append(issues[0].file)
    assert named[0] == named[2] == "kon-tum.yaml" and named[1] != named[0]


def test_a_kept_base_is_not_used_for_a_longer_chain(tmp_path):
    # p1 … p8 each extend the one before; p0 is the province. Read through p3 the bases are kept for a short chain;
    # through p8 the chain passes the limit of 8 plans, which a kept base must not hide.
    shutil.copyfile(PLAN_DATA / "kon-tum.yaml", tmp_path / "p0.yaml")
    for i in range(1, 9):
        (tmp_path / f"p{i}.yaml").write_text(f"ke_thua: p{i - 1}.yaml\n", encoding="utf-8")
    load_plan(tmp_path / "p3.yaml")
    with pytest.raises(PlanError) as long:
        load_plan(tmp_path / "p8.yaml")
    assert "chuỗi kế thừa quá dài" in " ".join(map(str, long.value.issues))


def test_a_kept_base_replaced_by_a_fifo_is_refused_not_waited_on(chain):
    # A hostile or broken folder: the province's file becomes a named pipe after it was kept. Opening a pipe with
    # no writer waits forever; the check must not open it, and the plan is read again and refused.
    import os

    load_plan(chain / "xa-xop.yaml")
    province = chain / "kon-tum.yaml"
    province.unlink()
    os.mkfifo(province)
    with pytest.raises(PlanError) as fifo:
        load_plan(chain / "xa-xop.yaml")
    assert "kế hoạch gốc 'kon-tum.yaml'" in " ".join(map(str, fifo.value.issues))
