"""Archives a unit sends: members checked in place (never extracted under evidence/), bad archives refused."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import os
import time
import zipfile
from pathlib import Path
from typing import Any

import py7zr
import pytest
import samplefiles
from match_project import ITEM, MatchProject, at, entry, requirement

from testkit.core import tree_digest
from wenming_submit.evidence import archives
from wenming_submit.evidence.model import EvidenceFile

ZIP = f"区文明办/{ITEM}/材料.zip"
ZIP_REL = f"evidence/{ZIP}"


class WindowsName(zipfile.ZipInfo):
    """A member name as Windows' own "send to compressed folder" writes it: GBK bytes, bit 11 clear."""

    def _encodeFilenameFlags(self) -> tuple[bytes, int]:
        return self.filename.encode("gbk"), self.flag_bits & ~0x800


def _photo_bytes(taken: dt.datetime, seed: int, tmp: Path) -> bytes:
    return samplefiles.jpeg(tmp / f"p{seed}.jpg", size=(1024, 768), seed=seed, taken=taken).read_bytes()


def _docx_bytes(tmp: Path, *paragraphs: str) -> bytes:
    return samplefiles.docx(tmp / "d.docx", list(paragraphs)).read_bytes()


def _good_zip(mproj: MatchProject, tmp: Path) -> Path:
    path = mproj.path(ZIP)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(WindowsName("实景图片/"), b"")
        for n, name in enumerate(
            ("2026年3月5日 幸福社区 元宵节活动.jpg", "2026年3月6日 人民广场 元宵节游园.jpg")
        ):
            zf.writestr(
                WindowsName(f"实景图片/{name}"), _photo_bytes(dt.datetime(2026, 3, 5 + n, 9), n + 1, tmp)
            )
        zf.writestr(
            WindowsName("活动方案.docx"), _docx_bytes(tmp, "区文明办元宵节活动方案", "活动安排如下。")
        )
        zf.writestr(WindowsName("__MACOSX/._活动方案.docx"), b"\x00\x05\x16\x07")
    return path


def test_a_good_zip_with_windows_gbk_names_counts_its_members_in_place(
    mproj: MatchProject, tmp_path: Path
) -> None:
    path = _good_zip(mproj, tmp_path)
    with zipfile.ZipFile(path) as zf:  # really written the Windows way
        assert all(not i.flag_bits & 0x800 for i in zf.infolist())
        assert not zf.namelist()[1].startswith("实景图片")  # zipfile alone reads the GBK bytes as cp437
    before = tree_digest(mproj.evidence)
    result = mproj.check()
    assert tree_digest(mproj.evidence) == before
    photos = requirement(result, "区文明办", "实景图片")
    assert photos.status.value == "complete" and photos.found == 2
    assert photos.files == (f"{ZIP_REL}!/实景图片/2026年3月5日 幸福社区 元宵节活动.jpg",
                            f"{ZIP_REL}!/实景图片/2026年3月6日 人民广场 元宵节游园.jpg")  # fmt: skip
    assert requirement(result, "区文明办", "活动方案").files == (f"{ZIP_REL}!/活动方案.docx",)
    member = entry(result, "!/实景图片/2026年3月5日 幸福社区 元宵节活动.jpg")
    assert (member["archive"], member["date"], member["date_source"]) == (ZIP_REL, "2026-03-05", "exif")
    assert member["assigned_by"] == "folder"
    assert [f.code for f in at(result, "材料.zip")] == ["WM158"]  # the archive itself: noted, not a material
    assert not [f for f in result.findings if "__MACOSX" in (f.path or "")]
    assert not [f for f in result.findings if f.severity.value == "error" and f.path]
    # Cached by archive + member name: a second check reads nothing again and finds the same.
    again = mproj.check()
    assert requirement(again, "区文明办", "实景图片").files == photos.files


def test_open_member_gives_the_bytes_even_after_the_temporary_copy_is_gone(
    mproj: MatchProject, tmp_path: Path
) -> None:
    _good_zip(mproj, tmp_path)
    result = mproj.check()
    file = next(f for f in result.files if f.rel.endswith("!/活动方案.docx"))
    assert (
        isinstance(file, EvidenceFile)
        and file.archive_path == mproj.path(ZIP)
        and file.member == "活动方案.docx"
    )
    assert not file.path.is_relative_to(mproj.evidence)
    data = archives.member_bytes(file)
    file.path.unlink()
    assert archives.member_bytes(file) == data and data.startswith(b"PK")
    plain = next(f for f in result.files if f.rel == ZIP_REL)
    assert archives.open_member(plain) == plain.path


def _bomb_zip(mb: int = 64) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("zeros.jpg", b"\0" * (mb * 2**20))
    return buf.getvalue()


def test_a_zip_bomb_inside_a_zip_is_refused(mproj: MatchProject, tmp_path: Path) -> None:
    with zipfile.ZipFile(mproj.path(ZIP), "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("实景图片/bomb.zip", _bomb_zip())
        zf.writestr(
            "实景图片/2026年3月5日 幸福社区 元宵节活动.jpg",
            _photo_bytes(dt.datetime(2026, 3, 5), 1, tmp_path),
        )
    mproj.path(f"区卫健委/{ITEM}/实景图片.zip").write_bytes(_bomb_zip())
    before = tree_digest(mproj.evidence)
    result = mproj.check()
    assert tree_digest(mproj.evidence) == before
    (inner,) = at(result, "材料.zip!/实景图片/bomb.zip")
    assert (inner.code, inner.kind, inner.severity.value) == ("WM155", "unsafe", "error")
    assert "压缩比" in inner.message and "请解压后按指标放入文件夹" in inner.hint
    (outer,) = at(result, "区卫健委/Ⅱ-3-2 我们的节日/实景图片.zip")
    assert outer.code == "WM155"
    assert requirement(result, "区文明办", "实景图片").found == 1  # the good photo beside the bomb counts
    assert requirement(result, "区卫健委", "实景图片").found == 0
    assert not list(archives.member_root().rglob("zeros.jpg"))  # never inflated
    assert not list((mproj.root / "output").rglob("zeros.jpg"))


def test_zip_slip_names_are_refused(mproj: MatchProject, tmp_path: Path) -> None:
    for n, evil in enumerate(
        ("../../逃逸.txt", "/tmp/绝对.txt", "C:\\Windows\\盘符.txt", "实景图片\\..\\..\\x.txt")
    ):
        with zipfile.ZipFile(mproj.path(f"区文明办/{ITEM}/包{n}.zip"), "w") as zf:
            zf.writestr("活动方案.docx", _docx_bytes(tmp_path, "方案"))
            zf.writestr(evil, "x")
    before = tree_digest(mproj.evidence)
    result = mproj.check()
    assert tree_digest(mproj.evidence) == before
    assert {p.name for p in mproj.root.iterdir()} == {"evidence", "indicators", "output", "wenming.toml"}
    refused = [f for f in result.findings if f.code == "WM154"]
    assert len(refused) == 4 and all(f.kind == "unsafe" for f in refused)
    assert requirement(result, "区文明办", "活动方案").found == 0  # nothing of a refused archive counts
    assert not (tmp_path / "逃逸.txt").exists() and not Path("/tmp/绝对.txt").exists()


def test_a_7z_archive_is_read(mproj: MatchProject, tmp_path: Path) -> None:
    photo = samplefiles.jpeg(tmp_path / "a.jpg", size=(1024, 768), seed=4, taken=dt.datetime(2026, 4, 1, 9))
    report = samplefiles.docx(tmp_path / "r.docx", ["区卫健委我们的节日工作总结", "全年开展活动十次。"])
    with py7zr.SevenZipFile(mproj.path(f"区卫健委/{ITEM}/上报材料.7z"), "w") as szf:
        szf.write(photo, "实景图片/2026年4月1日 卫生院 健康义诊活动.jpg")
        szf.write(report, "工作总结.docx")
    with py7zr.SevenZipFile(mproj.path(f"区文明办/{ITEM}/加密.7z"), "w", password="123456") as szf:
        szf.write(report, "说明报告.docx")
    result = mproj.check()
    photos = requirement(result, "区卫健委", "实景图片")
    assert photos.files == (
        f"evidence/区卫健委/{ITEM}/上报材料.7z!/实景图片/2026年4月1日 卫生院 健康义诊活动.jpg",
    )
    assert requirement(result, "区卫健委", "说明报告").found == 1
    (locked,) = at(result, "加密.7z")
    assert (locked.code, locked.kind) == ("WM156", "encrypted")
    assert locked.hint.startswith("压缩包，请解压后按指标放入文件夹")


def test_a_damaged_zip_is_a_finding(mproj: MatchProject, tmp_path: Path) -> None:
    good = _good_zip(mproj, tmp_path)
    data = bytearray(good.read_bytes())
    good.unlink()
    start = data.index(b"\xff\xd8")  # inside the first photo's compressed bytes
    data[start + 200 : start + 400] = bytes(200)
    mproj.path(f"区文明办/{ITEM}/损坏.zip").write_bytes(bytes(data))
    mproj.path(f"区文明办/{ITEM}/截断.zip").write_bytes(bytes(data[: len(data) // 2]))
    result = mproj.check()
    assert {f.code for f in at(result, "损坏.zip")} == {"WM157"}
    assert {f.code for f in at(result, "截断.zip")} == {"WM157"}
    assert requirement(result, "区文明办", "实景图片").found == 0


def test_the_cache_keeps_members_of_different_archives_apart(mproj: MatchProject, tmp_path: Path) -> None:
    from wenming_submit.check.run import run_check
    from wenming_submit.evidence.inspect.stage import InspectStats
    from wenming_submit.project import open_project

    good = _docx_bytes(tmp_path, "区文明办元宵节活动方案", "活动安排如下。")
    blank = samplefiles.docx(tmp_path / "blank.docx", []).read_bytes()
    for name, data in (("甲.zip", good), ("乙.zip", blank)):
        with zipfile.ZipFile(mproj.path(f"区文明办/{ITEM}/{name}"), "w") as zf:
            zf.writestr("活动方案.docx", data)
    for run in range(2):
        stats = InspectStats()
        result = run_check(open_project(mproj.root), stats=stats)
        assert (stats.cached, stats.inspected) == ((2, 0) if run else (0, 2))
        assert not [f for f in at(result, "甲.zip!/活动方案.docx") if f.severity.value == "error"]
        assert "WM203" in {f.code for f in at(result, "乙.zip!/活动方案.docx")}  # empty content


def test_a_rar_archive_is_read(mproj: MatchProject, tmp_path: Path) -> None:
    from rar4 import rar4

    photos = [(f"实景图片/2026年3月{5 + n}日 幸福社区 元宵节活动.jpg",
               _photo_bytes(dt.datetime(2026, 3, 5 + n, 9), n + 1, tmp_path)) for n in range(2)]  # fmt: skip
    mproj.path(f"区卫健委/{ITEM}/照片.rar").write_bytes(rar4(photos))
    mproj.path(f"区文明办/{ITEM}/加密.rar").write_bytes(rar4(photos, encrypted=True))
    result = mproj.check()
    found = requirement(result, "区卫健委", "实景图片")
    assert found.status.value == "complete"
    assert (
        found.files[0] == f"evidence/区卫健委/{ITEM}/照片.rar!/实景图片/2026年3月5日 幸福社区 元宵节活动.jpg"
    )
    assert [f.code for f in at(result, "加密.rar")] == ["WM156"]


def _kept(mproj: MatchProject) -> Path:
    return mproj.root / "output" / ".cache" / "members"


def _json(result: Any) -> dict[str, Any]:
    data: dict[str, Any] = result.to_json()
    return {key: data[key] for key in ("summary", "requirements", "findings", "files")}


def test_a_recheck_does_not_extract_an_unchanged_archive_again(
    mproj: MatchProject, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Members are kept in output/.cache/members/ between runs: a re-check reads the archive's directory
    only. A kept copy that went missing, or a changed archive, is extracted again; the folder of an
    archive version no run opens any more is removed once it is stale."""
    path = _good_zip(mproj, tmp_path)
    first = mproj.check()
    assert len(list(_kept(mproj).rglob("*.jpg"))) == 2
    written: list[Path] = []
    real = archives.copy_capped

    def spy(src: Any, dest: Path, limit: int) -> None:
        written.append(dest)
        real(src, dest, limit)

    monkeypatch.setattr(archives, "copy_capped", spy)
    before = tree_digest(mproj.evidence)
    again = mproj.check()
    assert written == [] and _json(again) == _json(first)

    next(_kept(mproj).rglob("*.docx")).unlink()
    third = mproj.check()
    assert len(written) == 3 and _json(third) == _json(first)  # the whole archive, once
    assert tree_digest(mproj.evidence) == before

    old = set(_kept(mproj).iterdir())
    with zipfile.ZipFile(path, "w") as zf:  # the unit sends a new version with one photo
        zf.writestr(WindowsName("实景图片/2026年3月5日 幸福社区 元宵节活动.jpg"),
                    _photo_bytes(dt.datetime(2026, 3, 5, 9), 1, tmp_path))  # fmt: skip
    mproj.check()
    assert old <= set(_kept(mproj).iterdir())  # a check on the old version may still be reading it
    stale = time.time() - 2 * archives.MemberStore.STALE_SECONDS
    for folder in old:
        os.utime(folder, (stale, stale))
    fifth = mproj.check()
    assert not old & set(_kept(mproj).iterdir())
    assert requirement(fifth, "区文明办", "实景图片").found == 1


def test_members_are_extracted_to_a_temporary_folder_without_the_cache(mproj: MatchProject, tmp_path: Path) -> None:
    from wenming_submit.check.run import run_check
    from wenming_submit.project import open_project

    _good_zip(mproj, tmp_path)
    result = run_check(dataclasses.replace(open_project(mproj.root), use_cache=False))
    file = next(f for f in result.files if f.rel.endswith("!/活动方案.docx"))
    assert isinstance(file, EvidenceFile) and file.path.is_relative_to(archives.member_root())
    assert not _kept(mproj).exists()


def test_two_checks_extracting_a_new_archive_at_once_share_the_first_copy(tmp_path: Path) -> None:
    """The check that finishes extracting second uses the copy the first put in place, and never removes
    or replaces it: the first check's inspectors are reading those files (before, it was deleted and
    written again, and about one pair of checks in three reported members as missing)."""
    path = tmp_path / "材料.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("活动方案.docx", _docx_bytes(tmp_path, "方案", "内容"))
        zf.writestr("实景图片/2026年3月5日 幸福社区 元宵节活动.jpg", _photo_bytes(dt.datetime(2026, 3, 5), 1, tmp_path))
    folder = tmp_path / "members"
    real = archives._OPENERS["zip"]
    first: list[archives.Opened] = []
    theirs_inodes: list[int] = []

    def racing(archive: Path, target: Path | None) -> archives.Opened:
        if target is not None and not first:  # the other check finishes while this one extracts
            first.append(archives.MemberStore(folder).open(archive, real))
            theirs_inodes.extend(t.stat().st_ino for _, t in first[0].members)
        return real(archive, target)

    opened = archives.MemberStore(folder).open(path, racing)
    (theirs,) = first
    assert [t for _, t in opened.members] == [t for _, t in theirs.members]
    assert [target.stat().st_ino for _, target in opened.members] == theirs_inodes
    assert sorted(p.name for p in folder.iterdir()) == [theirs.members[0][1].parent.parent.name]
