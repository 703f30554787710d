"""One exception hierarchy: everything a clerk can fix is a KehoachError; anything else is a bug."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


class KehoachError(Exception):
    """Something the user can fix; ``str(exc)`` is the message they see (in Vietnamese)."""


@dataclass(frozen=True, order=True)
class Issue:
    """One problem found in a data file, with its place."""

    file: str
    line: int
    col: int
    where: str
    message: str
    warning: bool = False

    def __str__(self) -> str:
        kind = "cảnh báo: " if self.warning else ""
        where = f"{self.where}: " if self.where else ""
        return f"{self.file}:{self.line}:{self.col}: {where}{kind}{self.message}"


class PlanError(KehoachError):
    """A plan file has problems; all of them are listed at once."""

    def __init__(self, issues: list[Issue]) -> None:
        self.issues = sorted(issues)
        super().__init__("\n".join(str(i) for i in self.issues))


class TemplateError(KehoachError):
    """A .docx template is missing or broken."""


class RenderError(KehoachError):
    """A document could not be produced."""


class OutputError(KehoachError):
    """The output folder cannot be written safely."""


class PdfError(KehoachError):
    """LibreOffice is missing or a PDF conversion failed."""


def display_path(path: Path) -> str:
    """A path as the user typed it relative to the working directory when possible."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
