"""The routes of ``kehoach web``: each reads a request, calls the library the CLI calls, renders a page.

No rule or sentence lives here: problems are the loader's Issues (their ``str`` is the CLI's line), the import
is ``nhap.read_plan_docx``, a commune's file is ``commune.starter_text``, a bundle is ``build.build_plan``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import secrets
import shutil
import tempfile
import threading
import zipfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from jinja2 import Environment, PackageLoader, select_autoescape
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..build import bundle_folder
from ..bundle import MANIFEST, write_bytes_safely, write_text_safely
from ..commune import (
    DROP,
    KEEP,
    MAP,
    PICKED,
    Draft,
    Precedent,
    Proposal,
    Reopened,
    precedents,
    propose,
    propose_rows,
    reopen,
    split_name,
    starter_text,
)
from ..diff import diff_plans, render_text
from ..errors import KehoachError, PdfError
from ..load import read_plan
from ..nhap import Imported, read_plan_docx, to_yaml
from ..nhap.fixes import BadFix, UnitFix, fix_units
from ..office import keep_running
from ..pdf import soffice_or_none
from ..preview import available as preview_available
from ..preview import first_pages
from ..tonghop.run import inbox_folder, output_folder, parse_day, summary, tong_hop
from ..vn import file_slug, nfc, upper_first
from ..yamlio import load_data
from .jobs import Builds
from .security import MAX_UPLOAD, Guard, WebError, bundle_files, check_upload, plan_path
from .views import RELATIONS, plan_row, plan_view, unit_choices

COOKIE = "kehoach_ma"
MAX_PENDING = 20  # imports kept in memory until saved


class Site:
    """One folder of plan files, served: the state the routes share (the folder, the guard, pending imports)."""

    def __init__(self, folder: Path, out_root: Path, guard: Guard) -> None:
        self.folder, self.out_root, self.guard = folder, out_root, guard
        self.pending: dict[str, Pending] = {}  # import id -> what was read, until saved
        self.builds = Builds(out_root)  # bundles being built in the background
        self.can_pdf = soffice_or_none() is not None
        self.can_preview = preview_available()
        self.previews: dict[Path, tuple[tuple[int, ...], dict[str, bytes]]] = {}  # bundle -> (version, first pages)
        self.preview_lock = threading.Lock()
        self.rows: dict[Path, tuple[tuple[int, ...], dict[str, Any]]] = {}  # home-page lines, by file
        self.env = Environment(loader=PackageLoader("generator.web", "templates"), autoescape=select_autoescape(),
                               trim_blocks=True, lstrip_blocks=True)

    def page(self, request: Request, template: str, status: int = 200, **values: Any) -> HTMLResponse:
        html = self.env.get_template(template).render(form_token=self.guard.form, folder=str(self.folder),
                                                      can_pdf=self.can_pdf, **values)
        return HTMLResponse(html, status_code=status)

    async def form(self, request: Request, max_files: int = 1) -> Any:
        form = await request.form(max_files=max_files, max_fields=400, max_part_size=MAX_UPLOAD + 1)
        self.guard.check_post(str(form.get("form_token", "")), request.headers.get("origin"),
                              request.headers.get("host"))
        return form

    # --- pages ---------------------------------------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        return self.page(request, "trang-dau.html", plans=[self._row(p) for p in sorted(self.folder.glob("*.yaml"))])

    def _row(self, path: Path) -> dict[str, Any]:
        """A home-page line, read again only when the file, a file it extends or its bundle folder changed."""
        cached = self.rows.get(path)
        if cached is not None and cached[0] == _stamps(cached[1]["files"]):
            return cached[1]
        row = plan_row(path, self.out_root)
        self.rows[path] = (_stamps(row["files"]), row)
        return row

    async def view(self, request: Request) -> Response:
        path = plan_path(self.folder, request.path_params["name"])
        plan, issues = read_plan(path)
        values = plan_view(plan, issues, unit=request.query_params.get("don_vi", ""),
                           section=request.query_params.get("muc", ""))
        return self.page(request, "ke-hoach.html", name=path.stem, **values)

    async def compare(self, request: Request) -> Response:
        """What the plan changed from the plan it extends, in ``kehoach diff``'s words."""
        path = plan_path(self.folder, request.path_params["name"])
        plan, issues = read_plan(path)
        if plan is None or not plan.lineage or any(not i.warning for i in issues):
            raise WebError(422, "Chỉ so sánh được kế hoạch hợp lệ có kế hoạch gốc (ke_thua).")
        base, _ = read_plan(Path(plan.lineage[0]))
        if base is None:
            raise WebError(422, f"Không đọc được kế hoạch gốc {plan.lineage[0]}.")
        return self.page(request, "so-sanh.html", name=path.stem, base=plan.lineage[0],
                         text=render_text(diff_plans(base, plan)), problems=[str(i) for i in issues])

    async def import_form(self, request: Request) -> Response:
        return self.page(request, "nhap.html")

    async def import_upload(self, request: Request) -> Response:
        form = await self.form(request)
        upload = form.get("tep")
        if not isinstance(upload, UploadFile) or not upload.filename:
            raise WebError(400, "Chưa chọn tệp — chọn tệp kế hoạch nhận được (.docx, .doc, .odt).")
        data = await upload.read(MAX_UPLOAD + 1)
        suffix = check_upload(upload.filename, data[:8], len(data))
        imported = _import(data, suffix, Path(upload.filename).stem)
        key = secrets.token_urlsafe(16)
        while len(self.pending) >= MAX_PENDING:  # imports read but never saved: the oldest go first
            self.pending.pop(next(iter(self.pending)))
        self.pending[key] = Pending(imported, Path(f"{Path(upload.filename).stem}{suffix}"),
                                    file_slug(Path(upload.filename).stem))
        return self._import_page(request, key)

    def _import_page(self, request: Request, key: str, status: int = 200, refused: str = "") -> HTMLResponse:
        """What was read, the units to correct (the uncertain first), the table; ``refused``: why a save was not."""
        pending = self.pending[key]
        imported = pending.imported
        preview = imported.plan if imported.valid else None
        problems = [i for i in imported.issues if i.warning] if preview else list(imported.issues)
        return self.page(request, "nhap-ket-qua.html", status, key=key, imported=pending.imported,
                         name=pending.name, source=pending.source.name, refused=refused,
                         fixable=unit_choices(pending.imported), relations=RELATIONS, **plan_view(preview, problems))

    async def import_save(self, request: Request) -> Response:
        form = await self.form(request)
        key, name = str(form.get("key", "")), nfc(str(form.get("ten", ""))).strip()
        if key not in self.pending:
            raise WebError(410, "Bản nhập này đã lưu hoặc đã hết hạn — nhập lại tệp.")
        pending = self.pending[key]
        fixes = _unit_fixes(pending.imported, form)
        try:
            fixed = fix_units(pending.imported, fixes) if fixes else pending.imported
        except BadFix as exc:
            return self._import_page(request, key, 422, f"Chưa lưu: {exc}")
        if fixes and not fixed.valid and pending.imported.valid:
            return self._import_page(request, key, 422, "Chưa lưu — sau khi sửa, kế hoạch còn lỗi: "
                                     + "; ".join(str(i) for i in fixed.issues if not i.warning)[:600])
        target = self._new_file(name)
        write_text_safely(target, to_yaml(fixed, pending.source))
        self.pending.pop(key)
        return RedirectResponse(f"/ke-hoach/{target.stem}", status_code=303)

    async def commune_form(self, request: Request) -> Response:
        path = plan_path(self.folder, request.path_params["name"])
        base = _load_or_refuse(path)
        query = request.query_params
        draft = None
        if query.get("ten"):
            level, place = split_name(query["ten"], query.get("cap") or None)
            target = self.folder / f"{file_slug(level)}-{file_slug(place)}.yaml"
            draft = propose(base, place, level, precedents(path, self.folder, level, skip=target))
        return self.page(request, "tao-xa.html", name=path.stem, base=base, draft=draft, query=query,
                         communes=_commune_units(draft), tasks=_task_choices(base, draft))

    async def commune_save(self, request: Request) -> Response:
        path = plan_path(self.folder, request.path_params["name"])
        form = await self.form(request)
        base = _load_or_refuse(path)
        level, place = split_name(str(form.get("ten", "")), str(form.get("cap", "")) or None)
        if not place:
            raise WebError(400, "Chưa có tên xã — ghi tên xã, phường hoặc đặc khu.")
        target = self._new_file(f"{file_slug(level)}-{file_slug(place)}")
        learned = precedents(path, self.folder, level, skip=target)
        write_text_safely(target, _commune_text(base, path.name, level, place, form, learned))
        return RedirectResponse(f"/ke-hoach/{target.stem}", status_code=303)

    def _reopened(self, path: Path) -> tuple[Any, str, Reopened, str]:
        """A commune file the wizard wrote: its base, ``ke_thua``, its choices, and its version (what the page
        was shown); refused when it was edited by hand, since saving from the page would lose the edits."""
        text = path.read_text(encoding="utf-8")
        data = _mapping_or_none(text)
        if not data or not isinstance(data.get("ke_thua"), str):
            raise WebError(422, f"“{path.stem}” không kế thừa kế hoạch nào — trang chỉ mở lại tệp của xã.")
        base = _load_or_refuse(path.parent / data["ke_thua"])
        found = reopen(base, text)
        if found is None:
            raise WebError(409, f"Tệp “{path.stem}” đã được sửa tay — trang chỉ mở lại tệp do trang này hoặc "
                           "kehoach tao-xa viết, để không làm mất phần sửa tay. Sửa tiếp bằng trình soạn thảo.")
        return base, data["ke_thua"], found, version(text)

    async def commune_reopen(self, request: Request) -> Response:
        path = plan_path(self.folder, request.path_params["name"])
        base, _, found, stamp = self._reopened(path)
        draft = found.draft
        return self.page(request, "tao-xa.html", name=Path(str(base.source)).stem, base=base, draft=draft,
                         query={"ten": draft.place, "cap": draft.level}, communes=_commune_units(draft),
                         tasks=_task_choices(base, draft), editing=path.stem, version=stamp, date=found.date,
                         signer=found.signer, inserts=draft.inserts)

    async def commune_resave(self, request: Request) -> Response:
        path = plan_path(self.folder, request.path_params["name"])
        form = await self.form(request)
        base, base_file, found, stamp = self._reopened(path)
        if str(form.get("phien_ban", "")) != stamp:
            raise WebError(409, f"Tệp “{path.stem}” đã được lưu ở nơi khác (một thẻ khác?) sau khi trang này mở — "
                           "mở lại trang để thấy bản mới; chưa ghi gì.")
        level, place = found.draft.level, found.draft.place
        learned = precedents(path.parent / base_file, self.folder, level, skip=path)
        write_text_safely(path, _commune_text(base, base_file, level, place, form, learned), force=True)
        return RedirectResponse(f"/ke-hoach/{path.stem}", status_code=303)

    async def build(self, request: Request) -> Response:
        """The plan checked here (its errors answered at once), then built in the background: the page goes to
        the progress page, which turns into the bundle's page when the build is done."""
        path = plan_path(self.folder, request.path_params["name"])
        form = await self.form(request)
        plan, issues = read_plan(path)
        if plan is None or any(not i.warning for i in issues):
            return self.page(request, "loi.html", 422, title="Kế hoạch còn lỗi, chưa tạo bộ văn bản",
                             lines=[str(i) for i in issues if not i.warning])
        pdf = bool(form.get("pdf")) and soffice_or_none() is not None
        self.builds.start(path, pdf)
        return RedirectResponse(f"/ke-hoach/{path.stem}/dang-tao", status_code=303)

    async def progress(self, request: Request) -> Response:
        """While building: documents done of all, refreshed every second; done: the bundle; failed: why."""
        path = plan_path(self.folder, request.path_params["name"])
        job = self.builds.get(path.stem)
        if job is None:
            return RedirectResponse(f"/ke-hoach/{path.stem}/bo", status_code=303)
        if job.finished and not job.failed:
            return RedirectResponse(f"/ke-hoach/{path.stem}/bo", status_code=303)
        if job.failed:
            title = "Kế hoạch còn lỗi, chưa tạo bộ văn bản" if job.status == 422 else "Chưa tạo được bộ văn bản"
            return self.page(request, "loi.html", job.status, title=title, lines=job.failed)
        return self.page(request, "dang-tao.html", name=path.stem, job=job)

    async def progress_json(self, request: Request) -> Response:
        path = plan_path(self.folder, request.path_params["name"])
        job = self.builds.get(path.stem)
        return JSONResponse(job.as_dict() if job else {"finished": True, "failed": [], "done": 0, "total": 0})

    async def bundle(self, request: Request) -> Response:
        path = plan_path(self.folder, request.path_params["name"])
        folder = bundle_folder(self.out_root, path)
        return self.page(request, "bo-van-ban.html", name=path.stem, files=bundle_files(folder),
                         bundle_dir=str(folder), previews=self.can_preview)

    async def preview(self, request: Request) -> Response:
        """The first page of a document of the bundle, as a PNG (the whole bundle drawn at the first ask)."""
        path = plan_path(self.folder, request.path_params["name"])
        folder, rel = bundle_folder(self.out_root, path), str(request.path_params["file"])
        files = bundle_files(folder)
        if rel not in files or not rel.endswith(".docx"):
            raise WebError(404, "Không có văn bản này trong bộ — tạo bộ văn bản trước.")
        try:
            pngs = await run_in_threadpool(self._first_pages, folder, files)
        except PdfError as exc:
            raise WebError(503, f"Chưa xem trước được: {exc}") from None
        if rel not in pngs:
            raise WebError(503, f"LibreOffice không in được {rel} để xem trước — mở tệp bằng Word để xem.")
        return Response(pngs[rel], media_type="image/png", headers={"Cache-Control": "no-cache"})

    def _first_pages(self, folder: Path, files: list[str]) -> dict[str, bytes]:
        """The bundle's first pages, drawn once per version of the bundle (its manifest), one bundle at a time."""
        stamp = _stamps([folder / MANIFEST])
        with self.preview_lock:
            cached = self.previews.get(folder)
            if cached is not None and cached[0] == stamp:
                return cached[1]
            pngs = first_pages(folder, [f for f in files if f.endswith(".docx")])
            while len(self.previews) >= MAX_PREVIEWED:
                self.previews.pop(next(iter(self.previews)))
            self.previews[folder] = (stamp, pngs)
            return pngs

    async def download(self, request: Request) -> Response:
        path = plan_path(self.folder, request.path_params["name"])
        return _file_of(bundle_folder(self.out_root, path), request.path_params["file"],
                        "Không có tệp này trong bộ văn bản — tạo lại bộ văn bản rồi tải.")

    async def download_zip(self, request: Request) -> Response:
        path = plan_path(self.folder, request.path_params["name"])
        folder = bundle_folder(self.out_root, path)
        files = bundle_files(folder)
        if not files:
            raise WebError(404, "Chưa có bộ văn bản — bấm “Tạo bộ văn bản” trước.")
        return Response(zip_bundle(folder, files), media_type="application/zip",
                         headers={"Content-Disposition": f'attachment; filename="{folder.name}.zip"'})

    async def collect_form(self, request: Request) -> Response:
        """Upload the forms units sent back; what is already received and the last collection's files."""
        path = plan_path(self.folder, request.path_params["name"])
        _load_or_refuse(path)
        inbox = inbox_folder(self.out_root, path)
        return self.page(request, "tong-hop.html", name=path.stem, received=bundle_files(inbox),
                         files=_collected(output_folder(self.out_root, path)),
                         today=dt.date.today().strftime("%d/%m/%Y"), result=None)

    async def collect(self, request: Request) -> Response:
        """Keep the uploaded forms beside the plan's output (never over one received before), then run the
        collection on every form received so far: ``kehoach tong-hop``, the same report, tracker and reminders."""
        path = plan_path(self.folder, request.path_params["name"])
        form = await self.form(request, max_files=MAX_FORMS)
        _load_or_refuse(path)
        try:
            day = parse_day("Ngày tính", str(form.get("ngay", ""))) or dt.date.today()
            due = parse_day("Hạn gửi báo cáo", str(form.get("han", "")))
        except KehoachError as exc:
            raise WebError(400, str(exc)) from None
        uploads = [await _checked_upload(u) for u in form.getlist("tep") if isinstance(u, UploadFile) and u.filename]
        inbox = inbox_folder(self.out_root, path)  # every upload checked before any is kept
        saved = [_keep_upload(inbox, *upload) for upload in uploads]
        inbox.mkdir(parents=True, exist_ok=True)
        try:
            result = tong_hop(path, inbox, self.out_root, day=day, due=due)
        except KehoachError as exc:
            return self.page(request, "loi.html", 409, title="Chưa tổng hợp được", lines=[str(exc)])
        return self.page(request, "tong-hop.html", name=path.stem, received=bundle_files(inbox), saved=saved,
                         files=_collected(output_folder(self.out_root, path)), result=result,
                         summary=upper_first(summary(result)), today=day.strftime("%d/%m/%Y"))

    async def collected_file(self, request: Request) -> Response:
        path = plan_path(self.folder, request.path_params["name"])
        return _file_of(output_folder(self.out_root, path), request.path_params["file"],
                        "Không có tệp này trong kết quả tổng hợp — tổng hợp lại rồi tải.")

    def _new_file(self, name: str) -> Path:
        slug = file_slug(name)
        if not name or slug != name:
            raise WebError(400, f"Tên tệp “{name[:60]}” không dùng được — chỉ chữ không dấu, số và gạch ngang, "
                           f"ví dụ: {slug}.")
        target = self.folder / f"{slug}.yaml"
        if target.exists():
            raise WebError(409, f"Đã có kế hoạch “{slug}” — chọn tên khác; tệp đã có không bị ghi đè.")
        return target


MAX_FORMS = 100  # forms in one upload
MAX_PREVIEWED = 8  # bundles whose first pages are kept in memory (about 20 KB a page)


def _file_of(folder: Path, rel: str, missing: str) -> FileResponse:
    """A download: ``rel`` only when it is one of the files ``folder`` holds (never a path from the browser)."""
    if rel not in bundle_files(folder):
        raise WebError(404, missing)
    return FileResponse(folder / rel, filename=Path(rel).name)


def _collected(folder: Path) -> list[str]:
    """The collection's documents to download (its manifest is kehoach's own bookkeeping)."""
    return [f for f in bundle_files(folder) if f != MANIFEST]


async def _checked_upload(upload: UploadFile) -> tuple[str, bytes]:
    """(a plain file name, the bytes) of an uploaded form whose size and content say it is a Word file."""
    data = await upload.read(MAX_UPLOAD + 1)
    suffix = check_upload(upload.filename or "", data[:8], len(data))
    if suffix == ".rtf":
        raise WebError(415, f"{upload.filename}: mẫu báo cáo .rtf không đọc được — lưu thành .docx rồi gửi lại; "
                       "chưa tệp nào được nhận")
    return f"{file_slug(Path(upload.filename or '').stem) or 'mau-bao-cao'}{suffix}", data


def _keep_upload(inbox: Path, plain: str, data: bytes) -> str:
    """The uploaded form saved in the plan's inbox under a plain name, never over another; its name."""
    stem, suffix = plain.rsplit(".", 1)
    suffix = "." + suffix
    inbox.mkdir(parents=True, exist_ok=True)
    name, n = f"{stem}{suffix}", 1
    while (inbox / name).exists():
        if (inbox / name).read_bytes() == data:  # the same form sent again: kept once
            return name
        n += 1
        name = f"{stem}-{n}{suffix}"
    write_bytes_safely(inbox / name, data)
    return name


def _stamps(files: list[Path]) -> tuple[int, ...]:
    """When each file was last changed (-1: gone), to tell a cached reading from a stale one."""
    return tuple(p.stat().st_mtime_ns if p.exists() else -1 for p in files)


def zip_bundle(folder: Path, files: list[str]) -> bytes:
    """The bundle as one .zip, the same bytes for the same files (sorted, the files' own times)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for rel in files:
            stamp = dt.datetime.fromtimestamp((folder / rel).stat().st_mtime).timetuple()[:6]
            info = zipfile.ZipInfo(f"{folder.name}/{rel}", date_time=max(stamp, (1980, 1, 1, 0, 0, 0)))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, (folder / rel).read_bytes())
    return buffer.getvalue()


@dataclass
class Pending:
    """An import read and shown, not yet saved: what was read, the file's name, the proposed plan name."""

    imported: Imported
    source: Path
    name: str


def _unit_fixes(imported: Imported, form: Any) -> dict[str, UnitFix]:
    """The import page's unit fields (``ten-<code>``, ``tt-<code>``, ``tv-<code>``), for the units they change."""
    out = {}
    for unit in imported.data.get("don_vi", []):
        code = str(unit["ma"])
        if f"ten-{code}" not in form:
            continue
        fix = UnitFix(nfc(str(form.get(f"ten-{code}", ""))), bool(form.get(f"tt-{code}")),
                      tuple(str(m) for m in form.getlist(f"tv-{code}")), str(form.get(f"qh-{code}", "")))
        if (fix.name, fix.collective, list(fix.members), fix.relation) != (
                unit["ten"], bool(unit.get("tap_the")), list(unit.get("thanh_vien", [])), unit.get("quan_he", "")):
            out[code] = fix
    return out


def _import(data: bytes, suffix: str, stem: str) -> Imported:
    """The received file read in a private temporary folder that is removed whatever happens."""
    private = Path(tempfile.mkdtemp(prefix="kehoach-nhap-"))
    try:
        source = private / f"{file_slug(stem)}{suffix}"
        source.write_bytes(data)
        try:
            return read_plan_docx(source)
        except KehoachError as exc:
            raise WebError(422, str(exc).replace(str(private) + "/", "")) from None
    finally:
        shutil.rmtree(private, ignore_errors=True)


def _load_or_refuse(path: Path) -> Any:
    base, issues = read_plan(path)
    if base is None or any(not i.warning for i in issues):
        raise WebError(422, "Kế hoạch gốc còn lỗi — sửa trước khi tạo kế hoạch cho xã.")
    return base


def _commune_text(base: Any, base_file: str, level: str, place: str, form: Any,
                  learned: dict[str, Precedent]) -> str:
    """The commune's file from the wizard's form: kehoach's proposals (with what other communes chose), then the
    clerk's choices over them."""
    draft = propose(base, place, level, learned)
    proposed_drops = {rid for rid, (change, _) in draft.rows.items() if change.get("bo")}
    draft = _chosen(draft, form)
    propose_rows(base, draft)  # the clerk's units may leave other tasks without a lead
    draft = _chosen_rows(base, draft, form, proposed_drops)
    return starter_text(base, base_file, draft, date=str(form.get("ngay", "")).strip(),
                        signer=nfc(str(form.get("nguoi_ky", ""))).strip())


def _mapping_or_none(text: str) -> dict[str, Any] | None:
    try:
        data = load_data(text)
    except (yaml.YAMLError, RecursionError):
        return None
    return data if isinstance(data, dict) else None


def version(text: str) -> str:
    """What a page shows a file as: saving is refused when the file is no longer this (another tab saved it)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def _commune_units(draft: Draft | None) -> list[tuple[str, str]]:
    return list(draft.units.items()) if draft else []


def _chosen(draft: Draft, form: Any) -> Draft:
    """The clerk's choice for each unit of the base plan (``dv-<id>``: a commune unit, ``giu`` or ``bo``)."""
    chosen = []
    for p in draft.proposals:
        value = str(form.get(f"dv-{p.base.id}", ""))
        if (value, p.how) in ((KEEP, KEEP), (DROP, DROP)):  # as proposed (a browser sends every select)
            chosen.append(p)
        elif value == KEEP:
            chosen.append(Proposal(p.base, KEEP, (), f"giữ nguyên {PICKED}"))
        elif value == DROP:
            chosen.append(Proposal(p.base, DROP, (), f"bỏ {PICKED}"))
        elif value in draft.units:
            same = p.targets == (value,)
            chosen.append(p if same else Proposal(p.base, MAP, (value,), f"{p.base.name} → {draft.units[value]} "
                                                  f"{PICKED}"))
        else:
            chosen.append(p)
    draft.proposals = chosen
    return draft


def _task_choices(base: Any, draft: Draft | None) -> list[dict[str, Any]]:
    """Each task of the base for the wizard's task step: its text to edit, and whether kehoach proposes to drop it."""
    if draft is None:
        return []
    names = {u.id: u.name for u in base.units}
    rows = {t.id: draft.rows.get(t.id, ({}, ""))[0] for t in base.tasks()}
    return [{"id": t.id, "content": rows[t.id].get("noi_dung") or "\n".join(t.content),
             "product": rows[t.id].get("san_pham", t.product), "timeline": rows[t.id].get("thoi_gian", t.timeline),
             "base_product": t.product, "base_timeline": t.timeline,
             "partners": _partners_now(draft, t, rows[t.id]), "partners_changed": "phoi_hop" in rows[t.id],
             "partner_choices": _partner_choices(draft),
             "lead": rows[t.id].get("chu_tri", "") if isinstance(rows[t.id].get("chu_tri"), str) else "",
             "mapped": ", ".join(dict(_partner_choices(draft)).get(u, u) for u in _leads_now(draft, t, {})),
             "leads": ", ".join(names.get(u, u) for u in t.leads),
             "drop": draft.rows.get(t.id, ({}, ""))[0].get("bo", False), "why": draft.rows.get(t.id, ({}, ""))[1]}
            for t in base.tasks()]


def _chosen_rows(base: Any, draft: Draft, form: Any, proposed_drops: set[str]) -> Draft:
    """The task step: a task ticked "bỏ" is dropped; its lead (``ct-``), content (``nd-``), product (``sp-``) and
    time (``tg-``) as the clerk set them where they differ from kehoach's proposal; and one task may be added
    after a row (``them-sau``, ``them-noi-dung``, ``them-chu-tri``). A task the page proposed to drop and the
    clerk kept has no lead here: the standing office leads it unless the clerk picked another."""
    for task in base.tasks():
        if form.get(f"bo-{task.id}"):
            draft.rows[task.id] = ({"bo": True}, f"bỏ {PICKED}")
            continue
        change, whys = dict(draft.rows.get(task.id, ({}, ""))[0]), []
        lead = str(form.get(f"ct-{task.id}", ""))
        if task.id in proposed_drops and change.get("bo") and (lead in draft.units or draft.office()):
            kept = lead if lead in draft.units else draft.office()  # kept although proposed dropped: who leads
            change = {"chu_tri": kept}
            whys.append(f"giữ, {draft.units[kept]} chủ trì")
        elif lead in draft.units and [lead] != _leads_now(draft, task, change):
            change["chu_tri"] = lead
            whys.append(f"{draft.units[lead]} chủ trì")
        allowed = dict(_partner_choices(draft))
        partners = [str(u) for u in form.getlist(f"ph-{task.id}") if str(u) in allowed]
        if form.get(f"ph-{task.id}-co") and partners != _partners_now(draft, task, change):
            change["phoi_hop"] = partners
            whys.append("sửa đơn vị phối hợp")
        for key, field_name, words in (("noi_dung", "nd", "sửa nội dung"), ("san_pham", "sp", "sửa sản phẩm"),
                                       ("thoi_gian", "tg", "sửa thời gian")):
            value = nfc(str(form.get(f"{field_name}-{task.id}", ""))).strip()
            if f"{field_name}-{task.id}" in form and _squeezed(value) != _squeezed(_base_value(task, key)) and \
                    (value or key != "noi_dung"):
                change[key] = value
                whys.append(words)
        if whys:
            draft.rows[task.id] = (change, f"{'; '.join(whys)} {PICKED}")
    for n, insert in enumerate(_kept_inserts(form)):  # added before, shown again when the file is re-opened
        if insert["sau"] not in {t.id for t in base.tasks()} or insert["chu_tri"] not in draft.units:
            raise WebError(400, f"Nhiệm vụ thêm thứ {n + 1} không còn chỗ đặt hay đơn vị chủ trì — mở lại trang.")
        draft.inserts.append(insert)
    content = nfc(str(form.get("them-noi-dung", ""))).strip()
    if content:
        after, lead = str(form.get("them-sau", "")), str(form.get("them-chu-tri", ""))
        if after not in {t.id for t in base.tasks()} or lead not in draft.units:
            raise WebError(400, "Nhiệm vụ thêm cần chọn vị trí (sau nhiệm vụ nào) và đơn vị chủ trì của xã.")
        draft.inserts.append({"sau": after, "noi_dung": content, "chu_tri": lead})
    return draft


def _leads_now(draft: Draft, task: Any, change: dict[str, Any]) -> list[str]:
    """The task's lead units in the commune as proposed: the row's own ``chu_tri``, else its leads mapped."""
    if change.get("chu_tri"):
        given = change["chu_tri"]
        return [given] if isinstance(given, str) else list(given)
    mapped = _mapped(draft)
    return list(dict.fromkeys(t for u in task.leads for t in mapped.get(u, ())))


def _mapped(draft: Draft) -> dict[str, tuple[str, ...]]:
    """Base unit -> the units it is in the commune's plan: its targets, itself when kept (an outside body)."""
    return {p.base.id: (p.base.id,) if p.how == KEEP else p.targets for p in draft.proposals}


def _partner_choices(draft: Draft) -> list[tuple[str, str]]:
    """The units a task of the commune may name as partners: its own, and the outside bodies it keeps."""
    return [*draft.units.items(), *((p.base.id, p.base.name) for p in draft.proposals if p.how == KEEP)]


def _partners_now(draft: Draft, task: Any, change: dict[str, Any]) -> list[str]:
    """The task's partner units in the commune as proposed: the row's own ``phoi_hop``, else its partners mapped
    (less its leads: a unit leads or supports, not both)."""
    if "phoi_hop" in change:
        return list(change["phoi_hop"])
    mapped = _mapped(draft)
    leads = set(_leads_now(draft, task, change))
    return [t for t in dict.fromkeys(t for u in task.partners for t in mapped.get(u, ())) if t not in leads]


def _base_value(task: Any, key: str) -> str:
    return str({"noi_dung": "\n".join(task.content), "san_pham": task.product, "thoi_gian": task.timeline}[key])


def _squeezed(text: str) -> str:
    return " ".join(text.split())


def _kept_inserts(form: Any) -> list[dict[str, str]]:
    """The tasks the file already adds (``them-cu-N-…``), unless ticked to drop (``them-cu-N-bo``)."""
    out, n = [], 0
    while f"them-cu-{n}-noi-dung" in form:
        if not form.get(f"them-cu-{n}-bo"):
            out.append({"sau": str(form.get(f"them-cu-{n}-sau", "")),
                        "noi_dung": nfc(str(form.get(f"them-cu-{n}-noi-dung", ""))).strip(),
                        "chu_tri": str(form.get(f"them-cu-{n}-chu-tri", ""))})
        n += 1
    return out


def create_app(folder: Path, out_root: Path, access: str = "") -> Starlette:
    site = Site(folder, out_root, Guard(access))
    keep_running()  # previews and --pdf builds share one LibreOffice, kept running while the page is served

    async def errors(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, WebError)
        return site.page(request, "loi.html", exc.status, title="Không làm được", lines=[exc.message])

    async def not_found(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 404)
        message = ("Không có trang này — chọn kế hoạch từ trang đầu." if status == 404 else
                   "Trang này không nhận yêu cầu như vậy — dùng các nút trên trang.")
        return site.page(request, "loi.html", status, title="Không làm được", lines=[message])

    routes = [
        Route("/", site.home),
        Route("/nhap", site.import_form, methods=["GET"]),
        Route("/nhap", site.import_upload, methods=["POST"]),
        Route("/nhap/luu", site.import_save, methods=["POST"]),
        Route("/ke-hoach/{name}", site.view),
        Route("/ke-hoach/{name}/tao-xa", site.commune_form, methods=["GET"]),
        Route("/ke-hoach/{name}/tao-xa", site.commune_save, methods=["POST"]),
        Route("/ke-hoach/{name}/sua", site.commune_reopen, methods=["GET"]),
        Route("/ke-hoach/{name}/sua", site.commune_resave, methods=["POST"]),
        Route("/ke-hoach/{name}/tao-bo", site.build, methods=["POST"]),
        Route("/ke-hoach/{name}/dang-tao", site.progress),
        Route("/ke-hoach/{name}/tien-do", site.progress_json),
        Route("/ke-hoach/{name}/bo", site.bundle),
        Route("/ke-hoach/{name}/so-sanh", site.compare),
        Route("/ke-hoach/{name}/tong-hop", site.collect_form, methods=["GET"]),
        Route("/ke-hoach/{name}/tong-hop", site.collect, methods=["POST"]),
        Route("/tai/{name}/tong-hop/{file:path}", site.collected_file),
        Route("/tai/{name}/zip", site.download_zip),
        Route("/tai/{name}/xem/{file:path}", site.preview),
        Route("/tai/{name}/tep/{file:path}", site.download),
        Mount("/tai-nguyen", StaticFiles(directory=str(resources.files("generator.web") / "static"))),
    ]

    async def access_token(request: Request, call_next: Any) -> Response:
        given = request.query_params.get("ma") or request.cookies.get(COOKIE, "")
        if not site.guard.allowed(given):
            return HTMLResponse("<p>Cần mã truy cập: mở đường dẫn có ?ma=… mà lệnh kehoach web đã in ra.</p>", 403)
        response: Response = await call_next(request)
        if site.guard.access and request.query_params.get("ma"):
            response.set_cookie(COOKIE, site.guard.access, httponly=True, samesite="strict")
        response.headers["Content-Security-Policy"] = "default-src 'self'; frame-ancestors 'none'"
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    app = Starlette(routes=routes, exception_handlers={WebError: errors, 404: not_found, 405: not_found},
                    middleware=[Middleware(BaseHTTPMiddleware, dispatch=access_token)])
    app.state.site = site  # the served folder's state (pending imports, builds), for tests and tools
    return app

