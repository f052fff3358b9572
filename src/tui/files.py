"""Writing files atomically: the old file or the complete new one, never half.

Only a regular file (or a new name) is written that way. A FIFO, a terminal or a device such as
/dev/null is written into directly: renamed over, it would be replaced by a regular file (as
root, `export -o /dev/null` would have replaced the system's /dev/null).
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import secrets
import stat
from pathlib import Path

from tui.text import display_path


class WriteError(OSError):
    """A file could not be written; the message names the file and the reason."""


def write_atomic(path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8") -> None:
    """Write `text` so that `path` is either the old file or the complete new one, never half.

    The text is encoded first (an unencodable character fails before anything is touched), then
    written to a temporary file in the same folder, fsynced and renamed over `path`. On any error
    the temporary file is removed and WriteError names the file and the reason. A symlink is
    followed, so its target is replaced and the link kept. Line endings are written as given.
    A FIFO or a device is written into (write_special); a folder or a socket is refused.
    """
    target = Path(path)
    if target.is_symlink():
        target = target.resolve()
    try:
        data = text.encode(encoding)
    except UnicodeEncodeError as exc:
        reason = f"text not encodable as {encoding}: {exc}"
        raise WriteError(f"cannot write {display_path(target)}: {reason}") from exc
    try:
        mode = os.stat(target).st_mode
    except OSError:
        mode = stat.S_IFREG  # absent (or unreachable: the write below says why)
    if not stat.S_ISREG(mode):
        write_special(target, mode, data)
        return
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
        raise WriteError(f"cannot write {display_path(target)}: {reason}") from exc
    finally:
        if fd >= 0:
            with contextlib.suppress(OSError):
                os.close(fd)
        if tmp is not None:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def write_special(target: Path, mode: int, data: bytes) -> None:
    """Write into a FIFO or a device as it is (no temporary file, no rename, no fsync).

    A FIFO is opened without blocking: with no program reading it, that fails at once (ENXIO)
    instead of waiting forever. A folder or a socket cannot be written into: refused.
    """
    name = display_path(target)
    if stat.S_ISDIR(mode):
        raise WriteError(f"cannot write {name}: it is a folder")
    if stat.S_ISSOCK(mode):
        raise WriteError(f"cannot write {name}: it is a socket")
    fifo = stat.S_ISFIFO(mode)
    flags = os.O_WRONLY | os.O_NOCTTY | (os.O_NONBLOCK if fifo else 0)
    try:
        fd = os.open(target, flags)
    except OSError as exc:
        if fifo and exc.errno == errno.ENXIO:
            raise WriteError(f"cannot write {name}: no program is reading from this FIFO") from exc
        raise WriteError(f"cannot write {name}: {exc.strerror or exc}") from exc
    try:
        if fifo:  # a reader is there: block as an ordinary write would
            fcntl.fcntl(fd, fcntl.F_SETFL, fcntl.fcntl(fd, fcntl.F_GETFL) & ~os.O_NONBLOCK)
        view = memoryview(data)
        while view:
            written = os.write(fd, view)
            view = view[written:]
    except OSError as exc:
        raise WriteError(f"cannot write {name}: {exc.strerror or exc}") from exc
    finally:
        os.close(fd)


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
