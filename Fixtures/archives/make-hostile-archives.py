#!/usr/bin/env python3
"""Writes the hostile tar archives the CardPrepArchive tests feed to the safe reader.

Run from this folder: python3 make-hostile-archives.py
Each archive is tiny and byte-stable (fixed times, owner 0:0, end blocks trimmed to the two
zero blocks the format requires). symlink-escape.tar.zst is symlink-escape.tar through `zstd -19`.
"""
import io
import subprocess
import tarfile

MTIME = 1714564800  # 2024-05-01 12:00:00 UTC


def member(name, kind=tarfile.REGTYPE, data=b"", linkname="", devmajor=0, devminor=0):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.mtime = MTIME
    info.mode = 0o644
    info.uid = info.gid = 0
    info.uname = info.gname = ""
    info.linkname = linkname
    info.devmajor, info.devminor = devmajor, devminor
    info.size = len(data) if kind == tarfile.REGTYPE else 0
    return info, (io.BytesIO(data) if kind == tarfile.REGTYPE else None)


def write(path, members):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        for info, data in members:
            archive.addfile(info, data)
        end = archive.offset + 2 * tarfile.BLOCKSIZE
    with open(path, "wb") as out:
        out.write(buffer.getvalue()[:end])


EVIL = b"this file must never be extracted\n"

write("parent-segment.tar", [member("../evil", data=EVIL)])
write("nested-parent.tar", [member("ok.txt", data=b"fine\n"), member("a/../../evil", data=EVIL)])
write("absolute-path.tar", [member("/abs/evil", data=EVIL)])
write("symlink-escape.tar", [
    member("link", tarfile.SYMTYPE, linkname="/tmp"),
    member("link/cardprep-fixture-symlink-evil", data=EVIL),
])
write("symlink-parent.tar", [
    member("link", tarfile.SYMTYPE, linkname=".."),
    member("link/evil", data=EVIL),
])
write("duplicate-entry.tar", [member("same.txt", data=b"first\n"), member("same.txt", data=EVIL)])
write("hardlink.tar", [member("passwd", tarfile.LNKTYPE, linkname="/etc/passwd")])
write("char-device.tar", [member("null", tarfile.CHRTYPE, devmajor=1, devminor=3)])
write("fifo.tar", [member("pipe", tarfile.FIFOTYPE)])

subprocess.run(["zstd", "-q", "-f", "-19", "symlink-escape.tar", "-o", "symlink-escape.tar.zst"], check=True)
