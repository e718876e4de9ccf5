"""Type by content on files as real programs write them, and on hostile containers that must not crash."""

from __future__ import annotations

import codecs
import io
import os
import struct
import threading
import zipfile
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from wenming_submit.evidence.sniff import HEAD_BYTES, sniff
from wenming_submit.evidence.spreadsheet import open_sheets
from wenming_submit.textcodec import decode_chinese_text

LINE = (
    "各社区按照区文明办要求开展“我们的节日”主题活动，组织志愿者入户宣传，共计发放资料三百余份，活动圆满完成"
)


def notepad_text(encoding: str, lines: int) -> bytes:
    """What Windows Notepad writes: CRLF line ends, the text ending in a Chinese character and CRLF."""
    text = "\r\n".join(f"{i}、{LINE}" for i in range(1, lines + 1)) + "\r\n"
    if encoding == "utf-16-le-bom":
        return codecs.BOM_UTF16_LE + text.encode("utf-16-le")
    if encoding == "utf-16-be-bom":
        return codecs.BOM_UTF16_BE + text.encode("utf-16-be")
    return text.encode(encoding)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "utf-16-le-bom", "utf-16-be-bom"])
@pytest.mark.parametrize("lines", [1, 3, 200])
def test_notepad_text_ending_in_a_chinese_character_is_text(
    tmp_path: Path, encoding: str, lines: int
) -> None:
    data = notepad_text(encoding, lines)
    path = tmp_path / "说明报告.txt"
    path.write_bytes(data)
    assert sniff(path).format.id == "text"
    assert decode_chinese_text(data) is not None and decode_chinese_text(data).endswith("完成\r\n")  # type: ignore[union-attr]


@pytest.mark.parametrize("cut", range(1, 4))
def test_a_head_cut_inside_a_character_is_still_text(tmp_path: Path, cut: int) -> None:
    """The 8 KB head ends 1-3 bytes into a 3-byte UTF-8 character: the cut tail is tolerated, not fatal."""
    body = "说" * ((HEAD_BYTES - cut) // 3)
    pad = "a" * ((HEAD_BYTES - cut) - len(body) * 3)
    data = (pad + body + "明报告完成\r\n").encode()
    assert data[HEAD_BYTES - 1] >= 0x80  # the head really ends inside a multi-byte character
    path = tmp_path / "长文本.txt"
    path.write_bytes(data)
    assert sniff(path).format.id == "text"


def test_binary_noise_is_not_text(tmp_path: Path) -> None:
    path = tmp_path / "未知.txt"
    path.write_bytes(bytes(range(1, 32)) * 40)
    assert sniff(path).format.id == "unknown"


# --- zip containers whose small `mimetype` member cannot be read (issue 18)


def _odt_with_mimetype(method: int, data: bytes, *, flags: int = 0) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("mimetype", b"application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", b"<office:document-content/>")
    raw = bytearray(buf.getvalue())
    # rewrite the method (and flags) of the first member, in the local header and the central directory
    struct.pack_into("<HH", raw, 6, flags, method)
    central = raw.find(b"PK\x01\x02")
    struct.pack_into("<HH", raw, central + 8, flags, method)
    if data:
        start = 30 + len("mimetype")
        raw[start : start + len(data)] = data
    return bytes(raw)


@pytest.mark.parametrize(
    ("label", "method", "data", "flags"),
    [
        ("encrypted", 0, b"", 0x1),  # RuntimeError: password required
        ("deflate64", 9, b"", 0),  # NotImplementedError
        ("bad deflate", 8, b"\xff" * 39, 0),  # zlib.error
        ("bad lzma", 14, b"\x09\x14\x05\x00" + b"\xff" * 35, 0),  # LZMAError / EOFError
    ],
)
def test_an_unreadable_mimetype_member_is_corrupt_not_a_crash(
    tmp_path: Path, label: str, method: int, data: bytes, flags: int
) -> None:
    path = tmp_path / "方案.odt"
    path.write_bytes(_odt_with_mimetype(method, data, flags=flags))
    sniffed = sniff(path)
    assert sniffed.format.id == "zip" and sniffed.detail.startswith("压缩结构损坏"), label


def test_an_ole_header_with_a_huge_sector_shift_is_corrupt_not_a_crash(tmp_path: Path) -> None:
    from make_demo import ole2_file  # scripts/ is on sys.path (tests/conftest.py)

    path = ole2_file(tmp_path / "方案.doc", {"WordDocument": b"\xec\xa5" + b"\0" * 600})
    raw = bytearray(path.read_bytes())
    struct.pack_into("<H", raw, 30, 0xFFFF)  # sector shift 65535: olefile computes 2**65535
    path.write_bytes(bytes(raw))
    sniffed = sniff(path)
    assert sniffed.format.id == "ole" and sniffed.detail.startswith("OLE 结构损坏")


def test_a_fifo_swapped_in_after_the_walk_does_not_block(tmp_path: Path) -> None:
    path = tmp_path / "照片.jpg"
    os.mkfifo(path)
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["result"] = sniff(path)
        except OSError as exc:
            outcome["error"] = exc

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(5)
    if worker.is_alive():  # unblock the thread before failing
        os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        pytest.fail("sniff blocked on a FIFO")
    assert "不是普通文件" in str(outcome["error"])


# --- pictures


def _ftyp(major: bytes, *compatible: bytes) -> bytes:
    body = major + b"\0\0\0\0" + b"".join(compatible)
    return struct.pack(">I", 8 + len(body)) + b"ftyp" + body + struct.pack(">I", 16) + b"free" + b"\0" * 8


@pytest.mark.parametrize(
    ("ftyp", "expected"),
    [
        (_ftyp(b"heic", b"mif1", b"heic"), "heic"),
        (_ftyp(b"heix", b"mif1", b"heix"), "heic"),
        (_ftyp(b"mif1", b"mif1", b"heic", b"miaf"), "heic"),
        (_ftyp(b"avif", b"mif1", b"avif", b"miaf"), "avif"),
        (_ftyp(b"mif1", b"mif1", b"avif", b"miaf"), "avif"),
        (_ftyp(b"isom", b"isom", b"mp41"), "mp4"),
    ],
)
def test_iso_bmff_brands(tmp_path: Path, ftyp: bytes, expected: str) -> None:
    path = tmp_path / "照片"
    path.write_bytes(ftyp + b"\0" * 64)
    assert sniff(path).format.id == expected


def test_pictures_made_by_pillow(tmp_path: Path) -> None:
    from PIL import features

    frame = Image.effect_noise((64, 48), 60).convert("RGB")
    frame.save(tmp_path / "动图.png", "PNG", save_all=True, append_images=[frame.rotate(90)])  # APNG
    frame.save(tmp_path / "立体.mpo", "MPO", save_all=True, append_images=[frame.rotate(90)])
    assert sniff(tmp_path / "动图.png").format.id == "png"
    mpo = sniff(tmp_path / "立体.mpo").format
    assert mpo.id == "jpeg" and "mpo" in mpo.extensions  # an MPO is a JPEG and honestly named .mpo
    if features.check("avif"):
        frame.save(tmp_path / "照片.avif", "AVIF")
        assert sniff(tmp_path / "照片.avif").format.id == "avif"


def biff4_workbook(cells: list[tuple[int, int, str]]) -> bytes:
    """A bare BIFF4 worksheet stream (Excel 4.0): BOF, LABEL records, EOF — the records xlrd reads."""

    def record(kind: int, body: bytes) -> bytes:
        return struct.pack("<HH", kind, len(body)) + body

    out = record(0x0409, struct.pack("<HHH", 0x0000, 0x0010, 0x0000))  # BOF, worksheet
    for row, col, text in cells:
        data = text.encode("latin-1")
        out += record(0x0204, struct.pack("<HHHH", row, col, 0, len(data)) + data)  # LABEL
    return out + record(0x000A, b"")  # EOF


def test_a_bare_biff4_workbook_is_a_readable_xls(tmp_path: Path) -> None:
    path = tmp_path / "台账.xls"
    path.write_bytes(biff4_workbook([(0, 0, "Date"), (0, 1, "Name"), (1, 0, "2026-01-05"), (1, 1, "Zhang")]))
    assert sniff(path).format.id == "xls"
    with open_sheets(path, "xls") as sheets:
        rows = [tuple(r) for r in sheets[0].rows]
    assert rows[0] == ("Date", "Name") and rows[1] == ("2026-01-05", "Zhang")


# --- Word templates and macro documents


def _with_content_type(src: Path, dest: Path, content_type: str) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            data = zin.read(name)
            if name == "[Content_Types].xml":
                data = data.replace(
                    b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
                    content_type.encode(),
                )
            zout.writestr(name, data)
    return dest


@pytest.mark.parametrize(
    ("ext", "content_type", "expected"),
    [
        ("dotx", "application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml", "dotx"),
        ("docm", "application/vnd.ms-word.document.macroEnabled.main+xml", "docm"),
    ],
)
def test_word_templates_and_macro_documents(
    tmp_path: Path, files: Any, ext: str, content_type: str, expected: str
) -> None:
    plain = files.docx(tmp_path / "a.docx", ["活动方案"], title="方案")
    path = _with_content_type(plain, tmp_path / f"方案.{ext}", content_type)
    fmt = sniff(path).format
    assert fmt.id == expected and fmt.kind == "document" and ext in fmt.extensions
