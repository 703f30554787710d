"""``kehoach tong-hop``: the filled report forms read back, in stages a newcomer can follow:

1. ``forms``: one returned file read as the unit left it (properties, header, date line, the results table's
   rows with merged cells carried and each status line's bold);
2. ``status``: a status cell read into the tracker's vocabulary, one rule per habit (tick, options deleted,
   bold, words);
3. ``collect``: each form matched to its unit and each row to its task; where every task stands for each lead
   unit on a given day, and the problems a clerk must look at, by file and row;
4. ``tracker``: theo-doi.xlsx written, and the clerk's own edits in it read back;
5. ``documents`` and ``run``: the consolidated report and the reminders, written as ``build`` writes a bundle.
"""
