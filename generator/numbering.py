"""How the rows of a task table are numbered, in each style real plans use.

    theo_muc  sections I, II …; tasks 1, 2 … again in each section      ids I.1, II.1
    lien_tuc  sections I, II …; tasks 1 … n across the whole table      ids 1 … n
    hai_cap   sections 1, 2 …; tasks 1.1, 1.2 … under them             ids 1.1, 2.1
    nhu_in    every number as the received table prints it (A, I, 1.1, a number again after a sub-heading);
              ids as theo_muc, a repeated number made unique with "_2"      ids I.1, I.1_2, A, I, I_2
Groups' sub-tasks are a), b) … in every style (id IV.1.a, 5.a, 1.1.a); a task's stacked sub-rows share its
number (ids II.3, II.3-2, II.3-3). An id is what a clerk writes in ``sua``/``sau``; ``place`` reads it back as
the Phụ lục prints it, for citations ("điểm a nhiệm vụ số 1 Mục IV", "nhiệm vụ số 5", "nhiệm vụ 1.1").
"""

from __future__ import annotations

import re

from .vn import point_letter, roman

STYLES = ("theo_muc", "lien_tuc", "hai_cap", "nhu_in")
_ROMAN = re.compile(r"[IVXLCDM]+")


def section_label(style: str, index: int) -> str:
    return str(index + 1) if style == "hai_cap" else roman(index + 1)


def task_label(style: str, section: str, index: int, running: int) -> str:
    """The STT cell of the ``index``-th task of ``section`` (``running``: its place in the whole table, from 1)."""
    if style == "lien_tuc":
        return str(running)
    if style == "hai_cap":
        return f"{printed(section)}.{index + 1}"
    return str(index + 1)


def task_id(style: str, section: str, label: str) -> str:
    """The id of the task printed ``label`` under the section ``section`` (whose id carries any PLII. prefix)."""
    if style in ("theo_muc", "nhu_in"):
        return f"{section}.{label}"
    m = _ANNEX.match(section)
    return (m.group(0) if m else "") + label


def unique(row_id: str, taken: set[str]) -> str:
    """``row_id``, or ``row_id_2``, ``_3`` … when a table printing its own numbers repeats one (nhu_in)."""
    out, n = row_id, 2
    while out in taken:
        out, n = f"{row_id}_{n}", n + 1
    taken.add(out)
    return out


def sub_id(group: str, index: int) -> str:
    return f"{group}.{point_letter(index)}"


def subrow_id(first: str, index: int) -> str:
    """The ``index``-th (0-based) stacked sub-row of the task ``first``: the first keeps the task's id."""
    return first if index == 0 else f"{first}-{index + 1}"


_ANNEX = re.compile(r"PL([IVXLCDM]+)\.")
_UNIQUE = re.compile(r"_\d+$")


def annex_prefix(index: int, count: int) -> str:
    """Ids of a plan with several appendices start with their appendix: PLI.II.3, PLII.1 …"""
    return f"PL{roman(index + 1)}." if count > 1 else ""


def annex(task_id: str) -> str:
    """The appendix a row id belongs to ("II" for PLII.I.3), "" for a plan with one appendix."""
    m = _ANNEX.match(task_id)
    return m.group(1) if m else ""


def printed(row_id: str) -> str:
    """A section's or task's id as its STT cell prints it (no appendix prefix): PLII.I -> I."""
    return _ANNEX.sub("", row_id, count=1)


def place(task_id: str) -> tuple[str, str, str]:
    """(section, number, letter) as printed: IV.1.a -> ("IV", "1", "a"); 5.a -> ("", "5", "a");
    1.1 -> ("", "1.1", ""); II.3-2 (a sub-row) -> ("II", "3", "")."""
    parts = [_UNIQUE.sub("", p) for p in printed(task_id).split("-")[0].split(".")]
    section = parts.pop(0) if len(parts) > 1 and _ROMAN.fullmatch(parts[0]) else ""
    letter = parts.pop() if len(parts) > 1 and not parts[-1].isdigit() else ""
    return section, ".".join(parts), letter


def called(task_id: str) -> str:
    """A task's id as messages name it: ``IV.1.a``; a stacked sub-row ``II.3 (dòng thứ 2)``."""
    base, _, sub = task_id.partition("-")
    return f"{base} (dòng thứ {sub})" if sub else base
