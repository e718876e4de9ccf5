"""Build bench/corpus/: a project of files made the way real programs make them, good and bad.

    python bench/make_corpus.py            # (re)builds bench/corpus/ (about a minute: LibreOffice runs)
    python bench/run_corpus.py             # checks it and prints the figures (docs/corpus.md)

Good files come from LibreOffice (`soffice --convert-to` docx/doc/odt/pdf/xlsx/xls/BIFF5 xls), python-docx,
openpyxl, reportlab, qpdf, Notepad-style text (CRLF; UTF-8 with and without BOM, GB18030, UTF-16 LE/BE
with BOM), Pillow (WeChat-like JPEGs without EXIF, phone-like JPEGs with EXIF and a thumbnail, PNG, APNG,
MPO, WEBP, GIF, AVIF) and pillow-heif (HEIC), and a bare BIFF4 workbook. Bad files are derived from them:
truncated, bit-flipped (containers whose integrity can be checked: zip members carry a CRC, PNG chunks a
CRC, OLE sectors a chain), encrypted (msoffcrypto-tool for docx/xlsx, LibreOffice `storeToURL` with a
Password for doc/xls/ppt, qpdf and pypdf AES/RC4 for PDF), and dangerous (zip bombs and XML entity bombs
in docx/xlsx, decompression-bomb PNG/GIF, zip/odt members with unreadable methods, an OLE header with a
hostile sector shift). `corpus/expected.json` says what each file is.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import json
import random
import shutil
import struct
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from PIL import Image

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import samplefiles  # noqa: E402

CORPUS = ROOT / "bench" / "corpus"
UNIT = "区文明办"
DOCS = f"evidence/{UNIT}/Ⅰ-1 文档/文档"
SHEETS = f"evidence/{UNIT}/Ⅰ-2 表格/表格"
PICS = f"evidence/{UNIT}/Ⅰ-3 图片/图片"

TOML = """\
[project]
title = "真实文件语料"

[period]
start = 2000-01-01
end = 2099-12-31

[limits]
image_min_width = 1
image_min_height = 1
document_max_mb = 500
image_max_mb = 500

[extensions]
document = ["docx", "doc", "wps", "txt", "pdf", "ofd", "odt", "docm", "dotx", "rtf"]
spreadsheet = ["xlsx", "xls", "et", "csv", "ods"]
image = ["jpg", "jpeg", "png", "heic", "heif", "webp", "bmp", "tif", "tiff", "gif", "avif", "mpo"]
"""

CATALOG = f"""\
- code: "Ⅰ-1"
  title: 文档
  units: [{UNIT}]
  materials:
    - name: 文档
      kinds: [document, pdf]
- code: "Ⅰ-2"
  title: 表格
  units: [{UNIT}]
  materials:
    - name: 表格
      kinds: [spreadsheet]
- code: "Ⅰ-3"
  title: 图片
  units: [{UNIT}]
  materials:
    - name: 图片
      kinds: [image]
"""

TEXT = "关于开展2026年“我们的节日”主题活动的情况报告\n各社区按照区文明办要求，组织志愿者开展宣传活动，共发放资料三百余份，活动圆满完成"
EXPECTED: dict[str, dict[str, str]] = {}


def put(folder: str, name: str, data: bytes, expect: str, how: str) -> Path:
    path = CORPUS / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    EXPECTED[f"{folder}/{name}"] = {"expect": expect, "how": how}
    return path


def soffice(profile: Path, outdir: Path, target: str, *sources: Path, infilter: str | None = None) -> None:
    cmd = ["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--convert-to", target]
    if infilter:
        cmd.append(f"--infilter={infilter}")
    subprocess.run(
        [*cmd, "--outdir", str(outdir), *map(str, sources)], check=True, capture_output=True, timeout=300
    )


ENCRYPT_MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub Encrypt(inUrl As String, outUrl As String, filterName As String, pwd As String)
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = &quot;Hidden&quot;
  args(0).Value = True
  doc = StarDesktop.loadComponentFromURL(inUrl, &quot;_blank&quot;, 0, args())
  Dim sargs(1) As New com.sun.star.beans.PropertyValue
  sargs(0).Name = &quot;FilterName&quot;
  sargs(0).Value = filterName
  sargs(1).Name = &quot;Password&quot;
  sargs(1).Value = pwd
  doc.storeToURL(outUrl, sargs())
  doc.close(True)
End Sub
</script:module>
"""


def lo_encrypt(profile: Path, source: Path, dest: Path, filter_name: str) -> bool:
    """Save `source` as `dest` with an opening password, the way a user does in LibreOffice's Save As."""
    module = profile / "user" / "basic" / "Standard" / "Module1.xba"
    if not module.exists():
        subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", "--terminate_after_init"],
                       capture_output=True, timeout=300)  # fmt: skip
    module.write_text(ENCRYPT_MACRO, encoding="utf-8")
    macro = (
        f'macro:///Standard.Module1.Encrypt("{source.as_uri()}","{dest.as_uri()}","{filter_name}","secret")'
    )
    subprocess.run(["soffice", f"-env:UserInstallation={profile.as_uri()}", "--headless", macro],
                   capture_output=True, timeout=300)  # fmt: skip
    return dest.exists()


# --- mutations


def truncated(data: bytes, fraction: float = 0.5) -> bytes:
    return data[: max(int(len(data) * fraction), 1)]


def bit_flipped(data: bytes, seed: int, start: float = 0.3, end: float = 0.7, count: int = 24) -> bytes:
    rnd = random.Random(seed)
    raw = bytearray(data)
    lo, hi = int(len(raw) * start), max(int(len(raw) * end), int(len(raw) * start) + 1)
    for _ in range(count):
        i = rnd.randrange(lo, hi)
        raw[i] ^= 1 << rnd.randrange(8)
    return bytes(raw)


def zip_member_flipped(data: bytes, member: str, seed: int) -> bytes:
    """Bytes flipped inside one member's compressed data (its CRC no longer matches)."""
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        info = zf.getinfo(member)
    raw = bytearray(data)
    name_len, extra_len = struct.unpack_from("<HH", raw, info.header_offset + 26)
    start = info.header_offset + 30 + name_len + extra_len
    rnd = random.Random(seed)
    for _ in range(8):
        i = start + rnd.randrange(max(info.compress_size, 1))
        raw[i] ^= 1 << rnd.randrange(8)
    return bytes(raw)


def rezip(data: bytes, replace: dict[str, bytes], *, compress: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", compress) as zout:
        for name in zin.namelist():
            zout.writestr(name, replace.get(name, zin.read(name)))
        for name, value in replace.items():
            if name not in zin.namelist():
                zout.writestr(name, value)
    return out.getvalue()


def zip_bomb_member(data: bytes, member: str, megabytes: int) -> bytes:
    """A member that inflates to `megabytes` MB of one repeated XML-looking byte run."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for name in zin.namelist():
            if name == member:
                with zout.open(zipfile.ZipInfo(name), "w", force_zip64=True) as fh:
                    chunk = b"<w:t>" + b"A" * (1024 * 1024 - 5)
                    for _ in range(megabytes):
                        fh.write(chunk)
            else:
                zout.writestr(name, zin.read(name))
    return out.getvalue()


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
    + b"".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">'.encode()
        for i in range(1, 10)
    )
    + b"]>"
)


def entity_bomb(data: bytes, member: str, root: bytes) -> bytes:
    return rezip(data, {member: LAUGHS + root})


def odt_with_mimetype_method(method: int, payload: bytes, flags: int = 0) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("mimetype", b"application/vnd.oasis.opendocument.text")
        zf.writestr("content.xml", b"<office:document-content/>")
    raw = bytearray(buf.getvalue())
    struct.pack_into("<HH", raw, 6, flags, method)
    central = raw.find(b"PK\x01\x02")
    struct.pack_into("<HH", raw, central + 8, flags, method)
    if payload:
        raw[38 : 38 + len(payload)] = payload
    return bytes(raw)


# --- good files


def notepad(encoding: str, lines: int) -> bytes:
    body = "\r\n".join(f"{i}、{TEXT.splitlines()[1]}" for i in range(1, lines + 1)) + "\r\n"
    if encoding == "utf-16-le-bom":
        return codecs.BOM_UTF16_LE + body.encode("utf-16-le")
    if encoding == "utf-16-be-bom":
        return codecs.BOM_UTF16_BE + body.encode("utf-16-be")
    return body.encode(encoding)


def phone_jpeg(seed: int, size: tuple[int, int]) -> bytes:
    img = samplefiles._picture(size, seed)
    exif = Image.Exif()
    exif[0x010F], exif[0x0110], exif[0x0112] = "Xiaomi", "Redmi K70", 1
    exif.get_ifd(0x8769)[0x9003] = "2026:03:12 10:15:00"
    out = io.BytesIO()
    img.save(out, "JPEG", quality=92, exif=exif.tobytes())
    return out.getvalue()


def wechat_jpeg(seed: int) -> bytes:
    img = samplefiles._picture((1080, 810), seed)
    out = io.BytesIO()
    img.save(out, "JPEG", quality=80, optimize=True)  # no EXIF, as WeChat forwards it
    return out.getvalue()


def encoded(img: Image.Image, fmt: str, **kw: object) -> bytes:
    out = io.BytesIO()
    img.save(out, fmt, **kw)
    return out.getvalue()


def biff4(rows: list[list[str]]) -> bytes:
    def record(kind: int, body: bytes) -> bytes:
        return struct.pack("<HH", kind, len(body)) + body

    out = record(0x0409, struct.pack("<HHH", 0, 0x0010, 0))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            data = text.encode("latin-1")
            out += record(0x0204, struct.pack("<HHHH", r, c, 0, len(data)) + data)
    return out + record(0x000A, b"")


def biff5(biff8_xls: bytes, rows: list[list[str]]) -> bytes:
    """An Excel 5.0/95 (BIFF5) workbook: BIFF5 globals and one worksheet written into the OLE2 container of
    a LibreOffice .xls (LibreOffice no longer writes BIFF5; olefile rewrites a stream of the same size)."""
    import olefile

    def record(kind: int, body: bytes) -> bytes:
        return struct.pack("<HH", kind, len(body)) + body

    def globals_(sheet_at: int) -> bytes:
        name = b"Sheet1"
        return (record(0x0809, struct.pack("<HHHH", 0x0500, 0x0005, 0, 0)) + record(0x0042, struct.pack("<H", 1252))
                + record(0x0085, struct.pack("<IBB", sheet_at, 0, 0) + bytes([len(name)]) + name)
                + record(0x000A, b""))  # fmt: skip

    sheet = record(0x0809, struct.pack("<HHHH", 0x0500, 0x0010, 0, 0))
    sheet += record(0x0200, struct.pack("<HHHHH", 0, len(rows), 0, max(map(len, rows)), 0))
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            data = text.encode("latin-1")
            sheet += record(0x0204, struct.pack("<HHHH", r, c, 0, len(data)) + data)
    sheet += record(0x000A, b"")
    stream = globals_(len(globals_(0))) + sheet
    buf = io.BytesIO(biff8_xls)
    with olefile.OleFileIO(buf, write_mode=True) as ole:
        size = ole.get_size("Workbook")
        ole.write_stream("Workbook", stream + b"\0" * (size - len(stream)))
    return buf.getvalue()


def main() -> None:
    if CORPUS.exists():
        shutil.rmtree(CORPUS)
    (CORPUS / "indicators").mkdir(parents=True)
    (CORPUS / "wenming.toml").write_text(TOML, encoding="utf-8")
    (CORPUS / "indicators" / "目录.yaml").write_text(CATALOG, encoding="utf-8")
    work = Path(tempfile.mkdtemp(prefix="corpus-"))
    profile = work / "profile"
    try:
        build(work, profile)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    (CORPUS / "expected.json").write_text(
        json.dumps(EXPECTED, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    kinds: dict[str, int] = {}
    for item in EXPECTED.values():
        kinds[item["expect"]] = kinds.get(item["expect"], 0) + 1
    print(f"{len(EXPECTED)} files in {CORPUS}: {kinds}")


def build(work: Path, profile: Path) -> None:
    good: dict[str, bytes] = {}

    def keep(folder: str, name: str, data: bytes, how: str) -> None:
        put(folder, name, data, "good", how)
        good[name] = data

    # Text, as Notepad writes it
    for enc in ("utf-8", "utf-8-sig", "gb18030", "utf-16-le-bom", "utf-16-be-bom"):
        for lines in (1, 300):
            keep(DOCS, f"说明报告-{enc}-{lines}行.txt", notepad(enc, lines), f"Notepad CRLF {enc}")

    # LibreOffice conversions
    src = work / "src"
    src.mkdir()
    (src / "情况报告.txt").write_text(TEXT.replace("\n", "\r\n"), encoding="utf-8")
    (src / "台账.csv").write_text("巡查时间,巡查人员,发现问题\r\n2026-01-05,张伟,占道经营\r\n2026-01-19,李娜,垃圾乱放\r\n",
                                  encoding="utf-8")  # fmt: skip
    lo = work / "lo"
    lo.mkdir()
    soffice(profile, lo, "docx:MS Word 2007 XML", src / "情况报告.txt", infilter="Text (encoded):UTF8,CRLF,,")
    soffice(profile, lo, "odt", src / "情况报告.txt", infilter="Text (encoded):UTF8,CRLF,,")
    soffice(profile, lo, "doc:MS Word 97", lo / "情况报告.docx")
    soffice(profile, lo, "pdf:writer_pdf_Export", lo / "情况报告.docx")
    soffice(profile, lo, "rtf", lo / "情况报告.docx")
    soffice(profile, lo, "xlsx:Calc MS Excel 2007 XML", src / "台账.csv", infilter="CSV:44,34,76")
    soffice(profile, lo, "xls:MS Excel 97", src / "台账.csv", infilter="CSV:44,34,76")
    soffice(profile, lo, "ods", src / "台账.csv", infilter="CSV:44,34,76")
    for name in ("情况报告.docx", "情况报告.odt", "情况报告.doc", "情况报告.pdf", "情况报告.rtf"):
        keep(DOCS, f"LO-{name}", (lo / name).read_bytes(), "LibreOffice --convert-to")
    for name in ("台账.xlsx", "台账.xls", "台账.ods"):
        keep(SHEETS, f"LO-{name}", (lo / name).read_bytes(), "LibreOffice --convert-to")
    keep(
        SHEETS,
        "台账-BIFF5.xls",
        biff5((lo / "台账.xls").read_bytes(), [["Date", "Name"], ["2026-01-05", "Zhang"]]),
        "BIFF5 workbook in an OLE2 Book stream (Excel 5.0/95 layout; LibreOffice no longer writes it)",
    )
    keep(SHEETS, "台账-BIFF4.xls", biff4([["Date", "Name"], ["2026-01-05", "Zhang"]]), "bare BIFF4 stream")
    keep(SHEETS, "台账.csv", (src / "台账.csv").read_bytes(), "UTF-8 CSV")
    keep(
        SHEETS,
        "台账-GBK.csv",
        (src / "台账.csv").read_text(encoding="utf-8").encode("gb18030"),
        "GB18030 CSV",
    )

    # Libraries
    keep(DOCS, "python-docx-说明.docx", samplefiles.docx(work / "d.docx", TEXT.splitlines(), title="说明").read_bytes(),
         "python-docx")  # fmt: skip
    keep(DOCS, "reportlab-通知.pdf", samplefiles.pdf(work / "r.pdf", [TEXT]).read_bytes(), "reportlab")
    keep(SHEETS, "openpyxl-台账.xlsx",
         samplefiles.xlsx(work / "x.xlsx", ["巡查时间", "巡查人员"], [["2026-01-05", "张伟"]], title="台账").read_bytes(),
         "openpyxl")  # fmt: skip
    subprocess.run(["qpdf", "--linearize", str(lo / "情况报告.pdf"), str(work / "lin.pdf")], check=True)
    keep(DOCS, "qpdf-linearized.pdf", (work / "lin.pdf").read_bytes(), "qpdf --linearize")
    subprocess.run(["qpdf", "--encrypt", "", "owner", "256", "--print=none", "--", str(lo / "情况报告.pdf"),
                    str(work / "restricted.pdf")], check=True)  # fmt: skip
    keep(
        DOCS,
        "qpdf-仅限制打印-AES256.pdf",
        (work / "restricted.pdf").read_bytes(),
        "qpdf AES-256, empty user password",
    )

    # Pictures
    for seed in range(3):
        keep(
            PICS,
            f"微信图片_2026031210150{seed}.jpg",
            wechat_jpeg(seed),
            "Pillow q80 1080px, no EXIF (WeChat-like)",
        )
        keep(PICS, f"IMG_20260312_10150{seed}.jpg", phone_jpeg(seed + 10, (2000, 1500)), "Pillow with EXIF")
    base = samplefiles._picture((800, 600), 42)
    keep(PICS, "截图.png", encoded(base, "PNG"), "Pillow PNG")
    keep(
        PICS, "动图.png", encoded(base, "PNG", save_all=True, append_images=[base.rotate(180)]), "Pillow APNG"
    )
    keep(
        PICS, "立体.mpo", encoded(base, "MPO", save_all=True, append_images=[base.rotate(180)]), "Pillow MPO"
    )
    keep(PICS, "照片.webp", encoded(base, "WEBP", quality=80), "Pillow WEBP")
    keep(PICS, "动图.gif", encoded(base.convert("P"), "GIF", save_all=True, append_images=[base.rotate(90).convert("P")]),
         "Pillow GIF")  # fmt: skip
    with contextlib.suppress(KeyError, OSError, ValueError):
        keep(PICS, "照片.avif", encoded(base, "AVIF", quality=60), "Pillow AVIF")
    from pillow_heif import register_heif_opener

    register_heif_opener()
    keep(PICS, "IMG_0001.heic", encoded(base, "HEIF", quality=70), "pillow-heif HEIC")

    # --- bad: damaged
    for name in list(good):
        data = good[name]
        folder = DOCS if name.endswith((".txt", ".docx", ".doc", ".pdf", ".odt", ".rtf")) else (
            SHEETS if name.endswith((".xlsx", ".xls", ".ods", ".csv")) else PICS)  # fmt: skip
        stem, _, ext = name.rpartition(".")
        if ext in ("txt", "csv", "rtf", "gif", "mpo"):
            continue  # text has no integrity to check; GIF/MPO cut at half still shows the frames before
        for fraction in (0.1, 0.5, 0.9):
            put(folder, f"截断{int(fraction * 100)}-{stem}.{ext}", truncated(data, fraction), "corrupt",
                f"cut at {fraction:.0%}")  # fmt: skip
        if ext in ("docx", "xlsx", "odt", "ods"):
            with zipfile.ZipFile(io.BytesIO(data)) as zf:
                main = next(
                    n for n in ("word/document.xml", "xl/workbook.xml", "content.xml") if n in zf.namelist()
                )
            put(folder, f"位翻转-{stem}.{ext}", zip_member_flipped(data, main, seed=len(name)), "corrupt",
                f"8 bits flipped in {main} (CRC mismatch)")  # fmt: skip
        elif ext == "png":
            put(
                folder,
                f"位翻转-{stem}.{ext}",
                bit_flipped(data, seed=7),
                "corrupt",
                "24 bits flipped (chunk CRC)",
            )
        elif ext in ("doc", "xls") and "BIFF" not in name:
            put(folder, f"位翻转-{stem}.{ext}", bit_flipped(data, seed=3, start=0.0, end=0.06, count=40), "corrupt",
                "40 bits flipped in the OLE header/FAT")  # fmt: skip

    # docx that python-docx cannot open (the 汇编's reader)
    docx_bytes = good["python-docx-说明.docx"]
    with zipfile.ZipFile(io.BytesIO(docx_bytes)) as zf:
        names = zf.namelist()
    for drop in ("[Content_Types].xml", "_rels/.rels", "word/styles.xml"):
        out = io.BytesIO()
        with zipfile.ZipFile(io.BytesIO(docx_bytes)) as zin, zipfile.ZipFile(out, "w") as zout:
            for n in names:
                if n != drop:
                    zout.writestr(n, zin.read(n))
        put(
            DOCS,
            f"缺部件-{drop.replace('/', '_')}.docx",
            out.getvalue(),
            "corrupt",
            f"OPC part {drop} missing",
        )

    # --- bad: encrypted
    import msoffcrypto
    from msoffcrypto.format.ooxml import OOXMLFile

    for name in (
        "LO-情况报告.docx",
        "python-docx-说明.docx",
        "LO-台账.xlsx",
        "openpyxl-台账.xlsx",
        "LO-情况报告.doc",
    ):
        if name.endswith(".doc"):
            continue  # msoffcrypto-tool encrypts OOXML only; .doc/.xls are encrypted by LibreOffice below
        out = io.BytesIO()
        OOXMLFile(io.BytesIO(good[name])).encrypt("secret", out)
        folder = DOCS if name.endswith("docx") else SHEETS
        put(folder, f"加密-{name}", out.getvalue(), "encrypted", "msoffcrypto-tool OOXML agile encryption")
    assert msoffcrypto  # imported for the encryptor above
    for source, name, filter_name, folder in (
        (lo / "情况报告.docx", "加密-LO-情况报告.doc", "MS Word 97", DOCS),
        (src / "台账.csv", "加密-LO-台账.xls", "MS Excel 97", SHEETS),
    ):
        dest = work / name
        if lo_encrypt(profile, source, dest, filter_name):
            put(
                folder,
                name,
                dest.read_bytes(),
                "encrypted",
                f"LibreOffice Save As {filter_name} with password",
            )
    pdf = lo / "情况报告.pdf"
    subprocess.run(
        ["qpdf", "--encrypt", "secret", "owner", "256", "--", str(pdf), str(work / "aes256.pdf")], check=True
    )
    subprocess.run(["qpdf", "--encrypt", "secret", "owner", "128", "--use-aes=y", "--", str(pdf), str(work / "aes128.pdf")],
                   check=True)  # fmt: skip
    subprocess.run(["qpdf", "--allow-weak-crypto", "--encrypt", "secret", "owner", "128", "--use-aes=n", "--", str(pdf),
                    str(work / "rc4.pdf")], check=True)  # fmt: skip
    for name, how in (
        ("aes256.pdf", "qpdf AES-256"),
        ("aes128.pdf", "qpdf AES-128"),
        ("rc4.pdf", "qpdf RC4-128"),
    ):
        put(DOCS, f"加密-{name}", (work / name).read_bytes(), "encrypted", how)

    # --- bad: dangerous
    put(DOCS, "炸弹-正文300MB.docx", zip_bomb_member(docx_bytes, "word/document.xml", 300), "unsafe",
        "document.xml inflates to 300 MB")  # fmt: skip
    put(SHEETS, "炸弹-工作表300MB.xlsx", zip_bomb_member(good["openpyxl-台账.xlsx"], "xl/worksheets/sheet1.xml", 300),
        "unsafe", "sheet1.xml inflates to 300 MB")  # fmt: skip
    w = b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>'
    put(
        DOCS,
        "实体炸弹-正文.docx",
        entity_bomb(docx_bytes, "word/document.xml", w),
        "unsafe",
        "billion laughs in document.xml",
    )
    put(DOCS, "实体炸弹-样式.docx", entity_bomb(docx_bytes, "word/styles.xml",
        b'<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">&lol9;</w:styles>'),
        "unsafe", "billion laughs in styles.xml")  # fmt: skip
    with zipfile.ZipFile(io.BytesIO(good["openpyxl-台账.xlsx"])) as zf:
        shared = "xl/sharedStrings.xml" if "xl/sharedStrings.xml" in zf.namelist() else "xl/workbook.xml"
    put(SHEETS, "实体炸弹-共享字符串.xlsx", entity_bomb(good["openpyxl-台账.xlsx"], shared,
        b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>&lol9;</t></si></sst>'),
        "unsafe", f"billion laughs in {shared}")  # fmt: skip
    big = Image.new("1", (20000, 20000))
    put(PICS, "解压炸弹-4亿像素.png", encoded(big, "PNG", optimize=True), "unsafe", "PNG declaring 400 MP")
    put(
        PICS, "解压炸弹.gif", encoded(Image.new("P", (16000, 16000)), "GIF"), "unsafe", "GIF declaring 256 MP"
    )
    for label, method, payload, flags in (("加密成员", 0, b"", 1), ("deflate64", 9, b"", 0),
                                          ("坏deflate", 8, b"\xff" * 39, 0), ("坏LZMA", 14, b"\x09\x14\x05\x00" + b"\xff" * 35, 0)):  # fmt: skip
        put(DOCS, f"坏mimetype-{label}.odt", odt_with_mimetype_method(method, payload, flags), "corrupt",
            f"mimetype member {label}")  # fmt: skip
    ole = bytearray(good["LO-情况报告.doc"])
    struct.pack_into("<H", ole, 30, 0xFFFF)
    put(DOCS, "OLE扇区位移异常.doc", bytes(ole), "corrupt", "OLE sector shift 65535")


if __name__ == "__main__":
    main()
