"""The ``kehoach`` command: parse options, call the library, print. The only module that prints or exits."""

from __future__ import annotations

import contextlib
import functools
import os
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, ClassVar, TypeVar

import click

from . import __version__, clickvi
from .errors import KehoachError, PlanError, unexpected_message

F = TypeVar("F", bound=Callable[..., Any])
clickvi.install()


def user_errors(fn: F) -> F:
    """Show a KehoachError as a clean message with exit status 1 (no traceback)."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except KehoachError as exc:
            click.echo(f"Lỗi: {exc}" if not isinstance(exc, PlanError) else str(exc), err=True)
            sys.exit(1)
        except Exception as exc:  # a bug: one clear line, never a traceback for a clerk
            if os.environ.get("KEHOACH_DEBUG"):
                raise
            click.echo(unexpected_message(click.get_current_context().command_path, exc), err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


PLAN_FILES = click.argument(
    "files", nargs=-1, required=True, type=click.Path(path_type=Path), metavar="TỆP_KẾ_HOẠCH..."
)


class VnHelpFormatter(click.HelpFormatter):
    """--help in Vietnamese: the clerks' language."""

    HEADINGS: ClassVar[dict[str, str]] = {"Options": "Tùy chọn", "Commands": "Lệnh", "Arguments": "Đối số"}

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = args.replace("[OPTIONS]", "[TÙY CHỌN]").replace("COMMAND", "LỆNH").replace("[ARGS]", "[ĐỐI_SỐ]")
        super().write_usage(prog, args, prefix="Cách dùng: ")

    def write_heading(self, heading: str) -> None:
        super().write_heading(self.HEADINGS.get(heading, heading))


class VnContext(click.Context):
    formatter_class = VnHelpFormatter


class VnHelpOption:
    context_class: type[click.Context] = VnContext

    def get_help_option(self, ctx: click.Context) -> click.Option | None:
        option: click.Option | None = super().get_help_option(ctx)  # type: ignore[misc]  # a mixin before click's class
        if option is not None:
            option.help = "Hiện hướng dẫn này rồi thoát."
        return option


class VnCommand(VnHelpOption, click.Command):
    pass


class VnGroup(VnHelpOption, click.Group):
    command_class = VnCommand

    def main(self, *args: Any, standalone_mode: bool = True, **kwargs: Any) -> Any:
        """Run with click's own usage errors told in Vietnamese (exit status 2, as click does)."""
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]  # forwarding
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)  # type: ignore[call-overload]  # forwarding
        except click.exceptions.NoArgsIsHelpError as exc:  # the bare command: its help, not an error
            click.echo(exc.format_message(), err=True)
            sys.exit(exc.exit_code)
        except click.UsageError as exc:
            hint = f"\nXem hướng dẫn: {exc.ctx.command_path} --help" if exc.ctx else ""
            click.echo(f"Lỗi: {exc.format_message()}{hint}", err=True)
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("Đã dừng.", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


@click.group(name="kehoach", cls=VnGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, message="kehoach %(version)s", help="Hiện phiên bản rồi thoát.")
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
    from .batch import each_plan
    from .load import load_plan
    from .summary import summarize

    plans, failures = each_plan(files, load_plan)
    for plan in plans:
        click.echo("\n".join((*plan.warnings, "")), err=True, nl=False)
        click.echo(summarize(plan))
    click.echo("\n".join((*failures, "")), err=True, nl=False)
    sys.exit(1 if failures else 0)


@main.command()
@PLAN_FILES
@click.option("-o", "--output", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
              metavar="THƯ_MỤC",
              help="Thư mục kết quả, mỗi kế hoạch một thư mục con (mặc định: output).")
@click.option("--templates", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              metavar="THƯ_MỤC", help="Thư mục chứa các tệp mẫu .docx đã chỉnh sửa (mặc định: mẫu có sẵn).")
@click.option("--pdf", is_flag=True, help="Xuất thêm bản PDF của mọi văn bản (cần LibreOffice).")
@click.option("--force", is_flag=True, help="Ghi đè cả các tệp đã được sửa tay sau lần tạo trước.")
@click.option("-j", "--jobs", type=click.IntRange(min=1, max=256), default=None, metavar="N",
              help="Số kế hoạch tạo cùng lúc khi có nhiều tệp (mặc định: số nhân của máy).")
@user_errors
def build(files: tuple[Path, ...], out: Path, templates: Path | None, pdf: bool, force: bool,
          jobs: int | None) -> None:
    """Tạo bộ văn bản của kế hoạch: Kế hoạch, Phụ lục, công văn, mẫu báo cáo.

    \b
    Ví dụ:
        kehoach build plan_data/xa-xop.yaml
        kehoach build plan_data/xa-xop.yaml --pdf
        kehoach build plan_data/xa-xop.yaml -o ket-qua --templates mau-cua-toi
    """
    from .batch import build_and_say, each_plan, in_workers, jobs_default
    from .build import folder_clashes
    from .office import keep_running
    from .pdf import font_notice
    from .summary import clashes

    if found := clashes(folder_clashes(out, list(files))):
        click.echo("\n".join(found), err=True)
        sys.exit(1)
    work = functools.partial(build_and_say, out=out, templates=templates, force=force, pdf=pdf)
    workers = min(jobs or jobs_default(), len(files))
    # Many plans with PDFs: each process keeps one LibreOffice for its plans. Each worker is told so itself: one
    # started fresh (spawn; forkserver, Python 3.14's default on Linux) inherits nothing.
    keep = pdf and len(files) > 1
    if keep:
        keep_running()
    if workers > 1:  # each plan in a worker process; what they say comes back in the order of the files
        results, failures = in_workers(list(files), work, workers, _progress_line if sys.stderr.isatty() else None,
                                       initializer=keep_running if keep else None)
    else:
        with _progress(files) as items:
            results, failures = each_plan(items, work)
    for result in results:
        click.echo("\n".join((*result.warnings, "")), err=True, nl=False)
        click.echo("\n".join(result.lines))
    click.echo("\n".join((*failures, "")), err=True, nl=False)
    if len(files) > 1:
        click.echo(f"Tổng cộng {len(files)} kế hoạch: {len(results)} thành công, {len(failures)} lỗi.")
    if pdf and results and (notice := font_notice()):
        click.echo(notice, err=True)
    sys.exit(1 if failures else 0)


def _progress_line(done: int, total: int, path: Path, left: float) -> None:
    """One line per plan built in workers, where someone watches (a terminal)."""
    rest = f" — còn khoảng {left:.0f} giây" if done < total else ""
    click.echo(f"Đã tạo {done}/{total}: {path}{rest}", err=True)


def _progress(files: tuple[Path, ...]) -> contextlib.AbstractContextManager[Iterable[Path]]:
    """A progress bar only where someone watches it (several plans, a terminal)."""
    if len(files) > 1 and sys.stderr.isatty():
        return click.progressbar(files, label="Đang tạo", file=sys.stderr, show_pos=True,
                                 item_show_func=lambda p: str(p) if p else None)
    return contextlib.nullcontext(files)


@main.command()
@click.argument("plan", type=click.Path(path_type=Path), metavar="TỆP_KẾ_HOẠCH")
@click.option("-o", "--output", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), metavar="TỆP",
              help="Tệp YAML đầy đủ sẽ ghi ra.")
@click.option("--force", is_flag=True, help="Ghi đè nếu tệp đã có.")
@user_errors
def adapt(plan: Path, out: Path, force: bool) -> None:
    """Viết kế hoạch đã kế thừa thành một tệp YAML đầy đủ, đứng riêng, để sửa tay mọi phần.

    \b
    Ví dụ:
        kehoach adapt plan_data/xa-xop.yaml -o xa-xop-day-du.yaml
    """
    from .bundle import write_text_safely
    from .export import plan_to_yaml
    from .load import load_plan

    resolved = load_plan(plan)
    for warning in resolved.warnings:
        click.echo(warning, err=True)
    write_text_safely(out, plan_to_yaml(resolved), force=force, inputs=(plan, *map(Path, resolved.lineage)))
    click.echo(f"{resolved.source}: đã ghi kế hoạch đầy đủ vào {out}")


@main.command()
@click.argument("old", type=click.Path(path_type=Path), metavar="KẾ_HOẠCH_GỐC")
@click.argument("new", type=click.Path(path_type=Path), metavar="KẾ_HOẠCH_MỚI")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="TỆP",
              help="Tệp .docx bảng so sánh (mặc định: output/so-sanh-<cũ>-<mới>.docx).")
@click.option("--templates", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              metavar="THƯ_MỤC", help="Thư mục chứa các tệp mẫu .docx đã chỉnh sửa.")
@click.option("--force", is_flag=True, help="Ghi đè nếu tệp đã có.")
@user_errors
def diff(old: Path, new: Path, out: Path | None, templates: Path | None, force: bool) -> None:
    """So sánh hai kế hoạch: nhiệm vụ thêm, bỏ, thay đổi (từng chữ) và đơn vị thay đổi.

    In kết quả ra màn hình và ghi bảng so sánh (.docx, khổ ngang) để trình lãnh đạo.

    \b
    Ví dụ:
        kehoach diff plan_data/kon-tum.yaml plan_data/xa-xop.yaml
    """
    from .bundle import write_bytes_safely
    from .diff import diff_plans, render_text
    from .load import load_plan
    from .render.comparison import comparison_docx
    from .render.engine import default_templates
    from .vn import slugify

    plans = load_plan(old), load_plan(new)
    result = diff_plans(*plans)
    click.echo(render_text(result, color=sys.stdout.isatty()))
    target = out or Path("output") / f"so-sanh-{slugify(old.stem)}-{slugify(new.stem)}.docx"
    read = (old, new, *(Path(p) for plan in plans for p in plan.lineage))
    write_bytes_safely(target, comparison_docx(result, templates or default_templates()), force=force, inputs=read)
    click.echo(f"\nĐã ghi bảng so sánh vào {target}")


@main.command()
@click.argument("source", type=click.Path(path_type=Path), metavar="TỆP_WORD")
@click.option("-o", "--output", "out", required=True, type=click.Path(dir_okay=False, path_type=Path), metavar="TỆP",
              help="Tệp kế hoạch YAML sẽ ghi ra.")
@click.option("--don-vi", "registry", type=click.Path(dir_okay=False, path_type=Path), default=None,
              metavar="TỆP_KẾ_HOẠCH",
              help="Dùng danh sách đơn vị (mã, tên khác, thành viên) của một tệp kế hoạch đã có.")
@click.option("--force", is_flag=True, help="Ghi đè nếu tệp đã có.")
@click.option("--cho-phep-thieu", "allow_missing", is_flag=True,
              help="Vẫn ghi tệp khi có phần chưa nhập được (bảng, đoạn, ô, dòng lỗi) — các phần đó ghi ở đầu tệp.")
@user_errors
def nhap(source: Path, out: Path, registry: Path | None, force: bool, allow_missing: bool) -> None:
    """Nhập kế hoạch nhận được (Word .docx, .doc, .odt) thành tệp kế hoạch YAML để sửa, xem và tạo văn bản.

    Khi có phần chưa nhập được (một bảng không phải bảng nhiệm vụ, một đoạn sau phụ lục, một dòng có lỗi),
    kehoach không ghi tệp và liệt kê các phần đó; thêm --cho-phep-thieu để vẫn ghi.

    \b
    Ví dụ:
        kehoach nhap KE-HOACH-TINH.docx -o plan_data/tinh.yaml
        kehoach nhap PHU-LUC.docx -o plan_data/tinh.yaml --don-vi plan_data/kon-tum.yaml
    """
    from .bundle import write_text_safely
    from .errors import KehoachError
    from .load import load_plan
    from .nhap import read_plan_docx, to_yaml

    imported = read_plan_docx(source, load_plan(registry).units if registry else ())
    if imported.missing and not allow_missing:
        listed = "\n".join(f"  - {m}" for m in imported.missing)
        raise KehoachError(f"{source}: {imported.summary} — chưa ghi {out}, vì còn phần chưa nhập được:\n{listed}\n"
                           "Sửa tệp Word rồi nhập lại, hoặc thêm --cho-phep-thieu để vẫn ghi (các phần này ghi ở đầu "
                           "tệp kế hoạch).")
    write_text_safely(out, to_yaml(imported, source), force=force, inputs=(source, *([registry] if registry else [])))
    for note in imported.missing:
        click.echo(f"{source}: cảnh báo: chưa nhập được: {note}", err=True)
    for note in imported.notes:
        click.echo(f"{source}: cần kiểm tra: {note}", err=True)
    click.echo(f"{source}: {imported.summary}")
    click.echo(f"{source}: đã nhập vào {out} — kiểm tra bằng: kehoach xem {out}; kehoach validate {out}")


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, exists=True, path_type=Path), default=Path("plan_data"),
                required=False, metavar="[THƯ_MỤC]")
@click.option("--port", type=click.IntRange(1, 65535), default=8765, show_default=True, help="Cổng.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Địa chỉ; khác 127.0.0.1 thì cần mã truy cập (kehoach tự tạo và in ra).")
@click.option("-o", "--output", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
              metavar="THƯ_MỤC", help="Thư mục kết quả như kehoach build (mặc định: output).")
@click.option("--no-browser", is_flag=True, help="Không tự mở trình duyệt.")
@user_errors
def web(folder: Path, port: int, host: str, out: Path, no_browser: bool) -> None:
    """Mở trang web trên máy này để nhập, tạo kế hoạch cho xã, tạo và tải bộ văn bản — không cần sửa YAML.

    \b
    Ví dụ:
        kehoach web
        kehoach web plan_data --port 8800 --no-browser
    """
    import secrets
    import webbrowser

    import uvicorn

    from .web.app import create_app
    from .web.security import is_loopback

    access = "" if is_loopback(host) else secrets.token_urlsafe(18)
    link = f"http://{host}:{port}/" + (f"?ma={access}" if access else "")
    click.echo(f"kehoach web: phục vụ thư mục {folder} tại {link}")
    if access:
        click.echo("Mở trang từ máy khác bằng đúng đường dẫn trên (có mã truy cập); không gửi mã cho người ngoài.")
    click.echo("Bấm Ctrl+C để dừng.")
    if not no_browser:
        webbrowser.open(link)
    uvicorn.run(create_app(folder, out, access), host=host, port=port, log_level="warning")


@main.command("tao-xa")
@click.argument("base", type=click.Path(path_type=Path), metavar="KẾ_HOẠCH_GỐC")
@click.option("--ten", "name", required=True, metavar="TÊN",
              help="Tên xã, phường hoặc đặc khu (ví dụ: \"Tân Phú Đông\" hoặc \"phường Kinh Bắc\").")
@click.option("--cap", "level", type=click.Choice(["xã", "phường", "đặc khu"]), default=None,
              help="Cấp: xã (mặc định), phường hoặc đặc khu.")
@click.option("--ngay", "date", default="", metavar="NGÀY", help="Ngày ban hành (15/12/2025, hoặc 12/2025).")
@click.option("--nguoi-ky", "signer", default="", metavar="HỌ_TÊN", help="Họ tên người ký.")
@click.option("-o", "--output", "out", type=click.Path(dir_okay=False, path_type=Path), default=None, metavar="TỆP",
              help="Tệp sẽ ghi (mặc định: xa-<tên>.yaml cạnh kế hoạch gốc).")
@click.option("--force", is_flag=True, help="Ghi đè nếu tệp đã có.")
@user_errors
def tao_xa(base: Path, name: str, level: str | None, date: str, signer: str, out: Path | None, force: bool) -> None:
    """Tạo tệp kế hoạch của xã (phường) từ kế hoạch của tỉnh: chỉ ghi những gì khác.

    Tệp mới kế thừa kế hoạch gốc; các đơn vị của tỉnh được đổi sang đơn vị của xã theo bảng tương ứng
    thường gặp (mỗi đề xuất có ghi chú "# đề xuất" để xem lại). Điền các dòng "# điền" (ngày, người ký)
    rồi chạy kehoach validate và kehoach build.

    \b
    Ví dụ:
        kehoach tao-xa plan_data/tinh.yaml --ten "Tân Phú Đông"
        kehoach tao-xa plan_data/tinh.yaml --ten "phường Kinh Bắc" --ngay 12/2025 --nguoi-ky "Nguyễn Văn A"
    """
    from .bundle import write_text_safely
    from .commune import Draft, default_output, precedents, propose, relative_base, split_name, starter_text
    from .load import load_plan

    plan = load_plan(base)
    level, place = split_name(name, level)
    target = out or default_output(base, Draft(level, place))
    # what the communes beside it already chose for the same base plan is proposed again
    draft = propose(plan, place, level, precedents(base, target.parent, level, skip=target))
    write_text_safely(target, starter_text(plan, relative_base(base, target), draft, date=date, signer=signer),
                      force=force, inputs=(base, *map(Path, plan.lineage)))
    counts = {how: sum(1 for p in draft.proposals if p.how == how) for how in ("doi", "chinh_xa", "giu", "bo")}
    click.echo(f"{target}: đã tạo kế hoạch của {draft.issuer} — {len(draft.units)} đơn vị của {level}; đơn vị của "
               f"kế hoạch gốc: {counts['doi']} đổi, {counts['chinh_xa']} là chính {level}, {counts['giu']} giữ, "
               f"{counts['bo']} bỏ; {len(draft.rows)} dòng của bảng đề xuất sửa hoặc bỏ")
    todo = [w for w, given in (("ngày ban hành", date), ("họ tên người ký", signer)) if not given]
    if todo:
        click.echo(f"Còn phải điền: {', '.join(todo)} (các dòng \"# điền\"), rồi: kehoach validate {target}")
    else:
        click.echo(f"Kiểm tra: kehoach validate {target}; tạo văn bản: kehoach build {target}")


@main.command()
@click.argument("plan", type=click.Path(path_type=Path), metavar="TỆP_KẾ_HOẠCH")
@click.option("--don-vi", "units_only", is_flag=True, help="Chỉ liệt kê các đơn vị.")
@click.option("--muc", "section", metavar="MỤC", default=None, help="Chỉ liệt kê nhiệm vụ của một mục (ví dụ: IV).")
@user_errors
def xem(plan: Path, units_only: bool, section: str | None) -> None:
    """Xem kế hoạch: mã nhiệm vụ, mã đơn vị và những gì kế hoạch đã thay đổi so với kế hoạch gốc.

    Dùng khi viết tệp của xã: các mã ở đây là mã ghi trong phu_luc.sua, them.sau,
    chu_tri, phoi_hop và doi_don_vi.

    \b
    Ví dụ:
        kehoach xem plan_data/kon-tum-cap-xa.yaml
        kehoach xem plan_data/kon-tum.yaml --muc IV
        kehoach xem plan_data/xa-xop.yaml --don-vi
    """
    from .load import load_plan
    from .show import show_plan

    loaded = load_plan(plan)
    base = load_plan(Path(loaded.lineage[0])) if loaded.lineage and not (units_only or section) else None
    click.echo(show_plan(loaded, units_only=units_only, section=section, base=base))


@main.command("tong-hop")
@click.argument("plan", type=click.Path(path_type=Path), metavar="TỆP_KẾ_HOẠCH")
@click.argument("reports", type=click.Path(path_type=Path), metavar="THƯ_MỤC_BÁO_CÁO")
@click.option("-o", "--output", "out", type=click.Path(file_okay=False, path_type=Path), default=Path("output"),
              metavar="THƯ_MỤC", help="Thư mục kết quả (mặc định: output; kết quả ghi vào output/<kế-hoạch>-tong-hop).")
@click.option("--ngay", "day", default=None, metavar="NGÀY",
              help="Tính tình trạng đến ngày này (mặc định: hôm nay), ví dụ 05/12/2026.")
@click.option("--han", "due", default=None, metavar="NGÀY",
              help="Hạn gửi báo cáo ghi trong công văn đôn đốc (mặc định: 7 ngày sau --ngay).")
@click.option("--templates", type=click.Path(file_okay=False, exists=True, path_type=Path), default=None,
              metavar="THƯ_MỤC", help="Thư mục chứa các tệp mẫu .docx đã chỉnh sửa (mặc định: mẫu có sẵn).")
@click.option("--force", is_flag=True, help="Ghi đè cả các tệp đã được sửa tay (bản đã sửa được giữ lại).")
@user_errors
def tong_hop(plan: Path, reports: Path, out: Path, day: str | None, due: str | None, templates: Path | None,
             force: bool) -> None:
    """Tổng hợp các mẫu báo cáo đơn vị đã gửi về: báo cáo kết quả, tệp theo dõi Excel, công văn đôn đốc.

    Đọc mọi tệp .docx, .doc, .odt trong THƯ_MỤC_BÁO_CÁO (cả thư mục con), nhận ra đơn vị gửi và
    từng nhiệm vụ, đọc tình trạng (đánh dấu ☒/x, xóa các lựa chọn khác, in đậm, hoặc ghi bằng chữ),
    kết quả và số liệu. Ghi bao-cao-ket-qua.docx, theo-doi.xlsx và don-doc/ (một công văn cho mỗi đơn
    vị chưa báo cáo hoặc có nhiệm vụ quá hạn). Sửa tình trạng trong theo-doi.xlsx rồi chạy lại: chỉnh
    sửa mới hơn mẫu báo cáo sẽ được dùng.

    \b
    Ví dụ:
        kehoach tong-hop plan_data/xa-xop.yaml bao-cao-da-nhan/
        kehoach tong-hop plan_data/xa-xop.yaml bao-cao-da-nhan/ --ngay 10/12/2026 --han 17/12/2026
    """
    import datetime as dt

    from .tonghop.run import parse_day, summary
    from .tonghop.run import tong_hop as collect_reports

    result = collect_reports(plan, reports, out, day=parse_day("--ngay", day) or dt.date.today(),
                             due=parse_day("--han", due), templates=templates, force=force)
    c = result.collection
    for line in (*c.problems, *c.notes):
        click.echo(f"  {line}", err=True)
    click.echo(f"{plan}: {summary(result)}")
    click.echo(f"đã ghi vào {result.written.folder}/: bao-cao-ket-qua.docx, theo-doi.xlsx"
               + (f", {result.reminders} công văn trong don-doc/" if result.reminders else ""))
    for rel, kept in result.written.kept:
        click.echo(f"  đã giữ bản sửa tay {rel} tại {kept}", err=True)
