"""Filling kehoach's blank report forms the ways units really do (test helper for ``kehoach tong-hop``).

Each function edits a python-docx Document of a form produced by ``kehoach build``: a status ticked (☒, "x"),
the other options deleted, the option put in bold, or the status typed in words; results and figures typed; the
date line filled; a row added; two status cells merged; the form's properties removed or changed.
"""

from __future__ import annotations

import copy
import io
from pathlib import Path
from typing import Any

from docx import Document
from docx.oxml.ns import qn

from generator.tonghop.status import fold


def open_form(path: Path) -> Any:
    return Document(str(path))


def save(doc: Any, path: Path) -> None:
    buf = io.BytesIO()
    doc.save(buf)
    path.write_bytes(buf.getvalue())


def results_table(doc: Any) -> Any:
    return next(t for t in doc.tables if any("Tình trạng" in c.text for c in t.rows[0].cells))


def column(table: Any, word: str) -> int:
    return next(i for i, c in enumerate(table.rows[0].cells) if word in c.text)


def data_row(doc: Any, n: int) -> Any:
    """The n-th task row (1-based) of the results table."""
    return results_table(doc).rows[n]


def _cell(doc: Any, n: int, word: str) -> Any:
    table = results_table(doc)
    return table.rows[n].cells[column(table, word)]


def _set_text(paragraph: Any, text: str) -> None:
    for run in paragraph.runs[1:]:
        run._r.getparent().remove(run._r)
    if paragraph.runs:
        paragraph.runs[0].text = text
    else:
        paragraph.add_run(text)


def mark(doc: Any, n: int, option: str, how: str) -> None:
    """Mark ``option`` in row ``n``'s status cell: "tick" (□ -> ☒), "x" ("x" typed before the box), "delete"
    (the other options deleted), "bold" (the option in bold), "words" (the cell replaced by ``option`` typed)."""
    cell = _cell(doc, n, "Tình trạng")
    paragraphs = list(cell.paragraphs)
    if how == "words":
        for p in paragraphs[1:]:
            p._p.getparent().remove(p._p)
        _set_text(paragraphs[0], option)
        return
    target = next(p for p in paragraphs if fold(p.text).endswith(fold(option)))
    if how == "tick":
        _set_text(target, target.text.replace("□", "☒"))
    elif how == "x":
        _set_text(target, "x " + target.text)
    elif how == "delete":
        for p in paragraphs:
            if p is not target:
                p._p.getparent().remove(p._p)
    elif how == "bold":
        for run in target.runs:
            run.bold = True
    else:
        raise ValueError(how)


def write(doc: Any, n: int, word: str, text: str) -> None:
    """Type ``text`` into row ``n``'s column headed with ``word`` ("Kết quả", "Khó khăn")."""
    cell = _cell(doc, n, word)
    first = cell.paragraphs[0]
    if word == "Kết quả" and first.text.startswith("Số liệu"):
        first.insert_paragraph_before(text)
    else:
        _set_text(first, (first.text + " " + text).strip())


def figures(doc: Any, n: int, text: str) -> None:
    cell = _cell(doc, n, "Kết quả")
    line = next((p for p in cell.paragraphs if p.text.startswith("Số liệu đạt được")), None)
    if line is None:
        cell.add_paragraph(f"Số liệu đạt được: {text}")
    else:
        _set_text(line, f"{line.text} {text}")


def date_line(doc: Any, day: int, month: int, year: int) -> None:
    for table in doc.tables[:1]:
        for row in table.rows:
            for cell in row.cells:
                for p in cell.paragraphs:
                    if "ngày" in p.text and "năm" in p.text:
                        place = p.text.split(",")[0]
                        _set_text(p, f"{place}, ngày {day:02d} tháng {month} năm {year}")
                        return
    raise AssertionError("no date line")


def add_row(doc: Any, content: str, status: str, result: str) -> None:
    """A row the unit added under the last one (a task of its own initiative)."""
    table = results_table(doc)
    last = table.rows[-1]._tr
    new = copy.deepcopy(last)
    last.addnext(new)
    row = table.rows[-1]
    texts = {"STT": str(len(table.rows) - 1), "Nhiệm vụ": content, "Tình trạng": status, "Kết quả": result}
    for i, cell in enumerate(row.cells):
        header = table.rows[0].cells[i].text
        value = next((v for k, v in texts.items() if header.startswith(k)), "")
        for p in cell.paragraphs[1:]:
            p._p.getparent().remove(p._p)
        _set_text(cell.paragraphs[0], value)


def merge_status(doc: Any, first: int, option: str) -> None:
    """Rows ``first`` and ``first + 1`` share one status cell, marked once (a unit merging cells in Word)."""
    table = results_table(doc)
    i = column(table, "Tình trạng")
    top, below = table.rows[first].cells[i], table.rows[first + 1].cells[i]
    mark(doc, first, "☒ " + option, "words")
    for tc, value in ((top._tc, "restart"), (below._tc, None)):
        vmerge = tc.get_or_add_tcPr().makeelement(qn("w:vMerge"), {})
        if value:
            vmerge.set(qn("w:val"), value)
        tc.get_or_add_tcPr().append(vmerge)
    for p in below.paragraphs[1:]:
        p._p.getparent().remove(p._p)
    _set_text(below.paragraphs[0], "")


def drop_properties(doc: Any) -> None:
    """The form as retyped or copied into a new document: no custom properties left."""
    package = doc.part.package
    for rid, rel in list(package.rels.items()):
        if rel.reltype.endswith("/custom-properties"):
            package.rels.pop(rid)


def set_property(doc: Any, name: str, value: str) -> None:
    from generator.render.ooxml import custom_properties, set_custom_properties

    props = custom_properties(doc)
    props[name] = value
    set_custom_properties(doc, props)


def delete_table(doc: Any) -> None:
    table = results_table(doc)
    table._tbl.getparent().remove(table._tbl)


HABITS = ("tick", "x", "delete", "bold", "words")


def fill_every_row(form: Path, target: Path, options: list[tuple[str, ...]], seed: int,
                   override: dict[int, str] | None = None) -> list[str]:
    """Every row of ``form`` marked, the habit and the option turning with the row (and ``seed``; ``override``
    row -> option), a result typed in each; returns the option chosen per row (``options``: those each row prints)."""
    doc = open_form(form)
    chosen = []
    for n, printed in enumerate(options, 1):
        option = (override or {}).get(n) or printed[(n + seed) % len(printed)]
        habit = HABITS[(n + seed) % len(HABITS)]
        mark(doc, n, option, habit)
        write(doc, n, "Kết quả", f"Kết quả dòng {n}: đã triển khai & báo cáo <đợt 1>")
        chosen.append(option)
    save(doc, target)
    return chosen
