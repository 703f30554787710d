"""Filesystem moves for the output folder: an exclusive lock per bundle, an atomic swap of two folders, and the
leftovers of a run that was killed (recognised by name, restored or removed by the next run)."""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import re
import shutil
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from .errors import OutputError, display_path

# Sibling folders of a bundle while it is being replaced: ``.kehoach-<bundle>.moi-<random>`` holds the new
# bundle while it is written; ``.kehoach-<bundle>.cu-<random>`` holds the old one during a two-step swap.
PREFIX = ".kehoach-"
NEW, OLD = "moi", "cu"


def leftover_name(bundle: str, role: str) -> str:
    return f"{PREFIX}{bundle}.{role}-"


def plain_mode(directory: bool = False) -> int:
    """The permissions a plain mkdir or open would give (temporary files and folders get 0o600 / 0o700)."""
    umask = os.umask(0)
    os.umask(umask)
    return (0o777 if directory else 0o666) & ~umask


def make_stage(folder: Path) -> Path:
    """An empty sibling folder for the new bundle, with the permissions a plain mkdir would give it."""
    stage = Path(tempfile.mkdtemp(prefix=leftover_name(folder.name, NEW), dir=folder.parent))
    os.chmod(stage, plain_mode(directory=True))
    return stage


def _leftovers(folder: Path) -> list[tuple[str, Path]]:
    """(role, path) of the real folders a killed run of this bundle left beside it."""
    pattern = re.compile(re.escape(PREFIX + folder.name) + r"\.(moi|cu)-[A-Za-z0-9_]+")
    found = []
    with contextlib.suppress(OSError):
        for entry in os.scandir(folder.parent):
            if pattern.fullmatch(entry.name) and entry.is_dir(follow_symlinks=False):
                found.append((entry.name.rsplit(".", 1)[1].split("-")[0], Path(entry.path)))
    return sorted(found)


def recover(folder: Path) -> list[str]:
    """Finish what a killed run left: restore a set-aside old bundle if the bundle folder is gone, remove the rest.

    Returns one line per action, for the clerk to read.
    """
    notes = []
    leftovers = _leftovers(folder)
    if not os.path.lexists(folder):
        old = [p for role, p in leftovers if role == OLD]
        if old:
            os.rename(old[0], folder)
            notes.append(f"đã khôi phục bộ văn bản cũ vào {display_path(folder)} (lần chạy trước bị dừng giữa chừng)")
            leftovers = [(r, p) for r, p in leftovers if p != old[0]]
    for _, path in leftovers:
        try:
            remove_tree(path)
        except OSError:  # an old bundle kehoach may not delete: said once, by the run that set it aside
            continue
        notes.append(f"đã xóa thư mục tạm {display_path(path)} do lần chạy trước bị dừng để lại")
    return notes


def remove_tree(path: Path) -> None:
    """Remove a folder kehoach made, never following a symlink out of it; read-only entries are made writable."""

    def retry(func: object, name: str, _exc: object) -> None:
        with contextlib.suppress(OSError):
            os.chmod(os.path.dirname(name), stat.S_IRWXU)
            os.chmod(name, stat.S_IRWXU, follow_symlinks=False)
        if callable(func):
            func(name)

    if sys.version_info >= (3, 12):
        shutil.rmtree(path, onexc=retry)
    else:
        shutil.rmtree(path, onerror=retry)


def swap(stage: Path, folder: Path) -> Path | None:
    """Put ``stage`` at ``folder``; return where the previous ``folder`` now is (to be removed), if there was one.

    On Linux the two folders are exchanged in one step (renameat2 RENAME_EXCHANGE), so no moment exists where the
    bundle folder is missing or mixed. Elsewhere the old folder is renamed aside first and restored if the second
    rename fails; a kill between the two renames is repaired by ``recover`` on the next run.
    """
    if not os.path.lexists(folder):
        os.rename(stage, folder)
        return None
    if _exchange(stage, folder):
        return stage
    aside = Path(tempfile.mkdtemp(prefix=leftover_name(folder.name, OLD), dir=folder.parent))
    os.rmdir(aside)
    os.rename(folder, aside)
    try:
        os.rename(stage, folder)
    except OSError:
        os.rename(aside, folder)
        raise
    return aside


_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def _exchange(a: Path, b: Path) -> bool:
    """Atomically exchange two paths where the platform can; False where it cannot (then nothing changed)."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    if renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    err = ctypes.get_errno()
    if err in (22, 38, 95):  # EINVAL, ENOSYS, EOPNOTSUPP: this filesystem cannot exchange; use two renames
        return False
    raise OSError(err, os.strerror(err), str(b))


@contextlib.contextmanager
def locked(folder: Path) -> Iterator[None]:
    """One kehoach run at a time per bundle folder (POSIX advisory lock; the kernel drops it if we are killed)."""
    try:
        import fcntl
    except ImportError:  # Windows: renaming a folder in use fails there anyway
        yield
        return
    lock_path = folder.parent / f"{PREFIX}{folder.name}.khoa"
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            msg = f"một lần chạy kehoach khác đang ghi {display_path(folder)} — đợi lần đó xong rồi chạy lại"
            raise OutputError(msg) from None
        try:
            yield
        finally:
            with contextlib.suppress(OSError):
                os.unlink(lock_path)  # still holding the lock: no other run is between open and flock on it
    finally:
        os.close(fd)
