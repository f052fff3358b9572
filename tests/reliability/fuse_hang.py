"""A hung network mount, for real: a FUSE file system whose one file never answers a read.

    unshare --mount --propagation private -- python fuse_hang.py MOUNTPOINT -- COMMAND ...

mounts a file system on MOUNTPOINT (in a mount namespace of its own, so nothing leaks to the
machine), serves it from a thread, runs COMMAND with this process's terminal, and exits with
COMMAND's status. The file system holds one regular file, `2024-02-17.md` (1,000 bytes): looking
it up, stat() and open() are answered at once, read() never is, as on an NFS or FUSE mount whose
server has hung. A read is given up only when the kernel interrupts it (the reading process is
killed or exits): the server then answers EINTR, as a FUSE server mounted with interrupts does;
without that, a thread blocked in the read could never end and the process never exit. Written
against the kernel's FUSE protocol (linux/fuse.h), with no library.
"""

from __future__ import annotations

import ctypes
import errno
import os
import stat
import struct
import subprocess
import sys
import threading
import time

FILE_NAME = b"2024-02-17.md"
FILE_SIZE = 1000
ROOT, FILE = 1, 2  # node ids

LOOKUP, FORGET, GETATTR, OPEN, READ, RELEASE, FLUSH, INIT, OPENDIR, READDIR = (
    1,
    2,
    3,
    14,
    15,
    18,
    25,
    26,
    27,
    28,
)
RELEASEDIR, ACCESS, INTERRUPT, DESTROY, BATCH_FORGET = 29, 34, 36, 38, 42
NO_REPLY = {FORGET, BATCH_FORGET}
EMPTY_OK = {RELEASE, FLUSH, RELEASEDIR, ACCESS}

IN_HEADER = struct.Struct("<IIQQIIIHH")  # len, opcode, unique, nodeid, uid, gid, pid, ...
OUT_HEADER = struct.Struct("<IiQ")  # len, error, unique
ATTR = struct.Struct("<QQQQQQIIIIIIIIII")


def attr(node: int) -> bytes:
    now = int(time.time())
    if node == ROOT:
        return ATTR.pack(
            ROOT, 0, 0, now, now, now, 0, 0, 0, stat.S_IFDIR | 0o755, 2, 0, 0, 0, 4096, 0
        )
    return ATTR.pack(
        FILE, FILE_SIZE, 8, now, now, now, 0, 0, 0, stat.S_IFREG | 0o644, 1, 0, 0, 0, 4096, 0
    )


def answer(opcode: int, node: int, body: bytes) -> tuple[int, bytes] | None:
    """(error, reply body) for a request, or None for no reply at all (READ hangs here)."""
    if opcode in NO_REPLY or opcode in (READ, INTERRUPT):
        return None
    if opcode == INIT:
        _major, minor = struct.unpack_from("<II", body)
        out = struct.pack("<IIIIHHIIHHI", 7, min(minor, 31), 0, 0, 16, 12, 65536, 1, 0, 0, 0)
        return 0, out + bytes(28)
    if opcode == LOOKUP:
        if node == ROOT and body.rstrip(b"\0") == FILE_NAME:
            return 0, struct.pack("<QQQQII", FILE, 0, 3600, 3600, 0, 0) + attr(FILE)
        return -errno.ENOENT, b""
    if opcode == GETATTR:
        return 0, struct.pack("<QII", 3600, 0, 0) + attr(node)
    if opcode in (OPEN, OPENDIR):
        return 0, struct.pack("<QII", 1, 0, 0)
    if opcode == READDIR or opcode in EMPTY_OK:
        return 0, b""
    return -errno.ENOSYS, b""


def serve(fd: int) -> None:
    while True:
        try:
            request = os.read(fd, 1 << 21)
        except OSError:
            return  # unmounted
        length, opcode, unique, node, *_ = IN_HEADER.unpack_from(request)
        if opcode == DESTROY:
            return
        if opcode == INTERRUPT:  # the reader gave up (killed, exiting): end its read with EINTR
            (interrupted,) = struct.unpack_from("<Q", request, IN_HEADER.size)
            os.write(fd, OUT_HEADER.pack(OUT_HEADER.size, -errno.EINTR, interrupted))
            continue
        reply = answer(opcode, node, request[IN_HEADER.size : length])
        if reply is not None:
            error, body = reply
            with_body = body if error == 0 else b""
            os.write(
                fd, OUT_HEADER.pack(OUT_HEADER.size + len(with_body), error, unique) + with_body
            )


def main(argv: list[str]) -> int:
    mountpoint, command = argv[0], argv[argv.index("--") + 1 :]
    libc = ctypes.CDLL(None, use_errno=True)
    fd = os.open("/dev/fuse", os.O_RDWR)
    options = f"fd={fd},rootmode=40000,user_id=0,group_id=0,allow_other".encode()
    if libc.mount(b"hung", mountpoint.encode(), b"fuse", 0, options) != 0:
        code = ctypes.get_errno()
        print(f"fuse_hang: mount failed: {os.strerror(code)}", file=sys.stderr)
        return 125
    threading.Thread(target=serve, args=(fd,), daemon=True).start()
    try:
        return subprocess.call(command, pass_fds=())
    finally:
        libc.umount2(mountpoint.encode(), 2)  # MNT_DETACH: even with a read still pending


if __name__ == "__main__":
    status = main(sys.argv[1:])
    sys.stdout.flush()
    os._exit(status)
