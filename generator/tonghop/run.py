"""``kehoach tong-hop``: the returned forms and the clerk's tracker in, the consolidated report, the tracker and
the reminders out — written with the same no-loss rules as ``build`` (staged, swapped in whole, hand-edited
files never overwritten; the tracker's own edits are read first, then it is replaced and the edited copy kept).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from ..bundle import OutFile, WriteResult, write_bundle
from ..errors import KehoachError, display_path
from ..load import load_plan
from ..render.engine import default_templates
from ..render.organisation import cite_tasks
from ..vn import file_slug, short_date
from .collect import Collection, collect
from .documents import reminder_units, render_reminder, render_report
from .status import DONE_ALL
from .tracker import Edit, read_tracker, write_tracker

REPORT, TRACKER, REMINDERS = "bao-cao-ket-qua.docx", "theo-doi.xlsx", "don-doc"


class CollectError(KehoachError):
    pass


@dataclass
class Result:
    collection: Collection
    written: WriteResult
    reminders: int


def parse_day(what: str, value: str | None) -> dt.date | None:
    """``dd/mm/yyyy`` (or with . or -) -> a date; a wrong one is told with an example (a KehoachError: exit 1)."""
    if value is None or not value.strip():
        return None
    m = re.fullmatch(r"\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*", value)
    try:
        if m:
            return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
    except ValueError:
        pass
    raise CollectError(f"{what} “{value[:40]}” không phải ngày hợp lệ — ghi theo dạng ngày/tháng/năm, ví dụ "
                       "05/12/2026")


def inbox_folder(out_root: Path, plan_path: Path) -> Path:
    """Where the web page keeps the forms uploaded for a plan: ``output/xa-xop-bao-cao-nhan``."""
    return out_root / f"{file_slug(plan_path.stem)}-bao-cao-nhan"


def output_folder(out_root: Path, plan_path: Path) -> Path:
    """``output/xa-xop-tong-hop`` for ``plan_data/xa-xop.yaml`` (beside the bundle, never inside it)."""
    return out_root / f"{file_slug(plan_path.stem)}-tong-hop"


def summary(result: Result) -> str:
    """The one line a clerk reads after a collection (the CLI prints it after the file name; the web page shows it)."""
    c = result.collection
    done = sum(1 for o in c.outcomes if o.status in DONE_ALL)
    late = sum(1 for o in c.outcomes if c.overdue(o))
    return (f"đã đọc {c.files} tệp: {len(c.reported)}/{len(c.expected)} đơn vị đã báo cáo, {len(c.entries)} dòng; "
            f"{done}/{len(c.outcomes)} lượt nhiệm vụ hoàn thành, {late} quá hạn; {len(c.problems)} vấn đề cần xem; "
            f"{result.reminders} công văn đôn đốc")


def apply_edits(c: Collection, edits: list[Edit], source: str) -> None:
    """The clerk's updates in the tracker: where its date is not older than the form's, the tracker's wins."""
    by_key = {(e.task, e.unit): e for e in edits}
    for i, o in enumerate(c.outcomes):
        e = by_key.pop((o.task.id, o.unit.id), None)
        if e is None:
            continue
        where = f"{source}, hàng {e.row}: {cite_tasks([o.task], c.plan)} ({o.unit.name})"
        if o.reported is not None and o.reported > e.reported:
            c.notes.append(f"{where}: mẫu báo cáo {o.source} ({short_date(o.reported)}) mới hơn chỉnh sửa trong tệp "
                           f"theo dõi ({short_date(e.reported)}) — dùng mẫu báo cáo")
            continue
        c.outcomes[i] = dataclasses.replace(o, status=e.status, result=e.result, figures=e.figures,
                                            difficulties=e.difficulties, reported=e.reported, source=source)
        c.notes.append(f"{where}: dùng tình trạng ghi trong tệp theo dõi “{e.status}” ({short_date(e.reported)})")
    for e in by_key.values():
        c.problems.append(f"{source}, hàng {e.row}: mã nhiệm vụ/đơn vị ({e.task}, {e.unit}) không còn trong kế hoạch "
                          "— bỏ qua hàng này")


def tong_hop(plan_path: Path, reports: Path, out_root: Path, *, day: dt.date, due: dt.date | None = None,
             templates: Path | None = None, force: bool = False) -> Result:
    plan = load_plan(plan_path)
    if not reports.is_dir():
        what = "không phải thư mục" if reports.exists() else "không tìm thấy thư mục"
        raise CollectError(f"{display_path(reports)}: {what} — ghi thư mục chứa các mẫu báo cáo đơn vị đã gửi về "
                           "(.docx, .doc, .odt)")
    folder = output_folder(out_root, plan_path)
    c = collect(plan, reports, day)
    tracker = folder / TRACKER
    if tracker.is_file():
        apply_edits(c, read_tracker(tracker, c.problems), TRACKER)
    report_templates = templates or default_templates()
    if templates is not None and not (templates / "ket-qua.docx").exists():
        # a folder of restyled templates made before this document existed: the report in the default style
        c.notes.append(f"{display_path(templates)} không có mẫu ket-qua.docx — báo cáo kết quả dùng mẫu mặc định "
                       "(chép templates/ket-qua.docx vào thư mục đó để chỉnh)")
        report_templates = default_templates()
    templates = templates or default_templates()
    files = [OutFile(REPORT, "bao-cao-ket-qua", render_report(c, report_templates)),
             OutFile(TRACKER, "theo-doi", write_tracker(c))]
    owed = reminder_units(c)
    for a, late, silent in owed:
        data = render_reminder(c, a, late, silent, due or day + dt.timedelta(days=7), templates)
        files.append(OutFile(f"{REMINDERS}/{a.slug}.docx", "don-doc", data, a.unit.id))
    written = write_bundle(folder, files, plan_source=plan_path.name, force=force, consumed=frozenset({TRACKER}))
    return Result(c, written, len(owed))
