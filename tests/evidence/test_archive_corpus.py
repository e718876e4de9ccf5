"""Hostile and damaged archives, made by real programs where the machine has them (7z, py7zr, zipfile):
each is refused with a fitting kind, none crashes, none is inflated, good ones open."""

from __future__ import annotations

import io
import random
import shutil
import struct
import subprocess
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import py7zr
import pytest

from wenming_submit.evidence import archives
from wenming_submit.findings.registry import REGISTRY

PHOTO = random.Random(1).randbytes(100_000)  # 100 KB that does not compress, like a JPEG


def _zip(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _seven_zip(path: Path, *args: str, data: bytes = PHOTO) -> Path:
    src = path.parent / "src"
    src.mkdir(exist_ok=True)
    (src / "说明报告.docx").write_bytes(data)
    subprocess.run(["7z", "a", "-bd", "-y", *args, str(path), str(src / "说明报告.docx")], check=True,
                   capture_output=True)  # fmt: skip
    return path


def _overlapping(path: Path) -> Path:
    """Many central-directory entries sharing one member's data (the "overlapping files" bomb)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.jpg", b"\0" * 1_000_000)
    data = buf.getvalue()
    cd_at = data.index(b"PK\x01\x02")
    end_at = data.index(b"PK\x05\x06")
    entry = data[cd_at:end_at]
    entries = b"".join(entry.replace(b"a.jpg", f"{n:05d}".encode()[:5]) for n in range(300))
    end = bytearray(data[end_at:])
    struct.pack_into("<HHII", end, 8, 300, 300, len(entries), cd_at)
    path.write_bytes(data[:cd_at] + entries + bytes(end))
    return path


def _bad_crc(path: Path) -> Path:
    _zip(path, {"实景图片/a.jpg": PHOTO}, zipfile.ZIP_STORED)
    data = bytearray(path.read_bytes())
    data[100] ^= 0xFF
    path.write_bytes(bytes(data))
    return path


def _seven_encrypted(path: Path) -> Path:
    with py7zr.SevenZipFile(path, "w", password="1234") as szf:
        szf.writestr(PHOTO, "a.jpg")
    return path


def _seven_header_encrypted(path: Path) -> Path:
    with py7zr.SevenZipFile(path, "w", password="1234", header_encryption=True) as szf:
        szf.writestr(PHOTO, "a.jpg")
    return path


def _seven_truncated(path: Path) -> Path:
    with py7zr.SevenZipFile(path, "w") as szf:
        szf.writestr(PHOTO, "a.jpg")
    path.write_bytes(path.read_bytes()[:-40])
    return path


def _seven_bomb(path: Path) -> Path:
    with py7zr.SevenZipFile(path, "w") as szf:
        szf.writestr(b"\0" * (16 * 2**20), "zeros.jpg")
    return path


HOSTILE: dict[str, tuple[str, Callable[[Path], Path]]] = {
    "bomb.zip": ("unsafe", lambda p: _zip(p, {"zeros.jpg": b"\0" * (16 * 2**20)})),
    "many.zip": ("unsafe", lambda p: _zip(p, {f"{n}.txt": b"" for n in range(10_001)}, zipfile.ZIP_STORED)),
    "overlap.zip": ("unsafe", _overlapping),
    "slip-dotdot.zip": ("unsafe", lambda p: _zip(p, {"../../x.txt": b"x"})),
    "slip-abs.zip": ("unsafe", lambda p: _zip(p, {"/etc/cron.d/x": b"x"})),
    "slip-drive.zip": ("unsafe", lambda p: _zip(p, {"C:\\Windows\\x.txt": b"x"})),
    "slip-backslash.zip": ("unsafe", lambda p: _zip(p, {"a\\..\\..\\x.txt": b"x"})),
    "crc.zip": ("corrupt", _bad_crc),
    "truncated.zip": (
        "corrupt",
        lambda p: p.write_bytes(_zip(p, {"a.jpg": PHOTO}).read_bytes()[:5000]) and p,
    ),
    "encrypted.7z": ("encrypted", _seven_encrypted),
    "header-encrypted.7z": ("encrypted", _seven_header_encrypted),
    "truncated.7z": ("corrupt", _seven_truncated),
    "bomb.7z": ("unsafe", _seven_bomb),
    "not-a-rar.rar": ("corrupt", lambda p: p.write_bytes(b"Rar!\x1a\x07\x00" + bytes(64)) and p),
}
WITH_7Z = {
    "zipcrypto.zip": ("encrypted", lambda p: _seven_zip(p, "-tzip", "-p1234")),
    "aes.zip": ("encrypted", lambda p: _seven_zip(p, "-tzip", "-p1234", "-mem=AES256")),
    "deflate64.zip": (
        "corrupt",
        lambda p: _seven_zip(p, "-tzip", "-mm=Deflate64", data="活动说明。".encode() * 20_000),
    ),
}


@pytest.mark.parametrize("name", [*HOSTILE, *WITH_7Z])
def test_a_hostile_archive_is_refused_with_a_fitting_kind(name: str, tmp_path: Path) -> None:
    if name in WITH_7Z and shutil.which("7z") is None:
        pytest.skip("7z (p7zip-full) is not installed")
    kind, make = {**HOSTILE, **WITH_7Z}[name]
    path = make(tmp_path / name)
    fmt = name.rsplit(".", 1)[-1]
    opened = archives.open_archive(path, fmt)
    assert opened.problem is not None and opened.members == ()
    spec = REGISTRY[opened.problem.code]
    assert spec.kind == kind, (spec.code, opened.problem.params)
    assert spec.unreadable
    assert not any(p.is_file() and p.stat().st_size > 2**20 for p in archives.member_root().rglob("*"))


def test_good_archives_open(tmp_path: Path) -> None:
    good = {
        "stored.zip": _zip(tmp_path / "stored.zip", {"实景图片/a.jpg": PHOTO}, zipfile.ZIP_STORED),
        "bzip2.zip": _zip(tmp_path / "bzip2.zip", {"a.jpg": PHOTO}, zipfile.ZIP_BZIP2),
        "lzma.zip": _zip(tmp_path / "lzma.zip", {"a.jpg": PHOTO}, zipfile.ZIP_LZMA),
        "text.zip": _zip(
            tmp_path / "text.zip", {"说明.txt": "活动说明。".encode() * 50_000}
        ),  # 750 KB of text, 1000:1
    }
    with py7zr.SevenZipFile(tmp_path / "a.7z", "w") as szf:
        szf.writestr(PHOTO, "实景图片/a.jpg")
    good["a.7z"] = tmp_path / "a.7z"
    if shutil.which("7z"):
        good["7z-made.zip"] = _seven_zip(tmp_path / "7z-made.zip", "-tzip")
        good["7z-made.7z"] = _seven_zip(tmp_path / "7z-made.7z", "-t7z")
    for name, path in good.items():
        opened = archives.open_archive(path, name.rsplit(".", 1)[-1])
        assert opened.problem is None, (name, opened.problem)
        ((member, copy),) = opened.members
        assert copy.read_bytes() in (PHOTO, "活动说明。".encode() * 50_000)
        assert member.name.endswith(("a.jpg", "说明.txt", "说明报告.docx"))


def test_a_7z_declaring_a_huge_dictionary_is_refused_before_decoding(tmp_path: Path) -> None:
    path = tmp_path / "dict.7z"
    with py7zr.SevenZipFile(path, "w", filters=[{"id": py7zr.FILTER_LZMA2, "dict_size": 64 * 2**20}]) as szf:
        szf.set_encoded_header_mode(False)  # a plain header, so the property byte can be patched
        szf.writestr(b"abc" * 1000, "a.txt")
    data = path.read_bytes()
    # The coder's property byte (LZMA2 dictionary code) sits in the header at the end: 0x1c = 64 MB.
    # 0x28 declares 4 GB: liblzma would allocate it before reading a byte. The header CRC is fixed below.
    at = data.rindex(b"!\x01\x1c") + 2
    assert at > 32
    patched = bytearray(data)
    patched[at] = 0x28
    header_start = 32 + int.from_bytes(data[12:20], "little")
    header = bytes(patched[header_start:])
    struct.pack_into("<I", patched, 28, zlib.crc32(header))
    start = bytearray(patched[12:32])
    struct.pack_into("<I", patched, 8, zlib.crc32(bytes(start)))
    path.write_bytes(bytes(patched))
    opened = archives.open_archive(path, "7z")
    assert opened.problem is not None and opened.problem.code == "WM155"
    assert "4096 MB" in opened.problem.params["reason"]
