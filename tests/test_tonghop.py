"""``kehoach tong-hop`` (issue 22): the blank forms of a bundle filled the ways units fill them, read back,
written up as the consolidated report, the Excel tracker and the reminders; the tracker read back after a
clerk's edits; bad files listed, never a traceback, nothing lost."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
from click.testing import CliRunner

from generator import formid
from generator.assign import assignments
from generator.build import build_plan
from generator.cli import main
from generator.load import load_plan
from generator.tonghop.collect import collect
from generator.tonghop.forms import read_form
from generator.tonghop.run import apply_edits, tong_hop
from generator.tonghop.status import DONE, DONE_PLAIN, NO_REPORT, NOT_STARTED, ONGOING, ONGOING_LATE
from generator.tonghop.tracker import read_tracker

from . import fill_forms as ff

ROOT = Path(__file__).parent.parent
XOP = ROOT / "plan_data" / "xa-xop.yaml"
KON_TUM = ROOT / "plan_data" / "kon-tum.yaml"
DAY = dt.date(2026, 12, 5)


@pytest.fixture(scope="module")
def xop_forms(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("bundle")
    build_plan(XOP, out)
    return out / "xa-xop" / "bao-cao"


def _form(forms: Path, seq: int) -> Path:
    return next(forms.glob(f"{seq:02d}-*.docx"))


def fill_xop(forms: Path, inbox: Path) -> dict[tuple[str, int], str]:
    """Forms 01–04 of Xốp filled in four habits; returns (unit id, row) -> the status filled in."""
    plan = load_plan(XOP)
    units = {a.seq: a for a in assignments(plan)}
    filled: dict[tuple[str, int], str] = {}
    # 01: ticked, "x" typed, other options deleted, bold; results, figures and a difficulty; dated
    doc = ff.open_form(_form(forms, 1))
    for n, (option, how, status) in enumerate([("Đã thực hiện", "tick", DONE_PLAIN), ("Đang thực hiện", "x", ONGOING),
                                               ("Chưa thực hiện", "delete", NOT_STARTED),
                                               ("Đã thực hiện", "bold", DONE_PLAIN)], 1):
        ff.mark(doc, n, option, how)
        filled[(units[1].unit.id, n)] = status
    ff.write(doc, 1, "Kết quả", "Đã ban hành Kế hoạch số 05/KH-PKT & tổ chức 3 hội nghị <phổ biến>")
    ff.figures(doc, 2, "47%")
    ff.write(doc, 2, "Khó khăn", "Thiếu kinh phí")
    ff.date_line(doc, 10, 12, 2026)
    ff.save(doc, inbox / "phong-kinh-te.docx")
    # 02: every row typed in words; a row added; two rows sharing one merged status cell
    doc = ff.open_form(_form(forms, 2))
    rows = len(ff.results_table(doc).rows) - 1
    for n in range(1, rows + 1):
        ff.mark(doc, n, "Đã hoàn thành" if n % 2 else "đang triển khai", "words")
        filled[(units[2].unit.id, n)] = DONE_PLAIN if n % 2 else ONGOING
    ff.merge_status(doc, 1, "Đã thực hiện")  # rows 1 and 2 now say "☒ Đã thực hiện" once
    filled[(units[2].unit.id, 2)] = DONE_PLAIN
    ff.add_row(doc, "Tổ chức tập huấn cho cán bộ thôn", "Đã hoàn thành", "2 lớp, 80 người")
    ff.save(doc, inbox / "VHXH.docx")
    # 03: copied into a new file (no properties): found by its header; one row ticked
    doc = ff.open_form(_form(forms, 3))
    ff.drop_properties(doc)
    ff.mark(doc, 1, "Đang thực hiện", "tick")
    filled[(units[3].unit.id, 1)] = ONGOING
    ff.save(doc, inbox / "bao cao VP.docx")
    # 04: sent twice — the later one counts
    doc = ff.open_form(_form(forms, 4))
    ff.mark(doc, 1, "Chưa thực hiện", "tick")
    ff.date_line(doc, 1, 12, 2026)
    ff.save(doc, inbox / "cong-an-lan-1.docx")
    doc = ff.open_form(_form(forms, 4))
    ff.mark(doc, 1, "Đã thực hiện", "tick")
    ff.date_line(doc, 3, 12, 2026)
    ff.save(doc, inbox / "cong-an-lan-2.docx")
    filled[(units[4].unit.id, 1)] = DONE_PLAIN
    # a form of another plan
    doc = ff.open_form(_form(forms, 5))
    ff.set_property(doc, formid.PLAN, "0123456789abcdef")
    ff.set_property(doc, formid.TITLE, "Kế hoạch phòng, chống thiên tai năm 2026")
    ff.save(doc, inbox / "ke-hoach-khac.docx")
    return filled


def test_every_status_result_and_figure_is_read_as_filled(xop_forms: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "nhan"
    inbox.mkdir()
    filled = fill_xop(xop_forms, inbox)
    plan = load_plan(XOP)
    c = collect(plan, inbox, DAY)
    read = {(e.unit.id, e.row.number): e.status.status for e in c.entries if e.status.status and e.task}
    assert read == filled
    by_unit = {a.seq: a.unit for a in assignments(plan)}
    first = next(e for e in c.entries if e.unit == by_unit[1] and e.row.number == 1)
    assert first.row.result == "Đã ban hành Kế hoạch số 05/KH-PKT & tổ chức 3 hội nghị <phổ biến>"
    second = next(e for e in c.entries if e.unit == by_unit[1] and e.row.number == 2)
    assert (second.row.figures, second.row.difficulties) == ("47%", "Thiếu kinh phí")
    assert first.reported == dt.date(2026, 12, 10)
    # the row the Phòng Văn hóa - Xã hội added is kept (sheet "Báo cáo") and named as matching no task
    added = [e for e in c.entries if e.task is None]
    assert [(e.unit, e.row.content, e.status.status, e.row.result) for e in added] == [
        (by_unit[2], "Tổ chức tập huấn cho cán bộ thôn", DONE_PLAIN, "2 lớp, 80 người")]
    problems = "\n".join(c.problems)
    assert "VHXH.docx: hàng" in problems and "không khớp nhiệm vụ nào" in problems
    assert "ke-hoach-khac.docx: mẫu báo cáo của kế hoạch khác (“Kế hoạch phòng, chống thiên tai năm 2026”)" in problems
    notes = "\n".join(c.notes)
    assert "dùng cong-an-lan-2.docx (ngày 03/12/2026), bỏ cong-an-lan-1.docx (ngày 01/12/2026)" in notes
    # counts: four units reported, the rest of every lead row is "Chưa báo cáo"
    assert sorted(c.reported) == sorted(by_unit[i].id for i in (1, 2, 3, 4))
    leads = {(o.task.id, o.unit.id): o.status for o in c.outcomes}
    assert len(leads) == len(c.outcomes)
    for e in c.entries:
        if e.task is not None and e.role == "chủ trì" and e.status.status:
            assert leads[(e.task.id, e.unit.id)] == e.status.status
    assert sum(1 for o in c.outcomes if o.status != NO_REPORT) == sum(
        1 for e in c.entries if e.task is not None and e.role == "chủ trì" and e.status.status)


def test_the_command_writes_report_tracker_and_reminders_to_exactly_the_units_owed(
        xop_forms: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "nhan"
    inbox.mkdir()
    fill_xop(xop_forms, inbox)
    result = CliRunner().invoke(main, ["tong-hop", str(XOP), str(inbox), "-o", str(tmp_path / "out"), "--ngay",
                                       "05/12/2026", "--han", "12/12/2026"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "out" / "xa-xop-tong-hop"
    plan = load_plan(XOP)
    owed = [a for a in assignments(plan) if a.seq > 4]  # no form (05's was of another plan); Xốp has no dated task
    assert sorted(p.name for p in (folder / "don-doc").iterdir()) == [f"{a.slug}.docx" for a in owed]
    assert (folder / "bao-cao-ket-qua.docx").is_file() and (folder / "theo-doi.xlsx").is_file()
    assert "đã đọc 6 tệp: 4/10 đơn vị đã báo cáo" in result.output and "6 công văn trong don-doc/" in result.output
    assert "mẫu báo cáo của kế hoạch khác" in result.output


def test_reminders_are_worded_by_the_unit_s_relation(xop_forms: Path, tmp_path: Path) -> None:
    from docx import Document

    inbox = tmp_path / "nhan"
    inbox.mkdir()
    plan = load_plan(XOP)
    r = tong_hop(XOP, inbox, tmp_path / "out", day=DAY, due=dt.date(2026, 12, 12))
    assert r.reminders == len(assignments(plan))
    folder = tmp_path / "out" / "xa-xop-tong-hop" / "don-doc"
    own = " ".join(p.text for p in Document(str(next(folder.glob("01-*.docx")))).paragraphs)
    outside = " ".join(p.text for p in Document(str(next(folder.glob("07-hoi-nong-dan*.docx")))).paragraphs)
    assert "Ủy ban nhân dân xã Xốp yêu cầu Phòng Kinh tế gửi báo cáo kết quả thực hiện (theo mẫu đã gửi kèm Kế " \
           "hoạch) về Ủy ban nhân dân xã Xốp (qua Phòng Văn hóa - Xã hội) trước ngày 12/12/2026./." in own
    assert "đã giao Phòng Kinh tế chủ trì, phối hợp thực hiện" in own
    assert "Ủy ban nhân dân xã Xốp đề nghị Hội Nông dân xã Xốp quan tâm, gửi báo cáo" in outside
    assert "giao" not in outside.replace("giao dịch", "") and "yêu cầu" not in outside
    assert "Đến ngày 05/12/2026, Ủy ban nhân dân xã Xốp chưa nhận được báo cáo kết quả thực hiện của Hội Nông dân" \
           " xã Xốp." in outside


def test_overdue_tasks_are_named_in_report_and_reminder(tmp_path: Path) -> None:
    """Kon Tum's task due in quý I/2025, not done by 05/12/2026: overdue for its lead units, in the reminder of a
    unit that did report, and in the report's section II."""
    from docx import Document

    out = tmp_path / "bundle"
    build_plan(KON_TUM, out)
    plan = load_plan(KON_TUM)
    dated = next(t for t in plan.tasks() if "quý I/2025" in t.timeline)
    lead = next(a for a in assignments(plan) if any(d.task == dated and d.role == "chủ trì" for d in a.duties))
    inbox = tmp_path / "nhan"
    inbox.mkdir()
    doc = ff.open_form(next((out / "kon-tum" / "bao-cao").glob(f"{lead.slug}.docx")))
    row = next(i for i, d in enumerate(lead.duties, 1) if d.task == dated)
    ff.mark(doc, row, "Đang thực hiện, quá hạn", "tick")
    ff.save(doc, inbox / "so.docx")
    r = tong_hop(KON_TUM, inbox, tmp_path / "out", day=DAY)
    late = [o for o in r.collection.outcomes if r.collection.overdue(o)]
    assert {(o.task.id, o.unit.id) for o in late} >= {(dated.id, lead.unit.id)}
    assert next(o for o in late if o.unit == lead.unit).status == ONGOING_LATE
    folder = tmp_path / "out" / "kon-tum-tong-hop"
    reminder = " ".join(p.text for p in Document(str(folder / "don-doc" / f"{lead.slug}.docx")).paragraphs)
    assert "đã quá thời hạn nhưng chưa hoàn thành" in reminder and "quý I/2025" in reminder
    if lead.unit.id == plan.standing:  # the standing body is not told to report "qua" itself
        assert f"(qua {lead.unit.name})" not in reminder
    assert "khẩn trương thực hiện nhiệm vụ nêu trên và gửi báo cáo" in reminder
    assert "chưa nhận được báo cáo" not in reminder
    report = " ".join(p.text for p in Document(str(folder / "bao-cao-ket-qua.docx")).paragraphs)
    assert "II. NHIỆM VỤ QUÁ HẠN, CHƯA THỰC HIỆN" in report and "đang thực hiện, quá hạn" in report
    # the same form with that row left unmarked: a task past its deadline with no status is a problem to look at
    doc = ff.open_form(next((out / "kon-tum" / "bao-cao").glob(f"{lead.slug}.docx")))
    ff.save(doc, inbox / "so.docx")
    c = collect(plan, inbox, DAY)
    assert next(o for o in c.outcomes if o.task == dated and o.unit == lead.unit).status == NO_REPORT
    assert f"{lead.unit.name}: nhiệm vụ số {dated.number}" in "\n".join(c.problems)
    assert any(lead.unit.name in p and "đã quá hạn" in p and "mà chưa có báo cáo" in p for p in c.problems)


def test_the_tracker_opens_with_dates_rules_and_print_setup(xop_forms: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    inbox = tmp_path / "nhan"
    inbox.mkdir()
    fill_xop(xop_forms, inbox)
    tong_hop(XOP, inbox, tmp_path / "out", day=DAY)
    wb = load_workbook(tmp_path / "out" / "xa-xop-tong-hop" / "theo-doi.xlsx")
    assert wb.sheetnames[:4] == ["Nhiệm vụ", "Báo cáo", "Đơn vị", "Tổng hợp"]
    tasks = wb["Nhiệm vụ"]
    header = [c.value for c in tasks[1]]
    assert header[:3] == ["Nhiệm vụ số", "Nội dung nhiệm vụ", "Đơn vị chủ trì"]
    assert tasks.freeze_panes == "C2" and tasks.auto_filter.ref.startswith("A1:")
    assert tasks.page_setup.orientation == "landscape" and tasks.print_title_rows in ("1:1", "$1:$1")
    assert len(tasks.conditional_formatting) >= 1
    rules = [r for cf in tasks.conditional_formatting for r in cf.rules]
    assert len(rules) == 3
    status_at = header.index("Tình trạng")
    statuses = [row[status_at] for row in tasks.iter_rows(min_row=2, values_only=True)]
    assert DONE_PLAIN in statuses and NO_REPORT in statuses
    reported = header.index("Ngày báo cáo")
    assert any(isinstance(row[reported], dt.datetime) for row in tasks.iter_rows(min_row=2, values_only=True))
    reports = wb["Báo cáo"]
    assert any(row[3] == "Tổ chức tập huấn cho cán bộ thôn" for row in reports.iter_rows(values_only=True))
    assert any(row[6] == "Đã ban hành Kế hoạch số 05/KH-PKT & tổ chức 3 hội nghị <phổ biến>"
               for row in reports.iter_rows(values_only=True))
    assert wb["Tổng hợp"]._charts
    assert wb["kehoach"].sheet_state == "veryHidden"


def test_statuses_edited_in_the_tracker_are_read_back_and_the_later_date_wins(xop_forms: Path, tmp_path: Path
                                                                             ) -> None:
    from openpyxl import load_workbook

    inbox = tmp_path / "nhan"
    inbox.mkdir()
    fill_xop(xop_forms, inbox)
    out = tmp_path / "out"
    tong_hop(XOP, inbox, out, day=DAY)
    path = out / "xa-xop-tong-hop" / "theo-doi.xlsx"
    wb = load_workbook(path)
    sheet = wb["Nhiệm vụ"]
    header = [c.value for c in sheet[1]]
    col = {h: header.index(h) + 1 for h in header}
    rows = list(sheet.iter_rows(min_row=2))
    silent = next(r for r in rows if r[col["Tình trạng"] - 1].value == NO_REPORT)
    silent[col["Tình trạng"] - 1].value = "Hoàn thành đúng hạn"
    silent[col["Kết quả thực hiện"] - 1].value = unicodedata.normalize("NFD", "Báo cáo qua điện thoại ngày 04/12")
    # a row a form reported on 10/12/2026: the clerk's edit, dated by the file (today), is later and wins
    dated = next(r for r in rows if r[col["Nguồn"] - 1].value == "phong-kinh-te.docx")
    dated[col["Tình trạng"] - 1].value = "đang thực hiện"
    dated[col["Ngày báo cáo"] - 1].value = dt.datetime(2026, 12, 1)  # ... unless the clerk dates it earlier
    wb.save(path)
    problems: list[str] = []
    edits = read_tracker(path, problems)
    assert problems == [] and len(edits) == 2
    r = tong_hop(XOP, inbox, out, day=DAY)
    c = r.collection
    key = (silent[col["Mã nhiệm vụ"] - 1].value, silent[col["Mã đơn vị"] - 1].value)
    changed = next(o for o in c.outcomes if (o.task.id, o.unit.id) == key)
    assert (changed.status, changed.result, changed.source) == (DONE, "Báo cáo qua điện thoại ngày 04/12",
                                                                "theo-doi.xlsx")
    key = (dated[col["Mã nhiệm vụ"] - 1].value, dated[col["Mã đơn vị"] - 1].value)
    kept = next(o for o in c.outcomes if (o.task.id, o.unit.id) == key)
    assert kept.source == "phong-kinh-te.docx"
    assert any("mới hơn chỉnh sửa trong tệp theo dõi (01/12/2026) — dùng mẫu báo cáo" in n for n in c.notes)
    # nothing lost: the edited tracker is kept, the new one carries the clerk's status
    assert (out / "xa-xop-tong-hop" / "da-sua-tay" / "theo-doi.xlsx").is_file()
    again = load_workbook(path)["Nhiệm vụ"]
    assert any(row[col["Tình trạng"] - 1] == DONE and row[col["Nguồn"] - 1] == "theo-doi.xlsx"
               for row in again.iter_rows(min_row=2, values_only=True))
    # a run with no new edit reads none
    assert read_tracker(path, []) == []


def test_an_unreadable_status_in_the_tracker_is_said(xop_forms: Path, tmp_path: Path) -> None:
    from openpyxl import load_workbook

    inbox = tmp_path / "nhan"
    inbox.mkdir()
    tong_hop(XOP, inbox, tmp_path / "out", day=DAY)
    path = tmp_path / "out" / "xa-xop-tong-hop" / "theo-doi.xlsx"
    wb = load_workbook(path)
    wb["Nhiệm vụ"]["G2"] = "hỏi lại sau"
    wb.save(path)
    problems: list[str] = []
    assert read_tracker(path, problems) == []
    assert problems == ["theo-doi.xlsx: trang Nhiệm vụ, hàng 2: không hiểu tình trạng “hỏi lại sau” — chọn trong "
                        "danh sách của ô"]


def test_bad_files_are_listed_and_nothing_stops(xop_forms: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "nhan"
    inbox.mkdir()
    (inbox / "hong.docx").write_bytes(b"PK\x03\x04 not really a zip")
    (inbox / "mat-khau.docx").write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 4096)
    big = inbox / "qua-lon.docx"
    with big.open("wb") as f:
        f.truncate(51 * 1024 * 1024)
    doc = ff.open_form(_form(xop_forms, 1))
    ff.delete_table(doc)
    ff.save(doc, inbox / "mat-bang.docx")
    (inbox / "~$phong-kinh-te.docx").write_bytes(b"lock")  # Word's lock file: not a form
    (inbox / "ghi-chu.txt").write_text("not a form")
    before = {p.name: p.read_bytes() for p in inbox.iterdir() if p.stat().st_size < 1024 * 1024}
    result = CliRunner().invoke(main, ["tong-hop", str(XOP), str(inbox), "-o", str(tmp_path / "out"),
                                       "--ngay", "05/12/2026"])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "hong.docx: tệp Word bị hỏng" in out
    assert "mat-khau.docx: tệp có mật khẩu" in out
    assert "qua-lon.docx: tệp quá lớn" in out
    assert "mat-bang.docx: không thấy bảng kết quả" in out
    assert "~$" not in out and "ghi-chu" not in out and "Traceback" not in out
    assert {p.name: p.read_bytes() for p in inbox.iterdir() if p.stat().st_size < 1024 * 1024} == before


def test_a_hand_edited_report_is_not_overwritten(xop_forms: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "nhan"
    inbox.mkdir()
    out = tmp_path / "out"
    tong_hop(XOP, inbox, out, day=DAY)
    report = out / "xa-xop-tong-hop" / "bao-cao-ket-qua.docx"
    report.write_bytes(report.read_bytes() + b"")  # untouched: a second run replaces it silently
    tong_hop(XOP, inbox, out, day=DAY)
    from docx import Document

    doc = Document(str(report))
    doc.add_paragraph("Đề xuất của Văn phòng: bổ sung kinh phí.")
    doc.save(str(report))
    edited = report.read_bytes()
    result = CliRunner().invoke(main, ["tong-hop", str(XOP), str(inbox), "-o", str(out), "--ngay", "05/12/2026"])
    assert result.exit_code == 1 and "không ghi đè các tệp đã được sửa" in result.output
    assert report.read_bytes() == edited


def test_wrong_input_exits_1_with_the_reason(tmp_path: Path) -> None:
    runner = CliRunner()
    bad_day = runner.invoke(main, ["tong-hop", str(XOP), str(tmp_path), "--ngay", "31/02/2026"])
    assert bad_day.exit_code == 1 and "--ngay “31/02/2026” không phải ngày hợp lệ" in bad_day.output
    missing = runner.invoke(main, ["tong-hop", str(XOP), str(tmp_path / "khong-co")])
    assert missing.exit_code == 1 and "không tìm thấy thư mục" in missing.output
    assert "Traceback" not in missing.output + bad_day.output


def test_forms_say_which_plan_version_and_unit_they_are(xop_forms: Path) -> None:
    plan = load_plan(XOP)
    for a in assignments(plan):
        form = read_form(_form(xop_forms, a.seq))
        assert form.props[formid.UNIT] == a.unit.id
        assert form.props[formid.PLAN] == formid.plan_key(plan)
        assert form.props[formid.VERSION] == formid.plan_version(plan)
        assert len(form.rows) == len(a.duties)


@pytest.mark.slow
def test_a_form_resaved_as_doc_by_libreoffice_is_read(xop_forms: Path, tmp_path: Path, need_soffice: None) -> None:
    """Saved as Word 97 by LibreOffice (through .odt, as a unit's LibreOffice saves it): the properties, the table
    and the marks survive."""
    from .docxread import soffice

    doc = ff.open_form(_form(xop_forms, 1))
    ff.mark(doc, 1, "Đã thực hiện", "tick")
    ff.mark(doc, 2, "Đang thực hiện", "delete")
    ff.save(doc, tmp_path / "pkt.docx")
    inbox = tmp_path / "nhan"
    inbox.mkdir()
    profile = f"-env:UserInstallation=file://{tmp_path / 'lo'}"
    for target, source, into in (("odt", tmp_path / "pkt.docx", tmp_path), ("doc:MS Word 97", tmp_path / "pkt.odt",
                                                                           inbox)):
        subprocess.run([str(soffice()), profile, "--headless", "--convert-to", target, "--outdir", str(into),
                        str(source)], check=True, capture_output=True, timeout=120)
    assert (inbox / "pkt.doc").read_bytes().startswith(b"\xd0\xcf\x11\xe0")
    form = read_form(inbox / "pkt.doc")
    assert form.problem == "" and form.props[formid.UNIT] == "phong-kinh-te"
    c = collect(load_plan(XOP), inbox, DAY)
    read = {e.row.number: e.status.status for e in c.entries}
    assert (read[1], read[2]) == (DONE_PLAIN, ONGOING)


@pytest.mark.slow
def test_libreoffice_prints_the_tracker(xop_forms: Path, tmp_path: Path, need_soffice: None) -> None:
    from .docxread import soffice

    inbox = tmp_path / "nhan"
    inbox.mkdir()
    fill_xop(xop_forms, inbox)
    tong_hop(XOP, inbox, tmp_path / "out", day=DAY)
    tracker = tmp_path / "out" / "xa-xop-tong-hop" / "theo-doi.xlsx"
    done = subprocess.run([str(soffice()), f"-env:UserInstallation=file://{tmp_path / 'lo'}", "--headless",
                           "--convert-to", "pdf", "--outdir", str(tmp_path), str(tracker)], capture_output=True,
                          timeout=120)
    assert done.returncode == 0
    assert (tmp_path / "theo-doi.pdf").stat().st_size > 1000
    assert shutil.which("pdfinfo") is None or b"Pages:" in subprocess.run(
        ["pdfinfo", str(tmp_path / "theo-doi.pdf")], capture_output=True, check=True).stdout


def test_apply_edits_names_a_row_the_plan_no_longer_has() -> None:
    from generator.tonghop.collect import Collection
    from generator.tonghop.tracker import Edit

    c = Collection(load_plan(XOP), DAY)
    apply_edits(c, [Edit("IX.9", "khong-co", 7, DONE, "", "", "", DAY)], "theo-doi.xlsx")
    assert c.problems == ["theo-doi.xlsx, hàng 7: mã nhiệm vụ/đơn vị (IX.9, khong-co) không còn trong kế hoạch — "
                          "bỏ qua hàng này"]
    assert sys.version_info >= (3, 11)


def test_kon_tum_round_trip_every_form_every_habit(tmp_path: Path) -> None:
    """The 24 Kon Tum forms, all but two returned with every row marked (five habits in turn) and a result typed:
    every status and result read as filled, the counts add up, and reminders go exactly to the two silent units
    and to the units whose dated task is overdue."""
    from generator.render.letters import statuses
    from generator.tonghop.status import OPTIONS

    out = tmp_path / "bundle"
    build_plan(KON_TUM, out)
    plan = load_plan(KON_TUM)
    inbox = tmp_path / "nhan"
    inbox.mkdir()
    every = assignments(plan)
    silent = {every[3].unit.id, every[10].unit.id}
    dated = next(t for t in plan.tasks() if "quý I/2025" in t.timeline)
    filled: dict[tuple[str, int], str] = {}
    for a in every:
        if a.unit.id in silent:
            continue
        options = [statuses(d.task, plan.date.year) for d in a.duties]
        late_row = {n: "Đang thực hiện, quá hạn" for n, d in enumerate(a.duties, 1) if d.task == dated and a.seq % 2}
        form = out / "kon-tum" / "bao-cao" / f"{a.slug}.docx"
        chosen = ff.fill_every_row(form, inbox / f"bc-{a.seq}.docx", options, a.seq, late_row)
        filled.update({(a.unit.id, n): OPTIONS[o] for n, o in enumerate(chosen, 1)})
    c = collect(plan, inbox, DAY)
    assert c.problems == [p for p in c.problems if "đã quá hạn" in p]  # nothing unreadable, only overdue notes
    assert {(e.unit.id, e.row.number): e.status.status for e in c.entries} == filled
    assert all(e.row.result.startswith("Kết quả dòng ") and e.row.result.endswith("& báo cáo <đợt 1>")
               for e in c.entries)
    assert all(e.task is not None for e in c.entries)
    assert set(c.reported) == {a.unit.id for a in every} - silent
    lead_rows = sum(len(a.leads) for a in every)
    assert len(c.outcomes) == lead_rows
    assert sum(1 for o in c.outcomes if o.status == NO_REPORT) == sum(len(a.leads) for a in every
                                                                       if a.unit.id in silent)
    from generator.tonghop.documents import reminder_units

    owed = {a.unit.id for a, _, _ in reminder_units(c)}
    late = {o.unit.id for o in c.outcomes if c.overdue(o)}
    assert owed == silent | late
    assert late  # the task due in quý I/2025 is overdue for the leads that marked it "đang thực hiện, quá hạn"
    assert all(o.status not in (DONE, DONE_PLAIN) for o in c.outcomes if c.overdue(o))


def test_a_form_sent_before_the_table_changed_is_read_and_said(xop_forms: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "nhan"
    inbox.mkdir()
    doc = ff.open_form(_form(xop_forms, 1))
    ff.set_property(doc, formid.VERSION, "0000000000000000")
    ff.mark(doc, 1, "Đã thực hiện", "tick")
    ff.save(doc, inbox / "cu.docx")
    c = collect(load_plan(XOP), inbox, DAY)
    assert any(n.startswith("cu.docx: mẫu gửi trước khi bảng nhiệm vụ của kế hoạch thay đổi") for n in c.notes)
    assert c.entries[0].status.status == DONE_PLAIN


def test_an_unknown_unit_and_a_doubly_ticked_status_are_listed(xop_forms: Path, tmp_path: Path) -> None:
    inbox = tmp_path / "nhan"
    inbox.mkdir()
    doc = ff.open_form(_form(xop_forms, 1))
    ff.drop_properties(doc)
    header = doc.tables[0].rows[0].cells[0]
    ff._set_text(header.paragraphs[1], "BAN QUẢN LÝ CHỢ")  # a body the plan does not know
    intro = next(p for p in doc.paragraphs if p.text.startswith("Thực hiện"))
    ff._set_text(intro, intro.text.replace("Phòng Kinh tế báo cáo", "Ban Quản lý chợ báo cáo"))
    ff.save(doc, inbox / "cho.docx")
    doc = ff.open_form(_form(xop_forms, 2))
    ff.mark(doc, 1, "Đã thực hiện", "tick")
    ff.mark(doc, 1, "Chưa thực hiện", "tick")
    ff.save(doc, inbox / "vhxh.docx")
    c = collect(load_plan(XOP), inbox, DAY)
    assert any(p.startswith("cho.docx: không xác định được đơn vị gửi (tiêu đề: UBND XÃ XỐP / BAN QUẢN LÝ CHỢ)")
               for p in c.problems)
    assert "vhxh.docx: hàng 1 (nhiệm vụ số 1 Mục I): đánh dấu nhiều tình trạng: Hoàn thành, Chưa thực hiện — sửa " \
           "trong mẫu hoặc ghi tình trạng vào tệp theo dõi" in c.problems
    assert c.entries[0].status.status is None


def test_an_older_folder_of_restyled_templates_still_collects(tmp_path: Path) -> None:
    """A clerk's --templates folder made before ket-qua.docx existed: the report falls back to the default
    template (said), the reminders use the clerk's cong-van.docx."""
    templates = tmp_path / "mau"
    shutil.copytree(ROOT / "templates", templates)
    (templates / "ket-qua.docx").unlink()
    inbox = tmp_path / "nhan"
    inbox.mkdir()
    r = tong_hop(XOP, inbox, tmp_path / "out", day=DAY, templates=templates)
    assert any("không có mẫu ket-qua.docx — báo cáo kết quả dùng mẫu mặc định" in n for n in r.collection.notes)
    assert (tmp_path / "out" / "xa-xop-tong-hop" / "bao-cao-ket-qua.docx").is_file()


def test_a_blank_form_sent_back_is_not_a_report(xop_forms: Path, tmp_path: Path) -> None:
    """The unit returned the form untouched (or the bundle's blank forms were copied in): listed, the unit still
    owed a report and a reminder."""
    inbox = tmp_path / "nhan"
    inbox.mkdir()
    shutil.copy(_form(xop_forms, 1), inbox / "pkt.docx")
    c = collect(load_plan(XOP), inbox, DAY)
    assert c.reported == {} and c.entries == []
    assert c.problems == ["pkt.docx: mẫu của Phòng Kinh tế chưa điền (không dòng nào có tình trạng hay kết quả) — "
                          "chưa tính là đã báo cáo"]


def test_a_row_of_a_table_of_targets_is_cited_as_a_chi_tieu_and_read_back(tmp_path: Path) -> None:
    """Bắc Ninh 144's "Chỉ tiêu" table: its rows are "Chỉ tiêu số 1 Mục I" in the letter and the form (a target
    is no "nhiệm vụ"), and the form filled in comes back to that row."""
    plan_file = ROOT / "plan_data" / "vi-du" / "bac-ninh-144-kh-ubnd-2025.yaml"
    out = tmp_path / "out"
    build_plan(plan_file, out)
    bundle = out / plan_file.stem
    form = next((bundle / "bao-cao").glob("01-*.docx"))
    doc = ff.open_form(form)
    first = ff.data_row(doc, 1).cells[1].text
    assert first.startswith("Chỉ tiêu số 1 Mục I:"), first
    ff.mark(doc, 1, "Đã thực hiện", "tick")
    inbox = tmp_path / "nhan"
    inbox.mkdir()
    ff.save(doc, inbox / form.name)
    c = collect(load_plan(plan_file), inbox, DAY)
    [entry] = [e for e in c.entries if e.status.status]
    assert entry.task is not None and entry.task.content[0].startswith("Kinh tế số chiếm 45% GRDP tỉnh")
    assert entry.status.status == DONE_PLAIN  # no deadline in this table: done, not "on time"
