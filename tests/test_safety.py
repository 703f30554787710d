"""Attacks on the output folder and on kehoach itself, written as an outsider would try them: nothing a clerk
has is ever deleted or half-replaced, and no input ends in a traceback."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from generator import build as build_module
from generator import outdir
from generator.cli import main
from generator.load import load_plan
from generator.vn import file_slug, point_letter, roman

from .conftest import DATA, PLAN_DATA, ROOT, processes_with

MINIMAL = (DATA / "valid" / "minimal.yaml").read_text(encoding="utf-8")


def run(*args):
    result = CliRunner().invoke(main, [str(a) for a in args])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert "Traceback" not in result.output
    return result


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def write_plan(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def tamper(folder: Path, *entries: dict) -> None:
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"] += list(entries)
    (folder / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


# --- 1. the manifest is trusted only inside the bundle folder -------------------------------------------------


# The swap and manifest tests need a bundle with sub-folders, not a big one: 8 documents instead of Xốp's 24.
SMALL = DATA / "valid" / "minimal.yaml"


@pytest.fixture
def victim(tmp_path):
    secret = tmp_path / "ngoai" / "bi-mat.txt"
    secret.parent.mkdir()
    secret.write_text("không được xóa", encoding="utf-8")
    return secret


@pytest.mark.parametrize("how", ["tuyet-doi", "cha", "qua-symlink"])
def test_a_tampered_manifest_never_reaches_outside(tmp_path, victim, how):
    out = tmp_path / "out"
    assert run("build", SMALL, "-o", out).exit_code == 0
    folder = out / "minimal"
    digest = sha(victim.read_bytes())
    if how == "tuyet-doi":
        rel = str(victim)
    elif how == "cha":
        rel = os.path.relpath(victim, folder)
    else:
        (folder / "lien-ket").symlink_to(victim.parent, target_is_directory=True)
        rel = "lien-ket/bi-mat.txt"
    tamper(folder, {"path": rel, "kind": "x", "unit": "", "sha256": digest},
           {"path": rel, "kind": "x", "unit": "", "sha256": "0" * 64})
    result = run("build", SMALL, "-o", out)
    assert result.exit_code == 0, result.output
    assert f"bỏ qua đường dẫn “{rel}” (ra ngoài thư mục bộ văn bản) — không đụng tới tệp đó" in result.output
    assert run("build", SMALL, "-o", out, "--force").exit_code == 0
    assert victim.read_text(encoding="utf-8") == "không được xóa"
    if how == "qua-symlink":  # the link itself is the clerk's: kept as a link, never entered
        assert (folder / "lien-ket").is_symlink()


@pytest.mark.parametrize("shape", [
    "[]", '{"files": {}}', '{"files": [{"path": "ke-hoach.docx"}]}', '{"files": [{"path": 1, "sha256": "x"}]}',
    '{"files": [{"path": "ke-hoach.docx", "sha256": "khong-phai-hex"}]}', "không phải JSON", "[" * 5000,
])
def test_a_manifest_of_another_shape_counts_as_none(tmp_path, shape):
    out = tmp_path / "out"
    assert run("build", SMALL, "-o", out).exit_code == 0
    folder = out / "minimal"
    (folder / "manifest.json").write_text(shape, encoding="utf-8")
    before = snapshot(folder)
    result = run("build", SMALL, "-o", out)
    assert result.exit_code == 1
    assert "manifest.json: không đúng dạng kehoach ghi" in result.output and "--force" in result.output
    assert snapshot(folder) == before
    forced = run("build", SMALL, "-o", out, "--force")
    assert forced.exit_code == 0, forced.output
    assert (folder / "da-sua-tay" / "ke-hoach.docx").read_bytes() == before["ke-hoach.docx"]


# --- 2. whole-bundle replacement --------------------------------------------------------------------------------


def test_force_keeps_an_orphaned_hand_edit(tmp_path):
    plan = write_plan(tmp_path / "xa.yaml", MINIMAL)
    out = tmp_path / "out"
    assert run("build", plan, "-o", out).exit_code == 0
    letter = out / "xa" / "cong-van" / "02-cong-an-xa.docx"
    edited = docx.Document(str(letter))
    edited.add_paragraph("Ý kiến của Chủ tịch")
    edited.save(str(letter))
    hand = letter.read_bytes()
    # the commune drops Công an xã: its letter is no longer made
    write_plan(plan, MINIMAL.replace("          phoi_hop: [cong-an-xa]\n", "")
               .replace("chu_tri: [cong-an-xa]", "chu_tri: [phong-kinh-te]"))
    refused = run("build", plan, "-o", out)
    assert refused.exit_code == 1 and "cong-van/02-cong-an-xa.docx" in refused.output
    assert letter.read_bytes() == hand
    result = run("build", plan, "-o", out, "--force")
    assert result.exit_code == 0, result.output
    kept = out / "xa" / "da-sua-tay" / "cong-van" / "02-cong-an-xa.docx"
    assert kept.read_bytes() == hand and not letter.exists()
    assert "đã giữ tệp sửa tay cong-van/02-cong-an-xa.docx tại da-sua-tay/cong-van/02-cong-an-xa.docx" in result.output
    assert "đã bỏ tệp của lần tạo trước mà lần này không còn: bao-cao/02-cong-an-xa.docx" in result.output
    again = run("build", plan, "-o", out)  # the kept file is the clerk's now: carried over, never refused
    assert again.exit_code == 0 and kept.read_bytes() == hand


def test_force_keeps_a_replaced_hand_edit_too(tmp_path):
    out = tmp_path / "out"
    assert run("build", SMALL, "-o", out).exit_code == 0
    plan_docx = out / "minimal" / "ke-hoach.docx"
    plan_docx.write_bytes(plan_docx.read_bytes() + b"sua")
    for _ in range(2):  # a second copy does not overwrite the first
        plan_docx.write_bytes(plan_docx.read_bytes() + b"x")
        assert run("build", SMALL, "-o", out, "--force").exit_code == 0
    names = sorted(p.name for p in (out / "minimal" / "da-sua-tay").iterdir())
    assert names == ["ke-hoach (2).docx", "ke-hoach.docx"]


def test_a_failure_while_writing_leaves_the_old_bundle_whole(tmp_path, monkeypatch):
    from generator import bundle

    out = tmp_path / "out"
    assert run("build", SMALL, "-o", out).exit_code == 0
    before = snapshot(out)
    real, count = bundle._write, []

    def failing(root, rel, data):  # the disk fills up (or a sub-folder is read-only) at the fifth file
        count.append(rel)
        if len(count) == 5:
            raise OSError(28, "No space left on device", str(root / rel))
        real(root, rel, data)

    monkeypatch.setattr(bundle, "_write", failing)
    result = run("build", SMALL, "-o", out)
    assert result.exit_code == 1
    assert "đĩa đã đầy" in result.output and "bộ văn bản cũ vẫn giữ nguyên" in result.output
    assert snapshot(out) == before
    assert sorted(p.name for p in out.iterdir()) == ["minimal"]


def test_a_folder_in_use_cannot_be_swapped_and_stays_as_it_was(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert run("build", SMALL, "-o", out).exit_code == 0
    before = snapshot(out)

    def in_use(stage, folder):  # Windows refuses to rename a folder while Word holds a file in it
        raise PermissionError(13, "Access is denied", str(folder))

    monkeypatch.setattr("generator.bundle.swap", in_use)
    result = run("build", SMALL, "-o", out)
    assert result.exit_code == 1 and "không có quyền truy cập" in result.output
    assert "đóng các tệp của bộ văn bản đang mở trong Word" in result.output
    assert snapshot(out) == before and sorted(p.name for p in out.iterdir()) == ["minimal"]


def test_a_read_only_sub_folder_in_the_old_bundle(tmp_path):
    out = tmp_path / "out"
    assert run("build", SMALL, "-o", out).exit_code == 0
    (out / "minimal" / "cong-van").chmod(0o555)  # as Windows or a network share may leave it
    try:
        result = run("build", SMALL, "-o", out)
    finally:
        for folder in out.rglob("*"):
            if folder.is_dir():
                folder.chmod(0o755)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == ["minimal"] and consistent(out / "minimal")


def test_the_two_step_swap_restores_the_old_bundle_when_the_second_rename_fails(tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert run("build", SMALL, "-o", out).exit_code == 0
    before = snapshot(out)
    monkeypatch.setattr(outdir, "_exchange", lambda a, b: False)
    real_rename, calls = os.rename, []

    def rename(src, dst):
        calls.append((src, dst))
        if len(calls) == 2:
            raise PermissionError(13, "denied", str(dst))
        real_rename(src, dst)

    monkeypatch.setattr(outdir.os, "rename", rename)
    assert run("build", SMALL, "-o", out).exit_code == 1
    assert snapshot(out) == before and sorted(p.name for p in out.iterdir()) == ["minimal"]


def test_leftovers_of_a_killed_swap_are_restored_or_removed(tmp_path):
    out = tmp_path / "out"
    assert run("build", SMALL, "-o", out).exit_code == 0
    before = snapshot(out / "minimal")
    # killed between the two renames of the two-step swap: the old bundle is aside, the new one half written
    os.rename(out / "minimal", out / ".kehoach-minimal.cu-abc123")
    (out / ".kehoach-minimal.moi-def456" / "cong-van").mkdir(parents=True)
    (out / ".kehoach-minimal.moi-def456" / "ke-hoach.docx").write_bytes(b"nua chung")
    result = run("build", SMALL, "-o", out)
    assert result.exit_code == 0, result.output
    assert "đã khôi phục bộ văn bản cũ" in result.output and "đã xóa thư mục tạm" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["minimal"]
    assert snapshot(out / "minimal") == before  # the same plan: the restored bundle was replaced by equal bytes


def consistent(folder: Path) -> bool:
    """A whole bundle: its manifest lists exactly the files there, each with its hash."""
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    listed = {f["path"]: f["sha256"] for f in manifest["files"]}
    present = {rel for rel in snapshot(folder) if rel != "manifest.json"}
    return set(listed) == present and all(sha((folder / rel).read_bytes()) == h for rel, h in listed.items())


@pytest.mark.slow  # kills a build at 40 moments: a stress test, run by CI
def test_kill_9_at_any_moment_leaves_the_old_or_the_new_bundle(tmp_path):
    """A large plan rebuilt with another title, killed at several moments: never a mix, and the next run cleans."""
    out, pristine = tmp_path / "out", tmp_path / "cu"
    plan = write_plan(tmp_path / "kon-tum.yaml", (PLAN_DATA / "kon-tum.yaml").read_text(encoding="utf-8"))
    assert run("build", plan, "-o", pristine).exit_code == 0
    old = snapshot(pristine / "kon-tum")
    write_plan(plan, plan.read_text(encoding="utf-8").replace("trich_yeu: ", "trich_yeu: Bản mới — ", 1))
    assert run("build", plan, "-o", tmp_path / "moi").exit_code == 0
    new = snapshot(tmp_path / "moi" / "kon-tum")
    cmd = [sys.executable, "-m", "generator", "build", str(plan), "-o", str(out)]
    outcomes = []
    for delay in (0.3, 0.8, 1.3, 1.8, 2.2, 2.6, 3.0, 3.5):
        shutil.rmtree(out, ignore_errors=True)
        shutil.copytree(pristine, out)
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = snapshot(out / "kon-tum")
        assert now in (old, new), f"mixed bundle after a kill at {delay} s"
        assert consistent(out / "kon-tum")
        outcomes.append("cu" if now == old else "moi")
    result = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["kon-tum"]  # leftovers of the last kill cleaned
    assert snapshot(out / "kon-tum") == new
    assert "cu" in outcomes, outcomes  # the kills did land while the build was under way


def test_two_runs_on_one_bundle_do_not_mix(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    with outdir.locked(out / "xa-xop"):
        result = run("build", PLAN_DATA / "xa-xop.yaml", "-o", out)
    assert result.exit_code == 1 and "một lần chạy kehoach khác đang ghi" in result.output
    assert not (out / "xa-xop").exists()


# --- 3. no input ends in a traceback ----------------------------------------------------------------------------


def many_duties_plan(leads: int, group: int) -> str:
    """One unit leading ``leads`` tasks, and a group of ``group`` sub-tasks."""
    tasks = "".join(f"        - noi_dung: Nhiệm vụ số {i + 1}\n          chu_tri: [phong-kinh-te]\n"
                    for i in range(leads))
    subs = "".join(f"            - noi_dung: Việc con {i + 1}\n              chu_tri: [cong-an-xa]\n"
                   for i in range(group))
    head = MINIMAL.split("phu_luc:")[0]
    return (head + "phu_luc:\n  ten: Nhiệm vụ\n  muc:\n    - ten: Nhiều việc\n      nhiem_vu:\n" + tasks
            + "    - ten: Nhóm lớn\n      nhiem_vu:\n        - ten: Nhóm\n          nhiem_vu:\n" + subs)


def test_a_unit_with_100_duties_and_a_group_of_30_sub_tasks(tmp_path):
    plan = write_plan(tmp_path / "nhieu.yaml", many_duties_plan(100, 30))
    assert run("validate", plan).exit_code == 0
    result = run("build", plan, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    loaded = load_plan(plan)
    ids = [t.id for t in loaded.tasks()]
    assert ids[100:] == [f"II.1.{point_letter(i)}" for i in range(30)]
    assert ids[100 + 22] == "II.1.y" and ids[100 + 23] == "II.1.aa" and ids[-1] == "II.1.gg"
    def labels(path: Path) -> list[str]:
        paragraphs = docx.Document(str(path)).paragraphs
        return [m.group(1) for p in paragraphs if (m := re.match(r"([a-zđ]+\)|-) ", p.text))]

    # more than 23 duties: the list goes one ND30 level down, to "-" items
    assert labels(tmp_path / "out" / "nhieu" / "cong-van" / "01-phong-kinh-te.docx") == ["-"] * 100
    # 30 sub-tasks of a group reach Công an xã: "-" too; 23 duties keep a) … y)
    assert labels(tmp_path / "out" / "nhieu" / "cong-van" / "02-cong-an-xa.docx") == ["-"] * 30
    plan23 = write_plan(tmp_path / "vua.yaml", many_duties_plan(23, 1))
    assert run("build", plan23, "-o", tmp_path / "out").exit_code == 0
    assert labels(tmp_path / "out" / "vua" / "cong-van" / "01-phong-kinh-te.docx") == [
        f"{x})" for x in "a b c d đ e g h i k l m n o p q r s t u v x y".split()]
    plan24 = write_plan(tmp_path / "hon.yaml", many_duties_plan(24, 24))
    assert run("validate", plan24).exit_code == 0 and run("build", plan24, "-o", tmp_path / "out").exit_code == 0
    assert labels(tmp_path / "out" / "hon" / "cong-van" / "01-phong-kinh-te.docx") == ["-"] * 24
    assert [t.id for t in load_plan(plan24).tasks()][-2:] == ["II.1.y", "II.1.aa"]


def test_roman_numerals_and_letters_for_any_count():
    assert [roman(n) for n in (1, 4, 9, 14, 40, 3999, 4000, 4321)] == [
        "I", "IV", "IX", "XIV", "XL", "MMMCMXCIX", "MMMM", "MMMMCCCXXI"]
    assert [point_letter(i) for i in (0, 4, 22, 23, 24, 45, 46)] == ["a", "đ", "y", "aa", "bb", "yy", "aaa"]


def test_4000_sections_validate(tmp_path):
    head = MINIMAL.split("phu_luc:")[0]
    task = "        - noi_dung: Việc\n          chu_tri: [cong-an-xa]\n"
    sections = "".join(f"    - ten: Mục {i}\n      nhiem_vu:\n{task}" for i in range(4000))
    plan = write_plan(tmp_path / "lon.yaml", head + "phu_luc:\n  ten: Nhiệm vụ\n  muc:\n" + sections)
    result = run("validate", plan)
    assert result.exit_code == 0, result.output
    assert load_plan(plan).appendix.sections[-1].id == "MMMM"


def test_a_crashing_plan_in_a_batch_of_three(tmp_path, monkeypatch):
    plans = [write_plan(tmp_path / f"xa-{n}.yaml", MINIMAL) for n in ("mot", "hai", "ba")]
    real = build_module.bundle_files

    def crash_on_hai(plan, templates, progress=None):
        if plan.name == "xa-hai":
            raise IndexError("list index out of range")
        return real(plan, templates, progress)

    monkeypatch.setattr(build_module, "bundle_files", crash_on_hai)
    result = run("build", *plans, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["xa-ba", "xa-mot"]
    assert f"{plans[1]}: lỗi không mong đợi (IndexError) — đây là lỗi của kehoach" in result.output
    assert "Tổng cộng 3 kế hoạch: 2 thành công, 1 lỗi." in result.output
    assert "list index out of range" not in result.output


def test_plans_that_would_share_a_folder_are_refused_before_writing(tmp_path):
    a = write_plan(tmp_path / "a" / "ke-hoach.yaml", MINIMAL)
    b = write_plan(tmp_path / "b" / "Ke-Hoach.yaml", MINIMAL)
    result = run("build", a, b, "-o", tmp_path / "out")
    assert result.exit_code == 1
    assert f"{a} và {b} cùng ghi vào thư mục" in result.output and "Chưa ghi tệp nào" in result.output
    assert not (tmp_path / "out").exists()


def test_reserved_and_overlong_names_get_safe_ones(tmp_path):
    plan = write_plan(tmp_path / "con.yaml", MINIMAL.replace("ten: Công an xã", "ten: " + "Đội công tác " * 40))
    result = run("build", plan, "-o", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "con-kh" / "ke-hoach.docx").is_file()
    names = [p.name for p in (tmp_path / "out" / "con-kh" / "cong-van").iterdir()]
    assert max(len(n) for n in names) <= 70 and all(len(str(p)) < 260 for p in (tmp_path / "out").rglob("*"))
    assert file_slug("NUL") == "nul-kh" and file_slug("com1") == "com1-kh" and file_slug("console") == "console"


def test_fifo_device_folder_and_symlink_loops_as_plans(tmp_path):
    fifo = tmp_path / "ong.yaml"
    os.mkfifo(fifo)
    (tmp_path / "vong-a.yaml").symlink_to(tmp_path / "vong-b.yaml")
    (tmp_path / "vong-b.yaml").symlink_to(tmp_path / "vong-a.yaml")
    cases = {
        fifo: "đây không phải tệp thường", Path("/dev/zero"): "đây không phải tệp thường",
        tmp_path: "đây là một thư mục", tmp_path / "vong-a.yaml": "liên kết tượng trưng (symlink) trỏ vòng tròn",
    }
    for path, expected in cases.items():
        for command in ("validate", "build"):
            started = time.monotonic()
            result = run(command, path, *(["-o", tmp_path / "out"] if command == "build" else []))
            assert result.exit_code == 1 and expected in result.output, (path, result.output)
            assert time.monotonic() - started < 10
    base_loop = write_plan(tmp_path / "xa.yaml", "ke_thua: vong-a.yaml\n")
    result = run("validate", base_loop)
    assert result.exit_code == 1 and "không tìm thấy kế hoạch gốc 'vong-a.yaml'" in result.output


def test_an_output_folder_that_is_a_symlink_loop(tmp_path):
    (tmp_path / "ra").symlink_to(tmp_path / "ra")
    result = run("build", PLAN_DATA / "xa-xop.yaml", "-o", tmp_path / "ra")
    assert result.exit_code == 1 and "không ghi được" in result.output


def test_adapt_and_diff_where_they_cannot_write(tmp_path):
    blocker = tmp_path / "tep"
    blocker.write_text("x", encoding="utf-8")
    result = run("adapt", PLAN_DATA / "xa-xop.yaml", "-o", blocker / "con.yaml")
    assert result.exit_code == 1 and "không ghi được" in result.output
    assert "đã có tệp hoặc thư mục cùng tên" in result.output
    result = run("diff", PLAN_DATA / "kon-tum.yaml", PLAN_DATA / "xa-xop.yaml", "-o", blocker / "ss.docx")
    assert result.exit_code == 1 and "đã có tệp hoặc thư mục cùng tên" in result.output


def test_no_command_writes_over_a_file_it_reads_even_with_force(tmp_path):
    """``-o`` naming the received Word plan, the plan file, the plan it extends, or a link to one of them."""
    for name in ("kon-tum-cap-xa.yaml", "xa-xop.yaml", "kon-tum.yaml"):
        shutil.copy(PLAN_DATA / name, tmp_path / name)
    received = tmp_path / "nhan.docx"
    shutil.copy(DATA / "nhan" / "xa-xop-go-tay.docx", received)
    (tmp_path / "lien-ket.yaml").symlink_to(tmp_path / "xa-xop.yaml")
    before = snapshot(tmp_path)
    for args in (["nhap", received, "-o", received], ["nhap", received, "-o", tmp_path / "kon-tum.yaml", "--don-vi",
                                                      tmp_path / "kon-tum.yaml"],
                 ["adapt", tmp_path / "xa-xop.yaml", "-o", tmp_path / "xa-xop.yaml"],
                 ["adapt", tmp_path / "xa-xop.yaml", "-o", tmp_path / "kon-tum-cap-xa.yaml"],
                 ["adapt", tmp_path / "xa-xop.yaml", "-o", tmp_path / "lien-ket.yaml"],
                 ["diff", tmp_path / "kon-tum.yaml", tmp_path / "xa-xop.yaml", "-o", tmp_path / "kon-tum.yaml"]):
        result = run(*args, "--force")
        assert result.exit_code == 1 and "kehoach không ghi đè tệp đầu vào" in result.output, args
    assert snapshot(tmp_path) == before


def test_a_written_file_gets_the_permissions_a_plain_save_gives(tmp_path):
    old = os.umask(0o022)
    try:
        run("nhap", DATA / "nhan" / "xa-xop-go-tay.docx", "-o", tmp_path / "moi.yaml")
        assert (tmp_path / "moi.yaml").stat().st_mode & 0o777 == 0o644  # not the 0o600 of a temporary file
        (tmp_path / "moi.yaml").chmod(0o664)
        run("nhap", DATA / "nhan" / "xa-xop-go-tay.docx", "-o", tmp_path / "moi.yaml", "--force")
        assert (tmp_path / "moi.yaml").stat().st_mode & 0o777 == 0o664  # a replaced file keeps its own
    finally:
        os.umask(old)


def test_an_alias_bomb_is_refused_at_once(tmp_path):
    started = time.monotonic()
    result = run("validate", DATA / "bad" / "yaml" / "bom-bi-danh-10-tang.yaml")
    elapsed = time.monotonic() - started
    assert result.exit_code == 1 and "mỗi lần chép 11.111 phần tử (tối đa 10.000)" in result.output
    assert elapsed < 1.0, elapsed
    # each use under the per-alias cap, all of them over the whole-file cap
    many = tmp_path / "nhieu-bi-danh.yaml"
    many.write_text("a: &a [" + ", ".join(["x"] * 8_999) + "]\nb: [" + ", ".join(["*a"] * 30) + "]\n",
                    encoding="utf-8")
    result = run("validate", many)
    assert result.exit_code == 1 and "tệp có quá nhiều phần tử (trên 200.000" in result.output, result.output


def test_an_unexpected_error_in_validate_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr("generator.load.parse_plan", lambda *a: 1 / 0)
    result = run("validate", PLAN_DATA / "kon-tum.yaml", PLAN_DATA / "xa-xop.yaml")
    assert result.exit_code == 1
    assert "lỗi không mong đợi (ZeroDivisionError)" in result.output and "division" not in result.output


# --- 4. determinism ---------------------------------------------------------------------------------------------


def test_the_manifest_is_the_same_from_any_working_directory(tmp_path):
    out = tmp_path / "out"
    plan = shutil.copy(DATA / "valid" / "minimal.yaml", tmp_path / "xa.yaml")
    manifests = []
    for cwd in (ROOT, tmp_path, out.parent.parent):
        subprocess.run([sys.executable, "-m", "generator", "build", str(plan), "-o", str(out)], cwd=cwd,
                       check=True, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)})
        manifests.append((out / "xa" / "manifest.json").read_bytes())
    assert manifests[0] == manifests[1] == manifests[2]
    assert json.loads(manifests[0])["plan"] == "xa.yaml"


def test_pdfs_of_the_same_plan_are_byte_identical(tmp_path, need_soffice):
    plan = shutil.copy(DATA / "valid" / "minimal.yaml", tmp_path / "xa.yaml")
    first, second = tmp_path / "lan-1", tmp_path / "lan-2"
    for out in (first, second):
        assert run("build", plan, "-o", out, "--pdf").exit_code == 0
    pdfs = sorted(p.relative_to(first).as_posix() for p in first.rglob("*.pdf"))
    assert len(pdfs) == 8
    for rel in pdfs:
        data = (first / rel).read_bytes()
        assert data == (second / rel).read_bytes(), rel
        assert b"/CreationDate(D:20260305000000" in data  # the plan's date (5/3/2026), not the clock


# --- 5. LibreOffice under control -------------------------------------------------------------------------------


def test_a_hanging_libreoffice_is_stopped_within_the_limit(tmp_path, hanging_soffice):
    out = tmp_path / "out"
    assert run("build", PLAN_DATA / "xa-xop.yaml", "-o", out).exit_code == 0
    before = snapshot(out)
    started = time.monotonic()
    result = run("build", PLAN_DATA / "xa-xop.yaml", "-o", out, "--pdf")
    elapsed = time.monotonic() - started
    assert result.exit_code == 1
    assert "LibreOffice không xuất xong PDF trong 3 giây (giới hạn 3 giây) — đã dừng LibreOffice" in result.output
    assert elapsed < 3 + 5, elapsed
    time.sleep(0.3)
    assert processes_with(hanging_soffice) == []
    assert snapshot(out) == before
    assert not list(Path(tempfile_dir()).glob("kehoach-pdf-*"))


def test_killing_kehoach_leaves_no_libreoffice_behind(tmp_path, hanging_soffice):
    proc = subprocess.Popen([sys.executable, "-m", "generator", "build", str(PLAN_DATA / "xa-xop.yaml"), "-o",
                             str(tmp_path / "out"), "--pdf"], cwd=ROOT, env={**os.environ, "KEHOACH_PDF_TIMEOUT": "60"},
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while not processes_with(hanging_soffice) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_with(hanging_soffice), "the fake LibreOffice never started"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 5
    while processes_with(hanging_soffice) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_with(hanging_soffice) == []
    assert not list(Path(tempfile_dir()).glob("kehoach-pdf-*"))


def test_a_file_that_is_not_a_real_pdf_is_refused(tmp_path, monkeypatch):
    fake = tmp_path / "bin" / "soffice"
    fake.parent.mkdir()
    # writes a "PDF" for every document: a text file with the right name
    fake.write_text('#!/bin/sh\nwhile [ "$1" != "--outdir" ]; do shift; done\nout=$2; shift 2\nmkdir -p "$out"\n'
                    'for f in "$@"; do echo "khong phai pdf" > "$out/${f%.docx}.pdf"; done\n', encoding="ascii")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{fake.parent}{os.pathsep}{os.environ['PATH']}")
    result = run("build", DATA / "valid" / "minimal.yaml", "-o", tmp_path / "out", "--pdf")
    assert result.exit_code == 1 and "LibreOffice không xuất được PDF cho: ke-hoach.docx" in result.output
    assert not (tmp_path / "out" / "minimal").exists()


def tempfile_dir() -> str:
    import tempfile

    return tempfile.gettempdir()


def test_an_old_bundle_that_cannot_be_deleted_is_told_once_and_never_blocks_a_build(tmp_path, monkeypatch):
    """A read-only folder inside the old bundle (copied from a CD, owned by another user): the new bundle is in
    place, the old one stays beside it as a leftover, said once; later builds run and do not repeat it."""
    from generator import bundle, outdir

    out = tmp_path / "out"
    assert run("build", SMALL, "-o", out).exit_code == 0
    real = outdir.remove_tree

    undeletable: list[Path] = []

    def stubborn(path: Path) -> None:  # the first old bundle set aside cannot be deleted, now or later
        if not undeletable and path.name.startswith(".kehoach-") and (path / "ke-hoach.docx").exists():
            undeletable.append(path)
        if path in undeletable:
            raise PermissionError(13, "Permission denied")
        real(path)

    monkeypatch.setattr(outdir, "remove_tree", stubborn)
    monkeypatch.setattr(bundle, "remove_tree", stubborn)
    first = run("build", SMALL, "-o", out)
    assert first.exit_code == 0, first.output
    assert first.output.count("không xóa được") == 1, first.output
    assert "nó không cản lần chạy sau" in first.output
    leftovers = [p for p in out.iterdir() if p.name.startswith(".kehoach-minimal.")]
    assert leftovers == undeletable and (out / "minimal" / "ke-hoach.docx").exists()
    for _ in range(2):
        again = run("build", SMALL, "-o", out)
        assert again.exit_code == 0, again.output
        assert "không xóa được" not in again.output and "thư mục tạm" not in again.output, again.output
    assert [p for p in out.iterdir() if p.name.startswith(".kehoach-")] == leftovers  # no new leftover
    monkeypatch.setattr(outdir, "remove_tree", real)
    last = run("build", SMALL, "-o", out)
    assert last.exit_code == 0 and "đã xóa thư mục tạm" in last.output, last.output
    assert not [p for p in out.iterdir() if p.name.startswith(".kehoach-")]


def test_a_pdf_build_without_times_new_roman_says_so_once_and_names_the_package(tmp_path, monkeypatch, need_soffice):
    from generator import pdf

    installed = {"Times New Roman": "", "Liberation Serif": "Liberation Serif"}
    monkeypatch.setattr(pdf, "_font_families", lambda name: installed[name])
    result = run("build", DATA / "valid" / "minimal.yaml", PLAN_DATA / "xa-bo-y.yaml", "-o", tmp_path / "out", "--pdf")
    assert result.exit_code == 0, result.output
    assert result.output.count("không có phông Times New Roman") == 1
    assert "Liberation Serif" in result.output and "ttf-mscorefonts-installer" in result.output
    installed["Times New Roman"] = "Times New Roman"
    assert pdf.font_notice() == ""
    installed.update({"Times New Roman": "", "Liberation Serif": ""})
    assert "fonts-liberation2" in pdf.font_notice()
    assert "không có phông" not in run("build", DATA / "valid" / "minimal.yaml", "-o", tmp_path / "out2").output
