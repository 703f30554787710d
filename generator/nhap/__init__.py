"""A received Word plan -> plan file data (``kehoach nhap``), in stages a newcomer can follow:

1. ``word``: the file as blocks — paragraphs (text, lines, bold, Word numbering) and tables (rows of cells on
   the table's grid, merges told);
2. ``columns`` and ``rows``: a task table's header and the role of each column; each row classified by small
   rules, one per clerk habit (repeated header, numbers row, empty, section or group heading, task);
3. ``table`` and ``appendix``: sections, groups, tasks and stacked sub-rows assembled from the rows, a table
   continued in later tables joined, the numbering style the printed numbers follow;
4. ``units``: lead and partner cells split and resolved to units;
5. ``header``, ``body``, ``attachment`` and ``reader``: the ND30 parts around the table, and where each part is
   in the file;
6. ``output``: the plan file's data, and the ``Plan`` read from it once by the loader every plan file goes
   through (so an imported plan gets the same defaults, numbering and ``validate`` as any other), its problems
   told at the Word row they come from (where each row was read is kept beside the data, not in it); the plan
   file written with the account of what was read and what was not. ``fixes``: the clerk's corrections of the
   units read, before the file is written.

The stages assemble the plan file's data (its vocabulary, ``schema``) rather than model objects: one
construction of a ``Plan`` — the loader's — keeps every rule of reading in one place.
"""

from .output import Imported, to_yaml
from .reader import read_plan_docx
from .units import split_units

__all__ = ["Imported", "read_plan_docx", "split_units", "to_yaml"]
