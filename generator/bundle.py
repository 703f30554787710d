"""Write a bundle safely: staged in a temporary folder, moved into place only when every file succeeded,
never overwriting a file a clerk edited since kehoach wrote it (unless forced)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import __version__
from .errors import OutputError, display_path

MANIFEST = "manifest.json"


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
    removed: list[str] = field(default_factory=list)


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _safe_join(folder: Path, rel: str) -> Path:
    """``folder/rel``, refusing anything that would land outside ``folder``."""
    path = (folder / rel).resolve()
    if folder.resolve() not in path.parents:
        raise OutputError(f"tên tệp không hợp lệ (ra ngoài thư mục kết quả): {rel}")
    return path


def read_manifest(folder: Path) -> dict[str, dict[str, str]]:
    try:
        data = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return {f["path"]: f for f in data.get("files", [])}
    except (OSError, ValueError, TypeError, KeyError):
        return {}


def edited_files(folder: Path, names: list[str]) -> list[str]:
    """Files kehoach would overwrite that differ from what it wrote last time (or that it never wrote)."""
    known = read_manifest(folder)
    edited = []
    for rel in sorted(set(names) | set(known)):
        path = folder / rel
        if not path.is_file():
            continue
        entry = known.get(rel)
        if entry is None or sha256(path.read_bytes()) != entry.get("sha256"):
            edited.append(rel)
    return edited


def write_bundle(
    folder: Path,
    files: list[OutFile],
    *,
    plan_source: str,
    force: bool = False,
    stage_hook: Callable[[Path, list[OutFile]], list[OutFile]] | None = None,
) -> WriteResult:
    """Stage every file, run ``stage_hook`` (e.g. PDF conversion) on the staged folder, then move into place."""
    try:
        return _write_bundle(folder, files, plan_source=plan_source, force=force, stage_hook=stage_hook)
    except OSError as exc:
        where = display_path(Path(exc.filename)) if exc.filename else display_path(folder)
        msg = f"không ghi được {where}: {exc.strerror} — kiểm tra quyền ghi và chỗ trống trên đĩa"
        raise OutputError(msg) from None


def _write_bundle(
    folder: Path,
    files: list[OutFile],
    *,
    plan_source: str,
    force: bool,
    stage_hook: Callable[[Path, list[OutFile]], list[OutFile]] | None,
) -> WriteResult:
    folder.parent.mkdir(parents=True, exist_ok=True)
    if folder.exists() and not folder.is_dir():
        raise OutputError(f"{display_path(folder)} đã có và không phải thư mục — đổi tên hoặc dùng -o khác")
    if folder.exists() and not force:
        edited = edited_files(folder, [f.path for f in files] + [MANIFEST])
        edited = [e for e in edited if e != MANIFEST]
        if edited:
            listing = "\n".join(f"  {display_path(folder / e)}" for e in edited)
            msg = (
                f"không ghi đè các tệp đã được sửa sau lần tạo trước (hoặc không do kehoach tạo):\n{listing}\n"
                "Hãy sao lưu hoặc đổi tên các tệp này, hoặc chạy lại với --force để ghi đè."
            )
            raise OutputError(msg)
    stage = Path(tempfile.mkdtemp(prefix=".kehoach-", dir=folder.parent))
    try:
        for f in files:
            target = _safe_join(stage, f.path)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(f.data)
        if stage_hook is not None:
            files = files + stage_hook(stage, files)
        manifest = {
            "plan": plan_source,
            "generator": f"kehoach {__version__}",
            "files": [{"path": f.path, "kind": f.kind, "unit": f.unit, "sha256": sha256(f.data)} for f in files],
        }
        (stage / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        return _move_into_place(stage, folder, files)
    finally:
        shutil.rmtree(stage, ignore_errors=True)


def _move_into_place(stage: Path, folder: Path, files: list[OutFile]) -> WriteResult:
    previous = read_manifest(folder) if folder.exists() else {}
    folder.mkdir(parents=True, exist_ok=True)
    for f in [*files, OutFile(MANIFEST, "manifest", b"")]:
        target = _safe_join(folder, f.path)
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(stage / f.path, target)
    current = {f.path for f in files}
    removed = []
    for rel in previous:  # files of the previous build that this build no longer makes (unedited: checked above)
        if rel not in current and (folder / rel).is_file():
            (folder / rel).unlink()
            removed.append(rel)
    return WriteResult(folder, files, removed)


def write_bytes_safely(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write one file atomically; an existing file is replaced only with ``force``."""
    if path.exists() and not force:
        raise OutputError(f"{display_path(path)} đã có — đổi tên tệp cũ, chọn -o khác, hoặc thêm --force để ghi đè")
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".kehoach-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, path)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def write_text_safely(path: Path, text: str, *, force: bool = False) -> None:
    write_bytes_safely(path, text.encode("utf-8"), force=force)
