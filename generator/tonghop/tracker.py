"""theo-doi.xlsx, the standing body's tracker: written from the collection, and read back when the clerk has
updated statuses in it by hand (the later date wins over a form's, and the choice is said).

Sheets: "Nhiệm vụ" (one row per task and lead unit, the one a clerk filters and updates), "Báo cáo" (every row of
every returned form, matched or not: nothing a unit wrote is lost), "Đơn vị" (who reported, counts by status),
"Tổng hợp" (counts and a chart). A very hidden sheet keeps what kehoach wrote in "Nhiệm vụ", so that a later run
tells the clerk's edits from its own values.
"""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..render.ooxml import normalize_docx
from ..render.organisation import cite_tasks
from ..vn import nfc, short_date, upper_first
from .collect import Collection, Outcome, task_deadline
from .status import DONE_ALL, NO_REPORT, OPTIONS, STATUSES, from_words

TASKS, REPORTS, UNITS, SUMMARY, ORIGINAL = "Nhiệm vụ", "Báo cáo", "Đơn vị", "Tổng hợp", "kehoach"
OVERDUE = "Quá hạn"
# "Nhiệm vụ": header, width (characters); the editable columns are the status and the texts after it.
TASK_COLUMNS = (
    ("Nhiệm vụ số", 13), ("Nội dung nhiệm vụ", 48), ("Đơn vị chủ trì", 20), ("Đơn vị phối hợp", 20),
    ("Thời hạn", 13), ("Hạn (ngày)", 11), ("Tình trạng", 15), ("Kết quả thực hiện", 40), ("Số liệu đạt được", 12),
    ("Khó khăn, vướng mắc, đề xuất", 22), ("Ngày báo cáo", 11), ("Quá hạn", 8), ("Nguồn", 20),
    ("Mã nhiệm vụ", 10), ("Mã đơn vị", 16),
)
PRINTED = 12  # "Nhiệm vụ" prints up to "Quá hạn"; the source and the keys are for the machine
EDITABLE = ("Tình trạng", "Kết quả thực hiện", "Số liệu đạt được", "Khó khăn, vướng mắc, đề xuất", "Ngày báo cáo")
REPORT_COLUMNS = (
    ("Đơn vị", 24), ("Vai trò", 10), ("Nhiệm vụ số", 16), ("Nội dung (như mẫu báo cáo)", 50), ("Tình trạng", 20),
    ("Cách ghi tình trạng", 16), ("Kết quả thực hiện", 50), ("Số liệu đạt được", 18),
    ("Khó khăn, vướng mắc, đề xuất", 30), ("Tệp", 28), ("Hàng", 6), ("Ngày báo cáo", 12),
)


def _col(name: str) -> int:
    return [h for h, _ in TASK_COLUMNS].index(name) + 1


def _letter(name: str) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(_col(name)))


def task_row(c: Collection, o: Outcome) -> list[Any]:
    year = c.plan.date.year
    partners = "; ".join(c.plan.unit(u).name for u in o.task.partners)
    return [upper_first(cite_tasks([o.task], c.plan)), "\n".join(o.task.content), o.unit.name, partners,
            o.task.timeline, task_deadline(o.task, year), o.status, o.result, o.figures, o.difficulties, o.reported,
            OVERDUE if c.overdue(o) else "", o.source, o.task.id, o.unit.id]


def write_tracker(c: Collection) -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.title = TASKS
    rows = [task_row(c, o) for o in c.outcomes]
    _table(sheet, TASK_COLUMNS, rows, dates=("Hạn (ngày)", "Ngày báo cáo"))
    sheet.print_area = f"A1:{_letter('Quá hạn')}{len(rows) + 1}"
    _task_rules(sheet, len(rows))
    _reports(wb.create_sheet(REPORTS), c)
    _units(wb.create_sheet(UNITS), c)
    _summary(wb.create_sheet(SUMMARY), c)
    original = wb.create_sheet(ORIGINAL)
    original.sheet_state = "veryHidden"
    original.append(["Mã nhiệm vụ", "Mã đơn vị", *EDITABLE])
    for row in rows:
        original.append([row[_col("Mã nhiệm vụ") - 1], row[_col("Mã đơn vị") - 1],
                         *(row[_col(h) - 1] for h in EDITABLE)])
    wb.properties.creator = c.plan.issuer.name
    wb.properties.title = f"Theo dõi thực hiện {c.plan.kind} {c.plan.subject}"[:250]
    stamp = dt.datetime(c.day.year, c.day.month, c.day.day)
    wb.properties.created = wb.properties.modified = stamp  # the same input gives the same file
    buf = io.BytesIO()
    wb.save(buf)
    return normalize_docx(buf.getvalue())  # a fixed order and timestamp for any OOXML package


def _styles(wb: Any) -> None:
    """Named cell styles, registered once per workbook: a style per cell costs seconds on a large tracker."""
    from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

    thin = Side(style="thin", color="808080")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    head = NamedStyle(name=HEAD, font=Font(name="Times New Roman", bold=True, size=12), border=border,
                      alignment=Alignment(horizontal="center", vertical="center", wrap_text=True),
                      fill=PatternFill("solid", fgColor="DDEBF7"))
    cell = NamedStyle(name=CELL, font=Font(name="Times New Roman", size=12), border=border,
                      alignment=Alignment(vertical="top", wrap_text=True))
    date = NamedStyle(name=DATE, font=Font(name="Times New Roman", size=12), border=border,
                      alignment=Alignment(horizontal="center", vertical="top"), number_format="dd/mm/yyyy")
    for style in (head, cell, date):
        wb.add_named_style(style)


HEAD, CELL, DATE = "kehoach tiêu đề", "kehoach ô", "kehoach ngày"


def _table(sheet: Any, columns: tuple[tuple[str, int], ...], rows: list[list[Any]], dates: tuple[str, ...] = ()
           ) -> None:
    from openpyxl.utils import get_column_letter

    if HEAD not in sheet.parent.named_styles:
        _styles(sheet.parent)
    sheet.append([h for h, _ in columns])
    for cell in sheet[1]:
        cell.style = HEAD
    for row in rows:
        sheet.append(row)
    date_columns = {i for i, (h, _) in enumerate(columns, 1) if h in dates}
    for line in sheet.iter_rows(min_row=2):
        for cell in line:
            cell.style = DATE if cell.column in date_columns else CELL
    for i, (_, width) in enumerate(columns, 1):
        sheet.column_dimensions[get_column_letter(i)].width = width
    for index, line in enumerate(sheet.iter_rows(), 1):  # spreadsheet programs do not size wrapped rows on open
        lines = max(_lines(cell.value, columns[cell.column - 1][1] // (2 if index == 1 else 1)) for cell in line)
        sheet.row_dimensions[index].height = 16 * lines + (4 if index == 1 else 0)
    last = get_column_letter(len(columns))
    sheet.freeze_panes = "C2" if len(columns) > 6 else "A2"
    sheet.auto_filter.ref = f"A1:{last}{max(2, len(rows) + 1)}"
    sheet.print_title_rows = "1:1"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.gridLines = False


def _lines(value: Any, width: int) -> int:
    """Printed lines of a cell's text at a column ``width`` units wide (12 pt Times fits ~1.45 characters per unit)."""
    if value is None or isinstance(value, (dt.date, int, float)):
        return 1
    per_line = max(1, int(width * 1.45))
    return min(40, sum(max(1, -(-len(part) // per_line)) for part in str(value).split("\n")))


def _task_rules(sheet: Any, count: int) -> None:
    """Overdue rows red, due within 30 days yellow, done green; the status column offers the vocabulary."""
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.styles import PatternFill
    from openpyxl.worksheet.datavalidation import DataValidation

    last = max(2, count + 1)
    span = f"A2:{_letter('Mã đơn vị')}{last}"
    status, due, late = (f"${_letter(h)}2" for h in ("Tình trạng", "Hạn (ngày)", "Quá hạn"))
    done = "OR(" + ",".join(f'{status}="{s}"' for s in DONE_ALL) + ")"
    soon = f'AND(ISNUMBER({due}),{due}>=TODAY(),{due}-TODAY()<=30,NOT({done}))'
    for formula, colour in ((f'{late}="{OVERDUE}"', "F4CCCC"), (done, "D9EAD3"), (soon, "FFF2CC")):
        rule = FormulaRule(formula=[formula], stopIfTrue=True,  # type: ignore[no-untyped-call]  # stubs leave it bare
                           fill=PatternFill("solid", bgColor=colour))
        sheet.conditional_formatting.add(span, rule)
    choices = DataValidation(type="list", formula1='"' + ",".join(s.replace(",", "") for s in STATUSES) + '"',
                             allow_blank=True, showErrorMessage=False)
    choices.prompt = "Chọn hoặc ghi tình trạng"
    sheet.add_data_validation(choices)
    choices.add(f"{_letter('Tình trạng')}2:{_letter('Tình trạng')}{last}")


def _reports(sheet: Any, c: Collection) -> None:
    rows = [[e.unit.name, e.role, upper_first(cite_tasks([e.task], c.plan)) if e.task else "", "\n".join(
        x for x in (e.row.cite, e.row.content) if x), e.status.status or (e.status.problem and "?") or "",
        e.status.how or e.status.problem, e.row.result, e.row.figures, e.row.difficulties, e.file, e.row.number,
        e.reported] for e in c.entries]
    _table(sheet, REPORT_COLUMNS, rows, dates=("Ngày báo cáo",))


def _units(sheet: Any, c: Collection) -> None:
    columns = (("Đơn vị", 34), ("Nhiệm vụ chủ trì", 12), *((s, 12) for s in STATUSES), (OVERDUE, 10),
               ("Ngày gửi báo cáo", 14))
    rows = []
    for unit in dict.fromkeys(o.unit for o in c.outcomes):
        mine = [o for o in c.outcomes if o.unit == unit]
        counts = Counter(o.status for o in mine)
        rows.append([unit.name, len(mine), *(counts.get(s, 0) for s in STATUSES),
                     sum(1 for o in mine if c.overdue(o)), c.reported.get(unit.id)])
    _table(sheet, columns, rows, dates=("Ngày gửi báo cáo",))


def _summary(sheet: Any, c: Collection) -> None:
    from openpyxl.chart import BarChart, Reference

    counts = Counter(o.status for o in c.outcomes)
    rows = [[s, counts.get(s, 0)] for s in STATUSES]
    rows.append(["Tổng số", len(c.outcomes)])
    rows.append([OVERDUE, sum(1 for o in c.outcomes if c.overdue(o))])
    _table(sheet, (("Tình trạng", 30), ("Số nhiệm vụ (theo đơn vị chủ trì)", 20)), rows)
    sheet.freeze_panes = None
    sheet.auto_filter.ref = None
    chart = BarChart()
    chart.type = "bar"
    chart.title = f"Tình trạng thực hiện đến ngày {short_date(c.day)}"
    chart.y_axis.title = "Số nhiệm vụ"
    chart.legend = None
    chart.add_data(Reference(sheet, min_col=2, min_row=1, max_row=len(STATUSES) + 1), titles_from_data=True)
    chart.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=len(STATUSES) + 1))
    chart.width, chart.height = 18, 9
    sheet.add_chart(chart, "D2")


@dataclass(frozen=True)
class Edit:
    """A row of "Nhiệm vụ" the clerk changed by hand since kehoach wrote it."""

    task: str
    unit: str
    row: int
    status: str
    result: str
    figures: str
    difficulties: str
    reported: dt.date


def read_tracker(path: Path, problems: list[str]) -> list[Edit]:
    """The clerk's edits in ``path`` (rows whose editable cells differ from what kehoach wrote), dated by the
    "Ngày báo cáo" cell when the clerk changed it, else by the file's time; unreadable parts go to ``problems``."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, data_only=True)
    except Exception as exc:
        problems.append(f"{path.name}: không đọc được tệp theo dõi ({type(exc).__name__}) — bỏ qua; các báo cáo "
                        "vẫn được tổng hợp")
        return []
    if TASKS not in wb.sheetnames:
        problems.append(f"{path.name}: không có trang “{TASKS}” — bỏ qua tệp theo dõi")
        return []
    written = _written(wb)
    saved = dt.date.fromtimestamp(path.stat().st_mtime)
    headers = [str(c.value or "").strip() for c in wb[TASKS][1]]
    out = []
    for number, line in enumerate(wb[TASKS].iter_rows(min_row=2, values_only=True), 2):
        cells = dict(zip(headers, line, strict=False))
        key = (_text(cells.get("Mã nhiệm vụ")), _text(cells.get("Mã đơn vị")))
        values = [_value(cells.get(h)) for h in EDITABLE]
        if not all(key) or values == written.get(key):
            continue
        status = _status(_text(cells.get("Tình trạng")))
        if status is None:
            problems.append(f"{path.name}: trang {TASKS}, hàng {number}: không hiểu tình trạng "
                            f"“{_text(cells.get('Tình trạng'))}” — chọn trong danh sách của ô")
            continue
        day = cells.get("Ngày báo cáo")
        changed_day = written.get(key) is None or _value(day) != written[key][-1]
        when = day.date() if changed_day and isinstance(day, dt.datetime) else saved
        result, figures, difficulties = (_text(cells.get(h)) for h in EDITABLE[1:4])
        out.append(Edit(key[0], key[1], number, status, result, figures, difficulties, when))
    return out


def _written(wb: Any) -> dict[tuple[str, str], list[Any]]:
    if ORIGINAL not in wb.sheetnames:
        return {}
    out = {}
    for line in wb[ORIGINAL].iter_rows(min_row=2, values_only=True):
        out[(_text(line[0]), _text(line[1]))] = [_value(v) for v in line[2:2 + len(EDITABLE)]]
    return out


def _text(value: Any) -> str:
    """A cell as text, NFC (a Vietnamese keyboard set to "Unicode tổ hợp" types decomposed letters)."""
    return "" if value is None else nfc(str(value)).strip()


def _value(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.date()
    return _text(value)


def _status(text: str) -> str | None:
    if not text:
        return NO_REPORT
    exact = {s.replace(",", ""): s for s in STATUSES} | {s: s for s in STATUSES} | OPTIONS
    return exact.get(text) or exact.get(text.replace(",", "")) or from_words(text)
