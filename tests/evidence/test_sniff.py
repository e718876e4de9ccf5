"""Type by content, on real files made by real libraries — also when they carry the wrong extension."""

from __future__ import annotations

import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import pytest
from make_demo import ole2_file  # scripts/ is on sys.path (tests/conftest.py)

from wenming_submit.evidence.sniff import sniff

ROOT = Path(__file__).resolve().parents[2]


def mp4_bytes(brand: bytes) -> bytes:
    """An ISO-BMFF file: ftyp, a free box and an empty mdat (what every MP4/MOV starts with)."""
    ftyp = brand + struct.pack(">I", 0) + brand + b"isom"
    boxes = struct.pack(">I", 8 + len(ftyp)) + b"ftyp" + ftyp
    boxes += struct.pack(">I", 16) + b"free" + b"\0" * 8
    return boxes + struct.pack(">I", 8 + 64) + b"mdat" + bytes(range(64))


def ooxml(path: Path, main_part: str, content_type: str) -> Path:
    """The package skeleton of an OOXML file (used for .pptx: no presentation writer is installed)."""
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            f'<Override PartName="/{main_part}" ContentType="{content_type}"/></Types>',
        )
        zf.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        zf.writestr(main_part, '<?xml version="1.0"?><p:presentation xmlns:p="x"/>')
    return path


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    import samplefiles as f

    d = tmp_path_factory.mktemp("sniff")
    out = {
        "docx": f.docx(d / "a.docx", ["创文工作情况说明"], title="说明"),
        "xlsx": f.xlsx(d / "a.xlsx", ["巡查时间", "巡查人员"], [["2026-01-05", "张伟"]], title="台账"),
        "pptx": ooxml(
            d / "a.pptx",
            "ppt/presentation.xml",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        ),
        "jpeg": f.jpeg(d / "a.jpg", size=(64, 48)),
        "png": f.png(d / "a.png", size=(64, 48)),
        "gif": f.image(d / "a.gif", "GIF", size=(64, 48)),
        "webp": f.image(d / "a.webp", "WEBP", size=(64, 48)),
        "bmp": f.image(d / "a.bmp", "BMP", size=(64, 48)),
        "tiff": f.image(d / "a.tif", "TIFF", size=(64, 48)),
        "heic": f.image(d / "a.heic", "HEIC", size=(64, 48)),
        "pdf": f.pdf(d / "a.pdf", ["关于开展活动的通知"]),
        "scanned": f.scanned_pdf(d / "scan.pdf"),
        "doc": ole2_file(d / "a.doc", {"WordDocument": b"\xec\xa5" + b"\0" * 100}),
        "xls": ole2_file(d / "a.xls", {"Workbook": b"\x09\x08" + b"\0" * 100}),
        "ppt": ole2_file(d / "a.ppt", {"PowerPoint Document": b"\0" * 100}),
        "encrypted": ole2_file(
            d / "secret.docx", {"EncryptionInfo": b"\4\0" * 20, "EncryptedPackage": b"\0" * 200}
        ),
        "mp4": d / "a.mp4",
        "mov": d / "a.mov",
        "text": d / "a.txt",
        "csv": d / "a.csv",
        "gbk": d / "gbk.txt",
        "zip": d / "a.zip",
        "ofd": d / "a.ofd",
        "empty": d / "empty.docx",
        "unknown": d / "a.bin",
    }
    out["mp4"].write_bytes(mp4_bytes(b"mp42"))
    out["mov"].write_bytes(mp4_bytes(b"qt  "))
    out["text"].write_text("图片说明\n2026年3月5日 广场 元宵节活动\n", encoding="utf-8")
    out["csv"].write_text("巡查时间,巡查人员\n2026-01-05,张伟\n", encoding="utf-8")
    out["gbk"].write_bytes("图片说明：2026年3月5日 广场 元宵节活动".encode("gb18030"))
    with zipfile.ZipFile(out["zip"], "w") as zf:
        zf.writestr("照片/1.jpg", f.jpeg_bytes())
    with zipfile.ZipFile(out["ofd"], "w") as zf:
        zf.writestr("OFD.xml", '<?xml version="1.0"?><ofd:OFD xmlns:ofd="http://www.ofdspec.org/2016"/>')
        zf.writestr("Doc_0/Document.xml", "<ofd:Document/>")
    out["empty"].write_bytes(b"")
    out["unknown"].write_bytes(bytes(range(256)) * 4)
    return out


EXPECTED = {
    "docx": ("docx", "document"), "xlsx": ("xlsx", "spreadsheet"), "pptx": ("pptx", "presentation"),
    "jpeg": ("jpeg", "image"), "png": ("png", "image"), "gif": ("gif", "image"), "webp": ("webp", "image"),
    "bmp": ("bmp", "image"), "tiff": ("tiff", "image"), "heic": ("heic", "image"), "pdf": ("pdf", "pdf"),
    "scanned": ("pdf", "pdf"), "doc": ("doc", "document"), "xls": ("xls", "spreadsheet"),
    "ppt": ("ppt", "presentation"), "encrypted": ("docx", "document"), "mp4": ("mp4", "video"),
    "mov": ("mov", "video"), "text": ("text", "document"), "csv": ("csv", "spreadsheet"),
    "gbk": ("text", "document"), "zip": ("zip", "archive"), "ofd": ("ofd", "document"),
    "empty": ("empty", "other"), "unknown": ("unknown", "other"),
}  # fmt: skip


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_sniff_real_files(made: dict[str, Path], name: str) -> None:
    sniffed = sniff(made[name])
    assert (sniffed.format.id, sniffed.format.kind) == EXPECTED[name]
    assert sniffed.encrypted is (name == "encrypted")


@pytest.mark.parametrize("name", sorted(set(EXPECTED) - {"empty", "text", "csv", "gbk"}))
@pytest.mark.parametrize("wrong_ext", ["docx", "jpg", "pdf", "xls", ""])
def test_renamed_files_are_known_by_content(
    made: dict[str, Path], tmp_path: Path, name: str, wrong_ext: str
) -> None:
    renamed = tmp_path / (f"renamed.{wrong_ext}" if wrong_ext else "renamed")
    shutil.copyfile(made[name], renamed)
    assert sniff(renamed).format.id == EXPECTED[name][0]


def test_wps_and_et_extensions_name_the_ole_flavour(tmp_path: Path) -> None:
    assert sniff(ole2_file(tmp_path / "a.wps", {"WordDocument": b"\0" * 10})).format.id == "wps"
    assert sniff(ole2_file(tmp_path / "a.et", {"Workbook": b"\0" * 10})).format.id == "et"


def test_broken_zip_and_broken_ole_do_not_raise(tmp_path: Path, made: dict[str, Path]) -> None:
    cut = tmp_path / "cut.docx"
    cut.write_bytes(made["docx"].read_bytes()[:300])
    assert sniff(cut).format.id == "zip"
    assert "损坏" in sniff(cut).detail
    bad_ole = tmp_path / "bad.doc"
    bad_ole.write_bytes(made["doc"].read_bytes()[:600])
    assert sniff(bad_ole).format.id == "ole"


def test_pdf_with_a_leading_blank_line(tmp_path: Path, made: dict[str, Path]) -> None:
    path = tmp_path / "scan.pdf"
    path.write_bytes(b"\r\n" + made["pdf"].read_bytes())
    assert sniff(path).format.id == "pdf"


def test_unreadable_file_raises_oserror(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        sniff(tmp_path / "gone.jpg")


needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None, reason="LibreOffice (soffice) is not installed"
)


@pytest.mark.slow
@needs_soffice
def test_office_legacy_and_odf_files_made_by_libreoffice(made: dict[str, Path], tmp_path: Path) -> None:
    """Real .doc/.xls/.odt/.ods written by LibreOffice, each also renamed to the modern extension."""
    for source, targets in ((made["docx"], ("doc", "odt")), (made["xlsx"], ("xls", "ods"))):
        for target in targets:
            subprocess.run(
                ["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", target,
                 "--outdir", str(tmp_path), str(source)],
                check=True, capture_output=True, timeout=120,
            )  # fmt: skip
    expected = {"a.doc": "doc", "a.xls": "xls", "a.odt": "odt", "a.ods": "ods"}
    for name, fmt in expected.items():
        path = tmp_path / name
        assert sniff(path).format.id == fmt, name
        renamed = path.with_name(
            "renamed." + {"doc": "docx", "xls": "xlsx", "odt": "docx", "ods": "xlsx"}[fmt]
        )
        shutil.copyfile(path, renamed)
        assert sniff(renamed).format.id == fmt, renamed.name
