"""A RAR 4 archive with stored (uncompressed) members, written byte by byte as WinRAR writes them
(backslash separators, GBK name plus RAR's Unicode name field). No free tool on Debian writes RAR;
`7z l` lists these archives as WinRAR's own, and rarfile reads stored members without an external tool."""

from __future__ import annotations

import struct
import zlib

_LONG_BLOCK, _ENCRYPTED, _UNICODE = 0x8000, 0x04, 0x200


def _block(head_type: int, flags: int, body: bytes) -> bytes:
    head = struct.pack("<BHH", head_type, flags, 7 + len(body)) + body
    return struct.pack("<H", zlib.crc32(head) & 0xFFFF) + head


def _unicode_name(name: str) -> bytes:
    """RAR's compressed Unicode name: a high byte, then per 4 characters a flag byte (2 = full 16 bits)."""
    out = bytearray([0])
    chars = [ord(c) for c in name]
    for i in range(0, len(chars), 4):
        group = chars[i : i + 4]
        out.append(sum(2 << (6 - 2 * j) for j in range(len(group))))
        for c in group:
            out += struct.pack("<H", c)
    return bytes(out)


def rar4(members: list[tuple[str, bytes]], *, encrypted: bool = False) -> bytes:
    out = b"Rar!\x1a\x07\x00" + _block(0x73, 0, bytes(6))
    for name, data in members:
        name = name.replace("/", "\\")
        flags = _LONG_BLOCK | (_ENCRYPTED if encrypted else 0)
        raw = name.encode("gbk")
        if not name.isascii():
            flags |= _UNICODE
            raw += b"\0" + _unicode_name(name)
        header = struct.pack("<IIBIIBBHI", len(data), len(data), 2, zlib.crc32(data), 0x5A210000, 20, 0x30,
                             len(raw), 0x20)  # fmt: skip
        out += _block(0x74, flags, header + raw) + data
    return out + _block(0x7B, 0x4000, b"")
