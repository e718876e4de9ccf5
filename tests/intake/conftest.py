"""A realistic pile as it reaches a coordinator: a WeChat download folder, camera names, a nested
新建文件夹, Word files whose title names the item, a zip written the way Windows' built-in zip and old
WinRAR write it (GBK names, UTF-8 flag clear), a file naming two indicators, a copy of a file already
filed, a newer version of a filed file, a temp file. Made with the real libraries (python-docx, openpyxl,
Pillow)."""

from __future__ import annotations

import datetime as dt
import io
import os
import zipfile
from pathlib import Path

import pytest

from testkit.core import Proj

TAKEN = dt.datetime(2026, 3, 5, 9)


class GbkZipInfo(zipfile.ZipInfo):
    """Names stored as GBK bytes with flag bit 11 clear: what Chinese Windows' zip writes."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def gbk_zip(path: Path, members: dict[str, bytes]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            info = GbkZipInfo(name, date_time=(2026, 3, 6, 10, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return path


def file_bytes(maker: object, name: str, *args: object, **kwargs: object) -> bytes:
    """Bytes of a sample file made by `maker` (samplefiles.docx/xlsx/jpeg) in a scratch folder."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        maker(path, *args, **kwargs)  # type: ignore[operator]
        return path.read_bytes()


class Pile:
    """The inbox and what each file in it should become."""

    def __init__(self, proj: Proj, files: object) -> None:
        self.proj = proj
        self.root = proj.root.parent / "收件箱"
        f = files
        inbox = self.root
        # A WeChat download: the name says nothing, no folder either.
        f.jpeg(inbox / "微信图片_20260305093012.jpg", size=(800, 600), seed=41, taken=TAKEN)  # type: ignore[attr-defined]
        # A USB stick: a unit folder and an item folder, camera names inside.
        f.jpeg(inbox / "教育局" / "Ⅱ-3-2 我们的节日" / "IMG_20260305_093012.jpg", size=(800, 600), seed=42,  # type: ignore[attr-defined]
               taken=TAKEN)  # fmt: skip
        f.jpeg(inbox / "教育局" / "Ⅱ-3-2 我们的节日" / "DSC_0001.JPG", size=(800, 600), seed=43, taken=TAKEN)  # type: ignore[attr-defined]
        # Nested 新建文件夹 with a Word file whose title names unit, item and material.
        f.docx(inbox / "新建文件夹 (3)" / "新建文件夹" / "关于活动的文件.docx",  # type: ignore[attr-defined]
               ["为弘扬中华优秀传统文化，结合工作实际，制定本方案。"],
               title="区文明办开展“我们的节日”主题活动方案")  # fmt: skip
        # A ledger whose title row names unit and item.
        f.xlsx(inbox / "新建文件夹 (3)" / "工作表.xlsx", ["巡查时间", "巡查人员"],  # type: ignore[attr-defined]
               [[dt.date(2026, 1, 5), "张伟"]], title="区城管局Ⅲ-12网格化创建巡查台账")  # fmt: skip
        # A file naming two indicators: left for a decision.
        f.docx(inbox / "区文明办 Ⅱ-3-2与Ⅲ-12共用 活动方案.docx", ["两项工作共用的方案。"])  # type: ignore[attr-defined]
        # A copy of a file already filed (same bytes).
        filed = proj.root / "evidence" / "区文明办" / "Ⅱ-3-2 我们的节日" / "活动方案.docx"
        (inbox / "转发：活动方案.docx").write_bytes(filed.read_bytes())
        # A newer version of a filed file, by the same name, from the same unit.
        newer = inbox / "区教育局材料" / "Ⅱ-3-2 我们的节日" / "活动方案.docx"
        f.docx(newer, ["区教育局“我们的节日”活动方案（修改稿）。"])  # type: ignore[attr-defined]
        later = dt.datetime(2030, 1, 1).timestamp()
        os.utime(newer, (later, later))
        # Office's lock file.
        (inbox / "区教育局材料" / "~$活动方案.docx").write_bytes(b"\x00" * 162)
        # A unit's zip from an old Windows machine: GBK names, flag clear; a caption file inside.
        gbk_zip(inbox / "区城管局.zip", {
            "网格化巡查/Ⅲ-12 网格化创建巡查/巡查台账（3月）.xlsx":
                file_bytes(f.xlsx, "t.xlsx", ["巡查时间", "巡查人员"], [[dt.date(2026, 3, 2), "李娜"]]),  # type: ignore[attr-defined]
            "网格化巡查/Ⅲ-12 网格化创建巡查/整改照片/IMG_0007.jpg":
                file_bytes(f.jpeg, "p.jpg", size=(320, 240), seed=44, taken=TAKEN),  # type: ignore[attr-defined]
            "网格化巡查/新建文件夹/P1000123.JPG":
                file_bytes(f.jpeg, "q.jpg", size=(320, 240), seed=45, taken=TAKEN),  # type: ignore[attr-defined]
            "网格化巡查/新建文件夹/图片说明.txt":
                "P1000123.JPG\t2026年3月6日 解放路 Ⅲ-12网格化创建巡查 整改照片\n".encode("gbk"),
        })  # fmt: skip

    def source(self, rel: str) -> str:
        return f"收件箱/{rel}"


@pytest.fixture
def pile(proj: Proj, files: object) -> Pile:
    proj.complete()
    return Pile(proj, files)


def zip_bytes(members: dict[str, bytes], *, flag: int = 0) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in members.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 3, 6, 10, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    data = bytearray(buffer.getvalue())
    if flag:  # zipfile resets the flags it writes: set them in every local and central header
        for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
            at = data.find(signature)
            while at != -1:
                data[at + offset] |= flag
                at = data.find(signature, at + 4)
    return bytes(data)
