"""Writing files atomically: the old file or the complete new one, never half."""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path


class WriteError(OSError):
    """A file could not be written; the message names the file and the reason."""


def write_atomic(path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8") -> None:
    """Write `text` so that `path` is either the old file or the complete new one, never half.

    The text is encoded first (an unencodable character fails before anything is touched), then
    written to a temporary file in the same folder, fsynced and renamed over `path`. On any error
    the temporary file is removed and WriteError names the file and the reason. A symlink is
    followed, so its target is replaced and the link kept. Line endings are written as given.
    """
    target = Path(path)
    if target.is_symlink():
        target = target.resolve()
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError as exc:
        reason = f"text not encodable as {encoding}: {exc}"
        raise WriteError(f"cannot write {target}: {reason}") from exc
    folder = target.parent
    tmp: Path | None = None
    fd = -1
    try:
        for _ in range(100):
            tmp = folder / f".{target.name}.{secrets.token_hex(4)}.tmp"
            try:
                # 0o666 minus the umask, like an ordinary new file (mkstemp would give 0o600).
                fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
                break
            except FileExistsError:
                continue
        else:
            raise FileExistsError(f"no free temporary name in {folder}")
        with contextlib.suppress(OSError, NotImplementedError):
            if os.chmod in os.supports_fd:
                os.chmod(fd, os.stat(target).st_mode & 0o7777)  # keep an existing file's mode
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
        os.fsync(fd)
        os.close(fd)
        fd = -1
        os.replace(tmp, target)
        tmp = None
        _fsync_folder(folder)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        raise WriteError(f"cannot write {target}: {reason}") from exc
    finally:
        if fd >= 0:
            with contextlib.suppress(OSError):
                os.close(fd)
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def _fsync_folder(folder: Path) -> None:
    """Make the rename itself durable where the platform allows it (POSIX)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        with contextlib.suppress(OSError):
            os.fsync(fd)
    finally:
        os.close(fd)
