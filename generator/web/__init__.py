"""``kehoach web``: a local web page on the same library as the CLI (another door, no rule of its own).

``app.create_app(folder, out_root)`` serves the plan files of one folder: the list, a plan with its problems
(the CLI's words), the import of a received Word file, a commune's plan made from a provincial one (the
proposal of ``commune``), and the bundle written by ``build.build_plan`` with its downloads. Pages are rendered
on the server by Jinja2 with autoescape; the few lines of script and the style sheet are served from the
package (no CDN, works offline). Security: ``security.py``.
"""
