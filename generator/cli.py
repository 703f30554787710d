"""The ``kehoach`` command: parse options, call the library, print. The only module that prints or exits."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from . import __version__
from .errors import KehoachError, PlanError

F = TypeVar("F", bound=Callable[..., Any])


def user_errors(fn: F) -> F:
    """Show a KehoachError as a clean message with exit status 1 (no traceback)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except KehoachError as exc:
            click.echo(f"Lỗi: {exc}" if not isinstance(exc, PlanError) else str(exc), err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


PLAN_FILES = click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, message="kehoach %(version)s")
def main() -> None:
    """kehoach — soạn bộ văn bản của một Kế hoạch theo Nghị định 30/2020/NĐ-CP.

    Từ tệp dữ liệu YAML, kehoach viết Kế hoạch, Phụ lục nhiệm vụ, công văn giao việc
    cho từng đơn vị và mẫu báo cáo, đúng thể thức.
    """


@main.command()
@PLAN_FILES
def validate(files: tuple[Path, ...]) -> None:
    """Kiểm tra tệp dữ liệu kế hoạch, liệt kê mọi lỗi cùng lúc.

    \b
    Ví dụ:
        kehoach validate plan_data/kon-tum.yaml plan_data/xa-xop.yaml
    """
    from .load import load_plan
    from .summary import summarize

    failed = False
    for path in files:
        try:
            plan = load_plan(path)
        except PlanError as exc:
            click.echo(str(exc), err=True)
            failed = True
            continue
        click.echo(summarize(plan))
    if failed:
        sys.exit(1)


KIND_LABELS = {
    "ke-hoach": "kế hoạch", "phu-luc": "phụ lục", "cong-van": "công văn", "cong-van-tat-ca": "tệp in tất cả công văn",
    "bao-cao": "mẫu báo cáo", "bao-cao-tong-hop": "mẫu báo cáo tổng hợp",
}


@main.command()
@PLAN_FILES
@click.option("-o", "--output", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
              show_default=True, help="Thư mục kết quả; mỗi kế hoạch một thư mục con.")
@click.option("--templates", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              help="Thư mục chứa các tệp mẫu .docx đã chỉnh sửa (mặc định: mẫu có sẵn).")
@click.option("--pdf", is_flag=True, help="Xuất thêm bản PDF của mọi văn bản (cần LibreOffice).")
@click.option("--force", is_flag=True, help="Ghi đè cả các tệp đã được sửa tay sau lần tạo trước.")
@user_errors
def build(files: tuple[Path, ...], out: Path, templates: Path | None, pdf: bool, force: bool) -> None:
    """Tạo bộ văn bản của kế hoạch: Kế hoạch, Phụ lục, công văn, mẫu báo cáo.

    \b
    Ví dụ:
        kehoach build plan_data/xa-xop.yaml
        kehoach build plan_data/xa-xop.yaml --pdf
        kehoach build plan_data/xa-xop.yaml -o ket-qua --templates mau-cua-toi
    """
    from .build import build_plan

    for path in files:
        result = build_plan(path, out, templates=templates, force=force, pdf=pdf)
        for warning in result.warnings:
            click.echo(warning, err=True)
        counts = result.counts()
        parts = [f"{n} {KIND_LABELS[k]}" for k, n in counts.items() if k in KIND_LABELS]
        if pdf:
            parts.append(f"{sum(n for k, n in counts.items() if k.startswith('pdf-'))} PDF")
        click.echo(f"{result.plan.source}: đã ghi {', '.join(parts)} vào {result.written.folder}/")
