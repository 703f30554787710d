"""Write a bundle as a whole: the new bundle is complete on disk before the old one is touched, then the two are
swapped in one step. kehoach manages only the bundle folder, and only what its manifest proves it wrote there:
files it did not write are carried over, files edited by hand are refused or (with --force) kept aside in
``da-sua-tay/``. Nothing outside the bundle folder is ever read from the manifest, moved or deleted."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from . import __version__
from .errors import OutputError, display_path, os_reason
from .outdir import locked, make_stage, plain_mode, recover, remove_tree, swap

MANIFEST = "manifest.json"
KEPT = "da-sua-tay"  # hand-edited files the new build replaces or no longer makes are moved here, never deleted
_SHA = re.compile(r"[0-9a-f]{64}")


@dataclass(frozen=True)
class OutFile:
    path: str  # relative, forward slashes: "cong-van/01-phong-kinh-te.docx"
    kind: str  # ke-hoach | phu-luc | cong-van | bao-cao | ...
    data: bytes
    unit: str = ""


@dataclass
class WriteResult:
    folder: Path
    files: list[OutFile] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # files of the previous build this build no longer makes
    kept: list[tuple[str, str]] = field(default_factory=list)  # (hand-edited file, where it was kept)
    notes: list[str] = field(default_factory=list)  # manifest problems, leftovers cleaned, …


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _inside(folder: Path, rel: str) -> bool:
    """``rel`` names a place inside ``folder``: relative, no ``..``, and no symlink on the way."""
    parts = PurePosixPath(rel).parts
    if not rel or "\\" in rel or rel.startswith("/") or any(p in ("", ".", "..") for p in parts) or ":" in rel:
        return False
    here = folder
    for part in parts[:-1]:
        here = here / part
        if os.path.islink(here):
            return False
    return True


def read_manifest(folder: Path, notes: list[str] | None = None) -> dict[str, str]:
    """The files the previous build wrote (relative path -> SHA-256), from a manifest of the shape kehoach writes.

    Any other shape counts as no manifest; a path that would leave the folder is ignored (and never touched).
    """
    notes = notes if notes is not None else []
    path = folder / MANIFEST
    if not os.path.lexists(path):
        return {}
    name = display_path(path)
    try:
        if not stat.S_ISREG(os.lstat(path).st_mode) or os.path.getsize(path) > 10 * 1024 * 1024:
            raise ValueError
        data = json.loads(path.read_text(encoding="utf-8"))
        entries = data["files"]
        if not isinstance(entries, list):
            raise ValueError
        files = {}
        for entry in entries:
            rel, digest = entry["path"], entry["sha256"]
            if not (isinstance(rel, str) and isinstance(digest, str) and _SHA.fullmatch(digest)):
                raise ValueError
            if _inside(folder, rel):
                files[rel] = digest
            else:
                notes.append(f"{name}: bỏ qua đường dẫn “{rel}” (ra ngoài thư mục bộ văn bản) — không đụng tới tệp đó")
        return files
    except (OSError, ValueError, TypeError, KeyError, RecursionError):
        notes.append(f"{name}: không đúng dạng kehoach ghi — coi như không có danh sách tệp đã tạo")
        return {}


@dataclass
class _Old:
    """What is in the old bundle folder, sorted by what must happen to it."""

    ours: set[str] = field(default_factory=set)  # written by kehoach, unedited
    edited: set[str] = field(default_factory=set)  # written by kehoach, changed since
    foreign: set[str] = field(default_factory=set)  # never written by kehoach (or not provably)
    dirs: set[str] = field(default_factory=set)  # empty sub-folders (kept)


def _survey(folder: Path, known: dict[str, str]) -> _Old:
    old = _Old()
    for top, dirs, files in os.walk(folder):  # never follows a symlink
        rel_top = Path(top).relative_to(folder).as_posix()
        for d in list(dirs):
            rel = d if rel_top == "." else f"{rel_top}/{d}"
            if os.path.islink(Path(top) / d):
                dirs.remove(d)
                old.foreign.add(rel)  # a symlinked sub-folder is an entry we move as a link, never enter
            elif not os.listdir(Path(top) / d):
                old.dirs.add(rel)  # an empty folder someone made: kept
        for f in files:
            rel = f if rel_top == "." else f"{rel_top}/{f}"
            path = Path(top) / f
            if rel == MANIFEST:
                continue
            if rel not in known or os.path.islink(path) or not path.is_file():
                old.foreign.add(rel)
            elif _file_sha(path) == known[rel]:
                old.ours.add(rel)
            else:
                old.edited.add(rel)
    return old


def _file_sha(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _occupies(rel: str, new_paths: set[str]) -> bool:
    """An old entry stands where the new build writes: the same path, or a folder/link the new files go under."""
    return rel in new_paths or any(p.startswith(rel + "/") for p in new_paths)


def write_bundle(
    folder: Path,
    files: list[OutFile],
    *,
    plan_source: str,
    force: bool = False,
    stage_hook: Callable[[Path, list[OutFile]], list[OutFile]] | None = None,
    consumed: frozenset[str] = frozenset(),
) -> WriteResult:
    """Stage every file, run ``stage_hook`` (e.g. PDF conversion) on the staged folder, then swap it into place.

    ``consumed``: files whose edits were read as input (the tracker ``kehoach tong-hop`` reads back); edited,
    they are replaced without --force and the edited copy is kept in ``da-sua-tay/`` as any edited file."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        if os.path.islink(folder) or (folder.exists() and not folder.is_dir()):
            msg = f"{display_path(folder)} đã có và không phải thư mục thật — đổi tên hoặc dùng -o khác"
            raise OutputError(msg)
        with locked(folder):
            return _write_bundle(folder, files, plan_source=plan_source, force=force, stage_hook=stage_hook,
                                 consumed=consumed)
    except OSError as exc:
        where = display_path(Path(exc.filename)) if exc.filename else display_path(folder)
        msg = f"không ghi được {where}: {os_reason(exc)} — kiểm tra quyền ghi, chỗ trống trên đĩa, và đóng các tệp " \
              "của bộ văn bản đang mở trong Word; bộ văn bản cũ vẫn giữ nguyên"
        raise OutputError(msg) from None


def _write_bundle(
    folder: Path,
    files: list[OutFile],
    *,
    plan_source: str,
    force: bool,
    stage_hook: Callable[[Path, list[OutFile]], list[OutFile]] | None,
    consumed: frozenset[str] = frozenset(),
) -> WriteResult:
    result = WriteResult(folder, notes=recover(folder))
    known = read_manifest(folder, result.notes) if folder.is_dir() else {}
    old = _survey(folder, known) if folder.is_dir() else _Old()
    new_paths = {f.path for f in files}
    _refuse_edits(folder, old, new_paths, stage_hook is not None, force=force, notes=result.notes, consumed=consumed)
    stage = make_stage(folder)
    try:
        for f in files:
            _write(stage, f.path, f.data)
        if stage_hook is not None:
            files = files + stage_hook(stage, files)
        new_paths = {f.path for f in files}
        _carry_over(folder, stage, old, new_paths, result)
        manifest = {
            "plan": plan_source,
            "generator": f"kehoach {__version__}",
            "files": [{"path": f.path, "kind": f.kind, "unit": f.unit, "sha256": sha256(f.data)} for f in files],
        }
        _write(stage, MANIFEST, (json.dumps(manifest, ensure_ascii=False, indent=2) + "\n").encode("utf-8"))
        previous = swap(stage, folder)
    except BaseException:
        remove_tree(stage)
        raise
    if previous is not None:
        try:
            remove_tree(previous)
        except OSError as exc:
            result.notes.append(f"bộ văn bản mới đã ghi xong; bộ cũ (đã chuyển sang {display_path(previous)}) không "
                                f"xóa được: {os_reason(exc)} — xóa thư mục đó khi có quyền; nó không cản lần chạy sau")
    result.files = files
    result.removed = sorted(old.ours - new_paths)
    return result


def _refuse_edits(folder: Path, old: _Old, new_paths: set[str], pdf: bool, *, force: bool, notes: list[str],
                  consumed: frozenset[str] = frozenset()) -> None:
    """Without --force, stop before writing anything if a hand-edited or foreign file would be replaced or dropped."""
    if force:
        return

    def replaced(rel: str) -> bool:  # PDFs are named after the documents, known only after conversion
        return _occupies(rel, new_paths) or (pdf and rel.endswith(".pdf") and rel[:-4] + ".docx" in new_paths)

    blocked = sorted((old.edited - consumed) | {rel for rel in old.foreign if replaced(rel)})
    if blocked:
        listing = "\n".join(f"  {display_path(folder / rel)}" for rel in blocked)
        msg = "".join(f"{note}\n" for note in notes) + (
            f"không ghi đè các tệp đã được sửa sau lần tạo trước (hoặc không do kehoach tạo):\n{listing}\n"
            f"Hãy sao lưu hoặc đổi tên các tệp này, hoặc chạy lại với --force (các tệp này sẽ được giữ lại "
            f"trong thư mục {KEPT}/)."
        )
        raise OutputError(msg)


def _carry_over(folder: Path, stage: Path, old: _Old, new_paths: set[str], result: WriteResult) -> None:
    """Bring into the new bundle what is not kehoach's to drop: foreign files, and edited ones set aside."""
    for rel in sorted(old.dirs):
        if not _occupies(rel, new_paths) and not (stage / rel).exists():
            (stage / rel).mkdir(parents=True, exist_ok=True)
    aside = []
    for rel in sorted(old.foreign):
        if _occupies(rel, new_paths) or any(rel.startswith(p + "/") for p in new_paths):
            aside.append(rel)  # only reached with --force (refused otherwise)
        else:
            _link_or_copy(folder / rel, stage / rel)
    aside += sorted(old.edited)
    for rel in aside:
        target = _free_name(stage, f"{KEPT}/{rel}")
        _link_or_copy(folder / rel, stage / target)
        result.kept.append((rel, target))


def _free_name(stage: Path, rel: str) -> str:
    """``rel``, or ``name (2).ext`` … when that place is taken."""
    candidate, n = rel, 1
    stem, dot, ext = rel.rpartition(".") if "." in rel.rsplit("/", 1)[-1] else (rel, "", "")
    while os.path.lexists(stage / candidate):
        n += 1
        candidate = f"{stem} ({n}){dot}{ext}"
    return candidate


def _link_or_copy(src: Path, dst: Path) -> None:
    """A second name for the file (hard link), a copy where links are not possible; symlinks stay symlinks."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    if os.path.islink(src):
        os.symlink(os.readlink(src), dst)
        return
    try:
        os.link(src, dst, follow_symlinks=False)
    except (OSError, NotImplementedError):  # FAT/network drives; follow_symlinks is not on every platform
        shutil.copy2(src, dst, follow_symlinks=False)


def _write(root: Path, rel: str, data: bytes) -> None:
    if not _inside(root, rel):
        raise OutputError(f"tên tệp không hợp lệ (ra ngoài thư mục kết quả): {rel}")
    target = root / rel
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(data)


def write_bytes_safely(path: Path, data: bytes, *, force: bool = False, inputs: tuple[Path, ...] = ()) -> None:
    """Write one file atomically; an existing file is replaced only with ``force``, and never one of the
    ``inputs`` the command reads (``-o`` naming the received plan would destroy it). The file gets the mode
    of the one it replaces, or what a plain open would give."""
    try:
        for source in inputs:
            if _same_file(path, source):
                raise OutputError(f"{display_path(path)} là tệp đang đọc ({display_path(source)}) — ghi ra tệp khác "
                                  "sau -o; kehoach không ghi đè tệp đầu vào")
        if os.path.lexists(path) and not force:
            msg = f"{display_path(path)} đã có — đổi tên tệp cũ, chọn -o khác, hoặc thêm --force để ghi đè"
            raise OutputError(msg)
        if path.is_dir():
            raise OutputError(f"{display_path(path)} là một thư mục — ghi tên tệp sau -o")
        mode = stat.S_IMODE(path.stat().st_mode) if path.is_file() else plain_mode()
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".kehoach-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(data)
                os.fchmod(f.fileno(), mode)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError as exc:
        where = display_path(Path(exc.filename)) if exc.filename else display_path(path)
        raise OutputError(f"không ghi được {where}: {os_reason(exc)} — kiểm tra đường dẫn và quyền ghi") from None


def write_text_safely(path: Path, text: str, *, force: bool = False, inputs: tuple[Path, ...] = ()) -> None:
    write_bytes_safely(path, text.encode("utf-8"), force=force, inputs=inputs)


def _same_file(a: Path, b: Path) -> bool:
    """The same file (also through a link or another spelling of its path)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.abspath(a) == os.path.abspath(b)
